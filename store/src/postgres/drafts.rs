//! Uploaded documents, their drafts and corrections on PostgreSQL, as `sqlite/drafts.rs`:
//! stored in the database, so an upload made through one server is reviewed and confirmed
//! through any other; confirming imports the record and marks the draft in one transaction.

use deadpool_postgres::GenericClient;
use fundlens_shared::draft::{
    Correction, DocumentInfo, DraftContent, DraftFacts, DraftState, DraftSummary, UploadResult,
};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;
use tokio_postgres::Row;

use super::Cached;
use super::audit_log::{NOW_S, append};
use super::import::import_within;
use super::{Postgres, write_transaction};
use crate::sqlite::audit_log::Change;
use crate::sqlite::blob::{pack, unpack};
use crate::sqlite::drafts::{EVALUATION_OF, confirmation_event, correction_event, upload_event};
use crate::{DraftChangeError, ImportError, ImportSummary, NewDocument, StorageError, StoredDraft};

impl From<tokio_postgres::Error> for DraftChangeError {
    fn from(error: tokio_postgres::Error) -> Self {
        Self::Import(ImportError::Storage(error.into()))
    }
}

impl super::Collided for DraftChangeError {
    fn collided(&self) -> bool {
        matches!(
            self,
            Self::Import(ImportError::Storage(StorageError::Collision))
        )
    }
}

const SUMMARY_COLUMNS: &str = "d.id, d.form, d.state, d.region, d.program, d.year, d.missing,
    d.uncertain, d.evaluation_id, d.owner, d.updated_at,
    (SELECT count(*) FROM draft_corrections c WHERE c.draft_id = d.id),
    m.id, m.name, m.size, m.sha256, m.uploaded_at, d.rows_read, d.misfits";

fn count(row: &Row, index: usize) -> usize {
    usize::try_from(row.get::<_, i64>(index)).unwrap_or(0)
}

fn int(value: usize) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn summary_of(row: &Row) -> DraftSummary {
    let state: String = row.get(2);
    DraftSummary {
        id: row.get(0),
        form: row.get(1),
        state: if state == "confirmed" {
            DraftState::Confirmed
        } else {
            DraftState::Open
        },
        region: row.get(3),
        program: row.get(4),
        year: row.get(5),
        missing: count(row, 6),
        uncertain: count(row, 7),
        evaluation_id: row.get(8),
        owner: row.get(9),
        updated_at: row.get(10),
        corrections: count(row, 11),
        rows: count(row, 17),
        misfits: count(row, 18),
        document: DocumentInfo {
            id: row.get(12),
            name: row.get(13),
            size: row.get(14),
            sha256: row.get(15),
            uploaded_at: row.get(16),
        },
    }
}

fn packed(content: &DraftContent) -> Result<Vec<u8>, StorageError> {
    pack(content).map_err(StorageError::Corrupt)
}

async fn summary(
    client: &impl GenericClient,
    id: i64,
) -> Result<Option<DraftSummary>, StorageError> {
    Ok(client
        .query_opt_cached(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM drafts d JOIN documents m ON m.id = d.document_id WHERE d.id = $1"
            ),
            &[&id],
        )
        .await?
        .as_ref()
        .map(summary_of))
}

async fn check_open(
    client: &impl GenericClient,
    id: i64,
    version: i64,
) -> Result<(), DraftChangeError> {
    let found = client
        .query_opt_cached(
            "SELECT state, version FROM drafts WHERE id = $1 FOR UPDATE",
            &[&id],
        )
        .await?
        .map(|row| (row.get::<_, String>(0), row.get::<_, i64>(1)));
    match found {
        None => Err(DraftChangeError::NotFound),
        Some((state, _)) if state == "confirmed" => Err(DraftChangeError::Confirmed),
        Some((_, current)) if current != version => Err(DraftChangeError::Stale),
        Some(_) => Ok(()),
    }
}

impl Postgres {
    /// See [`crate::sqlite::Sqlite::add_drafts`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn add_drafts(
        &self,
        document: &NewDocument,
        drafts: &[(DraftContent, DraftFacts)],
        change: &Change,
    ) -> Result<UploadResult, StorageError> {
        write_transaction!(self, StorageError, |transaction| {
            transaction
                .execute(
                    &format!(
                        "INSERT INTO documents (sha256, name, size, content, uploaded_by, uploaded_at)
                         VALUES ($1, $2, $3, $4, $5, {NOW_S}) ON CONFLICT (sha256) DO NOTHING"
                    ),
                    &[
                        &document.sha256,
                        &document.name,
                        &int(document.bytes.len()),
                        &document.bytes,
                        &document.uploaded_by,
                    ],
                )
                .await?;
            let document_id: i64 = transaction
                .query_one_cached(
                    "SELECT id FROM documents WHERE sha256 = $1",
                    &[&document.sha256],
                )
                .await?
                .get(0);
            let mut summaries = Vec::new();
            for (content, facts) in drafts {
                let id: i64 = transaction
                    .query_one_cached(
                        &format!(
                            "INSERT INTO drafts (document_id, form, state, region, program, year, missing,
                                uncertain, rows_read, misfits, owner, content, created_at, updated_at)
                             VALUES ($1, $2, 'open', $3, $4, $5, $6, $7, $10, $11, $8, $9, {NOW_S}, {NOW_S})
                             RETURNING id"
                        ),
                        &[
                            &document_id,
                            &content.form,
                            &facts.region,
                            &facts.program,
                            &facts.year,
                            &int(facts.missing),
                            &int(facts.uncertain),
                            &document.uploaded_by,
                            &packed(content)?,
                            &int(facts.rows),
                            &int(facts.misfits),
                        ],
                    )
                    .await?
                    .get(0);
                summaries.extend(summary(&transaction, id).await?);
            }
            let ids: Vec<i64> = summaries.iter().map(|s| s.id).collect();
            append(
                &transaction,
                change,
                &upload_event(document_id, document, &ids),
            )
            .await?;
            let document = summaries
                .first()
                .map(|s| s.document.clone())
                .ok_or_else(|| {
                    StorageError::Corrupt("no draft was stored for the document".to_owned())
                })?;
            UploadResult {
                document,
                drafts: summaries,
            }
        })
    }

    /// See [`crate::sqlite::Sqlite::drafts`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn drafts(&self, owner: Option<&str>) -> Result<Vec<DraftSummary>, StorageError> {
        let client = self.client().await?;
        let rows = client
            .query_cached(
                &format!(
                    "SELECT {SUMMARY_COLUMNS} FROM drafts d JOIN documents m ON m.id = d.document_id
                     WHERE $1::text IS NULL OR d.owner = $1 ORDER BY d.updated_at DESC, d.id DESC LIMIT 500"
                ),
                &[&owner],
            )
            .await?;
        Ok(rows.iter().map(summary_of).collect())
    }

    /// See [`crate::sqlite::Sqlite::draft`].
    ///
    /// # Errors
    /// When the store fails or the stored draft is unreadable.
    pub async fn draft(&self, id: i64) -> Result<Option<StoredDraft>, StorageError> {
        let client = self.client().await?;
        let Some(summary) = summary(&client, id).await? else {
            return Ok(None);
        };
        let row = client
            .query_one_cached("SELECT content, version FROM drafts WHERE id = $1", &[&id])
            .await?;
        let (content, version): (Vec<u8>, i64) = (row.get(0), row.get(1));
        let content: DraftContent =
            unpack(&content).map_err(|e| StorageError::Corrupt(format!("draft {id}: {e}")))?;
        let corrections = client
            .query_cached(
                "SELECT field, before, after, corrected_by, corrected_at FROM draft_corrections
                 WHERE draft_id = $1 ORDER BY position",
                &[&id],
            )
            .await?
            .iter()
            .map(|row| {
                let before: String = row.get(1);
                let after: String = row.get(2);
                Correction {
                    field: row.get(0),
                    before: serde_json::from_str(&before).unwrap_or_default(),
                    after: serde_json::from_str(&after).unwrap_or_default(),
                    by: row.get(3),
                    at: row.get(4),
                }
            })
            .collect();
        Ok(Some(StoredDraft {
            summary,
            content,
            corrections,
            version,
        }))
    }

    /// See [`crate::sqlite::Sqlite::draft_region`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn draft_region(&self, id: i64) -> Result<Option<Option<String>>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query_opt_cached("SELECT region FROM drafts WHERE id = $1", &[&id])
            .await?
            .map(|row| row.get(0)))
    }

    /// See [`crate::sqlite::Sqlite::document`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn document(&self, id: i64) -> Result<Option<(DocumentInfo, Vec<u8>)>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query_opt_cached(
                "SELECT id, name, size, sha256, uploaded_at, content FROM documents WHERE id = $1",
                &[&id],
            )
            .await?
            .map(|row| {
                (
                    DocumentInfo {
                        id: row.get(0),
                        name: row.get(1),
                        size: row.get(2),
                        sha256: row.get(3),
                        uploaded_at: row.get(4),
                    },
                    row.get(5),
                )
            }))
    }

    /// See [`crate::sqlite::Sqlite::correct_draft`].
    ///
    /// # Errors
    /// As there.
    pub async fn correct_draft(
        &self,
        id: i64,
        version: i64,
        (content, facts): (&DraftContent, &DraftFacts),
        corrections: &[Correction],
        change: &Change,
    ) -> Result<DraftSummary, DraftChangeError> {
        write_transaction!(self, DraftChangeError, |transaction| {
            check_open(&transaction, id, version).await?;
            transaction
                .execute(
                    &format!(
                        "UPDATE drafts SET content = $1, region = $2, program = $3, year = $4,
                            missing = $5, uncertain = $6, rows_read = $8, misfits = $9,
                            version = version + 1, updated_at = {NOW_S}
                         WHERE id = $7"
                    ),
                    &[
                        &packed(content)?,
                        &facts.region,
                        &facts.program,
                        &facts.year,
                        &int(facts.missing),
                        &int(facts.uncertain),
                        &id,
                        &int(facts.rows),
                        &int(facts.misfits),
                    ],
                )
                .await?;
            let next: i64 = transaction
                .query_one_cached(
                    "SELECT count(*) FROM draft_corrections WHERE draft_id = $1",
                    &[&id],
                )
                .await?
                .get(0);
            for (offset, correction) in corrections.iter().enumerate() {
                transaction
                    .execute(
                        &format!(
                            "INSERT INTO draft_corrections (draft_id, position, field, before, after, corrected_by, corrected_at)
                             VALUES ($1, $2, $3, $4, $5, $6, {NOW_S})"
                        ),
                        &[
                            &id,
                            &(next + int(offset)),
                            &correction.field,
                            &correction.before.to_string(),
                            &correction.after.to_string(),
                            &correction.by,
                        ],
                    )
                    .await?;
            }
            append(&transaction, change, &correction_event(id, corrections)).await?;
            summary(&transaction, id)
                .await?
                .ok_or(DraftChangeError::NotFound)?
        })
    }

    /// See [`crate::sqlite::Sqlite::confirm_draft`].
    ///
    /// # Errors
    /// As there.
    pub async fn confirm_draft(
        &self,
        id: i64,
        version: i64,
        evaluation: &Evaluation,
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, DraftChangeError> {
        write_transaction!(self, DraftChangeError, |transaction| {
            check_open(&transaction, id, version).await?;
            let summary = import_within(
                &transaction,
                std::slice::from_ref(evaluation),
                policy,
                replace,
                change,
            )
            .await?;
            transaction
                .execute(
                    &format!(
                        "UPDATE drafts SET state = 'confirmed', evaluation_id = $1,
                            version = version + 1, updated_at = {NOW_S} WHERE id = $2"
                    ),
                    &[&summary.ids.first(), &id],
                )
                .await?;
            append(&transaction, change, &confirmation_event(id, &summary)).await?;
            summary
        })
    }

    /// See [`crate::sqlite::Sqlite::evaluation_of`].
    ///
    /// # Errors
    /// When the store fails.
    pub async fn evaluation_of(
        &self,
        program: &str,
        region: &str,
        year: i32,
    ) -> Result<Option<i64>, StorageError> {
        let client = self.client().await?;
        Ok(client
            .query_opt_cached(EVALUATION_OF, &[&program, &region, &year])
            .await?
            .map(|row| row.get(0)))
    }
}
