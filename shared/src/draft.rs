//! A document read into a draft record, as the review step shows it: the record as read (the
//! canonical JSON of README "The record format", possibly incomplete), where each field came
//! from and how sure the reader is, what it could not find, and the corrections a person made.
//!
//! The server's readers build these; the 导入 page and `fundlens ingest` show them. Nothing here
//! reads files or decides what a cell means.

use serde::{Deserialize, Serialize};

use crate::FieldError;
use crate::assessment::Assessment;

/// How sure the reader is of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Found under its label and read as written.
    Read,
    /// Inferred from another field, realigned, converted or only partly readable: a person
    /// should look at it.
    Uncertain,
    /// Its text does not fit the column it stands in (a name that is an operator, a target that
    /// is only a unit, an actual in the weight column): not taken as read. The draft cannot be
    /// confirmed until a person accepts or corrects it (待核对).
    Misfit,
}

impl Confidence {
    /// The Chinese word the review shows for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Read => "已读",
            Self::Uncertain => "请留意",
            Self::Misfit => "待核对",
        }
    }
}

/// A cell read with a field or kept beside it: the operator and unit a target was composed
/// from, a mid-year target beside the annual one, a column that explains the row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Beside {
    /// The column's label as the form writes it.
    pub label: String,
    /// Where in the file.
    pub location: String,
    /// The text.
    pub text: String,
}

/// Where one field of a draft came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldSource {
    /// The field's JSON path in the record (`indicators[3].target`).
    pub field: String,
    /// The form's label for it, in Chinese (`年度指标值`).
    pub label: String,
    /// Where in the file: `自评表!E12`, `表格1 第12行第5列`, `第58行`.
    pub location: String,
    /// The text as it stands in the document.
    pub raw: String,
    /// How sure the reader is.
    pub confidence: Confidence,
    /// Why the reader is unsure, in Chinese.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The value the file stores behind the text shown, when they differ (a spreadsheet's
    /// `0.973` behind `97.30%`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stored: Option<String>,
    /// Cells read with this field or kept beside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub beside: Vec<Beside>,
}

/// A field the reader did not find.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingField {
    /// The field's JSON path.
    pub field: String,
    /// The form's label for it, in Chinese.
    pub label: String,
    /// True when the record cannot be confirmed without it.
    pub required: bool,
}

/// A part of the document the reader placed in no field (kept so nothing is silently dropped).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    /// Where in the file.
    pub location: String,
    /// The text.
    pub text: String,
}

/// What the draft list shows of a draft, taken from its content when it is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftFacts {
    /// The region it writes to.
    pub region: Option<String>,
    /// 项目名称.
    pub program: Option<String>,
    /// The year.
    pub year: Option<i32>,
    /// Required fields missing.
    pub missing: usize,
    /// Fields to look at.
    pub uncertain: usize,
    /// Indicator rows read.
    pub rows: usize,
    /// Fields 待核对 (their cells do not fit their columns): the draft waits for a person.
    pub misfits: usize,
}

/// What a reader made of one form of a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftContent {
    /// Which part of the file holds the form (`自评表`, `表格1`, `文本`).
    pub form: String,
    /// The record as read, in the canonical JSON format (texts as written where not converted).
    pub record: serde_json::Value,
    /// Where each field came from.
    pub sources: Vec<FieldSource>,
    /// Fields not found.
    pub missing: Vec<MissingField>,
    /// Text the reader placed nowhere.
    #[serde(default)]
    pub unplaced: Vec<Unplaced>,
}

impl DraftContent {
    /// The fields a person should look at: uncertain or 待核对.
    pub fn uncertain(&self) -> impl Iterator<Item = &FieldSource> {
        self.sources
            .iter()
            .filter(|source| source.confidence != Confidence::Read)
    }

    /// The fields 待核对: read from cells that do not fit their columns, to be accepted or
    /// corrected before the draft can be confirmed.
    pub fn misfits(&self) -> impl Iterator<Item = &FieldSource> {
        self.sources
            .iter()
            .filter(|source| source.confidence == Confidence::Misfit)
    }

    /// The indicator rows (0-based) holding a field 待核对, in order.
    pub fn rows_to_check(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self
            .misfits()
            .filter_map(|source| indicator_row(&source.field))
            .collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// The required fields not found.
    pub fn missing_required(&self) -> impl Iterator<Item = &MissingField> {
        self.missing.iter().filter(|missing| missing.required)
    }
}

/// The indicator row a field path is in (`indicators[3].target` → 3).
pub fn indicator_row(field: &str) -> Option<usize> {
    field
        .strip_prefix("indicators[")?
        .split_once(']')?
        .0
        .parse()
        .ok()
}

/// Where a draft is in the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftState {
    /// Being reviewed.
    Open,
    /// Imported as an evaluation.
    Confirmed,
}

impl DraftState {
    /// The Chinese label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "待确认",
            Self::Confirmed => "已导入",
        }
    }
}

/// The uploaded file a draft was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Id of the stored original.
    pub id: i64,
    /// File name as uploaded.
    pub name: String,
    /// Size in bytes.
    pub size: i64,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// When it was uploaded (UTC).
    pub uploaded_at: String,
}

/// One correction a person made to a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Correction {
    /// The field's JSON path.
    pub field: String,
    /// The value before (`null` when the field was empty).
    pub before: serde_json::Value,
    /// The value after (`null` clears the field).
    pub after: serde_json::Value,
    /// Who made it, when known.
    pub by: Option<String>,
    /// When (UTC).
    pub at: String,
}

/// A draft in the list, `GET /api/drafts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftSummary {
    /// Id.
    pub id: i64,
    /// The file it was read from.
    pub document: DocumentInfo,
    /// Which part of the file (`自评表`, `表格1`).
    pub form: String,
    /// Review state.
    pub state: DraftState,
    /// The region the draft writes to, when read.
    pub region: Option<String>,
    /// 项目名称, when read.
    pub program: Option<String>,
    /// The year, when read.
    pub year: Option<i32>,
    /// Required fields still missing.
    pub missing: usize,
    /// Fields a person should look at.
    pub uncertain: usize,
    /// Corrections made.
    pub corrections: usize,
    /// Indicator rows read.
    #[serde(default)]
    pub rows: usize,
    /// Fields 待核对, to be accepted or corrected before the draft can be confirmed.
    #[serde(default)]
    pub misfits: usize,
    /// The evaluation it was imported as.
    pub evaluation_id: Option<i64>,
    /// Who uploaded it, when known.
    pub owner: Option<String>,
    /// Last change (UTC).
    pub updated_at: String,
}

impl DraftSummary {
    /// True for a draft that may be confirmed as it stands, without a person looking at it
    /// again: still open, nothing required missing and no field 待核对 (请留意 does not hold a
    /// draft). What "confirm all clean drafts" confirms; the import may still refuse it (an
    /// invalid cell, a record that exists).
    pub fn is_clean(&self) -> bool {
        self.state == DraftState::Open && self.missing == 0 && self.misfits == 0
    }

    /// Where the draft stands, as the 导入 page's queue says it: 已导入, 缺必填项 (a required
    /// field not read), 待核对 (a field to accept or correct), or 可确认 (clean).
    pub fn queue_label(&self) -> &'static str {
        if self.state == DraftState::Confirmed {
            DraftState::Confirmed.label()
        } else if self.missing > 0 {
            "缺必填项"
        } else if self.misfits > 0 {
            Confidence::Misfit.label()
        } else {
            "可确认"
        }
    }
}

/// One draft in full, `GET /api/drafts/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftDetail {
    /// The list entry.
    pub summary: DraftSummary,
    /// What was read, with the corrections applied.
    pub content: DraftContent,
    /// Every correction, oldest first.
    pub corrections: Vec<Correction>,
    /// Scores and findings of the record as it stands, when it is a valid record.
    pub assessment: Option<Assessment>,
    /// Why the record is not (yet) valid, naming the field.
    pub problem: Option<FieldError>,
}

/// One field to change, `PUT /api/drafts/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's JSON path (`indicators[3].target`, `program.name`).
    pub field: String,
    /// The new value (`null` clears it).
    pub value: serde_json::Value,
}

/// `PUT /api/drafts/{id}`: corrections, applied in order and each recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DraftCorrections {
    /// The changes.
    pub changes: Vec<FieldChange>,
}

/// `POST /api/drafts`: the drafts read from one uploaded file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadResult {
    /// The stored original.
    pub document: DocumentInfo,
    /// One draft per form found.
    pub drafts: Vec<DraftSummary>,
}
