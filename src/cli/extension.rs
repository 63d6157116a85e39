//! `-o FILE` against `--format`: a file named for one format and written in
//! another (`-o model.jpg` holding a PNG) is refused, naming both.

use std::path::Path;

use super::CliError;
use crate::export::{Figure, Format};

/// Extensions of files people name for formats loopshop does not write:
/// such a name is refused too, since nothing loopshop writes fits it.
const FOREIGN: &[&str] = &[
    "jpg", "jpeg", "gif", "tif", "tiff", "webp", "bmp", "eps", "ps", "xlsx", "xls", "ods", "docx",
    "doc", "odt", "tsv", "xml", "yaml", "yml",
];

/// The extensions a file of `format` may have.
#[must_use]
pub fn export_extensions(format: Format) -> &'static [&'static str] {
    match format {
        Format::Csv | Format::SummaryCsv => &["csv"],
        Format::Json => &["json"],
        Format::Md => &["md", "markdown"],
        Format::SvgModel | Format::SvgMatrix | Format::SvgFlow => &["svg"],
        Format::Html | Format::JoinCards => &["html", "htm"],
        Format::Pdf | Format::FigurePdf(_) => &["pdf"],
        Format::Png(_) => &["png"],
        // A folder: any name.
        Format::Package => &[],
    }
}

/// Refuses `-o file` for `--format format` when the file's extension is
/// another format's (or one loopshop never writes). A name without an
/// extension, or with one no format claims, is taken as given.
///
/// # Errors
/// A message naming the file, its extension, the format, and the name to use.
pub fn check_export(file: &Path, format: Format) -> Result<(), CliError> {
    let others: Vec<(&str, &'static [&'static str])> = Format::CHOICES
        .iter()
        .chain(&[Format::FigurePdf(Figure::Model)])
        .map(|f| (f.name(), export_extensions(*f)))
        .collect();
    check(file, format.name(), export_extensions(format), &others)
}

/// As [`check_export`], for any command's formats: `fits` are the
/// extensions of `name`, `all` every format's name and extensions.
///
/// # Errors
/// As [`check_export`].
pub fn check(
    file: &Path,
    name: &str,
    fits: &[&str],
    all: &[(&str, &[&str])],
) -> Result<(), CliError> {
    let Some(ext) = file.extension().map(|e| e.to_string_lossy().to_lowercase()) else {
        return Ok(());
    };
    if fits.contains(&ext.as_str()) {
        return Ok(());
    }
    let mut claimed: Vec<&str> = all
        .iter()
        .filter(|(_, exts)| exts.contains(&ext.as_str()))
        .map(|(n, _)| *n)
        .collect();
    claimed.dedup();
    if claimed.is_empty() && !FOREIGN.contains(&ext.as_str()) {
        return Ok(());
    }
    let fits_first = fits.first().copied().unwrap_or(name);
    let renamed = file.with_extension(fits_first);
    let head = format!(
        "-o {}: a .{ext} name, but --format {name} writes .{fits_first}",
        file.display()
    );
    let names: Vec<String> = claimed.iter().map(|n| format!("--format {n}")).collect();
    Err(CliError::msg(if names.is_empty() {
        format!(
            "{head} (loopshop writes no .{ext}): name it {}",
            renamed.display()
        )
    } else {
        format!(
            "{head}: name it {}, or give {}",
            renamed.display(),
            names.join(" or ")
        )
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_of_another_format_is_refused_and_one_of_none_is_kept() {
        let png = Format::Png(Figure::Model);
        assert!(check_export(Path::new("model.png"), png).is_ok());
        assert!(check_export(Path::new("MODEL.PNG"), png).is_ok());
        assert!(check_export(Path::new("model"), png).is_ok());
        assert!(check_export(Path::new("model.out"), png).is_ok());
        assert!(check_export(Path::new("cards.htm"), Format::JoinCards).is_ok());
        let jpg = check_export(Path::new("model.jpg"), png).map_err(|e| e.to_string());
        assert_eq!(
            jpg,
            Err(
                "-o model.jpg: a .jpg name, but --format png writes .png (loopshop writes no \
                 .jpg): name it model.png"
                    .to_owned()
            )
        );
        let pdf = check_export(Path::new("r.pdf"), Format::Md).map_err(|e| e.to_string());
        assert!(
            pdf.as_ref().is_err_and(
                |e| e.ends_with("--format md writes .md: name it r.md, or give --format pdf")
            ),
            "{pdf:?}"
        );
    }
}
