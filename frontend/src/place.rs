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

/// Scrolls to `y` once the page is ready and tall enough; stops when the reader scrolls,
/// types or clicks first.
fn restore(y: f64, cancelled: Rc<Cell<bool>>) {
    let started = now();
    let handle: Rc<Cell<Option<IntervalHandle>>> = Rc::new(Cell::new(None));
    let own = Rc::clone(&handle);
    let tick = move || {
        let elapsed = now() - started;
        let stop = || {
            if let Some(h) = own.take() {
                h.clear();
            }
        };
        if cancelled.get() {
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
        if height - viewport >= y || elapsed >= GIVE_UP_MS {
            window.scroll_to_with_x_and_y(0.0, y);
            stop();
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
    let cancelled = Rc::new(Cell::new(false));
    for event in ["wheel", "touchstart", "keydown", "mousedown"] {
        let cancelled = Rc::clone(&cancelled);
        let _ = window_event_listener_untyped(event, move |_| cancelled.set(true));
    }
    let _ = window_event_listener_untyped("popstate", move |_| {
        if let Some(y) = saved().filter(|y| *y > 0.0) {
            cancelled.set(false);
            restore(y, Rc::clone(&cancelled));
        }
    });
}
