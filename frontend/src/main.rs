//! The wasm entry point: `wasm-bindgen` runs `main` when the page loads the module.

fn main() {
    fundlens_frontend::mount();
}
