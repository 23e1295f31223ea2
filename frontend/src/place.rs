//! Keeps the leader's place: back (or forward) to a page lands at the scroll position it was
//! left at, once that page's data has loaded — the browser's own restoration runs before the
//! data arrives and lands on a page still too short. Positions are kept per address (path and
//! query, so the open row and filters are part of it) in the tab's session storage.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use web_sys::ScrollRestoration;

/// Session-storage key prefix of a saved position.
const KEY: &str = "fundlens.scroll:";
/// How often a restoration looks whether the page is ready.
const POLL: Duration = Duration::from_millis(50);
/// The router swaps the page after the history event: look at the page only after this long.
const SETTLE_MS: f64 = 100.0;
/// How long a restored position must hold before the restoration ends.
const HOLD_MS: f64 = 500.0;
/// A page still loading or still too short after this long gets as close as it can.
const GIVE_UP_MS: f64 = 8000.0;

/// The current address: path and query.
fn address() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

fn storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Saves where the page is scrolled to, under its address.
fn save() {
    if let Some(storage) = storage() {
        let y = window().scroll_y().unwrap_or(0.0).round();
        let _ = storage.set_item(&format!("{KEY}{}", address()), &y.to_string());
    }
}

/// The saved position of the current address.
fn saved() -> Option<f64> {
    storage()?
        .get_item(&format!("{KEY}{}", address()))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

/// Whether the routed page has shown its content and has no loading note left.
fn page_ready() -> bool {
    let document = document();
    let found = |css: &str| document.query_selector(css).ok().flatten().is_some();
    found("main section") && !found("main .status.loading")
}

/// Scrolls to `y` once the page is ready and tall enough; stops when `generation` moves on —
/// the reader scrolled, typed or clicked first, or went back again, so a newer restoration
/// owns the page.
fn restore(y: f64, generation: Rc<Cell<u64>>) {
    let mine = generation.get();
    let started = now();
    // When the position was last (re)applied: the router may still swap the page, or a part
    // may finish loading above, after the first scroll; the position is held until it has
    // stayed put for [`HOLD_MS`].
    let applied: Rc<Cell<Option<f64>>> = Rc::new(Cell::new(None));
    let handle: Rc<Cell<Option<IntervalHandle>>> = Rc::new(Cell::new(None));
    let own = Rc::clone(&handle);
    let tick = move || {
        let elapsed = now() - started;
        let stop = || {
            if let Some(h) = own.take() {
                h.clear();
            }
        };
        if generation.get() != mine {
            stop();
            return;
        }
        if elapsed < SETTLE_MS || (!page_ready() && elapsed < GIVE_UP_MS) {
            return;
        }
        let window = window();
        let viewport = window
            .inner_height()
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0);
        let height = document()
            .document_element()
            .map_or(0.0, |e| f64::from(e.scroll_height()));
        if elapsed >= GIVE_UP_MS {
            window.scroll_to_with_x_and_y(0.0, y);
            stop();
        } else if height - viewport >= y {
            let at = window.scroll_y().unwrap_or(0.0);
            if (at - y).abs() > 1.0 {
                window.scroll_to_with_x_and_y(0.0, y);
                applied.set(Some(now()));
            } else if applied.get().is_none_or(|then| now() - then >= HOLD_MS) {
                stop();
            }
        }
    };
    if let Ok(h) = set_interval_with_handle(tick, POLL) {
        handle.set(Some(h));
    }
}

/// Starts keeping places for the whole app. Call it before the router is made, so the position
/// is saved by a click before the router's own click handler navigates away.
pub(crate) fn keep_places() {
    if let Ok(history) = window().history() {
        let _ = history.set_scroll_restoration(ScrollRestoration::Manual);
    }
    // The listeners last as long as the app: dropping their handles does not remove them.
    // Anything that may navigate away saves the place first.
    for event in ["click", "keydown", "change"] {
        let _ = window_event_listener_untyped(event, |_| save());
    }
    // Each restoration belongs to one generation; the reader's own input or another step
    // through the history starts the next, which ends the ones before.
    let generation = Rc::new(Cell::new(0_u64));
    for event in ["wheel", "touchstart", "keydown", "mousedown"] {
        let generation = Rc::clone(&generation);
        let _ = window_event_listener_untyped(event, move |_| {
            generation.set(generation.get() + 1);
        });
    }
    let _ = window_event_listener_untyped("popstate", move |_| {
        generation.set(generation.get() + 1);
        if let Some(y) = saved().filter(|y| *y > 0.0) {
            restore(y, Rc::clone(&generation));
        }
    });
}
