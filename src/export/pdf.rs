//! PDF: one figure on a page of its own size, or a report of several pages,
//! each page an SVG converted by svg2pdf with the embedded font (text stays
//! text: it can be selected and searched).

use std::collections::HashMap;

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};

use super::{ExportError, raster};

fn failed(e: impl std::fmt::Display) -> ExportError {
    ExportError::Other(format!("could not make the PDF: {e}"))
}

/// One SVG as a one-page PDF of the same physical size.
///
/// # Errors
/// When the SVG cannot be read or converted.
pub fn figure(svg: &str) -> Result<Vec<u8>, ExportError> {
    pages(&[svg.to_owned()], "")
}

/// Every SVG a page, in order, each page the size of its SVG; `title` is
/// the document's title.
///
/// # Errors
/// When an SVG cannot be read or converted.
pub fn pages(svgs: &[String], title: &str) -> Result<Vec<u8>, ExportError> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_ref = alloc.bump();
    let info = alloc.bump();
    let mut pdf = Pdf::new();
    let mut page_refs = Vec::with_capacity(svgs.len());
    let mut chunks = Vec::with_capacity(svgs.len());
    for svg in svgs {
        let tree = raster::tree(svg)?;
        let (chunk, root) =
            svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default()).map_err(failed)?;
        let mut map = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let root = *map.get(&root).ok_or_else(|| failed("no picture"))?;
        // usvg sizes are 96 user units per inch; PDF points are 72.
        let size = tree.size();
        let (w, h) = (size.width() * 0.75, size.height() * 0.75);
        let page = alloc.bump();
        let content = alloc.bump();
        let mut c = Content::new();
        c.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
        c.x_object(Name(b"S1"));
        pdf.stream(content, &c.finish());
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(tree_ref);
        p.contents(content);
        p.resources().x_objects().pair(Name(b"S1"), root);
        p.finish();
        page_refs.push(page);
        chunks.push(chunk);
    }
    pdf.catalog(catalog).pages(tree_ref);
    #[expect(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
    let count = page_refs.len() as i32;
    pdf.pages(tree_ref).kids(page_refs).count(count);
    let mut doc = pdf.document_info(info);
    if !title.is_empty() {
        doc.title(TextStr(title));
    }
    doc.producer(TextStr("loopshop"));
    doc.finish();
    for chunk in &chunks {
        pdf.extend(chunk);
    }
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_counted_and_text_embeds_the_font() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 595 842"><text x="40" y="60" font-size="12">Stages by dimension</text><text x="40" y="80" font-size="12" font-weight="bold">Mining</text></svg>"#;
        let pdf = pages(&[svg.to_owned(), svg.to_owned()], "T").expect("converts");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 2"));
        assert!(text.contains("DejaVuSans"), "the font is embedded");
        assert!(text.contains("DejaVuSans-Bold"), "bold is drawn bold");
        assert!(
            text.contains("/MediaBox [0 0 595.") || text.contains("/MediaBox [0 0 595 "),
            "A4"
        );
    }
}
