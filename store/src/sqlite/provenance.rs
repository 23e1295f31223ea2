//! Where the rows of a table come from, for the line every downloaded file carries: whether
//! any is sample data, else the documents (or statistics sources) behind them and the latest
//! date they were stored. A region-year scope is read from the entries of
//! `evaluations_region_year`, which hold each row's provenance kind and source (migration
//! 0017), so it costs a lookup per region, not a walk through the sample rows.

use fundlens_shared::api::TableProvenance;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::read::{Conditions, EvaluationFilter, SUBTREE};
use super::{Sqlite, StorageError};

/// At most this many sources are named.
pub(crate) const NAMED_SOURCES: usize = 5;

/// A statistic's source in a sentence: its title, or 示例数据 for a sample figure (a sample
/// source has a generator, not a title).
pub(crate) fn statistic_source(sample: bool, title: String) -> String {
    if sample {
        "示例数据".to_owned()
    } else {
        title
    }
}

pub(crate) fn source_label(title: String, issuer: String, issued_on: String) -> String {
    let details: Vec<String> = [issuer, issued_on]
        .into_iter()
        .filter(|d| !d.is_empty())
        .collect();
    let title = if title.is_empty() {
        "未注明标题的文件".to_owned()
    } else {
        format!("《{title}》")
    };
    if details.is_empty() {
        title
    } else {
        format!("{title}（{}）", details.join("，"))
    }
}

/// Whether any of the rows (`rows` with its alias) within `scope` is sample data.
fn sample_sql((rows, alias): (&str, &str), scope: &str) -> String {
    format!("SELECT EXISTS (SELECT 1 FROM {rows} WHERE {scope} AND {alias}.is_sample = 1)")
}

/// The sources of the real rows within `scope`, with the latest `day` of each.
fn sources_sql((rows, alias): (&str, &str), scope: &str, day: &str) -> String {
    format!(
        "SELECT s.title, s.issuer, s.issued_on, {day}
         FROM {rows} JOIN sources s ON s.id = {alias}.source_id
         WHERE {scope} AND {alias}.is_sample = 0 GROUP BY s.id ORDER BY s.id LIMIT 50"
    )
}

/// Where stored rows come from: `rows` is a table with its alias (`evaluations e`), `scope`
/// the condition on them, `day` the expression of a real row's date (`max(e.imported_at)`).
fn read(
    connection: &Connection,
    (rows, alias): (&str, &str),
    scope: &str,
    day: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> rusqlite::Result<TableProvenance> {
    let sample: bool = connection
        .prepare_cached(&sample_sql((rows, alias), scope))?
        .query_row(params, |row| row.get(0))?;
    let mut statement = connection.prepare_cached(&sources_sql((rows, alias), scope, day))?;
    let found = statement.query_map(params, |row| {
        Ok((
            source_label(row.get(0)?, row.get(1)?, row.get(2)?),
            row.get::<_, Option<String>>(3)?,
        ))
    })?;
    let mut provenance = TableProvenance {
        sample,
        ..TableProvenance::default()
    };
    for row in found {
        let (label, day) = row?;
        if provenance.sources.len() < NAMED_SOURCES && !provenance.sources.contains(&label) {
            provenance.sources.push(label);
        }
        if let Some(day) = day.map(|d| d.chars().take(10).collect::<String>())
            && provenance.data_date.as_ref().is_none_or(|l| *l < day)
        {
            provenance.data_date = Some(day);
        }
    }
    Ok(provenance)
}

impl Sqlite {
    /// The provenance of the evaluations `filter` matches.
    ///
    /// # Errors
    /// When the store fails.
    pub fn evaluation_provenance(
        &self,
        filter: &EvaluationFilter,
    ) -> Result<TableProvenance, StorageError> {
        let conditions = Conditions::of(filter);
        self.read(|connection| {
            Ok(read(
                connection,
                ("evaluations e", "e"),
                &conditions.sql(),
                "max(e.imported_at)",
                conditions.params().as_slice(),
            )?)
        })
    }

    /// The provenance of the observations of `metric` for `region` (and every region below it
    /// and its province, whose figures a comparison or trend shows beside it).
    ///
    /// # Errors
    /// When the store fails.
    pub fn observation_provenance(
        &self,
        region: &str,
        metric: &str,
    ) -> Result<TableProvenance, StorageError> {
        self.read(|connection| {
            let region = Value::Text(region.to_owned());
            let metric = Value::Text(metric.to_owned());
            let params: [(&str, &dyn rusqlite::ToSql); 2] =
                [(":region", &region), (":metric", &metric)];
            let scope = format!(
                "o.metric = :metric AND (o.region_id IN ({SUBTREE})
                     OR o.region_id IN (SELECT id FROM regions WHERE parent_id IS NULL))"
            );
            Ok(read(
                connection,
                ("observations o", "o"),
                &scope,
                "max(s.issued_on)",
                params.as_slice(),
            )?)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A region-year's provenance is read from the entries of its region and year in
    /// `evaluations_region_year` (migration 0017), never by walking the sample rows.
    #[test]
    fn a_region_year_s_provenance_is_read_from_its_own_index_entries() {
        let mut connection = Connection::open_in_memory().expect("memory db");
        super::super::migrate::migrate(&mut connection).expect("migrates");
        let filter = EvaluationFilter {
            year: Some(2016),
            region: Some("赫山区".to_owned()),
            ..EvaluationFilter::default()
        };
        let conditions = Conditions::of(&filter);
        let scope = conditions.sql();
        let rows = ("evaluations e", "e");
        for sql in [
            sample_sql(rows, &scope),
            sources_sql(rows, &scope, "max(e.imported_at)"),
        ] {
            let plan: Vec<String> = connection
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .expect("plans")
                .query_map(conditions.params().as_slice(), |row| row.get(3))
                .expect("steps")
                .collect::<rusqlite::Result<_>>()
                .expect("steps");
            assert!(
                plan.iter().any(|step| step
                    .contains("evaluations_region_year (region_id=? AND year=? AND is_sample=?")),
                "{sql}: {plan:#?}"
            );
        }
    }
}
