//! Test fixture: a store in a temporary file holding what a new database gets (the real
//! records under `data/` and the city-scale sample), loaded once per test binary and shared.

use std::path::Path;
use std::sync::OnceLock;

use fundlens_shared::scoring::ScoringPolicy;

use super::Store;

/// The shared store with the default data (read-only use: tests must not write to it).
pub(crate) fn default_data() -> &'static Store {
    static STORE: OnceLock<(tempfile::TempDir, Store)> = OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("fixture.sqlite")).expect("store");
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data");
        crate::seed_data::load_default(&store, &data, true, &ScoringPolicy::national())
            .expect("default data");
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
