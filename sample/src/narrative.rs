//! The report's text around the form: 年度总体目标, sections 一 to 七, the totals and category
//! scores the text claims, problems and measures. Industry funds quote the region's statistics
//! with their provincial ranks in section 四(二), as the seed does.

use fundlens_shared::format;
use fundlens_shared::model::{CategoryClaim, Goal, Narrative};
use fundlens_shared::value::{Grade, Score};
use rust_decimal::Decimal;

use super::economy::{Economy, Stat};
use super::funding::Spending;
use super::phrases;
use super::programs::Program;
use super::regions::Place;
use super::rng::Rng;
use super::templates::Level1;
use super::topics::Kind;

/// The declared scores by category, as the table adds them up.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scores {
    /// 预算执行率.
    pub(super) execution: Decimal,
    /// 产出指标.
    pub(super) output: Decimal,
    /// 效益指标 (with satisfaction when the form puts it there).
    pub(super) benefit: Decimal,
    /// 满意度指标, when a separate group.
    pub(super) satisfaction: Option<Decimal>,
}

impl Scores {
    /// The declared total.
    pub(super) fn total(self) -> Decimal {
        self.execution + self.output + self.benefit + self.satisfaction.unwrap_or_default()
    }

    /// The claims of section 四(三), in the text's order.
    pub(super) fn claims(self) -> Vec<CategoryClaim> {
        let claim = |name: &str, score: Decimal| {
            Score::new(score).ok().map(|score| CategoryClaim {
                name: name.to_owned(),
                score,
            })
        };
        [
            claim("预算执行率", self.execution),
            claim(Level1::Output.narrative_label(), self.output),
            claim(Level1::Benefit.narrative_label(), self.benefit),
            self.satisfaction
                .and_then(|score| claim(Level1::Satisfaction.narrative_label(), score)),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// What the text is written about.
#[derive(Debug)]
pub(super) struct Facts<'a> {
    /// The region.
    pub(super) place: &'a Place,
    /// Its place index.
    pub(super) place_index: usize,
    /// The fund.
    pub(super) program: &'a Program,
    /// The year.
    pub(super) year: i32,
    /// 主管部门.
    pub(super) department: &'a str,
    /// The money.
    pub(super) spending: &'a Spending,
    /// The statistics.
    pub(super) economy: &'a Economy,
    /// True when every row got its full weight.
    pub(super) all_met: bool,
}

impl Facts<'_> {
    /// 全市, 全区, 全县 or 全州.
    fn whole(&self) -> String {
        format!("全{}", self.place.level_word())
    }

    /// The strategy of the year: 三高四新 from 2021, 创新引领、开放崛起 before.
    fn strategy(&self) -> &'static str {
        if self.year >= 2021 {
            "全面落实“三高四新”战略定位和使命任务"
        } else {
            "深入实施创新引领、开放崛起战略"
        }
    }
}

/// 年度总体目标.
pub(super) fn goal(facts: &Facts<'_>) -> Goal {
    let whole = facts.whole();
    let purpose = facts.program.purpose;
    let actual = if facts.all_met {
        format!(
            "{whole}围绕{purpose}扎实推进各项工作，项目资金及时拨付到位，年度绩效目标全面完成，政策引导作用充分发挥。"
        )
    } else {
        format!(
            "{whole}围绕{purpose}扎实推进各项工作，年度绩效目标基本完成，个别指标未达到预期，已分析原因并提出改进措施。"
        )
    };
    Goal {
        expected: Some(format!(
            "{}，{purpose}，完成年度各项绩效目标，推动{whole}经济社会高质量发展。",
            facts.strategy()
        )),
        actual: Some(actual),
    }
}

fn long_grade(grade: Grade) -> (&'static str, &'static str) {
    match grade {
        Grade::Excellent => ("优秀", "较好地完成了年度绩效目标"),
        Grade::Good => ("良好", "基本达到了年度绩效目标"),
        Grade::Fair => ("中等", "部分年度绩效目标未能实现"),
        Grade::Poor => ("较差", "年度绩效目标完成情况较差"),
    }
}

/// The report's text; `scores` are the declared ones, `claims` what section 四(三) claims.
pub(super) fn narrative(
    rng: &mut Rng,
    facts: &Facts<'_>,
    scores: Scores,
    claims: Vec<CategoryClaim>,
) -> Narrative {
    let program = facts.program;
    let (name, year) = (program.name.as_str(), facts.year);
    let total = scores.total();
    let grade = Grade::for_total(total);
    let (grade_text, effect) = long_grade(grade);
    let level = facts.place.level_word();
    let spending = facts.spending;

    let categories: String = program
        .categories
        .iter()
        .enumerate()
        .map(|(index, (category, description))| {
            format!("\n{}.{category}：{description}", index + 1)
        })
        .collect();
    let overview = format!(
        "{name}是{level}级财政预算安排，专项用于{}的资金。{year}年{name}项目重点安排在以下{}个方面：{categories}",
        program.purpose,
        program.categories.len()
    );
    let process = format!(
        "收到{}财政局通知后，{}根据文件要求组建项目绩效评价小组，对{year}年{name}从项目立项、资金管理、拨付和使用等方面开展绩效自查，通过对{}个项目查阅项目成果及相关佐证资料、核实数据、归纳汇总，起草了自评报告，填写了项目支出绩效自评表。",
        facts.place.name(),
        facts.department,
        spending.allocations.len()
    );
    let conclusion = format!(
        "根据该项目资金绩效评价指标体系和绩效检查情况，{name}做到了专款专用，{effect}，自评得分{}分，自评结论为“{grade_text}”。",
        format::score(total)
    );
    let fund_management = format!(
        "{year}年，{level}级预算安排{name}{}，全年预算调整为{}，实际拨付资金{}。专项资金管理、使用严格按照有关资金管理办法执行，{}详细检查了获得支持项目的项目成果、支出明细、财务凭证等，保证了专项资金规范使用。",
        format::money(spending.year_start),
        format::money(spending.budget),
        format::money(spending.executed),
        facts.department
    );
    let satisfaction = scores.satisfaction.map_or(String::new(), |score| {
        format!("、满意度指标类得分为{}分", format::score(score))
    });
    let claimed = |label: &str, fallback: Decimal| {
        claims
            .iter()
            .find(|claim| claim.name == label)
            .map_or(fallback, |claim| claim.score.value())
    };
    let indicator_analysis = format!(
        "根据基础数据分析计算，{}{year}年度专项支出自评综合得分为{}分，其中预算执行率得分为{}分、产出指标类得分为{}分、效益指标类得分为{}分{satisfaction}，为“{}”等级。",
        facts.department,
        format::score(total),
        format::score(scores.execution),
        format::score(claimed(Level1::Output.narrative_label(), scores.output)),
        format::score(claimed(Level1::Benefit.narrative_label(), scores.benefit)),
        grade.label()
    );
    let problem_count = rng.inclusive(2, 3);
    let mut problems = Vec::with_capacity(problem_count);
    let mut first = rng.below(phrases::PROBLEMS.len());
    for ordinal in &phrases::ORDINALS[..problem_count] {
        problems.push(format!("{ordinal}{}", phrases::PROBLEMS[first]));
        first = (first + 1 + rng.below(3)) % phrases::PROBLEMS.len();
    }
    let measure = rng.below(phrases::MEASURES.len());
    let mut measures = vec![phrases::MEASURES[measure].to_owned()];
    if rng.chance(0.5) {
        measures.push(phrases::MEASURES[(measure + 1) % phrases::MEASURES.len()].to_owned());
    }
    Narrative {
        claimed_total: Score::new(total).ok(),
        claimed_grade: Some(grade),
        claimed_categories: claims,
        overview: Some(overview),
        process: Some(process),
        conclusion: Some(conclusion),
        fund_management: Some(fund_management),
        results: Some(results(facts)),
        indicator_analysis: Some(indicator_analysis),
        problems,
        measures,
        publication: Some((*rng.pick(phrases::PUBLICATION)).to_owned()),
        other: Some("无。".to_owned()),
    }
}

/// Section 四(二): the region's statistics and ranks for an industry fund, else the fund's own
/// results.
fn results(facts: &Facts<'_>) -> String {
    let year = facts.year;
    let whole = facts.whole();
    let lines = facts.spending.allocations.len();
    let opening = format!(
        "{year}年，{name}支持的{lines}个子项目均已按计划组织实施，{purpose}取得积极成效。",
        name = facts.program.name,
        purpose = facts.program.purpose
    );
    if facts.program.kind == Kind::Other {
        return opening;
    }
    if let Some(host) = facts.place.region.statistics_merged_into {
        return format!(
            "{opening}{}规模工业主要经济指标纳入{host}统计，不单独排名。",
            facts.place.name()
        );
    }
    let get = |stat| facts.economy.get(facts.place_index, year, stat);
    let [
        Some(growth),
        Some(small),
        Some(investment),
        Some(renovation),
        Some(entered),
        Some(share),
        Some(tax),
        Some(tax_growth),
    ] = [
        get(Stat::IndustrialGrowth),
        get(Stat::SmallIndustryGrowth),
        get(Stat::InvestmentGrowth),
        get(Stat::RenovationGrowth),
        get(Stat::NewEnterprises),
        get(Stat::ManufacturingShare),
        get(Stat::TaxRevenue),
        get(Stat::TaxGrowth),
    ]
    else {
        return opening;
    };
    let peers = if facts.place.is_city() {
        "全省"
    } else {
        "全省县市区"
    };
    let rank = |cell: super::economy::Cell| {
        cell.rank
            .map_or(String::new(), |rank| format!("，排名{peers}第{rank}位"))
    };
    format!(
        "{opening}{whole}工信系统凝心聚力、攻坚克难，推动工业经济高质量发展。{whole}规模工业增加值增长{:.1}%{}；规下工业增加值增长{:.1}%{}；工业投资、工业技改投资分别增长{:.1}%、{:.1}%{}；新增规模工业企业{}家{}；制造业增加值占GDP比重{:.1}%{}。{whole}工业税收{}亿元，增长{:.1}%{}。",
        growth.value,
        rank(growth),
        small.value,
        rank(small),
        investment.value,
        renovation.value,
        rank(investment),
        entered.value,
        rank(entered),
        share.value,
        rank(share),
        tax.value.normalize(),
        tax_growth.value,
        rank(tax_growth)
    )
}
