//! PDFs with a text layer, read as their text (`pdf-extract`, on lopdf) and then as the text a
//! copy gives ([`super::text`]): cells come out separated by runs of spaces. A PDF without a
//! text layer (a scan) is refused with a message saying so; an encrypted one as encrypted. At
//! most [`MAX_PDF_PAGES`] pages are read.

use super::DocumentError;
use super::limits::MAX_PDF_PAGES;

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
    drop(document);
    // The extractor follows fonts and content streams the file describes; a malformed one can
    // make it panic, which must refuse the file, not end the server.
    let text = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| DocumentError::Corrupt("PDF 的内容无法解析".to_owned()))?
        .map_err(|e| DocumentError::Corrupt(format!("PDF 的文字无法读出（{e}）")))?;
    let letters = text.chars().filter(|c| !c.is_whitespace()).count();
    if letters < LETTERS_PER_PAGE * pages.max(1) {
        return Err(DocumentError::Scanned);
    }
    Ok(text)
}
