//! A PDF of many pages of text, rectangles and a few figures, written
//! directly: the report's pages. Each page's text is set in the embedded
//! font (regular and bold), both embedded once for the whole document as
//! subsets of the glyphs used, with a `ToUnicode` map so that text can be
//! selected, searched and read back; the figures (SVG) are converted by
//! svg2pdf. Converting every page through an SVG tree made each page parse,
//! shape and outline its text and embed its own copy of the fonts: about
//! 25 ms and 35 KB a page.

use std::collections::BTreeMap;
use std::collections::HashMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;

use super::font;
use super::svg_text::{Anchor, Label};
use super::{ExportError, raster};

/// One thing drawn on a page, in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text(Label),
    Rect {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: &'static str,
        /// The outline's colour and width.
        stroke: Option<(&'static str, f64)>,
    },
    /// An SVG figure drawn into the box.
    Figure {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        svg: String,
    },
}

fn failed(e: impl std::fmt::Display) -> ExportError {
    ExportError::Other(format!("could not make the PDF: {e}"))
}

/// `#rrggbb` as PDF's 0..1 components (black when not a colour).
fn rgb(colour: &str) -> (f32, f32, f32) {
    let hex = colour.trim_start_matches('#');
    let channel = |i: usize| {
        hex.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(0.0, |v| f32::from(v) / 255.0)
    };
    if hex.len() == 6 {
        (channel(0), channel(2), channel(4))
    } else {
        (0.0, 0.0, 0.0)
    }
}

/// One embedded face: the glyphs used (renumbered for its subset) and the
/// text each stands for.
struct Embedded {
    face: &'static ttf_parser::Face<'static>,
    data: &'static [u8],
    remapper: GlyphRemapper,
    text: BTreeMap<u16, String>,
    name: &'static str,
}

impl Embedded {
    fn new(bold: bool) -> Result<Self, ExportError> {
        let face = font::face_of(bold).ok_or_else(|| failed("the embedded font"))?;
        Ok(Self {
            face,
            data: if bold { font::FONT_BOLD } else { font::FONT },
            remapper: GlyphRemapper::new(),
            text: BTreeMap::new(),
            name: if bold {
                "AAAAAB+DejaVuSans-Bold"
            } else {
                "AAAAAA+DejaVuSans"
            },
        })
    }

    /// `text` as the subset's glyph ids, two bytes each (Identity-H).
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let old = self.face.glyph_index(c).map_or(0, |g| g.0);
            let new = self.remapper.remap(old);
            self.text.entry(old).or_insert_with(|| c.to_string());
            out.extend_from_slice(&new.to_be_bytes());
        }
        out
    }

    /// The font's objects: Type0, CID font with its widths, descriptor,
    /// `ToUnicode` map and the subset itself.
    fn write(&self, pdf: &mut Pdf, type0: Ref, alloc: &mut Ref) -> Result<(), ExportError> {
        let (cid_ref, descriptor_ref, cmap_ref, data_ref) =
            (alloc.bump(), alloc.bump(), alloc.bump(), alloc.bump());
        let upem = f32::from(self.face.units_per_em().max(1));
        let scale = |v: f32| v / upem * 1000.0;
        let info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };
        pdf.type0_font(type0)
            .base_font(Name(self.name.as_bytes()))
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(cid_ref)
            .to_unicode(cmap_ref);
        let mut cid = pdf.cid_font(cid_ref);
        cid.subtype(CidFontType::Type2);
        cid.base_font(Name(self.name.as_bytes()));
        cid.system_info(info);
        cid.font_descriptor(descriptor_ref);
        cid.default_width(0.0);
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
        {
            let mut widths = cid.widths();
            for (new, old) in self.remapper.remapped_gids().enumerate() {
                let advance = self
                    .face
                    .glyph_hor_advance(ttf_parser::GlyphId(old))
                    .unwrap_or(0);
                let new = u16::try_from(new).unwrap_or(u16::MAX);
                widths.consecutive(new, [scale(f32::from(advance))]);
            }
        }
        cid.finish();
        let bbox = self.face.global_bounding_box();
        let mut flags = FontFlags::empty();
        flags.insert(FontFlags::SYMBOLIC);
        pdf.font_descriptor(descriptor_ref)
            .name(Name(self.name.as_bytes()))
            .flags(flags)
            .bbox(Rect::new(
                scale(f32::from(bbox.x_min)),
                scale(f32::from(bbox.y_min)),
                scale(f32::from(bbox.x_max)),
                scale(f32::from(bbox.y_max)),
            ))
            .italic_angle(0.0)
            .ascent(scale(f32::from(self.face.ascender())))
            .descent(scale(f32::from(self.face.descender())))
            .cap_height(scale(f32::from(
                self.face.capital_height().unwrap_or(self.face.ascender()),
            )))
            .stem_v(80.0)
            .font_file2(data_ref);
        let mut cmap = pdf_writer::types::UnicodeCmap::new(Name(b"Custom"), info);
        for (&old, text) in &self.text {
            if let Some(new) = self.remapper.get(old) {
                cmap.pair_with_multiple(new, text.chars());
            }
        }
        pdf.cmap(cmap_ref, &cmap.finish());
        let subset = subsetter::subset(self.data, 0, &self.remapper).map_err(failed)?;
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&subset, 6);
        pdf.stream(data_ref, &packed).filter(Filter::FlateDecode);
        Ok(())
    }
}

/// `pages`, each `width` x `height` points, as one PDF titled `title`.
///
/// # Errors
/// When a figure cannot be read or converted, or the font not subset.
pub fn write(
    pages: &[Vec<Item>],
    width: f64,
    height: f64,
    title: &str,
) -> Result<Vec<u8>, ExportError> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let tree_ref = alloc.bump();
    let info = alloc.bump();
    let fonts = [alloc.bump(), alloc.bump()];
    let mut faces = [Embedded::new(false)?, Embedded::new(true)?];
    let mut pdf = Pdf::new();
    let mut page_refs = Vec::with_capacity(pages.len());
    #[expect(clippy::cast_possible_truncation, reason = "page sizes in points")]
    let (pw, ph) = (width as f32, height as f32);
    for items in pages {
        let mut c = Content::new();
        let mut figures: Vec<(String, Ref)> = Vec::new();
        for item in items {
            draw(
                &mut c,
                &mut faces,
                &mut pdf,
                &mut alloc,
                &mut figures,
                item,
                ph,
            )?;
        }
        let content = alloc.bump();
        let packed = miniz_oxide::deflate::compress_to_vec_zlib(&c.finish(), 6);
        pdf.stream(content, &packed).filter(Filter::FlateDecode);
        let page = alloc.bump();
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, pw, ph));
        p.parent(tree_ref);
        p.contents(content);
        let mut resources = p.resources();
        resources
            .fonts()
            .pair(Name(b"F0"), fonts[0])
            .pair(Name(b"F1"), fonts[1]);
        if !figures.is_empty() {
            let mut x = resources.x_objects();
            for (name, r) in &figures {
                x.pair(Name(name.as_bytes()), *r);
            }
        }
        resources.finish();
        p.finish();
        page_refs.push(page);
    }
    for (face, r) in faces.iter().zip(fonts) {
        face.write(&mut pdf, r, &mut alloc)?;
    }
    pdf.catalog(catalog).pages(tree_ref);
    let count = i32::try_from(page_refs.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_ref).kids(page_refs).count(count);
    let mut doc = pdf.document_info(info);
    if !title.is_empty() {
        doc.title(TextStr(title));
    }
    doc.producer(TextStr("loopshop"));
    doc.finish();
    Ok(pdf.finish())
}

/// Draws one item on a page `ph` high (PDF's y grows upwards).
fn draw(
    c: &mut Content,
    faces: &mut [Embedded; 2],
    pdf: &mut Pdf,
    alloc: &mut Ref,
    figures: &mut Vec<(String, Ref)>,
    item: &Item,
    ph: f32,
) -> Result<(), ExportError> {
    #[expect(clippy::cast_possible_truncation, reason = "coordinates in points")]
    let f = |v: f64| v as f32;
    match item {
        Item::Text(l) => {
            if l.text.is_empty() {
                return Ok(());
            }
            let w = l.width();
            let x = match l.anchor {
                Anchor::Start => l.x,
                Anchor::Middle => l.x - w / 2.0,
                Anchor::End => l.x - w,
            };
            let face = &mut faces[usize::from(l.bold)];
            let glyphs = face.encode(&l.text);
            let (r, g, b) = rgb(l.fill);
            c.set_fill_rgb(r, g, b);
            c.begin_text();
            c.set_font(Name(if l.bold { b"F1" } else { b"F0" }), f(l.size));
            c.set_text_matrix([1.0, 0.0, 0.0, 1.0, f(x), ph - f(l.y)]);
            c.show(Str(&glyphs));
            c.end_text();
        }
        Item::Rect {
            x,
            y,
            w,
            h,
            fill,
            stroke,
        } => {
            let (r, g, b) = rgb(fill);
            c.set_fill_rgb(r, g, b);
            c.rect(f(*x), ph - f(*y) - f(*h), f(*w), f(*h));
            match stroke {
                Some((colour, width)) => {
                    let (r, g, b) = rgb(colour);
                    c.set_stroke_rgb(r, g, b);
                    c.set_line_width(f(*width));
                    c.fill_nonzero_and_stroke();
                }
                None => {
                    c.fill_nonzero();
                }
            }
        }
        Item::Figure { x, y, w, h, svg } => {
            let tree = raster::tree(svg)?;
            let (chunk, root) =
                svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default()).map_err(failed)?;
            let mut map = HashMap::new();
            let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
            let root = *map.get(&root).ok_or_else(|| failed("no picture"))?;
            pdf.extend(&chunk);
            let name = format!("X{}", figures.len());
            // The figure's XObject fills the unit square.
            c.save_state();
            c.transform([f(*w), 0.0, 0.0, f(*h), f(*x), ph - f(*y) - f(*h)]);
            c.x_object(Name(name.as_bytes()));
            c.restore_state();
            figures.push((name, root));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_shares_the_two_embedded_faces() {
        let page = |i: usize| {
            vec![
                Item::Rect {
                    x: 10.0,
                    y: 10.0,
                    w: 100.0,
                    h: 20.0,
                    fill: "#f2f2f2",
                    stroke: Some(("#bbbbbb", 0.4)),
                },
                Item::Text(Label::new(
                    format!("Page {i}: Återanvändning"),
                    20.0,
                    24.0,
                    9.0,
                )),
                Item::Text(
                    Label::new("Bold, right-aligned", 200.0, 40.0, 9.0)
                        .bold()
                        .anchor(Anchor::End),
                ),
            ]
        };
        let pages: Vec<Vec<Item>> = (1..=50).map(page).collect();
        let pdf = write(&pages, 595.0, 842.0, "T").expect("writes");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 50"));
        // The fonts once for the document, not once a page.
        assert_eq!(text.matches("/FontFile2").count(), 2);
        assert_eq!(text.matches("/ToUnicode").count(), 2);
        assert!(text.contains("DejaVuSans-Bold"));
        assert!(pdf.len() < 200_000, "{} bytes", pdf.len());
        assert_eq!(rgb("#ff8000"), (1.0, 128.0 / 255.0, 0.0));
        assert_eq!(rgb("none"), (0.0, 0.0, 0.0));
    }
}
