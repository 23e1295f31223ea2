//! Every page at a desktop (1440 × 900), a tablet (1024 × 768) and a phone (390 × 844): the
//! page never scrolls sideways, no two chart labels overlap, tables keep their first column in
//! view, and a screenshot of each is kept under `$CARGO_TARGET_DIR/screenshots/screens/`.

use std::path::PathBuf;

use fundlens_shared::api::{EvaluationList, IndicatorCatalogue};
use fundlens_tests::workspace_root;
use serde_json::Value;

use crate::support::{Browser, encode};

/// Desktop, tablet, phone.
const SIZES: [(u32, u32); 3] = [(1440, 900), (1024, 768), (390, 844)];

/// Pairs of visible `<text>`s of one chart whose boxes intersect. A box is the text's `getBBox`
/// width (turned with the text when it reads bottom to top) and one em high around its middle
/// (a font's box adds line gap above and below that no glyph fills).
const COLLISIONS: &str = r#"
const found = [];
for (const svg of document.querySelectorAll('svg.fundlens-chart')) {
  if (!svg.getClientRects().length) continue;
  const boxes = [];
  for (const text of svg.querySelectorAll('text')) {
    if (text.hasAttribute('stroke') || !text.textContent.trim()) continue;
    const b = text.getBBox();
    const em = parseFloat(text.getAttribute('font-size'));
    const middle = b.y + b.height / 2;
    let box = [b.x, middle - em / 2, b.x + b.width, middle + em / 2];
    const turn = /rotate\(270,\s*([-\d.]+),\s*([-\d.]+)\)/.exec(text.getAttribute('transform') || '');
    if (turn) {
      const [cx, cy] = [parseFloat(turn[1]), parseFloat(turn[2])];
      const [x0, y0, x1, y1] = box;
      box = [cx + (y0 - cy), cy - (x1 - cx), cx + (y1 - cy), cy - (x0 - cx)];
    }
    boxes.push([box, text.textContent.trim()]);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i][0], boxes[j][0]];
      const across = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      const down = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (across > 0.5 && down > 0.5) found.push(boxes[i][1] + ' × ' + boxes[j][1]);
    }
  }
}
return found;
"#;

/// The page's scroll width, the viewport's width, and the outermost elements reaching past the
/// viewport's right edge (to say what to fix).
const OVERFLOW: &str = r#"
const inner = window.innerWidth;
const past = [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > inner + 0.5)
  .filter(e => !(e.parentElement && e.parentElement.getBoundingClientRect().right > inner + 0.5))
  .slice(0, 5)
  .map(e => e.parentElement.tagName.toLowerCase() + '.' + [...e.parentElement.classList].join('.') + ' > '
    + e.tagName.toLowerCase() + '.' + [...e.classList].join('.') + ' ' + Math.round(e.getBoundingClientRect().right));
return [document.documentElement.scrollWidth, inner, past.join(', ')];
"#;

/// Where the screenshots go: the target directory the tests were built in.
fn screenshots() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| workspace_root().join("target"), PathBuf::from)
        .join("screenshots")
        .join("screens")
}

#[tokio::test]
async fn every_page_fits_every_screen_without_colliding_labels() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let list: EvaluationList = browser.api("/api/evaluations?limit=1").await;
    let id = list
        .items
        .first()
        .expect("the default data has evaluations")
        .id;
    let catalogue: IndicatorCatalogue = browser.api("/api/indicators?limit=200").await;
    let names: Vec<String> = catalogue.items.into_iter().map(|item| item.name).collect();
    let name = names.first().expect("the default data has indicators");
    let pages = [
        ("overview", "/".to_owned()),
        ("compare-years", "/compare-years".to_owned()),
        ("districts", "/districts".to_owned()),
        ("evaluations", "/evaluations".to_owned()),
        ("evaluation", format!("/evaluations/{id}")),
        ("history", format!("/history?name={}", encode(name))),
        ("login", "/login".to_owned()),
    ];
    let folder = screenshots();
    for size in SIZES {
        browser.resize(size).await;
        for (page, path) in &pages {
            browser.open(path).await;
            browser.wait_loaded().await;
            let what = format!("{page} at {}×{}", size.0, size.1);
            let widths = browser.js(OVERFLOW, vec![]).await;
            let (scroll, inner) = (widths[0].as_u64(), widths[1].as_u64());
            assert!(
                scroll <= inner,
                "{what} scrolls sideways: {scroll:?} > {inner:?}, past the edge: {}",
                widths[2]
            );
            let collisions = browser.js(COLLISIONS, vec![]).await;
            assert_eq!(
                collisions,
                Value::Array(Vec::new()),
                "{what}: chart labels overlap"
            );
            browser
                .screenshot_at(&folder, &format!("{page}-{}-fold", size.0), size, false)
                .await;
            browser
                .screenshot_at(&folder, &format!("{page}-{}", size.0), size, true)
                .await;
        }
    }
    browser.close().await;
}

#[tokio::test]
async fn the_overview_shows_the_kpis_and_the_weakest_funds_above_the_fold() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.resize((1440, 900)).await;
    browser.open("/").await;
    // The cards and the table's first row, drawn once their answers arrive.
    browser.text_of(".kpis .kpi").await;
    browser.text_of(".lowest-funds tbody tr").await;
    browser.wait_loaded().await;
    let bottoms = browser
        .js(
            "const kpis = document.querySelector('.kpis').getBoundingClientRect(); \
             const row = document.querySelector('.lowest-funds tbody tr').getBoundingClientRect(); \
             return [kpis.bottom, row.bottom, window.innerHeight];",
            vec![],
        )
        .await;
    let at = |index: usize| bottoms[index].as_f64().expect("a number");
    assert!(
        at(0) <= at(2),
        "the KPI cards end above the fold: {bottoms}"
    );
    assert!(
        at(1) <= at(2),
        "the first fund of the lowest-scoring table is above the fold: {bottoms}"
    );
    browser.close().await;
}
