//! Region briefings computed at write time: a region's briefing gathers a dozen questions
//! (5-20 ms of CPU for a city or the province), so the store keeps each one computed
//! (`fundlens_store::sqlite::briefings`: forgotten in the transaction of every write that may
//! change it) and a first answer is one row read. After a write — an import, `fundlens sample`,
//! and on a running server whenever the data generation moves, whoever wrote — the briefings
//! that are missing are computed again ([`fill`]), latest year first, so the overview a
//! leader opens next is already written.
//!
//! Only the briefing of a whole region (no program) is kept; a program's is computed when
//! asked, as before. A briefing is kept only when no write landed while it was computed (the
//! store checks the generation it was computed from), so a kept text is never older than the
//! data it describes.

use std::time::Duration;

use fundlens_shared::api::Briefing;
use fundlens_shared::query::Source;
use fundlens_store::{BriefingKey, StorageError, Store};
use futures::{StreamExt, TryStreamExt};

use super::region_briefing;

/// The wording of the kept briefings. A kept briefing is answered only by a server of the same
/// edition, so a server whose sentences differ (an upgrade) computes its own instead of
/// answering the old text. The test `the_edition_names_the_wording` fails when what a briefing
/// says changes and this does not.
pub const EDITION: &str = "2026-12-08";

/// How often a running server looks for a new data generation to fill briefings for.
const LOOK_EVERY: Duration = Duration::from_secs(1);

/// The briefing of `year` for `region` (and, when given, one `program`) of the records of
/// `source`: the kept one when it is kept, else computed — and then kept for the next asker,
/// in the background, so the answer does not wait for the store's writer.
///
/// # Errors
/// When the store fails.
pub async fn briefing(
    store: &Store,
    year: i32,
    region: Option<&str>,
    program: Option<&str>,
    source: Source,
) -> Result<Briefing, StorageError> {
    if program.is_some() {
        return region_briefing(store, year, region, program, source).await;
    }
    let key = BriefingKey {
        year,
        region: region.map(str::to_owned),
        source,
    };
    if let Some(kept) = store.kept_briefing(&key, EDITION).await? {
        // A row that does not read (written by hand, say) is computed again and replaced.
        if let Ok(briefing) = serde_json::from_str(&kept) {
            return Ok(briefing);
        }
    }
    let (generation, briefing) = compute(store, &key).await?;
    let store = store.clone();
    let body = text_of(&briefing);
    tokio::spawn(async move {
        if let Err(error) = store.keep_briefing(&key, EDITION, generation, body).await {
            tracing::warn!(%error, year = key.year, region = ?key.region, "a briefing was not kept");
        }
    });
    Ok(briefing)
}

/// The briefing of `key` and the generation of the data it was computed from (read before:
/// a write during the computation moves it, and the briefing is then not kept).
async fn compute(store: &Store, key: &BriefingKey) -> Result<(i64, Briefing), StorageError> {
    let generation = store.generation().await?;
    let briefing =
        region_briefing(store, key.year, key.region.as_deref(), None, key.source).await?;
    Ok((generation, briefing))
}

fn text_of(briefing: &Briefing) -> String {
    serde_json::to_string(briefing).unwrap_or_else(|_| unreachable!("a briefing is plain data"))
}

/// What [`fill`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filled {
    /// Briefings that were missing.
    pub missing: usize,
    /// Of those, computed and kept (the rest were overtaken by a write and wait for the next
    /// fill).
    pub kept: usize,
}

/// Computes and keeps every briefing worth keeping that is missing (every region with
/// evaluations in a year, the regions above it and the top of the data, of all records),
/// `parallel` at a time, latest year first. Stops early once a write overtakes it: the
/// next fill starts from that write.
///
/// # Errors
/// When the store fails.
pub async fn fill(store: &Store, parallel: usize) -> Result<Filled, StorageError> {
    let missing = store.briefings_missing(Source::All, EDITION).await?;
    let mut filled = Filled {
        missing: missing.len(),
        kept: 0,
    };
    let mut kept = futures::stream::iter(missing)
        .map(|key| async move {
            let (generation, briefing) = compute(store, &key).await?;
            store
                .keep_briefing(&key, EDITION, generation, text_of(&briefing))
                .await
        })
        .buffered(parallel.max(1));
    while let Some(was_kept) = kept.try_next().await? {
        if !was_kept {
            break;
        }
        filled.kept += 1;
    }
    Ok(filled)
}

/// Runs for as long as the server does: fills the missing briefings at start-up and again
/// whenever the data generation moves (a write on this server, another, or `fundlens import`
/// beside it), one at a time, so requests keep the other core; with the store's fill turn, so
/// of several servers on one PostgreSQL one fills while the others wait.
pub async fn keep_filled(store: Store) {
    let mut filled_for = None;
    loop {
        match store.generation().await {
            Ok(generation) if filled_for != Some(generation) => {
                if fill_in_turn(&store).await {
                    filled_for = Some(generation);
                }
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "the data generation could not be read"),
        }
        tokio::time::sleep(LOOK_EVERY).await;
    }
}

/// One fill, one at a time, when this server has the fill turn (another server on the same
/// PostgreSQL may be filling them); whether nothing was left missing.
async fn fill_in_turn(store: &Store) -> bool {
    let turn = match store.briefing_fill_turn().await {
        Ok(Some(turn)) => turn,
        Ok(None) => return false,
        Err(error) => {
            tracing::warn!(%error, "briefings were not filled");
            return false;
        }
    };
    let started = std::time::Instant::now();
    let outcome = fill(store, 1).await;
    drop(turn);
    match outcome {
        Ok(filled) => {
            if filled.kept > 0 {
                tracing::info!(
                    kept = filled.kept,
                    missing = filled.missing,
                    seconds = started.elapsed().as_secs_f64(),
                    "region briefings written"
                );
            }
            filled.kept == filled.missing
        }
        Err(error) => {
            tracing::warn!(%error, "briefings were not filled");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use fundlens_sample::{SampleSpec, Scale};
    use fundlens_shared::scoring::ScoringPolicy;
    use sha2::{Digest, Sha256};

    use super::*;

    /// Each edition with the SHA-256 of the city sample's kept briefings in its wording (every
    /// briefing worth keeping, in the order [`Store::briefings_missing`] lists them). A change
    /// of what briefings say gets a new edition and a new line here; a line is never edited.
    const WORDINGS: &[(&str, &str)] = &[(
        "2026-12-08",
        "0a71109fe55e1ab11b0904c08b813e5c9588967cad61f02739f1c2fefd0f6e23",
    )];

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_edition_names_the_wording() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open_sqlite(&dir.path().join("kept.sqlite")).expect("store");
        let spec = SampleSpec {
            scale: Scale::City,
            seed: 1,
        };
        crate::seed_data::load_sample(&store, &spec, &ScoringPolicy::national(), 2_000)
            .await
            .expect("the city sample");
        let keys = store
            .briefings_missing(Source::All, EDITION)
            .await
            .expect("missing");
        assert!(keys.len() > 30, "{} briefings", keys.len());
        let filled = fill(&store, 2).await.expect("filled");
        assert_eq!(filled.kept, keys.len());
        assert!(
            store
                .briefings_missing(Source::All, EDITION)
                .await
                .expect("missing")
                .is_empty()
        );
        let mut digest = Sha256::new();
        for key in &keys {
            let kept = store
                .kept_briefing(key, EDITION)
                .await
                .expect("read")
                .expect("kept");
            digest.update(kept.as_bytes());
            digest.update(b"\n");
        }
        let fingerprint = format!("{:x}", digest.finalize());
        let Some((edition, _)) = WORDINGS.iter().find(|(_, known)| *known == fingerprint) else {
            panic!(
                "what the briefings say has changed (fingerprint {fingerprint}): give EDITION a \
                 new value and add (EDITION, fingerprint) to WORDINGS, so servers of the new \
                 wording do not answer the kept texts of the old"
            );
        };
        assert_eq!(
            *edition, EDITION,
            "this wording is edition {edition}'s: EDITION must say so"
        );
        for (index, (edition, _)) in WORDINGS.iter().enumerate() {
            assert!(
                WORDINGS[..index].iter().all(|(other, _)| other != edition),
                "edition {edition} names two wordings: a new wording needs a new edition"
            );
        }
    }
}
