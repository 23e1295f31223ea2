//! `fundlens check`: reads one evaluation file, scores and audits it under the chosen policy
//! and benchmark figures, and prints the assessment as text or JSON. Exit code 0 when the file
//! is valid (findings or not), 1 when it cannot be read or is invalid.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use fundlens_shared::assessment::{Assessment, assess};
use fundlens_shared::format;
use fundlens_shared::metric::MetricCode;
use fundlens_shared::model::{Benchmark, Evaluation, Provenance};
use fundlens_shared::scoring::grade::graded_on_share;
use fundlens_shared::scoring::{BenchmarkValue, Benchmarks};
use fundlens_shared::target::BenchmarkScope;
use fundlens_shared::value::parse_decimal;
use serde::Serialize;

use super::OutputFormat;
use super::policy::{PolicyArgs, policy_from_args};

/// What `check` was asked to do.
#[derive(Debug)]
pub(super) struct CheckOptions {
    /// The evaluation file.
    pub file: PathBuf,
    /// Text or JSON.
    pub format: OutputFormat,
    /// Policy options.
    pub policy: PolicyArgs,
    /// `metric=value` benchmark figures.
    pub benchmarks: Vec<String>,
    /// A file of benchmark figures.
    pub benchmark_file: Option<PathBuf>,
}

/// The JSON `check` prints: the record's identity beside its assessment.
#[derive(Debug, Serialize)]
struct CheckReport<'a> {
    file: String,
    program: &'a str,
    region: &'a str,
    year: i32,
    sample: bool,
    provenance: &'a Provenance,
    #[serde(flatten)]
    assessment: &'a Assessment,
}

/// Runs `check`.
///
/// # Errors
/// When the file cannot be read, is not a valid evaluation, or an option is invalid.
pub(super) fn run(options: &CheckOptions) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&options.file)
        .with_context(|| format!("cannot read {}", options.file.display()))?;
    let evaluation = Evaluation::from_json(&text).map_err(|error| {
        anyhow!(
            "{} is not a valid evaluation: {error}",
            options.file.display()
        )
    })?;
    let policy = policy_from_args(&options.policy)?;
    let mut benchmarks = Benchmarks::from_record(&evaluation);
    for figure in &options.benchmarks {
        benchmarks.add(benchmark_from_argument(figure)?);
    }
    if let Some(path) = &options.benchmark_file {
        for figure in read_benchmark_file(path)? {
            benchmarks.add(figure);
        }
    }
    let assessment = assess(&evaluation, &policy, &benchmarks);
    match options.format {
        OutputFormat::Json => {
            let report = CheckReport {
                file: options.file.display().to_string(),
                program: &evaluation.program.name,
                region: &evaluation.region,
                year: evaluation.year.value(),
                sample: evaluation.provenance.is_sample(),
                provenance: &evaluation.provenance,
                assessment: &assessment,
            };
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        OutputFormat::Text => print!("{}", render_text(&evaluation, &assessment)),
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_scope(text: &str) -> Result<BenchmarkScope> {
    match text.trim() {
        "" | "province" | "全省" => Ok(BenchmarkScope::Province),
        "city" | "全市" => Ok(BenchmarkScope::City),
        "country" | "全国" => Ok(BenchmarkScope::Country),
        other => bail!("scope '{other}' is not province, city or country"),
    }
}

fn benchmark_value(metric: &str, value: &str, scope: &str, source: &str) -> Result<BenchmarkValue> {
    let metric = MetricCode::parse(metric).map_err(|e| anyhow!(e))?;
    Ok(BenchmarkValue {
        metric: metric.metric(),
        scope: parse_scope(scope)?,
        value: parse_decimal(value).map_err(|e| anyhow!("value: {e}"))?,
        source: source.to_owned(),
        sample: false,
    })
}

/// Parses `--benchmark [scope:]metric=value`.
fn benchmark_from_argument(argument: &str) -> Result<BenchmarkValue> {
    let (scope, figure) = argument.split_once(':').unwrap_or(("province", argument));
    let (metric, value) = figure
        .split_once('=')
        .ok_or_else(|| anyhow!("--benchmark '{argument}' is not of the form metric=value"))?;
    benchmark_value(metric, value, scope, "命令行 --benchmark")
        .with_context(|| format!("--benchmark '{argument}'"))
}

/// Reads a JSON list of benchmarks or a CSV `metric,value[,scope][,source]`.
fn read_benchmark_file(path: &PathBuf) -> Result<Vec<BenchmarkValue>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let source = format!("文件 {}", path.display());
    if text.trim_start().starts_with('[') {
        let figures: Vec<Benchmark> = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a JSON list of benchmarks", path.display()))?;
        return Ok(figures
            .into_iter()
            .map(|figure| BenchmarkValue {
                metric: figure.metric.metric(),
                scope: figure.scope,
                value: figure.value,
                source: figure.source.unwrap_or_else(|| source.clone()),
                sample: false,
            })
            .collect());
    }
    read_benchmark_csv(&text, &source).with_context(|| format!("{}", path.display()))
}

/// Reads a benchmark CSV (`metric,value[,scope][,source]` in any column order).
fn read_benchmark_csv(text: &str, default_source: &str) -> Result<Vec<BenchmarkValue>> {
    fundlens_documents::records::benchmark_rows(text)
        .map_err(|e| anyhow!(e))?
        .into_iter()
        .map(|row| {
            let source = if row.source.is_empty() {
                default_source
            } else {
                &row.source
            };
            benchmark_value(&row.metric, &row.value, &row.scope, source)
                .with_context(|| format!("metric {}", row.metric))
        })
        .collect()
}

/// The readable report (Chinese labels, as users read it).
fn render_text(evaluation: &Evaluation, assessment: &Assessment) -> String {
    let mut out = String::new();
    let sample = if evaluation.provenance.is_sample() {
        "【示例数据】"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{sample}{} · {} · {}年",
        evaluation.program.name, evaluation.region, evaluation.year
    );
    let _ = writeln!(out, "评分规则：{}", assessment.policy);
    let execution = &assessment.execution;
    let _ = writeln!(
        out,
        "\n预算执行率：{}（填报 {}）  得分 {}（填报 {}）\n  {}",
        assessment
            .execution_rate
            .map_or("无法计算".to_owned(), format::percent),
        execution
            .declared_rate
            .map_or("—".to_owned(), format::percent),
        format::score(execution.score),
        execution
            .declared_score
            .map_or("—".to_owned(), format::score),
        execution.explanation.formula
    );
    let _ = writeln!(out, "\n指标（填报 / 计算）：");
    for row in &assessment.indicators {
        let _ = writeln!(
            out,
            "  {:>2}. {} / {} / {}  指标值 {}  完成值 {}  分值 {}  填报 {}  计算 {}",
            row.index + 1,
            row.level1,
            row.level2,
            row.name,
            row.target,
            row.actual,
            format::score(row.weight),
            row.declared_score.map_or("—".to_owned(), format::score),
            row.computed_score
                .map_or("无法计算".to_owned(), format::score)
        );
        let formula = if row.explanation.formula.is_empty() {
            &row.explanation.result
        } else {
            &row.explanation.formula
        };
        let _ = writeln!(out, "      {}：{}", row.explanation.rule_text, formula);
    }
    let _ = writeln!(out, "\n分类得分（分值 / 填报 / 计入）：");
    for category in &assessment.categories {
        let _ = writeln!(
            out,
            "  {}  {} / {} / {}",
            category.name,
            format::score(category.weight),
            format::score(category.declared_score),
            format::score(category.score)
        );
    }
    let _ = writeln!(
        out,
        "\n总分 {}  等级 {}{}  （填报总分 {}，填报等级 {}）",
        format::score(assessment.total),
        fundlens_shared::value::Grade::label_of(assessment.grade),
        if assessment.complete {
            ""
        } else {
            "  〔部分得分无法核实，按填报计入〕"
        },
        assessment
            .declared_total
            .map_or("—".to_owned(), format::score),
        assessment
            .declared_grade
            .map_or("—".to_owned(), |g| g.to_string())
    );
    if graded_on_share(assessment.scale) {
        let _ = writeln!(out, "  {}", assessment.grade_explanation);
    }
    let _ = writeln!(
        out,
        "子项目合计 {}",
        format::money(assessment.allocation_sum)
    );
    let _ = writeln!(out, "\n审核发现（{} 条）：", assessment.findings.len());
    for finding in &assessment.findings {
        let _ = writeln!(
            out,
            "  [{:?}] {}: {}",
            finding.severity,
            serde_json::to_value(finding.code)
                .map(|v| v.as_str().unwrap_or_default().to_owned())
                .unwrap_or_default(),
            finding.message
        );
    }
    out
}
