//! Building a draft: the record as read, set field by field at JSON paths
//! (`indicators[3].target`), each with where it came from and how sure the reader is; and the
//! same paths for corrections made during review.

use fundlens_shared::draft::{
    Beside, Confidence, DraftContent, FieldSource, MissingField, Unplaced,
};
use serde_json::{Map, Value};

use super::grid::Cell;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// Splits `indicators[3].target` into steps.
fn steps(path: &str) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if key.is_empty() && steps.is_empty() {
            return None;
        }
        if !key.is_empty() {
            steps.push(Step::Key(key.to_owned()));
        }
        while !rest.is_empty() {
            let (index, after) = rest.split_once(']')?;
            steps.push(Step::Index(index.parse().ok()?));
            rest = after.strip_prefix('[').unwrap_or(after);
            if !after.is_empty() && !after.starts_with('[') {
                return None;
            }
        }
    }
    Some(steps)
}

/// The value at `path`, if present.
pub(crate) fn get<'v>(record: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path)?
        .iter()
        .try_fold(record, |value, step| match step {
            Step::Key(key) => value.get(key),
            Step::Index(index) => value.get(index),
        })
}

/// Sets `value` at `path`, creating objects and extending lists (with empty objects) on the
/// way. Returns false when the path is malformed or runs through a value of another kind.
pub(crate) fn set(record: &mut Value, path: &str, value: Value) -> bool {
    let Some(steps) = steps(path) else {
        return false;
    };
    let mut current = record;
    for step in &steps {
        current = match step {
            Step::Key(key) => {
                if current.is_null() {
                    *current = Value::Object(Map::new());
                }
                let Some(object) = current.as_object_mut() else {
                    return false;
                };
                object.entry(key.clone()).or_insert(Value::Null)
            }
            Step::Index(index) => {
                if current.is_null() {
                    *current = Value::Array(Vec::new());
                }
                let Some(list) = current.as_array_mut() else {
                    return false;
                };
                if *index > list.len() + 1_000 {
                    return false;
                }
                while list.len() <= *index {
                    list.push(Value::Object(Map::new()));
                }
                &mut list[*index]
            }
        };
    }
    *current = value;
    true
}

/// A draft under construction.
#[derive(Debug)]
pub(crate) struct DraftBuilder {
    form: String,
    record: Value,
    sources: Vec<FieldSource>,
    missing: Vec<MissingField>,
    unplaced: Vec<Unplaced>,
}

impl DraftBuilder {
    pub(crate) fn new(form: impl Into<String>) -> Self {
        Self {
            form: form.into(),
            record: Value::Object(Map::new()),
            sources: Vec::new(),
            missing: Vec::new(),
            unplaced: Vec::new(),
        }
    }

    /// Sets `field` to `value`, read from `cell` under `label`. A note on the cell (a formula,
    /// a date) makes the field uncertain.
    pub(crate) fn put(&mut self, field: &str, label: &str, value: Value, cell: &Cell) {
        self.put_with(field, label, value, cell, cell.note.clone());
    }

    /// As [`DraftBuilder::put`], uncertain for the reason given (or the cell's own note).
    pub(crate) fn put_with(
        &mut self,
        field: &str,
        label: &str,
        value: Value,
        cell: &Cell,
        note: Option<String>,
    ) {
        let note = note.or_else(|| cell.note.clone());
        let confidence = if note.is_some() {
            Confidence::Uncertain
        } else {
            Confidence::Read
        };
        self.put_source(field, label, value, cell, confidence, note);
    }

    /// Sets `field` to the text of a cell that does not fit its column, 待核对 for `reason`:
    /// the draft cannot be confirmed until a person accepts or corrects it.
    pub(crate) fn put_misfit(
        &mut self,
        field: &str,
        label: &str,
        value: Value,
        cell: &Cell,
        reason: String,
    ) {
        self.put_source(field, label, value, cell, Confidence::Misfit, Some(reason));
    }

    fn put_source(
        &mut self,
        field: &str,
        label: &str,
        value: Value,
        cell: &Cell,
        confidence: Confidence,
        note: Option<String>,
    ) {
        set(&mut self.record, field, value);
        self.sources.retain(|source| source.field != field);
        self.missing.retain(|missing| missing.field != field);
        self.sources.push(FieldSource {
            field: field.to_owned(),
            label: label.to_owned(),
            location: cell.location.clone(),
            raw: cell.text.clone(),
            confidence,
            note,
            stored: cell.stored.clone(),
            beside: Vec::new(),
        });
    }

    /// Keeps `cell` (under the column `label`) beside `field`'s source.
    pub(crate) fn beside(&mut self, field: &str, label: &str, cell: &Cell) {
        if let Some(source) = self.sources.iter_mut().find(|s| s.field == field) {
            source.beside.push(Beside {
                label: label.to_owned(),
                location: cell.location.clone(),
                text: cell.trimmed().to_owned(),
            });
        }
    }

    /// Sets `field` without a source of its own (a value the reader supplies, such as an empty
    /// list or the provenance it derives; its parts carry their sources).
    pub(crate) fn put_plain(&mut self, field: &str, value: Value) {
        set(&mut self.record, field, value);
    }

    /// True when `field` has been set.
    pub(crate) fn has(&self, field: &str) -> bool {
        get(&self.record, field).is_some_and(|value| !value.is_null())
    }

    /// Lists `field` as not found (unless it was set meanwhile).
    pub(crate) fn missing(&mut self, field: &str, label: &str, required: bool) {
        if self.has(field) || self.missing.iter().any(|m| m.field == field) {
            return;
        }
        self.missing.push(MissingField {
            field: field.to_owned(),
            label: label.to_owned(),
            required,
        });
    }

    /// Keeps a part of the document that no field took.
    pub(crate) fn unplaced(&mut self, cell: &Cell) {
        if !cell.is_empty() {
            self.unplaced.push(Unplaced {
                location: cell.location.clone(),
                text: cell.trimmed().to_owned(),
            });
        }
    }

    /// Keeps the cells of a table row that no field took, as one entry: the first cell's place
    /// and their texts joined by ` | `.
    pub(crate) fn unplaced_cells(&mut self, cells: &[&Cell]) {
        let texts: Vec<&str> = cells
            .iter()
            .map(|cell| cell.trimmed())
            .filter(|text| !text.is_empty())
            .collect();
        if let Some(first) = cells.iter().find(|cell| !cell.is_empty()) {
            self.unplaced.push(Unplaced {
                location: first.location.clone(),
                text: texts.join(" | "),
            });
        }
    }

    /// Which part of the file holds the form.
    pub(crate) fn form(&self) -> &str {
        &self.form
    }

    pub(crate) fn record(&self) -> &Value {
        &self.record
    }

    pub(crate) fn finish(self) -> DraftContent {
        DraftContent {
            form: self.form,
            record: self.record,
            sources: self.sources,
            missing: self.missing,
            unplaced: self.unplaced,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_set_and_get_nested_fields_and_list_items() {
        let mut record = json!({});
        assert!(set(&mut record, "program.name", json!("专项资金")));
        assert!(set(&mut record, "indicators[1].target", json!("≥90%")));
        assert_eq!(get(&record, "program.name"), Some(&json!("专项资金")));
        assert_eq!(get(&record, "indicators[1].target"), Some(&json!("≥90%")));
        assert_eq!(get(&record, "indicators[0]"), Some(&json!({})));
        assert!(!set(&mut record, "program.name.first", json!(1)));
        assert!(!set(&mut record, "indicators[x]", json!(1)));
        assert!(!set(&mut record, "indicators[99999999]", json!(1)));
        assert!(!set(&mut record, "[0]", json!(1)));
    }

    #[test]
    fn a_field_set_later_is_no_longer_missing() {
        let mut draft = DraftBuilder::new("表格1");
        draft.missing("region", "地区", true);
        draft.put(
            "region",
            "地区",
            json!("益阳市"),
            &Cell::new("益阳市", "A1"),
        );
        let content = draft.finish();
        assert!(content.missing.is_empty());
        assert_eq!(content.sources[0].confidence, Confidence::Read);
    }
}
