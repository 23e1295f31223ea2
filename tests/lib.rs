//! Helpers shared by the end-to-end test binaries: where the workspace and its data live.

use std::path::PathBuf;

/// The workspace root (the folder holding `Cargo.toml`, `data/`, `shared/`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(PathBuf::from)
        .unwrap_or_default()
}

/// The path of a file under `data/`.
pub fn data_file(relative: &str) -> PathBuf {
    workspace_root().join("data").join(relative)
}
