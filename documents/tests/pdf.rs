//! PDFs: a form printed to PDF with a text layer (Chinese through a Type0 font and its
//! ToUnicode map, each cell drawn where a table puts it) reads as the form; a scan, whose pages
//! draw no text, is refused saying it has no text layer.

use fundlens_documents::{self as documents, DocumentError};
use pdf_extract::{Document, Object, Stream, StringFormat, dictionary};

/// A one-page PDF drawing `rows` as a table: each cell's text at its column's place, a line per
/// row, in a font whose codes map to the characters through a ToUnicode map (as a PDF printed
/// from Word or WPS holds Chinese).
fn printed(rows: &[&[&str]]) -> Vec<u8> {
    let mut chars: Vec<char> = rows
        .iter()
        .flat_map(|r| r.iter())
        .flat_map(|c| c.chars())
        .collect();
    chars.sort_unstable();
    chars.dedup();
    let code = |c: char| chars.iter().position(|x| *x == c).map_or(0, |at| at + 1);
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in chars.chunks(100) {
        cmap.push_str(&format!("{} beginbfchar\n", block.len()));
        for c in block {
            cmap.push_str(&format!("<{:04X}> <{:04X}>\n", code(*c), u32::from(*c)));
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    let mut content = String::new();
    for (r, row) in rows.iter().enumerate() {
        let y = 780 - 24 * r;
        let mut x = 40;
        for cell in row.iter() {
            let codes: String = cell.chars().map(|c| format!("{:04X}", code(c))).collect();
            content.push_str(&format!(
                "BT /F1 10 Tf 1 0 0 1 {x} {y} Tm <{codes}> Tj ET\n"
            ));
            x += 10 * (cell.chars().count() + 3);
        }
    }
    let mut document = Document::with_version("1.5");
    let to_unicode = document.add_object(Stream::new(dictionary! {}, cmap.into_bytes()));
    let descendant = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "SimSun",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::String(b"Adobe".to_vec(), StringFormat::Literal),
            "Ordering" => Object::String(b"Identity".to_vec(), StringFormat::Literal),
            "Supplement" => 0,
        },
        "DW" => 1000,
        "FontDescriptor" => dictionary! {
            "Type" => "FontDescriptor",
            "FontName" => "SimSun",
            "Flags" => 4,
            "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
            "ItalicAngle" => 0,
            "Ascent" => 880,
            "Descent" => -120,
            "CapHeight" => 880,
            "StemV" => 80,
        },
    });
    let font = document.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "SimSun",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()],
        "ToUnicode" => to_unicode,
    });
    page_of(document, content.into_bytes(), Some(font))
}

/// A document of one page drawing `content`, with `font` as /F1.
fn page_of(mut document: Document, content: Vec<u8>, font: Option<(u32, u16)>) -> Vec<u8> {
    let pages = document.new_object_id();
    let content = document.add_object(Stream::new(dictionary! {}, content));
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "Contents" => content,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    };
    if let Some(font) = font {
        page.set(
            "Resources",
            dictionary! {"Font" => dictionary! {"F1" => font}},
        );
    }
    let page = document.add_object(page);
    document.objects.insert(
        pages,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page.into()],
            "Count" => 1,
        }),
    );
    let catalog = document.add_object(dictionary! {"Type" => "Catalog", "Pages" => pages});
    document.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    document.save_to(&mut bytes).expect("a PDF");
    bytes
}

#[test]
fn a_form_printed_to_pdf_reads_as_the_form() {
    let bytes = printed(&[
        &["2023年度项目支出绩效自评表"],
        &["项目名称", "中小企业发展专项资金"],
        &["主管部门", "赫山区工业和信息化局"],
        &[
            "一级指标",
            "二级指标",
            "三级指标",
            "年度指标值",
            "实际完成值",
            "分值",
            "得分",
        ],
        &[
            "产出指标",
            "数量指标",
            "新入规企业",
            "≥12家",
            "13家",
            "10",
            "10",
        ],
        &[
            "效益指标",
            "社会效益指标",
            "带动就业",
            "成效明显",
            "成效明显",
            "10",
            "9",
        ],
    ]);
    let drafts = documents::read(&bytes, "表.pdf", "表.pdf", &["赫山区".to_owned()])
        .expect("a PDF with a text layer reads");
    let record = &drafts[0].record;
    assert_eq!(record["program"]["name"], "中小企业发展专项资金");
    assert_eq!(record["year"], 2023);
    assert_eq!(record["indicators"][0]["name"], "新入规企业");
    assert_eq!(record["indicators"][0]["target"], "≥12家");
    assert_eq!(record["indicators"][1]["declared_score"], "9");
}

#[test]
fn a_scanned_pdf_is_refused_saying_it_has_no_text() {
    let bytes = page_of(Document::with_version("1.5"), b"q Q".to_vec(), None);
    let error = documents::read(&bytes, "扫描件.pdf", "扫描件.pdf", &[]).expect_err("refused");
    assert_eq!(error, DocumentError::Scanned);
    assert!(error.to_string().contains("扫描件"), "{error}");
    assert!(error.to_string().contains("文字层"), "{error}");
}
