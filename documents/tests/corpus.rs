//! The corpus of real public 自评表 (`tests/fixtures/forms/`: 33 documents from 12 provinces,
//! rebuilt as .xlsx with merged cells, .docx tables, saved web pages and the text a copy gives),
//! each read in every format it has and compared with its `expected.json`:
//!
//! - row recall: expected indicator rows the reader brought in (matched by name), over all;
//! - field accuracy: fields marked as read whose value is the expected one, over all fields
//!   marked as read (a field 请留意 or 待核对 is not marked as read);
//! - wrong values marked as read: fields marked as read whose value differs from the expected
//!   one, or that the form does not fill at all. Must be 0.
//!
//! Values are compared as written, apart from whitespace and full-width forms; numbers
//! (weights, scores, amounts, the year) by their value; a level-1 label without the points it
//! carries (`产出指标(50分)`: the record keeps the 50 as the group's weight). The region is
//! compared only where a form has a 地区 cell (elsewhere it is inferred from names, through the
//! region catalogue, and marked uncertain). Run with `--nocapture` to see the figures.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fundlens_documents as documents;
use fundlens_shared::draft::{Confidence, DraftContent};
use fundlens_shared::reading::cells::{compact, group_label};
use rust_decimal::Decimal;
use serde_json::Value;

fn corpus() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/forms")
}

const FORMATS: &[&str] = &["xlsx", "docx", "html", "txt"];

/// What a comparison found.
#[derive(Debug, Default, Clone, Copy)]
struct Figures {
    rows_expected: usize,
    rows_read: usize,
    fields_read: usize,
    fields_right: usize,
    wrong_read: usize,
    fields_unsure: usize,
    fields_missed: usize,
}

impl Figures {
    fn add(&mut self, other: Figures) {
        self.rows_expected += other.rows_expected;
        self.rows_read += other.rows_read;
        self.fields_read += other.fields_read;
        self.fields_right += other.fields_right;
        self.wrong_read += other.wrong_read;
        self.fields_unsure += other.fields_unsure;
        self.fields_missed += other.fields_missed;
    }

    fn recall(&self) -> f64 {
        ratio(self.rows_read, self.rows_expected)
    }

    fn accuracy(&self) -> f64 {
        ratio(self.fields_right, self.fields_read)
    }

    fn line(&self, name: &str) -> String {
        format!(
            "{name:<44} rows {:>3}/{:<3} ({:>5.1}%)  fields right {:>4}/{:<4} ({:>5.1}%)  wrong-read {:>2}  unsure {:>3}  missed {:>3}",
            self.rows_read,
            self.rows_expected,
            self.recall() * 100.0,
            self.fields_right,
            self.fields_read,
            self.accuracy() * 100.0,
            self.wrong_read,
            self.fields_unsure,
            self.fields_missed,
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A value as compared: text without whitespace and in half widths; numbers as decimals.
fn normal(value: &Value, numeric: bool) -> Option<String> {
    let text = match value {
        Value::Null => return None,
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let text = compact(&text);
    if text.is_empty() {
        return None;
    }
    if numeric && let Ok(number) = text.trim_end_matches('分').parse::<Decimal>() {
        return Some(number.normalize().to_string());
    }
    Some(text)
}

fn at<'v>(value: &'v Value, path: &str) -> &'v Value {
    path.split('.')
        .try_fold(value, |v, key| v.get(key))
        .unwrap_or(&Value::Null)
}

/// Compares one field: the draft's value at `path` (with its confidence) with `expected`.
fn compare(
    figures: &mut Figures,
    draft: &DraftContent,
    path: &str,
    got: &Value,
    expected: &Value,
    numeric: bool,
    problems: &mut Vec<String>,
) {
    let expected = normal(expected, numeric);
    let got = normal(got, numeric);
    let confidence = draft
        .sources
        .iter()
        .find(|s| s.field == path)
        .map(|s| s.confidence);
    match (&got, confidence) {
        (None, _) => {
            if expected.is_some() {
                figures.fields_missed += 1;
            }
        }
        (Some(_), Some(Confidence::Read)) => {
            figures.fields_read += 1;
            if got == expected {
                figures.fields_right += 1;
            } else {
                figures.wrong_read += 1;
                problems.push(format!(
                    "  {path}: read {:?}, expected {:?}",
                    got.unwrap_or_default(),
                    expected.unwrap_or_default()
                ));
            }
        }
        (Some(_), _) => figures.fields_unsure += 1,
    }
}

/// The name a row is matched by.
fn row_key(value: &Value) -> String {
    normal(value, false).unwrap_or_default()
}

fn level1(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::String(group_label(&compact(text)).0),
        other => other.clone(),
    }
}

/// Compares one form's draft with its expected record.
fn compare_form(draft: &DraftContent, expected: &Value, problems: &mut Vec<String>) -> Figures {
    let mut figures = Figures::default();
    let record = &draft.record;
    for (path, numeric) in [
        ("program.name", false),
        ("program.department", false),
        ("program.implementer", false),
        ("year", true),
        ("funding.total.year_start_budget", true),
        ("funding.total.full_year_budget", true),
        ("funding.total.executed", true),
        ("funding.declared_rate", false),
        ("funding.weight", true),
        ("funding.declared_score", true),
    ] {
        compare(
            &mut figures,
            draft,
            path,
            at(record, path),
            at(expected, path),
            numeric,
            problems,
        );
    }
    let region_is_a_cell = draft
        .sources
        .iter()
        .any(|s| s.field == "region" && s.confidence == Confidence::Read);
    if region_is_a_cell {
        compare(
            &mut figures,
            draft,
            "region",
            at(record, "region"),
            at(expected, "region"),
            false,
            problems,
        );
    }
    for (path, from, numeric) in [
        ("declared.total", "declared_total", true),
        ("declared.grade", "declared_grade", false),
    ] {
        compare(
            &mut figures,
            draft,
            path,
            at(record, path),
            at(expected, from),
            numeric,
            problems,
        );
    }
    let read: Vec<Value> = record
        .get("indicators")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let wanted: Vec<Value> = expected["indicators"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    figures.rows_expected = wanted.len();
    let mut taken = vec![false; read.len()];
    for want in &wanted {
        let key = row_key(&want["name"]);
        let Some(index) = (0..read.len()).find(|i| !taken[*i] && row_key(&read[*i]["name"]) == key)
        else {
            problems.push(format!("  row not read: {key}"));
            continue;
        };
        taken[index] = true;
        figures.rows_read += 1;
        let got = &read[index];
        for (field, numeric) in [
            ("level1", false),
            ("level2", false),
            ("name", false),
            ("target", false),
            ("actual", false),
            ("weight", true),
            ("declared_score", true),
            ("deviation_note", false),
        ] {
            let (got_value, want_value) = if field == "level1" {
                (level1(&got[field]), level1(&want[field]))
            } else {
                (got[field].clone(), want[field].clone())
            };
            compare(
                &mut figures,
                draft,
                &format!("indicators[{index}].{field}"),
                &got_value,
                &want_value,
                numeric,
                problems,
            );
        }
    }
    for (index, row) in read.iter().enumerate() {
        if !taken[index] {
            problems.push(format!(
                "  row read, not expected: {}",
                row_key(&row["name"])
            ));
        }
    }
    figures
}

/// Pairs drafts with expected forms by the indicator names they share, else in order.
fn pair<'e>(drafts: &[DraftContent], forms: &'e [Value]) -> Vec<(Option<usize>, &'e Value)> {
    let names = |value: &Value| -> Vec<String> {
        value
            .get("indicators")
            .and_then(Value::as_array)
            .map(|rows| rows.iter().map(|r| row_key(&r["name"])).collect())
            .unwrap_or_default()
    };
    let mut used = vec![false; drafts.len()];
    forms
        .iter()
        .enumerate()
        .map(|(n, form)| {
            let wanted = names(form);
            let best = (0..drafts.len()).filter(|d| !used[*d]).max_by_key(|d| {
                let got = names(&drafts[*d].record);
                let shared = wanted.iter().filter(|w| got.contains(w)).count();
                let name = normal(at(&drafts[*d].record, "program.name"), false)
                    == normal(at(form, "program.name"), false);
                (shared, name, usize::from(*d == n))
            });
            if let Some(d) = best {
                used[d] = true;
            }
            (best, form)
        })
        .collect()
}

fn regions() -> Vec<String> {
    fundlens_shared::region::REGIONS
        .iter()
        .map(|region| region.name.to_owned())
        .collect()
}

/// Reads one document in one format; the figures and what went wrong.
fn read_document(dir: &Path, format: &str, expected: &Value) -> (Figures, Vec<String>) {
    let path = dir.join(format!("form.{format}"));
    let bytes = std::fs::read(&path).expect("fixture");
    let forms = expected["forms"].as_array().cloned().unwrap_or_default();
    let mut problems = Vec::new();
    let drafts = match documents::read(&bytes, &format!("form.{format}"), "", &regions()) {
        Ok(drafts) => drafts,
        Err(error) => {
            problems.push(format!("  not read: {error}"));
            Vec::new()
        }
    };
    let wanted = format!(
        "{}.{format}",
        dir.file_name().unwrap_or_default().to_string_lossy()
    );
    if std::env::var("CORPUS_DUMP").is_ok_and(|dump| wanted.starts_with(&dump)) {
        println!(
            "{}",
            serde_json::to_string_pretty(&drafts).unwrap_or_default()
        );
    }
    let mut figures = Figures::default();
    for (draft, form) in pair(&drafts, &forms) {
        match draft {
            Some(d) => figures.add(compare_form(&drafts[d], form, &mut problems)),
            None => {
                figures.rows_expected += form["indicators"].as_array().map_or(0, Vec::len);
                problems.push("  form not found".to_owned());
            }
        }
    }
    (figures, problems)
}

#[test]
fn the_real_corpus_is_read_in_every_format() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("the corpus")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("expected.json").exists())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 30, "at least 30 documents");
    let mut by_format: BTreeMap<&str, Figures> = BTreeMap::new();
    let mut all = Figures::default();
    let mut report = Vec::new();
    for dir in &dirs {
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"),
        )
        .expect("JSON");
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for format in FORMATS {
            if !dir.join(format!("form.{format}")).exists() {
                continue;
            }
            let (figures, problems) = read_document(dir, format, &expected);
            report.push(figures.line(&format!("{name}.{format}")));
            if std::env::var_os("CORPUS_DETAIL").is_some() {
                report.extend(problems);
            }
            by_format.entry(format).or_default().add(figures);
            all.add(figures);
        }
    }
    println!("{}", report.join("\n"));
    for (format, figures) in &by_format {
        println!("{}", figures.line(&format!("all .{format}")));
    }
    println!("{}", all.line("all formats"));
    assert_eq!(all.wrong_read, 0, "no wrong value marked as read");
    for (format, figures) in &by_format {
        assert!(
            figures.recall() >= 0.95,
            ".{format} row recall {:.3}",
            figures.recall()
        );
        assert!(
            figures.accuracy() >= 0.99,
            ".{format} field accuracy {:.3}",
            figures.accuracy()
        );
    }
}
