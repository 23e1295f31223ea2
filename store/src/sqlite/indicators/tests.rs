//! The catalogue against the default data: every question reads an index (`EXPLAIN QUERY
//! PLAN`), its counts equal the indicator rows counted plainly, and imports, deletes and
//! restores keep the rollup behind it in step.

use std::path::Path;

use fundlens_shared::model::Evaluation;
use fundlens_shared::query::Source;
use fundlens_shared::scoring::ScoringPolicy;

use super::*;
use crate::sqlite::audit_log::Change;
use crate::sqlite::fixture;

fn searches(connection: &Connection) -> Vec<IndicatorSearch> {
    let program = fixture::busiest_program(connection);
    let search = |text: &str, filter: EvaluationFilter| IndicatorSearch {
        text: text.to_owned(),
        filter,
    };
    let region = |name: &str| Some(name.to_owned());
    vec![
        search("", EvaluationFilter::default()),
        search("率", EvaluationFilter::default()),
        search(
            "",
            EvaluationFilter {
                region: region("益阳市"),
                ..EvaluationFilter::default()
            },
        ),
        search(
            "企业",
            EvaluationFilter {
                region: region("赫山区"),
                year: Some(2022),
                ..EvaluationFilter::default()
            },
        ),
        search(
            "",
            EvaluationFilter {
                source: Source::Real,
                ..EvaluationFilter::default()
            },
        ),
        search(
            "",
            EvaluationFilter {
                program: Some(program.clone()),
                ..EvaluationFilter::default()
            },
        ),
        search(
            "率",
            EvaluationFilter {
                program: Some(program),
                region: region("益阳市"),
                year: Some(2023),
                source: Source::Sample,
                ..EvaluationFilter::default()
            },
        ),
    ]
}

fn resolved(connection: &Connection, search: &IndicatorSearch) -> CatalogueQuery {
    let id = |table: &str, name: &Option<String>| {
        name.as_ref().map(|name| {
            id_of(connection, table, name)
                .expect("id")
                .expect("the fixture has it")
        })
    };
    catalogue_query(
        search,
        id("regions", &search.filter.region),
        id("programs", &search.filter.program),
        20,
        0,
    )
}

/// Every name's rows under `search`, counted from the indicator rows themselves.
fn plain_counts(connection: &Connection, search: &IndicatorSearch) -> Vec<(String, i64)> {
    let mut conditions = Conditions::of(&search.filter);
    conditions.add(
        "instr(i.name, :text) > 0",
        ":text",
        Value::Text(search.text.clone()),
    );
    connection
        .prepare(&format!(
            "SELECT i.name, count(*) FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
             WHERE {} GROUP BY i.name ORDER BY count(*) DESC, i.name",
            conditions.sql()
        ))
        .expect("prepare")
        .query_map(conditions.params().as_slice(), |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

fn catalogue_counts(store: &Sqlite, search: &IndicatorSearch) -> Vec<(String, i64)> {
    let mut counts = Vec::new();
    let mut offset = 0;
    loop {
        let page = store
            .indicator_catalogue(search, 7, offset)
            .expect("catalogue");
        counts.extend(page.items.iter().map(|item| (item.name.clone(), item.rows)));
        offset += 7;
        if page.items.len() < 7 {
            assert_eq!(
                page.total_count,
                i64::try_from(counts.len()).expect("fits"),
                "{search:?}"
            );
            return counts;
        }
    }
}

#[test]
fn every_catalogue_question_reads_an_index() {
    let store = fixture::default_data();
    store.read(|connection| {
        for search in searches(connection) {
            let query = resolved(connection, &search);
            for sql in [&query.page, &query.count] {
                let plan: Vec<String> = connection
                    .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .expect("explain")
                    .query_map(query.conditions.params().as_slice(), |row| row.get(3))
                    .expect("plan")
                    .collect::<Result<_, _>>()
                    .expect("plan rows");
                let context = format!("{search:?}: {plan:#?}");
                assert!(
                    !plan.iter().any(|step| step == "SCAN e" || step == "SCAN i"),
                    "a scan of a whole table: {context}"
                );
                if search.filter.program.is_some() {
                    assert!(
                        plan.iter()
                            .any(|s| s.starts_with("SEARCH e USING") && s.contains("(program_id=?")),
                        "a fund's rows by the fund's index: {context}"
                    );
                } else {
                    assert!(
                        plan.iter().any(|s| s.contains("SEARCH e USING PRIMARY KEY (region_id=?")),
                        "one region's names from the catalogue rollup: {context}"
                    );
                }
            }
        }
    });
}

#[test]
fn catalogue_counts_equal_the_indicator_rows_most_first() {
    let store = fixture::default_data();
    for search in store.read(searches) {
        let want = store.read(|connection| plain_counts(connection, &search));
        assert!(
            !want.is_empty() || search.filter.year.is_some(),
            "the fixture has rows for {search:?}"
        );
        assert_eq!(catalogue_counts(store, &search), want, "{search:?}");
    }
}

#[test]
fn unknown_regions_and_programs_are_named() {
    let store = fixture::default_data();
    let ask = |region: Option<&str>, program: Option<&str>| {
        store.indicator_catalogue(
            &IndicatorSearch {
                text: String::new(),
                filter: EvaluationFilter {
                    region: region.map(str::to_owned),
                    program: program.map(str::to_owned),
                    ..EvaluationFilter::default()
                },
            },
            10,
            0,
        )
    };
    assert!(matches!(
        ask(Some("火星市"), None),
        Err(CatalogueError::UnknownRegion(name)) if name == "火星市"
    ));
    assert!(matches!(
        ask(None, Some("没有这个项目")),
        Err(CatalogueError::UnknownProgram(name)) if name == "没有这个项目"
    ));
}

#[test]
fn imports_deletes_and_restores_move_the_catalogue_of_every_region_above() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Sqlite::open(&dir.path().join("catalogue.sqlite")).expect("store");
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json"),
    )
    .expect("seed");
    let seed = Evaluation::many_from_json(&seed).expect("seed");
    let change = Change::system("catalogue test");
    let summary = store
        .import_evaluations(&seed, &ScoringPolicy::national(), false, &change)
        .expect("import");
    let everywhere = IndicatorSearch::default();
    let counts = |search: &IndicatorSearch| {
        let plain = store.read(|connection| plain_counts(connection, search));
        let listed = catalogue_counts(&store, search);
        assert_eq!(listed, plain, "{search:?}");
        listed
    };
    let in_city = IndicatorSearch {
        filter: EvaluationFilter {
            region: Some("益阳市".to_owned()),
            ..EvaluationFilter::default()
        },
        ..IndicatorSearch::default()
    };
    let imported = counts(&everywhere);
    assert_eq!(
        imported.iter().map(|(_, rows)| rows).sum::<i64>(),
        i64::try_from(seed[0].indicators.len()).expect("fits"),
        "every row of the seed is counted once for the province"
    );
    assert_eq!(counts(&in_city), imported);
    // Replacing keeps the counts; deleting takes them off every level; restoring puts them back.
    store
        .import_evaluations(&seed, &ScoringPolicy::national(), true, &change)
        .expect("replace");
    assert_eq!(counts(&everywhere), imported);
    let id = summary.ids[0];
    store.delete_evaluation(id, &change).expect("delete");
    assert!(counts(&everywhere).is_empty());
    assert!(counts(&in_city).is_empty());
    let left: i64 = store.read(|connection| {
        connection
            .query_row(
                "SELECT count(*) FROM indicator_catalogue_rollups",
                [],
                |row| row.get(0),
            )
            .expect("count")
    });
    assert_eq!(left, 0, "names no row carries are dropped");
    store
        .restore_evaluation(id, &ScoringPolicy::national(), &change)
        .expect("restore");
    assert_eq!(counts(&everywhere), imported);
}
