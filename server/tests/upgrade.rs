//! A database of the previous release (schema version 3: documents inline in `evaluations`)
//! opens, migrates in one step and answers exactly what the store it was made from answers.
//!
//! The fixture is built with the old migrations (the three SQL files as they shipped, applied
//! as the old runner did) and filled with the rows a current store holds for the real records
//! and the city-scale sample, each evaluation's documents put back inline.

use std::path::Path;

use fundlens_shared::query::{Measure, Sort, Source};
use fundlens_shared::scoring::ScoringPolicy;
use fundlens_store::Store;
use fundlens_store::sqlite::Sqlite;
use fundlens_store::{EvaluationFilter, ListPosition, Start};
use rusqlite::Connection;
use serde_json::{Value, json};

/// The schema of the previous release, file by file.
const OLD_MIGRATIONS: [&str; 3] = [
    include_str!("../../migrations/sqlite/0001_schema.sql"),
    include_str!("../../migrations/sqlite/0002_rollups.sql"),
    include_str!("../../migrations/sqlite/0003_indicator_place.sql"),
];

/// Tables whose rows the old and new schemas share column for column: those `evaluations`
/// refers to, then those referring to it.
const PARENT_TABLES: [&str; 3] = ["regions", "sources", "programs"];
const CHILD_TABLES: [&str; 7] = [
    "funding_rows",
    "category_scores",
    "indicators",
    "allocations",
    "findings",
    "region_year_rollups",
    "region_year_group_rollups",
];

/// The columns of the old `observations` (version 15 added `from_report`).
const OLD_OBSERVATION_COLUMNS: &str = "region_id, metric, year, is_sample, value, rank, source_id";

/// The columns of the old `evaluations`, in order, as read from a current store.
const OLD_EVALUATION_COLUMNS: &str = "e.id, e.program_id, e.region_id, e.year, e.source_id,
    e.is_sample, e.year_start_budget, e.full_year_budget, e.executed, e.execution_score, e.total,
    e.grade, e.complete, e.declared_total, e.finding_count, e.needs_benchmark, d.record,
    d.assessment, e.imported_at";

fn current_store(path: &Path) -> Store {
    let store = Store::open_sqlite(path).expect("store");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
    tokio::runtime::Runtime::new()
        .expect("runtime")
        .block_on(fundlens_server::seed_data::load_default(
            &store,
            &data,
            true,
            &ScoringPolicy::national(),
        ))
        .expect("default data");
    sqlite(&store).checkpoint().expect("checkpoint");
    store
}

/// The SQLite backend of `store`, asked directly (this test is about the SQLite schema).
fn sqlite(store: &Store) -> &Sqlite {
    store.as_sqlite().expect("a SQLite store")
}

/// A schema-3 database holding the rows of the current store at `source`.
fn previous_release_copy(source: &Path, target: &Path) {
    let connection = Connection::open(target).expect("old db");
    for sql in OLD_MIGRATIONS {
        connection.execute_batch(sql).expect("old migration");
    }
    connection
        .pragma_update(None, "user_version", 3)
        .expect("version 3");
    connection
        .execute(
            "ATTACH DATABASE ?1 AS current",
            [source.to_str().expect("utf-8")],
        )
        .expect("attach");
    let copy = |table: &str| {
        connection
            .execute(
                &format!("INSERT INTO main.{table} SELECT * FROM current.{table}"),
                [],
            )
            .expect(table);
    };
    PARENT_TABLES.into_iter().for_each(copy);
    connection
        .execute(
            &format!(
                "INSERT INTO main.evaluations SELECT {OLD_EVALUATION_COLUMNS}
                 FROM current.evaluations e JOIN current.evaluation_documents d ON d.evaluation_id = e.id"
            ),
            [],
        )
        .expect("evaluations");
    CHILD_TABLES.into_iter().for_each(copy);
    connection
        .execute(
            &format!(
                "INSERT INTO main.observations SELECT {OLD_OBSERVATION_COLUMNS} FROM current.observations"
            ),
            [],
        )
        .expect("observations");
}

/// Every row of `sql`, each as a list of values (blobs as hex), for comparing stores.
fn rows(connection: &Connection, sql: &str) -> Vec<Vec<String>> {
    let mut statement = connection.prepare(sql).expect("prepare");
    let width = statement.column_count();
    statement
        .query_map([], |row| {
            (0..width)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Blob(bytes) => {
                            bytes.iter().map(|b| format!("{b:02x}")).collect()
                        }
                        other => format!("{other:?}"),
                    })
                })
                .collect()
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// What the dashboard asks, as JSON: catalogue, every list order walked by cursor, details,
/// trends, comparisons and an indicator's history.
fn answers(store: &Sqlite) -> Value {
    let mut catalogue = store.catalogue().expect("catalogue");
    // When the data last changed differs between two stores filled at different moments.
    catalogue.data_as_of = None;
    let city = EvaluationFilter {
        region: Some("益阳市".to_owned()),
        ..EvaluationFilter::default()
    };
    let mut lists = Vec::new();
    for order in [
        Sort::Newest,
        Sort::Lowest,
        Sort::Highest,
        Sort::Program,
        Sort::Region,
    ] {
        for filter in [EvaluationFilter::default(), city.clone()] {
            let mut start = Start::Offset(0);
            loop {
                let list = store
                    .list_evaluations(&filter, order, 250, &start)
                    .expect("list");
                lists.push(json!([list.total_count, list.items]));
                let Some(next) = list.next else { break };
                start = Start::After(ListPosition::decode(&next, order).expect("cursor"));
            }
        }
    }
    let first = store
        .list_evaluations(&city, Sort::Lowest, 5, &Start::Offset(0))
        .expect("list");
    let details: Vec<_> = first
        .items
        .iter()
        .map(|item| store.evaluation(item.id).expect("detail"))
        .collect();
    let name = details[0].as_ref().expect("found").record.indicators[0]
        .name
        .clone();
    let year = *catalogue.years.last().expect("a year");
    json!({
        "catalogue": catalogue,
        "health": store.health().expect("health"),
        "lists": lists,
        "details": details,
        "funding": store.funding_trend(&city).expect("funding"),
        "scores": store.score_trend(&EvaluationFilter::default()).expect("scores"),
        "compare": store
            .compare("益阳市", year, Measure::Score, Source::All)
            .expect("compare"),
        "history": store.indicator_history(&name, &EvaluationFilter::default(), 1000, None).expect("history"),
        "city_history": store.indicator_history(&name, &city, 1000, None).expect("history"),
    })
}

#[test]
fn a_previous_release_database_migrates_and_answers_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (current, old) = (
        dir.path().join("current.sqlite"),
        dir.path().join("v3.sqlite"),
    );
    let expected = answers(sqlite(&current_store(&current)));
    previous_release_copy(&current, &old);
    let before = rows(
        &Connection::open(&old).expect("open"),
        "SELECT * FROM evaluations ORDER BY id",
    );
    assert!(before.len() > 500, "the fixture holds the sample");

    let migrated = Sqlite::open(&old).expect("the old database opens and migrates");

    let connection = Connection::open(&old).expect("open");
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version");
    let newest =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite"))
            .expect("the migrations folder")
            .filter(|entry| {
                entry
                    .as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
            })
            .count();
    assert_eq!(
        usize::try_from(version).expect("a version"),
        newest,
        "migrated to the newest schema (one version per file of migrations/sqlite)"
    );
    let level2 = rows(
        &connection,
        "SELECT year, region_id, is_sample, level2, rows, score_sum, weight_sum
         FROM level2_year_rollups ORDER BY year, region_id, is_sample, level2",
    );
    assert!(!level2.is_empty(), "the level-2 rollups are filled");
    assert!(
        level2
            == rows(
                &connection,
                "SELECT e.year, e.region_id, e.is_sample, i.level2, count(*), sum(i.score), sum(i.weight)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id
                 GROUP BY e.year, e.region_id, e.is_sample, i.level2
                 ORDER BY e.year, e.region_id, e.is_sample, i.level2"
            ),
        "the level-2 rollups hold the indicator rows' sums"
    );
    let catalogue = rows(
        &connection,
        "SELECT region_id, year, is_sample, name, rows FROM indicator_catalogue_rollups
         ORDER BY region_id, year, is_sample, name",
    );
    assert!(!catalogue.is_empty(), "the indicator catalogue is filled");
    assert!(
        catalogue
            == rows(
                &connection,
                "WITH RECURSIVE up(region_id, ancestor_id) AS (
                     SELECT id, id FROM regions
                     UNION ALL SELECT up.region_id, r.parent_id FROM up JOIN regions r ON r.id = up.ancestor_id
                     WHERE r.parent_id IS NOT NULL
                 )
                 SELECT up.ancestor_id, e.year, e.is_sample, i.name, count(*)
                 FROM evaluations e JOIN indicators i ON i.evaluation_id = e.id JOIN up ON up.region_id = e.region_id
                 GROUP BY up.ancestor_id, e.year, e.is_sample, i.name
                 ORDER BY up.ancestor_id, e.year, e.is_sample, i.name"
            ),
        "the catalogue counts every indicator row for its region and each region above it"
    );
    let after = rows(
        &connection,
        &format!(
            "SELECT {OLD_EVALUATION_COLUMNS} FROM evaluations e
             JOIN evaluation_documents d ON d.evaluation_id = e.id ORDER BY e.id"
        ),
    );
    assert!(
        before == after,
        "every evaluation and its documents survive unchanged"
    );
    assert!(rows(&connection, "PRAGMA foreign_key_check").is_empty());
    let check: String = connection
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("check");
    assert_eq!(check, "ok");
    let wide: i64 = connection
        .query_row(
            "SELECT count(*) FROM pragma_table_info('evaluations') WHERE name IN ('record', 'assessment')",
            [],
            |row| row.get(0),
        )
        .expect("columns");
    assert_eq!(wide, 0, "the documents left the hot table");
    assert!(
        answers(&migrated) == expected,
        "the migrated store answers as the current one"
    );

    // Writes after the upgrade keep the counts: replacing the seed changes nothing.
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json"),
    )
    .expect("seed");
    let seed = fundlens_shared::model::Evaluation::many_from_json(&seed).expect("seed");
    migrated
        .import_evaluations(
            &seed,
            &ScoringPolicy::national(),
            true,
            &fundlens_store::Change::system("upgrade test"),
        )
        .expect("replace");
    let catalogue = migrated.catalogue().expect("catalogue");
    assert!(
        catalogue.data_as_of.is_some(),
        "the replacement dates the data"
    );
    assert_eq!(
        fundlens_shared::api::Catalogue {
            data_as_of: None,
            ..catalogue
        },
        store_catalogue(&expected)
    );
}

fn store_catalogue(answers: &Value) -> fundlens_shared::api::Catalogue {
    serde_json::from_value(answers["catalogue"].clone()).expect("catalogue")
}
