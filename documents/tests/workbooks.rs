//! Workbooks in the layouts real 自评表 come in, made here with rust_xlsxwriter and one made by
//! another program (openpyxl, `fixtures/make_fixtures.py`), read into drafts: standard layout,
//! columns in another order, the operator and unit in columns of their own, 分值/得分 missing,
//! several forms in one workbook, formulas and dates.

use fundlens_documents::{self as documents, DocumentError, review};
use fundlens_shared::assessment::assess;
use fundlens_shared::draft::{Confidence, DraftContent};
use fundlens_shared::model::Evaluation;
use fundlens_shared::scoring::{Benchmarks, ScoringPolicy};
use rust_decimal_macros::dec;
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook, Worksheet};

fn regions() -> Vec<String> {
    fundlens_shared::region::REGIONS
        .iter()
        .map(|region| region.name.to_owned())
        .collect()
}

/// A cell of a test sheet: text, a number, a date, or a formula with its cached result.
enum C {
    T(&'static str),
    N(f64),
    D(u16, u8, u8),
    F(&'static str, &'static str),
    E,
}

use C::{D, E, F, N, T};

fn write(sheet: &mut Worksheet, rows: &[Vec<C>], merges: &[Merge]) {
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("row");
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("column");
            match cell {
                T(text) => sheet.write_string(r, c, *text).map(|_| ()),
                N(number) => sheet.write_number(r, c, *number).map(|_| ()),
                D(y, m, d) => sheet
                    .write_datetime_with_format(
                        r,
                        c,
                        ExcelDateTime::from_ymd(*y, *m, *d).expect("date"),
                        &date,
                    )
                    .map(|_| ()),
                F(formula, result) => sheet
                    .write_formula(r, c, Formula::new(*formula).set_result(*result))
                    .map(|_| ()),
                E => Ok(()),
            }
            .expect("cell");
        }
    }
    for (r1, c1, r2, c2) in merges {
        let text = match rows.get(*r1 as usize).and_then(|row| row.get(*c1 as usize)) {
            Some(T(text)) => *text,
            _ => "",
        };
        sheet
            .merge_range(*r1, *c1, *r2, *c2, text, &Format::new())
            .expect("merge");
    }
}

/// The national form for 赫山区, 2023: four indicators, merged level-1 cells.
fn standard_rows(program: &'static str) -> Vec<Vec<C>> {
    vec![
        vec![T("2023年度项目支出绩效自评表")],
        vec![T("项目名称"), T(program)],
        vec![
            T("主管部门"),
            T("益阳市赫山区工业和信息化局"),
            E,
            E,
            T("实施单位"),
            T("益阳市赫山区工业和信息化局"),
        ],
        vec![
            T("项目资金（万元）"),
            E,
            T("年初预算数"),
            T("全年预算数"),
            T("全年执行数"),
            T("分值"),
            T("执行率"),
            T("得分"),
        ],
        vec![
            E,
            T("年度资金总额"),
            N(200.0),
            N(180.0),
            N(171.0),
            N(10.0),
            T("95%"),
            N(9.5),
        ],
        vec![E, T("其中：当年财政拨款"), N(200.0), N(180.0), N(171.0)],
        vec![E, T("上年结转资金")],
        vec![E, T("其他资金")],
        vec![T("年度总体目标"), T("预期目标"), E, E, T("实际完成情况")],
        vec![E, T("扶持中小企业20家。"), E, E, T("扶持中小企业18家。")],
        vec![
            T("绩效指标"),
            T("一级指标"),
            T("二级指标"),
            T("三级指标"),
            T("年度指标值"),
            T("实际完成值"),
            T("分值"),
            T("得分"),
            T("偏差原因分析及改进措施"),
        ],
        vec![
            E,
            T("产出指标（50分）"),
            T("数量指标"),
            T("扶持企业数"),
            T("≥20家"),
            T("18家"),
            N(30.0),
            N(27.0),
            T("两家企业未达到申报条件。"),
        ],
        vec![
            E,
            E,
            T("质量指标"),
            T("资金拨付合规率"),
            T("100%"),
            T("100%"),
            N(20.0),
            N(20.0),
        ],
        vec![
            E,
            T("效益指标（30分）"),
            T("经济效益指标"),
            T("新增产值"),
            T("≥5000万元"),
            T("5200万元"),
            N(30.0),
            N(30.0),
        ],
        vec![
            E,
            T("满意度指标（10分）"),
            T("服务对象满意度指标"),
            T("企业满意度"),
            T("≥90%"),
            T("92%"),
            N(10.0),
            N(10.0),
        ],
        vec![T("总分"), E, E, E, E, E, N(100.0), N(96.5)],
    ]
}

const STANDARD_MERGES: &[Merge] = &[(0, 0, 0, 8), (1, 1, 1, 8), (11, 1, 12, 1), (10, 0, 14, 0)];

/// A merged range: first row, first column, last row, last column.
type Merge = (u32, u16, u32, u16);

/// A sheet: its name, rows and merged ranges.
type Sheet<'a> = (&'a str, Vec<Vec<C>>, &'a [Merge]);

fn workbook(sheets: &[Sheet<'_>]) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows, merges) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("name");
        write(sheet, rows, merges);
    }
    book.save_to_buffer().expect("saves")
}

fn read(bytes: &[u8]) -> Vec<DraftContent> {
    documents::read(bytes, "test.xlsx", "test.xlsx", &regions()).expect("reads")
}

fn record(draft: &DraftContent) -> Evaluation {
    review::record_of(draft).unwrap_or_else(|e| panic!("{e}\n{}", draft.record))
}

fn source<'d>(draft: &'d DraftContent, field: &str) -> &'d fundlens_shared::draft::FieldSource {
    draft
        .sources
        .iter()
        .find(|s| s.field == field)
        .unwrap_or_else(|| panic!("{field} has a source"))
}

#[test]
fn the_standard_layout_reads_every_block() {
    let drafts = read(&workbook(&[(
        "自评表",
        standard_rows("中小企业发展专项资金"),
        STANDARD_MERGES,
    )]));
    let draft = &drafts[0];
    let evaluation = record(draft);
    assert_eq!(evaluation.program.name, "中小企业发展专项资金");
    assert_eq!(
        evaluation.region, "赫山区",
        "the most specific region the department names"
    );
    assert_eq!(evaluation.year.value(), 2023);
    assert_eq!(
        evaluation.funding.total.full_year_budget.map(|m| m.value()),
        Some(dec!(180))
    );
    assert_eq!(
        evaluation.funding.declared_score.map(|s| s.value()),
        Some(dec!(9.5))
    );
    assert_eq!(
        evaluation.goal.actual.as_deref(),
        Some("扶持中小企业18家。")
    );
    let rows: Vec<(&str, &str, &str)> = evaluation
        .indicators
        .iter()
        .map(|i| (i.level1.as_str(), i.level2.as_str(), i.name.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标", "扶持企业数"),
            ("产出指标", "质量指标", "资金拨付合规率"),
            ("效益指标", "经济效益指标", "新增产值"),
            ("满意度指标", "服务对象满意度指标", "企业满意度"),
        ]
    );
    assert_eq!(evaluation.indicator_groups.len(), 3);
    assert_eq!(
        evaluation.declared.total.map(|s| s.value()),
        Some(dec!(96.5))
    );
    assert_eq!(source(draft, "indicators[0].target").location, "自评表!E12");
    assert_eq!(
        source(draft, "indicators[1].level1").location,
        "自评表!B12",
        "carried down from the merged cell"
    );
    let assessment = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
    assert_eq!(assessment.total, dec!(96.5));
}

#[test]
fn columns_in_another_order_read_the_same() {
    let reordered = vec![
        vec![T("项目名称"), T("中小企业发展专项资金")],
        vec![T("年度"), N(2023.0), T("地区"), T("资阳区")],
        vec![
            T("序号"),
            T("三级指标"),
            T("一级指标"),
            T("二级指标"),
            T("分值"),
            T("实际完成值"),
            T("年度指标值"),
            T("偏差原因分析及改进措施"),
            T("得分"),
        ],
        vec![
            N(1.0),
            T("扶持企业数"),
            T("产出指标（60分）"),
            T("数量指标"),
            N(60.0),
            T("18家"),
            T("≥20家"),
            T("两家未达条件"),
            N(54.0),
        ],
        vec![
            N(2.0),
            T("企业满意度"),
            T("满意度指标（30分）"),
            T("服务对象满意度指标"),
            N(30.0),
            T("92%"),
            T("≥90%"),
            E,
            N(30.0),
        ],
    ];
    let drafts = read(&workbook(&[("Sheet1", reordered, &[])]));
    let evaluation = record(&drafts[0]);
    assert_eq!(evaluation.region, "资阳区");
    assert_eq!(
        source(&drafts[0], "region").confidence,
        Confidence::Read,
        "stated in a cell of its own"
    );
    assert_eq!(evaluation.year.value(), 2023);
    let first = &evaluation.indicators[0];
    assert_eq!((first.target.raw(), first.actual.raw()), ("≥20家", "18家"));
    assert_eq!(
        (
            first.weight.value(),
            first.declared_score.map(|s| s.value())
        ),
        (dec!(60), Some(dec!(54)))
    );
    assert_eq!(first.deviation_note.as_deref(), Some("两家未达条件"));
    assert_eq!(evaluation.indicators[1].level2, "服务对象满意度指标");
}

#[test]
fn the_operator_and_unit_in_columns_of_their_own_make_the_target() {
    let rows = vec![
        vec![T("项目名称"), T("专项资金")],
        vec![
            T("一级指标"),
            T("二级指标"),
            T("三级指标"),
            T("年度指标值"),
            E,
            E,
            T("实际完成值"),
            T("分值"),
            T("得分"),
        ],
        vec![E, E, E, T("指标性质"), T("指标值"), T("度量单位")],
        vec![
            T("产出指标"),
            T("数量指标"),
            T("扶持企业数"),
            T("≥"),
            N(20.0),
            T("家"),
            N(18.0),
            N(30.0),
            N(27.0),
        ],
        vec![
            T("效益指标"),
            T("社会效益指标"),
            T("带动就业"),
            T("定性"),
            T("明显"),
            E,
            T("明显"),
            N(10.0),
            N(10.0),
        ],
    ];
    let drafts = read(&workbook(&[("Sheet1", rows, &[(1, 3, 1, 5)])]));
    let draft = &drafts[0];
    let target = |i: usize| {
        draft.record["indicators"][i]["target"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let actual = |i: usize| {
        draft.record["indicators"][i]["actual"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        (target(0), actual(0)),
        ("≥20家".to_owned(), "18".to_owned())
    );
    assert_eq!(
        (target(1), actual(1)),
        ("明显".to_owned(), "明显".to_owned())
    );
    // Read as the form writes it, the operator and unit cells kept beside the target; the bare
    // actual stays bare (it is in the target's unit).
    let target = source(draft, "indicators[0].target");
    assert_eq!(target.confidence, Confidence::Read);
    let beside: Vec<(&str, &str)> = target
        .beside
        .iter()
        .map(|b| (b.label.as_str(), b.text.as_str()))
        .collect();
    assert_eq!(beside, [("指标性质", "≥"), ("度量单位", "家")]);
    assert_eq!(
        source(draft, "indicators[0].actual").confidence,
        Confidence::Read
    );
}

#[test]
fn missing_weights_and_scores_are_listed_not_guessed() {
    let rows = vec![
        vec![T("项目名称"), T("专项资金")],
        vec![
            T("一级指标"),
            T("二级指标"),
            T("三级指标"),
            T("年度指标值"),
            T("实际完成值"),
        ],
        vec![
            T("产出指标"),
            T("数量指标"),
            T("扶持企业数"),
            T("≥20家"),
            T("18家"),
        ],
    ];
    let drafts = read(&workbook(&[("Sheet1", rows, &[])]));
    let draft = &drafts[0];
    let missing: Vec<(&str, bool)> = draft
        .missing
        .iter()
        .map(|m| (m.field.as_str(), m.required))
        .collect();
    assert!(
        missing.contains(&("indicators[0].weight", true)),
        "{missing:?}"
    );
    assert!(
        missing.contains(&("indicators[0].declared_score", false)),
        "{missing:?}"
    );
    assert!(
        missing.contains(&("region", true)) && missing.contains(&("year", true)),
        "{missing:?}"
    );
    assert!(
        draft.record["indicators"][0].get("weight").is_none(),
        "no weight is invented"
    );
    assert!(review::record_of(draft).is_err());
}

#[test]
fn several_forms_in_one_workbook_give_several_drafts() {
    let bytes = workbook(&[
        (
            "资金甲",
            standard_rows("中小企业发展专项资金"),
            STANDARD_MERGES,
        ),
        ("说明", vec![vec![T("填表说明：金额单位为万元。")]], &[]),
        (
            "资金乙",
            standard_rows("工业转型升级专项资金"),
            STANDARD_MERGES,
        ),
    ]);
    let drafts = read(&bytes);
    let programs: Vec<String> = drafts.iter().map(|d| record(d).program.name).collect();
    assert_eq!(programs, ["中小企业发展专项资金", "工业转型升级专项资金"]);
    assert_eq!(drafts[1].form, "资金乙");
}

#[test]
fn formula_results_and_dates_are_read_as_shown_and_said_so() {
    let mut rows = standard_rows("中小企业发展专项资金");
    rows[4][6] = F("=E5/D5", "0.95");
    rows[12][5] = D(2023, 11, 28);
    rows[12][4] = T("2023年12月31日前");
    let drafts = read(&workbook(&[("自评表", rows, STANDARD_MERGES)]));
    let rate = source(&drafts[0], "funding.declared_rate");
    assert_eq!(rate.raw, "0.95");
    assert_eq!(rate.confidence, Confidence::Uncertain);
    assert!(
        rate.note.as_deref().is_some_and(|n| n.contains("=E5/D5")),
        "{rate:?}"
    );
    let date = source(&drafts[0], "indicators[1].actual");
    assert_eq!(
        drafts[0].record["indicators"][1]["actual"],
        "2023年11月28日"
    );
    assert_eq!(date.location, "自评表!F13");
    assert!(
        date.note.as_deref().is_some_and(|n| n.contains("日期")),
        "{date:?}"
    );
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

#[test]
fn a_county_form_made_by_another_program_reads_correctly() {
    let drafts = read(&fixture("county-form-openpyxl.xlsx"));
    assert_eq!(drafts.len(), 1, "the notes sheet is no form");
    let draft = &drafts[0];
    let evaluation = record(draft);
    assert_eq!(evaluation.program.name, "桃江县中小企业发展专项资金");
    assert_eq!(
        evaluation.program.implementer.as_deref(),
        Some("桃江县中小企业服务中心")
    );
    assert_eq!(
        (evaluation.region.as_str(), evaluation.year.value()),
        ("桃江县", 2023)
    );
    assert_eq!(
        evaluation
            .funding
            .carried_over
            .full_year_budget
            .map(|m| m.value()),
        Some(dec!(30))
    );
    let rows: Vec<(&str, &str, &str, &str, &str)> = evaluation
        .indicators
        .iter()
        .map(|i| {
            (
                i.level1.as_str(),
                i.level2.as_str(),
                i.name.as_str(),
                i.target.raw(),
                i.actual.raw(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("产出指标", "数量指标", "支持中小企业数", "≥35家", "37"),
            ("产出指标", "数量指标", "新增规模工业企业", "≥8家", "9"),
            (
                "产出指标",
                "时效指标",
                "资金拨付完成时间",
                "2023年12月31日",
                "2023年11月28日"
            ),
            (
                "产出指标",
                "成本指标",
                "单个企业平均补助",
                "≤4.5万元",
                "3.97"
            ),
            (
                "效益指标",
                "经济效益指标",
                "带动企业新增产值",
                "≥2亿元",
                "1.6"
            ),
            ("效益指标", "社会效益指标", "带动就业", "明显", "明显"),
            (
                "满意度指标",
                "服务对象满意度指标",
                "受益企业满意度",
                "≥90%",
                "95"
            ),
        ]
    );
    assert_eq!(
        evaluation.declared.total.map(|s| s.value()),
        Some(dec!(94.8))
    );
    let assessment = assess(&evaluation, &ScoringPolicy::national(), &Benchmarks::none());
    assert_eq!(assessment.total, dec!(94.8));
    assert_eq!(
        source(draft, "indicators[4].deviation_note").location,
        "桃江县自评表!K18"
    );
}

#[test]
fn a_formula_without_its_result_refuses_the_file_naming_the_cell() {
    let error = documents::read(
        &fixture("formula-without-result.xlsx"),
        "f.xlsx",
        "f.xlsx",
        &regions(),
    )
    .expect_err("refused");
    assert!(matches!(error, DocumentError::Formula(_)));
    let message = error.to_string();
    assert!(
        message.contains("桃江县自评表") && message.contains("G6") && message.contains("E6/D6"),
        "{message}"
    );
}

#[test]
fn numbers_read_as_their_formats_show_them_with_the_stored_value_beside() {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("自评表").expect("name");
    let percent = Format::new().set_num_format("0.00%");
    let unit = Format::new().set_num_format("0.00\"万元\"");
    for (column, label) in ["项目名称", "专项资金"].iter().enumerate() {
        sheet.write_string(0, column as u16, *label).expect("cell");
    }
    for (column, label) in [
        "项目资金（万元）",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(1, column as u16, *label).expect("cell");
    }
    sheet.write_string(2, 0, "年度资金总额").expect("cell");
    sheet
        .write_number_with_format(2, 1, 100, &unit)
        .expect("cell");
    sheet.write_number(2, 2, 100).expect("cell");
    sheet.write_number(2, 3, 97.3).expect("cell");
    sheet.write_number(2, 4, 10).expect("cell");
    sheet
        .write_number_with_format(2, 5, 0.973, &percent)
        .expect("cell");
    sheet.write_number(2, 6, 9.73).expect("cell");
    let drafts = read(&book.save_to_buffer().expect("saves"));
    let draft = &drafts[0];
    assert_eq!(draft.record["funding"]["declared_rate"], "97.30%");
    let rate = source(draft, "funding.declared_rate");
    assert_eq!(rate.raw, "97.30%");
    assert_eq!(rate.stored.as_deref(), Some("0.973"));
    assert_eq!(rate.confidence, Confidence::Read);
    assert_eq!(draft.record["funding"]["total"]["year_start_budget"], "100");
    assert_eq!(
        source(draft, "funding.total.year_start_budget").raw,
        "100.00万元"
    );
}
