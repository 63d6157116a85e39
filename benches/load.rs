//! Load on the participants' server: the real `loopshop serve` (release
//! build) in a child process, on loopback, with 2,000 devices.
//!
//! 1. 2,000 devices join.
//! 2. 2,000 event streams open and stay open, and two boards watch the
//!    room (each "refresh" event fetches the board's content, as the page
//!    does).
//! 3. Open loop: every device rates its 45 cells (9 stages x 5 dimensions)
//!    at random intervals averaging 0.4 s: about 5,000 ratings a second for
//!    18 s, 90,000 in all. Latency is measured from the moment a rating was
//!    due (not when it could be sent), so a slow server cannot hide. About
//!    one request in ten is a comment saved on its own (`PUT
//!    /api/comments` on a cell just rated), as phones send them when a
//!    comment is typed after the tap; their latency counts with the rest.
//! 4. Every rating is then read back from the session file, exactly once.
//! 5. Closed loop: 2,000 requests in flight for 5 s: the most ratings a
//!    second the server acknowledges durably.
//!
//! Beside it all, from the start of the open loop to the end of the closed
//! one, 1,000 silent connections are held open from source addresses
//! 127.0.0.2-127.0.0.250, each opened again as soon as the server closes it
//! (its header timeout, 5 s), as a guest flooding the room's network would
//! (`-- --silent N` holds N; 0 for none).
//!
//! `cargo bench --bench load` (`-- --quick` for 200 devices). Bounded in
//! count and time; loopback only.

use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use loopshop::domain::{Session, default_template};
use loopshop::store::Store;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A keep-alive HTTP/1.1 connection.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    async fn open(host: &str) -> std::io::Result<Self> {
        let stream = TcpStream::connect(host).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buf: Vec::with_capacity(1024),
        })
    }

    /// Sends one request and reads its answer: (status, body).
    async fn call(
        &mut self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: &str,
    ) -> std::io::Result<(u16, String)> {
        let auth = token.map_or_else(String::new, |t| format!("Authorization: Bearer {t}\r\n"));
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: x\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.stream.write_all(req.as_bytes()).await?;
        self.buf.clear();
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = find(&self.buf, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buf[..end]).into_owned();
                let status = head
                    .split(' ')
                    .nth(1)
                    .and_then(|s| s.parse().ok())
                    .unwrap_or(0);
                let len: usize = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                while self.buf.len() < end + 4 + len {
                    let n = self.stream.read(&mut chunk).await?;
                    if n == 0 {
                        return Err(std::io::ErrorKind::UnexpectedEof.into());
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                }
                let body = String::from_utf8_lossy(&self.buf[end + 4..end + 4 + len]).into_owned();
                return Ok((status, body));
            }
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.buf.extend_from_slice(&chunk[..n]);
        }
    }
}

/// A keep-alive connection per device, opened 64 at a time, each having
/// loaded its device's state (`GET /api/state`) as a phone's page does
/// before its first rating.
async fn open_all(host: &str, tokens: &[String]) -> Vec<Conn> {
    let mut conns = Vec::with_capacity(tokens.len());
    for batch in tokens.chunks(64) {
        let batch: Vec<_> = batch
            .iter()
            .map(|token| {
                let (host, token) = (host.to_owned(), token.clone());
                tokio::spawn(async move {
                    let mut c = Conn::open(&host).await.expect("connect");
                    let (status, body) = c
                        .call("GET", "/api/state", Some(&token), "")
                        .await
                        .expect("state");
                    assert_eq!(status, 200, "{body}");
                    c
                })
            })
            .collect();
        for c in batch {
            conns.push(c.await.expect("connect task"));
        }
    }
    conns
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    /// Device `i`'s generator. The seed is mixed (splitmix64) first: seeds
    /// that differ only in their low bits gave every device the same first
    /// interval, so all 2,000 first ratings were due in the same
    /// microsecond, a burst no room of people makes.
    fn for_device(i: usize) -> Self {
        let mut z = (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Self((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Exponentially distributed, mean `mean` seconds (a Poisson process).
    fn interval(&mut self, mean: f64) -> Duration {
        let u = ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
        Duration::from_secs_f64(-u.ln() * mean)
    }
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

/// CPU seconds the process has used (user + system).
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 here.
    (ticks(11) + ticks(12)) / 100.0
}

/// One acknowledged rating of the open loop, in µs.
#[derive(Clone, Copy)]
struct Sample {
    /// When it was due, since the open loop started.
    due: u64,
    /// From due to durable acknowledgement (the latency that counts).
    waited: u64,
    /// From due to the moment the load generator began to send it: the
    /// generator's own lateness, part of `waited`.
    late: u64,
}

fn micros(d: Duration) -> u64 {
    u64::try_from(d.as_micros()).unwrap_or(u64::MAX)
}

/// Where the latency goes: the generator's lateness, the rest (network,
/// server, disk), and the tail second by second.
fn report_phases(samples: &[Sample], secs: f64) {
    let pct = |mut v: Vec<u64>| {
        v.sort_unstable();
        format!(
            "p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            percentile(&v, 0.5),
            percentile(&v, 0.99),
            percentile(&v, 1.0)
        )
    };
    println!(
        "  due to sent (the load generator late): {}",
        pct(samples.iter().map(|s| s.late).collect())
    );
    println!(
        "  sent to acknowledged (server, disk, network): {}",
        pct(samples.iter().map(|s| s.waited - s.late).collect())
    );
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let windows = secs.ceil() as usize / 2 + 1;
    let mut by_window = vec![Vec::new(); windows];
    for s in samples {
        let w = usize::try_from(s.due / 2_000_000)
            .unwrap_or(0)
            .min(windows - 1);
        by_window[w].push(s.waited);
    }
    let line: Vec<String> = by_window
        .into_iter()
        .filter(|v| !v.is_empty())
        .map(|mut v| {
            v.sort_unstable();
            format!("{:.0}", percentile(&v, 0.99))
        })
        .collect();
    println!("  p99 every 2 s of the open loop (ms): {}", line.join(" "));
    let mut first = vec![(Vec::new(), Vec::new()); 12];
    for s in samples {
        if let Some(w) = first.get_mut(usize::try_from(s.due / 250_000).unwrap_or(usize::MAX)) {
            w.0.push(s.waited);
            w.1.push(s.late);
        }
    }
    let line: Vec<String> = first
        .into_iter()
        .map(|(mut v, mut late)| {
            v.sort_unstable();
            late.sort_unstable();
            format!("{:.0}/{:.0}", percentile(&v, 0.99), percentile(&late, 0.99))
        })
        .collect();
    println!(
        "  p99 every 0.25 s of the first 3 s, all/the generator late (ms): {}",
        line.join(" ")
    );
}

/// CPU seconds the whole machine has been busy (all cores, from
/// `/proc/stat`: everything but idle and I/O wait).
fn machine_busy_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
    let ticks: Vec<f64> = stat
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    let all: f64 = ticks.iter().take(8).sum();
    let idle = ticks.get(3).copied().unwrap_or(0.0) + ticks.get(4).copied().unwrap_or(0.0);
    (all - idle) / 100.0
}

/// CPU seconds this process (the load generator) has used.
fn own_cpu_seconds() -> f64 {
    cpu_seconds(std::process::id())
}

/// CPU seconds of each of the server's threads, summed by thread name.
fn thread_cpu(pid: u32) -> std::collections::BTreeMap<String, f64> {
    let mut out = std::collections::BTreeMap::new();
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return out;
    };
    for task in tasks.flatten() {
        let stat = std::fs::read_to_string(task.path().join("stat")).unwrap_or_default();
        let name = stat
            .split_once('(')
            .and_then(|(_, r)| r.rsplit_once(')'))
            .map_or("?", |(n, _)| n)
            .to_owned();
        let rest = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<f64> = rest
            .split_whitespace()
            .map(|v| v.parse().unwrap_or(0.0))
            .collect();
        let cpu = (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0;
        *out.entry(name).or_insert(0.0) += cpu;
    }
    out
}

fn peak_rss_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb = |key: &str| -> f64 {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}

/// Board clients watching the room during the load.
const BOARDS: usize = 2;

/// Silent connections held open (`--silent N`; 1,000 by default).
fn silent_count() -> usize {
    std::env::args()
        .skip_while(|a| a != "--silent")
        .nth(1)
        .map_or(1_000, |n| n.parse().expect("--silent N"))
}

/// What the silent holders did: connections open now, and opened in all.
#[derive(Default)]
struct SilentCounts {
    open: AtomicU64,
    opened: AtomicU64,
}

/// Holds `n` silent connections to `host` open until `stop`, from source
/// addresses 127.0.0.2-127.0.0.250: each sends nothing, waits for the
/// server to close it, and is opened again.
fn hold_silent(
    n: usize,
    host: &str,
    stop: &Arc<AtomicBool>,
    counts: &Arc<SilentCounts>,
) -> Vec<tokio::task::JoinHandle<()>> {
    let server: SocketAddr = host.parse().expect("host:port");
    (0..n)
        .map(|i| {
            let source = Ipv4Addr::new(127, 0, 0, 2 + u8::try_from(i % 249).expect("< 249"));
            let (stop, counts) = (Arc::clone(stop), Arc::clone(counts));
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    let Ok(socket) = tokio::net::TcpSocket::new_v4() else {
                        return;
                    };
                    if socket.bind(SocketAddrV4::new(source, 0).into()).is_err() {
                        return;
                    }
                    let Ok(mut s) = socket.connect(server).await else {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    };
                    counts.opened.fetch_add(1, Ordering::Relaxed);
                    counts.open.fetch_add(1, Ordering::Relaxed);
                    let mut buf = [0u8; 64];
                    // Until the server closes it, or the bench ends.
                    loop {
                        tokio::select! {
                            read = s.read(&mut buf) => if !matches!(read, Ok(n) if n > 0) { break },
                            () = tokio::time::sleep(Duration::from_millis(500)) => {
                                if stop.load(Ordering::Relaxed) { break }
                            }
                        }
                    }
                    counts.open.fetch_sub(1, Ordering::Relaxed);
                }
            })
        })
        .collect()
}

#[expect(
    clippy::too_many_lines,
    reason = "the bench's phases in order, each commented"
)]
fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // `--open-loop-only`: skip the closed loop (for profiling the open one).
    let closed_loop = !std::env::args().any(|a| a == "--open-loop-only");
    let devices: usize = if quick { 200 } else { 2000 };
    let silent = silent_count();
    // 2,000 streams, 2,000 rating connections, the silent ones: more than
    // a usual soft limit of 1,024 open files.
    #[cfg(unix)]
    {
        let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(0);
        println!("load generator's open files limit: {files}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let at = chrono::Utc::now();
    let path = Store::new(dir.path())
        .create(&Session::new("Load", "", default_template(), at))
        .expect("create");
    // LOOPSHOP_LOAD_SERVER runs another build of the server (a copy kept
    // aside while the shared target directory is rebuilt).
    let server = std::env::var_os("LOOPSHOP_LOAD_SERVER")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_loopshop").into());
    let mut child = Command::new(server)
        .args([
            "serve",
            path.to_str().expect("utf8"),
            "--port",
            "0",
            "--open",
            "all",
            // Its own limits: every device joins under a new name.
            "--roster",
            "open",
            "--max-participants",
            "2000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("serve");
    let pid = child.id();
    // The load generator yields to the server it measures: it runs at a
    // lower priority (nice 10; the server keeps the default), set before
    // any of its threads start so that they all inherit it.
    // `--same-priority` leaves it at the server's.
    if !std::env::args().any(|a| a == "--same-priority") {
        let niced = Command::new("renice")
            .args(["-n", "10", "-p", &std::process::id().to_string()])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        println!(
            "load generator at nice 10: {}",
            if niced { "yes" } else { "no (renice failed)" }
        );
    }
    let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
    let mut first = String::new();
    std::io::BufRead::read_line(&mut out, &mut first).expect("join line");
    let mut second = String::new();
    std::io::BufRead::read_line(&mut out, &mut second).expect("board line");
    // `board http://HOST:PORT/board?key=KEY`
    let board_key = second
        .trim()
        .rsplit_once("key=")
        .map(|(_, k)| k.to_owned())
        .expect("board key");
    // Keep reading the log so the server never blocks on a full pipe.
    std::thread::spawn(move || {
        let mut sink = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out, &mut sink);
    });
    let words: Vec<&str> = first.split_whitespace().collect();
    let host = words[1]
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let code = words[3].to_owned();
    // Every cell of the default template: 9 stages x 5 dimensions.
    let template = default_template();
    let stages: Arc<Vec<String>> = Arc::new(template.stages.iter().map(|s| s.id.clone()).collect());
    let dimensions: Arc<Vec<String>> =
        Arc::new(template.dimensions.iter().map(|d| d.id.clone()).collect());
    let cells = stages.len() * dimensions.len();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async move {
        // 1. Joins, 64 at a time.
        let started = Instant::now();
        let mut tokens = Vec::with_capacity(devices);
        for batch in (0..devices).collect::<Vec<_>>().chunks(64) {
            let mut joins = Vec::new();
            for &i in batch {
                let (host, code) = (host.clone(), code.clone());
                joins.push(tokio::spawn(async move {
                    let mut c = Conn::open(&host).await.expect("connect");
                    // "Device 0002" is one letter from "Device 0001": each
                    // says it is new rather than be asked "Are you ...?".
                    let body =
                        format!(r#"{{"code":"{code}","alias":"Device {i:04}","new":true}}"#);
                    let (status, body) = c
                        .call("POST", "/api/join", None, &body)
                        .await
                        .expect("join");
                    assert_eq!(status, 200, "{body}");
                    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
                    v["token"].as_str().expect("token").to_owned()
                }));
            }
            for j in joins {
                tokens.push(j.await.expect("join task"));
            }
        }
        println!(
            "{devices} devices joined in {:.1} s",
            started.elapsed().as_secs_f64()
        );

        // 2. Event streams, open for the rest of the run.
        let mut streams = Vec::new();
        for token in &tokens {
            let (host, token) = (host.clone(), token.clone());
            streams.push(tokio::spawn(async move {
                let Ok(mut s) = TcpStream::connect(&host).await else {
                    return;
                };
                let req = format!(
                    "GET /api/events HTTP/1.1\r\nHost: x\r\nCookie: loopshop_token={token}\r\n\r\n"
                );
                if s.write_all(req.as_bytes()).await.is_err() {
                    return;
                }
                let mut buf = [0u8; 1024];
                while matches!(s.read(&mut buf).await, Ok(n) if n > 0) {}
            }));
        }
        // Two boards (the projector and the facilitator's second screen), as
        // the board page does: on each "refresh" event, fetch the content.
        let board_updates = Arc::new(AtomicU64::new(0));
        let board_worst = Arc::new(AtomicU64::new(0));
        for _ in 0..BOARDS {
            let (host, key) = (host.clone(), board_key.clone());
            let (updates, worst) = (board_updates.clone(), board_worst.clone());
            streams.push(tokio::spawn(async move {
                let Ok(mut s) = TcpStream::connect(&host).await else {
                    return;
                };
                let req = format!("GET /board/events?key={key} HTTP/1.1\r\nHost: x\r\n\r\n");
                if s.write_all(req.as_bytes()).await.is_err() {
                    return;
                }
                let Ok(mut fetcher) = Conn::open(&host).await else {
                    return;
                };
                let mut buf = [0u8; 4096];
                while let Ok(n) = s.read(&mut buf).await {
                    if n == 0 {
                        return;
                    }
                    if find(&buf[..n], b"event: refresh").is_none() {
                        continue;
                    }
                    let asked = Instant::now();
                    let path = format!("/board?part=content&key={key}");
                    if !matches!(fetcher.call("GET", &path, None, "").await, Ok((200, _))) {
                        return;
                    }
                    updates.fetch_add(1, Ordering::Relaxed);
                    worst.fetch_max(micros(asked.elapsed()), Ordering::Relaxed);
                }
            }));
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
        let (rss, _) = peak_rss_mb(pid);
        println!(
            "{} event streams open ({BOARDS} of them boards): server RSS {rss:.1} MB",
            streams.len()
        );

        // Silent connections, held from here to the end.
        let silent_stop = Arc::new(AtomicBool::new(false));
        let silent_counts = Arc::new(SilentCounts::default());
        let holders = hold_silent(silent, &host, &silent_stop, &silent_counts);
        let fewest_silent = Arc::new(AtomicU64::new(u64::MAX));
        let silent_sampler = {
            let (stop, counts, fewest) = (
                Arc::clone(&silent_stop),
                Arc::clone(&silent_counts),
                Arc::clone(&fewest_silent),
            );
            tokio::spawn(async move {
                // Once they are all open, the fewest open at any moment.
                tokio::time::sleep(Duration::from_secs(2)).await;
                while !stop.load(Ordering::Relaxed) {
                    fewest.fetch_min(counts.open.load(Ordering::Relaxed), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            })
        };
        tokio::time::sleep(Duration::from_secs(1)).await;
        println!(
            "silent connections: {} of {silent} open",
            silent_counts.open.load(Ordering::Relaxed)
        );

        // 3. Open loop: 45 ratings per device at 0.4 s mean intervals.
        // Each device's connection is open, its page loaded, before the
        // clock starts, as a phone's is: the open loop measures ratings, not
        // 2,000 simultaneous connects.
        let conns = open_all(&host, &tokens).await;
        let cpu_before = cpu_seconds(pid);
        // The server's memory through the run: a step for connections, a
        // slope for what each rating keeps.
        let sampler = tokio::spawn(async move {
            let mut samples = Vec::new();
            for _ in 0..10 {
                tokio::time::sleep(Duration::from_secs(3)).await;
                samples.push(format!("{:.0}", peak_rss_mb(pid).0));
            }
            samples
        });
        // (due, in µs since the start; due to acknowledgement; due to sent), µs.
        let latencies = Arc::new(std::sync::Mutex::new(Vec::<Sample>::with_capacity(
            devices * cells,
        )));
        let client_cpu_before = own_cpu_seconds();
        let machine_before = machine_busy_seconds();
        let threads_before = thread_cpu(pid);
        let refused = Arc::new(AtomicU64::new(0));
        let comments = Arc::new(AtomicU64::new(0));
        // The clock starts once every device's task is spawned and waiting.
        let started = Instant::now() + Duration::from_millis(500);
        let mut tasks = Vec::new();
        for ((i, token), mut c) in tokens.iter().enumerate().zip(conns) {
            let token = token.clone();
            let (latencies, refused, comments) =
                (latencies.clone(), refused.clone(), comments.clone());
            let (stages, dimensions) = (stages.clone(), dimensions.clone());
            tasks.push(tokio::spawn(async move {
                let mut rng = Rng::for_device(i);
                let mut due = started + rng.interval(0.4);
                let mut mine = Vec::with_capacity(cells);
                for stage in stages.iter() {
                    for dim in dimensions.iter() {
                        tokio::time::sleep_until(due.into()).await;
                        let late = micros(due.elapsed());
                        let value = 1 + (rng.next() % 5);
                        let body =
                            format!(r#"{{"stage":"{stage}","dimension":"{dim}","value":{value}}}"#);
                        let (status, _) = c
                            .call("PUT", "/api/ratings", Some(&token), &body)
                            .await
                            .expect("rate");
                        let waited = micros(due.elapsed());
                        if status == 200 {
                            mine.push(Sample {
                                due: micros(due.saturating_duration_since(started)),
                                waited,
                                late,
                            });
                        } else {
                            refused.fetch_add(1, Ordering::Relaxed);
                        }
                        due += rng.interval(0.4);
                        // One cell in nine gets a comment after its tap:
                        // a tenth of all requests.
                        if rng.next().is_multiple_of(9) {
                            tokio::time::sleep_until(due.into()).await;
                            let late = micros(due.elapsed());
                            let body = format!(
                                r#"{{"stage":"{stage}","dimension":"{dim}","comment":"seen at device {i}"}}"#
                            );
                            let (status, _) = c
                                .call("PUT", "/api/comments", Some(&token), &body)
                                .await
                                .expect("comment");
                            if status == 200 {
                                comments.fetch_add(1, Ordering::Relaxed);
                                mine.push(Sample {
                                    due: micros(due.saturating_duration_since(started)),
                                    waited: micros(due.elapsed()),
                                    late,
                                });
                            } else {
                                refused.fetch_add(1, Ordering::Relaxed);
                            }
                            due += rng.interval(0.4);
                        }
                    }
                }
                if let Ok(mut l) = latencies.lock() {
                    l.extend(mine);
                }
            }));
        }
        for t in tasks {
            t.await.expect("device");
        }
        let secs = started.elapsed().as_secs_f64();
        let samples = latencies.lock().expect("latencies").clone();
        let mut l: Vec<u64> = samples.iter().map(|s| s.waited).collect();
        l.sort_unstable();
        let rate = l.len() as f64 / secs;
        println!(
            "open loop: {} requests acknowledged ({} of them comments) in {secs:.1} s ({rate:.0}/s), {} refused; \
             latency from due to durable acknowledgement p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            l.len(),
            comments.load(Ordering::Relaxed),
            refused.load(Ordering::Relaxed),
            percentile(&l, 0.5),
            percentile(&l, 0.99),
            percentile(&l, 1.0)
        );
        println!(
            "server CPU during the open loop: {:.1} s of {secs:.1} s on 2 cores",
            cpu_seconds(pid) - cpu_before
        );
        report_phases(&samples, secs);
        let board_ms = board_worst.load(Ordering::Relaxed) as f64 / 1000.0;
        println!(
            "boards: {} content fetches after refresh events, the slowest {board_ms:.1} ms",
            board_updates.load(Ordering::Relaxed)
        );
        let client_cpu = own_cpu_seconds() - client_cpu_before;
        println!("load generator CPU during the open loop: {client_cpu:.1} s");
        // Whatever else ran on the machine meanwhile (other builds) shares
        // the same 2 cores and the same disk: said, so that a noisy run
        // can be told from a slow server.
        println!(
            "other processes' CPU during the open loop: {:.1} s; load average {}",
            machine_busy_seconds() - machine_before - client_cpu - (cpu_seconds(pid) - cpu_before),
            std::fs::read_to_string("/proc/loadavg")
                .unwrap_or_default()
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        let threads_after = thread_cpu(pid);
        let mut by_thread: Vec<String> = threads_after
            .iter()
            .map(|(name, cpu)| {
                let before = threads_before.get(name).copied().unwrap_or(0.0);
                format!("{name} {:.1} s", cpu - before)
            })
            .collect();
        by_thread.sort();
        println!("server CPU by thread: {}", by_thread.join(", "));
        if let Ok(samples) = sampler.await {
            println!("server RSS every 3 s (MB): {}", samples.join(" "));
        }
        let (rss, peak) = peak_rss_mb(pid);
        println!(
            "server memory with {} streams and the load: RSS {rss:.1} MB, peak {peak:.1} MB",
            streams.len()
        );

        let report_silent = move || {
            silent_stop.store(true, Ordering::Relaxed);
            let fewest = fewest_silent.load(Ordering::Relaxed);
            println!(
                "silent connections held beside the load: {silent} asked, fewest open {}, \
                 opened {} times in all (the server closes each after 5 s)",
                if fewest == u64::MAX { 0 } else { fewest },
                silent_counts.opened.load(Ordering::Relaxed)
            );
            for h in holders {
                h.abort();
            }
            silent_sampler.abort();
        };

        // 5. Closed loop: every device keeps one request in flight for 5 s.
        if !closed_loop {
            report_silent();
            return;
        }
        let acked = Arc::new(AtomicU64::new(0));
        let stop = Instant::now() + Duration::from_secs(5);
        let mut tasks = Vec::new();
        for token in &tokens {
            let (host, token, acked) = (host.clone(), token.clone(), acked.clone());
            let stages = stages.clone();
            tasks.push(tokio::spawn(async move {
                let mut c = Conn::open(&host).await.expect("connect");
                let mut n = 0usize;
                while Instant::now() < stop {
                    let body = format!(
                        r#"{{"stage":"{}","dimension":"maturity","value":{}}}"#,
                        stages[n % stages.len()],
                        1 + n % 5
                    );
                    n += 1;
                    match c.call("PUT", "/api/ratings", Some(&token), &body).await {
                        Ok((200, _)) => {
                            acked.fetch_add(1, Ordering::Relaxed);
                        }
                        // Held back by the per-device rate: wait a little.
                        Ok(_) => tokio::time::sleep(Duration::from_millis(50)).await,
                        Err(_) => break,
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let per_sec = acked.load(Ordering::Relaxed) as f64 / 5.0;
        println!(
            "closed loop, {devices} requests in flight: {per_sec:.0} durable ratings a second"
        );
        report_silent();
        for s in streams {
            s.abort();
        }
    });
    let _ = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status();
    let _ = child.wait();
    // 4. Every open-loop rating is in the file exactly once.
    let s = loopshop::store::load(&path).expect("load");
    let rated = s.rating_count();
    println!(
        "session file: {} participants, {rated} ratings (expected {}), entered by devices: {}",
        s.participants.len(),
        devices * cells,
        s.ratings_iter()
            .filter(|r| r.entered_by == loopshop::domain::EnteredBy::Device)
            .count()
    );
    assert_eq!(rated, devices * cells, "every accepted rating exactly once");
}
