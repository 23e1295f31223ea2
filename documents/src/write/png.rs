//! Chart SVGs (drawn by `shared::chart`, the same the pages and `…/chart.svg` show) rendered to
//! PNG by resvg, for files that cannot carry SVG (the Word briefing). Text is set in the
//! machine's fonts: the system fonts are loaded once, with Noto Sans CJK (fonts-noto-cjk, which
//! `cargo xtask` installs) as the sans-serif the charts' font list falls back to, so Chinese
//! labels render without tofu.

use std::sync::{Arc, LazyLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

/// Pixels per SVG pixel: twice, so the image stays sharp when Word scales it.
const SCALE: f32 = 2.0;

/// The system fonts, loaded on first use.
static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut fonts = fontdb::Database::new();
    fonts.load_system_fonts();
    let cjk = fonts
        .faces()
        .flat_map(|face| &face.families)
        .map(|(name, _)| name.clone())
        .find(|name| name == "Noto Sans CJK SC" || name.contains("CJK"));
    if let Some(cjk) = cjk {
        fonts.set_sans_serif_family(cjk);
    }
    Arc::new(fonts)
});

/// A rendered chart: PNG bytes and the SVG's own size in pixels (the size to show it at).
#[derive(Debug, Clone)]
pub struct Png {
    pub(crate) bytes: Vec<u8>,
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// Renders `svg` to PNG at twice its size.
///
/// # Errors
/// A message when the SVG cannot be read or the image cannot be encoded.
pub fn render(svg: &str) -> Result<Png, String> {
    let options = usvg::Options {
        fontdb: Arc::clone(&FONTS),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (width, height) = (size.width().ceil(), size.height().ceil());
    let mut pixmap = Pixmap::new((width * SCALE) as u32, (height * SCALE) as u32)
        .ok_or_else(|| format!("an empty chart ({width} × {height})"))?;
    resvg::render(
        &tree,
        Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    Ok(Png {
        bytes: pixmap.encode_png().map_err(|e| e.to_string())?,
        width: width as u32,
        height: height as u32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_renders_to_a_png_of_twice_its_size() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="24" font-family="sans-serif" font-size="14">示例数据</text></svg>"#;
        let png = render(svg).expect("png");
        assert_eq!((png.width, png.height), (120, 40));
        assert!(png.bytes.starts_with(b"\x89PNG"), "a PNG");
        let pixmap = Pixmap::decode_png(&png.bytes).expect("decodes");
        assert_eq!((pixmap.width(), pixmap.height()), (240, 80));
        assert!(
            pixmap.pixels().iter().any(|p| p.alpha() > 0),
            "the text is drawn"
        );
    }
}
