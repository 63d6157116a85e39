//! The figures at journal widths: the model, matrix and flow as SVG, PDF
//! and 300 dpi PNG at 85 mm (one column) and 170 mm (two columns), each
//! with its caption (`--legend caption`).

use super::{Input, PackageFile};
use crate::export::report::{self, Figure};
use crate::export::svg_text::Legend;
use crate::export::{ExportError, Options, has_figure, pdf, raster};

/// The journal widths, in millimetres.
pub const WIDTHS_MM: [u32; 2] = [85, 170];
/// The PNGs' resolution.
pub const DPI: u32 = 300;

/// Every figure in every width and form, with captions.
///
/// # Errors
/// A renderer's error.
pub fn render(input: &Input<'_>) -> Result<Vec<PackageFile>, ExportError> {
    let mut out = Vec::new();
    for width in WIDTHS_MM {
        let opts = Options {
            width_mm: f64::from(width),
            dpi: DPI,
            legend: Legend::Caption,
            title: false,
            ..input.opts.clone()
        };
        for f in Figure::ALL {
            if !has_figure(input.subject, f) {
                continue;
            }
            let drawn = report::figure(input.subject, &opts, input.data, f);
            let svg = drawn.svg;
            let stem = format!("figures/{}-{width}mm", f.name());
            out.push(PackageFile {
                path: format!("{stem}.png"),
                bytes: raster::png(&svg, DPI)?,
            });
            out.push(PackageFile {
                path: format!("{stem}.pdf"),
                bytes: pdf::figure(&svg)?,
            });
            out.push(PackageFile::text(format!("{stem}.svg"), svg));
            out.push(PackageFile::text(
                format!("{stem}.caption.txt"),
                drawn.caption,
            ));
        }
    }
    Ok(out)
}
