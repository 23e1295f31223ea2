//! Request bodies into domain records: a JSON evaluation or list of them, economic observations
//! as JSON or CSV (through the `csv` crate). Every record is checked and every problem collected, so one answer lists all
//! that is wrong, each naming the record and the field.

use fundlens_shared::model::{Evaluation, Observation, Provenance};
use serde_json::value::RawValue;

use fundlens_shared::error::RecordError;

/// The items of a JSON body that is one object or a list of them, as slices of the body: a
/// list is split without building a tree of it, so an import holds the body, one item's tree
/// at a time, and the records parsed so far — a small multiple of the body, not ten times it.
fn json_items(text: &str) -> Result<Vec<&RawValue>, Vec<RecordError>> {
    let malformed = |error: serde_json::Error| {
        vec![RecordError {
            record: 0,
            key: None,
            field: "body".to_owned(),
            message: format!(
                "JSON 格式错误（第 {} 行第 {} 列）：{}",
                error.line(),
                error.column(),
                fundlens_shared::wire_error::in_chinese(&error.to_string())
            ),
        }]
    };
    if text.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<&RawValue>>(text).map_err(malformed)
    } else {
        serde_json::from_str::<&RawValue>(text)
            .map(|item| vec![item])
            .map_err(malformed)
    }
}

/// Parses each item of a JSON body with `parse`, collecting every problem with its record's
/// position.
fn parse_each<T>(
    text: &str,
    parse: impl Fn(&str) -> Result<T, fundlens_shared::FieldError>,
) -> Result<Vec<T>, Vec<RecordError>> {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, item) in json_items(text)?.into_iter().enumerate() {
        match parse(item.get()) {
            Ok(record) => records.push(record),
            Err(error) => errors.push(RecordError {
                record: index,
                key: None,
                field: error.field,
                message: error.message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// Parses evaluations, collecting every invalid record.
///
/// # Errors
/// The list of problems when any record is invalid or the JSON is malformed.
pub fn evaluations(text: &str) -> Result<Vec<Evaluation>, Vec<RecordError>> {
    parse_each(text, Evaluation::from_json)
}

/// Parses observations from JSON (an object or a list of [`Observation`]).
///
/// # Errors
/// The list of problems when any observation is invalid.
pub fn observations_json(text: &str) -> Result<Vec<Observation>, Vec<RecordError>> {
    parse_each(text, |item| {
        serde_path_to_error::deserialize::<_, Observation>(&mut serde_json::Deserializer::from_str(
            item,
        ))
        .map_err(|error| {
            let path = error.path().to_string();
            let field = if path == "." { String::new() } else { path };
            fundlens_shared::FieldError::new(
                field,
                fundlens_shared::wire_error::in_chinese(&error.inner().to_string()),
            )
        })
        .and_then(|observation| observation.validate().map(|()| observation))
    })
}

/// The columns an observation CSV may have; the first four are required.
const CSV_COLUMNS: [&str; 7] = [
    "region", "year", "metric", "value", "rank", "unit", "source",
];

/// Parses observations from CSV with a header naming `region, year, metric, value` and
/// optionally `rank, unit, source` (the source's title; `sample` marks sample data), read by the
/// `csv` crate: quoted cells (`"益阳市"`, `"1,234.5"`), CRLF line ends, a UTF-8 BOM and blank
/// lines are read as a spreadsheet shows them. A row with more or fewer cells than the header,
/// or a column the format does not know, is an error naming its line.
///
/// # Errors
/// The list of problems, each naming its line in the file (`第 3 行`) and its column.
pub fn observations_csv(text: &str) -> Result<Vec<Observation>, Vec<RecordError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = spreadsheet_csv(text);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(str::to_owned).collect(),
        Err(error) => return Err(vec![csv_problem(text, 0, "header", &error)]),
    };
    let unknown: Vec<&str> = header
        .iter()
        .map(String::as_str)
        .filter(|column| !CSV_COLUMNS.contains(column))
        .collect();
    let missing: Vec<&str> = CSV_COLUMNS[..4]
        .iter()
        .copied()
        .filter(|column| !header.iter().any(|h| h == column))
        .collect();
    if !missing.is_empty() || !unknown.is_empty() {
        let mut problems = Vec::new();
        if !missing.is_empty() {
            problems.push(format!("缺少列 {}", missing.join("、")));
        }
        if !unknown.is_empty() {
            problems.push(format!("不认识的列 {}", unknown.join("、")));
        }
        return Err(vec![RecordError {
            record: 0,
            key: None,
            field: "header".to_owned(),
            message: format!(
                "第 1 行（表头）：{}；可用的列：{}",
                problems.join("；"),
                CSV_COLUMNS.join(", ")
            ),
        }]);
    }
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, row) in reader.records().enumerate() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                errors.push(csv_problem(text, index, "", &error));
                continue;
            }
        };
        let line = line_of(text, row.position());
        let mut object = serde_json::Map::new();
        for (column, cell) in header.iter().zip(row.iter()) {
            if cell.is_empty() {
                continue;
            }
            let value = match column.as_str() {
                "year" | "rank" => cell
                    .parse::<i64>()
                    .map_or_else(|_| serde_json::Value::from(cell), serde_json::Value::from),
                "source" => source_of(cell),
                _ => serde_json::Value::from(cell),
            };
            object.insert(column.clone(), value);
        }
        object.entry("source").or_insert_with(|| source_of("CSV"));
        match observations_json(&serde_json::Value::Object(object).to_string()) {
            Ok(mut parsed) => records.append(&mut parsed),
            Err(problems) => errors.extend(problems.into_iter().map(|problem| RecordError {
                record: index,
                message: format!("第 {line} 行：{}", problem.message),
                ..problem
            })),
        }
    }
    if errors.is_empty() {
        Ok(records)
    } else {
        Err(errors)
    }
}

/// The line (1-based) where the record at `position` starts. The `csv` crate reports the start
/// before the blank lines it skips, so those are stepped over here.
fn line_of(text: &str, position: Option<&csv::Position>) -> u64 {
    let Some(position) = position else { return 0 };
    let start = usize::try_from(position.byte())
        .unwrap_or(usize::MAX)
        .min(text.len());
    let blank_lines = text.as_bytes()[start..]
        .iter()
        .take_while(|byte| matches!(byte, b'\r' | b'\n'))
        .filter(|byte| **byte == b'\n')
        .count();
    position.line() + blank_lines as u64
}

/// A reader for CSV as spreadsheets save it (`text` without its BOM): cells trimmed, quoted
/// cells and CRLF as the `csv` crate reads them, a header row.
pub(crate) fn spreadsheet_csv(text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// A CSV reading error (a row of the wrong length, bytes that are not UTF-8) naming its line.
pub(crate) fn csv_problem(
    text: &str,
    record: usize,
    field: &str,
    error: &csv::Error,
) -> RecordError {
    let line = line_of(text, error.position());
    let message = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("第 {line} 行：有 {len} 个单元格，表头有 {expected_len} 列"),
        csv::ErrorKind::Utf8 { .. } => format!("第 {line} 行：不是 UTF-8 文本"),
        _ => format!("第 {line} 行：无法读取（{error}）"),
    };
    RecordError {
        record,
        key: None,
        field: field.to_owned(),
        message,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_csv_saved_by_a_spreadsheet_reads_as_the_spreadsheet_shows_it() {
        let text = "\u{feff}region,year,metric,value,rank,source\r\n\
                    \"益阳市\",2022,industrial_value_added_growth,\"6.8\",9,\"益阳市统计局, 2023\"\r\n\
                    \r\n\
                    赫山区,2022,industrial_investment_growth,\" 28.5 \",,\r\n";
        let observations = observations_csv(text).expect("reads");
        assert_eq!(observations.len(), 2);
        assert_eq!(observations[0].region, "益阳市");
        assert_eq!(observations[0].value.to_string(), "6.8");
        assert_eq!(observations[0].rank.map(|r| r.value()), Some(9));
        assert_eq!(observations[1].region, "赫山区");
        assert_eq!(observations[1].value.to_string(), "28.5");
    }

    #[test]
    fn a_row_with_an_extra_or_missing_cell_is_refused_naming_its_line() {
        let text = "region,year,metric,value\n\
                    益阳市,2022,industrial_value_added_growth,6.8\n\
                    \n\
                    益阳市,2021,industrial_value_added_growth,7,1\n\
                    益阳市,2020,industrial_value_added_growth\n";
        let errors = observations_csv(text).expect_err("refused");
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("第 4 行：有 5 个单元格"),
            "{messages:?}"
        );
        assert!(
            messages[1].starts_with("第 5 行：有 3 个单元格"),
            "{messages:?}"
        );
    }

    #[test]
    fn an_unknown_or_missing_column_is_named() {
        let errors =
            observations_csv("region,year,metric,vaule\n益阳市,2022,x,1\n").expect_err("refused");
        assert!(errors[0].message.contains("缺少列 value"), "{errors:?}");
        assert!(errors[0].message.contains("不认识的列 vaule"), "{errors:?}");
    }

    #[test]
    fn a_bad_cell_is_refused_with_its_line_and_column() {
        let errors = observations_csv(
            "region,year,metric,value\n益阳市,2022,industrial_value_added_growth,abc\n",
        )
        .expect_err("refused");
        assert_eq!(errors[0].field, "value");
        assert!(errors[0].message.starts_with("第 2 行："), "{errors:?}");
    }
}

/// One row of a benchmark CSV: `metric,value[,scope][,source]` in any column order, as written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct BenchmarkRow {
    /// The metric's code or Chinese name.
    pub metric: String,
    /// The figure as written.
    pub value: String,
    /// `province`, `city` or empty.
    #[serde(default)]
    pub scope: String,
    /// Where the figure comes from, or empty.
    #[serde(default)]
    pub source: String,
}

/// The rows of a benchmark CSV, read through the `csv` crate: quoted cells, CRLF, a UTF-8 BOM
/// and blank lines as a spreadsheet writes them.
///
/// # Errors
/// A header without `metric` and `value`, or a row with too many or too few cells (the message
/// names its line).
pub fn benchmark_rows(text: &str) -> Result<Vec<BenchmarkRow>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = spreadsheet_csv(text);
    let problem = |error: &csv::Error| csv_problem(text, 0, "", error).message;
    let headers = reader.headers().map_err(|error| problem(&error))?;
    if !(headers.iter().any(|h| h == "metric") && headers.iter().any(|h| h == "value")) {
        return Err("the CSV header must name the columns metric and value".to_owned());
    }
    reader
        .deserialize::<BenchmarkRow>()
        .map(|row| row.map_err(|error| problem(&error)))
        .collect()
}
