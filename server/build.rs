//! Makes sure `frontend/dist/` exists, so `include_dir!` in `src/web_assets.rs` compiles on a
//! clean clone before any wasm build, and rebuilds the server when the bundle changes.

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let dist = manifest_dir.join("..").join("frontend").join("dist");
    if let Err(error) = std::fs::create_dir_all(&dist) {
        println!(
            "cargo::warning=could not create {}: {error}",
            dist.display()
        );
    }
    // A folder given here is scanned recursively for changes.
    println!("cargo::rerun-if-changed={}", dist.display());
    println!("cargo::rerun-if-changed=build.rs");
}
