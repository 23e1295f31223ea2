//! In a leader's and a clerk's hands (issue 24), at a desktop (1440), a tablet (1024) and a
//! phone (390): on every page the key figures (总分, 等级, 执行率; target, actual, score) are in
//! view without sideways scrolling on the phone, no text is under 12 px (chart text included,
//! as drawn on the screen), no link, button or box is under 24 × 24 px, and every bar chart's
//! axis starts at zero (a dot plot stands on an axis near the data and says so).

use fundlens_shared::api::{EvaluationList, IndicatorCatalogue};
use serde_json::{Value, json};

use crate::support::{Browser, encode};

/// Desktop, tablet, phone.
const SIZES: [(u32, u32); 3] = [(1440, 900), (1024, 768), (390, 844)];

/// Visible text smaller than 12 px, in the page and in the charts as they are drawn on the
/// screen (an SVG scaled down shrinks its text).
const SMALL_TEXT: &str = r#"
const small = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const el = node.parentElement;
  if (!el || el.closest('svg')) continue;
  if (!el.getClientRects().length) continue;
  const style = getComputedStyle(el);
  if (style.visibility === 'hidden') continue;
  const size = parseFloat(style.fontSize);
  if (size < 11.95) {
    small.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + size.toFixed(1)
      + 'px “' + node.textContent.trim().slice(0, 16) + '”');
  }
}
for (const svg of document.querySelectorAll('svg.fundlens-chart')) {
  if (!svg.getClientRects().length) continue;
  const box = svg.viewBox && svg.viewBox.baseVal && svg.viewBox.baseVal.width
    ? svg.viewBox.baseVal.width : parseFloat(svg.getAttribute('width'));
  const scale = svg.getBoundingClientRect().width / box;
  for (const text of svg.querySelectorAll('text')) {
    if (text.hasAttribute('stroke') || !text.textContent.trim()) continue;
    const size = parseFloat(text.getAttribute('font-size')) * scale;
    if (size < 11.95) {
      small.push('chart text ' + size.toFixed(1) + 'px “' + text.textContent.trim().slice(0, 16) + '”');
    }
  }
}
return small.slice(0, 8);
"#;

/// Links, buttons and boxes on the page whose box is under 24 × 24 px.
const SMALL_TARGETS: &str = r#"
const small = [];
const targets = document.querySelectorAll(
  "a[href], button, select, input:not([type='hidden']), summary, textarea");
for (const el of targets) {
  if (el.closest('svg') || !el.getClientRects().length) continue;
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.width < 23.5 || r.height < 23.5) {
    small.push(el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' '
      + r.width.toFixed(1) + '×' + r.height.toFixed(1) + ' “' + (el.innerText || el.value || '').trim().slice(0, 16) + '”');
  }
}
return small.slice(0, 8);
"#;

/// The elements of `arguments[0]` (CSS selectors; the first five of each) that are missing,
/// hidden, past the screen's edges or cut by a box that scrolls sideways.
const OUT_OF_VIEW: &str = r#"
const out = [];
for (const css of arguments[0]) {
  const found = [...document.querySelectorAll(css)].slice(0, 5);
  if (!found.length) { out.push('missing ' + css); continue; }
  for (const el of found) {
    const r = el.getBoundingClientRect();
    if (!el.getClientRects().length || r.width < 1) { out.push('hidden ' + css); continue; }
    if (r.left < -0.5 || r.right > window.innerWidth + 0.5) {
      out.push(css + ' past the edge: ' + r.left.toFixed(0) + '..' + r.right.toFixed(0));
      continue;
    }
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (/(auto|scroll|hidden)/.test(getComputedStyle(a).overflowX)) {
        const b = a.getBoundingClientRect();
        if (r.left < b.left - 0.5 || r.right > b.right + 0.5) {
          out.push(css + ' cut by ' + a.tagName.toLowerCase() + '.' + a.className);
          break;
        }
      }
    }
  }
}
return out;
"#;

/// Bar charts whose value axis does not start at zero (a caption `…轴自X起` or no zero tick);
/// dot plots, which stand on an axis near the data, are left out.
const BARS_OFF_ZERO: &str = r#"
const wrong = [];
for (const svg of document.querySelectorAll('svg.fundlens-chart')) {
  const desc = (svg.querySelector('desc') || {}).textContent || '';
  if (!desc.startsWith('柱状图') && !desc.startsWith('条形图')) continue;
  const texts = [...svg.querySelectorAll('text')].filter(t => !t.hasAttribute('stroke'))
    .map(t => t.textContent.trim());
  const title = svg.getAttribute('aria-label');
  if (texts.some(t => /轴自.*起/.test(t))) wrong.push(title + ': the axis does not start at zero');
  if (!texts.some(t => /^-?0(\.0+)?%?$/.test(t))) wrong.push(title + ': no zero on the axis');
}
return wrong;
"#;

/// The pages with what each must keep in view on a phone.
async fn pages(browser: &Browser) -> Vec<(&'static str, String, Vec<&'static str>)> {
    let list: EvaluationList = browser.api("/api/evaluations?limit=1&sort=lowest").await;
    let item = list
        .items
        .first()
        .expect("the default data has evaluations");
    let catalogue: IndicatorCatalogue = browser.api("/api/indicators?limit=1").await;
    let name = &catalogue.items.first().expect("indicators").name;
    vec![
        (
            "overview",
            "/".to_owned(),
            vec![
                ".kpi[data-kpi='average_total'] .kpi-value",
                ".lowest-funds td.score",
                ".lowest-funds td.grade",
                ".lowest-funds td.rate",
            ],
        ),
        (
            "compare-years",
            format!(
                "/compare-years?region={}&program={}",
                encode(&item.region),
                encode(&item.program)
            ),
            vec![".year-table td.lead", "#indicator-compare td.lead"],
        ),
        (
            "districts",
            "/districts".to_owned(),
            vec!["table.ranking td.lead"],
        ),
        (
            "evaluations",
            "/evaluations".to_owned(),
            vec![
                "table.funds td.score",
                "table.funds td.grade",
                "table.funds td.rate",
            ],
        ),
        (
            "evaluation",
            format!("/evaluations/{}", item.id),
            vec![
                "[data-field='total']",
                "[data-field='grade']",
                "table.indicators td.target",
                "table.indicators td.actual",
                "table.indicators td.score",
            ],
        ),
        (
            "history",
            format!("/history?name={}", encode(name)),
            vec!["#history td.lead"],
        ),
        (
            "login",
            "/login".to_owned(),
            vec!["form[data-form='login'] button"],
        ),
    ]
}

/// Opens `path` at `size` and checks every rule there.
async fn check_page(browser: &Browser, (page, path, key): (&str, &str, &[&str]), size: (u32, u32)) {
    browser.open(path).await;
    browser.wait_loaded().await;
    let what = format!("{page} at {} px", size.0);
    let text = browser.js(SMALL_TEXT, vec![]).await;
    assert_eq!(text, json!([]), "{what}: text under 12 px");
    let targets = browser.js(SMALL_TARGETS, vec![]).await;
    assert_eq!(targets, json!([]), "{what}: tap targets under 24 px");
    let bars = browser.js(BARS_OFF_ZERO, vec![]).await;
    assert_eq!(bars, json!([]), "{what}: bar axes");
    if size.0 < 600 {
        let out = browser.js(OUT_OF_VIEW, vec![json!(key)]).await;
        assert_eq!(out, json!([]), "{what}: key figures out of view");
    }
}

#[tokio::test]
async fn every_page_keeps_its_figures_readable_and_tappable_at_every_width() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let pages = pages(&browser).await;
    for size in SIZES {
        browser.resize(size).await;
        for (page, path, key) in &pages {
            check_page(&browser, (page, path, key), size).await;
        }
    }
    // The audit log, for an admin, in Chinese and Beijing time.
    browser.sign_in(fundlens_shared::account::Role::Admin).await;
    for size in SIZES {
        browser.resize(size).await;
        check_page(
            &browser,
            ("audit", "/audit", &["table.cards td.lead"]),
            size,
        )
        .await;
    }
    let log = browser.text_of(".audit-log").await;
    assert!(log.contains("北京时间"), "{log}");
    for english in ["evaluation(s)", "replaced", "cli:", "UTC", "user "] {
        assert!(!log.contains(english), "the log says {english}: {log}");
    }
    browser.close().await;
}

#[tokio::test]
async fn a_phone_shows_each_fund_as_a_card_led_by_its_score() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.resize((390, 844)).await;
    browser.open("/").await;
    browser.text_of(".lowest-funds tbody tr").await;
    browser.wait_loaded().await;
    // The score comes right under the fund's name, before the region and the budget.
    let order = browser
        .js(
            "const row = document.querySelector('.lowest-funds tbody tr'); \
             const top = css => row.querySelector(css).getBoundingClientRect().top; \
             return [top('.fund-name'), top('td.score'), top('td.region')];",
            vec![],
        )
        .await;
    let at = |i: usize| order[i].as_f64().unwrap_or_default();
    assert!(at(0) < at(1), "the name leads the card: {order}");
    assert!(at(1) <= at(2), "the score comes before the region: {order}");
    let label = browser
        .js(
            "return getComputedStyle(document.querySelector('.lowest-funds td.score'), '::before').content;",
            vec![],
        )
        .await;
    assert!(
        label.as_str().unwrap_or_default().contains("总分"),
        "each figure is labelled: {label}"
    );
    browser.screenshot("hands-overview-phone").await;
    browser.close().await;
}

/// The page count of a PDF (its `/Type /Page` objects).
fn pdf_pages(pdf: &[u8]) -> usize {
    let mut count = 0;
    for needle in [&b"/Type /Page"[..], &b"/Type/Page"[..]] {
        let mut at = 0;
        while let Some(found) = pdf[at..]
            .windows(needle.len())
            .position(|window| window == needle)
        {
            let end = at + found + needle.len();
            if pdf.get(end) != Some(&b's') {
                count += 1;
            }
            at = end;
        }
    }
    count
}

#[tokio::test]
async fn the_overview_prints_on_two_a4_pages_without_link_marks() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.resize((1440, 900)).await;
    browser.open("/").await;
    browser.text_of(".lowest-funds tbody tr").await;
    browser.text_of("#briefing ol.briefing-text li").await;
    browser.wait_loaded().await;
    let pdf = browser
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await
        .unwrap_or_else(|e| panic!("printing: {e}"));
    let dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || fundlens_tests::workspace_root().join("target"),
        std::path::PathBuf::from,
    );
    let _ = std::fs::create_dir_all(dir.join("screenshots"));
    let _ = std::fs::write(dir.join("screenshots").join("overview-print.pdf"), &pdf);
    let pages = pdf_pages(&pdf);
    println!("总览 prints on {pages} A4 page(s) ({} bytes)", pdf.len());
    assert!((1..=2).contains(&pages), "{pages} pages");
    let marks = browser
        .js(
            "const shown = e => e.getClientRects().length > 0; \
             const before = [...document.querySelectorAll('.source-link')].filter(shown).length; \
             return before;",
            vec![],
        )
        .await;
    assert!(
        marks.as_u64().unwrap_or_default() > 0,
        "［查看］ links on the screen"
    );
    browser.close().await;
}

#[tokio::test]
async fn print_leaves_out_link_marks_and_tools() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/").await;
    browser
        .text_of("#briefing ol.briefing-text li a.source-link")
        .await;
    browser.wait_loaded().await;
    // The print style sheet's rules, read from the page's own sheet.
    let hidden = browser
        .js(
            "const rules = [...document.styleSheets].flatMap(s => [...s.cssRules]) \
               .filter(r => r.media && [...r.media].includes('print')) \
               .flatMap(r => [...r.cssRules]).map(r => r.cssText).join('\\n'); \
             return ['.source-link', '.chart-tools', '.downloads'].filter(c => \
               !rules.split('\\n').some(l => l.includes(c) && l.includes('display: none')));",
            vec![],
        )
        .await;
    assert_eq!(hidden, json!([]), "print hides these: {hidden}");
    browser.close().await;
}

#[tokio::test]
async fn an_indicator_followed_from_a_fund_keeps_its_region_program_and_name() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let list: EvaluationList = browser.api("/api/evaluations?limit=1&sort=lowest").await;
    let item = list.items.first().expect("an evaluation");
    browser
        .open(&format!("/evaluations/{}?row=0", item.id))
        .await;
    let name = browser
        .wait_js(
            "the first indicator's name",
            "const row = document.querySelector(\"table.indicators tr[data-row='0']\"); \
             return row ? row.dataset.name : null;",
            vec![],
        )
        .await;
    let name = name.as_str().unwrap_or_default().to_owned();
    browser.click("[data-detail='0'] a[href^='/history']").await;
    browser.wait_location("/history?").await;
    let here = browser.location().await;
    for part in [
        format!("name={name}"),
        format!("region={}", item.region),
        format!("program={}", item.program),
    ] {
        assert!(here.contains(&part), "{here} carries {part}");
    }
    assert_eq!(browser.chosen_region().await, item.region);
    let boxes = browser
        .wait_js(
            "the search box and the fund",
            "const search = document.querySelector(\"input[data-search='indicator']\"); \
             const fund = document.querySelector(\"input[data-param='program']\"); \
             return search && fund && search.value ? [search.value, fund.value] : null;",
            vec![],
        )
        .await;
    assert_eq!(boxes, json!([name, item.program]));
    browser
        .wait_text("#history", &format!("“{name}”得分率历史"))
        .await;
    browser.wait_loaded().await;
    browser.screenshot("hands-history-context").await;
    browser.close().await;
}

#[tokio::test]
async fn signing_in_from_the_header_comes_back_to_the_page() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = years.first().copied().expect("a year");
    let page = format!("/districts?year={year}&measure=execution_rate");
    browser.open(&page).await;
    browser.click(".who[data-role='anonymous'] a").await;
    browser.wait_location("/login?next=").await;
    let (name, password) = fundlens_tests::account(fundlens_shared::account::Role::Viewer);
    browser.type_text("input[name='name']", name).await;
    browser.type_text("input[name='password']", password).await;
    browser
        .click("form[data-form='login'] button[type='submit']")
        .await;
    browser
        .wait_js(
            "the page signing in was asked from",
            "return location.pathname === '/districts' \
                 && document.querySelector(\".who[data-role='viewer']\") !== null;",
            vec![],
        )
        .await;
    assert_eq!(browser.location().await, page);
    browser.close().await;
}

#[tokio::test]
async fn the_table_view_keeps_the_sample_mark_and_the_fund_is_found_by_typing() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/").await;
    browser.click(".chart-card button.chart-toggle").await;
    let mark = browser.text_of(".chart-table .chart-mark").await;
    assert!(mark.contains("示例数据"), "{mark}");

    let list: EvaluationList = browser.api("/api/evaluations?limit=1").await;
    let program = list.items[0].program.clone();
    let part: String = program.chars().skip(2).take(4).collect();
    browser.open("/evaluations").await;
    browser.click("input[data-param='program']").await;
    browser
        .type_text("input[data-param='program']", &part)
        .await;
    let found = browser
        .wait_js(
            "the funds found",
            "const b = [...document.querySelectorAll('.program-matches button[data-program]')]; \
             return b.length ? b.map(x => x.dataset.program) : null;",
            vec![],
        )
        .await;
    let found: Vec<String> = serde_json::from_value(found).unwrap_or_default();
    assert!(found.iter().all(|name| name.contains(&part)), "{found:?}");
    assert!(found.contains(&program), "{program} in {found:?}");
    browser
        .click(&format!(
            ".program-matches button[data-program='{program}']"
        ))
        .await;
    browser.wait_location(&format!("program={program}")).await;
    browser.close().await;
}

#[tokio::test]
async fn the_overview_offers_real_records_only() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let catalogue: fundlens_shared::api::Catalogue = browser.api("/api/catalogue").await;
    assert!(
        catalogue.sample_evaluations > 0 && catalogue.evaluations > catalogue.sample_evaluations
    );
    let real: EvaluationList = browser.api("/api/evaluations?source=real&limit=1").await;
    let year = real.items[0].year;
    browser.open(&format!("/?year={year}")).await;
    browser
        .wait_js(
            "the 数据 choice",
            "return document.querySelector(\"select[data-param='source'] option[value='real']\") !== null;",
            vec![],
        )
        .await;
    let select = browser
        .client
        .find(fantoccini::Locator::Css("select[data-param='source']"))
        .await
        .unwrap_or_else(|e| panic!("the 数据 choice: {e}"));
    select
        .select_by_value("real")
        .await
        .unwrap_or_else(|e| panic!("choosing 仅真实数据: {e}"));
    browser.wait_location("source=real").await;
    let api: fundlens_shared::comparison::YearComparison = browser
        .api(&format!(
            "/api/compare/years?a={}&b={year}&source=real",
            year - 1
        ))
        .await;
    let count = api
        .figure("evaluations")
        .and_then(|f| f.b)
        .expect("real evaluations that year");
    browser
        .wait_text(
            ".kpi[data-kpi='evaluations'] .kpi-value",
            &format!("{}个", fundlens_shared::format::count(count)),
        )
        .await;
    // No sample figure in the briefing either.
    let briefing = browser.text_of("#briefing").await;
    assert!(!briefing.contains("简报所用数据含示例数据"), "{briefing}");
    let rows = browser
        .js(
            "return [...document.querySelectorAll('.lowest-funds tbody tr')].map(r => r.innerText);",
            vec![],
        )
        .await;
    for row in rows.as_array().into_iter().flatten() {
        assert!(
            !row.as_str().unwrap_or_default().contains("示例数据"),
            "{row}"
        );
    }
    browser.close().await;
}

#[tokio::test]
async fn a_city_s_data_opens_on_the_city_and_names_it_everywhere() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = years.last().copied().expect("a year");
    browser.open("/").await;
    browser.wait_text("main h2", "益阳市").await;
    assert_eq!(browser.chosen_region().await, "益阳市");
    // The metric charts are the city's against the province, never the province's own.
    let titles = browser
        .wait_js(
            "the metric charts",
            "const t = [...document.querySelectorAll('svg.fundlens-chart')].map(s => s.getAttribute('aria-label')) \
               .filter(t => t.includes('（益阳市）') || t.includes('（湖南省）')); \
             return t.length >= 4 ? t : null;",
            vec![],
        )
        .await;
    assert!(
        titles
            .as_array()
            .into_iter()
            .flatten()
            .all(|t| !t.as_str().unwrap_or_default().contains("（湖南省）")),
        "{titles}"
    );
    let word = browser
        .wait_js(
            "the Word briefing's link",
            "const a = document.querySelector('#briefing a.download.word'); \
             return a ? decodeURIComponent(a.getAttribute('href')) : null;",
            vec![],
        )
        .await;
    assert_eq!(
        word,
        json!(format!("/api/briefing.docx?year={year}&region=益阳市"))
    );
    let briefing = browser.text_of("#briefing ol").await;
    assert!(!briefing.contains("湖南省主要经济指标"), "{briefing}");
    browser.open("/districts").await;
    browser.wait_text("main h2", "益阳市下级地区").await;
    browser.close().await;
}

#[tokio::test]
async fn a_province_s_data_opens_on_its_cities() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    // The city sample plus one evaluation in another city: the data now span the province.
    let record = fundlens_tests::generated("长沙市专项资金", "长沙市", 2024, 100, 95, 100);
    let token = fundlens_tests::token(fundlens_shared::account::Role::Admin);
    let url = browser.server.url("/api/evaluations");
    let status = tokio::task::spawn_blocking(move || {
        reqwest::blocking::Client::new()
            .post(url)
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(json!([record]).to_string())
            .send()
            .map(|r| r.status().as_u16())
    })
    .await
    .expect("posting")
    .expect("an answer");
    assert_eq!(status, 201);
    browser.open("/districts?year=2024").await;
    browser.wait_text("main h2", "湖南省下级地区").await;
    let rows = browser
        .wait_js(
            "the cities ranked",
            "const r = [...document.querySelectorAll('table.ranking tbody tr[data-region]')].map(r => r.dataset.region); \
             return r.length >= 2 ? r : null;",
            vec![],
        )
        .await;
    let rows: Vec<String> = serde_json::from_value(rows).unwrap_or_default();
    assert!(
        rows.contains(&"长沙市".to_owned()) && rows.contains(&"益阳市".to_owned()),
        "{rows:?}"
    );
    browser.open("/").await;
    browser.wait_text("main h2", "湖南省").await;
    let _: Value = browser.js("return 0;", vec![]).await;
    browser.close().await;
}
