/*
 * Test-only stand-in for bcryptprimitives.dll, which Rust's standard library
 * imports on Windows (ProcessPrng, for HashMap keys) and which Debian's
 * Wine 8 does not have. It answers ProcessPrng with advapi32's
 * SystemFunction036 (RtlGenRandom). Built by .ci/run with mingw into
 * target/, copied into the throw-away Wine prefix of the tests; never part
 * of a release archive.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
