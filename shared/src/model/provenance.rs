//! Where a record came from: a published document (title, issuer, date) or generated sample
//! data, which must be marked as such wherever it is shown.

use serde::{Deserialize, Serialize};

use super::{optional_text, required_text};

/// The origin of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provenance {
    /// Transcribed from a published document.
    Document {
        /// The document's title.
        #[serde(deserialize_with = "required_text")]
        title: String,
        /// Who issued it.
        #[serde(default, deserialize_with = "optional_text")]
        issuer: Option<String>,
        /// When it was issued, as written (`2023-04-20`); `None` when the document is undated.
        #[serde(default, deserialize_with = "optional_text")]
        date: Option<String>,
        /// Where the document can be found (a file or an address).
        #[serde(default, deserialize_with = "optional_text")]
        location: Option<String>,
    },
    /// Generated demonstration data: never official figures.
    Sample {
        /// The generator and its settings (`fundlens sample --scale city --seed 7`).
        #[serde(deserialize_with = "required_text")]
        generator: String,
    },
}

impl Provenance {
    /// True for generated demonstration data.
    pub fn is_sample(&self) -> bool {
        matches!(self, Self::Sample { .. })
    }
}
