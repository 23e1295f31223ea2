//! The API against a real server on a free port with its own SQLite file: every endpoint with
//! the seed record and generated ones, and bad input that must change nothing.

mod analytics;
mod errors;
mod imports;
mod records;
