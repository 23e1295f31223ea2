//! 总览: the KPI cards show what the trends give for the year, the funds table starts with
//! the lowest score, a filter change is a new URL that back undoes; the 简报 is the API's text
//! with its links and a copy button; and how long the first chart takes.

use fundlens_shared::api::{Briefing, EvaluationList};
use fundlens_shared::comparison::YearComparison;
use fundlens_shared::format;
use fundlens_shared::value::Grade;
use serde_json::json;

use crate::support::{Browser, encode};

#[tokio::test]
async fn overview_shows_the_kpis_the_api_gives_for_a_year() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    assert!(years.len() >= 2, "the sample spans several years");
    let year = years[years.len() - 2];
    // The figures and their changes as the server computes them: the page must show these.
    let api: YearComparison = browser
        .api(&format!("/api/compare/years?a={}&b={year}", year - 1))
        .await;
    let figure = |key: &str| {
        api.figure(key)
            .cloned()
            .unwrap_or_else(|| panic!("the API has {key}"))
    };
    let now = |key: &str| {
        figure(key)
            .b
            .unwrap_or_else(|| panic!("{key} has a value in {year}"))
    };

    browser.open(&format!("/?year={year}")).await;
    let kpi = |key: &str| format!(".kpi[data-kpi='{key}'] .kpi-value");
    assert_eq!(
        browser.text_of(&kpi("evaluations")).await,
        format!("{}个", format::grouped(now("evaluations"), 0, false))
    );
    assert_eq!(
        browser.text_of(&kpi("budget")).await,
        format::money(now("budget"))
    );
    assert_eq!(
        browser.text_of(&kpi("executed")).await,
        format::money(now("executed"))
    );
    assert_eq!(
        browser.text_of(&kpi("execution_rate")).await,
        format::percent(now("execution_rate"))
    );
    assert_eq!(
        browser.text_of(&kpi("average_total")).await,
        format!("{}分", format::score(now("average_total")))
    );
    assert_eq!(
        browser.text_of(&kpi("findings")).await,
        format!("{}条", format::grouped(now("findings"), 0, false))
    );
    // The data's date, from the catalogue, at the foot of every page (and of a printed one).
    let catalogue: fundlens_shared::api::Catalogue = browser.api("/api/catalogue").await;
    let as_of = format::timestamp(
        catalogue
            .data_as_of
            .as_deref()
            .expect("the data has a date"),
    );
    browser.wait_text(".footer .data-as-of", &as_of).await;
    let counts = api.grades.b.clone().unwrap_or_default();
    let grades = Grade::ALL
        .iter()
        .map(|grade| format!("{} {}", grade.label(), counts.of(*grade)))
        .collect::<Vec<_>>()
        .join(" · ");
    let shown_grades = browser
        .js(
            "return document.querySelector(\".kpi[data-kpi='grades'] .kpi-value\").title;",
            vec![],
        )
        .await;
    assert_eq!(shown_grades, json!(grades));
    let budget_change = figure("budget")
        .change
        .unwrap_or_else(|| panic!("a budget change against {}", year - 1));
    let shown_change = browser.text_of(".kpi[data-kpi='budget'] .kpi-change").await;
    assert!(
        shown_change.ends_with(&format::percent(budget_change.abs())),
        "the budget card shows the API's change {budget_change}: {shown_change}"
    );

    let lowest: EvaluationList = browser
        .api(&format!("/api/evaluations?year={year}&sort=lowest&limit=1"))
        .await;
    let first_row = browser
        .wait_js(
            "the funds table",
            "const row = document.querySelector('table.funds tbody tr'); \
             return row ? row.dataset.evaluation : null;",
            vec![],
        )
        .await;
    assert_eq!(first_row, json!(lowest.items[0].id.to_string()));
    let total = fundlens_shared::format::count(usize::try_from(lowest.total_count).unwrap_or(0));
    let shown_rows = browser
        .js(
            "return document.querySelectorAll('.lowest-funds table.funds tbody tr').length;",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or_default();
    assert!(
        shown_rows <= 15,
        "the overview lists the lowest few, not the whole list"
    );
    if usize::try_from(lowest.total_count).unwrap_or(0) > 15 {
        let whole = browser
            .wait_text(".lowest-funds .show-all", &format!("共 {total} 项"))
            .await;
        assert!(whole.contains(&format!("查看全部 {total} 项")), "{whole}");
        browser.click(".lowest-funds .show-all a").await;
        browser
            .wait_location(&format!("/evaluations?year={year}&sort=lowest"))
            .await;
        browser.open(&format!("/?year={year}")).await;
    }
    browser.wait_loaded().await;
    browser.screenshot("overview").await;
    browser.close().await;
}

#[tokio::test]
async fn the_first_chart_is_drawn_quickly_and_filters_live_in_the_url() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    browser.open("/").await;
    let script = "const mark = performance.getEntriesByName('fundlens-first-chart')[0]; \
                  return mark && document.querySelector('svg.fundlens-chart') \
                      ? mark.startTime : null;";
    let cold = browser.wait_js("the first chart", script, vec![]).await;
    browser.open("/").await;
    let warm = browser.wait_js("the first chart", script, vec![]).await;
    let cold = cold.as_f64().unwrap_or_default();
    let warm = warm.as_f64().unwrap_or_default();
    println!(
        "time to the first drawn chart (navigation start → chart SVG): first visit {cold:.0} ms, \
         cached {warm:.0} ms"
    );
    assert!(cold < 10_000.0, "the first chart took {cold} ms");

    // From where the page starts — the top of the data, the city on the city's data — the
    // chooser offers the regions one level down.
    browser.wait_text("main h2", "益阳市").await;
    let region = "赫山区";
    browser
        .wait_js(
            "the region choices",
            "const s = document.querySelector(\"select[data-param='region']\"); \
             return s && [...s.options].some(o => o.value === arguments[0]);",
            vec![json!(region)],
        )
        .await;
    let select = browser
        .client
        .find(fantoccini::Locator::Css("select[data-param='region']"))
        .await
        .unwrap_or_else(|e| panic!("the region filter: {e}"));
    select
        .select_by_value(region)
        .await
        .unwrap_or_else(|e| panic!("choosing {region}: {e}"));
    browser.wait_location(&format!("region={region}")).await;
    browser.wait_text("main h2", region).await;
    browser.back().await;
    browser
        .wait_js(
            "back to where the page started",
            "return !decodeURIComponent(location.search).includes('region=') \
                 && document.querySelector(\"select[data-param='region']\").value === '';",
            vec![],
        )
        .await;
    assert!(!browser.location().await.contains(&encode(region)));
    browser.close().await;
}

#[tokio::test]
async fn the_briefing_shows_the_api_sentences_with_links_and_copies() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let years: Vec<i32> = browser.api("/api/years").await;
    let year = years.last().copied().unwrap_or_else(|| panic!("years"));
    let briefing: Briefing = browser
        .api(&format!(
            "/api/briefing?year={year}&region={}",
            encode("益阳市")
        ))
        .await;
    assert!(!briefing.sentences.is_empty(), "{briefing:?}");
    browser
        .open(&format!("/?year={year}&region={}", encode("益阳市")))
        .await;
    let first = browser
        .wait_text("#briefing ol.briefing-text li", &briefing.sentences[0].text)
        .await;
    assert!(first.contains("［查看］"), "{first}");
    let links = browser
        .wait_js(
            "the briefing's links",
            "const links = [...document.querySelectorAll('#briefing li:first-child a.source-link')]; \
             return links.length ? links.map(a => a.getAttribute('href')) : null;",
            vec![],
        )
        .await;
    assert_eq!(links, json!(briefing.sentences[0].links));
    // 下载Word简报 asks the server for the same year and region as a .docx.
    let word = browser
        .wait_js(
            "the Word briefing's link",
            "const a = document.querySelector('#briefing a.download.word');              return a ? a.getAttribute('href') : null;",
            vec![],
        )
        .await;
    assert_eq!(
        word,
        json!(format!(
            "/api/briefing.docx?year={year}&region={}",
            encode("益阳市")
        ))
    );
    browser
        .js(
            "fetch(document.querySelector('#briefing a.download.word').href) \
               .then(r => { window.wordAnswer = r.status + ' ' + r.headers.get('content-type'); });",
            vec![],
        )
        .await;
    let served = browser
        .wait_js(
            "the Word briefing's answer",
            "return window.wordAnswer;",
            vec![],
        )
        .await;
    assert_eq!(
        served,
        json!("200 application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    );
    browser.copy_briefing().await;
    browser.wait_loaded().await;
    browser.screenshot("overview-briefing").await;
    browser.close().await;
}
