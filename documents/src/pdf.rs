//! PDFs with a text layer, read as their text (`pdf-extract`, on lopdf) and then as the text a
//! copy gives ([`super::text`]): characters on one line joined, a gap wider than a character
//! between two runs of text written as a tab (a cell boundary), a move down as a new line. A PDF
//! without a text layer (a scan) is refused with a message saying so; an encrypted one as
//! encrypted. At most [`MAX_PDF_PAGES`] pages are read.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use super::DocumentError;
use super::limits::MAX_PDF_PAGES;

/// A gap between two runs of text wider than this many characters parts two cells.
const CELL_GAP: f64 = 1.0;

/// The page's characters as lines of tab-separated cells.
#[derive(Default)]
struct CellText {
    text: String,
    first_in_run: bool,
    last_end: f64,
    last_y: f64,
}

impl OutputDev for CellText {
    fn begin_page(
        &mut self,
        _page: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        self.last_y = f64::NAN;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The size of a character as placed: the text matrix scales the font size.
        let across = font_size * (trm.m11 + trm.m21);
        let up = font_size * (trm.m12 + trm.m22);
        let size = (across * up).abs().sqrt().max(f64::EPSILON);
        let (x, y) = (trm.m31, trm.m32);
        if self.first_in_run && !self.last_y.is_nan() {
            if (y - self.last_y).abs() > size * 0.5 {
                self.text.push('\n');
            } else if x > self.last_end + size * CELL_GAP {
                self.text.push('\t');
            } else if x > self.last_end + size * 0.1 {
                self.text.push(' ');
            }
        }
        self.text.push_str(char);
        self.first_in_run = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.first_in_run = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Fewest letters a page of text holds; below it the PDF is taken for a scan.
const LETTERS_PER_PAGE: usize = 10;

/// The text of a PDF.
///
/// # Errors
/// A scanned PDF (no text layer), an encrypted or damaged one, or one of too many pages.
pub(crate) fn read(bytes: &[u8]) -> Result<String, DocumentError> {
    let document = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| DocumentError::Corrupt(format!("PDF 结构有误（{e}）")))?;
    if document.is_encrypted() {
        return Err(DocumentError::Encrypted);
    }
    let pages = document.get_pages().len();
    if pages > MAX_PDF_PAGES {
        return Err(DocumentError::TooLarge(format!(
            "PDF 有 {pages} 页，超过上限 {MAX_PDF_PAGES} 页"
        )));
    }
    // The extractor follows fonts and content streams the file describes; a malformed one can
    // make it panic, which must refuse the file, not end the server. The document is dropped
    // after a panic, so nothing it left half-changed is seen again.
    let text = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut cells = CellText::default();
        pdf_extract::output_doc(&document, &mut cells).map(|()| cells.text)
    }))
    .map_err(|_| DocumentError::Corrupt("PDF 的内容无法解析".to_owned()))?
    .map_err(|e| DocumentError::Corrupt(format!("PDF 的文字无法读出（{e}）")))?;
    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
    if letters < LETTERS_PER_PAGE * pages.max(1) {
        return Err(DocumentError::Scanned);
    }
    Ok(text)
}
