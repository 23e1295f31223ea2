//! The 区县对比 score-share grid: the children of one region (each with its whole subtree) and
//! the region's own funds × budget execution and the level-2 groups (from the region × year
//! rollups), or × the indicators of one fund (from its evaluations' rows).

use std::collections::HashMap;

use fundlens_shared::api::{GridLink, ScoreGrid, ScoreGridCell, ScoreGridRow};
use fundlens_shared::scoring::grade::score_share;
use fundlens_shared::scoring::group::{Level1, Level2, level2_of};
use fundlens_shared::scoring::labels::level2_display;
use rusqlite::{Connection, OptionalExtension, params};

use super::convert::micro_from_db;
use super::{Sqlite, StorageError};

/// The regions below `parent` (by id) with the row each belongs to: a child of `parent` stands
/// for itself and everything below it; `parent` itself is the own-funds row.
const SUBTREE_ROWS: &str = "WITH RECURSIVE down(id, row_id) AS (
        SELECT ?1, ?1
        UNION ALL SELECT r.id, CASE WHEN down.id = ?1 THEN r.id ELSE down.row_id END
        FROM regions r JOIN down ON r.parent_id = down.id
    )";

/// One stored sum: which region, which column, sums in stored integers, provenance.
pub(crate) struct Summed {
    pub(crate) region: i64,
    pub(crate) column: String,
    pub(crate) order: i64,
    pub(crate) rows: i64,
    pub(crate) score: i64,
    pub(crate) weight: i64,
    pub(crate) sample: bool,
    pub(crate) link: Option<GridLink>,
}

/// One cell as it fills: Σ score, Σ weight (stored integers), rows, the one row's link.
type Sum = (i64, i64, i64, Option<GridLink>);

/// The grid as it fills: columns with their order, sums by (row region, column).
#[derive(Default)]
struct Cells {
    columns: Vec<(String, i64)>,
    sums: HashMap<(i64, usize), Sum>,
    sample: bool,
}

impl Cells {
    fn add(&mut self, row: i64, summed: Summed) {
        let column = match self.columns.iter().position(|(c, _)| *c == summed.column) {
            Some(position) => {
                self.columns[position].1 = self.columns[position].1.min(summed.order);
                position
            }
            None => {
                self.columns.push((summed.column, summed.order));
                self.columns.len() - 1
            }
        };
        self.sample |= summed.sample;
        let cell = self.sums.entry((row, column)).or_insert((0, 0, 0, None));
        cell.0 += summed.score;
        cell.1 += summed.weight;
        cell.2 += summed.rows;
        cell.3 = if cell.2 == 1 { summed.link } else { None };
    }
}

/// The column order of a level-2 label: the framework's order, then others by name.
pub(crate) fn level2_order(label: &str) -> i64 {
    level2_of(label)
        .and_then(|group| Level2::ALL.iter().position(|g| *g == group))
        .map_or(100, |position| position as i64 + 1)
}

impl Sqlite {
    /// The grid of `parent`'s children for `year`: level-2 groups over every fund, or the
    /// indicators of `program`. `None` when the parent is unknown.
    ///
    /// # Errors
    /// When the store fails.
    pub fn score_grid(
        &self,
        parent: &str,
        year: i32,
        program: Option<&str>,
    ) -> Result<Option<ScoreGrid>, StorageError> {
        self.read(|connection| {
            let parent_id: Option<i64> = connection
                .prepare_cached("SELECT id FROM regions WHERE name = ?1")?
                .query_row([parent], |row| row.get(0))
                .optional()?;
            let Some(parent_id) = parent_id else {
                return Ok(None);
            };
            let row_of: HashMap<i64, i64> = connection
                .prepare_cached(&format!("{SUBTREE_ROWS} SELECT id, row_id FROM down"))?
                .query_map([parent_id], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let (summed, evaluations) = match program {
                None => level2_sums(connection, parent_id, year)?,
                Some(program) => indicator_sums(connection, parent_id, year, program)?,
            };
            let mut regions: Vec<(i64, String)> = connection
                .prepare_cached("SELECT id, name FROM regions WHERE parent_id = ?1 ORDER BY id")?
                .query_map([parent_id], |row| Ok((row.get(0)?, row.get(1)?)))?
                .collect::<Result<_, _>>()?;
            regions.push((parent_id, parent.to_owned()));
            Ok(Some(assemble(
                (parent_id, parent, year, program),
                &row_of,
                summed,
                evaluations,
                regions,
            )))
        })
    }
}

/// The grid from its sums: `row_of` maps every region below the parent to its row's region,
/// `regions` are the rows (the children by id, then the parent's own funds).
pub(crate) fn assemble(
    (parent_id, parent, year, program): (i64, &str, i32, Option<&str>),
    row_of: &HashMap<i64, i64>,
    summed: Vec<Summed>,
    evaluations: Counts,
    regions: Vec<(i64, String)>,
) -> ScoreGrid {
    let mut cells = Cells::default();
    for summed in summed {
        if let Some(row) = row_of.get(&summed.region) {
            cells.add(*row, summed);
        }
    }
    let mut counts: HashMap<i64, i64> = HashMap::new();
    for (region, count) in evaluations {
        if let Some(row) = row_of.get(&region) {
            *counts.entry(*row).or_default() += count;
        }
    }
    let mut order: Vec<usize> = (0..cells.columns.len()).collect();
    order.sort_by(|a, b| {
        let (a, b) = (&cells.columns[*a], &cells.columns[*b]);
        a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0))
    });
    let rows = regions
        .into_iter()
        .filter_map(|(id, region)| {
            let evaluations = counts.get(&id).copied()?;
            let cells = order
                .iter()
                .map(|column| {
                    cells
                        .sums
                        .get(&(id, *column))
                        .map(|(score, weight, rows, link)| {
                            let (score, weight) = (micro_from_db(*score), micro_from_db(*weight));
                            ScoreGridCell {
                                score,
                                weight,
                                share: score_share(score, weight),
                                rows: *rows,
                                link: *link,
                            }
                        })
                })
                .collect();
            Some(ScoreGridRow {
                own: id == parent_id,
                region,
                evaluations,
                cells,
            })
        })
        .collect();
    ScoreGrid {
        year,
        parent: parent.to_owned(),
        program: program.map(str::to_owned),
        columns: order.iter().map(|c| cells.columns[*c].0.clone()).collect(),
        rows,
        sample: cells.sample,
    }
}

/// Evaluations per region of `year` below `parent`, from the region rollups.
pub(crate) type Counts = Vec<(i64, i64)>;

/// Budget execution and the level-2 groups per region, from the rollups.
fn level2_sums(
    connection: &Connection,
    parent: i64,
    year: i32,
) -> rusqlite::Result<(Vec<Summed>, Counts)> {
    let counts = connection
        .prepare_cached(&format!(
            "{SUBTREE_ROWS} SELECT region_id, sum(evaluations) FROM region_year_rollups
             WHERE year = ?2 AND region_id IN (SELECT id FROM down) GROUP BY region_id"
        ))?
        .query_map(params![parent, year], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let execution = Level1::Execution.short_label();
    let mut summed: Vec<Summed> = connection
        .prepare_cached(&format!(
            "{SUBTREE_ROWS} SELECT region_id, sum(count), sum(score_sum), sum(weight_sum), max(is_sample)
             FROM region_year_group_rollups
             WHERE year = ?2 AND group_key = 'execution' AND region_id IN (SELECT id FROM down)
             GROUP BY region_id"
        ))?
        .query_map(params![parent, year], |row| {
            Ok(Summed {
                region: row.get(0)?,
                column: execution.to_owned(),
                order: 0,
                rows: row.get(1)?,
                score: row.get(2)?,
                weight: row.get(3)?,
                sample: row.get(4)?,
                link: None,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut statement = connection.prepare_cached(&format!(
            "{SUBTREE_ROWS} SELECT region_id, level2, sum(rows), sum(score_sum), sum(weight_sum), max(is_sample)
             FROM level2_year_rollups
             WHERE year = ?2 AND region_id IN (SELECT id FROM down)
             GROUP BY region_id, level2"
    ))?;
    let groups = statement.query_map(params![parent, year], |row| {
        let label: String = row.get(1)?;
        Ok(Summed {
            region: row.get(0)?,
            column: level2_display(&label),
            order: level2_order(&label),
            rows: row.get(2)?,
            score: row.get(3)?,
            weight: row.get(4)?,
            sample: row.get(5)?,
            link: None,
        })
    })?;
    for group in groups {
        summed.push(group?);
    }
    Ok((summed, counts))
}

/// Each indicator of `program` per region, from its evaluations' rows (a few hundred
/// evaluations a year at province scale, found by the program index).
fn indicator_sums(
    connection: &Connection,
    parent: i64,
    year: i32,
    program: &str,
) -> rusqlite::Result<(Vec<Summed>, Counts)> {
    let scope = "FROM evaluations e
         WHERE e.program_id = (SELECT id FROM programs WHERE name = ?3) AND e.year = ?2
           AND e.region_id IN (SELECT id FROM down)";
    let counts = connection
        .prepare_cached(&format!(
            "{SUBTREE_ROWS} SELECT e.region_id, count(*) {scope} GROUP BY e.region_id"
        ))?
        .query_map(params![parent, year, program], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<Result<_, _>>()?;
    let summed = connection
        .prepare_cached(&format!(
            "{SUBTREE_ROWS} SELECT e.region_id, i.name, min(i.position), count(*), sum(i.score), sum(i.weight),
                    max(e.is_sample), min(e.id), min(i.position)
             {} GROUP BY e.region_id, i.name",
            scope.replace("FROM evaluations e", "FROM evaluations e CROSS JOIN indicators i ON i.evaluation_id = e.id")
        ))?
        .query_map(params![parent, year, program], |row| {
            Ok(Summed {
                region: row.get(0)?,
                column: row.get(1)?,
                order: row.get(2)?,
                rows: row.get(3)?,
                score: row.get(4)?,
                weight: row.get(5)?,
                sample: row.get(6)?,
                link: Some(GridLink {
                    evaluation_id: row.get(7)?,
                    row: row.get(8)?,
                }),
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok((summed, counts))
}
