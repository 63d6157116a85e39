//! Figures as PNG, drawn from their SVG by resvg with the embedded font.

use resvg::{tiny_skia, usvg};

use super::{ExportError, font};

/// The default resolution of PNG figures, in dots per inch.
pub const DEFAULT_DPI: u32 = 300;

/// The most pixels one PNG may have (a 10,000-stage matrix at 1200 dpi
/// would need gigabytes); a larger figure is drawn at a lower resolution.
const MAX_PIXELS: u64 = 120_000_000;

/// Parses an SVG this crate wrote, text shaped with the embedded font.
pub(crate) fn tree(svg: &str) -> Result<usvg::Tree, ExportError> {
    let options = usvg::Options {
        font_family: font::FAMILY.to_owned(),
        fontdb: font::database(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options)
        .map_err(|e| ExportError::Other(format!("could not read the figure: {e}")))
}

/// The SVG `svg` drawn at `dpi` on white, as PNG bytes that record the
/// resolution (so that a journal's system reads the intended size).
///
/// # Errors
/// When the SVG cannot be read or the picture would be too large.
pub fn png(svg: &str, dpi: u32) -> Result<Vec<u8>, ExportError> {
    let tree = tree(svg)?;
    let size = tree.size();
    // A figure too large for the pixel budget at `dpi` (a matrix of
    // thousands of stages) is drawn at the highest resolution that fits,
    // and the file records that resolution.
    let area = f64::from(size.width()) * f64::from(size.height()) / (96.0 * 96.0);
    let fits = (MAX_PIXELS as f64 / area.max(1e-9)).sqrt().floor();
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let dpi = if f64::from(dpi) > fits {
        (fits as u32).max(1)
    } else {
        dpi
    };
    // usvg reads physical sizes (mm) at 96 user units per inch.
    let scale = f64::from(dpi) / 96.0;
    let (w, h) = (
        (f64::from(size.width()) * scale).ceil(),
        (f64::from(size.height()) * scale).ceil(),
    );
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (w, h) = (w.max(1.0) as u32, h.max(1.0) as u32);
    if u64::from(w) * u64::from(h) > MAX_PIXELS * 2 {
        return Err(ExportError::Other(format!(
            "the figure would be {w} x {h} pixels: too large for PNG"
        )));
    }
    let mut pixmap = tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ExportError::Other("could not make the picture".to_owned()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    #[expect(clippy::cast_possible_truncation)]
    let s = scale as f32;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(s, s),
        &mut pixmap.as_mut(),
    );
    let png = pixmap
        .encode_png()
        .map_err(|e| ExportError::Other(format!("could not encode the PNG: {e}")))?;
    Ok(with_resolution(png, dpi))
}

/// The share of a PNG's pixels that are not white: a picture whose text
/// was dropped (for want of a font) has less ink than one where it was drawn.
///
/// # Errors
/// When the bytes are not a PNG.
pub fn ink(png: &[u8]) -> Result<f64, ExportError> {
    let pixmap = tiny_skia::Pixmap::decode_png(png)
        .map_err(|e| ExportError::Other(format!("not a PNG: {e}")))?;
    let inked = pixmap
        .pixels()
        .iter()
        .filter(|p| p.red() < 200 || p.green() < 200 || p.blue() < 200)
        .count();
    let share = inked as f64 / pixmap.pixels().len().max(1) as f64;
    Ok(share)
}

/// Inserts a `pHYs` chunk (pixels per metre) after the PNG's header chunk.
fn with_resolution(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    // Signature (8) + IHDR (4 length, 4 type, 13 data, 4 CRC).
    const AFTER_IHDR: usize = 8 + 25;
    if png.len() < AFTER_IHDR || &png[12..16] != b"IHDR" {
        return png;
    }
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let ppm = (f64::from(dpi) / 0.0254).round() as u32;
    let mut chunk = Vec::with_capacity(21);
    chunk.extend_from_slice(&9u32.to_be_bytes());
    let mut body = Vec::with_capacity(13);
    body.extend_from_slice(b"pHYs");
    body.extend_from_slice(&ppm.to_be_bytes());
    body.extend_from_slice(&ppm.to_be_bytes());
    body.push(1); // unit: metre
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let mut out = Vec::with_capacity(png.len() + chunk.len());
    out.extend_from_slice(&png[..AFTER_IHDR]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&png[AFTER_IHDR..]);
    out
}

/// CRC-32 (IEEE), as PNG chunks use.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xedb8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_png_specification() {
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }

    #[test]
    fn a_figure_is_drawn_at_the_asked_resolution() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="25.4mm" height="12.7mm" viewBox="0 0 72 36"><text x="4" y="20" font-size="12">Hi</text></svg>"#;
        let png = png(svg, 200).expect("renders");
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let w = u32::from_be_bytes([png[16], png[17], png[18], png[19]]);
        let h = u32::from_be_bytes([png[20], png[21], png[22], png[23]]);
        assert_eq!((w, h), (200, 100));
        assert_eq!(&png[37..41], b"pHYs");
    }
}
