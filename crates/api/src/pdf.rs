//! Readable PDF documents: a young person's file for the right of access (RGPD), and
//! later attestations. A title, sections of label/value rows, paragraphs and tables,
//! laid out on A4 pages with wrapped lines, page breaks and a "page n / N" footer.
//!
//! Text is set in Liberation Sans (SIL OFL 1.1, `assets/fonts/`). Each PDF embeds only
//! the glyphs it uses, with a `ToUnicode` map so that copying, searching and text
//! extraction give the original text back. There is no shaping nor kerning, which is
//! right for Latin, Greek and Cyrillic; a character the font lacks prints as `?`.

use std::collections::BTreeMap;
use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish as _, Name, Pdf, Rect, Ref, Str, TextStr};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};
use unicode_normalization::UnicodeNormalization as _;

/// A printable document: a title, an optional subtitle line, then sections.
#[derive(Clone, Debug, Default)]
pub struct PdfDocument {
    /// First line of the first page, and the PDF's title in its metadata.
    pub title: String,
    /// A grey line under the title (who, when…).
    pub subtitle: Option<String>,
    /// The body, in order.
    pub sections: Vec<PdfSection>,
    /// Printed at the bottom of every page, left of "page n / N".
    pub footer: Option<String>,
}

/// A section: a heading then label/value rows and free paragraphs, in order.
#[derive(Clone, Debug, Default)]
pub struct PdfSection {
    /// Printed in bold; an empty heading prints nothing.
    pub heading: String,
    /// The section's content, in order.
    pub blocks: Vec<PdfBlock>,
}

/// One piece of a section. Text may hold line breaks (`\n`); long lines wrap.
#[derive(Clone, Debug)]
pub enum PdfBlock {
    /// A label in the left column, its value in the right one.
    Row {
        /// Left column, in grey.
        label: String,
        /// Right column.
        value: String,
    },
    /// Free text over the whole width.
    Paragraph(String),
    /// Free text over the whole width, in bold (a letter's subject line).
    Strong(String),
    /// Free text in the right half of the page, kept on one page: a letter's recipient
    /// address (where an envelope's window shows it), its place and date, its signature.
    Aside(String),
    /// A list with a bold header row repeated on each page; cells wrap. Rows shorter than
    /// the header are padded with empty cells.
    Table {
        /// The header row.
        columns: Vec<String>,
        /// The body rows.
        rows: Vec<Vec<String>>,
    },
}

/// Why a document could not be rendered: only a broken embedded font or a failing
/// compressor, neither of which depends on the document's content.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read.
    #[error("embedded font unreadable: {0}")]
    Font(String),
    /// The embedded font could not be subset.
    #[error("font subsetting failed: {0}")]
    Subset(#[from] subsetter::Error),
    /// A stream could not be compressed.
    #[error("compression failed: {0}")]
    Compression(#[from] std::io::Error),
}

const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Regular.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/LiberationSans-Bold.ttf");

// Geometry, in points (1/72 inch).
const PAGE_WIDTH: f32 = 595.276;
const PAGE_HEIGHT: f32 = 841.89;
/// 2 cm.
const MARGIN: f32 = 56.693;
const CONTENT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;
const TOP: f32 = PAGE_HEIGHT - MARGIN;
const BOTTOM: f32 = MARGIN;
const BODY_HEIGHT: f32 = TOP - BOTTOM;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.3;
/// Width of the label column of rows, then the gap before the value column.
const LABEL_WIDTH: f32 = 0.32 * CONTENT_WIDTH;
const LABEL_GAP: f32 = 10.0;
/// Where [`PdfBlock::Aside`] text starts, from the left margin (about 10.5 cm from the edge).
const ASIDE_OFFSET: f32 = 0.5 * CONTENT_WIDTH;
/// Horizontal and vertical padding of table cells.
const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 2.5;

const TITLE: Style = Style::new(BOLD, 18.0, 0.0);
const SUBTITLE: Style = Style::new(REGULAR, 11.0, 0.35);
const HEADING: Style = Style::new(BOLD, 13.0, 0.0);
const BODY: Style = Style::new(REGULAR, 11.0, 0.0);
const STRONG: Style = Style::new(BOLD, 11.0, 0.0);
const LABEL: Style = Style::new(REGULAR, 11.0, 0.35);
const TABLE_HEADER: Style = Style::new(BOLD, 9.5, 0.0);
const TABLE_BODY: Style = Style::new(REGULAR, 9.5, 0.0);
const FOOTER: Style = Style::new(REGULAR, 8.5, 0.4);
/// Footer lines past this many are cut, the last one ending with "…".
const FOOTER_MAX_LINES: usize = 3;

const REGULAR: usize = 0;
const BOLD: usize = 1;

/// Renders A4 pages: wraps long lines, breaks pages, repeats nothing fancy; page numbers
/// "page n / N" in the footer line.
pub fn render(doc: &PdfDocument) -> Result<Vec<u8>, PdfError> {
    let fonts = [
        Font::load(REGULAR_TTF, "LiberationSans", b"F1")?,
        Font::load(BOLD_TTF, "LiberationSans-Bold", b"F2")?,
    ];
    let mut layout = Layout {
        fonts,
        done: Vec::new(),
        page: Content::new(),
        y: TOP,
        fresh: true,
        footer: doc.footer.as_deref().map(clean),
    };
    layout.document(doc);
    layout.finish(&clean(&doc.title))
}

/// How a piece of text is printed.
#[derive(Clone, Copy, Debug)]
struct Style {
    font: usize,
    size: f32,
    /// 0 is black.
    gray: f32,
}

impl Style {
    const fn new(font: usize, size: f32, gray: f32) -> Self {
        Self { font, size, gray }
    }

    fn line_height(self) -> f32 {
        self.size * LEADING
    }
}

/// A block of wrapped lines at a horizontal position.
struct Cell {
    x: f32,
    style: Style,
    lines: Vec<String>,
}

/// Cells side by side that flow down together, split across pages when needed.
struct Row {
    cells: Vec<Cell>,
    line_height: f32,
    pad: f32,
    /// Moves whole to the next page when it does not fit here but fits on a page.
    keep_together: bool,
    /// Grey level of a background spanning `left..left + width`.
    fill: Option<f32>,
    /// A thin line under the row.
    rule: bool,
    left: f32,
    width: f32,
}

impl Row {
    /// One full-width cell that flows line by line.
    fn text(font: &Font, style: Style, text: &str) -> Self {
        Self {
            cells: vec![Cell {
                x: MARGIN,
                style,
                lines: wrap(font, style.size, text, CONTENT_WIDTH),
            }],
            line_height: style.line_height(),
            pad: 0.0,
            keep_together: false,
            fill: None,
            rule: false,
            left: MARGIN,
            width: CONTENT_WIDTH,
        }
    }

    fn line_count(&self) -> usize {
        self.cells
            .iter()
            .map(|cell| cell.lines.len())
            .max()
            .unwrap_or(0)
            .max(1)
    }

    fn height(&self) -> f32 {
        line_count_height(self.line_count(), self.line_height, self.pad)
    }
}

fn line_count_height(lines: usize, line_height: f32, pad: f32) -> f32 {
    lines as f32 * line_height + 2.0 * pad
}

struct Layout {
    fonts: [Font; 2],
    done: Vec<Content>,
    page: Content,
    /// Top of the free space on the current page.
    y: f32,
    /// Nothing but a repeated table header has been drawn on the current page.
    fresh: bool,
    /// The document's footer, cleaned.
    footer: Option<String>,
}

impl Layout {
    fn document(&mut self, doc: &PdfDocument) {
        let title = clean(&doc.title);
        if !title.is_empty() {
            let row = Row::text(&self.fonts[BOLD], TITLE, &title);
            self.flow(&row, None);
        }
        if let Some(subtitle) = doc.subtitle.as_deref().map(clean) {
            self.gap(2.0);
            let row = Row::text(&self.fonts[REGULAR], SUBTITLE, &subtitle);
            self.flow(&row, None);
        }
        if !self.fresh {
            self.gap(6.0);
            self.rule(MARGIN, CONTENT_WIDTH, 0.8, 0.5);
            self.gap(4.0);
        }
        for section in &doc.sections {
            self.section(section);
        }
    }

    fn section(&mut self, section: &PdfSection) {
        let heading = clean(&section.heading);
        if !heading.is_empty() {
            self.gap(14.0);
            let row = Row::text(&self.fonts[BOLD], HEADING, &heading);
            // Keep the heading with the first lines of what follows.
            let needed = row.height() + 4.0 + 3.0 * BODY.line_height();
            if !self.fresh && self.space() < needed && needed <= BODY_HEIGHT {
                self.new_page(None);
            }
            self.flow(&row, None);
            self.rule(MARGIN, CONTENT_WIDTH, 0.6, 0.5);
            self.gap(4.0);
        }
        for block in &section.blocks {
            match block {
                PdfBlock::Row { label, value } => self.label_row(label, value),
                PdfBlock::Paragraph(text) => {
                    self.gap(3.0);
                    let row = Row::text(&self.fonts[REGULAR], BODY, &clean(text));
                    self.flow(&row, None);
                    self.gap(3.0);
                }
                PdfBlock::Strong(text) => {
                    self.gap(3.0);
                    let row = Row::text(&self.fonts[BOLD], STRONG, &clean(text));
                    self.flow(&row, None);
                    self.gap(3.0);
                }
                PdfBlock::Aside(text) => self.aside(text),
                PdfBlock::Table { columns, rows } => self.table(columns, rows),
            }
        }
    }

    fn label_row(&mut self, label: &str, value: &str) {
        let value_x = MARGIN + LABEL_WIDTH + LABEL_GAP;
        let value_width = CONTENT_WIDTH - LABEL_WIDTH - LABEL_GAP;
        let row = Row {
            cells: vec![
                Cell {
                    x: MARGIN,
                    style: LABEL,
                    lines: wrap(
                        &self.fonts[LABEL.font],
                        LABEL.size,
                        &clean(label),
                        LABEL_WIDTH,
                    ),
                },
                Cell {
                    x: value_x,
                    style: BODY,
                    lines: wrap(
                        &self.fonts[BODY.font],
                        BODY.size,
                        &clean(value),
                        value_width,
                    ),
                },
            ],
            line_height: BODY.line_height(),
            pad: 1.5,
            keep_together: true,
            fill: None,
            rule: false,
            left: MARGIN,
            width: CONTENT_WIDTH,
        };
        self.flow(&row, None);
    }

    fn aside(&mut self, text: &str) {
        let left = MARGIN + ASIDE_OFFSET;
        let width = CONTENT_WIDTH - ASIDE_OFFSET;
        let row = Row {
            cells: vec![Cell {
                x: left,
                style: BODY,
                lines: wrap(&self.fonts[BODY.font], BODY.size, &clean(text), width),
            }],
            line_height: BODY.line_height(),
            pad: 0.0,
            keep_together: true,
            fill: None,
            rule: false,
            left,
            width,
        };
        self.gap(3.0);
        self.flow(&row, None);
        self.gap(3.0);
    }

    fn table(&mut self, columns: &[String], rows: &[Vec<String>]) {
        let count = rows
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(columns.len());
        if count == 0 {
            return;
        }
        let columns: Vec<String> = (0..count)
            .map(|i| columns.get(i).map(|c| clean(c)).unwrap_or_default())
            .collect();
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                (0..count)
                    .map(|i| row.get(i).map(|c| clean(c)).unwrap_or_default())
                    .collect()
            })
            .collect();

        // Natural width of each column: its widest line, header included.
        let mut natural = vec![0.0_f32; count];
        for (i, header) in columns.iter().enumerate() {
            natural[i] = natural[i].max(widest_line(&self.fonts[BOLD], TABLE_HEADER.size, header));
        }
        for row in &rows {
            for (i, cell) in row.iter().enumerate() {
                let width = widest_line(&self.fonts[REGULAR], TABLE_BODY.size, cell);
                natural[i] = natural[i].max(width);
            }
        }
        let natural: Vec<f32> = natural.iter().map(|w| w + 2.0 * CELL_PAD_X).collect();
        let widths = column_widths(&natural, CONTENT_WIDTH);
        let mut lefts = Vec::with_capacity(count);
        let mut x = MARGIN;
        for width in &widths {
            lefts.push(x);
            x += width;
        }

        let make_row = |fonts: &[Font; 2], cells: &[String], style: Style, header: bool| Row {
            cells: cells
                .iter()
                .enumerate()
                .map(|(i, text)| Cell {
                    x: lefts[i] + CELL_PAD_X,
                    style,
                    lines: wrap(
                        &fonts[style.font],
                        style.size,
                        text,
                        (widths[i] - 2.0 * CELL_PAD_X).max(0.0),
                    ),
                })
                .collect(),
            line_height: style.line_height(),
            pad: CELL_PAD_Y,
            keep_together: true,
            fill: header.then_some(0.9),
            rule: !header,
            left: MARGIN,
            width: CONTENT_WIDTH,
        };

        self.gap(4.0);
        let header = make_row(&self.fonts, &columns, TABLE_HEADER, true);
        // Keep the header with the first row.
        let first = rows
            .first()
            .map(|row| make_row(&self.fonts, row, TABLE_BODY, false).height())
            .unwrap_or(0.0);
        if !self.fresh
            && self.space() < header.height() + first
            && header.height() + first <= BODY_HEIGHT
        {
            self.new_page(None);
        }
        self.flow(&header, None);
        // A header taller than a quarter of a page is not worth repeating.
        let repeat = (header.height() <= BODY_HEIGHT / 4.0).then_some(&header);
        for cells in &rows {
            let row = make_row(&self.fonts, cells, TABLE_BODY, false);
            self.flow(&row, repeat);
        }
        self.gap(4.0);
    }

    /// Free height left on the current page.
    fn space(&self) -> f32 {
        self.y - BOTTOM
    }

    /// Vertical space, except at the top of a page.
    fn gap(&mut self, height: f32) {
        if !self.fresh {
            self.y -= height;
        }
    }

    fn rule(&mut self, left: f32, width: f32, gray: f32, thickness: f32) {
        if self.fresh || self.y < BOTTOM {
            return;
        }
        self.page
            .set_stroke_gray(gray)
            .set_line_width(thickness)
            .move_to(left, self.y)
            .line_to(left + width, self.y)
            .stroke();
    }

    fn new_page(&mut self, header: Option<&Row>) {
        let page = std::mem::replace(&mut self.page, Content::new());
        self.done.push(page);
        self.y = TOP;
        self.fresh = true;
        if let Some(header) = header {
            self.flow(header, None);
            self.fresh = true;
        }
    }

    /// Draws `row` at the cursor, breaking pages as needed (repeating `header` on each new
    /// page). Always progresses: at least one line per page.
    fn flow(&mut self, row: &Row, header: Option<&Row>) {
        let total = row.line_count();
        let fresh_space = BODY_HEIGHT - header.map_or(0.0, Row::height);
        let height = row.height();
        if row.keep_together && !self.fresh && height > self.space() && height <= fresh_space {
            self.new_page(header);
        }
        let mut start = 0;
        while start < total {
            let room = (self.space() - 2.0 * row.pad) / row.line_height;
            // Rounding must not lose a line that fits.
            let mut fit = if room > 0.0 {
                (room + 1e-3).floor() as usize
            } else {
                0
            };
            if fit == 0 {
                if self.fresh {
                    fit = 1;
                } else {
                    self.new_page(header);
                    continue;
                }
            }
            let take = fit.min(total - start);
            self.segment(row, start, take);
            start += take;
            if start < total {
                self.new_page(header);
            }
        }
    }

    /// Draws lines `start..start + count` of `row` at the cursor and moves it down.
    fn segment(&mut self, row: &Row, start: usize, count: usize) {
        let height = line_count_height(count, row.line_height, row.pad);
        if let Some(gray) = row.fill {
            self.page
                .set_fill_gray(gray)
                .rect(row.left, self.y - height, row.width, height)
                .fill_nonzero();
        }
        for cell in &row.cells {
            let lines = cell.lines.iter().skip(start).take(count);
            for (i, line) in lines.enumerate() {
                let line_top = self.y - row.pad - i as f32 * row.line_height;
                let baseline =
                    line_top - (row.line_height - cell.style.size) / 2.0 - 0.78 * cell.style.size;
                show(
                    &mut self.fonts,
                    &mut self.page,
                    cell.style,
                    cell.x,
                    baseline,
                    line,
                );
            }
        }
        self.y -= height;
        self.fresh = false;
        if row.rule {
            self.rule(row.left, row.width, 0.8, 0.4);
        }
    }

    /// Adds the footers, subsets and embeds the fonts, and writes the file.
    fn finish(mut self, title: &str) -> Result<Vec<u8>, PdfError> {
        let last = std::mem::replace(&mut self.page, Content::new());
        self.done.push(last);
        let mut pages = std::mem::take(&mut self.done);
        let total = pages.len();
        let footer_lines = self.footer_lines(total);
        for (index, page) in pages.iter_mut().enumerate() {
            self.draw_footer(page, &footer_lines, index + 1, total);
        }

        let mut next = Ref::new(1);
        let catalog_id = next.bump();
        let tree_id = next.bump();
        let info_id = next.bump();
        let font_ids: Vec<FontRefs> = self
            .fonts
            .iter()
            .map(|_| FontRefs::new(&mut next))
            .collect();
        let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (next.bump(), next.bump())).collect();

        let mut pdf = Pdf::new();
        let mut catalog = pdf.catalog(catalog_id);
        catalog.pages(tree_id).lang(TextStr("fr-FR"));
        catalog.viewer_preferences().display_doc_title(true);
        catalog.finish();
        let mut info = pdf.document_info(info_id);
        info.producer(TextStr("Passerelle"));
        if !title.is_empty() {
            info.title(TextStr(title));
        }
        info.finish();
        pdf.pages(tree_id)
            .kids(page_ids.iter().map(|(page, _)| *page))
            .count(i32::try_from(total).unwrap_or(i32::MAX));
        for ((page_id, content_id), content) in page_ids.iter().zip(pages) {
            let mut page = pdf.page(*page_id);
            page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT))
                .parent(tree_id)
                .contents(*content_id);
            let mut resources = page.resources();
            let mut fonts = resources.fonts();
            for (font, ids) in self.fonts.iter().zip(&font_ids) {
                fonts.pair(Name(font.resource), ids.type0);
            }
            fonts.finish();
            resources.finish();
            page.finish();
            let data = deflate(&content.finish())?;
            pdf.stream(*content_id, &data).filter(Filter::FlateDecode);
        }
        for (font, ids) in self.fonts.iter().zip(&font_ids) {
            font.embed(&mut pdf, ids)?;
        }
        Ok(pdf.finish())
    }

    /// The footer text wrapped left of the page numbers, at most [`FOOTER_MAX_LINES`] lines.
    fn footer_lines(&self, total: usize) -> Vec<String> {
        let Some(text) = self.footer.as_deref() else {
            return Vec::new();
        };
        let font = &self.fonts[FOOTER.font];
        let numbers = font.width(&page_number(total, total), FOOTER.size);
        let width = (CONTENT_WIDTH - numbers - 12.0).max(CONTENT_WIDTH / 4.0);
        let mut lines = wrap(font, FOOTER.size, text, width);
        if lines.len() > FOOTER_MAX_LINES {
            lines.truncate(FOOTER_MAX_LINES);
            if let Some(last) = lines.last_mut() {
                while !last.is_empty() && font.width(&format!("{last}…"), FOOTER.size) > width {
                    last.pop();
                }
                last.push('…');
            }
        }
        lines
    }

    /// Prints the footer lines and "page n / N" in the bottom margin.
    fn draw_footer(&mut self, page: &mut Content, lines: &[String], number: usize, total: usize) {
        let first_baseline = MARGIN - 18.0;
        for (i, line) in lines.iter().enumerate() {
            let y = first_baseline - i as f32 * FOOTER.line_height();
            show(&mut self.fonts, page, FOOTER, MARGIN, y, line);
        }
        let numbers = page_number(number, total);
        let x = MARGIN + CONTENT_WIDTH - self.fonts[FOOTER.font].width(&numbers, FOOTER.size);
        show(&mut self.fonts, page, FOOTER, x, first_baseline, &numbers);
    }
}

fn page_number(number: usize, total: usize) -> String {
    format!("page {number} / {total}")
}

/// Object ids of one embedded font.
struct FontRefs {
    type0: Ref,
    cid: Ref,
    descriptor: Ref,
    to_unicode: Ref,
    file: Ref,
}

impl FontRefs {
    fn new(next: &mut Ref) -> Self {
        Self {
            type0: next.bump(),
            cid: next.bump(),
            descriptor: next.bump(),
            to_unicode: next.bump(),
            file: next.bump(),
        }
    }
}

/// An embedded TrueType font and the glyphs used so far.
struct Font {
    data: &'static [u8],
    face: Face<'static>,
    /// PostScript name, without the subset tag.
    name: &'static str,
    /// Its name in page resources.
    resource: &'static [u8],
    /// From font units to thousandths of the font size.
    scale: f32,
    /// Glyph of `?`, for characters the font lacks.
    fallback: u16,
    /// Old glyph id → new (subset) glyph id, in order of first use.
    remapper: GlyphRemapper,
    /// New glyph id → the character it shows, for the `ToUnicode` map.
    chars: BTreeMap<u16, char>,
}

impl Font {
    fn load(
        data: &'static [u8],
        name: &'static str,
        resource: &'static [u8],
    ) -> Result<Self, PdfError> {
        let face = Face::parse(data, 0).map_err(|e| PdfError::Font(e.to_string()))?;
        let scale = 1000.0 / f32::from(face.units_per_em());
        let fallback = face.glyph_index('?').map_or(0, |g| g.0);
        Ok(Self {
            data,
            face,
            name,
            resource,
            scale,
            fallback,
            remapper: GlyphRemapper::new(),
            chars: BTreeMap::new(),
        })
    }

    /// The glyph that prints `c`, and the character that glyph stands for.
    fn glyph(&self, c: char) -> (u16, char) {
        if let Some(glyph) = self.face.glyph_index(c) {
            return (glyph.0, c);
        }
        let substitute = match c {
            // Narrow and thin spaces, used before « ; : ! ? » in French typography.
            '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => '\u{A0}',
            '\u{2010}' | '\u{2011}' => '-',
            _ => '?',
        };
        match self.face.glyph_index(substitute) {
            Some(glyph) => (glyph.0, substitute),
            None => (self.fallback, '?'),
        }
    }

    /// Advance width of a glyph, in thousandths of the font size.
    fn advance(&self, glyph: u16) -> f32 {
        f32::from(self.face.glyph_hor_advance(GlyphId(glyph)).unwrap_or(0)) * self.scale
    }

    /// Width of `text` at `size`, in points.
    fn width(&self, text: &str, size: f32) -> f32 {
        let thousandths: f32 = text.chars().map(|c| self.advance(self.glyph(c).0)).sum();
        thousandths * size / 1000.0
    }

    /// `text` as two-byte subset glyph ids (Identity-H), recording what each glyph shows.
    fn encode(&mut self, text: &str) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(text.len() * 2);
        for c in text.chars() {
            let (glyph, shown) = self.glyph(c);
            let new = self.remapper.remap(glyph);
            self.chars.entry(new).or_insert(shown);
            bytes.extend_from_slice(&new.to_be_bytes());
        }
        bytes
    }

    /// Writes the font as a Type 0 font over a CID-keyed TrueType subset.
    fn embed(&self, pdf: &mut Pdf, ids: &FontRefs) -> Result<(), PdfError> {
        let subset = subsetter::subset(self.data, 0, &self.remapper)?;
        let base_name = format!("{}+{}", self.subset_tag(), self.name);
        let base_name = Name(base_name.as_bytes());
        let system_info = SystemInfo {
            registry: Str(b"Adobe"),
            ordering: Str(b"Identity"),
            supplement: 0,
        };

        pdf.type0_font(ids.type0)
            .base_font(base_name)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(ids.cid)
            .to_unicode(ids.to_unicode);

        let mut cid = pdf.cid_font(ids.cid);
        cid.subtype(CidFontType::Type2)
            .base_font(base_name)
            .system_info(system_info)
            .font_descriptor(ids.descriptor)
            .cid_to_gid_map_predefined(Name(b"Identity"));
        cid.widths().consecutive(
            0,
            self.remapper
                .remapped_gids()
                .map(|glyph| self.advance(glyph)),
        );
        cid.finish();

        let bbox = self.face.global_bounding_box();
        let bold = self.face.is_bold();
        pdf.font_descriptor(ids.descriptor)
            .name(base_name)
            .flags(FontFlags::NON_SYMBOLIC)
            .bbox(Rect::new(
                f32::from(bbox.x_min) * self.scale,
                f32::from(bbox.y_min) * self.scale,
                f32::from(bbox.x_max) * self.scale,
                f32::from(bbox.y_max) * self.scale,
            ))
            .italic_angle(self.face.italic_angle())
            .ascent(f32::from(self.face.ascender()) * self.scale)
            .descent(f32::from(self.face.descender()) * self.scale)
            .cap_height(
                f32::from(self.face.capital_height().unwrap_or(self.face.ascender())) * self.scale,
            )
            .stem_v(if bold { 140.0 } else { 80.0 })
            .font_file2(ids.file);

        let mut cmap = UnicodeCmap::new(Name(b"Custom"), system_info);
        for (glyph, c) in &self.chars {
            cmap.pair(*glyph, *c);
        }
        let cmap = deflate(&cmap.finish())?;
        pdf.cmap(ids.to_unicode, &cmap).filter(Filter::FlateDecode);

        let data = deflate(&subset)?;
        pdf.stream(ids.file, &data)
            .filter(Filter::FlateDecode)
            .pair(
                Name(b"Length1"),
                i32::try_from(subset.len()).unwrap_or(i32::MAX),
            );
        Ok(())
    }

    /// Six capital letters that depend on the glyph set, as PDF wants for subsets.
    fn subset_tag(&self) -> String {
        // FNV-1a, stable across builds.
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for glyph in self.remapper.remapped_gids() {
            for byte in glyph.to_be_bytes() {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        (0..6)
            .map(|_| {
                let letter = char::from(b'A' + (hash % 26) as u8);
                hash /= 26;
                letter
            })
            .collect()
    }
}

/// Prints one line of text with its baseline at `y`.
fn show(fonts: &mut [Font; 2], page: &mut Content, style: Style, x: f32, y: f32, text: &str) {
    if text.is_empty() {
        return;
    }
    let font = &mut fonts[style.font];
    let encoded = font.encode(text);
    page.set_fill_gray(style.gray)
        .begin_text()
        .set_font(Name(font.resource), style.size)
        .next_line(x, y)
        .show(Str(&encoded))
        .end_text();
}

/// Text as it can be printed: composed (NFC), line breaks as `\n`, tabs as spaces, no
/// other control or invisible characters.
fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    text.nfc()
        .filter_map(|c| match c {
            '\r' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            '\n' => Some('\n'),
            '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{FEFF}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Width of the widest explicit line of `text`.
fn widest_line(font: &Font, size: f32, text: &str) -> f32 {
    text.split('\n')
        .map(|line| font.width(line, size))
        .fold(0.0, f32::max)
}

/// Splits `text` into lines no wider than `width`: at `\n`, then between words (at plain
/// spaces, never at non-breaking ones), then inside words too long for a line. Always at
/// least one line; every line holds at least one character.
fn wrap(font: &Font, size: f32, text: &str, width: f32) -> Vec<String> {
    let space = font.width(" ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = font.width(word, size);
            if line.is_empty() {
                // Nothing to do here.
            } else if line_width + space + word_width <= width {
                line.push(' ');
                line.push_str(word);
                line_width += space + word_width;
                continue;
            } else {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            if word_width <= width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            // A word longer than a line: cut it wherever the line is full.
            for c in word.chars() {
                let c_width = font.width(c.encode_utf8(&mut [0; 4]), size);
                if !line.is_empty() && line_width + c_width > width {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push(c);
                line_width += c_width;
            }
        }
        lines.push(line);
    }
    lines
}

/// Splits `available` between columns. When all fit, each gets its natural width plus a
/// share of the rest; otherwise narrow columns keep their natural width and wide ones share
/// the rest, roughly in proportion, so that they wrap to similar numbers of lines.
fn column_widths(natural: &[f32], available: f32) -> Vec<f32> {
    let sum: f32 = natural.iter().sum();
    if sum <= 0.0 {
        return vec![available / natural.len().max(1) as f32; natural.len()];
    }
    if sum <= available {
        return natural.iter().map(|w| w * available / sum).collect();
    }
    let mut widths = vec![0.0; natural.len()];
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut remaining = available;
    while !open.is_empty() {
        let fair = remaining / open.len() as f32;
        let (narrow, wide): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&i| natural[i] <= fair);
        if narrow.is_empty() {
            // Each gets half a fair share, and the rest in proportion to what it lacks.
            let floor = fair / 2.0;
            let excess: f32 = wide.iter().map(|&i| natural[i] - floor).sum();
            let spare = remaining - floor * wide.len() as f32;
            for i in wide {
                widths[i] = floor + spare * (natural[i] - floor) / excess;
            }
            break;
        }
        for i in narrow {
            widths[i] = natural[i];
            remaining -= natural[i];
        }
        open = wide;
    }
    widths
}

/// zlib-compresses a stream for `/FlateDecode`.
fn deflate(data: &[u8]) -> Result<Vec<u8>, PdfError> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, value: &str) -> PdfBlock {
        PdfBlock::Row {
            label: label.to_owned(),
            value: value.to_owned(),
        }
    }

    fn section(heading: &str, blocks: Vec<PdfBlock>) -> PdfSection {
        PdfSection {
            heading: heading.to_owned(),
            blocks,
        }
    }

    fn document(sections: Vec<PdfSection>) -> PdfDocument {
        PdfDocument {
            title: "Dossier de Élodie Lefèvre".to_owned(),
            subtitle: Some("Extrait le 3 février 2025 par la Mission Locale de Nantes".to_owned()),
            sections,
            footer: Some("Document établi au titre du droit d’accès (RGPD, art. 15)".to_owned()),
        }
    }

    /// Page count and extracted text, read back by an independent parser.
    fn read(pdf: &[u8]) -> (usize, String) {
        let doc = lopdf::Document::load_mem(pdf).expect("a valid PDF");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        let text = doc.extract_text(&pages).expect("extractable text");
        (pages.len(), text)
    }

    fn history(rows: usize) -> PdfBlock {
        PdfBlock::Table {
            columns: [
                "Date",
                "Champ",
                "Ancienne valeur",
                "Nouvelle valeur",
                "Auteur",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: (1..=rows)
                .map(|i| {
                    vec![
                        format!("{:02}/03/2025 10:{:02}", i % 28 + 1, i % 60),
                        "Adresse".to_owned(),
                        format!("{i} rue de la Paix, 44000 Nantes"),
                        format!("{i} bis avenue des Écoles, appartement {i}, 44100 Nantes"),
                        format!("Conseillère n° {i}"),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn output_is_a_pdf_with_the_title_in_its_metadata() {
        let bytes = render(&document(vec![])).expect("rendered");
        assert!(bytes.starts_with(b"%PDF-"));
        let doc = lopdf::Document::load_mem(&bytes).expect("a valid PDF");
        let info = doc
            .trailer
            .get(b"Info")
            .and_then(lopdf::Object::as_reference)
            .and_then(|id| doc.get_dictionary(id))
            .expect("an info dictionary");
        let title = info.get(b"Title").expect("a title");
        assert_eq!(
            lopdf::decode_text_string(title).expect("text"),
            "Dossier de Élodie Lefèvre"
        );
    }

    #[test]
    fn french_text_round_trips() {
        let doc = document(vec![section(
            "Situation",
            vec![
                row("Nom", "Élodie Lefèvre"),
                row("Mode de garde", "Crèche « Les P’tits Loups », à Rezé"),
                PdfBlock::Paragraph(
                    "Aide au déménagement accordée : 150 €. Mise en œuvre par l’équipe ; suivi \
                     assuré\u{202F}! Ça reste à vérifier, ÀÉÈÊËÎÏÔÙÛÜŸÇŒÆ."
                        .to_owned(),
                ),
            ],
        )]);
        let (pages, text) = read(&render(&doc).expect("rendered"));
        assert_eq!(pages, 1);
        for expected in [
            "Élodie Lefèvre",
            "Crèche",
            "« Les P’tits Loups »",
            "déménagement",
            "œuvre",
            "150 €",
            "ÀÉÈÊËÎÏÔÙÛÜŸÇŒÆ",
            "page 1 / 1",
            "droit d’accès",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from {text:?}"
            );
        }
    }

    #[test]
    fn decomposed_accents_are_composed() {
        let doc = document(vec![section(
            "",
            vec![row("Nom", "Le\u{301}a Ho\u{308}fer")],
        )]);
        let (_, text) = read(&render(&doc).expect("rendered"));
        assert!(text.contains("Léa Höfer"), "{text:?}");
    }

    #[test]
    fn a_long_table_paginates_repeats_its_header_and_ends_with_its_last_row() {
        let doc = document(vec![section(
            "Historique des modifications",
            vec![history(2000)],
        )]);
        let bytes = render(&doc).expect("rendered");
        let (pages, text) = read(&bytes);
        assert!(pages > 1, "{pages} page(s)");
        assert!(text.contains("Conseillère n° 2000"), "last row missing");
        assert!(text.contains(&format!("page {pages} / {pages}")));
        // The header is printed once per page.
        assert_eq!(text.matches("Ancienne valeur").count(), pages);
    }

    #[test]
    fn huge_words_and_paragraphs_do_not_panic_and_paginate() {
        let word = "Anticonstitutionnellement".repeat(800);
        let paragraph =
            "Le jeune a exprimé le souhait de reprendre une formation qualifiante. ".repeat(150);
        let doc = PdfDocument {
            title: word.clone(),
            subtitle: Some(word.clone()),
            sections: vec![section(
                &word,
                vec![
                    row(&word, &word),
                    PdfBlock::Paragraph(paragraph.clone()),
                    PdfBlock::Paragraph(word.clone()),
                    PdfBlock::Table {
                        columns: vec![word.clone(), "Court".to_owned()],
                        rows: vec![
                            vec![word.clone(), "x".to_owned(), "colonne en trop".to_owned()],
                            vec![],
                        ],
                    },
                    PdfBlock::Table {
                        columns: (0..60).map(|i| format!("Colonne {i}")).collect(),
                        rows: vec![(0..60).map(|i| format!("valeur {i}")).collect()],
                    },
                    PdfBlock::Table {
                        columns: vec![],
                        rows: vec![],
                    },
                ],
            )],
            footer: Some(paragraph),
        };
        let bytes = render(&doc).expect("rendered");
        let (pages, text) = read(&bytes);
        assert!(pages > 3, "{pages} page(s)");
        assert!(text.contains("colonne en trop"));
    }

    #[test]
    fn empty_document_has_one_page() {
        let bytes = render(&PdfDocument::default()).expect("rendered");
        let (pages, text) = read(&bytes);
        assert_eq!(pages, 1);
        assert!(text.contains("page 1 / 1"));
    }

    #[test]
    fn characters_missing_from_the_font_print_as_question_marks() {
        let doc = document(vec![section(
            "",
            vec![PdfBlock::Paragraph("漢字 ok\u{0}\u{7}".to_owned())],
        )]);
        let (_, text) = read(&render(&doc).expect("rendered"));
        assert!(text.contains("?? ok"), "{text:?}");
    }

    #[test]
    fn wrapped_lines_fit_and_non_breaking_spaces_hold() {
        let font = Font::load(REGULAR_TTF, "LiberationSans", b"F1").expect("font");
        let text = "Montant\u{A0}: 1\u{202F}500\u{A0}€ ".repeat(40) + &"x".repeat(500);
        let lines = wrap(&font, 11.0, &text, 200.0);
        assert!(lines.len() > 10);
        for line in &lines {
            assert!(font.width(line, 11.0) <= 200.0, "{line:?} too wide");
            assert!(!line.starts_with('€') && !line.starts_with(':'), "{line:?}");
        }
        assert_eq!(wrap(&font, 11.0, "", 200.0), vec![String::new()]);
        assert_eq!(wrap(&font, 11.0, "a\n\nb", 200.0), ["a", "", "b"]);
        // Narrower than one character: one character per line, no endless loop.
        assert_eq!(wrap(&font, 11.0, "abc", 0.0), ["a", "b", "c"]);
    }

    #[test]
    fn column_widths_fill_the_line() {
        for natural in [
            vec![10.0, 20.0],
            vec![400.0, 30.0, 300.0],
            vec![0.0, 0.0],
            vec![900.0; 7],
        ] {
            let widths = column_widths(&natural, 480.0);
            let sum: f32 = widths.iter().sum();
            assert!((sum - 480.0).abs() < 0.01, "{natural:?} → {widths:?}");
        }
        // A narrow column keeps its width when others are too wide; the widest gets most.
        let widths = column_widths(&[400.0, 30.0, 300.0], 480.0);
        assert!((widths[1] - 30.0).abs() < 0.01, "{widths:?}");
        assert!(widths[0] > widths[2] && widths[2] > 112.0, "{widths:?}");
    }

    #[test]
    fn a_typical_three_page_file_is_small() {
        let mut sections = vec![section(
            "Identité",
            vec![
                row("Nom", "Lefèvre"),
                row("Prénom", "Élodie"),
                row("Date de naissance", "14/07/2006"),
                row("Adresse", "12 rue de la Crèche, 44000 Nantes"),
                row("Courriel", "elodie.lefevre@example.org"),
                row("Téléphone", "06 12 34 56 78"),
            ],
        )];
        sections.push(section(
            "Parcours",
            vec![
                row("Situation", "Demandeuse d’emploi, projet de déménagement"),
                PdfBlock::Paragraph(
                    "Entretien de diagnostic : souhaite mettre en œuvre un projet de formation \
                     dans l’animation. Budget mobilité estimé à 300 €."
                        .repeat(4),
                ),
            ],
        ));
        sections.push(section("Historique des modifications", vec![history(55)]));
        let bytes = render(&document(sections)).expect("rendered");
        if let Some(path) = std::env::var_os("PDF_SAMPLE") {
            std::fs::write(path, &bytes).expect("sample written");
        }
        let (pages, _) = read(&bytes);
        assert_eq!(pages, 3);
        println!("typical 3-page file: {} bytes", bytes.len());
        assert!(bytes.len() < 60_000, "{} bytes", bytes.len());
    }
}
