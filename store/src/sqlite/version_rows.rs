//! The version rows every write keeps: the record an evaluation held before it was replaced or
//! deleted, the digest of each record, and the audit entry of an import with a version per
//! evaluation it wrote. Reading and restoring versions is [`super::versions`]'.

use fundlens_shared::model::Evaluation;
use rusqlite::{Connection, OptionalExtension, params};

use super::audit_log::{Change, Event, append, sha256_hex};
use super::blob::unpack;

/// One evaluation an import wrote: its id and the digests of the record it replaced (if any)
/// and of the record now stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Written {
    pub(super) id: i64,
    pub(super) before_hash: Option<String>,
    pub(super) after_hash: String,
}

/// SHA-256 (hex) of a record's JSON.
pub(crate) fn record_hash(evaluation: &Evaluation) -> String {
    sha256_hex(&serde_json::to_vec(evaluation).unwrap_or_default())
}

/// The id for the next new evaluation: above every id an evaluation ever had.
pub(super) fn next_id(connection: &Connection) -> rusqlite::Result<i64> {
    connection.query_row(
        "SELECT max(coalesce((SELECT max(id) FROM evaluations), 0),
                    coalesce((SELECT max(evaluation_id) FROM evaluation_versions), 0)) + 1",
        [],
        |row| row.get(0),
    )
}

/// Keeps the live version of evaluation `id` before it is replaced or deleted: its record and
/// assessment are copied into its version row (entered now if it was imported before versions
/// were kept). Returns the record's digest.
pub(super) fn supersede(connection: &Connection, id: i64) -> rusqlite::Result<String> {
    let (record, assessment): (Vec<u8>, Vec<u8>) = connection
        .prepare_cached(
            "SELECT record, assessment FROM evaluation_documents WHERE evaluation_id = ?1",
        )?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let latest: Option<(u32, String)> = connection
        .prepare_cached(
            "SELECT version, record_hash FROM evaluation_versions WHERE evaluation_id = ?1
             ORDER BY version DESC LIMIT 1",
        )?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (version, hash) = match latest {
        Some(found) => found,
        None => {
            let evaluation: Evaluation =
                unpack(&record).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))?;
            let hash = record_hash(&evaluation);
            connection.execute(
                "INSERT INTO evaluation_versions (evaluation_id, version, audit_id, record_hash)
                 VALUES (?1, 1, NULL, ?2)",
                params![id, hash],
            )?;
            (1, hash)
        }
    };
    connection
        .prepare_cached(
            "UPDATE evaluation_versions SET record = ?1, assessment = ?2
             WHERE evaluation_id = ?3 AND version = ?4",
        )?
        .execute(params![record, assessment, id, version])?;
    Ok(hash)
}

/// A digest of several (id, digest) pairs, or the one digest when there is one.
pub(crate) fn combined<'a>(pairs: impl Iterator<Item = (i64, &'a str)>) -> Option<String> {
    let lines: Vec<String> = pairs.map(|(id, hash)| format!("{id}:{hash}")).collect();
    match lines.as_slice() {
        [] => None,
        [one] => one.split_once(':').map(|(_, hash)| hash.to_owned()),
        _ => Some(sha256_hex(lines.join("\n").as_bytes())),
    }
}

/// Writes an import's audit entry and a new version row for each evaluation it wrote.
pub(super) fn record_import(
    connection: &Connection,
    change: &Change,
    written: &[Written],
) -> rusqlite::Result<()> {
    if written.is_empty() {
        return Ok(());
    }
    let replaced = written.iter().filter(|w| w.before_hash.is_some()).count();
    let ids: Vec<String> = written.iter().take(20).map(|w| w.id.to_string()).collect();
    let more = written.len().saturating_sub(ids.len());
    let target = match written {
        [one] => format!("evaluation {}", one.id),
        _ => format!("evaluations {}", written.len()),
    };
    let audit = append(
        connection,
        change,
        &Event {
            action: if replaced > 0 { "replace" } else { "import" },
            target,
            before_hash: combined(
                written
                    .iter()
                    .filter_map(|w| Some((w.id, w.before_hash.as_deref()?))),
            ),
            after_hash: combined(written.iter().map(|w| (w.id, w.after_hash.as_str()))),
            detail: format!(
                "{} evaluation(s), {replaced} replaced; ids {}{}",
                written.len(),
                ids.join(","),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ),
        },
    )?;
    let mut insert = connection.prepare_cached(
        "INSERT INTO evaluation_versions (evaluation_id, version, audit_id, record_hash)
         VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM evaluation_versions WHERE evaluation_id = ?1), ?2, ?3)",
    )?;
    for version in written {
        insert.execute(params![version.id, audit, version.after_hash])?;
    }
    Ok(())
}
