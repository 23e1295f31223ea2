//! The rollups every write keeps: region × year sums of evaluations, level-1 groups, level-2
//! groups and indicator rows, and the indicator catalogue of every region above (migrations
//! 0002, 0007, 0009), recomputed for the regions and years a write touched — and, after them,
//! the rows of 结果应用 (`results.rs`, migration 0012) of those region-years and the year after;
//! the kept briefings they may have changed are forgotten (`briefings.rs`, migration 0018).

use std::collections::BTreeSet;

use rusqlite::{Transaction, params};

use super::briefings::forget_briefings;
use super::results::{Fresh, refresh_results};

/// Recomputes the region × year rollups (evaluations, level-1 groups, indicator rows by name and
/// by level-2 group) of `touched` from the evaluations themselves, so they are right after
/// inserts, replacements and rescoring alike, and moves the indicator catalogue of the regions
/// above by the difference; then the rows of 结果应用 (`fresh`: the records just written, as
/// [`refresh_results`] takes them). (Program counts are kept by triggers, see migration 0004.)
pub(super) fn refresh_rollups(
    transaction: &Transaction<'_>,
    touched: &BTreeSet<(i64, i32)>,
    fresh: &Fresh<'_>,
) -> rusqlite::Result<()> {
    for (region, year) in touched {
        shift_indicator_catalogue(transaction, *region, *year, -1)?;
        for table in [
            "region_year_rollups",
            "region_year_group_rollups",
            "indicator_year_rollups",
            "level2_year_rollups",
        ] {
            transaction
                .prepare_cached(&format!(
                    "DELETE FROM {table} WHERE region_id = ?1 AND year = ?2"
                ))?
                .execute(params![region, year])?;
        }
        transaction
            .prepare_cached(
                "INSERT INTO region_year_rollups
                 SELECT region_id, year, is_sample, count(*), total(year_start_budget), total(full_year_budget),
                        total(executed), coalesce(sum(total) FILTER (WHERE grade IS NOT NULL), 0),
                        min(total) FILTER (WHERE grade IS NOT NULL), max(total) FILTER (WHERE grade IS NOT NULL),
                        coalesce(sum(grade = '优'), 0), coalesce(sum(grade = '良'), 0),
                        coalesce(sum(grade = '中'), 0), coalesce(sum(grade = '差'), 0), sum(finding_count)
                 FROM evaluations WHERE region_id = ?1 AND year = ?2 GROUP BY is_sample",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO region_year_group_rollups
                 SELECT e.region_id, e.year, e.is_sample, coalesce(c.group_key, c.name), min(c.name), min(c.position),
                        sum(c.score), sum(c.weight), count(*)
                 FROM category_scores c JOIN evaluations e ON e.id = c.evaluation_id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY e.is_sample, coalesce(c.group_key, c.name)",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO indicator_year_rollups
                 SELECT i.name, e.region_id, e.year, e.is_sample, count(*), sum(i.score), sum(i.weight)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY i.name, e.is_sample",
            )?
            .execute(params![region, year])?;
        transaction
            .prepare_cached(
                "INSERT INTO level2_year_rollups
                 SELECT e.region_id, e.year, e.is_sample, i.level2, count(*), sum(i.score), sum(i.weight)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
                 WHERE e.region_id = ?1 AND e.year = ?2 GROUP BY i.level2, e.is_sample",
            )?
            .execute(params![region, year])?;
        shift_indicator_catalogue(transaction, *region, *year, 1)?;
    }
    forget_briefings(transaction, touched)?;
    refresh_results(transaction, touched, fresh)
}

/// Adds (`sign` 1) or takes off (`sign` -1) the indicator rollups of `region` in `year` to the
/// indicator catalogue of the region and every region above it (migration 0009), then drops the
/// names no row carries any more: called before the rollups of a region and year are
/// recomputed and after, it moves the catalogue by the difference, reading a few hundred rows.
fn shift_indicator_catalogue(
    transaction: &Transaction<'_>,
    region: i64,
    year: i32,
    sign: i64,
) -> rusqlite::Result<()> {
    const ANCESTORS: &str = "WITH RECURSIVE up(id) AS (
             SELECT ?1 UNION ALL
             SELECT r.parent_id FROM regions r JOIN up ON r.id = up.id WHERE r.parent_id IS NOT NULL
         )";
    transaction
        .prepare_cached(&format!(
            "{ANCESTORS}
             INSERT INTO indicator_catalogue_rollups (region_id, year, is_sample, name, rows)
             SELECT up.id, u.year, u.is_sample, u.name, ?3 * u.rows
             FROM indicator_year_rollups u CROSS JOIN up WHERE u.region_id = ?1 AND u.year = ?2
             ON CONFLICT (region_id, year, is_sample, name) DO UPDATE SET rows = rows + excluded.rows"
        ))?
        .execute(params![region, year, sign])?;
    transaction
        .prepare_cached(&format!(
            "{ANCESTORS}
             DELETE FROM indicator_catalogue_rollups
             WHERE region_id IN (SELECT id FROM up) AND year = ?2 AND rows = 0"
        ))?
        .execute(params![region, year])?;
    Ok(())
}
