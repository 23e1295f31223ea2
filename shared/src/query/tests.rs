use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::*;
use crate::metric::MetricCode;
use crate::value::Grade;

/// Writes `value`, reads it back, and asserts both the text and the round trip.
fn round_trip<T>(value: &T, text: &str)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    assert_eq!(write(value), text, "{value:?}");
    assert_eq!(read::<T>(text).as_ref(), Ok(value), "{text}");
}

fn growth() -> MetricCode {
    MetricCode::parse("industrial_value_added_growth").expect("a known metric")
}

/// `赫山区` as a query string writes it.
const HESHAN: &str = "%E8%B5%AB%E5%B1%B1%E5%8C%BA";

#[test]
fn chinese_reserved_and_spaces_are_encoded_unreserved_kept() {
    assert_eq!(percent_encode("赫山区"), HESHAN);
    assert_eq!(percent_encode("metric:a_b c&d"), "metric%3Aa_b%20c%26d");
    assert_eq!(percent_encode("区 a-1.~"), "%E5%8C%BA%20a-1.~");
}

#[test]
fn the_list_query_round_trips_with_every_parameter() {
    let query = ListQuery {
        year: Some(2022),
        region: Some("赫山区".to_owned()),
        program: Some("先进 制造+业&10%*~".to_owned()),
        grade: Some(Grade::Good),
        source: Some(Source::Sample),
        findings: Some(Findings::With),
        q: Some("xjzz".to_owned()),
        sort: Some(Sort::Findings),
        limit: Some(100),
        offset: Some(200),
        after: Some("WzIwMjIsOTAwMDAwMDAsMTdd".to_owned()),
    };
    round_trip(
        &query,
        &format!(
            "year=2022&region={HESHAN}&program=%E5%85%88%E8%BF%9B%20%E5%88%B6%E9%80%A0%2B%E4%B8%9A%2610%25%2A~\
             &grade=%E8%89%AF&source=sample&findings=with&q=xjzz&sort=findings&limit=100&offset=200\
             &after=WzIwMjIsOTAwMDAwMDAsMTdd"
        ),
    );
    assert_eq!(query.filter().region.as_deref(), Some("赫山区"));
    assert_eq!(query.filter().source, Some(Source::Sample));
}

#[test]
fn every_sort_round_trips_by_its_code() {
    let codes: Vec<&str> = Sort::ALL.iter().map(|sort| sort.code()).collect();
    assert_eq!(
        codes,
        [
            "newest", "lowest", "highest", "program", "region", "findings"
        ]
    );
    for &sort in Sort::ALL {
        let query = ListQuery {
            sort: Some(sort),
            ..ListQuery::default()
        };
        round_trip(&query, &format!("sort={sort}"));
        assert_eq!(sort.code().parse::<Sort>().ok(), Some(sort));
    }
    for &source in Source::ALL {
        round_trip(
            &FilterQuery {
                source: Some(source),
                ..FilterQuery::default()
            },
            &format!("source={}", source.code()),
        );
    }
}

#[test]
fn every_question_round_trips() {
    let region = || Some("赫山区".to_owned());
    round_trip(
        &FilterQuery {
            year: Some(2024),
            region: region(),
            program: Some("专项".to_owned()),
            grade: Some(Grade::Poor),
            source: Some(Source::Real),
        },
        &format!(
            "year=2024&region={HESHAN}&program=%E4%B8%93%E9%A1%B9&grade=%E5%B7%AE&source=real"
        ),
    );
    round_trip(
        &CatalogueQuery {
            q: Some("企业".to_owned()),
            region: region(),
            limit: Some(12),
            offset: Some(24),
            ..CatalogueQuery::default()
        },
        &format!("q=%E4%BC%81%E4%B8%9A&region={HESHAN}&limit=12&offset=24"),
    );
    round_trip(
        &HistoryQuery {
            name: Some("新增企业".to_owned()),
            year: Some(2022),
            region: region(),
            limit: Some(100),
            after: Some("abc".to_owned()),
            ..HistoryQuery::default()
        },
        &format!(
            "name=%E6%96%B0%E5%A2%9E%E4%BC%81%E4%B8%9A&year=2022&region={HESHAN}&limit=100&after=abc"
        ),
    );
    round_trip(
        &YearsQuery {
            a: Some(2021),
            b: Some(2022),
            region: region(),
            program: Some("专项".to_owned()),
            ..YearsQuery::default()
        },
        &format!("a=2021&b=2022&region={HESHAN}&program=%E4%B8%93%E9%A1%B9"),
    );
    round_trip(
        &MetricQuery {
            region: region(),
            metric: Some(growth()),
            source: Some(Source::All),
        },
        &format!("region={HESHAN}&metric=industrial_value_added_growth&source=all"),
    );
    round_trip(
        &MetricSetQuery {
            region: region(),
            metrics: Some("a,b".to_owned()),
            source: None,
        },
        &format!("region={HESHAN}&metrics=a%2Cb"),
    );
    round_trip(
        &CompareQuery {
            year: Some(2022),
            parent: Some("益阳市".to_owned()),
            measure: Some(Measure::Metric(growth())),
            source: Some(Source::Sample),
        },
        "year=2022&parent=%E7%9B%8A%E9%98%B3%E5%B8%82\
         &measure=metric%3Aindustrial_value_added_growth&source=sample",
    );
    round_trip(
        &GridQuery {
            year: Some(2022),
            parent: region(),
            program: Some("专项".to_owned()),
        },
        &format!("year=2022&parent={HESHAN}&program=%E4%B8%93%E9%A1%B9"),
    );
    round_trip(
        &BriefingQuery {
            year: Some(2022),
            region: region(),
            program: None,
            source: Some(Source::Real),
        },
        &format!("year=2022&region={HESHAN}&source=real"),
    );
    round_trip(
        &SizeQuery {
            w: Some(900),
            h: Some(420),
        },
        "w=900&h=420",
    );
    round_trip(
        &HighlightQuery {
            highlight: region(),
        },
        &format!("highlight={HESHAN}"),
    );
    round_trip(
        &FormatQuery {
            format: Some(TableFormat::Xlsx),
        },
        "format=xlsx",
    );
    round_trip(&ImportQuery { replace: true }, "replace=true");
    round_trip(
        &DiffQuery {
            from: Some(1),
            to: Some(3),
        },
        "from=1&to=3",
    );
    round_trip(
        &AuditQuery {
            before: Some(-1),
            limit: Some(50),
        },
        "before=-1&limit=50",
    );
    round_trip(
        &OverviewQuery {
            year: Some(2022),
            region: region(),
            source: None,
        },
        &format!("year=2022&region={HESHAN}"),
    );
    round_trip(
        &DistrictsQuery {
            year: Some(2022),
            region: region(),
            measure: Some(Measure::ExecutionRate),
            program: Some("专项".to_owned()),
        },
        &format!("year=2022&region={HESHAN}&measure=execution_rate&program=%E4%B8%93%E9%A1%B9"),
    );
    round_trip(
        &DetailQuery {
            row: Some("execution".to_owned()),
            version: Some(2),
        },
        "row=execution&version=2",
    );
    round_trip(
        &HistoryPageQuery {
            metric: Some(growth()),
            region: region(),
            ..HistoryPageQuery::default()
        },
        &format!("metric=industrial_value_added_growth&region={HESHAN}"),
    );
    round_trip(&DraftQuery { draft: Some(7) }, "draft=7");
    round_trip(
        &LoginQuery {
            next: Some("/import".to_owned()),
        },
        "next=%2Fimport",
    );
    round_trip(
        &HistoryPageQuery {
            name: Some("新增企业".to_owned()),
            program: Some("专项".to_owned()),
            after: Some("abc".to_owned()),
            ..HistoryPageQuery::default()
        },
        "name=%E6%96%B0%E5%A2%9E%E4%BC%81%E4%B8%9A&program=%E4%B8%93%E9%A1%B9&after=abc",
    );
}

#[test]
fn absent_and_blank_values_are_left_out_by_both_sides() {
    let query = ListQuery {
        year: Some(2022),
        region: Some(String::new()),
        program: Some("  ".to_owned()),
        q: None,
        ..ListQuery::default()
    };
    assert_eq!(write(&query), "year=2022");
    assert_eq!(write(&ListQuery::default()), "");
    assert_eq!(url("/evaluations", &ListQuery::default()), "/evaluations");
    assert_eq!(url("/evaluations", &query), "/evaluations?year=2022");
    let read_back: ListQuery = read("year=2022&region=&program=%20%20&sort=&q=").expect("reads");
    assert_eq!(
        read_back,
        ListQuery {
            year: Some(2022),
            ..ListQuery::default()
        }
    );
    assert_eq!(read::<ImportQuery>(""), Ok(ImportQuery { replace: false }));
}

#[test]
fn pairs_and_a_question_as_a_file_are_written_the_same_way() {
    let pairs = [("region", "益阳市"), ("year", ""), ("after", "x y")];
    assert_eq!(
        url("/", &pairs),
        "/?region=%E7%9B%8A%E9%98%B3%E5%B8%82&after=x%20y"
    );
    let question = ListQuery {
        year: Some(2022),
        sort: Some(Sort::Lowest),
        ..ListQuery::default()
    };
    let file = AsFile {
        question: &question,
        format: TableFormat::Csv,
    };
    assert_eq!(
        url("/api/evaluations", &file),
        "/api/evaluations?year=2022&sort=lowest&format=csv"
    );
}

/// The refusal of `query` read as `T`: `parameter: message`.
fn refusal<T: DeserializeOwned + Debug>(query: &str) -> String {
    let error = read::<T>(query).expect_err(query);
    format!("{}: {}", error.parameter, error.message)
}

#[test]
fn a_refusal_names_the_parameter_and_lists_the_allowed_values_in_chinese() {
    assert_eq!(
        refusal::<ListQuery>("year=2022&sort=bogus"),
        "sort: 取值 bogus 无效，可选：newest、lowest、highest、program、region、findings"
    );
    assert_eq!(
        refusal::<ListQuery>("source=bogus"),
        "source: 取值 bogus 无效，可选：all、real、sample"
    );
    assert_eq!(
        refusal::<ListQuery>("findings=some"),
        "findings: 取值 some 无效，应为 any、with"
    );
    assert_eq!(
        refusal::<FormatQuery>("format=pdf"),
        "format: 取值 pdf 无效，应为 csv、xlsx"
    );
    assert_eq!(refusal::<ListQuery>("year=abc"), "year: 不是有效的整数");
    assert_eq!(refusal::<ListQuery>("limit=-3"), "limit: 不是有效的整数");
    assert!(refusal::<FilterQuery>("grade=甲").starts_with("grade: "));
    assert_eq!(
        refusal::<CompareQuery>("measure=bogus"),
        "measure: 取值 bogus 无效，可选：score、execution_rate、metric:<指标代码>"
    );
    assert_eq!(
        read::<ListQuery>("sort=bogus")
            .expect_err("refused")
            .to_string(),
        "查询参数 sort：取值 bogus 无效，可选：newest、lowest、highest、program、region、findings"
    );

    #[derive(Debug, serde::Deserialize)]
    struct Required {
        #[allow(dead_code)]
        name: String,
    }
    assert_eq!(refusal::<Required>(""), "name: 必填");
}

#[test]
fn a_page_reads_its_url_leaving_out_what_it_cannot_read() {
    let query: ListQuery = read_lenient(&format!("year=abc&region={HESHAN}&sort=bogus&limit=5"));
    assert_eq!(
        query,
        ListQuery {
            region: Some("赫山区".to_owned()),
            limit: Some(5),
            ..ListQuery::default()
        }
    );
    let districts: DistrictsQuery = read_lenient("measure=metric:nope&year=2022");
    assert_eq!(districts.measure, None);
    assert_eq!(districts.year, Some(2022));
}

#[test]
fn measures_round_trip_through_their_text() {
    for text in [
        "score",
        "execution_rate",
        "metric:industrial_value_added_growth",
    ] {
        let measure: Measure = text.parse().expect(text);
        assert_eq!(measure.to_string(), text);
    }
    let by_name: Measure = "metric:规模工业增加值增速".parse().expect("a Chinese name");
    assert_eq!(by_name.to_string(), "metric:industrial_value_added_growth");
}

#[test]
fn a_wrong_measure_lists_the_allowed_forms_in_chinese() {
    let error = "bogus".parse::<Measure>().expect_err("refused");
    assert!(error.to_string().contains("execution_rate"), "{error}");
    assert!("metric:nope".parse::<Measure>().is_err());
}
