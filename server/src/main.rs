//! The `fundlens` command: parses the command line and hands over to the library.

fn main() -> std::process::ExitCode {
    fundlens_server::cli::main()
}
