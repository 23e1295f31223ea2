//! Uploaded documents and their drafts: the original bytes stored once per content hash, the
//! drafts read from them, corrections recorded one by one, and confirmation — the import of the
//! record and the draft's new state in one transaction. Storage stores; reading the files and
//! applying corrections is [`crate::documents`]'.

use fundlens_shared::draft::{
    Correction, DocumentInfo, DraftContent, DraftFacts, DraftState, DraftSummary, UploadResult,
};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;
use rusqlite::{Connection, OptionalExtension, Row, named_params, params};

use fundlens_shared::audit_log::{confirmation_detail, correction_detail, upload_detail};

use super::audit_log::{Change, Event, append};
use super::blob::{pack, unpack};
use super::errors::ImportError;
use super::import::{ImportSummary, import_within};
use super::{Sqlite, StorageError};

/// An uploaded file about to be stored.
#[derive(Debug, Clone)]
pub struct NewDocument {
    /// File name as uploaded.
    pub name: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Who uploaded it, when known.
    pub uploaded_by: Option<String>,
}

/// A draft as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDraft {
    /// The list entry.
    pub summary: DraftSummary,
    /// The content with corrections applied.
    pub content: DraftContent,
    /// Corrections, oldest first.
    pub corrections: Vec<Correction>,
    /// Version, for a correction or confirmation that must not overwrite another's.
    pub version: i64,
}

/// Why a change to a draft was not made.
#[derive(Debug, thiserror::Error)]
pub enum DraftChangeError {
    /// No draft with this id.
    #[error("no draft with this id")]
    NotFound,
    /// The draft was confirmed already.
    #[error("the draft was confirmed already")]
    Confirmed,
    /// Someone changed the draft since it was read.
    #[error("the draft changed since it was read")]
    Stale,
    /// The import refused the record.
    #[error(transparent)]
    Import(#[from] ImportError),
}

impl From<rusqlite::Error> for DraftChangeError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Import(ImportError::Storage(StorageError::Sqlite(error)))
    }
}

impl From<StorageError> for DraftChangeError {
    fn from(error: StorageError) -> Self {
        Self::Import(ImportError::Storage(error))
    }
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

const SUMMARY_COLUMNS: &str = "d.id, d.form, d.state, d.region, d.program, d.year, d.missing,
    d.uncertain, d.evaluation_id, d.owner, d.updated_at,
    (SELECT count(*) FROM draft_corrections c WHERE c.draft_id = d.id),
    m.id, m.name, m.size, m.sha256, m.uploaded_at, d.rows_read, d.misfits";

fn summary_of(row: &Row<'_>) -> rusqlite::Result<DraftSummary> {
    let state: String = row.get(2)?;
    Ok(DraftSummary {
        id: row.get(0)?,
        form: row.get(1)?,
        state: if state == "confirmed" {
            DraftState::Confirmed
        } else {
            DraftState::Open
        },
        region: row.get(3)?,
        program: row.get(4)?,
        year: row.get(5)?,
        missing: row.get(6)?,
        uncertain: row.get(7)?,
        evaluation_id: row.get(8)?,
        owner: row.get(9)?,
        updated_at: row.get(10)?,
        corrections: row.get(11)?,
        rows: row.get(17)?,
        misfits: row.get(18)?,
        document: DocumentInfo {
            id: row.get(12)?,
            name: row.get(13)?,
            size: row.get(14)?,
            sha256: row.get(15)?,
            uploaded_at: row.get(16)?,
        },
    })
}

fn packed(content: &DraftContent) -> rusqlite::Result<Vec<u8>> {
    pack(content).map_err(|e| rusqlite::Error::ToSqlConversionFailure(e.into()))
}

fn summary(connection: &Connection, id: i64) -> rusqlite::Result<Option<DraftSummary>> {
    connection
        .prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM drafts d JOIN documents m ON m.id = d.document_id WHERE d.id = ?1"
        ))?
        .query_row([id], summary_of)
        .optional()
}

impl Sqlite {
    /// Stores an uploaded file (once per content) and the drafts read from it, with the
    /// upload's audit entry, in one transaction.
    ///
    /// # Errors
    /// When the store fails.
    pub fn add_drafts(
        &self,
        document: &NewDocument,
        drafts: &[(DraftContent, DraftFacts)],
        change: &Change,
    ) -> Result<UploadResult, StorageError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            transaction
                .prepare_cached(&format!(
                    "INSERT INTO documents (sha256, name, size, content, uploaded_by, uploaded_at)
                     VALUES (:sha, :name, :size, :content, :by, {NOW}) ON CONFLICT (sha256) DO NOTHING"
                ))?
                .execute(named_params! {
                    ":sha": &document.sha256,
                    ":name": &document.name,
                    ":size": document.bytes.len(),
                    ":content": &document.bytes,
                    ":by": &document.uploaded_by,
                })?;
            let document_id: i64 = transaction
                .prepare_cached("SELECT id FROM documents WHERE sha256 = ?1")?
                .query_row([&document.sha256], |row| row.get(0))?;
            let mut ids = Vec::new();
            for (content, facts) in drafts {
                transaction
                    .prepare_cached(&format!(
                        "INSERT INTO drafts (document_id, form, state, region, program, year, missing,
                            uncertain, rows_read, misfits, owner, content, created_at, updated_at)
                         VALUES (:document, :form, 'open', :region, :program, :year, :missing,
                            :uncertain, :rows, :misfits, :owner, :content, {NOW}, {NOW})"
                    ))?
                    .execute(named_params! {
                        ":document": document_id,
                        ":form": content.form,
                        ":region": facts.region,
                        ":program": facts.program,
                        ":year": facts.year,
                        ":missing": facts.missing,
                        ":uncertain": facts.uncertain,
                        ":rows": facts.rows,
                        ":misfits": facts.misfits,
                        ":owner": &document.uploaded_by,
                        ":content": packed(content)?,
                    })?;
                ids.push(transaction.last_insert_rowid());
            }
            append(
                &transaction,
                change,
                &upload_event(document_id, document, &ids),
            )?;
            let mut summaries = Vec::new();
            for id in ids {
                summaries.extend(summary(&transaction, id)?);
            }
            transaction.commit()?;
            let document = summaries.first().map(|s| s.document.clone()).ok_or_else(|| {
                StorageError::Corrupt("no draft was stored for the document".to_owned())
            })?;
            Ok(UploadResult {
                document,
                drafts: summaries,
            })
        })
    }

    /// Drafts, newest first: those of `owner`, or all when `owner` is `None`.
    ///
    /// # Errors
    /// When the store fails.
    pub fn drafts(&self, owner: Option<&str>) -> Result<Vec<DraftSummary>, StorageError> {
        self.read(|connection| {
            let mut statement = connection.prepare_cached(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM drafts d JOIN documents m ON m.id = d.document_id
                 WHERE :owner IS NULL OR d.owner = :owner ORDER BY d.updated_at DESC, d.id DESC LIMIT 500"
            ))?;
            let rows = statement.query_map(named_params! {":owner": owner}, summary_of)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// One draft with its content and corrections.
    ///
    /// # Errors
    /// When the store fails or the stored draft is unreadable.
    pub fn draft(&self, id: i64) -> Result<Option<StoredDraft>, StorageError> {
        self.read(|connection| {
            let Some(summary) = summary(connection, id)? else {
                return Ok(None);
            };
            let (content, version): (Vec<u8>, i64) = connection
                .prepare_cached("SELECT content, version FROM drafts WHERE id = ?1")?
                .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            let content: DraftContent =
                unpack(&content).map_err(|e| StorageError::Corrupt(format!("draft {id}: {e}")))?;
            let mut statement = connection.prepare_cached(
                "SELECT field, before, after, corrected_by, corrected_at FROM draft_corrections
                 WHERE draft_id = ?1 ORDER BY position",
            )?;
            let corrections = statement
                .query_map([id], |row| {
                    let before: String = row.get(1)?;
                    let after: String = row.get(2)?;
                    Ok(Correction {
                        field: row.get(0)?,
                        before: serde_json::from_str(&before).unwrap_or_default(),
                        after: serde_json::from_str(&after).unwrap_or_default(),
                        by: row.get(3)?,
                        at: row.get(4)?,
                    })
                })?
                .collect::<Result<_, _>>()?;
            Ok(Some(StoredDraft {
                summary,
                content,
                corrections,
                version,
            }))
        })
    }

    /// The region a draft writes to (`Some(None)` when it is not read yet; `None` when there
    /// is no such draft), for the authorisation layer in front of the draft routes.
    ///
    /// # Errors
    /// When the store fails.
    pub fn draft_region(&self, id: i64) -> Result<Option<Option<String>>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached("SELECT region FROM drafts WHERE id = ?1")?
                .query_row([id], |row| row.get(0))
                .optional()?)
        })
    }

    /// The stored original of a document: its description and bytes.
    ///
    /// # Errors
    /// When the store fails.
    pub fn document(&self, id: i64) -> Result<Option<(DocumentInfo, Vec<u8>)>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(
                    "SELECT id, name, size, sha256, uploaded_at, content FROM documents WHERE id = ?1",
                )?
                .query_row([id], |row| {
                    Ok((
                        DocumentInfo {
                            id: row.get(0)?,
                            name: row.get(1)?,
                            size: row.get(2)?,
                            sha256: row.get(3)?,
                            uploaded_at: row.get(4)?,
                        },
                        row.get(5)?,
                    ))
                })
                .optional()?)
        })
    }

    /// Replaces an open draft's content (corrections applied by the caller) and records the
    /// corrections with the current time and their audit entry, in one transaction, if the
    /// draft is still at `version`.
    ///
    /// # Errors
    /// [`DraftChangeError`] when the draft is gone, confirmed or changed meanwhile.
    pub fn correct_draft(
        &self,
        id: i64,
        version: i64,
        (content, facts): (&DraftContent, &DraftFacts),
        corrections: &[Correction],
        change: &Change,
    ) -> Result<DraftSummary, DraftChangeError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            check_open(&transaction, id, version)?;
            transaction
                .prepare_cached(&format!(
                    "UPDATE drafts SET content = :content, region = :region, program = :program,
                        year = :year, missing = :missing, uncertain = :uncertain,
                        rows_read = :rows, misfits = :misfits,
                        version = version + 1, updated_at = {NOW}
                     WHERE id = :id"
                ))?
                .execute(named_params! {
                    ":content": packed(content)?,
                    ":region": facts.region,
                    ":program": facts.program,
                    ":year": facts.year,
                    ":missing": facts.missing,
                    ":uncertain": facts.uncertain,
                    ":rows": facts.rows,
                    ":misfits": facts.misfits,
                    ":id": id,
                })?;
            let next: i64 = transaction
                .prepare_cached("SELECT count(*) FROM draft_corrections WHERE draft_id = ?1")?
                .query_row([id], |row| row.get(0))?;
            for (offset, correction) in corrections.iter().enumerate() {
                transaction
                    .prepare_cached(&format!(
                        "INSERT INTO draft_corrections (draft_id, position, field, before, after, corrected_by, corrected_at)
                         VALUES (:id, :position, :field, :before, :after, :by, {NOW})"
                    ))?
                    .execute(named_params! {
                        ":id": id,
                        ":position": next + offset as i64,
                        ":field": correction.field,
                        ":before": correction.before.to_string(),
                        ":after": correction.after.to_string(),
                        ":by": correction.by,
                    })?;
            }
            append(&transaction, change, &correction_event(id, corrections))?;
            let updated = summary(&transaction, id)?.ok_or(DraftChangeError::NotFound)?;
            transaction.commit()?;
            Ok(updated)
        })
    }

    /// Imports a draft's record as an evaluation (with the import's audit entry) and marks the
    /// draft confirmed (with the confirmation's), in one transaction: all or nothing.
    ///
    /// # Errors
    /// [`DraftChangeError`] when the draft is gone, confirmed or changed meanwhile, or the
    /// import refuses the record (invalid, or it exists and `replace` is false).
    pub fn confirm_draft(
        &self,
        id: i64,
        version: i64,
        evaluation: &Evaluation,
        policy: &ScoringPolicy,
        replace: bool,
        change: &Change,
    ) -> Result<ImportSummary, DraftChangeError> {
        self.write(|connection| {
            let transaction = connection.transaction()?;
            check_open(&transaction, id, version)?;
            let summary = import_within(
                &transaction,
                std::slice::from_ref(evaluation),
                policy,
                replace,
                change,
            )?;
            transaction
                .prepare_cached(&format!(
                    "UPDATE drafts SET state = 'confirmed', evaluation_id = :evaluation,
                        version = version + 1, updated_at = {NOW} WHERE id = :id"
                ))?
                .execute(named_params! {":evaluation": summary.ids.first(), ":id": id})?;
            append(&transaction, change, &confirmation_event(id, &summary))?;
            transaction.commit()?;
            Ok(summary)
        })
    }

    /// The live evaluation of `program`, `region` and `year` (what a draft's record would
    /// replace), when there is one.
    ///
    /// # Errors
    /// When the store fails.
    pub fn evaluation_of(
        &self,
        program: &str,
        region: &str,
        year: i32,
    ) -> Result<Option<i64>, StorageError> {
        self.read(|connection| {
            Ok(connection
                .prepare_cached(EVALUATION_OF)?
                .query_row(params![program, region, year], |row| row.get(0))
                .optional()?)
        })
    }
}

/// The live evaluation of a program (`$1`), region (`$2`) and year (`$3`), on both backends
/// (SQLite reads `$1` as the first parameter too).
pub(crate) const EVALUATION_OF: &str = "SELECT e.id FROM evaluations e
    JOIN programs p ON p.id = e.program_id JOIN regions r ON r.id = e.region_id
    WHERE p.name = $1 AND r.name = $2 AND e.year = $3";

/// The audit entry of an upload: the document and the drafts read from it.
pub(crate) fn upload_event<'a>(
    document_id: i64,
    document: &NewDocument,
    drafts: &[i64],
) -> Event<'a> {
    Event {
        action: "draft_upload",
        target: format!("document {document_id}"),
        after_hash: Some(document.sha256.clone()),
        detail: upload_detail(&document.name, drafts),
        ..Event::default()
    }
}

/// The audit entry of a correction: the fields changed.
pub(crate) fn correction_event<'a>(draft: i64, corrections: &[Correction]) -> Event<'a> {
    let fields: Vec<&str> = corrections.iter().map(|c| c.field.as_str()).collect();
    Event {
        action: "draft_correct",
        target: format!("draft {draft}"),
        detail: correction_detail(&fields),
        ..Event::default()
    }
}

/// The audit entry of a confirmation: the evaluation the draft became.
pub(crate) fn confirmation_event<'a>(draft: i64, summary: &ImportSummary) -> Event<'a> {
    Event {
        action: "draft_confirm",
        target: format!("draft {draft}"),
        detail: confirmation_detail(
            summary.ids.first().copied().unwrap_or_default(),
            summary.replaced > 0,
        ),
        ..Event::default()
    }
}

fn check_open(connection: &Connection, id: i64, version: i64) -> Result<(), DraftChangeError> {
    let found: Option<(String, i64)> = connection
        .prepare_cached("SELECT state, version FROM drafts WHERE id = ?1")?
        .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    match found {
        None => Err(DraftChangeError::NotFound),
        Some((state, _)) if state == "confirmed" => Err(DraftChangeError::Confirmed),
        Some((_, current)) if current != version => Err(DraftChangeError::Stale),
        Some(_) => Ok(()),
    }
}
