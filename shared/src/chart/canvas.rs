//! A thin drawing surface over plotters' SVG backend in pixel coordinates, plus the pieces
//! plotters cannot write: `<title>` tooltips (as transparent hit areas drawn last), the
//! accessible name, the chart's `<title>` and `<desc>`, and the data mark on the last row.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::{
    Circle, DrawingArea, IntoDrawingArea, PathElement, RGBColor, Rectangle, SVGBackend, ShapeStyle,
    Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, FontTransform};

use super::layout::{LABEL_PX, TITLE_PX, TextBox, text_width};
use super::{
    BACKGROUND_COLOUR, DataMark, FONT_FAMILY, MUTED_TEXT_COLOUR, NO_DATA, SAMPLE_MARK_COLOUR,
    TEXT_COLOUR,
};

/// The row at the foot of every chart that holds its [`DataMark`] (two rows when the mark is
/// too long for one at 12 px, see [`mark_lines`]).
pub(super) const MARK_ROW: i32 = 20;
/// The height of a second line of the mark.
const MARK_LINE: i32 = 15;

/// The lines of `mark` as written at the foot of a chart `width` pixels wide: one, or two when
/// it is too long for one line at 12 px (never a smaller size), the second shortened with `…`
/// if need be — the `<desc>` and the table view keep it whole.
pub(super) fn mark_lines(mark: &DataMark, width: i32) -> Vec<String> {
    super::layout::wrap(&mark.line(), (width - 24).max(24), LABEL_PX, 2)
}

/// The height the mark takes at the foot of a chart `width` pixels wide.
pub(super) fn mark_height(mark: &DataMark, width: i32) -> i32 {
    let extra = i32::try_from(mark_lines(mark, width).len().saturating_sub(1)).unwrap_or(0);
    MARK_ROW + extra * MARK_LINE
}

/// A pixel position, x to the right and y down.
pub(super) type Px = (i32, i32);

/// plotters stores a font size as pixels × 1.24 and writes it back divided by 1.24.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// `#RRGGBB` as a plotters colour, at compile time.
pub(super) const fn rgb(hex: &str) -> RGBColor {
    let bytes = hex.as_bytes();
    RGBColor(
        hex_byte(bytes[1], bytes[2]),
        hex_byte(bytes[3], bytes[4]),
        hex_byte(bytes[5], bytes[6]),
    )
}

const fn hex_byte(high: u8, low: u8) -> u8 {
    hex_digit(high) * 16 + hex_digit(low)
}

const fn hex_digit(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
}

/// How a piece of text is set; `at` is the anchor point of [`Canvas::text`].
#[derive(Clone, Copy)]
pub(super) struct TextStyle {
    pub(super) px: u32,
    pub(super) colour: RGBColor,
    pub(super) h: HPos,
    pub(super) v: VPos,
    pub(super) bold: bool,
    /// Turned a quarter anticlockwise, reading bottom to top.
    pub(super) upright: bool,
}

impl TextStyle {
    /// Normal weight, centred on the anchor both ways.
    pub(super) fn centred(px: u32, colour: RGBColor) -> Self {
        Self {
            px,
            colour,
            h: HPos::Center,
            v: VPos::Center,
            bold: false,
            upright: false,
        }
    }

    /// The same style anchored at `h` horizontally.
    pub(super) fn anchored(self, h: HPos) -> Self {
        Self { h, ..self }
    }

    /// The same style in bold when `bold`.
    pub(super) fn bold(self, bold: bool) -> Self {
        Self { bold, ..self }
    }

    /// The same style turned to read bottom to top when `upright`.
    pub(super) fn upright(self, upright: bool) -> Self {
        Self { upright, ..self }
    }
}

/// The surface a chart is drawn on. Drawing errors are remembered, not returned: the SVG
/// backend writes to a `String` and does not fail, and a chart is all or nothing anyway.
pub(super) struct Canvas<'a> {
    root: DrawingArea<SVGBackend<'a>, Shift>,
    /// Haloed labels, written after everything plotters draws.
    labels: Vec<String>,
    /// The boxes of every text drawn so far: a value label that would overlap one is dropped.
    taken: Vec<TextBox>,
    /// Tooltip hit areas, written last so they are on top.
    overlays: Vec<String>,
    failed: bool,
    pub(super) width: i32,
    pub(super) height: i32,
}

impl std::fmt::Debug for Canvas<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Canvas")
            .field("width", &self.width)
            .field("height", &self.height)
            .field("overlays", &self.overlays.len())
            .finish_non_exhaustive()
    }
}

impl Canvas<'_> {
    fn record<E>(&mut self, result: Result<(), E>) {
        if result.is_err() {
            self.failed = true;
        }
    }

    /// A filled rectangle between two corners.
    pub(super) fn fill_rect(&mut self, a: Px, b: Px, colour: RGBColor) {
        let corners = [(a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))];
        let result = self.root.draw(&Rectangle::new(corners, colour.filled()));
        self.record(result);
    }

    /// A solid line through `points`.
    pub(super) fn line(&mut self, points: Vec<Px>, colour: RGBColor, width: u32) {
        if points.len() < 2 {
            return;
        }
        let result = self
            .root
            .draw(&PathElement::new(points, colour.stroke_width(width)));
        self.record(result);
    }

    /// A dashed line through `points`.
    pub(super) fn dashed(&mut self, points: Vec<Px>, colour: RGBColor, width: u32) {
        if points.len() < 2 {
            return;
        }
        let style: ShapeStyle = colour.stroke_width(width);
        let dash = i32::try_from(width * 3).unwrap_or(6).max(5);
        let result = self
            .root
            .draw(&DashedPathElement::new(points, dash, dash * 2 / 3, style));
        self.record(result);
    }

    /// A dot: a filled circle on a white rim, or a 2-pixel ring filled white when `hollow`.
    pub(super) fn dot(&mut self, centre: Px, radius: u32, colour: RGBColor, hollow: bool) {
        let result = if hollow {
            self.root
                .draw(&Circle::new(
                    centre,
                    radius,
                    rgb(BACKGROUND_COLOUR).filled(),
                ))
                .and_then(|()| {
                    self.root
                        .draw(&Circle::new(centre, radius, colour.stroke_width(2)))
                })
        } else {
            self.root
                .draw(&Circle::new(
                    centre,
                    radius + 1,
                    rgb(BACKGROUND_COLOUR).filled(),
                ))
                .and_then(|()| {
                    self.root
                        .draw(&Circle::new(centre, radius, colour.filled()))
                })
        };
        self.record(result);
    }

    /// `text` set in `style` at `at`; empty text draws nothing.
    pub(super) fn text(&mut self, text: &str, at: Px, style: TextStyle) {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        if text.is_empty() {
            return;
        }
        let weight = if style.bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let font = FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            f64::from(style.px) * PLOTTERS_FONT_SCALE,
            weight,
        );
        let font = if style.upright {
            font.transform(FontTransform::Rotate270)
        } else {
            font
        };
        let text_style = font.color(&style.colour).pos(Pos::new(style.h, style.v));
        let result = self.root.draw(&Text::new(text.as_str(), at, text_style));
        self.record(result);
        self.taken.push(text_box(&text, at, style));
    }

    /// `text` as [`Canvas::text`] sets it, on a white halo so lines and bars under it do not
    /// cut through it, and above everything plotters draws. Written by hand in the same form
    /// as plotters' `<text>`: a white outlined copy first, the text itself over it.
    ///
    /// A label whose box would overlap the box of any text already drawn is dropped (the
    /// table view keeps every number).
    pub(super) fn halo_text(&mut self, text: &str, at: Px, style: TextStyle) {
        let text: String = text.chars().filter(|c| !c.is_control()).collect();
        if text.is_empty() {
            return;
        }
        let bounds = text_box(&text, at, style);
        if self.taken.iter().any(|taken| taken.overlaps(&bounds)) {
            return;
        }
        self.taken.push(bounds);
        let anchor = match style.h {
            HPos::Left => "start",
            HPos::Center => "middle",
            HPos::Right => "end",
        };
        let dy = match style.v {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let weight = if style.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let transform = if style.upright {
            format!(r#" transform="rotate(270, {}, {})""#, at.0, at.1)
        } else {
            String::new()
        };
        let RGBColor(r, g, b) = style.colour;
        let common = format!(
            r#"x="{}" y="{}" dy="{dy}" text-anchor="{anchor}" font-family="{}" font-size="{}"{weight}{transform}"#,
            at.0,
            at.1,
            escape(FONT_FAMILY),
            style.px,
        );
        let text = escape(&text);
        self.labels.push(format!(
            r#"<text {common} fill="{BACKGROUND_COLOUR}" stroke="{BACKGROUND_COLOUR}" stroke-width="3" stroke-linejoin="round">{text}</text>"#
        ));
        self.labels.push(format!(
            "<text {common} fill=\"#{r:02X}{g:02X}{b:02X}\">{text}</text>"
        ));
    }

    /// A tooltip over the circle around `centre`.
    pub(super) fn tooltip_circle(&mut self, centre: Px, radius: u32, tooltip: &str) {
        self.overlays.push(format!(
            r##"<circle cx="{}" cy="{}" r="{radius}" fill="#000000" fill-opacity="0"><title>{}</title></circle>"##,
            centre.0,
            centre.1,
            escape(tooltip)
        ));
    }

    /// A tooltip over the rectangle between two corners.
    pub(super) fn tooltip_rect(&mut self, a: Px, b: Px, tooltip: &str) {
        let (x, y) = (a.0.min(b.0), a.1.min(b.1));
        let (width, height) = ((a.0 - b.0).abs().max(1), (a.1 - b.1).abs().max(1));
        self.overlays.push(format!(
            r##"<rect x="{x}" y="{y}" width="{width}" height="{height}" fill="#000000" fill-opacity="0"><title>{}</title></rect>"##,
            escape(tooltip)
        ));
    }
}

/// The estimated box of `text` set in `style` at `at`.
fn text_box(text: &str, at: Px, style: TextStyle) -> TextBox {
    TextBox::of(text, at, style.px, (style.h, style.v), style.upright)
}

/// What a chart document says about itself besides the drawing.
#[derive(Debug, Clone, Copy)]
pub(super) struct About<'a> {
    /// The heading: the accessible name and the `<title>`.
    title: &'a str,
    /// The `<desc>`: what the chart shows, in words.
    desc: &'a str,
    /// Written on the last row.
    mark: &'a DataMark,
}

impl<'a> About<'a> {
    /// A chart named `title`, described by `desc`, marked with `mark`.
    pub(super) fn new(title: &'a str, desc: &'a str, mark: &'a DataMark) -> Self {
        Self { title, desc, mark }
    }
}

/// Draws on a fresh `width` × `height` canvas with a white background and returns the SVG
/// document, named and described by `about`, its mark on the last row (the drawing gets the
/// height above it).
pub(super) fn render(
    width: u32,
    height: u32,
    about: About<'_>,
    draw: impl FnOnce(&mut Canvas<'_>),
) -> String {
    let title = about.title;
    let mut buffer = String::new();
    let (overlays, failed) = {
        let root = SVGBackend::with_string(&mut buffer, (width, height)).into_drawing_area();
        let mut canvas = Canvas {
            root,
            labels: Vec::new(),
            taken: Vec::new(),
            overlays: Vec::new(),
            failed: false,
            width: i32::try_from(width).unwrap_or(i32::MAX),
            height: i32::try_from(height).unwrap_or(i32::MAX)
                - mark_height(about.mark, i32::try_from(width).unwrap_or(i32::MAX)),
        };
        let background = canvas.root.fill(&rgb(BACKGROUND_COLOUR));
        canvas.record(background);
        draw(&mut canvas);
        draw_mark(&mut canvas, about.mark);
        let presented = canvas.root.present();
        canvas.record(presented);
        let mut overlays = canvas.labels;
        overlays.extend(canvas.overlays);
        (overlays, canvas.failed)
    };
    let body = buffer.trim_end().strip_suffix("</svg>").filter(|_| !failed);
    let Some((attributes, body)) = body
        .and_then(|body| body.strip_prefix("<svg"))
        .and_then(|body| body.split_once('>'))
    else {
        return fallback(width, height, about);
    };
    let mut out =
        String::with_capacity(buffer.len() + overlays.iter().map(String::len).sum::<usize>() + 400);
    out.push_str("<svg");
    out.push_str(&root_attributes(title));
    out.push_str(attributes);
    out.push('>');
    out.push_str(&heading(about));
    out.push_str(body);
    for overlay in overlays {
        out.push_str(&overlay);
        out.push('\n');
    }
    out.push_str("</svg>");
    out
}

/// The attributes added to the root `<svg>`: the accessible name and a class to style by.
fn root_attributes(title: &str) -> String {
    format!(
        r#" role="img" aria-label="{}" class="fundlens-chart""#,
        escape(title)
    )
}

/// The `<title>` and `<desc>` that open the document.
fn heading(about: About<'_>) -> String {
    format!(
        "\n<title>{}</title><desc>{}</desc>",
        escape(about.title),
        escape(&format!("{}{}", about.desc, about.mark.line()))
    )
}

/// The mark on the last row, left-aligned and shortened to fit: [`super::SAMPLE_MARK`] in
/// bold [`SAMPLE_MARK_COLOUR`], a source in the muted colour.
fn draw_mark(canvas: &mut Canvas<'_>, mark: &DataMark) {
    let colour = if mark.is_sample() {
        SAMPLE_MARK_COLOUR
    } else {
        MUTED_TEXT_COLOUR
    };
    let style = TextStyle::centred(LABEL_PX, rgb(colour))
        .anchored(HPos::Left)
        .bold(mark.is_sample());
    let first = canvas.height + MARK_ROW / 2;
    for (line, text) in (0..).zip(mark_lines(mark, canvas.width)) {
        canvas.text(&text, (12, first + line * MARK_LINE), style);
    }
}

/// A chart with only its title, [`NO_DATA`] and its mark, written by hand in case drawing ever
/// fails.
fn fallback(width: u32, height: u32, about: About<'_>) -> String {
    format!(
        concat!(
            r#"<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg""#,
            "{root}>{heading}\n",
            r#"<rect x="0" y="0" width="{w}" height="{h}" fill="{bg}"/>"#,
            "\n",
            r#"<text x="{cx}" y="{ty}" text-anchor="middle" font-family="{font}" font-size="{tp}" font-weight="bold" fill="{fg}">{title}</text>"#,
            "\n",
            r#"<text x="{cx}" y="{cy}" text-anchor="middle" font-family="{font}" font-size="14" fill="{muted}">{none}</text>"#,
            "\n",
            r#"<text x="12" y="{my}" font-family="{font}" font-size="12" fill="{muted}">{mark}</text>"#,
            "\n</svg>"
        ),
        w = width,
        h = height,
        root = root_attributes(about.title),
        heading = heading(about),
        my = height.saturating_sub(6),
        mark = escape(&about.mark.line()),
        bg = BACKGROUND_COLOUR,
        cx = width / 2,
        ty = 28,
        cy = height / 2,
        font = escape(FONT_FAMILY),
        tp = TITLE_PX,
        fg = TEXT_COLOUR,
        muted = MUTED_TEXT_COLOUR,
        title = escape(about.title),
        none = NO_DATA,
    )
}

/// `text` safe inside XML content and double-quoted attributes.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The chart title, centred at the top and shortened to fit; returns the y below it.
pub(super) fn draw_title(canvas: &mut Canvas<'_>, title: &str) -> i32 {
    let available = canvas.width - 24;
    let (text, px) = super::layout::fit_line(title.trim(), available, &[TITLE_PX, 14, 12]);
    let style = TextStyle::centred(px, rgb(TEXT_COLOUR)).bold(true);
    canvas.text(&text, (canvas.width / 2, 22), style);
    if text_width(&text, px) > 0 { 42 } else { 16 }
}

/// An empty chart: the title and [`NO_DATA`] in the middle.
pub(super) fn draw_empty(canvas: &mut Canvas<'_>, title: &str) {
    let top = draw_title(canvas, title);
    let middle = (top + canvas.height) / 2;
    canvas.text(
        NO_DATA,
        (canvas.width / 2, middle),
        TextStyle::centred(14, rgb(MUTED_TEXT_COLOUR)),
    );
}
