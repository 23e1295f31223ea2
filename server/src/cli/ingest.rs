//! `fundlens ingest` (documents into canonical records and their sources, for review on disk),
//! `fundlens export` (a stored evaluation as a 自评表 workbook), and the documents `fundlens
//! import` takes directly when every required field of every form was read.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use fundlens_shared::draft::DraftContent;
use fundlens_shared::model::Evaluation;
use serde_json::json;

use fundlens_documents::{self as documents, review};
use fundlens_store::Store;

use super::queue::{QueueRow, queue_table};

/// True for a file `import` and `ingest` read as a document.
pub(super) fn is_document(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["xlsx", "xls", "docx", "txt", "html", "htm", "pdf"]
            .contains(&e.to_ascii_lowercase().as_str())
    })
}

fn read_document(path: &Path, regions: &[String]) -> Result<Vec<DraftContent>> {
    let bytes = std::fs::read(path).with_context(|| format!("无法读取 {}", path.display()))?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    documents::read(&bytes, &name, &path.display().to_string(), regions)
        .map_err(|error| anyhow!("{}：{error}", path.display()))
}

fn catalogue_regions() -> Vec<String> {
    fundlens_shared::region::REGIONS
        .iter()
        .map(|region| region.name.to_owned())
        .collect()
}

/// The files `ingest` reads from `paths`: a folder's documents and .zip files (every level
/// below it, in name order), a file as given.
fn inputs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside = Vec::new();
            collect(path, &mut inside);
            inside.sort();
            found.extend(inside);
        } else {
            found.push(path.clone());
        }
    }
    found
}

fn collect(folder: &Path, into: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        into.push(folder.to_path_buf());
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let zip = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("zip"));
        if path.is_dir() {
            collect(&path, into);
        } else if is_document(&path) || zip {
            into.push(path);
        }
    }
}

/// Runs `ingest`: one `<name>.json` and `<name>.sources.json` per form found in each file (a
/// folder's documents and the files of a .zip among them), then the queue of every form as a
/// table (file, form, region, year, rows read, 待核对, state).
///
/// # Errors
/// When the output folder cannot be written. A file that cannot be read is reported and makes
/// the exit code 1; the other files are still read.
pub(super) fn ingest(paths: &[PathBuf], out: &Path) -> Result<ExitCode> {
    std::fs::create_dir_all(out).with_context(|| format!("无法创建 {}", out.display()))?;
    let regions = catalogue_regions();
    let mut failed = false;
    let mut queue = Vec::new();
    for path in inputs(paths) {
        let files = match std::fs::read(&path)
            .map_err(|e| anyhow!("无法读取 {}：{e}", path.display()))
            .and_then(|bytes| {
                documents::batch::expand(&path.display().to_string(), bytes)
                    .map_err(|error| anyhow!("{}：{error}", path.display()))
            }) {
            Ok(files) => files,
            Err(error) => {
                eprintln!("{error:#}");
                queue.push(QueueRow::unreadable(&path.display().to_string(), &error));
                failed = true;
                continue;
            }
        };
        for file in files {
            let file = match file {
                Ok(file) => file,
                Err((name, error)) => {
                    eprintln!("{name}：{error}");
                    queue.push(QueueRow::unreadable(&name, &error));
                    failed = true;
                    continue;
                }
            };
            let name = Path::new(&file.name)
                .file_name()
                .map_or_else(|| file.name.clone(), |n| n.to_string_lossy().into_owned());
            match documents::read(&file.bytes, &name, &file.name, &regions) {
                Ok(drafts) => {
                    write_drafts(Path::new(&file.name), &drafts, out)?;
                    queue.extend(drafts.iter().map(|d| QueueRow::of(&file.name, d)));
                }
                Err(error) => {
                    eprintln!("{}：{error}", file.name);
                    queue.push(QueueRow::unreadable(&file.name, &error));
                    failed = true;
                }
            }
        }
    }
    println!();
    print!("{}", queue_table(&queue));
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Writes each form's record and sources into `out` and prints what was read of it.
fn write_drafts(file: &Path, drafts: &[DraftContent], out: &Path) -> Result<()> {
    let stem = file.file_stem().map_or_else(
        || "document".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    println!("{}：找到 {} 张自评表", file.display(), drafts.len());
    for draft in drafts {
        let name = if drafts.len() == 1 {
            stem.clone()
        } else {
            format!("{stem}-{}", draft.form)
        };
        let record_path = out.join(format!("{name}.json"));
        let sources_path = out.join(format!("{name}.sources.json"));
        std::fs::write(&record_path, serde_json::to_string_pretty(&draft.record)?)
            .with_context(|| format!("无法写入 {}", record_path.display()))?;
        let sources = json!({
            "form": draft.form,
            "sources": draft.sources,
            "missing": draft.missing,
            "unplaced": draft.unplaced,
        });
        std::fs::write(&sources_path, serde_json::to_string_pretty(&sources)?)
            .with_context(|| format!("无法写入 {}", sources_path.display()))?;
        println!(
            "  {}（{}）：{} → {}",
            draft.form,
            describe(draft),
            summary(draft),
            record_path.display()
        );
        for missing in &draft.missing {
            println!(
                "    未读到{}：{}（{}）",
                if missing.required { "（必填）" } else { "" },
                missing.label,
                missing.field
            );
        }
        let uncertain = draft.uncertain().count();
        if uncertain > 0 {
            println!("    需核对 {uncertain} 处，见 {}", sources_path.display());
        }
        match review::record_of(draft) {
            Ok(_) => println!("    是有效的记录，可用 fundlens check / import"),
            Err(problem) => println!("    尚不是有效的记录：{problem}"),
        }
    }
    Ok(())
}

/// One line on a form: rows read, rows 待核对, parts placed nowhere.
fn summary(draft: &DraftContent) -> String {
    let rows = draft
        .record
        .get("indicators")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    format!(
        "读到指标 {rows} 行，待核对 {} 行，未归入 {} 处",
        draft.rows_to_check().len(),
        draft.unplaced.len()
    )
}

fn describe(draft: &DraftContent) -> String {
    let facts = review::facts(draft);
    format!(
        "{} / {} / {}",
        facts.program.as_deref().unwrap_or("项目名称未读到"),
        facts.region.as_deref().unwrap_or("地区未读到"),
        facts
            .year
            .map_or("年度未读到".to_owned(), |y| format!("{y}年"))
    )
}

/// The records of the documents `import` was given: every form of every file, each read
/// whole, or an error naming every file and field that was not.
///
/// # Errors
/// When a document cannot be read or a form lacks a required field; nothing is imported then.
pub(super) async fn records_of_documents(
    files: &[&PathBuf],
    store: &Store,
) -> Result<Vec<Evaluation>> {
    if files.is_empty() {
        return Ok(Vec::new());
    }
    let regions: Vec<String> = store.regions().await?.into_iter().map(|r| r.name).collect();
    let mut records = Vec::new();
    let mut problems = Vec::new();
    for file in files {
        for draft in read_document(file, &regions)? {
            match review::record_of(&draft) {
                Ok(record) => records.push(record),
                Err(problem) => {
                    problems.push(format!("  {}（{}）：{problem}", file.display(), draft.form))
                }
            }
        }
    }
    if !problems.is_empty() {
        bail!(
            "未导入任何记录：以下自评表缺少必填项或有无法读出的单元格（可用 fundlens ingest 查看并更正）\n{}",
            problems.join("\n")
        );
    }
    Ok(records)
}

/// Runs `export`.
///
/// # Errors
/// When the database or the evaluation is missing, or the file cannot be written.
pub(super) async fn export(
    id: i64,
    db: &super::database::DatabaseArgs,
    out: &Path,
) -> Result<ExitCode> {
    let store = db.open_existing().await?;
    let detail = store
        .evaluation(id)
        .await?
        .ok_or_else(|| anyhow!("没有编号为 {id} 的评价"))?;
    let bytes = documents::write::workbook::workbook(&detail.record, &detail.assessment)?;
    std::fs::write(out, bytes).with_context(|| format!("无法写入 {}", out.display()))?;
    println!(
        "已导出 {} / {} / {}年{} 到 {}",
        detail.record.program.name,
        detail.record.region,
        detail.record.year,
        if detail.sample {
            "（示例数据）"
        } else {
            ""
        },
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
