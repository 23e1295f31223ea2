//! The indicator catalogue: for each level-2 group of the national framework, the 三级指标 a
//! bureau plausibly writes and the form of its target (`135家`, `≥90%`, `64万元`, `≤5%`,
//! `2024年年底以前`, `成效明显`, `≥全省平均水平`, `≥95%且≤105%`).

use super::economy::Stat;
pub(super) use fundlens_shared::scoring::group::{Level1, Level2};

/// The form of a target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Form {
    /// A bare count (`135家`): at least.
    Count {
        /// The unit.
        unit: &'static str,
        /// The target at a typical city.
        base: f64,
    },
    /// `≥N%`.
    AtLeastPercent(u32),
    /// A bare `100%`: at least.
    FullPercent,
    /// `≤N%`.
    AtMostPercent(u32),
    /// `≥95%且≤105%`.
    RangePercent,
    /// A bare amount outside the cost group (`3.2亿元`): at least.
    Amount {
        /// `万元` or `亿元`.
        unit: &'static str,
        /// The target at a typical city.
        base: f64,
    },
    /// A deadline in the evaluated year: `2024年年底以前`, or `2024年12月31日前`.
    Deadline {
        /// Whether it is written `年底以前`.
        year_end: bool,
    },
    /// Prose (`成效明显`).
    Qualitative(&'static str),
    /// `≥全省平均水平` on a statistic of the region.
    Benchmark(Stat),
    /// New enterprises in the statistics (`135家` against the region's statistic).
    NewEnterprises,
    /// A bare amount under 成本指标 (`64万元`: at most) for the program's n-th chosen line.
    LineCost(usize),
}

/// A 三级指标 and its target form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Template {
    /// The indicator's name (ignored for [`Form::LineCost`], which takes the line's).
    pub(super) name: &'static str,
    /// Its target form.
    pub(super) form: Form,
}

const fn t(name: &'static str, form: Form) -> Template {
    Template { name, form }
}

const fn count(name: &'static str, unit: &'static str, base: f64) -> Template {
    t(name, Form::Count { unit, base })
}

/// Generic 数量 indicators (after the program's own).
pub(super) const QUANTITY: &[Template] = &[
    count("开展业务培训场次", "场", 6.0),
    count("组织专项督查次数", "次", 4.0),
    count("受益企业户数", "户", 40.0),
    count("开展政策宣讲活动次数", "次", 8.0),
    count("项目评审论证场次", "场", 5.0),
];

/// 质量 indicators.
pub(super) const QUALITY: &[Template] = &[
    t("下拨经费符合相关政策规定比率", Form::FullPercent),
    t("项目验收合格率", Form::AtLeastPercent(95)),
    t("资金使用合规率", Form::FullPercent),
    t("项目资料归档完整率", Form::AtLeastPercent(95)),
    count("获得省级以上表彰奖励", "个", 1.0),
    t("绩效目标完成率", Form::AtLeastPercent(90)),
];

/// 时效 indicators.
pub(super) const TIMELINESS: &[Template] = &[
    t("全部资金下拨时间", Form::Deadline { year_end: true }),
    t("资金拨付及时率", Form::AtLeastPercent(95)),
    t("资金支付进度", Form::RangePercent),
    t("项目完成时间", Form::Deadline { year_end: false }),
];

/// 成本 indicators beside the lines' amounts.
pub(super) const COST: &[Template] = &[t("项目成本超支率", Form::AtMostPercent(5))];

/// Benchmark indicators of the flagship funds, as the seed writes them.
pub(super) const BENCHMARKS: &[Template] = &[
    t(
        "规模以上工业增加值",
        Form::Benchmark(Stat::IndustrialGrowth),
    ),
    t("工业投资增速", Form::Benchmark(Stat::InvestmentGrowth)),
];

/// The flagship funds' 新入规企业 row.
pub(super) const NEW_ENTERPRISES: Template = t("新入规企业", Form::NewEnterprises);

/// 经济效益 indicators.
pub(super) const ECONOMIC: &[Template] = &[
    t(
        "带动企业新增产值",
        Form::Amount {
            unit: "亿元",
            base: 3.0,
        },
    ),
    t(
        "新增税收",
        Form::Amount {
            unit: "万元",
            base: 800.0,
        },
    ),
    t(
        "带动社会投资",
        Form::Amount {
            unit: "亿元",
            base: 2.0,
        },
    ),
    t("促进产业转型升级", Form::Qualitative("成效明显")),
];

/// 社会效益 indicators.
pub(super) const SOCIAL: &[Template] = &[
    t("促进就业", Form::Qualitative("成效明显")),
    count("带动就业人数", "人", 300.0),
    t("营商环境", Form::Qualitative("持续优化")),
    t("服务企业发展", Form::Qualitative("成效明显")),
];

/// 生态效益 indicators.
pub(super) const ECOLOGICAL: &[Template] = &[
    t("工业领域生态环境保护", Form::Qualitative("不断加强")),
    t("单位工业增加值能耗下降率", Form::AtLeastPercent(3)),
    t("资源综合利用水平", Form::Qualitative("稳步提升")),
];

/// 可持续影响 indicators.
pub(super) const SUSTAINABLE: &[Template] = &[
    t("产业高质量发展", Form::Qualitative("持续推动")),
    t("长效管理机制", Form::Qualitative("逐步健全")),
    t("项目持续发挥效益", Form::Qualitative("持续发挥")),
    t("政策引导作用", Form::Qualitative("持续增强")),
];

/// 服务对象满意度 indicators.
pub(super) const SATISFACTION: &[Template] = &[
    t("服务对象满意度", Form::AtLeastPercent(90)),
    t("企业满意度", Form::AtLeastPercent(95)),
    t("群众满意度", Form::AtLeastPercent(90)),
];
