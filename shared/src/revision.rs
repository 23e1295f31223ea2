//! Revisions of an evaluation: the JSON shapes of `GET /api/evaluations/{id}/versions` and of a
//! comparison between two versions, and the one function that compares them row by row
//! (scores and texts), so the server computes a diff once and the page shows it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::assessment::Assessment;
use crate::format;
use crate::model::Evaluation;

/// One stored version of an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionInfo {
    /// 1 for the first import, counting up with every replacement.
    pub version: u32,
    /// When it was written (UTC).
    pub at: String,
    /// Who wrote it: an account name, `cli:<user>` for the command line, `system` for the
    /// data a new database starts with.
    pub actor: String,
    /// Where from: the client's address, or `cli`.
    pub address: String,
    /// How: the request (`POST /api/evaluations?replace=true`) or the command and file.
    pub origin: String,
    /// SHA-256 of the record as imported (hex).
    pub record_hash: String,
    /// True for the version lists, rollups and trends show now.
    pub current: bool,
}

/// `GET /api/evaluations/{id}/versions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionList {
    /// The evaluation (its id never changes across versions).
    pub evaluation_id: i64,
    /// Its region (writes are allowed by region).
    pub region: String,
    /// True while the evaluation is deleted (an admin can restore it).
    pub deleted: bool,
    /// Every version, oldest first.
    pub versions: Vec<VersionInfo>,
    /// Whether the caller may delete it now (an editor of its region, an admin).
    #[serde(default)]
    pub may_delete: bool,
    /// Whether the caller may restore it now (an admin, while it is deleted).
    #[serde(default)]
    pub may_restore: bool,
}

/// `GET /api/evaluations/{id}/versions/{version}`: one version in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionDetail {
    /// The evaluation.
    pub evaluation_id: i64,
    /// Who wrote this version, when and how.
    pub info: VersionInfo,
    /// The record as imported then.
    pub record: Evaluation,
    /// Its scores and findings as computed then.
    pub assessment: Assessment,
}

/// One difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// Which row of the form (`总分`, `资金·年度资金总额`, `指标 3：新增企业`).
    pub row: String,
    /// Which cell (`实际完成值`, `得分`).
    pub field: String,
    /// The earlier text; `None` where the row did not exist or the cell was empty.
    pub before: Option<String>,
    /// The later text.
    pub after: Option<String>,
}

/// `GET /api/evaluations/{id}/diff?from=&to=`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionDiff {
    /// The evaluation.
    pub evaluation_id: i64,
    /// The earlier version.
    pub from: VersionInfo,
    /// The later version.
    pub to: VersionInfo,
    /// What differs, in the order of the form.
    pub changes: Vec<FieldChange>,
}

/// A record with its assessment, one side of a comparison.
pub type Revision<'a> = (&'a Evaluation, &'a Assessment);

/// The differences between two versions, row by row in the order of the form: header, total
/// and grade, funding, goals, then each indicator by position (texts and scores).
pub fn diff(before: Revision<'_>, after: Revision<'_>) -> Vec<FieldChange> {
    let mut changes = Changes::default();
    let ((old, old_scores), (new, new_scores)) = (before, after);
    let header = "表头";
    changes.text(
        header,
        "项目名称",
        Some(&old.program.name),
        Some(&new.program.name),
    );
    changes.text(
        header,
        "主管部门",
        old.program.department.as_ref(),
        new.program.department.as_ref(),
    );
    changes.text(
        header,
        "实施单位",
        old.program.implementer.as_ref(),
        new.program.implementer.as_ref(),
    );
    changes.number(
        "总分",
        "得分",
        Some(old_scores.total),
        Some(new_scores.total),
    );
    changes.text(
        "总分",
        "等级",
        Some(crate::value::Grade::label_of(old_scores.grade)),
        Some(crate::value::Grade::label_of(new_scores.grade)),
    );
    changes.number(
        "预算执行率",
        "得分",
        Some(old_scores.execution.score),
        Some(new_scores.execution.score),
    );
    let funding_rows = |evaluation: &Evaluation| {
        let f = &evaluation.funding;
        [
            ("年度资金总额", f.total.clone()),
            ("当年财政拨款", f.current_appropriation.clone()),
            ("上年结转资金", f.carried_over.clone()),
            ("其他资金", f.other.clone()),
        ]
    };
    for ((label, old_row), (_, new_row)) in funding_rows(old).into_iter().zip(funding_rows(new)) {
        let row = format!("资金·{label}");
        let money = |cell: Option<crate::value::Money>| cell.map(|m| m.value());
        changes.number(
            &row,
            "年初预算数",
            money(old_row.year_start_budget),
            money(new_row.year_start_budget),
        );
        changes.number(
            &row,
            "全年预算数",
            money(old_row.full_year_budget),
            money(new_row.full_year_budget),
        );
        changes.number(
            &row,
            "全年执行数",
            money(old_row.executed),
            money(new_row.executed),
        );
    }
    changes.text(
        "年度总体目标",
        "预期目标",
        old.goal.expected.as_ref(),
        new.goal.expected.as_ref(),
    );
    changes.text(
        "年度总体目标",
        "实际完成情况",
        old.goal.actual.as_ref(),
        new.goal.actual.as_ref(),
    );
    let rows = old_scores.indicators.len().max(new_scores.indicators.len());
    for index in 0..rows {
        let (a, b) = (
            old_scores.indicators.get(index),
            new_scores.indicators.get(index),
        );
        let name = b.or(a).map_or("", |row| row.name.as_str());
        let row = format!("指标 {}：{name}", index + 1);
        changes.text(&row, "三级指标", a.map(|r| &r.name), b.map(|r| &r.name));
        changes.text(
            &row,
            "年度指标值",
            a.map(|r| &r.target),
            b.map(|r| &r.target),
        );
        changes.text(
            &row,
            "实际完成值",
            a.map(|r| &r.actual),
            b.map(|r| &r.actual),
        );
        changes.number(&row, "分值", a.map(|r| r.weight), b.map(|r| r.weight));
        changes.number(
            &row,
            "自评得分",
            a.and_then(|r| r.declared_score),
            b.and_then(|r| r.declared_score),
        );
        changes.number(&row, "得分", a.map(|r| r.score), b.map(|r| r.score));
        let note = |evaluation: &Evaluation| {
            evaluation
                .indicators
                .get(index)
                .and_then(|i| i.deviation_note.clone())
        };
        changes.text(&row, "偏差原因", note(old).as_ref(), note(new).as_ref());
    }
    changes.0
}

#[derive(Default)]
struct Changes(Vec<FieldChange>);

impl Changes {
    fn text<S: AsRef<str>>(&mut self, row: &str, field: &str, before: Option<S>, after: Option<S>) {
        let before = before
            .map(|s| s.as_ref().to_owned())
            .filter(|s| !s.is_empty());
        let after = after
            .map(|s| s.as_ref().to_owned())
            .filter(|s| !s.is_empty());
        if before != after {
            self.0.push(FieldChange {
                row: row.to_owned(),
                field: field.to_owned(),
                before,
                after,
            });
        }
    }

    fn number(&mut self, row: &str, field: &str, before: Option<Decimal>, after: Option<Decimal>) {
        if before != after {
            self.text(
                row,
                field,
                before.map(format::score),
                after.map(format::score),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::assess;
    use crate::scoring::{Benchmarks, ScoringPolicy};

    const SEED: &str =
        include_str!("../../data/evaluations/yiyang-2022-advanced-manufacturing.json");

    fn revision(text: &str) -> (Evaluation, Assessment) {
        let record = Evaluation::from_json(text).expect("valid record");
        let scores = assess(
            &record,
            &ScoringPolicy::national(),
            &Benchmarks::from_record(&record),
        );
        (record, scores)
    }

    #[test]
    fn the_same_record_has_no_changes() {
        let (record, scores) = revision(SEED);
        assert!(diff((&record, &scores), (&record, &scores)).is_empty());
    }

    #[test]
    fn a_changed_actual_shows_its_text_and_the_scores_it_moved() {
        let (old, old_scores) = revision(SEED);
        let mut value: serde_json::Value = serde_json::from_str(SEED).expect("json");
        let first = value["indicators"][0]["actual"]
            .as_str()
            .expect("text")
            .to_owned();
        value["indicators"][0]["actual"] = serde_json::json!("1家");
        let (new, new_scores) = revision(&value.to_string());
        let changes = diff((&old, &old_scores), (&new, &new_scores));
        let actual = changes
            .iter()
            .find(|c| c.field == "实际完成值")
            .expect("the actual changed");
        assert!(actual.row.starts_with("指标 1："));
        assert_eq!(actual.before.as_deref(), Some(first.as_str()));
        assert_eq!(actual.after.as_deref(), Some("1家"));
        assert!(changes.iter().any(|c| c.row == "总分" && c.field == "得分"));
        assert!(
            changes
                .iter()
                .any(|c| c.row.starts_with("指标 1：") && c.field == "得分")
        );
    }
}
