//! Why a write wrote nothing: an import ([`ImportError`]) or a delete or restore
//! ([`VersionError`]) refused record by record, or a storage failure.

use fundlens_shared::error::RecordError;

use crate::StorageError;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Some records are invalid.
    #[error("{} invalid record(s)", .0.len())]
    Invalid(Vec<RecordError>),
    /// Some records already exist and replacing was not asked for.
    #[error("{} record(s) already exist", .0.len())]
    Conflict(Vec<RecordError>),
    /// Some records are of regions outside the writer's scope.
    #[error("{} record(s) outside the writer's regions", .0.len())]
    Forbidden(Vec<RecordError>),
    /// The store failed.
    #[error(transparent)]
    Storage(#[from] StorageError),
}

impl From<rusqlite::Error> for ImportError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error.into())
    }
}

impl ImportError {
    /// One problem with one field, not tied to a record of a list.
    pub(crate) fn invalid_field(field: &str, message: String) -> Self {
        Self::Invalid(vec![RecordError {
            record: 0,
            key: None,
            field: field.to_owned(),
            message,
        }])
    }
}

/// Why a delete or restore did nothing.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    /// No such evaluation (live for a delete, deleted for a restore).
    #[error("no such evaluation")]
    NotFound,
    /// Refused: outside the writer's regions, or a live evaluation holds the same program,
    /// region and year.
    #[error(transparent)]
    Import(#[from] ImportError),
}

impl From<rusqlite::Error> for VersionError {
    fn from(error: rusqlite::Error) -> Self {
        Self::Import(error.into())
    }
}

impl From<StorageError> for VersionError {
    fn from(error: StorageError) -> Self {
        Self::Import(error.into())
    }
}
