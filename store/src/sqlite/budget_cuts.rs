//! Mid-year budget cuts (年中调减) of the funds a filter selects: how many funds' 全年预算数 is
//! below their 年初预算数, the cuts added up, and the largest one. Straight from the narrow
//! `evaluations` rows, so the figures are the list's `year_start_budget` and `budget` of the
//! same funds.

use rust_decimal::Decimal;

use super::convert::money_from_db;
use super::read::{Conditions, EvaluationFilter};
use super::{Sqlite, StorageError};

/// The cuts of the funds a filter selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetCuts {
    /// Funds whose adjusted budget is below their year-start budget.
    pub funds: i64,
    /// Σ (year-start budget − adjusted budget) over those funds, 万元.
    pub total: Decimal,
    /// The largest cut (ties: the lowest id).
    pub largest: Option<LargestCut>,
}

/// The fund with the largest cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LargestCut {
    /// The evaluation.
    pub id: i64,
    /// 项目名称.
    pub program: String,
    /// Its region.
    pub region: String,
    /// 年初预算数, 万元.
    pub year_start_budget: Decimal,
    /// 全年预算数, 万元.
    pub budget: Decimal,
}

const CUT: &str = "e.full_year_budget < e.year_start_budget";

/// The count and sum of the cuts within `scope` (read from the partial index of migration 0010).
fn totals_sql(scope: &str) -> String {
    format!(
        "SELECT count(*), coalesce(sum(e.year_start_budget - e.full_year_budget), 0)
         FROM evaluations e WHERE {scope} AND {CUT}"
    )
}

/// The largest cut within `scope`, with its fund's and region's names.
fn largest_sql(scope: &str) -> String {
    format!(
        "SELECT e.id, p.name, r.name, e.year_start_budget, e.full_year_budget
         FROM evaluations e JOIN programs p ON p.id = e.program_id
         JOIN regions r ON r.id = e.region_id
         WHERE {scope} AND {CUT}
         ORDER BY e.year_start_budget - e.full_year_budget DESC, e.id LIMIT 1"
    )
}

impl Sqlite {
    /// The mid-year budget cuts of the evaluations `filter` selects.
    ///
    /// # Errors
    /// When the store fails.
    pub fn budget_cuts(&self, filter: &EvaluationFilter) -> Result<BudgetCuts, StorageError> {
        let conditions = Conditions::of(filter);
        let scope = conditions.sql();
        let params = conditions.params();
        self.read(|connection| {
            let (funds, total): (i64, i64) = connection
                .prepare_cached(&totals_sql(&scope))?
                .query_row(params.as_slice(), |row| Ok((row.get(0)?, row.get(1)?)))?;
            let mut largest = connection.prepare_cached(&largest_sql(&scope))?;
            let largest = largest
                .query_map(params.as_slice(), |row| {
                    Ok(LargestCut {
                        id: row.get(0)?,
                        program: row.get(1)?,
                        region: row.get(2)?,
                        year_start_budget: money_from_db(row.get(3)?),
                        budget: money_from_db(row.get(4)?),
                    })
                })?
                .next()
                .transpose()?;
            Ok(BudgetCuts {
                funds,
                total: money_from_db(total),
                largest,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sqlite::fixture;

    /// Every question the briefings ask reads the partial index of the cuts, never the table.
    #[test]
    fn the_cuts_are_read_from_their_own_index() {
        let store = fixture::default_data();
        let filters = [
            EvaluationFilter {
                year: Some(2022),
                ..EvaluationFilter::default()
            },
            EvaluationFilter {
                year: Some(2022),
                region: Some("益阳市".to_owned()),
                ..EvaluationFilter::default()
            },
        ];
        for filter in filters {
            let conditions = Conditions::of(&filter);
            let scope = conditions.sql();
            for sql in [totals_sql(&scope), largest_sql(&scope)] {
                let plan: Vec<String> = store
                    .read(|connection| {
                        connection
                            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?
                            .query_map(conditions.params().as_slice(), |row| row.get(3))?
                            .collect::<rusqlite::Result<Vec<String>>>()
                    })
                    .expect("plan");
                assert!(
                    plan.iter()
                        .any(|step| step.contains("evaluations_budget_cuts")),
                    "{filter:?}: {plan:#?}"
                );
            }
        }
    }
}
