//! Nothing is ever lost: every write of an evaluation is a version (who, when, how, and the
//! record's digest, from the import's audit entry); replacing keeps the id and moves the
//! replaced record and assessment into its version row; deleting moves the evaluation out of
//! `evaluations` — so no list, rollup or trend sees it — into its last version row, from which
//! an admin restores it under the same id.
//!
//! Ids are never reused: a new evaluation's id is above every id an evaluation ever had.

use std::collections::BTreeSet;

use fundlens_shared::assessment::Assessment;
use fundlens_shared::error::RecordError;
use fundlens_shared::model::Evaluation;
use fundlens_shared::revision::{VersionDetail, VersionInfo, VersionList};
use fundlens_shared::scoring::ScoringPolicy;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::audit_log::{Change, Event, Scope, append};
use super::blob::unpack;
use super::errors::{ImportError, VersionError};
use super::regions::RegionCache;
use super::results::Fresh;
use super::rollups::refresh_rollups;
use super::version_rows::{record_hash, supersede};
use super::writer::{EvaluationWriter, Written as Stored};
use super::{Sqlite, StorageError};

fn corrupt(id: i64) -> impl Fn(String) -> StorageError {
    move |e| StorageError::Corrupt(format!("evaluation {id}: {e}"))
}

impl Sqlite {
    /// Deletes evaluation `id` softly: lists, rollups and trends no longer see it, its last
    /// version keeps it, and [`Sqlite::restore_evaluation`] brings it back.
    ///
    /// # Errors
    /// [`VersionError::NotFound`] for an id with no live evaluation; [`ImportError::Forbidden`]
    /// when its region is outside `change`'s; storage failures.
    pub fn delete_evaluation(&self, id: i64, change: &Change) -> Result<(), VersionError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let found: Option<(i64, String, String, i32)> = transaction
                .query_row(
                    "SELECT e.region_id, r.name, p.name, e.year FROM evaluations e
                     JOIN regions r ON r.id = e.region_id JOIN programs p ON p.id = e.program_id
                     WHERE e.id = ?1",
                    [id],
                    |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
                )
                .optional()?;
            let (region, region_name, program, year) = found.ok_or(VersionError::NotFound)?;
            super::scope::check_scope(&transaction, change, region, &region_name)?;
            let hash = supersede(&transaction, id)?;
            let audit = append(
                &transaction,
                change,
                &Event {
                    action: "delete",
                    target: format!("evaluation {id}"),
                    before_hash: Some(hash),
                    detail: format!("{program} / {region_name} / {year}"),
                    ..Event::default()
                },
            )?;
            transaction.execute(
                "INSERT INTO deleted_evaluations (evaluation_id, program, region, year, audit_id)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, program, region_name, year, audit],
            )?;
            transaction.execute("DELETE FROM evaluations WHERE id = ?1", [id])?;
            refresh_rollups(
                &transaction,
                &BTreeSet::from([(region, year)]),
                &Fresh::new(),
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Restores a deleted evaluation under its id, rescored with today's benchmarks.
    ///
    /// # Errors
    /// [`VersionError::NotFound`] for an id that is not deleted; [`ImportError::Conflict`]
    /// when another evaluation of the same program, region and year has been imported since;
    /// storage failures.
    pub fn restore_evaluation(
        &self,
        id: i64,
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<(), VersionError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            let deleted: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM deleted_evaluations WHERE evaluation_id = ?1)",
                [id],
                |row| row.get(0),
            )?;
            if !deleted {
                return Err(VersionError::NotFound);
            }
            let (version, hash, packed): (u32, String, Vec<u8>) = transaction.query_row(
                "SELECT version, record_hash, record FROM evaluation_versions
                 WHERE evaluation_id = ?1 ORDER BY version DESC LIMIT 1",
                [id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )?;
            let evaluation: Evaluation = unpack(&packed).map_err(corrupt(id))?;
            restore_row(&transaction, policy, id, &evaluation)?;
            transaction.execute(
                "UPDATE evaluation_versions SET record = NULL, assessment = NULL
                 WHERE evaluation_id = ?1 AND version = ?2",
                params![id, version],
            )?;
            transaction.execute(
                "DELETE FROM deleted_evaluations WHERE evaluation_id = ?1",
                [id],
            )?;
            append(
                &transaction,
                change,
                &Event {
                    action: "restore",
                    target: format!("evaluation {id}"),
                    after_hash: Some(hash),
                    detail: format!("version {version}"),
                    ..Event::default()
                },
            )?;
            transaction.commit()?;
            Ok(())
        })
    }

    /// Every version of evaluation `id`, oldest first; `None` when no evaluation ever had it.
    ///
    /// # Errors
    /// When the store fails.
    pub fn versions(&self, id: i64) -> Result<Option<VersionList>, StorageError> {
        self.read(|connection| {
            let region: Option<String> = connection
                .prepare_cached(
                    "SELECT r.name FROM evaluations e JOIN regions r ON r.id = e.region_id WHERE e.id = ?1
                     UNION ALL SELECT region FROM deleted_evaluations WHERE evaluation_id = ?1",
                )?
                .query_row([id], |row| row.get(0))
                .optional()?;
            let Some(region) = region else {
                return Ok(None);
            };
            let deleted: bool = connection.query_row(
                "SELECT EXISTS (SELECT 1 FROM deleted_evaluations WHERE evaluation_id = ?1)",
                [id],
                |row| row.get(0),
            )?;
            let mut versions = version_rows(connection, id, None)?;
            if versions.is_empty() {
                match unversioned(connection, id)? {
                    Some(first) => versions.push(first),
                    None => return Ok(None),
                }
            }
            Ok(Some(VersionList {
                evaluation_id: id,
                region,
                deleted,
                versions,
                may_delete: false,
                may_restore: false,
            }))
        })
    }

    /// Whether a change of `scope` may write records of the region named `region`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn may_write(&self, scope: &Scope, region: &str) -> Result<bool, StorageError> {
        self.read(|connection| {
            let Some(id) = RegionCache::default().id(connection, region)? else {
                return Ok(false);
            };
            let change = Change {
                actor: String::new(),
                address: String::new(),
                origin: String::new(),
                scope: scope.clone(),
            };
            Ok(super::scope::check_scope(connection, &change, id, region).is_ok())
        })
    }

    /// One version of evaluation `id` in full; `None` when there is no such version.
    ///
    /// # Errors
    /// When the store fails or the stored record cannot be read back.
    pub fn version(&self, id: i64, version: u32) -> Result<Option<VersionDetail>, StorageError> {
        let found = self.read(|connection| -> Result<_, StorageError> {
            let info = match version_rows(connection, id, Some(version))?.pop() {
                Some(info) => info,
                None if version == 1 => match unversioned(connection, id)? {
                    Some(info) => info,
                    None => return Ok(None),
                },
                None => return Ok(None),
            };
            let blobs: (Option<Vec<u8>>, Option<Vec<u8>>) = connection
                .prepare_cached(
                    "SELECT record, assessment FROM evaluation_versions
                     WHERE evaluation_id = ?1 AND version = ?2",
                )?
                .query_row(params![id, version], |row| Ok((row.get(0)?, row.get(1)?)))
                .optional()?
                .unwrap_or((None, None));
            let blobs = match blobs {
                (Some(record), Some(assessment)) => (record, assessment),
                _ => connection
                    .prepare_cached(
                        "SELECT record, assessment FROM evaluation_documents WHERE evaluation_id = ?1",
                    )?
                    .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?,
            };
            Ok(Some((info, blobs)))
        })?;
        let Some((info, (record, assessment))) = found else {
            return Ok(None);
        };
        let record: Evaluation = unpack(&record).map_err(corrupt(id))?;
        let assessment: Assessment = unpack(&assessment).map_err(corrupt(id))?;
        Ok(Some(VersionDetail {
            evaluation_id: id,
            info,
            record,
            assessment,
        }))
    }
}

/// Re-enters a deleted evaluation under its id.
fn restore_row(
    transaction: &Transaction<'_>,
    policy: &ScoringPolicy,
    id: i64,
    evaluation: &Evaluation,
) -> Result<(), VersionError> {
    let problem = |field: &str, message: String| {
        vec![RecordError {
            record: 0,
            key: Some(format!("evaluation {id}")),
            field: field.to_owned(),
            message,
        }]
    };
    let mut writer = EvaluationWriter::new(policy, 0);
    let region = writer
        .regions
        .id(transaction, &evaluation.region)?
        .ok_or_else(|| {
            ImportError::Invalid(problem(
                "region",
                format!("地区“{}”已不在地区目录中", evaluation.region),
            ))
        })?;
    let program = writer.program_id(transaction, evaluation)?;
    let taken: Option<i64> = transaction
        .query_row(
            "SELECT id FROM evaluations WHERE program_id = ?1 AND region_id = ?2 AND year = ?3",
            params![program, region, evaluation.year.value()],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(other) = taken {
        return Err(ImportError::Conflict(problem(
            "",
            format!("该项目、地区、年度已有评价（编号 {other}），请先删除或替换它再恢复"),
        ))
        .into());
    }
    match writer.store(transaction, evaluation, (id, region, program), false)? {
        Stored::Invalid(field, message) => {
            Err(ImportError::Invalid(problem(&field, message)).into())
        }
        Stored::Stored(_) | Stored::Exists => {
            refresh_rollups(transaction, &writer.touched, &Fresh::new())?;
            Ok(())
        }
    }
}

/// Version rows of `id` (one version, or all), oldest first.
fn version_rows(
    connection: &Connection,
    id: i64,
    only: Option<u32>,
) -> rusqlite::Result<Vec<VersionInfo>> {
    let mut statement = connection.prepare_cached(
        "SELECT v.version, coalesce(a.at, ''), coalesce(a.actor, ''), coalesce(a.address, ''),
                coalesce(a.origin, ''), v.record_hash,
                v.record IS NULL AND EXISTS (SELECT 1 FROM evaluations e WHERE e.id = v.evaluation_id)
         FROM evaluation_versions v LEFT JOIN audit_log a ON a.id = v.audit_id
         WHERE v.evaluation_id = ?1 AND (?2 IS NULL OR v.version = ?2) ORDER BY v.version",
    )?;
    let rows = statement.query_map(params![id, only], |row| {
        let actor: String = row.get(2)?;
        Ok(VersionInfo {
            version: row.get(0)?,
            at: row.get(1)?,
            origin: if actor.is_empty() {
                BEFORE_VERSIONS.to_owned()
            } else {
                row.get(4)?
            },
            actor,
            address: row.get(3)?,
            record_hash: row.get(5)?,
            current: row.get(6)?,
        })
    })?;
    rows.collect()
}

/// How a version imported before versions were kept describes its origin.
const BEFORE_VERSIONS: &str = "（启用版本记录之前导入）";

/// Version 1 of a live evaluation imported before versions were kept.
fn unversioned(connection: &Connection, id: i64) -> Result<Option<VersionInfo>, StorageError> {
    let found: Option<(String, Vec<u8>)> = connection
        .prepare_cached(
            "SELECT e.imported_at, d.record FROM evaluations e
             JOIN evaluation_documents d ON d.evaluation_id = e.id WHERE e.id = ?1",
        )?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let Some((at, record)) = found else {
        return Ok(None);
    };
    let evaluation: Evaluation = unpack(&record).map_err(corrupt(id))?;
    Ok(Some(VersionInfo {
        version: 1,
        at,
        actor: String::new(),
        address: String::new(),
        origin: BEFORE_VERSIONS.to_owned(),
        record_hash: record_hash(&evaluation),
        current: true,
    }))
}
