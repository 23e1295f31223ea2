//! The list against the default data: every order under every filter reads an index (checked
//! with `EXPLAIN QUERY PLAN`), pages walked by cursor give exactly the matching rows in order
//! whichever index leads, and counts from the rollups equal a plain count.

use std::cmp::Reverse;

use fundlens_shared::value::Grade;
use rusqlite::Connection;

use super::*;
use crate::sqlite::fixture;

fn filters(connection: &Connection) -> Vec<EvaluationFilter> {
    let program = fixture::busiest_program(connection);
    let region = |name: &str| Some(name.to_owned());
    vec![
        EvaluationFilter::default(),
        EvaluationFilter {
            year: Some(2022),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            region: region("益阳市"),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            region: region("赫山区"),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            program: Some(program.clone()),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            grade: Some(Grade::Good),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            source: Source::Real,
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            source: Source::Sample,
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            with_findings: true,
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            year: Some(2022),
            region: region("益阳市"),
            with_findings: true,
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            year: Some(2023),
            region: region("益阳市"),
            program: Some(program),
            grade: Some(Grade::Excellent),
            source: Source::Sample,
            with_findings: true,
            fund: None,
        },
        EvaluationFilter {
            fund: Some("专项".to_owned()),
            ..EvaluationFilter::default()
        },
        EvaluationFilter {
            // Pinyin initials: 先进制造业… and any other fund whose initials hold "zz".
            fund: Some("ZZ".to_owned()),
            year: Some(2022),
            region: region("益阳市"),
            ..EvaluationFilter::default()
        },
    ]
}

fn plan(connection: &Connection, sql: &str, conditions: &Conditions) -> Vec<String> {
    connection
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("explain")
        .query_map(conditions.params().as_slice(), |row| {
            row.get::<_, String>(3)
        })
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("plan rows")
}

/// Runs one page query directly, with the lead given.
fn page(
    connection: &Connection,
    filter: &EvaluationFilter,
    order: Sort,
    lead: Lead,
    start: &Start,
    rows: u32,
) -> Vec<(i64, ListPosition)> {
    let (sql, conditions) = page_query(filter, order, lead, start, rows);
    connection
        .prepare(&sql)
        .expect("prepare")
        .query_map(conditions.params().as_slice(), |row| {
            Ok((row.get(0)?, position_of(order, row)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The ids matching `filter` in `order`, computed without the list's SQL: the plain filter,
/// then sorted here by the order's definition.
fn expected(connection: &Connection, filter: &EvaluationFilter, order: Sort) -> Vec<i64> {
    let conditions = Conditions::of(filter);
    let mut rows: Vec<(i64, String, String, i32, i64, i64)> = connection
        .prepare(&format!(
            "SELECT e.id, p.name, r.name, e.year, e.total, e.finding_count FROM evaluations e
             JOIN programs p ON p.id = e.program_id JOIN regions r ON r.id = e.region_id WHERE {}",
            conditions.sql()
        ))
        .expect("prepare")
        .query_map(conditions.params().as_slice(), |row| {
            Ok((
                row.get(0)?,
                row.get(1)?,
                row.get(2)?,
                row.get(3)?,
                row.get(4)?,
                row.get(5)?,
            ))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    match order {
        Sort::Newest => rows.sort_by_key(|r| Reverse((r.3, r.4, r.0))),
        Sort::Lowest => rows.sort_by_key(|r| (r.4, r.0)),
        Sort::Highest => rows.sort_by_key(|r| Reverse((r.4, r.0))),
        Sort::Program => rows.sort_by(|a, b| a.1.cmp(&b.1).then((b.3, b.0).cmp(&(a.3, a.0)))),
        Sort::Region => rows.sort_by(|a, b| a.2.cmp(&b.2).then((b.3, b.0).cmp(&(a.3, a.0)))),
        Sort::Findings => rows.sort_by_key(|r| (Reverse(r.5), r.4, r.0)),
    }
    rows.into_iter().map(|r| r.0).collect()
}

#[test]
fn every_order_under_every_filter_reads_an_index() {
    let store = fixture::default_data();
    store.read(|connection| {
        let after = Start::After(ListPosition::Lowest(80_000_000, 1));
        for filter in filters(connection) {
            for &order in Sort::ALL {
                let start = match order {
                    Sort::Lowest => after.clone(),
                    _ => Start::Offset(0),
                };
                for lead in [Lead::Filter, Lead::Order] {
                    let (sql, conditions) = page_query(&filter, order, lead, &start, 51);
                    let plan = plan(connection, &sql, &conditions);
                    let context = format!("{order:?} {lead:?} {filter:?}: {plan:#?}");
                    assert!(
                        !plan.iter().any(|step| step == "SCAN e"),
                        "a scan of every evaluation: {context}"
                    );
                    if lead == Lead::Order {
                        assert!(
                            !plan
                                .iter()
                                .any(|step| step.contains("TEMP B-TREE FOR ORDER BY")),
                            "the order's index must give the order: {context}"
                        );
                    }
                }
            }
        }
    });
}

#[test]
fn a_few_rows_of_a_county_s_year_are_looked_up_by_region_and_year_in_every_order() {
    let store = fixture::default_data();
    store.read(|connection| {
        let filter = EvaluationFilter {
            year: Some(2022),
            region: Some("赫山区".to_owned()),
            ..EvaluationFilter::default()
        };
        for &order in Sort::ALL {
            let (sql, conditions) = page_query(&filter, order, Lead::Filter, &Start::Offset(0), 51);
            let plan = plan(connection, &sql, &conditions);
            assert!(
                plan.iter()
                    .any(|step| step.contains("evaluations_region_year (region_id=? AND year=?)")),
                "{order:?}: {plan:#?}"
            );
        }
    });
}

#[test]
fn pages_walked_by_cursor_hold_every_match_in_order_whichever_index_leads() {
    let store = fixture::default_data();
    store.read(|connection| {
        for filter in filters(connection) {
            for &order in Sort::ALL {
                let want = expected(connection, &filter, order);
                for lead in [Lead::Filter, Lead::Order] {
                    let mut walked = Vec::new();
                    let mut start = Start::Offset(0);
                    loop {
                        let rows = page(connection, &filter, order, lead, &start, 37);
                        walked.extend(rows.iter().map(|(id, _)| *id));
                        match rows.last() {
                            Some((_, position)) if rows.len() == 37 => {
                                start = Start::After(position.clone());
                            }
                            _ => break,
                        }
                    }
                    assert_eq!(walked, want, "{order:?} {lead:?} {filter:?}");
                }
            }
        }
    });
}

#[test]
fn the_list_counts_from_rollups_and_hands_out_cursors_to_the_end() {
    let store = fixture::default_data();
    let filters = store.read(filters);
    for filter in &filters {
        let plain: i64 = store.read(|connection| {
            let conditions = Conditions::of(filter);
            connection
                .query_row(
                    &format!(
                        "SELECT count(*) FROM evaluations e WHERE {}",
                        conditions.sql()
                    ),
                    conditions.params().as_slice(),
                    |row| row.get(0),
                )
                .expect("count")
        });
        let mut seen = 0;
        let mut start = Start::Offset(0);
        loop {
            let list = store
                .list_evaluations(filter, Sort::Region, 100, &start)
                .expect("list");
            assert_eq!(list.total_count, plain, "{filter:?}");
            seen += list.items.len();
            match list.next {
                Some(next) => {
                    assert_eq!(list.items.len(), 100);
                    start = Start::After(
                        ListPosition::decode(&next, Sort::Region).expect("own cursor"),
                    );
                }
                None => break,
            }
        }
        assert_eq!(i64::try_from(seen).expect("fits"), plain, "{filter:?}");
    }
    let first = store
        .list_evaluations(&filters[0], Sort::Newest, 5, &Start::Offset(0))
        .expect("list");
    let next = first.next.expect("more than five evaluations");
    assert!(ListPosition::decode(&next, Sort::Lowest).is_err());
}
