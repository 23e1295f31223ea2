//! The region × column score-share grid the 区县对比 page draws from evaluation details, and
//! how a score share is classed for colour. Pure functions over `shared` types, unit-tested on
//! the host.

use fundlens_shared::api::EvaluationDetail;
use fundlens_shared::scoring::labels::level2_display;
use rust_decimal::Decimal;

/// Score ÷ weight as a percentage, `None` for a zero weight.
pub(crate) fn share(score: Decimal, weight: Decimal) -> Option<Decimal> {
    (!weight.is_zero()).then(|| score / weight * Decimal::ONE_HUNDRED)
}

/// The background class of a score share: full marks are calm, weak spots stand out.
pub(crate) fn share_class(share: Option<Decimal>) -> &'static str {
    let Some(share) = share else {
        return "share none";
    };
    let at_least = |n: i64| share >= Decimal::from(n);
    if at_least(100) {
        "share full"
    } else if at_least(90) {
        "share high"
    } else if at_least(80) {
        "share mid"
    } else if at_least(60) {
        "share low"
    } else {
        "share poor"
    }
}

/// A region × column grid of score shares.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Grid {
    /// Column headings.
    pub(crate) columns: Vec<String>,
    /// One row per region, in the order asked for.
    pub(crate) rows: Vec<GridRow>,
}

/// One region's row of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridRow {
    /// The region.
    pub(crate) region: String,
    /// Per column: Σ score, Σ weight and the evaluation (when a single one) behind it.
    pub(crate) cells: Vec<Option<GridCell>>,
}

/// One cell of a [`Grid`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct GridCell {
    /// Sum of the scores counted.
    pub(crate) score: Decimal,
    /// Sum of the weights.
    pub(crate) weight: Decimal,
    /// Rows summed.
    pub(crate) rows: usize,
    /// The evaluation and row, when exactly one row is behind the cell (for a link).
    pub(crate) link: Option<(i64, usize)>,
}

impl GridCell {
    /// Score ÷ weight, percent.
    pub(crate) fn share(&self) -> Option<Decimal> {
        share(self.score, self.weight)
    }
}

/// How a grid's columns are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GridColumns {
    /// Budget execution and the level-2 groups as written (all funds).
    Level2,
    /// Each indicator by name (one fund).
    Indicator,
}

/// The grid of `details` for `regions` (rows in that order; evaluations of other regions are
/// left out).
pub(crate) fn grid(details: &[EvaluationDetail], regions: &[String], columns: GridColumns) -> Grid {
    let mut grid = Grid {
        columns: Vec::new(),
        rows: regions
            .iter()
            .map(|region| GridRow {
                region: region.clone(),
                cells: Vec::new(),
            })
            .collect(),
    };
    let mut add = |region: &str, column: &str, score: Decimal, weight: Decimal, link| {
        let Some(row) = grid.rows.iter().position(|r| r.region == region) else {
            return;
        };
        let column = match grid.columns.iter().position(|c| c == column) {
            Some(position) => position,
            None => {
                grid.columns.push(column.to_owned());
                grid.columns.len() - 1
            }
        };
        let cells = &mut grid.rows[row].cells;
        if cells.len() <= column {
            cells.resize(column + 1, None);
        }
        match &mut cells[column] {
            Some(cell) => {
                cell.score += score;
                cell.weight += weight;
                cell.rows += 1;
                cell.link = None;
            }
            empty => {
                *empty = Some(GridCell {
                    score,
                    weight,
                    rows: 1,
                    link,
                });
            }
        }
    };
    for detail in details {
        let region = detail.record.region.as_str();
        let assessment = &detail.assessment;
        if columns == GridColumns::Level2 {
            add(
                region,
                "预算执行",
                assessment.execution.score,
                assessment.execution.weight,
                None,
            );
        }
        for row in &assessment.indicators {
            let column = match columns {
                GridColumns::Level2 => level2_display(&row.level2),
                GridColumns::Indicator => row.name.clone(),
            };
            add(
                region,
                &column,
                row.score,
                row.weight,
                Some((detail.id, row.index)),
            );
        }
    }
    let width = grid.columns.len();
    for row in &mut grid.rows {
        row.cells.resize(width, None);
    }
    grid
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn shares_are_classed_by_how_much_is_missing() {
        assert_eq!(share(dec!(4), dec!(5)), Some(dec!(80)));
        assert_eq!(share(dec!(4), dec!(0)), None);
        assert_eq!(share_class(Some(dec!(100))), "share full");
        assert_eq!(share_class(Some(dec!(80))), "share mid");
        assert_eq!(share_class(Some(dec!(59.9))), "share poor");
        assert_eq!(share_class(None), "share none");
    }
}
