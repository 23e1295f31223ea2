//! Rows whose cells do not line up with the columns (a text copy drops empty and merged cells,
//! or loses a row break): each cell placed in order on the column its content fits best, gaps
//! allowed anywhere (a dynamic programme over cells × columns), and a row longer than the
//! columns split where both parts fit best. What a cell fits is judged by its words: a level
//! label by the national tree's words, an operator, a unit, a number, a name.

use fundlens_shared::reading::cells::{compact, points};
use fundlens_shared::reading::fit::{is_bare_number, is_only_unit};
use fundlens_shared::reading::labels::IndicatorColumn;
use fundlens_shared::reading::traditional::simplified;
use fundlens_shared::scoring::group::{level1_of, level2_of};
use fundlens_shared::target::Comparison;

use crate::grid::Cell;

/// What a cell's text looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Empty,
    Level1,
    Level2,
    Operator,
    Nature,
    Unit,
    Number,
    Value,
    Text,
}

/// Words a 指标性质 column writes instead of an operator.
pub(crate) const NATURES: &[&str] = &["定性", "定量", "正向", "反向", "中性"];

/// What `text` looks like.
pub(crate) fn kind(text: &str) -> Kind {
    let compact = simplified(&compact(text));
    if compact.is_empty() {
        Kind::Empty
    } else if Comparison::alone(&compact).is_some() {
        Kind::Operator
    } else if NATURES.iter().any(|n| compact.starts_with(n)) && compact.chars().count() <= 4 {
        Kind::Nature
    } else if is_bare_number(&compact) || points(&compact).is_some() {
        Kind::Number
    } else if is_only_unit(&compact) {
        Kind::Unit
    } else if compact.chars().count() <= 12 && level2_of(&compact).is_some() {
        Kind::Level2
    } else if compact.chars().count() <= 12 && level1_of(&compact).is_some() {
        Kind::Level1
    } else if compact.chars().next().is_some_and(|c| c.is_ascii_digit())
        || Comparison::alone(&compact[..compact.char_indices().nth(1).map_or(0, |(i, _)| i)])
            .is_some()
    {
        Kind::Value
    } else {
        Kind::Text
    }
}

/// How well a cell of `kind` fits `column`: higher is better.
pub(crate) fn fit(column: Option<IndicatorColumn>, kind: Kind) -> i32 {
    use IndicatorColumn as C;
    use Kind as K;
    let Some(column) = column else {
        return if kind == K::Empty { 0 } else { -1 };
    };
    match (column, kind) {
        (C::Name, K::Empty) => -3,
        (_, K::Empty) => 0,
        (C::Level1, K::Level1) | (C::Level2, K::Level2) => 3,
        (C::Level1 | C::Level2 | C::Level, K::Level1 | K::Level2) => 1,
        (C::Level1 | C::Level2 | C::Level, K::Text) => -1,
        (C::Level1 | C::Level2 | C::Level, _) => -3,
        (C::Name, K::Text) => 2,
        (C::Name, K::Level1 | K::Level2) => -2,
        (C::Name, _) => -3,
        (C::Operator, K::Operator | K::Nature) => 3,
        (C::Operator, _) => -3,
        (C::Unit, K::Unit) => 3,
        (C::Unit, _) => -3,
        (C::Target | C::Actual | C::OtherTarget | C::History, K::Operator | K::Nature) => -3,
        (C::Target | C::Actual | C::OtherTarget | C::History, K::Level1 | K::Level2) => -2,
        (C::Target | C::Actual | C::OtherTarget | C::History, K::Unit) => -2,
        (C::Target | C::Actual | C::OtherTarget | C::History, _) => 1,
        (C::Weight, K::Number) => 2,
        (C::Weight, _) => -3,
        (C::Score, K::Number) => 1,
        (C::Score, _) => -2,
        (C::Note | C::Criteria | C::Metric, K::Text) => 0,
        (C::Note | C::Criteria | C::Metric, _) => -1,
        (C::Title, _) => -1,
    }
}

/// Places `cells` in order on `columns` (a cell per column at most, gaps anywhere) where they
/// fit best. Returns the cells by column and the placement's score.
pub(crate) fn place<'c>(
    columns: &[Option<IndicatorColumn>],
    cells: &'c [Cell],
) -> (Vec<Option<&'c Cell>>, i32) {
    let (n, m) = (cells.len(), columns.len());
    if n > m {
        return (Vec::new(), i32::MIN / 4);
    }
    let kinds: Vec<Kind> = cells.iter().map(|cell| kind(&cell.text)).collect();
    let gap = |c: usize| fit(columns[c], Kind::Empty);
    // best[i][j]: the best score placing the first i cells on the first j columns.
    const NONE: i32 = i32::MIN / 4;
    let mut best = vec![vec![NONE; m + 1]; n + 1];
    best[0][0] = 0;
    for j in 1..=m {
        best[0][j] = best[0][j - 1] + gap(j - 1);
    }
    for i in 1..=n {
        for j in i..=m {
            let skip = if j > i {
                best[i][j - 1] + gap(j - 1)
            } else {
                NONE
            };
            let take = best[i - 1][j - 1] + fit(columns[j - 1], kinds[i - 1]);
            best[i][j] = skip.max(take);
        }
    }
    let mut placed = vec![None; m];
    let (mut i, mut j) = (n, m);
    while i > 0 {
        let take = best[i - 1][j - 1] + fit(columns[j - 1], kinds[i - 1]);
        if best[i][j] == take {
            placed[j - 1] = Some(&cells[i - 1]);
            i -= 1;
        }
        j -= 1;
    }
    (placed, best[n][m])
}

/// What splitting a row in two costs, so a row is cut only where both parts fit.
const SPLIT_COST: i32 = 4;

/// Splits a row longer than the columns (a lost row break) into rows placed where they fit
/// best; a row that fits is placed as it is.
pub(crate) fn split<'c>(
    columns: &[Option<IndicatorColumn>],
    cells: &'c [Cell],
) -> Vec<Vec<Option<&'c Cell>>> {
    let width = columns.len();
    if cells.len() <= width {
        return vec![place(columns, cells).0];
    }
    let best = (1..=width.min(cells.len() - 1))
        .map(|at| {
            let (left, left_score) = place(columns, &cells[..at]);
            let right = split(columns, &cells[at..]);
            let right_score: i32 = right
                .iter()
                .map(|placed| {
                    placed
                        .iter()
                        .zip(columns)
                        .map(|(cell, column)| {
                            fit(*column, cell.map_or(Kind::Empty, |c| kind(&c.text)))
                        })
                        .sum::<i32>()
                })
                .sum();
            // Each further row must earn its place: a split costs a little.
            let splits = i32::try_from(right.len()).unwrap_or(i32::MAX / 8);
            (left_score + right_score - SPLIT_COST * splits, left, right)
        })
        .max_by_key(|(score, ..)| *score);
    match best {
        Some((_, left, right)) => std::iter::once(left).chain(right).collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IndicatorColumn as C;

    fn cells(texts: &[&str]) -> Vec<Cell> {
        texts.iter().map(|t| Cell::new(*t, "")).collect()
    }

    const COLUMNS: &[Option<IndicatorColumn>] = &[
        Some(C::Level1),
        Some(C::Level2),
        Some(C::Name),
        Some(C::Operator),
        Some(C::Target),
        Some(C::Unit),
        Some(C::Actual),
        Some(C::Weight),
    ];

    fn texts(placed: &[Option<&Cell>]) -> Vec<String> {
        placed
            .iter()
            .map(|c| c.map_or(String::new(), |c| c.text.clone()))
            .collect()
    }

    #[test]
    fn cells_dropped_anywhere_are_placed_where_they_fit() {
        let row = cells(&["安全隐患排查有效处置率", "≥", "90", "%", "91", "10"]);
        assert_eq!(
            texts(&place(COLUMNS, &row).0),
            ["", "", "安全隐患排查有效处置率", "≥", "90", "%", "91", "10"]
        );
        let row = cells(&[
            "可持续影响指标",
            "机制健全性",
            "定性",
            "优良中低差",
            "优",
            "10",
        ]);
        assert_eq!(
            texts(&place(COLUMNS, &row).0),
            [
                "",
                "可持续影响指标",
                "机制健全性",
                "定性",
                "优良中低差",
                "",
                "优",
                "10"
            ]
        );
    }

    #[test]
    fn a_row_that_lost_its_break_is_split_in_two() {
        let columns = &[
            Some(C::Level1),
            Some(C::Level2),
            Some(C::Name),
            Some(C::Target),
            Some(C::Actual),
            Some(C::Weight),
            Some(C::Score),
        ];
        let row = cells(&[
            "社会效益指标",
            "促进就业",
            "成效明显",
            "成效明显",
            "5",
            "5",
            "生态指标",
            "工业领域生态环境保护",
            "不断加强",
            "不断加强",
            "5",
            "5",
        ]);
        let rows = split(columns, &row);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0][2].map(|c| c.text.as_str()), Some("促进就业"));
        assert_eq!(rows[1][1].map(|c| c.text.as_str()), Some("生态指标"));
    }
}
