//! The labels a 自评表 writes and the role each plays, in one table ([`SPELLINGS`]): the header
//! fields, the funding block's title, columns and rows, the annual goal, the indicator table's
//! columns, the total and the grade.
//!
//! A label is recognised by its words, not by a closed list of whole spellings: it is first
//! reduced to its [`key`] — whitespace and line breaks gone, traditional characters simplified,
//! units and markers in brackets (`(万元)`, `(A)`, `(B/A×100%)`, `(50分)`, `(盖章)`), required
//! marks (`*`, `★`) and numbering (`1.`) dropped — and the key is matched against the words of its
//! block in the table's order, the first entry that matches deciding. The same words mean
//! different things in different blocks (`实际完成情况` is the goal's, `实际完成值` the indicator
//! table's; `分值` is the funding block's weight there and a row's weight here), so every lookup
//! names its [`Block`].
//!
//! What a cell *holds* is read elsewhere ([`super::cells`], [`crate::target`]); where a block
//! stands in a file is the reader's business.

use super::cells::compact;
use super::traditional::simplified;

/// The part of the form a label is looked up in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Block {
    /// 项目名称, 主管部门, 实施单位, 地区, 年度.
    Header,
    /// The funding block's title and columns (年初预算数 … 得分).
    FundingColumns,
    /// The funding block's rows (年度资金总额, 其中：当年财政拨款, 上年结转资金, 其他资金).
    FundingRows,
    /// 年度总体目标: its title, 预期目标, 实际完成情况.
    Goal,
    /// The indicator table's columns.
    Indicators,
    /// 总分 and 等级.
    Totals,
}

/// A field of the form's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeaderField {
    /// 项目名称 (`program.name`).
    ProgramName,
    /// 主管部门 (`program.department`).
    Department,
    /// 实施单位 (`program.implementer`).
    Implementer,
    /// 地区 (`region`).
    Region,
    /// 年度 (`year`).
    Year,
}

impl HeaderField {
    /// The record's JSON path for the field.
    pub fn field(self) -> &'static str {
        match self {
            Self::ProgramName => "program.name",
            Self::Department => "program.department",
            Self::Implementer => "program.implementer",
            Self::Region => "region",
            Self::Year => "year",
        }
    }

    /// The standard form's label, shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::ProgramName => "项目名称",
            Self::Department => "主管部门",
            Self::Implementer => "实施单位",
            Self::Region => "地区",
            Self::Year => "年度",
        }
    }
}

/// A column of the funding block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundingColumn {
    /// 年初预算数.
    YearStart,
    /// 全年预算数 (调整后预算数).
    FullYear,
    /// 全年执行数 (预算执行数).
    Executed,
    /// 执行率.
    Rate,
    /// 分值 of budget execution.
    Weight,
    /// 得分 of budget execution.
    Score,
}

impl FundingColumn {
    /// The standard form's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::YearStart => "年初预算数",
            Self::FullYear => "全年预算数",
            Self::Executed => "全年执行数",
            Self::Rate => "执行率",
            Self::Weight => "分值",
            Self::Score => "得分",
        }
    }
}

/// A row of the funding block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FundingRow {
    /// 年度资金总额.
    Total,
    /// 其中：当年财政拨款.
    Appropriation,
    /// 上年结转资金.
    CarriedOver,
    /// 其他资金.
    Other,
}

impl FundingRow {
    /// The record's key under `funding`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Total => "total",
            Self::Appropriation => "current_appropriation",
            Self::CarriedOver => "carried_over",
            Self::Other => "other",
        }
    }

    /// The standard form's label.
    pub fn label(self) -> &'static str {
        match self {
            Self::Total => "年度资金总额",
            Self::Appropriation => "当年财政拨款",
            Self::CarriedOver => "上年结转资金",
            Self::Other => "其他资金",
        }
    }
}

/// A part of the 年度总体目标 block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GoalPart {
    /// The block's title (年度总体目标).
    Title,
    /// 预期目标.
    Expected,
    /// 实际完成情况.
    Actual,
}

/// A column of the indicator table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndicatorColumn {
    /// The table's title in its first column (`绩效指标`, `年度绩效目标(80分)`), no column of
    /// its own.
    Title,
    /// 一级指标.
    Level1,
    /// 二级指标.
    Level2,
    /// A level column whose label says only that it is a level (`评价指标`, `评价内容`): the
    /// first such column is level 1, the next level 2.
    Level,
    /// 三级指标.
    Name,
    /// 指标性质 (`≥`, `定性`).
    Operator,
    /// 年度指标值.
    Target,
    /// A target for another period than the year (年中目标值, 长期目标): kept beside the annual
    /// target, not used.
    OtherTarget,
    /// 度量单位.
    Unit,
    /// 实际完成值.
    Actual,
    /// The value of an earlier year (上年实际完成值, `2021年实际实现值`): kept, not used.
    History,
    /// 分值.
    Weight,
    /// 得分.
    Score,
    /// 偏差原因分析及改进措施.
    Note,
    /// What the row is judged by or what explains it (评分标准, 指标解释, 备注, 累计完成率):
    /// kept beside the row, not used.
    Criteria,
    /// 对应统计指标: the catalogue metric a row measures.
    Metric,
}

impl IndicatorColumn {
    /// The standard form's label, shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Title => "绩效指标",
            Self::Level1 | Self::Level => "一级指标",
            Self::Level2 => "二级指标",
            Self::Name => "三级指标",
            Self::Operator => "指标性质",
            Self::Target => "年度指标值",
            Self::OtherTarget => "其他期间指标值",
            Self::Unit => "度量单位",
            Self::Actual => "实际完成值",
            Self::History => "以前年度完成值",
            Self::Weight => "分值",
            Self::Score => "得分",
            Self::Note => "偏差原因分析及改进措施",
            Self::Criteria => "评分标准",
            Self::Metric => "对应统计指标",
        }
    }
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A header field; `rank` orders labels of the same field where a form writes several
    /// (`地方主管部门` before `中央主管部门`): lower first.
    Header {
        /// The field.
        field: HeaderField,
        /// Which label of the field wins: lower first.
        rank: u8,
    },
    /// The funding block's title (`项目资金（万元）`).
    FundingTitle,
    /// A funding column.
    Funding(FundingColumn),
    /// A funding row.
    FundingRow(FundingRow),
    /// A part of the goal block.
    Goal(GoalPart),
    /// An indicator column.
    Indicator(IndicatorColumn),
    /// 总分.
    Total,
    /// 等级.
    Grade,
    /// A label of the form that names nothing the record holds (项目负责人, 项目属性, 填报日期,
    /// 评价结论, 一级项目名称): a value search stops at it, and what it labels is left unplaced.
    Known,
}

/// How an entry's words are compared with a label's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    /// The whole key.
    Is,
    /// Anywhere in the key.
    Has,
    /// At the key's start.
    Starts,
    /// At the key's end.
    Ends,
}

/// One entry of the table: in `block`, a key matching `words` as `how` says names `role`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spelling {
    /// Where the entry applies.
    pub block: Block,
    /// How the words are compared.
    pub how: How,
    /// The words, simplified, as keys are written.
    pub words: &'static str,
    /// What a matching label names.
    pub role: Role,
}

const fn entry(block: Block, how: How, words: &'static str, role: Role) -> Spelling {
    Spelling {
        block,
        how,
        words,
        role,
    }
}

const fn header(field: HeaderField, rank: u8) -> Role {
    Role::Header { field, rank }
}

const fn column(column: IndicatorColumn) -> Role {
    Role::Indicator(column)
}

use Block::{FundingColumns, FundingRows, Goal, Header, Indicators, Totals};
use How::{Ends, Has, Is, Starts};
use IndicatorColumn as C;

/// Every label the readers recognise, block by block, in the order they are tried: the first
/// entry whose words match decides (so `执行率` is a rate before `执行` makes it an executed
/// amount, and `预期2022年实现值` a target before `实现值` makes it an actual).
pub const SPELLINGS: &[Spelling] = &[
    // The header. The parent of a two-level program name, contacts and properties name nothing.
    entry(Header, Is, "一级项目名称", Role::Known),
    entry(Header, Has, "负责人", Role::Known),
    entry(Header, Has, "电话", Role::Known),
    entry(Header, Ends, "日期", Role::Known),
    entry(Header, Has, "报表编号", Role::Known),
    entry(Header, Is, "项目属性", Role::Known),
    entry(Header, Is, "项目类别", Role::Known),
    entry(Header, Is, "项目类型", Role::Known),
    entry(Header, Is, "项目分类", Role::Known),
    entry(Header, Is, "项目期", Role::Known),
    entry(Header, Is, "资金用途", Role::Known),
    entry(Header, Is, "资金性质", Role::Known),
    entry(Header, Ends, "职责", Role::Known),
    entry(
        Header,
        Ends,
        "项目名称",
        header(HeaderField::ProgramName, 0),
    ),
    entry(
        Header,
        Ends,
        "专项名称",
        header(HeaderField::ProgramName, 0),
    ),
    entry(
        Header,
        Ends,
        "资金名称",
        header(HeaderField::ProgramName, 0),
    ),
    entry(
        Header,
        Is,
        "转移支付名称",
        header(HeaderField::ProgramName, 0),
    ),
    entry(Header, Is, "项目名", header(HeaderField::ProgramName, 1)),
    entry(
        Header,
        Is,
        "中央主管部门",
        header(HeaderField::Department, 3),
    ),
    entry(
        Header,
        Is,
        "省级主管部门",
        header(HeaderField::Department, 3),
    ),
    entry(
        Header,
        Is,
        "地方主管部门",
        header(HeaderField::Department, 0),
    ),
    entry(
        Header,
        Is,
        "县级主管部门",
        header(HeaderField::Department, 0),
    ),
    entry(Header, Ends, "主管部门", header(HeaderField::Department, 1)),
    entry(
        Header,
        Starts,
        "主管部门",
        header(HeaderField::Department, 1),
    ),
    entry(Header, Ends, "主管单位", header(HeaderField::Department, 1)),
    entry(
        Header,
        Starts,
        "预算部门",
        header(HeaderField::Department, 1),
    ),
    entry(Header, Is, "部门", header(HeaderField::Department, 2)),
    entry(Header, Is, "部门名称", header(HeaderField::Department, 2)),
    entry(Header, Is, "申报单位", header(HeaderField::Department, 2)),
    entry(Header, Is, "组织实施单位", Role::Known),
    entry(
        Header,
        Ends,
        "实施单位",
        header(HeaderField::Implementer, 0),
    ),
    entry(
        Header,
        Ends,
        "执行单位",
        header(HeaderField::Implementer, 0),
    ),
    entry(
        Header,
        Is,
        "资金使用单位",
        header(HeaderField::Implementer, 0),
    ),
    entry(Header, Is, "实施机构", header(HeaderField::Implementer, 0)),
    entry(Header, Is, "单位名称", header(HeaderField::Implementer, 1)),
    entry(Header, Is, "预算单位", header(HeaderField::Implementer, 1)),
    entry(Header, Is, "地区", header(HeaderField::Region, 0)),
    entry(Header, Is, "所属地区", header(HeaderField::Region, 0)),
    entry(Header, Is, "地区名称", header(HeaderField::Region, 0)),
    entry(Header, Is, "行政区划", header(HeaderField::Region, 0)),
    entry(Header, Is, "区域", header(HeaderField::Region, 0)),
    entry(Header, Is, "年度", header(HeaderField::Year, 0)),
    entry(Header, Is, "评价年度", header(HeaderField::Year, 0)),
    entry(Header, Is, "所属年度", header(HeaderField::Year, 0)),
    entry(Header, Is, "预算年度", header(HeaderField::Year, 0)),
    // The funding block: its title, then its columns.
    entry(FundingColumns, Starts, "项目资金", Role::FundingTitle),
    entry(FundingColumns, Starts, "资金情况", Role::FundingTitle),
    entry(FundingColumns, Starts, "预算执行情况", Role::FundingTitle),
    entry(FundingColumns, Starts, "预算资金", Role::FundingTitle),
    entry(FundingColumns, Starts, "资金投入情况", Role::FundingTitle),
    entry(FundingColumns, Starts, "年度预算申请", Role::FundingTitle),
    entry(FundingColumns, Is, "年度预算数", Role::FundingTitle),
    entry(
        FundingColumns,
        Has,
        "执行率",
        Role::Funding(FundingColumn::Rate),
    ),
    entry(FundingColumns, Has, "计算方法", Role::Known),
    entry(FundingColumns, Has, "原因", Role::Known),
    entry(FundingColumns, Has, "说明", Role::Known),
    entry(
        FundingColumns,
        Has,
        "年初",
        Role::Funding(FundingColumn::YearStart),
    ),
    entry(
        FundingColumns,
        Has,
        "执行数",
        Role::Funding(FundingColumn::Executed),
    ),
    entry(
        FundingColumns,
        Has,
        "全年执行",
        Role::Funding(FundingColumn::Executed),
    ),
    entry(
        FundingColumns,
        Has,
        "实际执行",
        Role::Funding(FundingColumn::Executed),
    ),
    entry(
        FundingColumns,
        Has,
        "支出数",
        Role::Funding(FundingColumn::Executed),
    ),
    entry(
        FundingColumns,
        Has,
        "实际支出",
        Role::Funding(FundingColumn::Executed),
    ),
    entry(
        FundingColumns,
        Has,
        "全年预算",
        Role::Funding(FundingColumn::FullYear),
    ),
    entry(
        FundingColumns,
        Has,
        "调整后预算",
        Role::Funding(FundingColumn::FullYear),
    ),
    entry(
        FundingColumns,
        Has,
        "调整预算",
        Role::Funding(FundingColumn::FullYear),
    ),
    entry(
        FundingColumns,
        Is,
        "预算数",
        Role::Funding(FundingColumn::FullYear),
    ),
    entry(
        FundingColumns,
        Is,
        "分值",
        Role::Funding(FundingColumn::Weight),
    ),
    entry(
        FundingColumns,
        Is,
        "权重",
        Role::Funding(FundingColumn::Weight),
    ),
    entry(
        FundingColumns,
        Starts,
        "得分",
        Role::Funding(FundingColumn::Score),
    ),
    entry(
        FundingColumns,
        Is,
        "自评得分",
        Role::Funding(FundingColumn::Score),
    ),
    // The funding block's rows.
    entry(
        FundingRows,
        Has,
        "其他资金",
        Role::FundingRow(FundingRow::Other),
    ),
    entry(
        FundingRows,
        Has,
        "其它资金",
        Role::FundingRow(FundingRow::Other),
    ),
    entry(
        FundingRows,
        Has,
        "结转",
        Role::FundingRow(FundingRow::CarriedOver),
    ),
    entry(
        FundingRows,
        Has,
        "总额",
        Role::FundingRow(FundingRow::Total),
    ),
    entry(FundingRows, Is, "合计", Role::FundingRow(FundingRow::Total)),
    entry(
        FundingRows,
        Is,
        "资金合计",
        Role::FundingRow(FundingRow::Total),
    ),
    entry(FundingRows, Is, "总计", Role::FundingRow(FundingRow::Total)),
    entry(
        FundingRows,
        Is,
        "项目金额",
        Role::FundingRow(FundingRow::Total),
    ),
    entry(
        FundingRows,
        Is,
        "项目总投资",
        Role::FundingRow(FundingRow::Total),
    ),
    entry(
        FundingRows,
        Is,
        "预算申报数",
        Role::FundingRow(FundingRow::Total),
    ),
    entry(
        FundingRows,
        Has,
        "财政拨款",
        Role::FundingRow(FundingRow::Appropriation),
    ),
    entry(
        FundingRows,
        Has,
        "一般公共预算拨款",
        Role::FundingRow(FundingRow::Appropriation),
    ),
    entry(
        FundingRows,
        Starts,
        "其中",
        Role::FundingRow(FundingRow::Appropriation),
    ),
    entry(
        FundingRows,
        Ends,
        "财政资金",
        Role::FundingRow(FundingRow::Appropriation),
    ),
    // The goal block.
    entry(
        Goal,
        Is,
        "项目年度目标完成情况",
        Role::Goal(GoalPart::Title),
    ),
    entry(Goal, Is, "总体目标完成情况", Role::Goal(GoalPart::Title)),
    entry(Goal, Is, "年度总体目标", Role::Goal(GoalPart::Title)),
    entry(Goal, Is, "总体目标", Role::Goal(GoalPart::Title)),
    entry(Goal, Is, "项目总体目标", Role::Goal(GoalPart::Title)),
    entry(Goal, Has, "完成情况", Role::Goal(GoalPart::Actual)),
    entry(Goal, Is, "实际完成", Role::Goal(GoalPart::Actual)),
    entry(Goal, Is, "预期目标", Role::Goal(GoalPart::Expected)),
    entry(Goal, Is, "年初设定目标", Role::Goal(GoalPart::Expected)),
    entry(Goal, Is, "年度预期目标", Role::Goal(GoalPart::Expected)),
    entry(Goal, Ends, "年度目标", Role::Goal(GoalPart::Expected)),
    entry(Goal, Is, "年度绩效目标", Role::Goal(GoalPart::Expected)),
    entry(Goal, Is, "年度总体绩效目标", Role::Goal(GoalPart::Expected)),
    // The indicator table. Words of a kept column come first, so a column that only explains
    // or a value of another period is never read as the target or the actual.
    entry(Indicators, Is, "绩效指标", column(C::Title)),
    entry(Indicators, Is, "年度绩效目标", column(C::Title)),
    entry(Indicators, Is, "年度绩效指标", column(C::Title)),
    entry(Indicators, Has, "原因", column(C::Note)),
    entry(Indicators, Has, "偏差", column(C::Note)),
    entry(Indicators, Has, "改进措施", column(C::Note)),
    entry(Indicators, Is, "标准分", column(C::Weight)),
    entry(Indicators, Has, "标准", column(C::Criteria)),
    entry(Indicators, Has, "依据", column(C::Criteria)),
    entry(Indicators, Has, "计算方法", column(C::Criteria)),
    entry(Indicators, Has, "说明", column(C::Criteria)),
    entry(Indicators, Has, "解释", column(C::Criteria)),
    entry(Indicators, Has, "完成率", column(C::Criteria)),
    entry(Indicators, Has, "复核", column(C::Criteria)),
    entry(Indicators, Is, "备注", column(C::Criteria)),
    entry(Indicators, Has, "统计指标", column(C::Metric)),
    entry(Indicators, Has, "上年", column(C::History)),
    entry(Indicators, Has, "以前年度", column(C::History)),
    entry(Indicators, Has, "年中", column(C::OtherTarget)),
    entry(Indicators, Has, "半年", column(C::OtherTarget)),
    entry(Indicators, Has, "长期", column(C::OtherTarget)),
    entry(Indicators, Has, "性质", column(C::Operator)),
    entry(Indicators, Has, "类型", column(C::Operator)),
    entry(Indicators, Has, "方向", column(C::Operator)),
    entry(Indicators, Has, "比较符", column(C::Operator)),
    entry(Indicators, Has, "运算符", column(C::Operator)),
    entry(Indicators, Ends, "单位", column(C::Unit)),
    entry(Indicators, Starts, "预期", column(C::Target)),
    entry(Indicators, Has, "计划值", column(C::Target)),
    entry(Indicators, Has, "计划数", column(C::Target)),
    entry(Indicators, Has, "实际", column(C::Actual)),
    entry(Indicators, Has, "完成值", column(C::Actual)),
    entry(Indicators, Has, "实现值", column(C::Actual)),
    entry(Indicators, Has, "实施进度", column(C::Actual)),
    entry(Indicators, Has, "完成情况", column(C::Actual)),
    entry(Indicators, Has, "完成数", column(C::Actual)),
    entry(Indicators, Is, "实际数", column(C::Actual)),
    entry(Indicators, Has, "指标值", column(C::Target)),
    entry(Indicators, Has, "目标值", column(C::Target)),
    entry(Indicators, Ends, "年度目标", column(C::Target)),
    entry(Indicators, Has, "分值", column(C::Weight)),
    entry(Indicators, Has, "权重", column(C::Weight)),
    entry(Indicators, Is, "满分", column(C::Weight)),
    entry(Indicators, Has, "得分", column(C::Score)),
    entry(Indicators, Ends, "评分", column(C::Score)),
    entry(Indicators, Is, "自评分", column(C::Score)),
    entry(Indicators, Has, "三级", column(C::Name)),
    entry(Indicators, Has, "指标名称", column(C::Name)),
    entry(Indicators, Has, "指标内容", column(C::Name)),
    entry(Indicators, Has, "绩效内容", column(C::Name)),
    entry(Indicators, Is, "具体指标", column(C::Name)),
    entry(Indicators, Has, "一级", column(C::Level1)),
    entry(Indicators, Has, "二级", column(C::Level2)),
    entry(Indicators, Is, "评价指标", column(C::Level)),
    entry(Indicators, Is, "评价内容", column(C::Level)),
    entry(Indicators, Is, "指标类别", column(C::Level)),
    entry(Indicators, Is, "评价维度", column(C::Level)),
    // The total and the grade.
    entry(Totals, Starts, "总分", Role::Total),
    entry(Totals, Is, "合计", Role::Total),
    entry(Totals, Is, "总计", Role::Total),
    entry(Totals, Is, "得分合计", Role::Total),
    entry(Totals, Is, "综合得分", Role::Total),
    entry(Totals, Is, "自评总分", Role::Total),
    entry(Totals, Is, "自评得分", Role::Total),
    entry(Totals, Is, "总得分", Role::Total),
    entry(Totals, Ends, "等级", Role::Grade),
    entry(Totals, Is, "评价结果", Role::Grade),
    // Labels of parts that hold nothing the record takes, in any block's rows.
    entry(Totals, Is, "项目基本情况", Role::Known),
    entry(Totals, Is, "项目实施内容及过程概述", Role::Known),
    entry(Totals, Is, "评价结论", Role::Known),
    entry(Totals, Is, "存在问题", Role::Known),
    entry(Totals, Is, "改进措施", Role::Known),
    entry(Totals, Has, "说明", Role::Known),
    entry(Totals, Starts, "备注", Role::Known),
    entry(Totals, Starts, "注", Role::Known),
    entry(Totals, Has, "依据", Role::Known),
    entry(Totals, Is, "基本情况", Role::Known),
    entry(Totals, Is, "项目概况", Role::Known),
    entry(Totals, Ends, "必要性", Role::Known),
    entry(Totals, Is, "项目实施计划", Role::Known),
    entry(Totals, Is, "监督管理单位", Role::Known),
    entry(Totals, Is, "资金管理情况", Role::Known),
    entry(Totals, Starts, "保证项目实施", Role::Known),
];

/// A label as the table compares it: whitespace gone, traditional characters simplified,
/// bracketed units and markers dropped (`项目资金\n（萬元）` → `项目资金`, `年初目标值 (A)` →
/// `年初目标值`, `一*级项目名称` → `一级项目名称`), numbering (`1.`, `2、`) and a closing colon
/// dropped.
pub fn key(label: &str) -> String {
    let compacted = simplified(&compact(label));
    let mut key = String::with_capacity(compacted.len());
    let mut depth = 0usize;
    for c in compacted.chars() {
        match c {
            '(' | '[' | '【' | '〔' => depth += 1,
            ')' | ']' | '】' | '〕' => depth = depth.saturating_sub(1),
            '*' | '★' | '☆' | '※' | '△' | '▲' | '●' => {}
            c if depth == 0 => key.push(c),
            _ => {}
        }
    }
    let key = key.trim_end_matches([':', '：']);
    let numbered = key
        .trim_start_matches(|c: char| c.is_ascii_digit())
        .strip_prefix(['.', '、']);
    numbered.unwrap_or(key).to_owned()
}

fn matches(how: How, key: &str, words: &str) -> bool {
    match how {
        How::Is => key == words,
        How::Has => key.contains(words),
        How::Starts => key.starts_with(words),
        How::Ends => key.ends_with(words),
    }
}

/// Longest key a label has (`其中:中央、省、市补助县级资金`); a longer text is a value, whatever
/// words it holds.
const LONGEST_LABEL: usize = 16;

/// The role `label` plays in `block`, by the first entry of [`SPELLINGS`] its key matches (a
/// text longer than any label plays none).
pub fn role(block: Block, label: &str) -> Option<Role> {
    let key = key(label);
    if key.is_empty() || key.chars().count() > LONGEST_LABEL {
        return None;
    }
    SPELLINGS
        .iter()
        .filter(|spelling| spelling.block == block)
        .find(|spelling| matches(spelling.how, &key, spelling.words))
        .map(|spelling| spelling.role)
}

/// The header field `label` names, with its rank.
pub fn header_field(label: &str) -> Option<(HeaderField, u8)> {
    match role(Block::Header, label)? {
        Role::Header { field, rank } => Some((field, rank)),
        _ => None,
    }
}

/// The funding column `label` names.
pub fn funding_column(label: &str) -> Option<FundingColumn> {
    match role(Block::FundingColumns, label)? {
        Role::Funding(column) => Some(column),
        _ => None,
    }
}

/// True for the funding block's title (`项目资金（万元）`, `预算执行情况(万元)(20分)`).
pub fn is_funding_title(label: &str) -> bool {
    role(Block::FundingColumns, label) == Some(Role::FundingTitle)
}

/// The funding row `label` names.
pub fn funding_row(label: &str) -> Option<FundingRow> {
    match role(Block::FundingRows, label)? {
        Role::FundingRow(row) => Some(row),
        _ => None,
    }
}

/// The part of the goal block `label` names.
pub fn goal_part(label: &str) -> Option<GoalPart> {
    match role(Block::Goal, label)? {
        Role::Goal(part) => Some(part),
        _ => None,
    }
}

/// The indicator column `label` names.
pub fn indicator_column(label: &str) -> Option<IndicatorColumn> {
    match role(Block::Indicators, label)? {
        Role::Indicator(column) => Some(column),
        _ => None,
    }
}

/// True for the label of the total row (`总分`, `合计`, `自评得分`).
pub fn is_total(label: &str) -> bool {
    role(Block::Totals, label) == Some(Role::Total)
}

/// True for the label of the grade (`等级`, `自评等级`).
pub fn is_grade(label: &str) -> bool {
    role(Block::Totals, label) == Some(Role::Grade)
}

/// True for a label of any block, so a search for a value stops at it.
pub fn is_label(label: &str) -> bool {
    [
        Block::Header,
        Block::FundingColumns,
        Block::Goal,
        Block::Indicators,
        Block::Totals,
    ]
    .into_iter()
    .any(|block| role(block, label).is_some())
}

/// The amount unit a funding label or title states (`项目资金（元）`), from its brackets.
pub fn amount_unit(label: &str) -> Option<super::cells::AmountUnit> {
    super::cells::AmountUnit::stated_in(&simplified(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_drop_what_is_not_the_label() {
        assert_eq!(key("项目资金\n（萬元）"), "项目资金");
        assert_eq!(key("年初目标值 (A)"), "年初目标值");
        assert_eq!(key("一*级项目名称"), "一级项目名称");
        assert_eq!(key("1.项目年度目标完成情况"), "项目年度目标完成情况");
        assert_eq!(key("实施单位："), "实施单位");
        assert_eq!(key("预算执行率\n( B/A×100%)"), "预算执行率");
        assert_eq!(key("*評(扣)分標準"), "评分标准");
    }

    #[test]
    fn the_block_decides_what_words_mean() {
        assert_eq!(
            goal_part("实际完成情况"),
            Some(GoalPart::Actual),
            "the goal's actual"
        );
        assert_eq!(
            indicator_column("实际完成值"),
            Some(IndicatorColumn::Actual)
        );
        assert_eq!(funding_column("分值"), Some(FundingColumn::Weight));
        assert_eq!(indicator_column("分值"), Some(IndicatorColumn::Weight));
        assert_eq!(
            indicator_column("预期2022年实现值"),
            Some(IndicatorColumn::Target)
        );
        assert_eq!(
            indicator_column("得分计算方法"),
            Some(IndicatorColumn::Criteria)
        );
        assert_eq!(funding_column("预算执行率"), Some(FundingColumn::Rate));
        assert_eq!(funding_column("预算执行数"), Some(FundingColumn::Executed));
        assert_eq!(
            indicator_column("年度计划数"),
            Some(IndicatorColumn::Target)
        );
        assert_eq!(
            indicator_column("全年完成数"),
            Some(IndicatorColumn::Actual)
        );
        assert_eq!(indicator_column("标准分"), Some(IndicatorColumn::Weight));
    }
}
