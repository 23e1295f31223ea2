//! The sentences a self-evaluation report is made of: deviation notes by reason, actual values
//! of qualitative targets below full attainment, problems, measures and the publication
//! paragraph. Each pool is small and realistic; the generator picks from them.

/// Why a row needs a deviation note (偏差原因分析及改进措施).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reason {
    /// Below the target.
    Shortfall,
    /// 30% or more above the target.
    Overachieved,
    /// A cost above its planned amount.
    CostOverrun,
    /// A statistic below the provincial average.
    BelowAverage,
    /// A statistic far above the provincial average.
    AboveAverage,
    /// A deadline missed.
    Late,
    /// A qualitative target partly or largely attained.
    Partial,
}

impl Reason {
    /// The notes an evaluator writes for this reason.
    pub(super) fn notes(self) -> &'static [&'static str] {
        match self {
            Self::Shortfall => &[
                "受市场需求偏弱和部分企业生产经营困难影响，未完全达到年度目标；下一步将加强跟踪调度，确保目标完成。",
                "部分项目建设进度滞后，完成值略低于指标值；下一步将加快项目实施进度，强化督促检查。",
                "年初指标值设定偏高，实际完成情况略低于预期；下一步将结合往年完成情况科学设定指标值。",
            ],
            Self::Overachieved => &[
                "年初指标值设定偏保守，实际完成值高于指标值较多；下一步将结合实际科学合理设定绩效指标值。",
                "政策宣传到位，申报积极性高，完成值明显高于预期；下一步将提高指标值设定的精准度。",
            ],
            Self::CostOverrun => &[
                "因项目实施内容增加，实际支出略高于年初测算；下一步将加强成本测算和预算控制。",
                "受原材料和服务价格上涨影响，实际成本超出计划；下一步将严格控制项目成本。",
            ],
            Self::BelowAverage => &[
                "受宏观经济下行和部分重点企业减产影响，增速低于全省平均水平；下一步将加强工业经济运行调度，全力稳增长。",
                "重点项目投产进度不及预期，增速低于全省平均水平；下一步将加快重大项目建设和达产达效。",
            ],
            Self::AboveAverage => &[
                "重大项目集中开工建设，增速明显高于全省平均水平；下一步将保持项目建设力度，巩固向好态势。",
                "新投产项目集中释放产能，增速高于全省平均水平较多；下一步将持续推动产业链延链补链。",
            ],
            Self::Late => &[
                "部分项目资金待项目验收合格后拨付，拨付时间有所延后；下一步将提前谋划，加快资金拨付进度。",
                "受项目审批程序影响，资金拨付未能在年内全部完成；下一步将优化审批流程。",
            ],
            Self::Partial => &[
                "相关工作仍在推进中，效果尚未完全显现；下一步将加大工作力度，巩固提升工作成效。",
                "受客观条件限制，工作成效与预期存在一定差距；下一步将完善工作机制，持续推进。",
            ],
        }
    }
}

/// Actual values of a qualitative target largely attained (the engine's 基本达成).
pub(super) const LARGELY: &[&str] = &["基本实现", "基本达到预期"];

/// Actual values of a qualitative target partly attained (部分达成).
pub(super) const PARTLY: &[&str] = &["有所提升", "部分达到预期"];

/// Problems of section 五, without their ordinal (一是…).
pub(super) const PROBLEMS: &[&str] = &[
    "规模过小。专项资金与经济社会发展需求不相匹配，与兄弟市州相比有较大差距。",
    "专项不专。专项资金有时用于会议、调研、表彰奖励等方面，对重点产业和企业项目的支持力度有限，难以真正起到扶持和引导的作用。",
    "预算执行偏慢。部分资金到年底才拨付到位，资金使用效益未能及时发挥。",
    "重拨付轻绩效。在资金使用上重数量、重拨付，轻质量效益，绩效目标设定不够精准。",
    "绩效指标设置不够科学。部分指标以定性描述为主，量化程度不高，难以准确衡量项目成效。",
    "项目储备不足。优质项目储备偏少，项目前期工作不够扎实，影响资金安排进度。",
    "跟踪问效不够。对资金使用情况的跟踪检查不够及时，部分项目绩效自评资料不够完整。",
    "资金安排分散。“撒胡椒面”现象仍然存在，集中支持重点项目的力度不够。",
    "部门协同不够。项目申报、审核、拨付涉及多个部门，工作衔接不够顺畅。",
    "基层力量薄弱。业务人员少、专业能力不足，项目管理水平有待提高。",
];

/// Ordinals of listed problems.
pub(super) const ORDINALS: &[&str] = &["一是", "二是", "三是", "四是"];

/// Improvement measures of section 五.
pub(super) const MEASURES: &[&str] = &[
    "下一步，我局将加强运用绩效评价结果，完善专项资金管理办法，切实发挥专项资金的引导激励作用。",
    "科学设置绩效目标，提高指标的量化程度和可考核性，做到绩效目标与预算安排相匹配。",
    "加快预算执行进度，建立资金拨付台账，确保资金及时足额拨付到位。",
    "强化项目储备和前期论证，集中资金支持重点产业和重大项目。",
    "加强项目跟踪监管，定期开展督导检查，及时发现和纠正资金使用中的问题。",
    "加强业务培训，提升项目单位和基层业务人员的绩效管理能力。",
];

/// Section 六.
pub(super) const PUBLICATION: &[&str] = &[
    "一是按照要求，在本部门门户网站上对本绩效自评报告进行公开，接受社会监督。二是将本次评价结果作为改进专项资金管理、使用和下一年度预算安排的重要参考。",
    "自评结果将按规定随部门决算一并公开，并作为下一年度预算编制和资金分配的重要依据。",
];
