//! 结果应用 kept at write time: the rows of the four views (`result_items`, migration 0012)
//! recomputed for the region-years a write touched and the year after each, from the stored
//! records and assessments, by `shared::results`; and the views read back — counts by code,
//! class and flag, and a page of rows — from the table's indexes. The computation between
//! loading and storing is the backends' common [`rows_of`].

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use fundlens_shared::assessment::Assessment;
use fundlens_shared::metric;
use fundlens_shared::model::Evaluation;
use fundlens_shared::results::conflicts::{self, Published};
use fundlens_shared::results::summary::{Count, ResultRow};
use fundlens_shared::results::{FundYear, ResultCode, ResultItem, View, across_years, on_its_own};
use rusqlite::{Transaction, named_params, params};

use super::blob::unpack;
use super::convert::micro_from_db;
use super::provenance::statistic_source;
use super::read::{Conditions, EvaluationFilter};
use super::{Sqlite, StorageError};

/// One stored evaluation loaded for the views: read back from the database, or borrowed from
/// the import that has just written it ([`Fresh`]).
pub(crate) struct Loaded<'a> {
    pub(crate) id: i64,
    pub(crate) program_id: i64,
    pub(crate) is_sample: bool,
    pub(crate) evaluation: Cow<'a, Evaluation>,
    pub(crate) assessment: Cow<'a, Assessment>,
}

/// The evaluations a transaction has just written, by id, with their assessments: the views
/// are computed from these rather than from their stored documents read back, decompressed and
/// parsed (a sixth of a large import's time).
pub(crate) type Fresh<'a> = HashMap<i64, (&'a Evaluation, Assessment)>;

impl<'a> Loaded<'a> {
    /// Evaluation `owner` as just written (in `fresh`), else read from its stored record and
    /// assessment, which `stored` fetches (`corrupt` names a document that cannot be read).
    pub(crate) fn of<E>(
        (id, program_id, is_sample): Owner,
        fresh: &'a Fresh<'a>,
        stored: impl FnOnce() -> Result<(Vec<u8>, Vec<u8>), E>,
        corrupt: impl Fn(String) -> E,
    ) -> Result<Self, E> {
        let (evaluation, assessment) = match fresh.get(&id) {
            Some((evaluation, assessment)) => {
                (Cow::Borrowed(*evaluation), Cow::Borrowed(assessment))
            }
            None => {
                let (record, assessment) = stored()?;
                (
                    Cow::Owned(unpack(&record).map_err(&corrupt)?),
                    Cow::Owned(unpack(&assessment).map_err(&corrupt)?),
                )
            }
        };
        Ok(Self {
            id,
            program_id,
            is_sample,
            evaluation,
            assessment,
        })
    }
}

impl Loaded<'_> {
    fn owner(&self) -> Owner {
        (self.id, self.program_id, self.is_sample)
    }

    fn year(&self) -> FundYear<'_> {
        FundYear {
            id: self.id,
            evaluation: &self.evaluation,
            assessment: &self.assessment,
        }
    }
}

/// One row to store.
pub(crate) struct StoredRow {
    pub(crate) view: &'static str,
    pub(crate) evaluation_id: i64,
    pub(crate) position: i64,
    pub(crate) program_id: i64,
    pub(crate) is_sample: bool,
    pub(crate) code: &'static str,
    pub(crate) class: String,
    pub(crate) flag: bool,
    pub(crate) rank: i64,
    pub(crate) item: String,
}

/// A view's answer as stored: its counts, whether sample rows are among them, and one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultsPage {
    /// The rows the filters select, counted by code, class and flag.
    pub counts: Vec<Count>,
    /// True when some of them are sample data.
    pub has_sample: bool,
    /// The page's rows, in the view's order.
    pub rows: Vec<ResultRow>,
}

/// The region-years whose rows change when `touched` are written: each, and the year after
/// (whose comparisons read it).
pub(crate) fn affected(touched: &BTreeSet<(i64, i32)>) -> BTreeSet<(i64, i32)> {
    touched
        .iter()
        .flat_map(|&(region, year)| [(region, year), (region, year + 1)])
        .collect()
}

/// Whom a row belongs to: its evaluation's id, its fund (program) and whether it is sample.
pub(crate) type Owner = (i64, i64, bool);

/// Rows numbered per evaluation (`position`), as `result_items` keys them.
#[derive(Default)]
pub(crate) struct Numbered {
    positions: HashMap<i64, i64>,
    pub(crate) rows: Vec<StoredRow>,
}

impl Numbered {
    /// Numbering that goes on after the positions already stored (evaluation → last position).
    pub(crate) fn after(positions: HashMap<i64, i64>) -> Self {
        Self {
            positions,
            rows: Vec::new(),
        }
    }

    /// Adds `items` as rows of `fund` (its id, program and kind).
    pub(crate) fn push(&mut self, (id, program_id, is_sample): Owner, items: Vec<ResultItem>) {
        for item in items {
            let position = self.positions.entry(id).or_default();
            *position += 1;
            self.rows.push(StoredRow {
                view: item.code.view().code(),
                evaluation_id: id,
                position: *position,
                program_id,
                is_sample,
                code: item.code.code(),
                class: item.class.clone(),
                flag: item.flag,
                rank: item.rank(),
                item: serde_json::to_string(&item).unwrap_or_default(),
            });
        }
    }

    /// Adds 交叉核对's rows of the region-year's `reports` (id, program, kind, record) against
    /// `published`.
    pub(crate) fn push_conflicts(
        &mut self,
        reports: &[(Owner, &Evaluation)],
        published: &[Published],
    ) {
        let records: Vec<(i64, &Evaluation)> = reports
            .iter()
            .map(|((id, ..), record)| (*id, *record))
            .collect();
        for (id, item) in conflicts::among(&records, published) {
            if let Some((owner, _)) = reports.iter().find(|((report, ..), _)| *report == id) {
                self.push(*owner, vec![item]);
            }
        }
    }
}

/// The rows of one region-year (`later`) given the same region's evaluations of the year
/// before (`earlier`) and the official figures of the region-year (`published`): each fund
/// compared with itself the year before, each form on its own, and — last of each fund's rows —
/// the region-year's reports with the official figures and each other.
pub(crate) fn rows_of(
    earlier: &[Loaded],
    later: &[Loaded],
    published: &[Published],
) -> Vec<StoredRow> {
    let mut numbered = Numbered::default();
    for fund in later {
        let mut items = on_its_own(fund.year());
        if let Some(before) = earlier.iter().find(|e| e.program_id == fund.program_id) {
            items.extend(across_years(before.year(), fund.year()));
        }
        numbered.push(fund.owner(), items);
    }
    let reports: Vec<_> = later.iter().map(|f| (f.owner(), &*f.evaluation)).collect();
    numbered.push_conflicts(&reports, published);
    numbered.rows
}

/// A stored row read back, with its fund's and region's names.
pub(crate) fn result_row(
    (evaluation, program, region, year, sample, item): (i64, String, String, i32, bool, String),
) -> Result<ResultRow, StorageError> {
    let item: ResultItem = serde_json::from_str(&item).map_err(|e| {
        StorageError::Corrupt(format!("result row of evaluation {evaluation}: {e}"))
    })?;
    Ok(ResultRow {
        evaluation,
        program,
        region,
        year,
        sample,
        item,
    })
}

/// A count read back (`None` for a code this version does not know).
pub(crate) fn count_of(code: &str, class: String, flag: bool, count: i64) -> Option<Count> {
    ResultCode::from_code(code).map(|code| Count {
        code,
        class,
        flag,
        count,
    })
}

/// Where a view's counts under `filter` are read (as `e`), and how a group's rows are
/// counted there: the per-region counts, unless a program is asked for (they do not break
/// programs down), then the rows themselves.
pub(crate) fn counted_from(filter: &EvaluationFilter) -> (&'static str, &'static str) {
    if filter.program.is_some() {
        ("result_items", "count(*)")
    } else {
        ("result_counts", "sum(e.count)")
    }
}

/// The SQL of a page of a view's rows within `scope`, in the view's order. Walked along the
/// `(view, year, rank, …)` index, or, `by_region`, sorted from the region's entries of the
/// `(view, year, region_id, rank, …)` index (migration 0016) with only the page's rows read:
/// walking passes, within each rank, every region numbered before the one asked for (a
/// county's first row took 155 ms on the province sample; sorting a whole city's rows with
/// their items, 43–72 ms).
fn page_sql(scope: &str, by_region: bool) -> String {
    let order = "e.rank, e.region_id, e.program_id, e.evaluation_id, e.position";
    if by_region {
        format!(
            "SELECT e.evaluation_id, p.name, r.name, e.year, e.is_sample, e.item
             FROM (SELECT e.rank, e.region_id, e.year, e.program_id, e.evaluation_id, e.position
                   FROM result_items e INDEXED BY result_items_region_order
                   WHERE e.view = :view AND {scope}
                   ORDER BY {order} LIMIT :limit OFFSET :offset) k
             CROSS JOIN result_items e ON e.region_id = k.region_id AND e.year = k.year
                 AND e.evaluation_id = k.evaluation_id AND e.position = k.position
             JOIN programs p ON p.id = e.program_id JOIN regions r ON r.id = e.region_id
             ORDER BY k.rank, k.region_id, k.program_id, k.evaluation_id, k.position"
        )
    } else {
        format!(
            "SELECT e.evaluation_id, p.name, r.name, e.year, e.is_sample, e.item
             FROM result_items e JOIN programs p ON p.id = e.program_id
             JOIN regions r ON r.id = e.region_id
             WHERE e.view = :view AND {scope}
             ORDER BY {order}
             LIMIT :limit OFFSET :offset"
        )
    }
}

/// How many rows `view` has in `year` (or in every year) across all regions, from the
/// per-region counts.
fn rows_of_view(
    connection: &rusqlite::Connection,
    view: &str,
    year: Option<i32>,
) -> rusqlite::Result<i64> {
    let sum = "SELECT coalesce(sum(count), 0) FROM result_counts WHERE view = ?1";
    match year {
        Some(year) => connection
            .prepare_cached(&format!("{sum} AND year = ?2"))?
            .query_row(params![view, year], |row| row.get(0)),
        None => connection
            .prepare_cached(sum)?
            .query_row(params![view], |row| row.get(0)),
    }
}

/// The filter a view is asked with: year, region, program and provenance only.
pub(crate) fn view_filter(filter: &EvaluationFilter) -> EvaluationFilter {
    EvaluationFilter {
        year: filter.year,
        region: filter.region.clone(),
        program: filter.program.clone(),
        source: filter.source,
        ..EvaluationFilter::default()
    }
}

/// A stored record or assessment (column 3 or 4 of the loading queries) that cannot be read.
fn corrupt(error: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(3, rusqlite::types::Type::Blob, error.into())
}

fn load<'a>(
    transaction: &Transaction<'_>,
    (region, year): (i64, i32),
    fresh: &'a Fresh<'a>,
) -> rusqlite::Result<Vec<Loaded<'a>>> {
    let owners: Vec<Owner> = transaction
        .prepare_cached(
            "SELECT id, program_id, is_sample FROM evaluations
             WHERE region_id = ?1 AND year = ?2 ORDER BY id",
        )?
        .query_map(params![region, year], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut stored = transaction.prepare_cached(
        "SELECT record, assessment FROM evaluation_documents WHERE evaluation_id = ?1",
    )?;
    owners
        .into_iter()
        .map(|owner| {
            Loaded::of(
                owner,
                fresh,
                || stored.query_row([owner.0], |row| Ok((row.get(0)?, row.get(1)?))),
                corrupt,
            )
        })
        .collect()
}

/// The official figures of a region-year: its observations not taken from a report.
fn published(
    transaction: &Transaction<'_>,
    region: i64,
    year: i32,
) -> rusqlite::Result<Vec<Published>> {
    let mut statement = transaction.prepare_cached(
        "SELECT o.metric, o.value, o.is_sample, s.title
         FROM observations o JOIN sources s ON s.id = o.source_id
         WHERE o.region_id = ?1 AND o.year = ?2 AND o.from_report = 0",
    )?;
    let rows = statement.query_map(params![region, year], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, i64>(1)?,
            row.get::<_, bool>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    rows.filter_map(|row| row.map(published_figure).transpose())
        .collect()
}

/// An official figure as stored (metric code, value in millionths, sample, source title), or
/// none for a metric this version does not know; its source named as the benchmarks name it.
pub(crate) fn published_figure(
    (code, value, sample, title): (String, i64, bool, String),
) -> Option<Published> {
    metric::by_code(&code).map(|metric| Published {
        metric,
        value: micro_from_db(value),
        sample,
        source: statistic_source(sample, title),
    })
}

/// Recomputes the rows of the region-years `touched` and the year after each (the records
/// just written, `fresh`, taken as they are).
pub(super) fn refresh_results(
    transaction: &Transaction<'_>,
    touched: &BTreeSet<(i64, i32)>,
    fresh: &Fresh<'_>,
) -> rusqlite::Result<()> {
    let mut window: Option<((i64, i32), Vec<Loaded>)> = None;
    for (region, year) in affected(touched) {
        let earlier = match window.take() {
            Some((key, loaded)) if key == (region, year - 1) => loaded,
            _ => load(transaction, (region, year - 1), fresh)?,
        };
        let later = load(transaction, (region, year), fresh)?;
        transaction
            .prepare_cached("DELETE FROM result_items WHERE region_id = ?1 AND year = ?2")?
            .execute(params![region, year])?;
        let rows = rows_of(&earlier, &later, &published(transaction, region, year)?);
        insert_rows(transaction, (region, year), &rows)?;
        recount(transaction, (region, year))?;
        window = Some(((region, year), later));
    }
    Ok(())
}

/// Recomputes 交叉核对's rows of exactly `region_years` — all that new official figures can
/// change — from the region-year's records alone (not their assessments, not the year
/// before). The other views' rows stay; the new rows are numbered after them, as a full
/// recompute numbers them (a fund's conflicts come last).
pub(super) fn recompute_conflicts(
    transaction: &Transaction<'_>,
    region_years: &BTreeSet<(i64, i32)>,
) -> rusqlite::Result<()> {
    for &(region, year) in region_years {
        transaction
            .prepare_cached(
                "DELETE FROM result_items WHERE region_id = ?1 AND year = ?2 AND view = 'conflicts'",
            )?
            .execute(params![region, year])?;
        let records: Vec<(Owner, Evaluation)> = transaction
            .prepare_cached(
                "SELECT e.id, e.program_id, e.is_sample, d.record
                 FROM evaluations e JOIN evaluation_documents d ON d.evaluation_id = e.id
                 WHERE e.region_id = ?1 AND e.year = ?2 ORDER BY e.id",
            )?
            .query_map(params![region, year], |row| {
                let record: Vec<u8> = row.get(3)?;
                let evaluation = unpack(&record).map_err(corrupt)?;
                Ok(((row.get(0)?, row.get(1)?, row.get(2)?), evaluation))
            })?
            .collect::<rusqlite::Result<_>>()?;
        if records.is_empty() {
            recount(transaction, (region, year))?;
            continue;
        }
        let positions: HashMap<i64, i64> = transaction
            .prepare_cached(
                "SELECT evaluation_id, max(position) FROM result_items
                 WHERE region_id = ?1 AND year = ?2 GROUP BY evaluation_id",
            )?
            .query_map(params![region, year], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut numbered = Numbered::after(positions);
        let reports: Vec<_> = records
            .iter()
            .map(|(owner, record)| (*owner, record))
            .collect();
        numbered.push_conflicts(&reports, &published(transaction, region, year)?);
        insert_rows(transaction, (region, year), &numbered.rows)?;
        recount(transaction, (region, year))?;
    }
    Ok(())
}

/// Rewrites the counts of one region-year (`result_counts`, migration 0016) from its rows.
fn recount(transaction: &Transaction<'_>, (region, year): (i64, i32)) -> rusqlite::Result<()> {
    transaction
        .prepare_cached("DELETE FROM result_counts WHERE region_id = ?1 AND year = ?2")?
        .execute(params![region, year])?;
    transaction
        .prepare_cached(
            "INSERT INTO result_counts (view, year, region_id, is_sample, code, class, flag, count)
             SELECT view, year, region_id, is_sample, code, class, flag, count(*)
             FROM result_items WHERE region_id = ?1 AND year = ?2
             GROUP BY view, is_sample, code, class, flag",
        )?
        .execute(params![region, year])?;
    Ok(())
}

/// Stores `rows` of one region-year.
fn insert_rows(
    transaction: &Transaction<'_>,
    (region, year): (i64, i32),
    rows: &[StoredRow],
) -> rusqlite::Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO result_items (region_id, year, view, evaluation_id, position, program_id,
            is_sample, code, class, flag, rank, item)
         VALUES (:region, :year, :view, :evaluation, :position, :program, :sample, :code,
            :class, :flag, :rank, :item)",
    )?;
    for row in rows {
        insert.execute(named_params! {
            ":region": region,
            ":year": year,
            ":view": row.view,
            ":evaluation": row.evaluation_id,
            ":position": row.position,
            ":program": row.program_id,
            ":sample": row.is_sample,
            ":code": row.code,
            ":class": row.class,
            ":flag": row.flag,
            ":rank": row.rank,
            ":item": row.item,
        })?;
    }
    Ok(())
}

/// Computes the rows of the region-years a database held before it had the table (listed by
/// migration 0012 in `result_items_pending`), once, in one transaction, and empties the list.
pub(super) fn backfill(connection: &mut rusqlite::Connection) -> rusqlite::Result<()> {
    let pending: BTreeSet<(i64, i32)> = connection
        .prepare("SELECT region_id, year FROM result_items_pending")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if pending.is_empty() {
        return Ok(());
    }
    tracing::info!(
        region_years = pending.len(),
        "computing 结果应用 for the stored evaluations"
    );
    let transaction = connection.transaction()?;
    refresh_results(&transaction, &pending, &Fresh::new())?;
    transaction.execute("DELETE FROM result_items_pending", [])?;
    transaction.commit()
}

impl Sqlite {
    /// The rows of `view` that `filter` (year, region, program, source) selects: counted, and
    /// `limit` of them from `offset` in the view's order (most serious first, then by region,
    /// fund and evaluation).
    ///
    /// # Errors
    /// When the store fails or a stored row cannot be read.
    pub fn results(
        &self,
        view: View,
        filter: &EvaluationFilter,
        limit: u32,
        offset: u32,
    ) -> Result<ResultsPage, StorageError> {
        let asked = view_filter(filter);
        let conditions = Conditions::of(&asked);
        let scope = conditions.sql();
        let mut params = conditions.params();
        let code = view.code();
        params.push((":view", &code));
        let (counts_table, count) = counted_from(&asked);
        self.read(|connection| {
            let counts = connection
                .prepare_cached(&format!(
                    "SELECT e.code, e.class, e.flag, {count} FROM {counts_table} e
                     WHERE e.view = :view AND {scope} GROUP BY e.code, e.class, e.flag"
                ))?
                .query_map(params.as_slice(), |row| {
                    Ok(count_of(
                        &row.get::<_, String>(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                    ))
                })?
                .filter_map(Result::transpose)
                .collect::<rusqlite::Result<Vec<Count>>>()?;
            let has_sample: bool = connection
                .prepare_cached(&format!(
                    "SELECT EXISTS (SELECT 1 FROM {counts_table} e
                     WHERE e.view = :view AND {scope} AND e.is_sample = 1)"
                ))?
                .query_row(params.as_slice(), |row| row.get(0))?;
            let mut page = params.clone();
            let (limit, offset) = (i64::from(limit), i64::from(offset));
            page.push((":limit", &limit));
            page.push((":offset", &offset));
            // A region's page is sorted from its own index entries unless the region holds
            // every row of the view (the province), which the order's index gives directly.
            let by_region = asked.region.is_some()
                && counts.iter().map(|count| count.count).sum::<i64>()
                    < rows_of_view(connection, code, asked.year)?;
            let rows = connection
                .prepare_cached(&page_sql(&scope, by_region))?
                .query_map(page.as_slice(), |row| {
                    Ok((
                        row.get(0)?,
                        row.get(1)?,
                        row.get(2)?,
                        row.get(3)?,
                        row.get(4)?,
                        row.get(5)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok::<_, StorageError>(ResultsPage {
                counts,
                has_sample,
                rows: rows.into_iter().map(result_row).collect::<Result<_, _>>()?,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use fundlens_sample::{SampleSpec, Scale};
    use fundlens_shared::scoring::ScoringPolicy;
    use rust_decimal::Decimal;

    use super::*;
    use crate::sqlite::audit_log::Change;

    fn stored_rows(store: &Sqlite) -> Vec<(i64, i32, String, i64, i64, String)> {
        store.read(|connection| {
            connection
                .prepare(
                    "SELECT region_id, year, view, evaluation_id, position, item FROM result_items
                     ORDER BY region_id, year, evaluation_id, position",
                )
                .expect("query")
                .query_map([], |row| row.try_into())
                .expect("rows")
                .collect::<rusqlite::Result<_>>()
                .expect("rows")
        })
    }

    /// A count: view, year, region, sample, code, class, flag, rows.
    type CountRow = (String, i32, i64, bool, String, String, bool, i64);

    /// The per-region counts (`result_counts`) say what grouping the rows says.
    fn assert_counts_agree(store: &Sqlite) {
        let query = |sql: &str| -> Vec<CountRow> {
            store.read(|connection| {
                connection
                    .prepare(sql)
                    .expect("query")
                    .query_map([], |row| row.try_into())
                    .expect("rows")
                    .collect::<rusqlite::Result<_>>()
                    .expect("rows")
            })
        };
        let counted = query(
            "SELECT view, year, region_id, is_sample, code, class, flag, count FROM result_counts
             ORDER BY 1, 2, 3, 4, 5, 6, 7",
        );
        let grouped = query(
            "SELECT view, year, region_id, is_sample, code, class, flag, count(*) FROM result_items
             GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7",
        );
        assert!(!grouped.is_empty());
        assert_eq!(counted, grouped);
    }

    /// A region's page is sorted from its own index entries, a whole year's walked in order.
    #[test]
    fn a_region_s_page_is_sorted_from_its_entries_and_a_year_s_walked_in_order() {
        let store = crate::sqlite::fixture::default_data();
        let plan = |region: Option<&str>, by_region: bool| -> String {
            let filter = EvaluationFilter {
                year: Some(2023),
                region: region.map(str::to_owned),
                ..EvaluationFilter::default()
            };
            let conditions = Conditions::of(&filter);
            let mut params = conditions.params();
            let (view, limit, offset) = ("budget", 50_i64, 0_i64);
            params.extend([
                (":view", &view as &dyn rusqlite::ToSql),
                (":limit", &limit),
                (":offset", &offset),
            ]);
            store.read(|connection| {
                connection
                    .prepare(&format!(
                        "EXPLAIN QUERY PLAN {}",
                        page_sql(&conditions.sql(), by_region)
                    ))
                    .expect("plan")
                    .query_map(params.as_slice(), |row| row.get::<_, String>(3))
                    .expect("plan rows")
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .expect("plan rows")
                    .join("\n")
            })
        };
        for region in ["赫山区", "益阳市"] {
            let plan = plan(Some(region), true);
            assert!(
                plan.contains(
                    "COVERING INDEX result_items_region_order (view=? AND year=? AND region_id=?)"
                ) && plan.contains("PRIMARY KEY")
                    && !plan.contains("result_items_order"),
                "{region}: {plan}"
            );
        }
        let year = plan(None, false);
        assert!(
            year.contains("result_items_order") && !year.contains("TEMP B-TREE"),
            "{year}"
        );
    }

    /// Official figures imported after the reports move 交叉核对 exactly as recomputing every
    /// view of those region-years would, numbering included.
    #[test]
    fn new_official_figures_move_the_conflicts_as_a_full_recompute_would() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Sqlite::open(&dir.path().join("conflicts.sqlite")).expect("store");
        let (policy, change) = (ScoringPolicy::national(), Change::system("test"));
        let spec = SampleSpec {
            scale: Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        store
            .add_regions(&fundlens_sample::regions(&spec))
            .expect("regions");
        let evaluations: Vec<_> = fundlens_sample::evaluations(&spec).collect();
        store
            .import_evaluations(&evaluations, &policy, false, &change)
            .expect("evaluations");
        // Every published figure a tenth higher: every report stating one now differs from it.
        let mut observations = fundlens_sample::observations(&spec);
        for observation in &mut observations {
            observation.value += Decimal::new(1, 1);
        }
        store
            .import_observations(&observations, &policy, &change)
            .expect("observations");
        assert_counts_agree(&store);
        let moved = stored_rows(&store);
        let flagged = moved
            .iter()
            .filter(|row| row.2 == "conflicts" && row.5.contains("\"flag\":true"))
            .count();
        assert!(
            flagged > 10,
            "reports set against the official figures: {flagged}"
        );
        let every: BTreeSet<(i64, i32)> = moved.iter().map(|row| (row.0, row.1)).collect();
        store
            .write(|connection| {
                let transaction = connection.transaction()?;
                refresh_results(&transaction, &every, &Fresh::new())?;
                transaction.commit()?;
                Ok::<_, StorageError>(())
            })
            .expect("a full recompute");
        assert_eq!(stored_rows(&store), moved);
        assert_counts_agree(&store);
    }

    /// A database whose rows were never computed (one from before migration 0012, as the
    /// migration leaves it: rows empty, every region-year pending) gets the same rows as one
    /// kept at write time, at its next start.
    #[test]
    fn a_database_from_before_the_views_gets_their_rows_at_its_next_start() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("before.sqlite");
        let spec = SampleSpec {
            scale: Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        let kept = {
            let store = Sqlite::open(&path).expect("store");
            store
                .add_regions(&fundlens_sample::regions(&spec))
                .expect("regions");
            let evaluations: Vec<_> = fundlens_sample::evaluations(&spec).collect();
            store
                .import_evaluations(
                    &evaluations,
                    &ScoringPolicy::national(),
                    false,
                    &Change::system("test"),
                )
                .expect("imports");
            let kept = stored_rows(&store);
            assert!(kept.len() > 500, "{}", kept.len());
            store
                .write(|c| {
                    c.execute_batch(
                        "DELETE FROM result_items; DELETE FROM result_counts;
                         INSERT INTO result_items_pending SELECT DISTINCT region_id, year FROM evaluations;",
                    )
                    .map_err(StorageError::from)
                })
                .expect("forgets its rows");
            kept
        };
        let reopened = Sqlite::open(&path).expect("reopens");
        assert_eq!(stored_rows(&reopened), kept);
        assert_counts_agree(&reopened);
        let pending: i64 = reopened.read(|c| {
            c.query_row("SELECT count(*) FROM result_items_pending", [], |r| {
                r.get(0)
            })
            .expect("count")
        });
        assert_eq!(pending, 0);
    }
}
