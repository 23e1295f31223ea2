//! `format=csv|xlsx` on the list, trend, comparison and history endpoints: each file parses
//! back (the `csv` crate, calamine) with the JSON's rows — numbers rounded as the page shows
//! them, every digit on the workbook's 完整精度 sheet — carries its provenance line (示例数据
//! for sample data, else the source and data date), no internal id, and is named in
//! `Content-Disposition` by what it holds (`赫山区_2025_评价列表_得分最低15项.xlsx`).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use fundlens_tests::{TestServer, generated};
use serde_json::{Value, json};

/// The records of a CSV download, after checking its byte-order mark.
fn csv_records(bytes: &[u8]) -> Vec<Vec<String>> {
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 BOM first");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..])
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_owned).collect())
        .collect()
}

/// The cells of the first sheet of an .xlsx download, as text.
fn xlsx_records(bytes: Vec<u8>) -> Vec<Vec<String>> {
    sheet_records(bytes, 0)
}

/// The cells of sheet `index` of an .xlsx download, as text.
fn sheet_records(bytes: Vec<u8>, index: usize) -> Vec<Vec<String>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("an xlsx workbook");
    let range = book
        .worksheet_range_at(index)
        .expect("a sheet")
        .expect("readable");
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// Checks both files of `path` against the JSON rows `rows` (the values of `key` in order,
/// found in column `column`), and returns the CSV's first line.
fn check(server: &TestServer, path: &str, rows: &[String], column: usize) -> String {
    let mut first = String::new();
    for format in ["csv", "xlsx"] {
        let separator = if path.contains('?') { '&' } else { '?' };
        let (content_type, disposition, bytes) =
            server.download(&format!("{path}{separator}format={format}"));
        assert!(
            disposition.starts_with("attachment; filename=")
                && disposition.contains(&format!(".{format}")),
            "{path}: {disposition}"
        );
        let records = if format == "csv" {
            assert!(content_type.starts_with("text/csv"), "{content_type}");
            csv_records(&bytes)
        } else {
            assert!(content_type.contains("spreadsheetml"), "{content_type}");
            xlsx_records(bytes)
        };
        // Provenance, title, headers, then one record per JSON row.
        let found: Vec<String> = records
            .iter()
            .skip(3)
            .map(|r| r.get(column).cloned().unwrap_or_default())
            .take(rows.len())
            .collect();
        assert_eq!(found, rows, "{path} as {format}");
        if format == "csv" {
            first = records[0].join(",");
        } else {
            assert_eq!(
                records[0][0], first,
                "{path}: the same provenance line in both"
            );
        }
    }
    first
}

/// `field` of every element of the JSON array `list`, as the files write it (null: empty).
fn column(list: &Value, field: impl Fn(&Value) -> &Value) -> Vec<String> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|item| match field(item) {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        })
        .collect()
}

/// `field` of every element of `list` rounded to `decimals` places as the page rounds (half
/// away from zero), trailing zeros dropped (null: empty).
fn rounded(list: &Value, decimals: u32, field: impl Fn(&Value) -> &Value) -> Vec<String> {
    column(list, field)
        .into_iter()
        .map(|text| {
            if text.is_empty() {
                return text;
            }
            let value: rust_decimal::Decimal = text.parse().expect("a number");
            fundlens_shared::format::round(value, decimals)
                .normalize()
                .to_string()
        })
        .collect()
}

#[test]
fn every_table_downloads_with_the_json_rows_and_the_sample_mark() {
    let server = TestServer::start_with_default_data();
    let (_, years) = server.get("/api/years");
    let year = years
        .as_array()
        .and_then(|y| y.last())
        .cloned()
        .expect("a year");

    let path = format!("/api/evaluations?year={year}&region=赫山区&sort=lowest");
    let (_, list) = server.get(&path);
    let programs = column(&list["items"], |i| &i["program"]);
    assert!(!programs.is_empty());
    let line = check(&server, &path, &programs, 1);
    assert!(line.contains("示例数据"), "{line}");
    check(
        &server,
        &path,
        &rounded(&list["items"], 2, |i| &i["total"]),
        4,
    );

    for path in [
        "/api/trends/funding?region=益阳市",
        "/api/trends/scores?region=益阳市",
    ] {
        let (_, trend) = server.get(path);
        let years = column(&trend["points"], |p| &p["year"]);
        assert!(
            check(&server, path, &years, 0).contains("示例数据"),
            "{path}"
        );
    }
    let path = "/api/trends/metrics?region=赫山区&metric=industrial_value_added_growth";
    let (_, trend) = server.get(path);
    let values = rounded(&trend["points"], 1, |p| &p["value"]);
    assert!(check(&server, path, &values, 1).contains("示例数据"));

    let path = format!("/api/compare?year={year}&measure=score&parent=益阳市");
    let (_, comparison) = server.get(&path);
    let regions = column(&comparison["rows"], |r| &r["region"]);
    let values = rounded(&comparison["rows"], 2, |r| &r["value"]);
    check(&server, &path, &regions, 1);
    assert!(check(&server, &path, &values, 2).contains("示例数据"));

    let path = format!("/api/compare/grid?year={year}&parent=益阳市");
    let (_, grid) = server.get(&path);
    let shares = rounded(&grid["rows"], 1, |r| &r["cells"][0]["share"]);
    assert!(check(&server, &path, &shares, 2).contains("示例数据"));

    let path = format!("/api/compare/years?b={year}&region=益阳市");
    let (_, years_answer) = server.get(&path);
    let figures: Vec<Value> = years_answer["funding"]
        .as_array()
        .into_iter()
        .chain(years_answer["scores"].as_array())
        .flatten()
        .cloned()
        .collect();
    let changes: Vec<String> = figures
        .iter()
        .map(|figure| {
            let decimals = match figure["kind"].as_str() {
                Some("count") => 0,
                Some("score") => 2,
                _ => 1,
            };
            rounded(
                &Value::Array(vec![figure.clone()]),
                decimals,
                |f| &f["change"],
            )
            .remove(0)
        })
        .collect();
    assert!(check(&server, &path, &changes, 4).contains("示例数据"));

    let (_, names) = server.get("/api/indicators");
    let name = names["items"][0]["name"]
        .as_str()
        .expect("an indicator name")
        .to_owned();
    let path = format!("/api/indicators/history?name={name}&limit=20");
    let (_, history) = server.get(&path);
    let regions = column(&history["rows"], |r| &r["region"]);
    assert!(check(&server, &path, &regions, 1).contains("示例数据"));

    let (status, refused) = server.get("/api/trends/funding?format=pdf");
    assert_eq!(status, 400, "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .expect("message")
            .contains("format")
    );
}

#[test]
fn real_records_carry_their_source_and_data_date_inside_the_file() {
    let server = TestServer::start();
    let mut record = generated("专项甲", "赫山区", 2022, 100, 90, 100);
    record["provenance"] = json!({"kind": "document", "title": "赫山区2022年专项资金绩效自评报告",
                                  "issuer": "赫山区工业和信息化局", "date": "2023-03-01"});
    let (status, answer) = server.post(
        "/api/evaluations",
        "application/json",
        json!([record]).to_string(),
    );
    assert_eq!(status, 201, "{answer}");
    let (_, list) = server.get("/api/evaluations");
    let programs = column(&list["items"], |i| &i["program"]);
    let line = check(&server, "/api/evaluations", &programs, 1);
    assert!(!line.contains("示例数据"), "{line}");
    assert!(
        line.contains("《赫山区2022年专项资金绩效自评报告》"),
        "{line}"
    );
    assert!(line.contains("数据日期：20"), "{line}");
}

#[test]
fn a_download_is_named_titled_and_rounded_as_the_page_shows_it() {
    let server = TestServer::start_with_default_data();
    let (_, years) = server.get("/api/years");
    let year = years
        .as_array()
        .and_then(|y| y.last())
        .and_then(Value::as_i64)
        .expect("a year");
    // The overview's table: the top of the data (the city) by default, the 15 lowest.
    let path = format!("/api/evaluations?year={year}&sort=lowest&limit=15");
    let (_, list) = server.get(&path);
    let name = format!("益阳市_{year}_评价列表_得分最低15项");
    for format in ["csv", "xlsx"] {
        let (_, disposition, bytes) = server.download(&format!("{path}&format={format}"));
        assert!(
            disposition.contains(&format!(
                "filename*=UTF-8''{}.{format}",
                fundlens_shared::query::percent_encode(&name)
            )),
            "{disposition}"
        );
        assert!(
            disposition.contains(&format!("filename=\"evaluations-{year}.{format}\"")),
            "an ASCII name too: {disposition}"
        );
        let records = if format == "csv" {
            csv_records(&bytes)
        } else {
            xlsx_records(bytes.clone())
        };
        assert_eq!(
            records[1][0],
            format!("益阳市{year}年评价列表（得分最低15项）"),
            "the title names what the file holds"
        );
        assert_eq!(
            records[2][..6],
            ["序号", "项目名称", "地区", "年度", "总分", "等级"],
            "the page's column names, no 编号"
        );
        assert!(
            records[2].contains(&"审核发现".to_owned()),
            "{:?}",
            records[2]
        );
        assert!(
            records[2].contains(&"全年预算数（万元）".to_owned()),
            "{:?}",
            records[2]
        );
        assert_eq!(records[3][0], "1");
        let totals = rounded(&list["items"], 2, |i| &i["total"]);
        assert_eq!(records[3][4], totals[0], "the total as the page shows it");
        if format == "csv" {
            let note = records.last().map(|r| r.join(",")).unwrap_or_default();
            assert!(
                note.contains("完整精度"),
                "the CSV says where every digit is: {note}"
            );
        } else {
            // Every digit on the second sheet, laid out as the first.
            let full = sheet_records(bytes.clone(), 1);
            let exact: f64 = list["items"][0]["total"].as_f64().expect("a total");
            assert_eq!(full[3][4], format!("{exact}"));
            // Each column as wide as its text: not one width for all.
            let mut package = zip::ZipArchive::new(Cursor::new(bytes)).expect("a package");
            let mut sheet = String::new();
            std::io::Read::read_to_string(
                &mut package.by_name("xl/worksheets/sheet1.xml").expect("sheet1"),
                &mut sheet,
            )
            .expect("readable");
            let widths: std::collections::BTreeSet<&str> = sheet
                .split("width=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            assert!(widths.len() > 2, "column widths: {widths:?}");
        }
    }
}
