//! How the framework's groups are written: the labels a form uses (`数量指标`, `产出指标`), the
//! narrative's category names (`产出指标类`), and the short names a grid column or chart shows
//! (`数量`, `生态效益`). One table for the sample generator, the server and the pages.

use super::group::{Level1, Level2};

impl Level1 {
    /// The label as forms write it (`产出指标`; budget execution `预算执行率`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Execution => "预算执行率",
            Self::Output => "产出指标",
            Self::Benefit => "效益指标",
            Self::Satisfaction => "满意度指标",
        }
    }

    /// The short name shown as a grid column (`预算执行`, `产出`).
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Execution => "预算执行",
            Self::Output => "产出",
            Self::Benefit => "效益",
            Self::Satisfaction => "满意度",
        }
    }

    /// The label a report's narrative uses for its category score (`产出指标类`).
    pub fn narrative_label(self) -> &'static str {
        match self {
            Self::Execution => "预算执行率",
            Self::Output => "产出指标类",
            Self::Benefit => "效益指标类",
            Self::Satisfaction => "满意度指标类",
        }
    }
}

impl Level2 {
    /// Every level-2 group, in form order.
    pub const ALL: [Self; 9] = [
        Self::Quantity,
        Self::Quality,
        Self::Timeliness,
        Self::Cost,
        Self::Economic,
        Self::Social,
        Self::Ecological,
        Self::Sustainable,
        Self::Satisfaction,
    ];

    /// The level-1 group it belongs to in the national framework.
    pub fn level1(self) -> Level1 {
        match self {
            Self::Quantity | Self::Quality | Self::Timeliness | Self::Cost => Level1::Output,
            Self::Economic | Self::Social | Self::Ecological | Self::Sustainable => Level1::Benefit,
            Self::Satisfaction => Level1::Satisfaction,
        }
    }

    /// The label as forms write it (`数量指标`, `服务对象满意度指标`).
    pub fn label(self) -> &'static str {
        match self {
            Self::Quantity => "数量指标",
            Self::Quality => "质量指标",
            Self::Timeliness => "时效指标",
            Self::Cost => "成本指标",
            Self::Economic => "经济效益指标",
            Self::Social => "社会效益指标",
            Self::Ecological => "生态效益指标",
            Self::Sustainable => "可持续影响指标",
            Self::Satisfaction => "服务对象满意度指标",
        }
    }

    /// The short name shown as a grid column or chart label (`数量`, `生态效益`, `满意度`).
    pub fn short_label(self) -> &'static str {
        match self {
            Self::Quantity => "数量",
            Self::Quality => "质量",
            Self::Timeliness => "时效",
            Self::Cost => "成本",
            Self::Economic => "经济效益",
            Self::Social => "社会效益",
            Self::Ecological => "生态效益",
            Self::Sustainable => "可持续影响",
            Self::Satisfaction => "满意度",
        }
    }
}

/// A level-2 label as written, for display in a column: the framework's short name when the
/// label is a known variant (`生态指标` → `生态效益`), else the label without its `指标` suffix.
pub fn level2_display(label: &str) -> String {
    super::group::level2_of(label).map_or_else(
        || label.trim().trim_end_matches("指标").to_owned(),
        |group| group.short_label().to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::group::{level1_of, level2_of};
    use super::*;

    #[test]
    fn every_label_reads_back_as_its_own_group() {
        for group in Level2::ALL {
            assert_eq!(level2_of(group.label()), Some(group), "{}", group.label());
            assert_eq!(level2_of(group.short_label()), Some(group));
            assert_eq!(level1_of(group.level1().label()), Some(group.level1()));
            assert_eq!(
                level1_of(group.level1().narrative_label()),
                Some(group.level1())
            );
        }
    }

    #[test]
    fn written_variants_display_as_the_framework_names_them() {
        assert_eq!(level2_display("生态指标"), "生态效益");
        assert_eq!(level2_display("经济效\n益指标"), "经济效益");
        assert_eq!(level2_display("创新指标"), "创新");
    }
}
