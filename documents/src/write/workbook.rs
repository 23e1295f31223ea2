//! An evaluation written out as a 自评表 workbook (rust_xlsxwriter): sheet 自评表 in the form's
//! layout, with the computed scores and the audit's findings in added columns; sheet 评分说明
//! with every row's rule, formula and result and every finding; sheet 自评报告 with the report's
//! sections, categories, sub-project lines, statistics, claims, benchmarks and provenance as
//! labelled rows. Reading the workbook back ([`crate::read`]) gives the same record.

use fundlens_shared::assessment::Assessment;
use fundlens_shared::audit::Finding;
use fundlens_shared::format;
use fundlens_shared::model::{Evaluation, FundingRow, Provenance};
use fundlens_shared::target::BenchmarkScope;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

/// Writes `evaluation` with its assessment as an .xlsx workbook.
///
/// # Errors
/// Only when the workbook cannot be assembled (a text beyond Excel's 32,767 characters).
pub fn workbook(evaluation: &Evaluation, assessment: &Assessment) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    form_sheet(book.add_worksheet(), evaluation, assessment, &styles)?;
    explanation_sheet(book.add_worksheet(), assessment, &styles)?;
    report_sheet(book.add_worksheet(), evaluation, &styles)?;
    book.save_to_buffer()
}

struct Styles {
    title: Format,
    label: Format,
    text: Format,
    number: Format,
    added: Format,
}

impl Styles {
    fn new() -> Self {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        Self {
            title: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            label: cell.clone().set_bold().set_align(FormatAlign::Center),
            number: cell.clone().set_num_format("0.######"),
            added: cell.clone().set_background_color("#FFF2CC"),
            text: cell,
        }
    }
}

fn number(value: Decimal) -> f64 {
    value.normalize().to_f64().unwrap_or(f64::NAN)
}

/// Writes `text` over columns `first..=last` of `row`, merged when that is more than one cell.
fn span(
    sheet: &mut Worksheet,
    row: RowNum,
    (first, last): (ColNum, ColNum),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(row, first, row, last, text, format)?;
    } else {
        sheet.write_string_with_format(row, first, text, format)?;
    }
    Ok(())
}

fn optional_number(
    sheet: &mut Worksheet,
    row: RowNum,
    column: ColNum,
    value: Option<Decimal>,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Some(value) => sheet.write_number_with_format(row, column, number(value), format)?,
        None => sheet.write_blank(row, column, format)?,
    };
    Ok(())
}

/// Columns of the indicator table (and of the funding block above it).
const LAST_FORM_COLUMN: ColNum = 8;
const INDICATOR_HEADER: [&str; 13] = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
    "对应统计指标",
    "计算得分",
    "计入得分",
    "审核发现",
];

fn findings_text(findings: &[&Finding]) -> String {
    findings
        .iter()
        .map(|finding| finding.message.as_str())
        .collect::<Vec<_>>()
        .join("；\n")
}

fn form_sheet(
    sheet: &mut Worksheet,
    evaluation: &Evaluation,
    assessment: &Assessment,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("自评表")?;
    for (column, width) in [
        (0, 10),
        (1, 16),
        (2, 14),
        (3, 26),
        (4, 14),
        (5, 14),
        (6, 8),
        (7, 8),
        (8, 28),
        (9, 18),
        (10, 10),
        (11, 10),
        (12, 40),
    ] {
        sheet.set_column_width(column, width)?;
    }
    let sample = if evaluation.provenance.is_sample() {
        "（示例数据）"
    } else {
        ""
    };
    span(
        sheet,
        0,
        (0, LAST_FORM_COLUMN),
        &format!("{}年度项目支出绩效自评表{sample}", evaluation.year),
        &styles.title,
    )?;
    sheet.write_string_with_format(1, 0, "地区", &styles.label)?;
    span(sheet, 1, (1, 3), &evaluation.region, &styles.text)?;
    sheet.write_string_with_format(1, 4, "年度", &styles.label)?;
    span(
        sheet,
        1,
        (5, LAST_FORM_COLUMN),
        &evaluation.year.to_string(),
        &styles.text,
    )?;
    sheet.write_string_with_format(2, 0, "项目名称", &styles.label)?;
    span(
        sheet,
        2,
        (1, LAST_FORM_COLUMN),
        &evaluation.program.name,
        &styles.text,
    )?;
    sheet.write_string_with_format(3, 0, "主管部门", &styles.label)?;
    span(
        sheet,
        3,
        (1, 3),
        evaluation.program.department.as_deref().unwrap_or(""),
        &styles.text,
    )?;
    sheet.write_string_with_format(3, 4, "实施单位", &styles.label)?;
    span(
        sheet,
        3,
        (5, LAST_FORM_COLUMN),
        evaluation.program.implementer.as_deref().unwrap_or(""),
        &styles.text,
    )?;
    funding_block(sheet, evaluation, assessment, styles)?;
    sheet.write_string_with_format(9, 0, "年度总体目标", &styles.label)?;
    span(sheet, 9, (1, 4), "预期目标", &styles.label)?;
    span(
        sheet,
        9,
        (5, LAST_FORM_COLUMN),
        "实际完成情况",
        &styles.label,
    )?;
    span(
        sheet,
        10,
        (1, 4),
        evaluation.goal.expected.as_deref().unwrap_or(""),
        &styles.text,
    )?;
    span(
        sheet,
        10,
        (5, LAST_FORM_COLUMN),
        evaluation.goal.actual.as_deref().unwrap_or(""),
        &styles.text,
    )?;
    for (column, label) in INDICATOR_HEADER.iter().enumerate() {
        let format = if column > usize::from(LAST_FORM_COLUMN) {
            &styles.added
        } else {
            &styles.label
        };
        sheet.write_string_with_format(11, column as ColNum, *label, format)?;
    }
    let mut row: RowNum = 12;
    let mut group_start: Option<(RowNum, &str)> = None;
    for (index, indicator) in evaluation.indicators.iter().enumerate() {
        let scored = assessment.indicators.get(index);
        if group_start.is_none_or(|(_, level1)| level1 != indicator.level1) {
            close_group(sheet, group_start, row, evaluation, styles)?;
            group_start = Some((row, &indicator.level1));
        }
        sheet.write_blank(row, 0, &styles.text)?;
        sheet.write_string_with_format(row, 2, &indicator.level2, &styles.text)?;
        sheet.write_string_with_format(row, 3, &indicator.name, &styles.text)?;
        sheet.write_string_with_format(row, 4, indicator.target.raw(), &styles.text)?;
        sheet.write_string_with_format(row, 5, indicator.actual.raw(), &styles.text)?;
        sheet.write_number_with_format(row, 6, number(indicator.weight.value()), &styles.number)?;
        optional_number(
            sheet,
            row,
            7,
            indicator.declared_score.map(|s| s.value()),
            &styles.number,
        )?;
        sheet.write_string_with_format(
            row,
            8,
            indicator.deviation_note.as_deref().unwrap_or(""),
            &styles.text,
        )?;
        sheet.write_string_with_format(
            row,
            9,
            indicator.metric.map_or("", |m| m.metric().code),
            &styles.added,
        )?;
        optional_number(
            sheet,
            row,
            10,
            scored.and_then(|s| s.computed_score),
            &styles.added,
        )?;
        optional_number(sheet, row, 11, scored.map(|s| s.score), &styles.added)?;
        let findings: Vec<&Finding> = assessment
            .findings
            .iter()
            .filter(|f| f.indicator == Some(index))
            .collect();
        sheet.write_string_with_format(row, 12, findings_text(&findings), &styles.added)?;
        row += 1;
    }
    close_group(sheet, group_start, row, evaluation, styles)?;
    sheet.write_string_with_format(row, 0, "总分", &styles.label)?;
    sheet.write_number_with_format(row, 6, 100.0, &styles.number)?;
    optional_number(
        sheet,
        row,
        7,
        evaluation.declared.total.map(|s| s.value()),
        &styles.number,
    )?;
    sheet.write_string_with_format(row, 10, "计算总分", &styles.added)?;
    sheet.write_number_with_format(row, 11, number(assessment.total), &styles.added)?;
    let general: Vec<&Finding> = assessment
        .findings
        .iter()
        .filter(|f| f.indicator.is_none())
        .collect();
    sheet.write_string_with_format(row, 12, findings_text(&general), &styles.added)?;
    if let Some(grade) = evaluation.declared.grade {
        row += 1;
        sheet.write_string_with_format(row, 0, "自评等级", &styles.label)?;
        sheet.write_string_with_format(row, 1, grade.label(), &styles.text)?;
    }
    Ok(())
}

/// Writes the level-1 label of a group of rows (merged down, with its weight when the form
/// stated one).
fn close_group(
    sheet: &mut Worksheet,
    group: Option<(RowNum, &str)>,
    end: RowNum,
    evaluation: &Evaluation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let Some((start, level1)) = group else {
        return Ok(());
    };
    let label = match evaluation
        .indicator_groups
        .iter()
        .find(|g| g.level1 == level1)
    {
        Some(group) => format!("{level1}（{}分）", group.weight),
        None => level1.to_owned(),
    };
    if end > start + 1 {
        sheet.merge_range(start, 1, end - 1, 1, &label, &styles.text)?;
    } else {
        sheet.write_string_with_format(start, 1, &label, &styles.text)?;
    }
    Ok(())
}

fn funding_block(
    sheet: &mut Worksheet,
    evaluation: &Evaluation,
    assessment: &Assessment,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let header = [
        "项目资金（万元）",
        "",
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    ];
    for (column, label) in header.iter().enumerate() {
        sheet.write_string_with_format(4, column as ColNum, *label, &styles.label)?;
    }
    sheet.write_string_with_format(4, 9, "计算执行率", &styles.added)?;
    sheet.write_string_with_format(4, 10, "计算得分", &styles.added)?;
    let funding = &evaluation.funding;
    let rows: [(&str, &FundingRow); 4] = [
        ("年度资金总额", &funding.total),
        ("其中：当年财政拨款", &funding.current_appropriation),
        ("上年结转资金", &funding.carried_over),
        ("其他资金", &funding.other),
    ];
    for (offset, (label, cells)) in rows.iter().enumerate() {
        let row = 5 + offset as RowNum;
        sheet.write_blank(row, 0, &styles.text)?;
        sheet.write_string_with_format(row, 1, *label, &styles.text)?;
        for (column, value) in [
            cells.year_start_budget,
            cells.full_year_budget,
            cells.executed,
        ]
        .into_iter()
        .enumerate()
        {
            optional_number(
                sheet,
                row,
                2 + column as ColNum,
                value.map(|m| m.value()),
                &styles.number,
            )?;
        }
    }
    sheet.write_number_with_format(5, 5, number(funding.weight.value()), &styles.number)?;
    match funding.declared_rate {
        Some(rate) => sheet.write_string_with_format(5, 6, rate.to_string(), &styles.text)?,
        None => sheet.write_blank(5, 6, &styles.text)?,
    };
    optional_number(
        sheet,
        5,
        7,
        funding.declared_score.map(|s| s.value()),
        &styles.number,
    )?;
    match assessment.execution_rate {
        Some(rate) => sheet.write_string_with_format(5, 9, format::percent(rate), &styles.added)?,
        None => sheet.write_string_with_format(5, 9, "无法计算", &styles.added)?,
    };
    optional_number(
        sheet,
        5,
        10,
        assessment.execution.computed_score,
        &styles.added,
    )?;
    Ok(())
}

fn explanation_sheet(
    sheet: &mut Worksheet,
    assessment: &Assessment,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("评分说明")?;
    for (column, width) in [(0, 8), (1, 28), (2, 30), (3, 40), (4, 30), (5, 10), (6, 10)] {
        sheet.set_column_width(column, width)?;
    }
    span(
        sheet,
        0,
        (0, 6),
        &format!(
            "评分说明（{}）：计算总分 {}，等级 {}{}",
            assessment.policy,
            format::score(assessment.total),
            fundlens_shared::value::Grade::label_of(assessment.grade),
            if assessment.complete {
                ""
            } else {
                "（部分得分无法核实，按填报计入）"
            }
        ),
        &styles.title,
    )?;
    for (column, label) in [
        "序号",
        "指标",
        "规则",
        "计算过程",
        "结果",
        "填报得分",
        "计算得分",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(1, column as ColNum, *label, &styles.label)?;
    }
    let execution = &assessment.execution;
    let mut row: RowNum = 2;
    let mut line = |sheet: &mut Worksheet,
                    number_text: &str,
                    name: &str,
                    explanation: &fundlens_shared::scoring::Explanation,
                    declared: Option<Decimal>,
                    computed: Option<Decimal>|
     -> Result<(), XlsxError> {
        sheet.write_string_with_format(row, 0, number_text, &styles.text)?;
        sheet.write_string_with_format(row, 1, name, &styles.text)?;
        sheet.write_string_with_format(row, 2, &explanation.rule_text, &styles.text)?;
        sheet.write_string_with_format(row, 3, &explanation.formula, &styles.text)?;
        sheet.write_string_with_format(row, 4, &explanation.result, &styles.text)?;
        optional_number(sheet, row, 5, declared, &styles.number)?;
        optional_number(sheet, row, 6, computed, &styles.number)?;
        row += 1;
        Ok(())
    };
    line(
        sheet,
        "—",
        "预算执行率",
        &execution.explanation,
        execution.declared_score,
        execution.computed_score,
    )?;
    for scored in &assessment.indicators {
        line(
            sheet,
            &(scored.index + 1).to_string(),
            &scored.name,
            &scored.explanation,
            scored.declared_score,
            scored.computed_score,
        )?;
    }
    let mut row = row + 1;
    span(
        sheet,
        row,
        (0, 6),
        &format!("审核发现（{} 条）", assessment.findings.len()),
        &styles.label,
    )?;
    row += 1;
    for (column, label) in ["序号", "行", "代码", "严重程度", "说明"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(row, column as ColNum, *label, &styles.label)?;
    }
    for (position, finding) in assessment.findings.iter().enumerate() {
        row += 1;
        let code = serde_json::to_value(finding.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        let severity = finding.severity.label();
        sheet.write_string_with_format(row, 0, (position + 1).to_string(), &styles.text)?;
        sheet.write_string_with_format(
            row,
            1,
            finding.indicator.map_or(finding.subject.clone(), |i| {
                format!("第{}行 {}", i + 1, finding.subject)
            }),
            &styles.text,
        )?;
        sheet.write_string_with_format(row, 2, code, &styles.text)?;
        sheet.write_string_with_format(row, 3, severity, &styles.text)?;
        sheet.write_string_with_format(row, 4, &finding.message, &styles.text)?;
    }
    Ok(())
}

/// Writes report rows: a label in column A, values from column B on.
struct ReportWriter<'s> {
    sheet: &'s mut Worksheet,
    row: RowNum,
    styles: &'s Styles,
}

impl ReportWriter<'_> {
    fn labelled(&mut self, label: &str, value: Option<&str>) -> Result<(), XlsxError> {
        if let Some(value) = value {
            self.sheet
                .write_string_with_format(self.row, 0, label, &self.styles.label)?;
            self.sheet
                .write_string_with_format(self.row, 1, value, &self.styles.text)?;
            self.row += 1;
        }
        Ok(())
    }

    fn table(&mut self, label: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<(), XlsxError> {
        if rows.is_empty() {
            return Ok(());
        }
        self.sheet
            .write_string_with_format(self.row, 0, label, &self.styles.label)?;
        for (column, text) in header.iter().enumerate() {
            self.sheet.write_string_with_format(
                self.row,
                1 + column as ColNum,
                *text,
                &self.styles.label,
            )?;
        }
        for cells in rows {
            self.row += 1;
            for (column, cell) in cells.iter().enumerate() {
                let column = 1 + column as ColNum;
                match cell {
                    Cell::Text(text) => self.sheet.write_string_with_format(
                        self.row,
                        column,
                        text,
                        &self.styles.text,
                    )?,
                    Cell::Number(value) => self.sheet.write_number_with_format(
                        self.row,
                        column,
                        number(*value),
                        &self.styles.number,
                    )?,
                    Cell::Empty => self
                        .sheet
                        .write_blank(self.row, column, &self.styles.text)?,
                };
            }
        }
        self.row += 1;
        Ok(())
    }
}

enum Cell {
    Text(String),
    Number(Decimal),
    Empty,
}

fn text(value: Option<&str>) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Text(v.to_owned()))
}

fn report_sheet(
    sheet: &mut Worksheet,
    evaluation: &Evaluation,
    styles: &Styles,
) -> Result<(), XlsxError> {
    sheet.set_name("自评报告")?;
    sheet.set_column_width(0, 30)?;
    sheet.set_column_width(1, 60)?;
    for column in 2..7 {
        sheet.set_column_width(column, 16)?;
    }
    let sample = evaluation.provenance.is_sample();
    sheet.write_string_with_format(0, 0, "自评报告", &styles.title)?;
    if sample {
        sheet.write_string_with_format(
            0,
            1,
            "示例数据：由程序生成，不是正式数据",
            &styles.title,
        )?;
    }
    let mut out = ReportWriter {
        sheet,
        row: 1,
        styles,
    };
    match &evaluation.provenance {
        Provenance::Document {
            title,
            issuer,
            date,
            location,
        } => {
            out.labelled("数据来源", Some("文件"))?;
            out.labelled("报告标题", Some(title))?;
            out.labelled("发布单位", issuer.as_deref())?;
            out.labelled("日期", date.as_deref())?;
            out.labelled("来源位置", location.as_deref())?;
        }
        Provenance::Sample { generator } => {
            out.labelled("数据来源", Some("示例数据"))?;
            out.labelled("生成方式", Some(generator))?;
        }
    }
    let narrative = &evaluation.narrative;
    out.labelled("一、项目概况", narrative.overview.as_deref())?;
    let categories: Vec<Vec<Cell>> = evaluation
        .program
        .categories
        .iter()
        .map(|c| vec![Cell::Text(c.name.clone()), text(c.description.as_deref())])
        .collect();
    out.table("项目类别", &["名称", "说明"], &categories)?;
    out.labelled("二、自评工作开展情况", narrative.process.as_deref())?;
    out.labelled("三、综合评价结论", narrative.conclusion.as_deref())?;
    out.labelled(
        "报告所称总分",
        narrative.claimed_total.map(|s| s.to_string()).as_deref(),
    )?;
    out.labelled("报告所称等级", narrative.claimed_grade.map(|g| g.label()))?;
    out.labelled(
        "四（一）项目资金使用及管理情况",
        narrative.fund_management.as_deref(),
    )?;
    let allocations: Vec<Vec<Cell>> = evaluation
        .allocations
        .iter()
        .map(|a| {
            vec![
                Cell::Text(a.name.clone()),
                text(a.category.as_deref()),
                Cell::Number(a.amount.value()),
                text(a.purpose.as_deref()),
                text(a.recipient_region.as_deref()),
            ]
        })
        .collect();
    out.table(
        "资金安排",
        &["名称", "所属类别", "金额（万元）", "用途", "受益地区"],
        &allocations,
    )?;
    out.labelled("四（二）总体绩效目标完成情况", narrative.results.as_deref())?;
    let statistics: Vec<Vec<Cell>> = evaluation
        .statistics
        .iter()
        .map(|s| {
            vec![
                Cell::Text(s.metric.metric().code.to_owned()),
                Cell::Number(s.value),
                text(s.unit.as_ref().map(|u| u.as_str())),
                s.rank
                    .map_or(Cell::Empty, |r| Cell::Number(Decimal::from(r.value()))),
                text(s.note.as_deref()),
            ]
        })
        .collect();
    out.table(
        "统计数据",
        &["指标代码", "数值", "单位", "全省排名", "说明"],
        &statistics,
    )?;
    out.labelled(
        "四（三）绩效指标完成情况",
        narrative.indicator_analysis.as_deref(),
    )?;
    let claims: Vec<Vec<Cell>> = narrative
        .claimed_categories
        .iter()
        .map(|c| vec![Cell::Text(c.name.clone()), Cell::Number(c.score.value())])
        .collect();
    out.table("报告所称分类得分", &["类别", "得分"], &claims)?;
    for problem in &narrative.problems {
        out.labelled("存在的问题", Some(problem))?;
    }
    for measure in &narrative.measures {
        out.labelled("改进措施", Some(measure))?;
    }
    out.labelled(
        "六、绩效自评结果拟应用和公开情况",
        narrative.publication.as_deref(),
    )?;
    out.labelled("七、其他需要说明的问题", narrative.other.as_deref())?;
    let benchmarks: Vec<Vec<Cell>> = evaluation
        .benchmarks
        .iter()
        .map(|b| {
            vec![
                Cell::Text(b.metric.metric().code.to_owned()),
                Cell::Text(b.scope.label().to_owned()),
                Cell::Number(b.value),
                text(b.unit.as_ref().map(|u| u.as_str())),
                text(b.source.as_deref()),
            ]
        })
        .collect();
    out.table(
        "基准数据",
        &["指标代码", "范围", "数值", "单位", "来源"],
        &benchmarks,
    )?;
    Ok(())
}

/// The scope a benchmark row names (`全省`, `全市`, `全国`).
pub(crate) fn scope_of(label: &str) -> Option<BenchmarkScope> {
    [
        BenchmarkScope::Province,
        BenchmarkScope::City,
        BenchmarkScope::Country,
    ]
    .into_iter()
    .find(|scope| scope.label() == label)
}
