//! The dashboard's questions, each as an HTTP path and as the same store call made directly,
//! with parameters taken from the data just imported (the latest year, the busiest city).

use anyhow::{Result, anyhow};
use fundlens_sample::Scale;
use fundlens_server::briefing::{fund_briefing, region_briefing};
use fundlens_shared::chart::{line_chart_svg, views};
use fundlens_shared::metric;
use fundlens_shared::query::{
    BriefingQuery, CatalogueQuery, CompareQuery, DistrictsQuery, FilterQuery, GridQuery,
    HistoryPageQuery, HistoryQuery, ListQuery, Measure, MetricQuery, OverviewQuery, ResultsQuery,
    Sort, Source, percent_encode, url,
};
use fundlens_shared::results::View;
use fundlens_store::Store;
use fundlens_store::{EvaluationFilter, IndicatorSearch, ListPosition, Start};

use crate::pages::Page;

/// The runtime the direct store calls run on (the store's operations are async).
static RUNTIME: std::sync::LazyLock<tokio::runtime::Runtime> = std::sync::LazyLock::new(|| {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("a runtime for the direct store calls: {e}"))
});

/// Waits for a direct store call.
pub(crate) fn wait<F: std::future::Future>(call: F) -> F::Output {
    RUNTIME.block_on(call)
}

/// A direct store call standing for an endpoint.
pub(crate) type RawQuery = Box<dyn Fn(&Store) -> Result<()> + Send + Sync>;

/// One endpoint to measure.
pub(crate) struct Query {
    /// Its name in the report.
    pub(crate) name: String,
    /// Path and query string.
    pub(crate) path: String,
    /// The same question asked of the store directly.
    pub(crate) raw: RawQuery,
}

fn filter(year: Option<i32>, region: &str) -> EvaluationFilter {
    EvaluationFilter {
        year,
        region: Some(region.to_owned()),
        ..EvaluationFilter::default()
    }
}

/// The parameters of the measured questions, drawn from the data: the latest year, a city and
/// one of its counties, the region whose children are compared, the city's lowest-scoring fund
/// of the year and its first indicator.
struct Params {
    year: i32,
    city: String,
    parent: &'static str,
    county: String,
    id: i64,
    indicator: String,
}

fn params(store: &Store, scale: Scale) -> Result<Params> {
    let year = *wait(store.years())?
        .last()
        .ok_or_else(|| anyhow!("no data"))?;
    let city = "益阳市".to_owned();
    let parent = match scale {
        Scale::Province => "湖南省",
        Scale::City => "益阳市",
    };
    let list = wait(store.list_evaluations(
        &filter(Some(year), &city),
        Sort::Lowest,
        50,
        &Start::Offset(0),
    ))?;
    let id = list
        .items
        .first()
        .map(|item| item.id)
        .ok_or_else(|| anyhow!("no evaluation in {city} {year}"))?;
    let detail = wait(store.evaluation(id))?.ok_or_else(|| anyhow!("evaluation {id}"))?;
    let indicator = detail
        .record
        .indicators
        .first()
        .map(|row| row.name.clone())
        .ok_or_else(|| anyhow!("no rows"))?;
    Ok(Params {
        year,
        city,
        parent,
        county: "赫山区".to_owned(),
        id,
        indicator,
    })
}

/// The dashboard's pages as a leader opens them, with parameters drawn from `store`: 区县对比 at
/// the top level and for a city, the list, one fund and one indicator's history.
pub(crate) fn pages(store: &Store, scale: Scale) -> Result<Vec<Page>> {
    let Params {
        year,
        city,
        parent,
        id,
        indicator,
        ..
    } = params(store, scale)?;
    let page = |name: &str, path: String| Page {
        name: name.to_owned(),
        path,
    };
    let districts = |region: &str| {
        url(
            "/districts",
            &DistrictsQuery {
                year: Some(year),
                region: Some(region.to_owned()),
                ..DistrictsQuery::default()
            },
        )
    };
    Ok(vec![
        page("总览 (全部地区)", "/".to_owned()),
        page(
            &format!("总览 ({city})"),
            url(
                "/",
                &OverviewQuery {
                    region: Some(city.clone()),
                    ..OverviewQuery::default()
                },
            ),
        ),
        page("年度对比 (全部地区)", "/compare-years".to_owned()),
        page(&format!("区县对比 ({parent})"), districts(parent)),
        page(&format!("区县对比 ({city})"), districts(&city)),
        page("评价详情 (list)", "/evaluations".to_owned()),
        page("评价详情 (one fund)", format!("/evaluations/{id}")),
        page(
            &format!("指标历史 ({indicator}, {city})"),
            url(
                "/history",
                &HistoryPageQuery {
                    name: Some(indicator.clone()),
                    region: Some(city.clone()),
                    ..HistoryPageQuery::default()
                },
            ),
        ),
    ])
}

/// The endpoints of the dashboard with parameters drawn from `store`.
pub(crate) fn dashboard(store: &Store, scale: Scale) -> Result<Vec<Query>> {
    let Params {
        year,
        city,
        parent,
        county,
        id,
        indicator,
    } = params(store, scale)?;
    let growth_code = metric::MetricCode::parse("industrial_value_added_growth")
        .map_err(|e| anyhow!("metric: {e}"))?;
    let growth = growth_code.metric();
    let in_city = FilterQuery {
        region: Some(city.clone()),
        ..FilterQuery::default()
    };
    let compare = |measure: Measure| {
        url(
            "/api/compare",
            &CompareQuery {
                year: Some(year),
                parent: Some(parent.to_owned()),
                measure: Some(measure),
                ..CompareQuery::default()
            },
        )
    };
    let briefing = |region: Option<String>| {
        url(
            "/api/briefing",
            &BriefingQuery {
                year: Some(year),
                region,
                ..BriefingQuery::default()
            },
        )
    };
    let mut queries = vec![
        query(
            "evaluation list (year, city, lowest first)",
            url(
                "/api/evaluations",
                &ListQuery {
                    year: Some(year),
                    region: Some(city.clone()),
                    sort: Some(Sort::Lowest),
                    limit: Some(50),
                    ..ListQuery::default()
                },
            ),
            {
                let city = city.clone();
                move |s| {
                    wait(s.list_evaluations(
                        &filter(Some(year), &city),
                        Sort::Lowest,
                        50,
                        &Start::Offset(0),
                    ))
                    .map(drop)
                    .map_err(Into::into)
                }
            },
        ),
        query(
            "evaluation detail",
            format!("/api/evaluations/{id}"),
            move |s| wait(s.evaluation(id)).map(drop).map_err(Into::into),
        ),
        query(
            "funding trend (city)",
            url("/api/trends/funding", &in_city),
            {
                let city = city.clone();
                move |s| {
                    wait(s.funding_trend(&filter(None, &city)))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query("score trend (city)", url("/api/trends/scores", &in_city), {
            let city = city.clone();
            move |s| {
                wait(s.score_trend(&filter(None, &city)))
                    .map(drop)
                    .map_err(Into::into)
            }
        }),
        query(
            "metric trend (county)",
            url(
                "/api/trends/metrics",
                &MetricQuery {
                    region: Some(county.clone()),
                    metric: Some(growth_code),
                    ..MetricQuery::default()
                },
            ),
            {
                let county = county.clone();
                move |s| {
                    wait(s.metric_trend(&county, growth, Source::All))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "compare metric (regions of a parent)",
            compare(Measure::Metric(growth_code)),
            move |s| {
                wait(s.compare(parent, year, Measure::Metric(growth_code), Source::All))
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "compare score (regions of a parent)",
            compare(Measure::Score),
            move |s| {
                wait(s.compare(parent, year, Measure::Score, Source::All))
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "compare execution rate",
            compare(Measure::ExecutionRate),
            move |s| {
                wait(s.compare(parent, year, Measure::ExecutionRate, Source::All))
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "score grid (children of a parent × level-2 groups)",
            url(
                "/api/compare/grid",
                &GridQuery {
                    year: Some(year),
                    parent: Some(parent.to_owned()),
                    ..GridQuery::default()
                },
            ),
            move |s| {
                wait(s.score_grid(parent, year, None))
                    .map(drop)
                    .map_err(Into::into)
            },
        ),
        query(
            "indicator history (city)",
            url(
                "/api/indicators/history",
                &HistoryQuery {
                    name: Some(indicator.clone()),
                    region: Some(city.clone()),
                    ..HistoryQuery::default()
                },
            ),
            {
                let (indicator, city) = (indicator.clone(), city.clone());
                move |s| {
                    wait(s.indicator_history(&indicator, &filter(None, &city), 100, None))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "indicator catalogue (city, search 率)",
            url(
                "/api/indicators",
                &CatalogueQuery {
                    q: Some("率".to_owned()),
                    region: Some(city.clone()),
                    ..CatalogueQuery::default()
                },
            ),
            {
                let city = city.clone();
                move |s| {
                    let search = IndicatorSearch {
                        text: "率".to_owned(),
                        filter: filter(None, &city),
                    };
                    wait(s.indicator_catalogue(&search, 20, 0))
                        .map(drop)
                        .map_err(Into::into)
                }
            },
        ),
        query(
            "funding chart (SVG)",
            url("/api/trends/funding/chart.svg", &in_city),
            {
                let city = city.clone();
                move |s| {
                    let trend = wait(s.funding_trend(&filter(None, &city)))?;
                    drop(line_chart_svg(&views::funding_chart(&trend), 900, 420));
                    Ok(())
                }
            },
        ),
        query("briefing (city)", briefing(Some(city.clone())), {
            let city = city.clone();
            move |s| {
                wait(region_briefing(s, year, Some(&city), None, Source::All))
                    .map(drop)
                    .map_err(Into::into)
            }
        }),
        query("briefing (all regions)", briefing(None), move |s| {
            wait(region_briefing(s, year, None, None, Source::All))
                .map(drop)
                .map_err(Into::into)
        }),
        query(
            "fund briefing",
            format!("/api/evaluations/{id}/briefing"),
            move |s| wait(fund_briefing(s, id)).map(drop).map_err(Into::into),
        ),
        query(
            "fund's years (评价详情's 历年概况)",
            format!("/api/evaluations/{id}/years"),
            move |s| {
                let detail =
                    wait(s.evaluation(id))?.ok_or_else(|| anyhow!("no evaluation {id}"))?;
                let fund = EvaluationFilter {
                    program: Some(detail.record.program.name),
                    ..filter(None, &detail.record.region)
                };
                wait(s.list_evaluations(&fund, Sort::Newest, 500, &Start::Offset(0)))?;
                Ok(())
            },
        ),
    ];
    // 结果应用: each view of the parent region (the province at province scale), first page.
    for view in View::ALL {
        let question = ResultsQuery {
            year: Some(year),
            region: Some(parent.to_owned()),
            limit: Some(50),
            ..ResultsQuery::default()
        };
        queries.push(query(
            &format!("results: {} ({parent})", view.code()),
            url(view.api_path(), &question),
            move |s| {
                wait(s.results(view, &filter(Some(year), parent), 50, 0))
                    .map(drop)
                    .map_err(Into::into)
            },
        ));
    }
    if scale == Scale::Province {
        queries.push(query(
            "score trend (whole province)",
            "/api/trends/scores".to_owned(),
            move |s| {
                wait(s.score_trend(&EvaluationFilter::default()))
                    .map(drop)
                    .map_err(Into::into)
            },
        ));
    }
    Ok(queries)
}

/// How deep the deep page is: past 300,000 rows at province scale, four fifths of the list on
/// smaller data.
fn deep_offset(total: i64) -> u32 {
    u32::try_from((total * 4 / 5).min(300_000)).unwrap_or(0)
}

/// The questions a leader's first clicks ask of the whole data set: the catalogue, the
/// unfiltered list in every order (the first page and a deep page reached by cursor), and the
/// history of the most common indicator everywhere. Measured warm and after a cold start.
pub(crate) fn whole_data(store: &Store) -> Result<Vec<Query>> {
    let mut queries = vec![query(
        "catalogue (years, regions, programs, metrics, sample count)",
        "/api/catalogue".to_owned(),
        |s| wait(s.catalogue()).map(drop).map_err(Into::into),
    )];
    let everything = EvaluationFilter::default();
    for &sort in Sort::ALL {
        let first_page = ListQuery {
            sort: Some(sort),
            limit: Some(50),
            ..ListQuery::default()
        };
        queries.push(query(
            &format!("list, no filter, sort={sort}, page 1"),
            url("/api/evaluations", &first_page),
            move |s| {
                wait(s.list_evaluations(&EvaluationFilter::default(), sort, 50, &Start::Offset(0)))
                    .map(drop)
                    .map_err(Into::into)
            },
        ));
        let total =
            wait(store.list_evaluations(&everything, sort, 1, &Start::Offset(0)))?.total_count;
        let depth = deep_offset(total);
        let cursor = wait(store.list_evaluations(
            &everything,
            sort,
            1,
            &Start::Offset(depth.saturating_sub(1)),
        ))?
        .next
        .ok_or_else(|| anyhow!("no row past {depth}"))?;
        let position = ListPosition::decode(&cursor, sort)?;
        queries.push(query(
            &format!("list, no filter, sort={sort}, page after row {depth} (cursor)"),
            url(
                "/api/evaluations",
                &ListQuery {
                    after: Some(cursor),
                    ..first_page
                },
            ),
            move |s| {
                wait(s.list_evaluations(
                    &EvaluationFilter::default(),
                    sort,
                    50,
                    &Start::After(position.clone()),
                ))
                .map(drop)
                .map_err(Into::into)
            },
        ));
    }
    // The catalogue lists the most common name first.
    let catalogue = wait(store.indicator_catalogue(&IndicatorSearch::default(), 1, 0))?;
    let common = catalogue
        .items
        .first()
        .ok_or_else(|| anyhow!("the data set has no indicator rows"))?;
    let (name, rows) = (common.name.clone(), common.rows);
    queries.push(query(
        "fund search by pinyin initials, whole data set, page 1",
        url(
            "/api/evaluations",
            &ListQuery {
                q: Some("zx".to_owned()),
                sort: Some(Sort::Lowest),
                limit: Some(50),
                ..ListQuery::default()
            },
        ),
        move |s| {
            let filter = EvaluationFilter {
                fund: Some("zx".to_owned()),
                ..EvaluationFilter::default()
            };
            wait(s.list_evaluations(&filter, Sort::Lowest, 50, &Start::Offset(0)))
                .map(drop)
                .map_err(Into::into)
        },
    ));
    queries.push(query(
        "indicator catalogue, whole data set, search 企业",
        url(
            "/api/indicators",
            &CatalogueQuery {
                q: Some("企业".to_owned()),
                ..CatalogueQuery::default()
            },
        ),
        move |s| {
            let search = IndicatorSearch {
                text: "企业".to_owned(),
                ..IndicatorSearch::default()
            };
            wait(s.indicator_catalogue(&search, 20, 0))
                .map(drop)
                .map_err(Into::into)
        },
    ));
    queries.push(query(
        &format!("indicator history, whole data set ({rows} rows), page 1"),
        url(
            "/api/indicators/history",
            &HistoryQuery {
                name: Some(name.clone()),
                limit: Some(100),
                ..HistoryQuery::default()
            },
        ),
        move |s| {
            wait(s.indicator_history(&name, &EvaluationFilter::default(), 100, None))
                .map(drop)
                .map_err(Into::into)
        },
    ));
    Ok(queries)
}

fn query(
    name: &str,
    path: String,
    raw: impl Fn(&Store) -> Result<()> + Send + Sync + 'static,
) -> Query {
    Query {
        name: name.to_owned(),
        path,
        raw: Box::new(raw),
    }
}

/// What a cold mix varies: every region with evaluations, every region that has regions below
/// it (for `parent`), every year.
pub(crate) struct Places {
    regions: Vec<String>,
    parents: Vec<String>,
    years: Vec<i32>,
}

impl Places {
    /// The places and years of the data in `store`.
    pub(crate) fn of(store: &Store) -> Result<Self> {
        let all = wait(store.regions())?;
        let parents: Vec<String> = all
            .iter()
            .filter(|region| {
                all.iter()
                    .any(|r| r.parent.as_deref() == Some(&region.name))
            })
            .map(|region| region.name.clone())
            .collect();
        Ok(Self {
            regions: all
                .iter()
                .filter(|region| region.evaluations > 0)
                .map(|region| region.name.clone())
                .collect(),
            parents,
            years: wait(store.years())?,
        })
    }

    /// The other questions a cold mix asks of the endpoint of `path`: the same question with
    /// its `region` (or `parent`) and `year` replaced by every other region (or parent) and year
    /// of the data, the original left out; none when the path has neither to vary.
    pub(crate) fn variants(&self, path: &str) -> Vec<String> {
        let Some((route, query)) = path.split_once('?') else {
            return Vec::new();
        };
        let pairs: Vec<(&str, &str)> = query
            .split('&')
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
            .collect();
        let mut choices: Vec<Vec<String>> = Vec::new();
        let mut varied = false;
        for (key, value) in &pairs {
            let values: Vec<String> = match *key {
                "region" => self.regions.iter().map(|r| percent_encode(r)).collect(),
                "parent" => self.parents.iter().map(|r| percent_encode(r)).collect(),
                "year" => self.years.iter().map(ToString::to_string).collect(),
                _ => vec![(*value).to_owned()],
            };
            varied |= values.len() > 1;
            choices.push(values.into_iter().map(|v| format!("{key}={v}")).collect());
        }
        if !varied {
            return Vec::new();
        }
        let mut paths = vec![String::new()];
        for options in &choices {
            paths = options
                .iter()
                .flat_map(|option| {
                    paths.iter().map(move |start| {
                        if start.is_empty() {
                            option.clone()
                        } else {
                            format!("{start}&{option}")
                        }
                    })
                })
                .collect();
        }
        paths
            .into_iter()
            .map(|query| format!("{route}?{query}"))
            .filter(|variant| variant != path)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cold_mix_varies_region_parent_and_year_and_leaves_the_rest() {
        let places = Places {
            regions: vec!["益阳市".to_owned(), "赫山区".to_owned()],
            parents: vec!["湖南省".to_owned(), "益阳市".to_owned()],
            years: vec![2024, 2025],
        };
        let path = url(
            "/api/evaluations",
            &ListQuery {
                year: Some(2025),
                region: Some("益阳市".to_owned()),
                sort: Some(Sort::Lowest),
                ..ListQuery::default()
            },
        );
        let variants = places.variants(&path);
        assert_eq!(
            variants.len(),
            3,
            "2 regions × 2 years, the original left out"
        );
        assert!(variants.iter().all(|v| v.contains("sort=lowest")));
        assert!(variants.contains(&path.replace("year=2025", "year=2024")));
        let grid = "/api/compare/grid?year=2025&parent=%E6%B9%96%E5%8D%97%E7%9C%81";
        assert!(
            places
                .variants(grid)
                .iter()
                .any(|v| v.contains(&percent_encode("益阳市")))
        );
        assert!(places.variants("/api/catalogue").is_empty());
        assert!(
            places
                .variants("/api/evaluations?sort=newest&limit=50")
                .is_empty()
        );
    }
}
