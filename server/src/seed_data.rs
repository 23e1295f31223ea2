//! The data a new database starts with: every real record under `data/evaluations/` (and
//! observations under `data/observations/`, when present) plus, on request, the city-scale
//! sample, which is marked as sample on every record.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::ScoringPolicy;

use fundlens_sample::{self as sample, SampleSpec, Scale};
use fundlens_store::Change;
use fundlens_store::Store;

/// What was loaded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Loaded {
    /// Real evaluations.
    pub real: usize,
    /// Sample evaluations.
    pub sample: usize,
}

/// The JSON files of a folder, sorted by name.
///
/// # Errors
/// When the folder cannot be read.
pub fn json_files(folder: &Path) -> Result<Vec<PathBuf>> {
    if !folder.exists() {
        return Ok(Vec::new());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("cannot read {}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads evaluation files (each one record or a list).
///
/// # Errors
/// When a file cannot be read or holds an invalid record; the message names file and field.
pub fn read_evaluations(files: &[PathBuf]) -> Result<Vec<Evaluation>> {
    let mut all = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        let mut records =
            Evaluation::many_from_json(&text).map_err(|e| anyhow!("{}: {e}", file.display()))?;
        all.append(&mut records);
    }
    Ok(all)
}

/// Loads the real records of `data_dir` (and the sample when `with_sample`) into `store`.
///
/// # Errors
/// When a record is invalid or the store fails.
pub async fn load_default(
    store: &Store,
    data_dir: &Path,
    with_sample: bool,
    policy: &ScoringPolicy,
) -> Result<Loaded> {
    let folder = data_dir.join("evaluations");
    let real = read_evaluations(&json_files(&folder)?)?;
    let change = Change::system(format!("first start: {}", folder.display()));
    let summary = store
        .import_evaluations(real, policy, false, &change)
        .await
        .map_err(|e| anyhow!("loading {}: {e}", data_dir.display()))?;
    let sample = if with_sample {
        let spec = SampleSpec {
            scale: Scale::City,
            seed: sample::DEFAULT_SEED,
        };
        load_sample(store, &spec, policy, usize::MAX).await?
    } else {
        0
    };
    Ok(Loaded {
        real: summary.imported,
        sample,
    })
}

/// Generates the sample of `spec` into `store`: its regions, its observations (one
/// transaction), then its evaluations in transactions of about `batch` records. Returns the
/// number of evaluations imported.
///
/// The generator runs on a thread of its own, up to two chunks ahead of the store (the channel
/// bounds the memory), so generating and storing use both cores instead of taking turns. A
/// chunk holds at least `batch` records and ends where a region's records end (the generator
/// gives them region by region): a transaction's refresh of 结果应用 then reads each region-year
/// once, where a region split across two transactions had its years read in both.
///
/// # Errors
/// When the store refuses a batch (which then writes nothing) or fails.
pub async fn load_sample(
    store: &Store,
    spec: &SampleSpec,
    policy: &ScoringPolicy,
    batch: usize,
) -> Result<usize> {
    store.add_regions(sample::regions(spec)).await?;
    let change = Change::system(format!("sample {} seed {}", spec.scale, spec.seed));
    store
        .import_observations(sample::observations(spec), policy, &change)
        .await
        .map_err(|e| anyhow!("sample observations: {e}"))?;
    let (chunks, mut received) = tokio::sync::mpsc::channel::<Vec<Evaluation>>(2);
    let spec = *spec;
    let generator = tokio::task::spawn_blocking(move || {
        let mut evaluations = sample::evaluations(&spec).peekable();
        while evaluations.peek().is_some() {
            let mut chunk: Vec<Evaluation> = Vec::new();
            while let Some(evaluation) = evaluations.next_if(|next| {
                chunk.len() < batch.max(1) || chunk.last().is_some_and(|e| e.region == next.region)
            }) {
                chunk.push(evaluation);
            }
            if chunks.blocking_send(chunk).is_err() {
                // The store refused a chunk: nothing more is wanted.
                return;
            }
        }
    });
    let mut imported = 0;
    while let Some(chunk) = received.recv().await {
        imported += store
            .import_evaluations(chunk, policy, false, &change)
            .await
            .map_err(|e| anyhow!("sample evaluations: {e}"))?
            .imported;
    }
    generator
        .await
        .map_err(|e| anyhow!("sample generator: {e}"))?;
    Ok(imported)
}

/// What `fundlens serve` prints when it has built a new database: where the real records came
/// from (the folder, as an absolute path) and how many, and the sample; or, when the folder
/// does not exist (the command run outside the source checkout), that the database has no real
/// record and how to give it them.
pub fn first_start_report(real: i64, sample: i64, data_dir: &Path) -> String {
    let folder = data_dir.join("evaluations");
    let shown = std::path::absolute(&folder).unwrap_or_else(|_| folder.clone());
    let sample = if sample > 0 {
        format!("；示例数据 {sample} 条（页面上均标为“示例数据”）")
    } else {
        String::new()
    };
    if folder.is_dir() {
        format!(
            "新建数据库：真实记录 {real} 条，来自 {}{sample}。",
            shown.display()
        )
    } else {
        format!(
            "新建数据库：没有找到真实记录目录 {}，数据库中没有真实记录{sample}。\
             要载入随 FundLens 发布的真实记录，请在源码目录中运行，或用 --data 指定含 evaluations/ 的目录（先删除刚建的数据库）；\
             也可以用 `fundlens import 文件` 导入。",
            shown.display()
        )
    }
}

/// What `fundlens serve` prints about an existing database it serves: how many real and
/// sample evaluations it holds (real records come from imports into it).
pub fn holdings(database: &str, real: i64, sample: i64) -> String {
    format!(
        "使用已有数据库 {database}：真实记录 {real} 条，示例数据 {sample} 条；新的真实记录用 `fundlens import` 或页面上的导入加入。"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_says_where_the_real_records_came_from() {
        let checkout = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("data");
        let said = first_start_report(1, 693, &checkout);
        assert!(said.contains("真实记录 1 条，来自 /"), "{said}");
        assert!(said.contains("evaluations"), "{said}");
        assert!(said.contains("示例数据 693 条"), "{said}");
        let elsewhere = first_start_report(0, 693, Path::new("/nonexistent/data"));
        assert!(
            elsewhere.contains("没有找到真实记录目录 /nonexistent/data/evaluations"),
            "{elsewhere}"
        );
        assert!(elsewhere.contains("--data"), "{elsewhere}");
    }
}
