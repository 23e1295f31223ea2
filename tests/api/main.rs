//! The API against a real server on a free port with its own database (a SQLite file, or a
//! PostgreSQL database when `FUNDLENS_TEST_POSTGRES` names a server): every endpoint with
//! the seed record and generated ones, and bad input that must change nothing.

mod access;
mod analytics;
mod answer_cache;
mod batch;
mod briefing;
mod divisions;
mod documents;
mod downloads;
mod errors;
mod grid;
mod history;
mod hostile;
mod imports;
mod records;
mod results;
mod search;
mod two_servers;
mod ungraded;
