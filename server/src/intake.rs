//! Request bodies into domain records: a JSON evaluation or list of them, economic observations
//! as JSON or CSV. Every record is checked and every problem collected, so one answer lists all
//! that is wrong, each naming the record and the field.

use fundlens_shared::model::{Evaluation, Observation, Provenance};
use fundlens_shared::value::parse_decimal;

use crate::storage::import::RecordError;

/// The items of a JSON body that is one object or a list of them.
fn json_items(text: &str) -> Result<Vec<serde_json::Value>, Vec<RecordError>> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| {
        vec![RecordError {
            record: 0,
            key: None,
            field: String::new(),
            message: format!("malformed JSON: {error}"),
        }]
    })?;
    Ok(match value {
        serde_json::Value::Array(items) => items,
        single => vec![single],
    })
}

/// Parses each item of a JSON body with `parse`, collecting every problem with its record's
/// position.
fn parse_each<T>(
    text: &str,
    parse: impl Fn(serde_json::Value) -> Result<T, fundlens_shared::FieldError>,
) -> Result<Vec<T>, Vec<RecordError>> {
    collect(json_items(text)?.into_iter().map(parse))
}

/// The records, or every problem with its record's position.
fn collect<T>(
    records: impl IntoIterator<Item = Result<T, fundlens_shared::FieldError>>,
) -> Result<Vec<T>, Vec<RecordError>> {
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    for (index, record) in records.into_iter().enumerate() {
        match record {
            Ok(record) => parsed.push(record),
            Err(error) => errors.push(RecordError {
                record: index,
                key: None,
                field: error.field,
                message: error.message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(parsed)
    } else {
        Err(errors)
    }
}

/// Parses evaluations, collecting every invalid record. Each record is read from its own text
/// (`Evaluation::each_from_json`), so its numbers keep their literal digits and a key written
/// twice is refused rather than silently dropped.
///
/// # Errors
/// The list of problems when any record is invalid or the JSON is malformed.
pub fn evaluations(text: &str) -> Result<Vec<Evaluation>, Vec<RecordError>> {
    let records = Evaluation::each_from_json(text).map_err(|error| {
        vec![RecordError {
            record: 0,
            key: None,
            field: error.field,
            message: error.message,
        }]
    })?;
    collect(records)
}

/// Parses observations from JSON (an object or a list of [`Observation`]).
///
/// # Errors
/// The list of problems when any observation is invalid.
pub fn observations_json(text: &str) -> Result<Vec<Observation>, Vec<RecordError>> {
    parse_each(text, |item| {
        serde_path_to_error::deserialize::<_, Observation>(item)
            .map_err(|error| {
                let path = error.path().to_string();
                let field = if path == "." { String::new() } else { path };
                fundlens_shared::FieldError::new(field, error.inner().to_string())
            })
            .and_then(|observation| observation.validate().map(|()| observation))
    })
}

/// Parses observations from CSV with a header naming `region, year, metric, value` and
/// optionally `rank, unit, source` (the source's title; `sample` marks sample data).
///
/// # Errors
/// The list of problems, each naming its line (record = line number − 2) and column.
pub fn observations_csv(text: &str) -> Result<Vec<Observation>, Vec<RecordError>> {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split(',')
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let missing: Vec<&str> = ["region", "year", "metric", "value"]
        .into_iter()
        .filter(|c| !header.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        return Err(vec![RecordError {
            record: 0,
            key: None,
            field: "header".to_owned(),
            message: format!("the CSV header lacks the column(s) {}", missing.join(", ")),
        }]);
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in lines.enumerate() {
        let cells: Vec<&str> = line.split(',').map(str::trim).collect();
        let mut object = serde_json::Map::new();
        for (column, cell) in header.iter().zip(&cells) {
            if cell.is_empty() {
                continue;
            }
            let value = match column.as_str() {
                "year" | "rank" => cell
                    .parse::<i64>()
                    .map(serde_json::Value::from)
                    .unwrap_or_else(|_| serde_json::Value::from(*cell)),
                "value" => match parse_decimal(cell) {
                    Ok(_) => serde_json::Value::from(*cell),
                    Err(message) => {
                        errors.push(RecordError {
                            record: index,
                            key: None,
                            field: "value".to_owned(),
                            message: message.to_string(),
                        });
                        continue;
                    }
                },
                "source" => source_of(cell),
                _ => serde_json::Value::from(*cell),
            };
            object.insert(column.clone(), value);
        }
        object.entry("source").or_insert_with(|| source_of("CSV"));
        match observations_json(&serde_json::Value::Object(object).to_string()) {
            Ok(mut parsed) => records.append(&mut parsed),
            Err(mut problems) => {
                for problem in &mut problems {
                    problem.record = index;
                }
                errors.append(&mut problems);
            }
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

fn source_of(cell: &str) -> serde_json::Value {
    let provenance = if cell == "sample" {
        Provenance::Sample {
            generator: "CSV".to_owned(),
        }
    } else {
        Provenance::Document {
            title: cell.to_owned(),
            issuer: None,
            date: None,
            location: None,
        }
    };
    serde_json::to_value(provenance).unwrap_or_default()
}
