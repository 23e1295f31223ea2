//! `--database URL`: the same sample on SQLite and on PostgreSQL in one run, side by side —
//! import throughput into each (scoring, audit, rollups, versions included; PostgreSQL's through
//! binary COPY), and every dashboard endpoint's median and p99 at 1 and 32 connections on a
//! `fundlens serve` over each. PostgreSQL's database is a new one on the server `URL` names
//! (`fundlens_bench_<pid>`), dropped at the end.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use fundlens_sample::SampleSpec;
use fundlens_server::seed_data::load_sample;
use fundlens_shared::scoring::ScoringPolicy;
use fundlens_store::Store;

use crate::endpoints::{self, wait};
use crate::load::{self, EndpointFigures};

/// One backend's figures.
#[derive(Debug)]
pub(crate) struct Backend {
    pub(crate) evaluations: usize,
    pub(crate) import_seconds: Option<f64>,
    pub(crate) endpoints: Vec<EndpointFigures>,
}

/// Both backends' figures.
#[derive(Debug)]
pub(crate) struct Comparison {
    pub(crate) scale: fundlens_sample::Scale,
    pub(crate) sqlite: Backend,
    pub(crate) postgres: Backend,
    pub(crate) postgres_version: String,
    pub(crate) machine: String,
    pub(crate) date: String,
    pub(crate) load: String,
}

fn import_into(store: &Store, spec: &SampleSpec) -> Result<(usize, f64)> {
    let started = Instant::now();
    let evaluations = wait(load_sample(store, spec, &ScoringPolicy::national(), 2000))?;
    let seconds = started.elapsed().as_secs_f64();
    // As after `fundlens sample`: the briefings are written before the server is measured,
    // not by its filler beside the measurement.
    crate::write_briefings(store)?;
    Ok((evaluations, seconds))
}

async fn admin(server: &str) -> Result<tokio_postgres::Client> {
    let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
        .await
        .with_context(|| format!("cannot reach {server}"))?;
    tokio::spawn(connection);
    Ok(client)
}

/// Runs the comparison: `sqlite` holds the sample already (`imported`: how long it took, when
/// this run built it).
pub(crate) fn compare(
    server_binary: &Path,
    sqlite_db: &Path,
    sqlite: &Store,
    imported: Option<(usize, f64)>,
    database: &str,
    spec: &SampleSpec,
    requests: usize,
) -> Result<Comparison> {
    let name = format!("fundlens_bench_{}", std::process::id());
    let url = fundlens_store::postgres::url_with_database(database, &name);
    let version = wait(async {
        let client = admin(database).await?;
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
            .await?;
        client
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .await?;
        let version: String = client.query_one("SHOW server_version", &[]).await?.get(0);
        Ok::<_, anyhow::Error>(version)
    })?;
    let outcome = (|| -> Result<Comparison> {
        let postgres = wait(Store::open_postgres(&url, None))?;
        println!("importing the {} sample into PostgreSQL…", spec.scale);
        let (evaluations, seconds) = import_into(&postgres, spec)?;
        println!("imported {evaluations} evaluations into PostgreSQL in {seconds:.1} s");
        let queries = endpoints::dashboard(sqlite, spec.scale)?
            .into_iter()
            .chain(endpoints::whole_data(sqlite)?)
            .collect::<Vec<_>>();
        let measure = |arguments: &[&str], store: &Store| -> Result<Vec<EndpointFigures>> {
            let (mut child, base) = crate::start_server_with(server_binary, arguments)?;
            let mut rows = Vec::new();
            let measured = (|| -> Result<()> {
                for query in &queries {
                    println!("measuring {} …", query.name);
                    // The backends side by side on the same URLs (the cold mix is the main
                    // report's).
                    rows.push(load::measure(&base, query, &[], store, requests)?);
                }
                Ok(())
            })();
            let _ = child.kill();
            let _ = child.wait();
            measured.map(|()| rows)
        };
        let db = sqlite_db.to_string_lossy().into_owned();
        let on_sqlite = measure(&["--db", &db], sqlite)?;
        let on_postgres = measure(&["--database", &url], &postgres)?;
        Ok(Comparison {
            scale: spec.scale,
            sqlite: Backend {
                evaluations: usize::try_from(wait(sqlite.health())?.evaluations)?,
                import_seconds: imported.map(|(_, s)| s),
                endpoints: on_sqlite,
            },
            postgres: Backend {
                evaluations,
                import_seconds: Some(seconds),
                endpoints: on_postgres,
            },
            postgres_version: version.clone(),
            machine: crate::report::machine(),
            date: crate::report::today(),
            load: std::fs::read_to_string("/proc/loadavg").unwrap_or_default(),
        })
    })();
    let _ = wait(async {
        let client = admin(database).await?;
        client
            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await?;
        Ok::<_, anyhow::Error>(())
    });
    outcome
}

/// The side-by-side section of `BENCHMARKS.md`.
pub(crate) fn markdown(comparison: &Comparison) -> String {
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str("\n## SQLite and PostgreSQL side by side\n\n");
    out.push_str(&format!(
        "Measured by `cargo xtask bench --database URL` on {} — {}; PostgreSQL {} on the same \
         machine through a Unix socket (a throwaway cluster: fsync off). One run, both backends \
         one after the other; load average at the end: {}. The {} sample on each.\n\n",
        comparison.date,
        comparison.machine,
        comparison.postgres_version,
        comparison
            .load
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" "),
        comparison.scale
    ));
    out.push_str("| import (scored, audited, rollups and versions kept) | SQLite | PostgreSQL |\n|---|---|---|\n");
    let rate = |backend: &Backend| match backend.import_seconds {
        Some(seconds) if seconds > 0.0 => format!(
            "{} evaluations in {seconds:.1} s = {:.0} /s",
            backend.evaluations,
            backend.evaluations as f64 / seconds
        ),
        _ => format!("{} evaluations (reused, not measured)", backend.evaluations),
    };
    out.push_str(&format!(
        "| the sample through `load_sample` (batches of 2,000) | {} | {} |\n\n",
        rate(&comparison.sqlite),
        rate(&comparison.postgres)
    ));
    out.push_str(
        "Every dashboard endpoint over real HTTP (ms): median and p99 with 1 client and with 32 \
         connections, on `fundlens serve --db FILE` and on `fundlens serve --database URL`. \
         Ratio = PostgreSQL's 1-client median ÷ SQLite's; the goal is ≤ 2×.\n\n",
    );
    out.push_str("| endpoint | SQLite 1 client median / p99 | PostgreSQL 1 client median / p99 | SQLite 32 median / p99 | PostgreSQL 32 median / p99 | ratio |\n|---|---|---|---|---|---|\n");
    for (s, p) in comparison
        .sqlite
        .endpoints
        .iter()
        .zip(&comparison.postgres.endpoints)
    {
        let ratio = p.one_client.median_ms / s.one_client.median_ms.max(0.001);
        out.push_str(&format!(
            "| {} | {:.2} / {:.2} | {:.2} / {:.2} | {:.1} / {:.1} | {:.1} / {:.1} | {:.2}×{} |\n",
            s.name,
            s.one_client.median_ms,
            s.one_client.p99_ms,
            p.one_client.median_ms,
            p.one_client.p99_ms,
            s.many_clients.median_ms,
            s.many_clients.p99_ms,
            p.many_clients.median_ms,
            p.many_clients.p99_ms,
            ratio,
            if ratio > 2.0 { " ✗" } else { "" }
        ));
    }
    out.push('\n');
    out.push_str(END);
    out.push('\n');
    out
}

/// The markers around the section, so a later run replaces it and leaves the rest.
pub(crate) const BEGIN: &str = "<!-- backends: written by cargo xtask bench --database -->";
pub(crate) const END: &str = "<!-- /backends -->";

/// The side-by-side section of `report` with its markers, when it has one.
pub(crate) fn section_of(report: &str) -> Option<&str> {
    match (report.find(BEGIN), report.find(END)) {
        (Some(begin), Some(end)) if end > begin => Some(&report[begin..end + END.len()]),
        _ => None,
    }
}

/// `report` with its side-by-side section replaced by (or, without one, followed by) `section`.
pub(crate) fn splice(report: &str, section: &str) -> String {
    match (report.find(BEGIN), report.find(END)) {
        (Some(begin), Some(end)) if end > begin => format!(
            "{}{}{}",
            &report[..begin],
            section.trim_end(),
            &report[end + END.len()..]
        ),
        _ => format!("{}\n{section}", report.trim_end()),
    }
}
