//! Text measurement by estimate, the box a text takes, wrapping, and nudging labels apart.
//!
//! Widths are estimated from character classes (a CJK character is one em wide, a digit a bit
//! over half) rather than measured, so layout is the same on the server and in the browser.

use plotters::style::text_anchor::{HPos, VPos};

/// Font sizes in pixels that plotters writes back exactly (it stores `px × 1.24` and divides).
/// No text is set smaller than [`VALUE_PX`] (12 px, the smallest the pages set anywhere), so
/// charts stay legible on a phone: the browser draws them at the width they are shown at.
pub(super) const TITLE_PX: u32 = 16;
pub(super) const LABEL_PX: u32 = 12;
pub(super) const VALUE_PX: u32 = 12;

/// The rectangle a piece of text covers, by estimate, in pixels (x right, y down).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TextBox {
    pub(super) left: i32,
    pub(super) top: i32,
    pub(super) right: i32,
    pub(super) bottom: i32,
}

impl TextBox {
    /// The box of `text` at `px` anchored at `at` by `h` and `v` (one em high); `upright` text
    /// reads bottom to top, so its width runs up from the anchor.
    pub(super) fn of(
        text: &str,
        at: (i32, i32),
        px: u32,
        (h, v): (HPos, VPos),
        upright: bool,
    ) -> Self {
        let width = text_width(text, px);
        let height = i32::try_from(px).unwrap_or(i32::MAX);
        let (before, after) = match h {
            HPos::Left => (0, width),
            HPos::Center => (width / 2, width - width / 2),
            HPos::Right => (width, 0),
        };
        let (above, below) = match v {
            VPos::Top => (0, height),
            VPos::Center => (height / 2, height - height / 2),
            VPos::Bottom => (height, 0),
        };
        if upright {
            // Rotated a quarter anticlockwise: the text's start is at the bottom.
            Self {
                left: at.0 - above,
                top: at.1 - after,
                right: at.0 + below,
                bottom: at.1 + before,
            }
        } else {
            Self {
                left: at.0 - before,
                top: at.1 - above,
                right: at.0 + after,
                bottom: at.1 + below,
            }
        }
    }

    /// Whether the two boxes share more than an edge.
    pub(super) fn overlaps(&self, other: &Self) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }
}

/// The estimated width of `text` at `px` pixels, rounded up.
pub(super) fn text_width(text: &str, px: u32) -> i32 {
    let ems: f64 = text.chars().map(char_em).sum();
    (ems * f64::from(px)).ceil() as i32
}

/// The width of one character in ems, generous so that estimates rarely fall short.
fn char_em(c: char) -> f64 {
    match c {
        '0'..='9' => 0.58,
        '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'l' | 'j' | ' ' => 0.3,
        '-' | '(' | ')' | '[' | ']' => 0.38,
        '%' => 0.9,
        'm' | 'w' | 'M' | 'W' => 0.9,
        'A'..='Z' => 0.68,
        c if c.is_ascii() => 0.58,
        _ => 1.0,
    }
}

/// `text` broken into at most `max_lines` lines of at most `max_width` pixels at `px`, breaking
/// between any two characters (Chinese has no spaces) except inside a run of Latin letters and
/// digits; the last line ends in `…` when text is left over. Each line holds at least one
/// character.
pub(super) fn wrap(text: &str, max_width: i32, px: u32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.trim().chars().collect();
    let mut index = 0;
    while index < chars.len() {
        let c = chars[index];
        let mut candidate = current.clone();
        candidate.push(c);
        if current.is_empty() || text_width(&candidate, px) <= max_width {
            current = candidate;
            index += 1;
            continue;
        }
        if lines.len() + 1 == max_lines.max(1) {
            lines.push(ellipsize(&current, max_width, px));
            return lines;
        }
        // Keep a run of Latin letters and digits ("10", "2022") together when the line has
        // something before it.
        let run_start = current
            .char_indices()
            .rev()
            .take_while(|(_, previous)| previous.is_ascii_alphanumeric())
            .last()
            .map(|(start, _)| start);
        match run_start {
            Some(start) if start > 0 && c.is_ascii_alphanumeric() => {
                let run = current.split_off(start);
                lines.push(std::mem::replace(&mut current, run));
            }
            _ => lines.push(std::mem::take(&mut current)),
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` with characters dropped from its end until it and `…` fit in `max_width`.
pub(super) fn ellipsize(text: &str, max_width: i32, px: u32) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        let candidate: String = chars.iter().chain(std::iter::once(&'…')).collect();
        if chars.len() <= 1 || text_width(&candidate, px) <= max_width {
            return candidate;
        }
        chars.pop();
    }
}

/// `text` whole if it fits in `max_width` at one of `sizes` (largest first), else shortened
/// with `…` at the smallest size.
pub(super) fn fit_line(text: &str, max_width: i32, sizes: &[u32]) -> (String, u32) {
    let smallest = sizes.last().copied().unwrap_or(LABEL_PX);
    for &px in sizes {
        if text_width(text, px) <= max_width {
            return (text.to_owned(), px);
        }
    }
    (ellipsize(text, max_width, smallest), smallest)
}

/// The largest of `sizes` at which every one of `texts` is at most `max_width` wide.
pub(super) fn common_size<'a>(
    texts: impl IntoIterator<Item = &'a str> + Clone,
    max_width: i32,
    sizes: &[u32],
) -> Option<u32> {
    sizes.iter().copied().find(|&px| {
        texts
            .clone()
            .into_iter()
            .all(|text| text_width(text, px) <= max_width)
    })
}

/// Centres for labels of height `gap` that want to sit at `desired`, moved apart so no two
/// overlap and, where possible, kept within `low..=high`. Returned in the input's order.
pub(super) fn spread(desired: &[i32], gap: i32, low: i32, high: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..desired.len()).collect();
    order.sort_by_key(|&index| desired[index]);
    let mut placed: Vec<i32> = order.iter().map(|&index| desired[index]).collect();
    for index in 1..placed.len() {
        placed[index] = placed[index].max(placed[index - 1] + gap);
    }
    if let Some(&last) = placed.last()
        && last > high
    {
        let shift = last - high;
        for position in &mut placed {
            *position -= shift;
        }
        for index in (0..placed.len().saturating_sub(1)).rev() {
            placed[index] = placed[index].min(placed[index + 1] - gap);
        }
    }
    if let Some(&first) = placed.first()
        && first < low
    {
        let shift = low - first;
        for position in &mut placed {
            *position += shift;
        }
    }
    let mut result = vec![0; desired.len()];
    for (rank, &index) in order.iter().enumerate() {
        result[index] = placed[rank];
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_wider_than_digits() {
        assert_eq!(text_width("赫山区", 12), 36);
        assert!(text_width("593.04", 12) < text_width("赫山区", 12) * 2);
        assert_eq!(text_width("", 12), 0);
    }

    #[test]
    fn wrapping_breaks_between_characters_and_shortens_the_last_line() {
        assert_eq!(wrap("赫山区", 100, 12, 2), vec!["赫山区"]);
        assert_eq!(
            wrap("中小企业发展专项资金", 48, 12, 2),
            vec!["中小企业", "发展专…"]
        );
        assert_eq!(
            wrap("中小企业发展专项资金", 48, 12, 3),
            vec!["中小企业", "发展专项", "资金"]
        );
        assert_eq!(wrap("资金", 1, 12, 1), vec!["资…"]);
        assert!(wrap("  ", 10, 12, 2).is_empty());
        assert_eq!(wrap("第10县", 24, 12, 3), vec!["第", "10", "县"]);
        assert_eq!(wrap("第10县", 22, 10, 3), vec!["第10", "县"]);
        assert_eq!(wrap("12345", 14, 12, 3), vec!["12", "34", "5"]);
    }

    #[test]
    fn boxes_follow_the_anchor_and_overlap_only_inside() {
        let centred = TextBox::of("赫山区", (100, 50), 12, (HPos::Center, VPos::Center), false);
        assert_eq!(
            (centred.left, centred.top, centred.right, centred.bottom),
            (82, 44, 118, 56)
        );
        let upright = TextBox::of("赫山区", (100, 50), 12, (HPos::Left, VPos::Center), true);
        assert_eq!(
            (upright.left, upright.top, upright.right, upright.bottom),
            (94, 14, 106, 50)
        );
        let beside = TextBox::of("南县", (118, 50), 12, (HPos::Left, VPos::Center), false);
        assert!(!centred.overlaps(&beside), "touching edges do not overlap");
        let over = TextBox::of("南县", (117, 50), 12, (HPos::Left, VPos::Center), false);
        assert!(centred.overlaps(&over) && over.overlaps(&centred));
    }

    #[test]
    fn spread_keeps_order_and_gaps() {
        assert_eq!(spread(&[50, 52, 10], 12, 0, 200), vec![50, 62, 10]);
        assert_eq!(spread(&[195, 198], 12, 0, 200), vec![188, 200]);
        assert_eq!(spread(&[], 12, 0, 200), Vec::<i32>::new());
    }
}
