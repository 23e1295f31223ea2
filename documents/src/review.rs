//! The review step's logic on a stored draft: what the list shows of it, corrections applied
//! at JSON paths (each recorded with the value before), and the record it becomes on
//! confirmation, refused with the field named while something required is missing or invalid.

use fundlens_shared::FieldError;
use fundlens_shared::draft::{Confidence, Correction, DraftContent, FieldChange};
use fundlens_shared::model::Evaluation;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::draft::{get, set};
use fundlens_shared::draft::DraftFacts;

/// The SHA-256 of `bytes`, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What the list shows of a draft.
pub fn facts(content: &DraftContent) -> DraftFacts {
    let text = |path: &str| {
        get(&content.record, path)
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    DraftFacts {
        region: text("region").filter(|r| !r.trim().is_empty()),
        program: text("program.name").filter(|p| !p.trim().is_empty()),
        year: get(&content.record, "year")
            .and_then(|year| year.as_i64().or_else(|| year.as_str()?.trim().parse().ok()))
            .and_then(|year| i32::try_from(year).ok()),
        missing: content.missing_required().count(),
        uncertain: content.uncertain().count(),
        rows: get(&content.record, "indicators")
            .and_then(Value::as_array)
            .map_or(0, Vec::len),
        misfits: content.misfits().count(),
    }
}

/// Applies `changes` to `content` in order. Returns the corrections to record (their time is
/// the store's to set).
///
/// # Errors
/// When a path is malformed or runs through a value of another kind; nothing is applied then.
pub fn apply(
    content: &mut DraftContent,
    changes: &[FieldChange],
    by: Option<&str>,
) -> Result<Vec<Correction>, FieldError> {
    let mut changed = content.clone();
    let mut corrections = Vec::new();
    for change in changes {
        let before = get(&changed.record, &change.field)
            .cloned()
            .unwrap_or(Value::Null);
        if !set(&mut changed.record, &change.field, change.value.clone()) {
            return Err(FieldError::new(
                change.field.clone(),
                format!("无法更正“{}”：没有这个字段", change.field),
            ));
        }
        changed
            .missing
            .retain(|missing| missing.field != change.field);
        for source in changed
            .sources
            .iter_mut()
            .filter(|s| s.field == change.field)
        {
            // A change to the value it had accepts what was read (待核对 → 已核对).
            source.note = Some(if before == change.value {
                "已人工核对，接受原值".to_owned()
            } else {
                "已人工更正".to_owned()
            });
            source.confidence = Confidence::Read;
        }
        corrections.push(Correction {
            field: change.field.clone(),
            before,
            after: change.value.clone(),
            by: by.map(str::to_owned),
            at: String::new(),
        });
    }
    *content = changed;
    Ok(corrections)
}

/// The record a draft stands for.
///
/// # Errors
/// The first required field still missing; else, while fields are 待核对 (their cells do not
/// fit their columns), the first of them, the message naming every indicator row to check;
/// else the first invalid field, named by its path.
pub fn record_of(content: &DraftContent) -> Result<Evaluation, FieldError> {
    if let Some(missing) = content.missing_required().next() {
        return Err(FieldError::new(
            missing.field.clone(),
            format!("文件中没有读到“{}”，请补上后再确认", missing.label),
        ));
    }
    if let Some(first) = content.misfits().next() {
        let rows = content.rows_to_check();
        let message = if rows.is_empty() {
            format!(
                "“{}”待核对（{}），请接受或更正后再确认",
                first.label,
                first.note.as_deref().unwrap_or("单元格与所在栏目不符")
            )
        } else {
            let named: Vec<String> = rows.iter().map(|row| format!("第{}行", row + 1)).collect();
            format!(
                "绩效指标{}待核对（单元格与所在栏目不符），请逐行接受或更正后再确认",
                named.join("、")
            )
        };
        return Err(FieldError::new(first.field.clone(), message));
    }
    Evaluation::from_json(&content.record.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use fundlens_shared::draft::{FieldSource, MissingField};
    use serde_json::json;

    fn content() -> DraftContent {
        DraftContent {
            form: "表格1".to_owned(),
            record: json!({"program": {"name": "专项资金"}, "indicators": [{"target": "≥abc"}]}),
            sources: vec![FieldSource {
                field: "indicators[0].target".to_owned(),
                label: "年度指标值".to_owned(),
                location: "A1".to_owned(),
                raw: "≥abc".to_owned(),
                confidence: Confidence::Uncertain,
                note: Some("?".to_owned()),
                stored: None,
                beside: Vec::new(),
            }],
            missing: vec![MissingField {
                field: "region".to_owned(),
                label: "地区".to_owned(),
                required: true,
            }],
            unplaced: Vec::new(),
        }
    }

    #[test]
    fn corrections_are_applied_and_recorded_with_the_value_before() {
        let mut draft = content();
        assert_eq!(
            record_of(&draft).expect_err("region missing").field,
            "region"
        );
        let changes = vec![
            FieldChange {
                field: "indicators[0].target".to_owned(),
                value: json!("≥90%"),
            },
            FieldChange {
                field: "region".to_owned(),
                value: json!("益阳市"),
            },
        ];
        let corrections = apply(&mut draft, &changes, Some("editor")).expect("applies");
        assert_eq!(corrections[0].before, json!("≥abc"));
        assert_eq!(corrections[1].before, Value::Null);
        assert_eq!(draft.record["indicators"][0]["target"], "≥90%");
        assert!(draft.missing.is_empty());
        assert_eq!(draft.uncertain().count(), 0);
        assert_eq!(facts(&draft).region.as_deref(), Some("益阳市"));
    }

    #[test]
    fn rows_to_check_hold_the_draft_until_accepted() {
        let mut draft = content();
        draft.missing.clear();
        draft.sources[0].confidence = Confidence::Misfit;
        let refused = record_of(&draft).expect_err("a row to check");
        assert!(refused.message.contains("第1行"), "{}", refused.message);
        let accept = vec![FieldChange {
            field: "indicators[0].target".to_owned(),
            value: json!("≥abc"),
        }];
        apply(&mut draft, &accept, None).expect("accepted");
        assert_eq!(draft.misfits().count(), 0);
        assert_eq!(
            draft.sources[0].note.as_deref(),
            Some("已人工核对，接受原值")
        );
    }

    #[test]
    fn a_bad_path_applies_nothing() {
        let mut draft = content();
        let changes = vec![
            FieldChange {
                field: "region".to_owned(),
                value: json!("益阳市"),
            },
            FieldChange {
                field: "program.name.x".to_owned(),
                value: json!(1),
            },
        ];
        assert!(apply(&mut draft, &changes, None).is_err());
        assert_eq!(draft.record, content().record);
    }

    #[test]
    fn hashes() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
