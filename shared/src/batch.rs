//! Many forms at once: the JSON shapes of a batch upload (`POST /api/drafts/batch`, several
//! files or one .zip, a draft per form), of confirming every clean draft in one step
//! (`POST /api/drafts/confirm`), and of a draft whose evaluation exists already (`GET
//! /api/drafts/{id}/conflict`, the difference between the stored record and the draft's).
//! Reading the files is `documents`'; which draft is clean is [`DraftSummary::is_clean`].

use serde::{Deserialize, Serialize};

use crate::draft::{DocumentInfo, DraftSummary};
use crate::revision::FieldChange;

/// What became of one file of a batch (a file of the upload, or an entry of its .zip).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileOutcome {
    /// The file's name (`批量.zip/桃江县.xlsx` for an entry of a .zip).
    pub name: String,
    /// The stored original, when the file was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<DocumentInfo>,
    /// One draft per form found (none when the file was refused).
    #[serde(default)]
    pub drafts: Vec<DraftSummary>,
    /// Why the file was refused: a stable code (`corrupt_document`, `forbidden`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `POST /api/drafts/batch`: every file's outcome, in the order given (a .zip's entries in
/// its order). A file refused does not hold back the others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchUpload {
    /// One per file read or refused.
    pub files: Vec<FileOutcome>,
}

impl BatchUpload {
    /// The drafts the batch made, in order.
    pub fn drafts(&self) -> impl Iterator<Item = &DraftSummary> {
        self.files.iter().flat_map(|file| file.drafts.iter())
    }

    /// The files refused.
    pub fn refused(&self) -> impl Iterator<Item = &FileOutcome> {
        self.files.iter().filter(|file| file.error.is_some())
    }
}

/// `POST /api/drafts/confirm`: the drafts to confirm, each in its own transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfirmDrafts {
    /// Draft ids, confirmed in this order.
    pub drafts: Vec<i64>,
}

/// What became of one draft of [`ConfirmDrafts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftConfirmation {
    /// The draft.
    pub draft: i64,
    /// The evaluation it became, when confirmed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation_id: Option<i64>,
    /// Why it was not confirmed: a stable code (`conflict`, `invalid`, `forbidden`,
    /// `not_clean`, `not_found`, `draft_confirmed`, `draft_changed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// For a conflict: the evaluation that exists already.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub existing: Option<i64>,
}

/// `POST /api/drafts/confirm`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchConfirm {
    /// One per draft asked for, in order.
    pub results: Vec<DraftConfirmation>,
    /// How many were confirmed.
    pub confirmed: usize,
    /// How many were not.
    pub refused: usize,
}

/// `GET /api/drafts/{id}/conflict`: the evaluation of the same program, region and year that
/// a draft's record would replace, and what replacing it would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftConflict {
    /// The draft.
    pub draft: i64,
    /// The evaluation that exists (`/evaluations/{id}`).
    pub evaluation_id: i64,
    /// Its version now (a replacement keeps it as the version before).
    pub version: u32,
    /// Whether the caller may replace it (an admin, or an editor of its region).
    pub may_replace: bool,
    /// The stored record (before) against the draft's (after), row by row in the form's order.
    pub changes: Vec<FieldChange>,
}
