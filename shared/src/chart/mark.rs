//! The mark a chart carries about its data, drawn inside the SVG so it travels with a download:
//! 示例数据 for generated data, else where the figures come from and which years they cover.

use serde::{Deserialize, Serialize};

use crate::model::Provenance;

/// What the figures of a chart are: generated or real, and then from where and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DataMark {
    /// Some or all of the figures are generated sample data (the default: a chart whose origin
    /// is not stated is never passed off as official).
    #[default]
    Sample,
    /// Real figures.
    Source {
        /// Where they come from, e.g. `专项资金绩效自评表`.
        source: String,
        /// The period they describe, e.g. `2021—2023年`.
        date: String,
    },
}

/// What the mark of sample data says, always inside the drawing.
pub const SAMPLE_MARK: &str = "示例数据";

/// The source of figures read from imported self-evaluation forms.
pub const EVALUATION_SOURCE: &str = "专项资金绩效自评表";

/// The source of imported economic indicators.
pub const METRIC_SOURCE: &str = "导入的经济指标数据";

impl DataMark {
    /// [`DataMark::Sample`] when `sample`, else the real `source` over `years`.
    pub fn of(sample: bool, source: &str, years: impl IntoIterator<Item = i32>) -> Self {
        if sample {
            return Self::Sample;
        }
        Self::Source {
            source: source.to_owned(),
            date: period(years),
        }
    }

    /// The mark of one record's figures for `year`: its document's title (and issuer) and
    /// date, the year when the document is undated.
    pub fn of_record(provenance: &Provenance, year: i32) -> Self {
        match provenance {
            Provenance::Sample { .. } => Self::Sample,
            Provenance::Document {
                title,
                issuer,
                date,
                ..
            } => Self::Source {
                source: match issuer {
                    Some(issuer) => format!("{issuer}《{title}》"),
                    None => format!("《{title}》"),
                },
                date: date.clone().unwrap_or_else(|| period([year])),
            },
        }
    }

    /// The line written at the foot of the chart.
    pub fn line(&self) -> String {
        match self {
            Self::Sample => format!("{SAMPLE_MARK}：系统生成的演示数据，不是官方统计或自评数据"),
            Self::Source { source, date } if date.is_empty() => format!("数据来源：{source}"),
            Self::Source { source, date } => format!("数据来源：{source}；数据期间：{date}"),
        }
    }

    /// True for [`DataMark::Sample`].
    pub fn is_sample(&self) -> bool {
        matches!(self, Self::Sample)
    }
}

/// `2023年`, `2021—2023年`, or empty for no years.
fn period(years: impl IntoIterator<Item = i32>) -> String {
    let years: Vec<i32> = years.into_iter().collect();
    match (years.iter().min(), years.iter().max()) {
        (Some(first), Some(last)) if first == last => format!("{first}年"),
        (Some(first), Some(last)) => format!("{first}—{last}年"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_marks_name_the_source_and_the_years() {
        let mark = DataMark::of(false, EVALUATION_SOURCE, [2023, 2021, 2022]);
        assert_eq!(
            mark.line(),
            "数据来源：专项资金绩效自评表；数据期间：2021—2023年"
        );
        assert_eq!(
            DataMark::of(false, METRIC_SOURCE, [2022]).line(),
            "数据来源：导入的经济指标数据；数据期间：2022年"
        );
        assert_eq!(
            DataMark::of(false, METRIC_SOURCE, []).line(),
            "数据来源：导入的经济指标数据"
        );
    }

    #[test]
    fn a_record_is_marked_with_its_document() {
        let document = Provenance::Document {
            title: "2023年度绩效自评报告".to_owned(),
            issuer: Some("益阳市财政局".to_owned()),
            date: None,
            location: None,
        };
        assert_eq!(
            DataMark::of_record(&document, 2023).line(),
            "数据来源：益阳市财政局《2023年度绩效自评报告》；数据期间：2023年"
        );
        let sample = Provenance::Sample {
            generator: "fundlens sample".to_owned(),
        };
        assert!(DataMark::of_record(&sample, 2023).is_sample());
    }

    #[test]
    fn sample_marks_say_so_whatever_the_source() {
        let mark = DataMark::of(true, EVALUATION_SOURCE, [2023]);
        assert!(mark.is_sample());
        assert!(mark.line().starts_with(SAMPLE_MARK));
    }
}
