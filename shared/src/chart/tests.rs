//! Chart output checked as parsed SVG: well-formed, labelled, gaps for missing values, the empty
//! notice, negative values, tooltips, and the wire format of the chart data.

use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use super::*;

/// The parts of a rendered chart the tests look at.
#[derive(Debug)]
struct Parsed {
    /// Visible text, in document order (halo copies left out).
    texts: Vec<String>,
    /// Tooltip texts.
    tooltips: Vec<String>,
    /// The document's own `<title>` and `<desc>` (children of the root).
    heading: Option<(String, String)>,
    /// `(tag, attributes)` of every element.
    elements: Vec<(String, Vec<(String, String)>)>,
}

impl Parsed {
    fn of(svg: &str) -> Self {
        assert!(
            svg.starts_with("<svg"),
            "starts with <svg: {}",
            &svg[..40.min(svg.len())]
        );
        assert!(svg.ends_with("</svg>"), "ends with </svg>");
        let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
        let root = document.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        let mut parsed = Self {
            texts: Vec::new(),
            tooltips: Vec::new(),
            heading: None,
            elements: Vec::new(),
        };
        let child = |tag: &str| {
            root.children()
                .find(|node| node.tag_name().name() == tag)
                .and_then(|node| node.text())
                .map(str::to_owned)
        };
        parsed.heading = child("title").zip(child("desc"));
        for node in root.descendants().filter(roxmltree::Node::is_element) {
            let name = node.tag_name().name().to_owned();
            let text = node.text().unwrap_or_default().trim().to_owned();
            match name.as_str() {
                "text" if node.attribute("stroke").is_none() => parsed.texts.push(text),
                "title" if node.parent() != Some(root) => parsed.tooltips.push(text),
                _ => {}
            }
            let attributes = node
                .attributes()
                .map(|attribute| (attribute.name().to_owned(), attribute.value().to_owned()))
                .collect();
            parsed.elements.push((name, attributes));
        }
        parsed
    }

    fn has_text(&self, text: &str) -> bool {
        self.texts.iter().any(|candidate| candidate == text)
    }

    fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
        attributes
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every element `tag`.
    fn with_tag(&self, tag: &str) -> Vec<(&str, &[(String, String)])> {
        self.elements
            .iter()
            .filter(|(element, _)| element == tag)
            .map(|(element, attributes)| (element.as_str(), attributes.as_slice()))
            .collect()
    }

    /// Elements `tag` whose `name` attribute is `value`.
    fn with(&self, tag: &str, name: &str, value: &str) -> Vec<&[(String, String)]> {
        self.elements
            .iter()
            .filter(|(element, attributes)| {
                element == tag && Self::attribute(attributes, name) == Some(value)
            })
            .map(|(_, attributes)| attributes.as_slice())
            .collect()
    }
}

fn number(attributes: &[(String, String)], name: &str) -> i32 {
    Parsed::attribute(attributes, name)
        .and_then(|value| value.parse().ok())
        .unwrap_or_else(|| panic!("numeric {name} in {attributes:?}"))
}

fn series(name: &str, points: &[(&str, Option<Decimal>)]) -> Series {
    Series {
        name: name.to_owned(),
        points: points
            .iter()
            .map(|(label, value)| ((*label).to_owned(), *value))
            .collect(),
    }
}

fn bar(label: &str, value: Option<Decimal>) -> Bar {
    Bar {
        label: label.to_owned(),
        value,
        highlight: false,
    }
}

fn money_trend() -> LineChart {
    LineChart {
        title: "专项资金规模趋势".to_owned(),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        series: vec![
            series(
                "益阳市",
                &[
                    ("2021", Some(dec!(452.5))),
                    ("2022", Some(dec!(593.04))),
                    ("2023", Some(dec!(752))),
                ],
            ),
            series(
                "赫山区",
                &[
                    ("2021", Some(dec!(120))),
                    ("2022", Some(dec!(98.6))),
                    ("2023", Some(dec!(130.25))),
                ],
            ),
        ],
        benchmark: Some(series(
            "全省平均",
            &[
                ("2021", Some(dec!(400))),
                ("2022", Some(dec!(500))),
                ("2023", Some(dec!(600))),
            ],
        )),
        mark: DataMark::of(false, EVALUATION_SOURCE, [2021, 2023]),
    }
}

fn execution_rates() -> BarChart {
    BarChart {
        title: "各区县资金执行率".to_owned(),
        y_label: "%".to_owned(),
        unit: ValueUnit::Percent,
        bars: vec![
            bar("赫山区", Some(dec!(98.6))),
            Bar {
                highlight: true,
                ..bar("资阳区", Some(dec!(95.24)))
            },
            bar("南县", None),
            bar("安化县", Some(dec!(-21.14))),
        ],
        reference_lines: vec![("全省平均".to_owned(), dec!(6.8))],
        mark: DataMark::Sample,
        orientation: Orientation::Columns,
    }
}

#[test]
fn a_line_chart_is_well_formed_and_labelled() {
    let svg = line_chart_svg(&money_trend(), 900, 500);
    let parsed = Parsed::of(&svg);
    for text in [
        "专项资金规模趋势",
        "单位：万元",
        "益阳市",
        "赫山区",
        "全省平均",
        "2021",
        "2023",
        "593.04万元",
        "752万元",
        "98.6万元",
        "130.25万元",
        "500万元",
    ] {
        assert!(parsed.has_text(text), "{text} in {:?}", parsed.texts);
    }
    assert!(
        parsed
            .tooltips
            .contains(&"益阳市 2022：593.04万元".to_owned())
    );
    assert!(
        parsed
            .tooltips
            .contains(&"全省平均 2023：600万元".to_owned())
    );
    assert_eq!(parsed.tooltips.len(), 9);
    assert!(svg.contains(r#"aria-label="专项资金规模趋势""#));
    assert!(svg.contains(r#"width="900" height="500""#));
}

#[test]
fn text_uses_the_cjk_font_stack_and_whole_pixel_sizes() {
    for svg in [
        line_chart_svg(&money_trend(), 900, 500),
        bar_chart_svg(&execution_rates(), 640, 360),
    ] {
        let parsed = Parsed::of(&svg);
        let texts: Vec<_> = parsed
            .elements
            .iter()
            .filter(|(tag, _)| tag == "text")
            .collect();
        assert!(!texts.is_empty());
        for (_, attributes) in texts {
            let family = Parsed::attribute(attributes, "font-family").expect("font family");
            assert!(family.starts_with("'Noto Sans CJK SC'"), "{family}");
            assert!(family.ends_with("sans-serif"), "{family}");
            let size = Parsed::attribute(attributes, "font-size").expect("font size");
            assert!(size.parse::<u32>().is_ok(), "font-size {size}");
        }
    }
}

#[test]
fn percentages_have_one_decimal_and_negative_values_render() {
    let chart = LineChart {
        title: "增长率".to_owned(),
        y_label: "增长率".to_owned(),
        unit: ValueUnit::Percent,
        series: vec![series(
            "益阳市",
            &[("2021", Some(dec!(6.8))), ("2022", Some(dec!(-21.14)))],
        )],
        benchmark: None,
        mark: DataMark::Sample,
    };
    let parsed = Parsed::of(&line_chart_svg(&chart, 700, 400));
    assert!(parsed.has_text("6.8%"));
    assert!(parsed.has_text("-21.1%"));
    assert!(parsed.has_text("增长率（%）"));
    assert!(
        parsed.has_text("0%"),
        "a zero grid line in {:?}",
        parsed.texts
    );
    let dots = parsed.with("circle", "fill", SERIES_COLOURS[0]);
    assert_eq!(dots.len(), 2);
    assert!(
        number(dots[1], "cy") > number(dots[0], "cy"),
        "-21.1% is drawn lower"
    );
}

#[test]
fn a_missing_point_leaves_a_gap_without_a_label() {
    let chart = LineChart {
        title: "缺数".to_owned(),
        y_label: String::new(),
        unit: ValueUnit::WanYuan,
        series: vec![series(
            "益阳市",
            &[
                ("2021", Some(dec!(1))),
                ("2022", None),
                ("2023", Some(dec!(3))),
                ("2024", Some(dec!(4))),
            ],
        )],
        benchmark: None,
        mark: DataMark::Sample,
    };
    let parsed = Parsed::of(&line_chart_svg(&chart, 600, 300));
    let values: Vec<&String> = parsed
        .texts
        .iter()
        .filter(|text| text.ends_with("万元") && !text.starts_with("单位"))
        .collect();
    assert_eq!(values, ["1万元", "3万元", "4万元"]);
    assert!(parsed.has_text("2022"), "the year itself stays on the axis");
    assert_eq!(parsed.tooltips.len(), 3);
    assert!(
        !parsed
            .tooltips
            .iter()
            .any(|tooltip| tooltip.contains("2022"))
    );
    let segments = parsed.with("polyline", "stroke", SERIES_COLOURS[0]);
    assert_eq!(segments.len(), 1, "only 2023–2024 is joined");
    assert_eq!(parsed.with("circle", "fill", SERIES_COLOURS[0]).len(), 3);
}

#[test]
fn a_bar_chart_labels_bars_reference_lines_and_negative_values() {
    let parsed = Parsed::of(&bar_chart_svg(&execution_rates(), 800, 450));
    for text in [
        "各区县资金执行率",
        "单位：%",
        "赫山区",
        "资阳区",
        "南县",
        "安化县",
        "98.6%",
        "95.2%",
        "-21.1%",
        "全省平均",
        "6.8%",
    ] {
        assert!(parsed.has_text(text), "{text} in {:?}", parsed.texts);
    }
    assert!(!parsed.has_text("0.0%"), "the missing bar has no label");
    assert!(parsed.tooltips.contains(&"南县：无数据".to_owned()));
    assert!(parsed.tooltips.contains(&"安化县：-21.1%".to_owned()));
    assert!(parsed.tooltips.contains(&"全省平均：6.8%".to_owned()));

    let plain = parsed.with("rect", "fill", BAR_COLOUR);
    let strong = parsed.with("rect", "fill", BAR_HIGHLIGHT_COLOUR);
    assert_eq!(plain.len(), 2, "赫山区 and 安化县; 南县 has no bar");
    assert_eq!(strong.len(), 1, "资阳区 is highlighted");
    let (up, down) = (plain[0], plain[1]);
    let zero = number(up, "y") + number(up, "height");
    assert_eq!(
        number(down, "y"),
        zero,
        "the negative bar hangs from the zero line"
    );
    assert!(number(down, "height") > 0);
}

#[test]
fn money_switches_to_yi_yuan_on_the_axis_and_in_labels() {
    let chart = BarChart {
        title: "资金规模".to_owned(),
        y_label: "资金规模（万元）".to_owned(),
        unit: ValueUnit::WanYuan,
        bars: vec![
            bar("益阳市", Some(dec!(28458))),
            bar("赫山区", Some(dec!(593.04))),
        ],
        reference_lines: Vec::new(),
        mark: DataMark::Sample,
        orientation: Orientation::Columns,
    };
    let parsed = Parsed::of(&bar_chart_svg(&chart, 600, 400));
    assert!(parsed.has_text("资金规模（亿元）"));
    assert!(parsed.has_text("2.85亿元"));
    assert!(parsed.has_text("593.04万元"));
}

#[test]
fn charts_without_values_say_no_data() {
    let empty_lines = LineChart {
        title: "空".to_owned(),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        series: Vec::new(),
        benchmark: None,
        mark: DataMark::Sample,
    };
    let only_gaps = LineChart {
        series: vec![series("益阳市", &[("2021", None), ("2022", None)])],
        ..empty_lines.clone()
    };
    let empty_bars = BarChart {
        title: "空".to_owned(),
        y_label: String::new(),
        unit: ValueUnit::Count("家".to_owned()),
        bars: Vec::new(),
        reference_lines: vec![("全省平均".to_owned(), dec!(3))],
        mark: DataMark::Sample,
        orientation: Orientation::Columns,
    };
    let missing_bars = BarChart {
        bars: vec![bar("南县", None)],
        ..empty_bars.clone()
    };
    for svg in [
        line_chart_svg(&empty_lines, 900, 500),
        line_chart_svg(&only_gaps, 900, 500),
        bar_chart_svg(&empty_bars, 900, 500),
        bar_chart_svg(&missing_bars, 900, 500),
    ] {
        let parsed = Parsed::of(&svg);
        assert_eq!(parsed.texts, ["空", NO_DATA, &DataMark::Sample.line()]);
    }
}

#[test]
fn sample_charts_say_so_inside_the_drawing_and_real_ones_name_their_source() {
    let sample = Parsed::of(&bar_chart_svg(&execution_rates(), 640, 320));
    assert!(
        sample.has_text(&DataMark::Sample.line()),
        "{:?}",
        sample.texts
    );
    let (title, desc) = sample.heading.clone().expect("a title and a description");
    assert_eq!(title, "各区县资金执行率");
    assert!(
        desc.starts_with("柱状图：4项，最高为赫山区（98.6%），最低为安化县（-21.1%）"),
        "{desc}"
    );
    assert!(desc.contains(SAMPLE_MARK), "{desc}");
    let marks = sample.with("text", "fill", SAMPLE_MARK_COLOUR);
    assert_eq!(marks.len(), 1, "the sample mark is drawn in its colour");

    let real = Parsed::of(&line_chart_svg(&money_trend(), 320, 240));
    assert!(!real.texts.iter().any(|text| text.contains(SAMPLE_MARK)));
    // At 320 px the source takes two lines at 12 px: the text runs on from one to the next.
    assert!(
        real.texts
            .concat()
            .contains("数据来源：专项资金绩效自评表；数据期间：2021—2023年"),
        "{:?}",
        real.texts
    );
    let (_, desc) = real.heading.expect("a title and a description");
    assert!(
        desc.starts_with("折线图：益阳市、赫山区、全省平均，2021至2023。"),
        "{desc}"
    );

    let unknown: BarChart =
        serde_json::from_str(r#"{"title":"t","y_label":"","unit":"percent","bars":[]}"#)
            .expect("the mark may be left out");
    assert!(
        unknown.mark.is_sample(),
        "an unstated origin is never passed off as real"
    );
}

#[test]
fn tiny_sizes_are_raised_and_odd_text_is_escaped() {
    let mut chart = execution_rates();
    chart.title = r#"A<B & "C" 'D'"#.to_owned();
    chart.bars[0].label = "<script>\u{0}".to_owned();
    let svg = bar_chart_svg(&chart, 0, 0);
    let parsed = Parsed::of(&svg);
    assert!(parsed.has_text(r#"A<B & "C" 'D'"#));
    assert!(svg.contains(&format!(r#"width="{MIN_WIDTH}" height="{MIN_HEIGHT}""#)));
    assert!(!svg.contains("<script"));
}

#[test]
fn the_same_chart_draws_the_same_svg() {
    assert_eq!(
        line_chart_svg(&money_trend(), 640, 360),
        line_chart_svg(&money_trend(), 640, 360)
    );
}

#[test]
fn counts_scores_and_plain_numbers_are_formatted() {
    assert_eq!(
        ValueUnit::Count("家".to_owned()).format(dec!(1234)),
        "1,234家"
    );
    assert_eq!(ValueUnit::Score.format(dec!(4.7222)), "4.72");
    assert_eq!(ValueUnit::Plain.format(dec!(-1234.567)), "-1,234.57");
    assert_eq!(ValueUnit::WanYuan.format(dec!(593.04)), "593.04万元");
    assert_eq!(ValueUnit::Percent.format(dec!(6.8)), "6.8%");
}

#[test]
fn a_unit_labels_with_the_decimals_it_declares() {
    for (unit, tiny, shown) in [
        (ValueUnit::Percent, dec!(0.04), dec!(0.05)),
        (ValueUnit::WanYuan, dec!(0.004), dec!(0.005)),
        (ValueUnit::Score, dec!(0.004), dec!(0.005)),
        (ValueUnit::Count("家".to_owned()), dec!(0.004), dec!(0.005)),
        (ValueUnit::Plain, dec!(0.004), dec!(0.005)),
    ] {
        assert!(format::shows_as_zero(tiny, unit.decimals()), "{unit:?}");
        assert!(
            !unit
                .format(tiny)
                .contains(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
        );
        assert!(!format::shows_as_zero(shown, unit.decimals()), "{unit:?}");
        assert!(
            unit.format(shown)
                .contains(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
        );
    }
}

#[test]
fn grade_colours_follow_the_grades() {
    for (grade, (label, colour)) in Grade::ALL.into_iter().zip(GRADE_COLOURS) {
        assert_eq!(grade.label(), label);
        assert_eq!(grade_colour(grade), colour);
    }
    let all = SERIES_COLOURS
        .iter()
        .chain(&REFERENCE_COLOURS)
        .chain(GRADE_COLOURS.iter().map(|(_, colour)| colour))
        .chain(&[
            BENCHMARK_COLOUR,
            BAR_COLOUR,
            BAR_HIGHLIGHT_COLOUR,
            TEXT_COLOUR,
        ]);
    for colour in all {
        assert!(
            colour.len() == 7
                && colour.starts_with('#')
                && colour[1..]
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase()),
            "{colour} is #RRGGBB"
        );
    }
}

#[test]
fn chart_data_travels_as_json_numbers() {
    let chart = LineChart {
        benchmark: None,
        series: vec![series(
            "益阳市",
            &[("2022", Some(dec!(593.04))), ("2023", None)],
        )],
        ..money_trend()
    };
    let json = serde_json::to_value(&chart).expect("serializes");
    assert_eq!(
        json["series"][0]["points"],
        serde_json::json!([["2022", 593.04], ["2023", null]])
    );
    assert_eq!(json["unit"], "wan_yuan");
    let back: LineChart = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, chart);

    let bars = BarChart {
        unit: ValueUnit::Count("家".to_owned()),
        ..execution_rates()
    };
    let json = serde_json::to_value(&bars).expect("serializes");
    assert_eq!(json["unit"], serde_json::json!({"count": "家"}));
    assert_eq!(
        json["reference_lines"],
        serde_json::json!([["全省平均", 6.8]])
    );
    assert_eq!(json["bars"][2]["value"], serde_json::Value::Null);
    let back: BarChart = serde_json::from_value(json).expect("deserializes");
    assert_eq!(back, bars);

    let sparse: BarChart = serde_json::from_str(
        r#"{"title":"t","y_label":"","unit":"percent","bars":[{"label":"南县","value":"6.80"}]}"#,
    )
    .expect("optional fields may be left out, numbers may be strings");
    assert_eq!(sparse.bars[0].value, Some(dec!(6.80)));
    assert!(!sparse.bars[0].highlight && sparse.reference_lines.is_empty());
}

fn value() -> impl Strategy<Value = Option<Decimal>> {
    prop_oneof![
        1 => Just(None),
        4 => (-1_000_000_000_i64..1_000_000_000).prop_map(|cents| Some(Decimal::new(cents, 2))),
        1 => (-100_i64..100).prop_map(|units| Some(Decimal::from(units))),
    ]
}

fn unit() -> impl Strategy<Value = ValueUnit> {
    prop_oneof![
        Just(ValueUnit::WanYuan),
        Just(ValueUnit::Percent),
        Just(ValueUnit::Score),
        Just(ValueUnit::Count("家".to_owned())),
        Just(ValueUnit::Plain),
    ]
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        (2015_u32..2030).prop_map(|year| year.to_string()),
        Just("益阳高新技术产业开发区".to_owned()),
        Just("南县".to_owned()),
        Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_line_chart_is_well_formed(
        unit in unit(),
        lines in prop::collection::vec(prop::collection::vec((label(), value()), 0..12), 0..5),
        benchmark in prop::option::of(prop::collection::vec((label(), value()), 0..12)),
        width in 0_u32..1600,
        height in 0_u32..900,
    ) {
        let to_series = |points: Vec<(String, Option<Decimal>)>| Series {
            name: "系列".to_owned(),
            points,
        };
        let chart = LineChart {
            title: "任意".to_owned(),
            y_label: "值".to_owned(),
            unit,
            series: lines.into_iter().map(to_series).collect(),
            benchmark: benchmark.map(to_series),
            mark: DataMark::Sample,
        };
        let parsed = Parsed::of(&line_chart_svg(&chart, width, height));
        prop_assert!(parsed.has_text("任意"));
    }

    #[test]
    fn any_bar_chart_is_well_formed(
        unit in unit(),
        bars in prop::collection::vec((label(), value(), any::<bool>()), 0..40),
        references in prop::collection::vec(value(), 0..4),
        width in 0_u32..1600,
        height in 0_u32..900,
    ) {
        let chart = BarChart {
            title: "任意".to_owned(),
            y_label: String::new(),
            unit,
            bars: bars
                .into_iter()
                .map(|(label, value, highlight)| Bar { label, value, highlight })
                .collect(),
            reference_lines: references
                .into_iter()
                .flatten()
                .map(|value| ("参考".to_owned(), value))
                .collect(),
            mark: DataMark::Sample,
            orientation: Orientation::Columns,
        };
        let any_value = chart.bars.iter().any(|bar| bar.value.is_some());
        let parsed = Parsed::of(&bar_chart_svg(&chart, width, height));
        prop_assert!(parsed.has_text("任意"));
        prop_assert_eq!(parsed.has_text(NO_DATA), !any_value);
    }
}

/// Every visible text's box `(left, top, right, bottom, text)`, estimated here independently
/// of the drawing code: a CJK character 1 em, narrow ASCII punctuation 0.3 em, other ASCII
/// 0.55 em, one em high, placed by `x`, `y`, `text-anchor`, `dy` and a quarter turn.
fn text_boxes(svg: &str) -> Vec<(f64, f64, f64, f64, String)> {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    document
        .descendants()
        .filter(|node| node.has_tag_name("text") && node.attribute("stroke").is_none())
        .map(|node| {
            let number = |name: &str| -> f64 {
                node.attribute(name)
                    .and_then(|value| value.parse().ok())
                    .unwrap_or_else(|| panic!("{name} of a text"))
            };
            let text = node.text().unwrap_or_default().trim().to_owned();
            let px = number("font-size");
            let width: f64 = text
                .chars()
                .map(|c| match c {
                    '.' | ',' | ':' | ' ' | '-' | '(' | ')' => 0.3,
                    c if c.is_ascii() => 0.55,
                    _ => 1.0,
                })
                .sum::<f64>()
                * px;
            let (x, y) = (number("x"), number("y"));
            let (before, after) = match node.attribute("text-anchor") {
                Some("middle") => (width / 2.0, width / 2.0),
                Some("end") => (width, 0.0),
                _ => (0.0, width),
            };
            let (above, below) = match node.attribute("dy") {
                Some("0.76em") => (0.0, px),
                Some("-0.5ex") => (px, 0.0),
                _ => (px / 2.0, px / 2.0),
            };
            let upright = node
                .attribute("transform")
                .is_some_and(|transform| transform.starts_with("rotate(270"));
            if upright {
                (x - above, y - after, x + below, y + before, text)
            } else {
                (x - before, y - above, x + after, y + below, text)
            }
        })
        .collect()
}

/// Pairs of texts whose boxes overlap by more than half a pixel both ways.
fn collisions(svg: &str) -> Vec<(String, String)> {
    let boxes = text_boxes(svg);
    let mut found = Vec::new();
    for (index, a) in boxes.iter().enumerate() {
        for b in &boxes[index + 1..] {
            let across = a.2.min(b.2) - a.0.max(b.0);
            let down = a.3.min(b.3) - a.1.max(b.1);
            if across > 0.5 && down > 0.5 {
                found.push((a.4.clone(), b.4.clone()));
            }
        }
    }
    found
}

fn crowded_lines() -> LineChart {
    let years = ["2019", "2020", "2021", "2022", "2023", "2024"];
    let line = |name: &str, base: i64| {
        series(
            name,
            &years
                .iter()
                .enumerate()
                .map(|(index, year)| (*year, Some(Decimal::new(base + index as i64 * 37, 0))))
                .collect::<Vec<_>>(),
        )
    };
    LineChart {
        title: "预算与执行".to_owned(),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        series: vec![
            line("年初预算数", 884_912),
            line("全年预算数", 885_013),
            line("全年执行数", 884_990),
        ],
        benchmark: Some(line("全省平均", 885_040)),
        mark: DataMark::Sample,
    }
}

fn crowded_bars() -> BarChart {
    let names = [
        "赫山区",
        "资阳区",
        "南县",
        "桃江县",
        "安化县",
        "沅江市",
        "大通湖区",
        "益阳高新区",
        "赫山区二",
        "资阳区二",
        "南县二",
        "桃江县二",
        "安化县二",
        "沅江市二",
    ];
    BarChart {
        title: "各区县资金规模".to_owned(),
        y_label: "万元".to_owned(),
        unit: ValueUnit::WanYuan,
        bars: names
            .iter()
            .enumerate()
            .map(|(index, name)| bar(name, Some(Decimal::new(59_304 + index as i64 * 1_117, 2))))
            .collect(),
        reference_lines: vec![
            ("益阳市".to_owned(), dec!(650.5)),
            ("全省平均".to_owned(), dec!(655.25)),
        ],
        mark: DataMark::Sample,
        orientation: Orientation::Columns,
    }
}

#[test]
fn crowded_charts_drop_labels_rather_than_overlap_them() {
    for (width, height) in [(360, 240), (640, 320), (1000, 380)] {
        for svg in [
            line_chart_svg(&crowded_lines(), width, height),
            bar_chart_svg(&crowded_bars(), width, height),
        ] {
            assert_eq!(
                collisions(&svg),
                Vec::<(String, String)>::new(),
                "at {width}×{height}"
            );
        }
    }
    let narrow = Parsed::of(&line_chart_svg(&crowded_lines(), 360, 240));
    let labels = narrow
        .texts
        .iter()
        .filter(|text| text.ends_with("亿元"))
        .count();
    assert!(
        labels >= 1,
        "some values keep their label: {:?}",
        narrow.texts
    );
    assert!(labels < 24, "not every one of the 24 points fits at 360 px");
}

#[test]
fn every_text_is_at_least_twelve_pixels() {
    for svg in [
        line_chart_svg(&crowded_lines(), 360, 240),
        bar_chart_svg(&crowded_bars(), 360, 240),
        bar_chart_svg(&close_cities(), 300, 240),
    ] {
        for (_, attributes) in Parsed::of(&svg).with_tag("text") {
            let size: u32 = Parsed::attribute(attributes, "font-size")
                .and_then(|size| size.parse().ok())
                .expect("a whole font size");
            assert!(size >= 12, "{attributes:?}");
        }
    }
}

#[test]
fn a_reference_far_off_scale_is_a_number_and_the_bars_keep_their_height() {
    let chart = BarChart {
        reference_lines: vec![("湖南省（全省）".to_owned(), dec!(8_850_000))],
        ..crowded_bars()
    };
    let svg = bar_chart_svg(&chart, 900, 420);
    let parsed = Parsed::of(&svg);
    assert!(parsed.has_text("↑885亿元"), "{:?}", parsed.texts);
    assert!(
        parsed
            .with("path", "stroke", REFERENCE_COLOURS[0])
            .is_empty(),
        "no dashed line"
    );
    let tallest = parsed
        .with("rect", "fill", BAR_COLOUR)
        .iter()
        .map(|attributes| number(attributes, "height"))
        .max()
        .expect("bars");
    assert!(tallest > 150, "the bars keep most of the plot: {tallest}px");
}

#[test]
fn a_score_history_that_does_not_start_at_zero_says_where_it_starts() {
    let chart = LineChart {
        title: "“项目资料归档完整率”得分历史".to_owned(),
        y_label: "分".to_owned(),
        unit: ValueUnit::Score,
        series: vec![series(
            "平均得分",
            &[
                ("2016", Some(dec!(6.17))),
                ("2017", Some(dec!(6.16))),
                ("2018", Some(dec!(6.29))),
            ],
        )],
        benchmark: None,
        mark: DataMark::Sample,
    };
    let parsed = Parsed::of(&line_chart_svg(&chart, 700, 400));
    let caption = parsed
        .texts
        .iter()
        .find(|text| text.starts_with("单位：分"))
        .expect("a caption");
    assert!(caption.contains("（纵轴自6."), "{caption}");
}

/// Fourteen cities within 0.43 points, as the province's ranking has them, with a long name.
fn close_cities() -> BarChart {
    let scores = [
        ("长沙市", dec!(98.35)),
        ("株洲市", dec!(98.30)),
        ("湘潭市", dec!(98.26)),
        ("衡阳市", dec!(98.21)),
        ("邵阳市", dec!(98.18)),
        ("岳阳市", dec!(98.15)),
        ("常德市", dec!(98.12)),
        ("张家界市", dec!(98.10)),
        ("益阳市", dec!(98.07)),
        ("郴州市", dec!(98.03)),
        ("永州市", dec!(98.01)),
        ("怀化市", dec!(97.97)),
        ("娄底市", dec!(97.95)),
        ("湘西土家族苗族自治州", dec!(97.92)),
    ];
    BarChart {
        title: "2025年湖南省各下级地区平均自评得分".to_owned(),
        y_label: "分".to_owned(),
        unit: ValueUnit::Score,
        bars: scores
            .iter()
            .map(|(name, score)| Bar {
                label: (*name).to_owned(),
                value: Some(*score),
                highlight: *name == "益阳市",
            })
            .collect(),
        reference_lines: vec![("湖南省（全省）".to_owned(), dec!(98.12))],
        mark: DataMark::Sample,
        orientation: Orientation::Rows,
    }
}

/// Every reference line running straight down: its `x` and the rows it spans (plotters draws
/// a dashed line as one short path per dash).
fn upright_dashes(svg: &str) -> Vec<(f64, f64, f64)> {
    let mut lines: Vec<(f64, f64, f64)> = Vec::new();
    for (colour, points) in polylines(svg) {
        let upright = points.len() == 2
            && (points[0].0 - points[1].0).abs() < 0.5
            && (points[0].1 - points[1].1).abs() > 0.5;
        if !REFERENCE_COLOURS.contains(&colour.as_str()) || !upright {
            continue;
        }
        let (x, low, high) = (
            points[0].0,
            points[0].1.min(points[1].1),
            points[0].1.max(points[1].1),
        );
        match lines.iter_mut().find(|line| (line.0 - x).abs() < 0.5) {
            Some(line) => {
                line.1 = line.1.min(low);
                line.2 = line.2.max(high);
            }
            None => lines.push((x, low, high)),
        }
    }
    lines
}

#[test]
fn scores_close_together_are_a_dot_plot_that_names_the_spread() {
    let svg = bar_chart_svg(&close_cities(), 390, 380);
    let parsed = Parsed::of(&svg);
    let caption = parsed
        .texts
        .iter()
        .find(|text| text.starts_with("单位：分"))
        .expect("a caption");
    assert!(
        caption.contains("横轴自") && caption.ends_with("起）"),
        "the axis says where it starts: {caption}"
    );
    assert!(
        parsed.has_text("各项最高98.35、最低97.92，相差0.43分"),
        "the spread is named: {:?}",
        parsed.texts
    );
    assert!(
        parsed
            .with_tag("rect")
            .iter()
            .all(|(_, attributes)| { Parsed::attribute(attributes, "fill") != Some(BAR_COLOUR) }),
        "no bars from a cut axis"
    );
    assert_eq!(
        parsed.with("circle", "fill", SERIES_COLOURS[0]).len(),
        13,
        "a dot per city, the highlighted one apart"
    );
    assert_eq!(parsed.with("circle", "fill", BAR_HIGHLIGHT_COLOUR).len(), 1);
    // The long name is wrapped whole or shortened, and its tooltip keeps it whole.
    assert!(
        parsed
            .tooltips
            .contains(&"湘西土家族苗族自治州：97.92".to_owned()),
        "{:?}",
        parsed.tooltips
    );
    assert!(
        parsed
            .texts
            .iter()
            .any(|text| text.starts_with("湘西土家族")),
        "{:?}",
        parsed.texts
    );
    // As tall as its fourteen rows need, whatever was asked.
    let height: i32 = Parsed::attribute(&parsed.elements[0].1, "height")
        .and_then(|h| h.parse().ok())
        .expect("a height");
    assert!(height > 14 * 24, "{height}");
    let short = Parsed::of(&bar_chart_svg(&close_cities(), 390, 200));
    assert_eq!(
        Parsed::attribute(&short.elements[0].1, "height"),
        Some(height.to_string().as_str()),
        "the same height when asked for less"
    );
}

#[test]
fn bars_always_start_at_zero() {
    // Scores spread widely enough for bars, in rows and in columns.
    let spread = BarChart {
        bars: vec![
            bar("赫山区", Some(dec!(61.5))),
            bar("资阳区", Some(dec!(96.8))),
            bar("南县", Some(dec!(80))),
        ],
        ..close_cities()
    };
    for chart in [
        spread.clone(),
        BarChart {
            orientation: Orientation::Columns,
            ..spread
        },
    ] {
        let parsed = Parsed::of(&bar_chart_svg(&chart, 640, 360));
        assert!(
            parsed.texts.iter().all(|text| !text.contains("轴自")),
            "no axis starting above zero: {:?}",
            parsed.texts
        );
        assert!(
            parsed.has_text("0"),
            "the axis shows its zero: {:?}",
            parsed.texts
        );
        let lengths: Vec<i32> = parsed
            .with("rect", "fill", BAR_COLOUR)
            .iter()
            .map(|attributes| number(attributes, "width").max(number(attributes, "height")))
            .collect();
        let (short, long) = (
            lengths.iter().min().copied().unwrap_or_default(),
            lengths.iter().max().copied().unwrap_or_default(),
        );
        // 61.5 against 96.8 from zero: the short bar is about 0.64 of the long one.
        let ratio = f64::from(short) / f64::from(long.max(1));
        assert!((0.58..0.70).contains(&ratio), "{lengths:?}");
    }
}

#[test]
fn value_labels_never_sit_on_a_reference_line() {
    for width in [340, 640, 900] {
        let chart = BarChart {
            bars: vec![
                bar("赫山区", Some(dec!(61.5))),
                bar("资阳区", Some(dec!(80.2))),
                bar("南县", Some(dec!(70.4))),
                bar("安化县", Some(dec!(78))),
            ],
            reference_lines: vec![
                ("益阳市（全市）".to_owned(), dec!(70.6)),
                ("湖南省（全省）".to_owned(), dec!(83)),
            ],
            ..close_cities()
        };
        let svg = bar_chart_svg(&chart, width, 360);
        let lines = upright_dashes(&svg);
        assert_eq!(lines.len(), 2, "{width}: both references drawn: {lines:?}");
        let labels: Vec<_> = text_boxes(&svg)
            .into_iter()
            .filter(|(_, _, _, _, text)| text.parse::<f64>().is_ok())
            .collect();
        assert!(labels.len() >= 4, "{width}: {labels:?}");
        for (left, top, right, bottom, text) in labels {
            for (x, from, to) in &lines {
                let across = *x >= left - 1.0 && *x <= right + 1.0;
                let down = *from < bottom && *to > top;
                assert!(
                    !(across && down),
                    "{width}: {text} at {left}..{right} is crossed by the line at {x}"
                );
            }
        }
    }
}

/// The WCAG contrast ratio of two `#RRGGBB` colours.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let channel = |at: usize| {
            let value = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).expect("hex")) / 255.0;
            if value <= 0.039_28 {
                value / 12.92
            } else {
                ((value + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn every_text_colour_reads_at_wcag_aa_on_white() {
    let texts = SERIES_COLOURS.iter().chain(&REFERENCE_COLOURS).chain(&[
        TEXT_COLOUR,
        MUTED_TEXT_COLOUR,
        SAMPLE_MARK_COLOUR,
        BAR_HIGHLIGHT_COLOUR,
        BENCHMARK_COLOUR,
    ]);
    for colour in texts {
        let ratio = contrast(colour, BACKGROUND_COLOUR);
        assert!(ratio >= 4.5, "{colour} on white is {ratio:.2}:1");
    }
    for (grade, colour) in GRADE_COLOURS {
        let ratio = contrast("#FFFFFF", colour);
        assert!(ratio >= 4.5, "white on the {grade} badge is {ratio:.2}:1");
    }
    assert!(
        (contrast("#FFFFFF", "#F59E0B") - 2.15).abs() < 0.01,
        "the old 中 badge"
    );
}

/// Every `<polyline>` as its stroke colour and its points.
fn polylines(svg: &str) -> Vec<(String, Vec<(f64, f64)>)> {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    document
        .descendants()
        .filter(|node| node.has_tag_name("polyline"))
        .map(|node| {
            let points = node
                .attribute("points")
                .unwrap_or_default()
                .split_whitespace()
                .filter_map(|pair| {
                    let (x, y) = pair.split_once(',')?;
                    Some((x.parse().ok()?, y.parse().ok()?))
                })
                .collect();
            (
                node.attribute("stroke").unwrap_or_default().to_owned(),
                points,
            )
        })
        .collect()
}

#[test]
fn value_labels_never_sit_under_another_line() {
    let years = ["2019", "2020", "2021", "2022", "2023", "2024", "2025"];
    let line = |name: &str, values: [Decimal; 7]| {
        series(
            name,
            &years
                .iter()
                .zip(values)
                .map(|(year, value)| (*year, Some(value)))
                .collect::<Vec<_>>(),
        )
    };
    // Four groups' score shares as a province shows them: two lines a tenth apart.
    let chart = LineChart {
        title: "各类指标得分率".to_owned(),
        y_label: "得分率".to_owned(),
        unit: ValueUnit::Percent,
        series: vec![
            line(
                "预算执行率",
                [
                    dec!(92.4),
                    dec!(92.3),
                    dec!(92.2),
                    dec!(92.2),
                    dec!(92.4),
                    dec!(92.4),
                    dec!(92.5),
                ],
            ),
            line(
                "产出指标",
                [
                    dec!(98.1),
                    dec!(98.1),
                    dec!(98.0),
                    dec!(98.0),
                    dec!(98.1),
                    dec!(98.1),
                    dec!(98.1),
                ],
            ),
            line(
                "效益指标",
                [
                    dec!(97.0),
                    dec!(97.0),
                    dec!(97.1),
                    dec!(97.0),
                    dec!(97.0),
                    dec!(97.0),
                    dec!(97.1),
                ],
            ),
            line(
                "满意度指标",
                [
                    dec!(98.0),
                    dec!(98.0),
                    dec!(98.0),
                    dec!(98.0),
                    dec!(98.1),
                    dec!(98.0),
                    dec!(98.0),
                ],
            ),
        ],
        benchmark: None,
        mark: DataMark::Sample,
    };
    for (width, height) in [(640, 300), (900, 420), (360, 300)] {
        let svg = line_chart_svg(&chart, width, height);
        let lines = polylines(&svg);
        let document = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        let values: Vec<_> = text_boxes(&svg)
            .into_iter()
            .filter(|(.., text)| text.ends_with('%') && !text.starts_with("单位"))
            .collect();
        let colours: Vec<String> = document
            .descendants()
            .filter(|node| node.has_tag_name("text") && node.attribute("stroke").is_none())
            .filter(|node| {
                let text = node.text().unwrap_or_default().trim();
                text.ends_with('%') && !text.starts_with("单位")
            })
            .map(|node| node.attribute("fill").unwrap_or_default().to_owned())
            .collect();
        assert!(!values.is_empty(), "some values are written");
        for ((left, top, right, bottom, text), colour) in values.iter().zip(&colours) {
            let others = lines.iter().filter(|(stroke, _)| {
                stroke != colour && SERIES_COLOURS.contains(&stroke.as_str())
            });
            for (stroke, points) in others {
                for pair in points.windows(2) {
                    let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
                    let steps = ((x1 - x0).abs().max((y1 - y0).abs()) * 2.0).ceil().max(1.0);
                    let crosses = (0..=steps as i64).any(|step| {
                        let t = step as f64 / steps;
                        let (x, y) = (x0 + (x1 - x0) * t, y0 + (y1 - y0) * t);
                        x > left + 1.0 && x < right - 1.0 && y > top + 1.0 && y < bottom - 1.0
                    });
                    assert!(
                        !crosses,
                        "{width}×{height}: the {colour} label {text} lies under the {stroke} line"
                    );
                }
            }
        }
        assert!(
            collisions(&svg).is_empty(),
            "{width}×{height}: {:?}",
            collisions(&svg)
        );
    }
}

#[test]
fn a_flat_score_trend_looks_flat() {
    let chart = LineChart {
        title: "自评得分趋势".to_owned(),
        y_label: "分".to_owned(),
        unit: ValueUnit::Score,
        series: vec![series(
            "平均总分",
            &[
                ("2023", Some(dec!(97.15))),
                ("2024", Some(dec!(97.21))),
                ("2025", Some(dec!(97.19))),
            ],
        )],
        benchmark: None,
        mark: DataMark::Sample,
    };
    let parsed = Parsed::of(&line_chart_svg(&chart, 700, 400));
    let ticks: Vec<Decimal> = parsed
        .texts
        .iter()
        .filter_map(|text| text.parse::<Decimal>().ok())
        .filter(|value| *value < dec!(1000))
        .collect();
    let (low, high) = (
        ticks.iter().min().copied().unwrap_or_default(),
        ticks.iter().max().copied().unwrap_or_default(),
    );
    assert!(
        high - low >= dec!(4),
        "a 0.06-point wobble is drawn on an axis of {low} to {high}, not blown up"
    );
    assert!(high <= dec!(100), "no score axis above full marks: {high}");
}

#[test]
fn the_province_s_own_metric_has_no_province_average_beside_it() {
    use crate::api::{MetricPoint, Trend};
    let point = |year: i32, value: Decimal, benchmark: Option<Decimal>| MetricPoint {
        year,
        value: Some(value),
        rank: None,
        benchmark,
        change: None,
        sample: true,
    };
    let trend = |region: &str, points: Vec<MetricPoint>| Trend {
        region: Some(region.to_owned()),
        program: None,
        metric: Some("industrial_value_added_growth".to_owned()),
        unit: "%".to_owned(),
        points,
    };
    let province = trend(
        "湖南省",
        vec![point(2024, dec!(7.5), None), point(2025, dec!(7.2), None)],
    );
    assert!(
        views::metric_chart(&province, "规模工业增加值增速")
            .benchmark
            .is_none()
    );
    let city = trend(
        "益阳市",
        vec![
            point(2024, dec!(7.8), Some(dec!(7.5))),
            point(2025, dec!(7.4), Some(dec!(7.2))),
        ],
    );
    let chart = views::metric_chart(&city, "规模工业增加值增速");
    assert_eq!(
        chart.benchmark.map(|series| series.name).as_deref(),
        Some("全省平均")
    );
}
