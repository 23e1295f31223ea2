//! Test fixture: a store in a temporary file holding what a new database gets (the real
//! records under `data/` and the city-scale sample), loaded once per test binary and shared.

use std::path::Path;
use std::sync::OnceLock;

use fundlens_sample::{SampleSpec, Scale};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;

use super::Sqlite;
use super::audit_log::Change;

/// The shared store with the default data (read-only use: tests must not write to it).
pub(crate) fn default_data() -> &'static Sqlite {
    static STORE: OnceLock<(tempfile::TempDir, Sqlite)> = OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Sqlite::open(&dir.path().join("fixture.sqlite")).expect("store");
        let policy = ScoringPolicy::national();
        let change = Change::system("test fixture");
        let real = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../data/evaluations/yiyang-2022-advanced-manufacturing.json");
        let real = Evaluation::from_json(&std::fs::read_to_string(real).expect("the seed record"))
            .expect("valid");
        store
            .import_evaluations(&[real], &policy, false, &change)
            .expect("the seed record imports");
        let spec = SampleSpec {
            scale: Scale::City,
            seed: fundlens_sample::DEFAULT_SEED,
        };
        store
            .add_regions(&fundlens_sample::regions(&spec))
            .expect("sample regions");
        store
            .import_observations(&fundlens_sample::observations(&spec), &policy, &change)
            .expect("sample observations");
        let evaluations: Vec<Evaluation> = fundlens_sample::evaluations(&spec).collect();
        store
            .import_evaluations(&evaluations, &policy, false, &change)
            .expect("sample evaluations");
        (dir, store)
    });
    store
}

/// The program with the most evaluations in the store `connection` reads.
pub(crate) fn busiest_program(connection: &rusqlite::Connection) -> String {
    connection
        .query_row(
            "SELECT p.name FROM programs p JOIN evaluations e ON e.program_id = p.id
             GROUP BY p.id ORDER BY count(*) DESC LIMIT 1",
            [],
            |row| row.get(0),
        )
        .expect("a program")
}
