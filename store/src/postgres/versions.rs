//! Versions, soft delete and restore on PostgreSQL, as `sqlite/versions.rs`: a delete moves the
//! evaluation out of `evaluations` into its last version row (so no list, rollup or trend sees
//! it), a restore brings it back under the same id, rescored; ids are never reused.

use std::collections::BTreeSet;

use deadpool_postgres::GenericClient;
use fundlens_shared::assessment::Assessment;
use fundlens_shared::error::RecordError;
use fundlens_shared::model::Evaluation;
use fundlens_shared::revision::{VersionDetail, VersionInfo, VersionList};
use fundlens_shared::scoring::ScoringPolicy;

use super::Cached;
use super::audit_log::append;
use super::import::{Allowed, Regions, Writer, Written, refresh_rollups, supersede};
use super::{Postgres, write_transaction};
use crate::sqlite::audit_log::{Change, Event};
use crate::sqlite::blob::unpack;
use crate::sqlite::results::Fresh;
use crate::sqlite::version_rows::record_hash;
use crate::{ImportError, StorageError, VersionError};

impl From<tokio_postgres::Error> for VersionError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Import(error.into())
    }
}

impl super::Collided for VersionError {
    fn collided(&self) -> bool {
        matches!(
            self,
            Self::Import(ImportError::Storage(StorageError::Collision))
        )
    }
}

fn corrupt(id: i64) -> impl Fn(String) -> StorageError {
    move |e| StorageError::Corrupt(format!("evaluation {id}: {e}"))
}

/// How a version imported before versions were kept describes its origin.
const BEFORE_VERSIONS: &str = "（启用版本记录之前导入）";

impl Postgres {
    /// See [`crate::sqlite::Sqlite::delete_evaluation`].
    ///
    /// # Errors
    /// As there.
    pub async fn delete_evaluation(&self, id: i64, change: &Change) -> Result<(), VersionError> {
        write_transaction!(self, VersionError, |transaction| {
            let found = transaction
                .query_opt_cached(
                    "SELECT e.region_id, r.name, p.name, e.year FROM evaluations e
                     JOIN regions r ON r.id = e.region_id JOIN programs p ON p.id = e.program_id
                     WHERE e.id = $1",
                    &[&id],
                )
                .await?;
            let Some(row) = found else {
                return Err(VersionError::NotFound);
            };
            let (region, region_name, program, year): (i64, String, String, i32) =
                (row.get(0), row.get(1), row.get(2), row.get(3));
            let allowed = Allowed::resolve(&transaction, &change.scope).await?;
            if let Some(message) = allowed
                .refuses(&transaction, &mut Regions::default(), region, &region_name)
                .await?
            {
                return Err(ImportError::Forbidden(vec![RecordError {
                    record: 0,
                    key: None,
                    field: "region".to_owned(),
                    message,
                }])
                .into());
            }
            let hash = supersede(&transaction, id).await?;
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
            )
            .await?;
            transaction
                .execute(
                    "INSERT INTO deleted_evaluations (evaluation_id, program, region, year, audit_id)
                     VALUES ($1, $2, $3, $4, $5)",
                    &[&id, &program, &region_name, &year, &audit],
                )
                .await?;
            transaction
                .execute("DELETE FROM evaluations WHERE id = $1", &[&id])
                .await?;
            refresh_rollups(
                &transaction,
                &BTreeSet::from([(region, year)]),
                &Fresh::new(),
            )
            .await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::restore_evaluation`].
    ///
    /// # Errors
    /// As there.
    pub async fn restore_evaluation(
        &self,
        id: i64,
        policy: &ScoringPolicy,
        change: &Change,
    ) -> Result<(), VersionError> {
        write_transaction!(self, VersionError, |transaction| {
            let deleted = transaction
                .query_opt_cached(
                    "SELECT 1 FROM deleted_evaluations WHERE evaluation_id = $1",
                    &[&id],
                )
                .await?
                .is_some();
            if !deleted {
                return Err(VersionError::NotFound);
            }
            let row = transaction
                .query_one_cached(
                    "SELECT version, record_hash, record FROM evaluation_versions
                     WHERE evaluation_id = $1 ORDER BY version DESC LIMIT 1",
                    &[&id],
                )
                .await?;
            let (version, hash, packed): (i64, String, Vec<u8>) =
                (row.get(0), row.get(1), row.get(2));
            let evaluation: Evaluation = unpack(&packed).map_err(corrupt(id))?;
            restore_row(&transaction, policy, id, &evaluation).await?;
            transaction
                .execute(
                    "UPDATE evaluation_versions SET record = NULL, assessment = NULL
                     WHERE evaluation_id = $1 AND version = $2",
                    &[&id, &version],
                )
                .await?;
            transaction
                .execute(
                    "DELETE FROM deleted_evaluations WHERE evaluation_id = $1",
                    &[&id],
                )
                .await?;
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
            )
            .await?;
        })
    }

    /// See [`crate::sqlite::Sqlite::versions`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn versions(&self, id: i64) -> Result<Option<VersionList>, StorageError> {
        let client = self.client().await?;
        let region: Option<String> = client
            .query_opt_cached(
                "SELECT r.name FROM evaluations e JOIN regions r ON r.id = e.region_id WHERE e.id = $1
                 UNION ALL SELECT region FROM deleted_evaluations WHERE evaluation_id = $1",
                &[&id],
            )
            .await?
            .map(|row| row.get(0));
        let Some(region) = region else {
            return Ok(None);
        };
        let deleted = client
            .query_opt_cached(
                "SELECT 1 FROM deleted_evaluations WHERE evaluation_id = $1",
                &[&id],
            )
            .await?
            .is_some();
        let mut versions = version_rows(&client, id, None).await?;
        if versions.is_empty() {
            match unversioned(&client, id).await? {
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
    }

    /// See [`crate::sqlite::Sqlite::version`].
    ///
    /// # Errors
    /// When the store fails or the stored record cannot be read back.
    pub async fn version(
        &self,
        id: i64,
        version: u32,
    ) -> Result<Option<VersionDetail>, StorageError> {
        let client = self.client().await?;
        let info = match version_rows(&client, id, Some(version)).await?.pop() {
            Some(info) => info,
            None if version == 1 => match unversioned(&client, id).await? {
                Some(info) => info,
                None => return Ok(None),
            },
            None => return Ok(None),
        };
        let blobs: (Option<Vec<u8>>, Option<Vec<u8>>) = client
            .query_opt_cached(
                "SELECT record, assessment FROM evaluation_versions
                 WHERE evaluation_id = $1 AND version = $2",
                &[&id, &i64::from(version)],
            )
            .await?
            .map_or((None, None), |row| (row.get(0), row.get(1)));
        let (record, assessment) = match blobs {
            (Some(record), Some(assessment)) => (record, assessment),
            _ => {
                let row = client
                    .query_one_cached(
                        "SELECT record, assessment FROM evaluation_documents WHERE evaluation_id = $1",
                        &[&id],
                    )
                    .await?;
                (row.get(0), row.get(1))
            }
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
async fn restore_row(
    client: &impl GenericClient,
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
    let mut writer = Writer::new(policy, 0);
    let region = writer
        .regions
        .id(client, &evaluation.region)
        .await?
        .ok_or_else(|| {
            ImportError::Invalid(problem(
                "region",
                format!("地区“{}”已不在地区目录中", evaluation.region),
            ))
        })?;
    let program = writer.program_id(client, evaluation).await?;
    let taken: Option<i64> = client
        .query_opt_cached(
            "SELECT id FROM evaluations WHERE program_id = $1 AND region_id = $2 AND year = $3",
            &[&program, &region, &evaluation.year.value()],
        )
        .await?
        .map(|row| row.get(0));
    if let Some(other) = taken {
        return Err(ImportError::Conflict(problem(
            "",
            format!("该项目、地区、年度已有评价（编号 {other}），请先删除或替换它再恢复"),
        ))
        .into());
    }
    match writer
        .store(client, evaluation, (id, region, program), false)
        .await?
    {
        Written::Invalid(field, message) => {
            Err(ImportError::Invalid(problem(&field, message)).into())
        }
        Written::Stored(_) | Written::Exists => {
            refresh_rollups(client, &writer.touched, &Fresh::new()).await?;
            Ok(())
        }
    }
}

/// Version rows of `id` (one version, or all), oldest first.
async fn version_rows(
    client: &impl GenericClient,
    id: i64,
    only: Option<u32>,
) -> Result<Vec<VersionInfo>, StorageError> {
    let only = only.map(i64::from);
    let rows = client
        .query_cached(
            "SELECT v.version, coalesce(a.at, ''), coalesce(a.actor, ''), coalesce(a.address, ''),
                    coalesce(a.origin, ''), v.record_hash,
                    v.record IS NULL AND EXISTS (SELECT 1 FROM evaluations e WHERE e.id = v.evaluation_id)
             FROM evaluation_versions v LEFT JOIN audit_log a ON a.id = v.audit_id
             WHERE v.evaluation_id = $1 AND ($2::bigint IS NULL OR v.version = $2) ORDER BY v.version",
            &[&id, &only],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|row| {
            let actor: String = row.get(2);
            let version: i64 = row.get(0);
            VersionInfo {
                version: u32::try_from(version).unwrap_or(u32::MAX),
                at: row.get(1),
                origin: if actor.is_empty() {
                    BEFORE_VERSIONS.to_owned()
                } else {
                    row.get(4)
                },
                actor,
                address: row.get(3),
                record_hash: row.get(5),
                current: row.get(6),
            }
        })
        .collect())
}

/// Version 1 of a live evaluation imported before versions were kept.
async fn unversioned(
    client: &impl GenericClient,
    id: i64,
) -> Result<Option<VersionInfo>, StorageError> {
    let Some(row) = client
        .query_opt_cached(
            "SELECT e.imported_at, d.record FROM evaluations e
             JOIN evaluation_documents d ON d.evaluation_id = e.id WHERE e.id = $1",
            &[&id],
        )
        .await?
    else {
        return Ok(None);
    };
    let (at, record): (String, Vec<u8>) = (row.get(0), row.get(1));
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
