//! The join address as a QR code, drawn with half-block characters so that
//! one text line holds two rows of modules.

use qrcode::{Color, QrCode};

/// The QR code of `text` as lines of `█ ▀ ▄` and spaces (dark on light,
/// with a quiet zone), or `None` when the text is too long for a QR code.
#[must_use]
pub fn half_block_lines(text: &str) -> Option<Vec<String>> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    // Light is drawn (terminals are usually dark): a dark module is a blank.
    let light = |x: isize, y: isize| -> bool {
        let inside = |v: isize| v >= 0 && usize::try_from(v).is_ok_and(|v| v < width);
        if !inside(x) || !inside(y) {
            return true;
        }
        let (x, y) = (x.unsigned_abs(), y.unsigned_abs());
        colors[y * width + x] == Color::Light
    };
    let quiet = 2isize;
    let size = isize::try_from(width).ok()?;
    let mut lines = Vec::new();
    let mut y = -quiet;
    while y < size + quiet {
        let line: String = (-quiet..size + quiet)
            .map(|x| match (light(x, y), light(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })
            .collect();
        lines.push(line);
        y += 2;
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_join_address_fits_a_small_square() {
        let lines = half_block_lines("http://192.168.1.20:8787/?code=ABC234").expect("qr");
        let w = lines[0].chars().count();
        assert!(lines.iter().all(|l| l.chars().count() == w));
        assert!(w <= 45, "{w}");
        assert_eq!(lines.len(), w.div_ceil(2));
        assert!(lines[0].chars().all(|c| c == '█'), "quiet zone");
    }
}
