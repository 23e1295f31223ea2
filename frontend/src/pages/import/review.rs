//! One draft under review: the form as read, every cell editable and marked by how it was read
//! (待核对 — its cell does not fit its column, 请留意 — inferred or realigned, 未读到, 已更正),
//! its full text and its place in the file in words shown when the cell takes focus (a tap, a
//! click or the keyboard) as well as on hover; a row 待核对 is accepted as read with 接受 or
//! corrected cell by cell, and the draft cannot be confirmed before. Fields to look at outside
//! the grid (the report's lines) are listed beside it, so the count shown is what is marked.
//! Corrections are saved and recorded; confirming imports it and opens the evaluation. A refused
//! correction or import names its fields (the error body's `errors[]`): each is listed and its
//! cell marked.

use fundlens_shared::batch::DraftConflict;
use fundlens_shared::draft::{Confidence, DraftDetail, FieldChange, FieldSource, indicator_row};
use fundlens_shared::error::RecordError;
use fundlens_shared::format;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use serde_json::Value;
use wasm_bindgen::JsCast;

use crate::api;
use crate::components::status::show;
use crate::reactive::{dynamic, resource};
use crate::session::use_session;

/// The draft `id`, reloaded after each correction.
#[component]
pub(crate) fn Review(id: i64) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let detail = resource(move || {
        version.get();
        api::draft(id)
    });
    let message = RwSignal::new(None::<String>);
    let rejected = RwSignal::new(Vec::<RecordError>::new());
    let refused = move |what: &str, error: &api::ApiError| {
        message.set(Some(format!("{what}：{}", error.detail())));
        rejected.set(error.errors().to_vec());
    };
    let session = use_session();
    let save = move |changes: Vec<FieldChange>| {
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            match api::correct(id, changes, csrf).await {
                Ok(_) => {
                    message.set(Some("已保存更正。".to_owned()));
                    rejected.set(Vec::new());
                    version.update(|v| *v += 1);
                }
                Err(error) => refused("未能保存", &error),
            }
        });
    };
    let navigate = use_navigate();
    let conflict = RwSignal::new(None::<DraftConflict>);
    let confirm = move |replace: bool| {
        let navigate = navigate.clone();
        let csrf = session.csrf();
        leptos::task::spawn_local(async move {
            match api::confirm(id, replace, csrf).await {
                Ok(answer) => {
                    if let Some(evaluation) = answer.ids.first() {
                        navigate(&format!("/evaluations/{evaluation}"), Default::default());
                    }
                }
                Err(error) if error.code() == Some("conflict") => match api::conflict(id).await {
                    Ok(found) => {
                        message.set(None);
                        rejected.set(Vec::new());
                        conflict.set(Some(found));
                    }
                    Err(_) => refused("未能导入", &error),
                },
                Err(error) => refused("未能导入", &error),
            }
        });
    };
    let replace = {
        let confirm = confirm.clone();
        Callback::new(move |()| confirm(true))
    };
    view! {
        <section class="card review" data-draft=id.to_string()>
            {dynamic(move || show(
                detail.get(),
                "草稿",
                move |detail: DraftDetail| view! { <Sheet detail rejected save /> },
            ))}
            <p class="status" data-field="review-message" role="status">
                {move || message.get()}
            </p>
            {move || {
                let errors = rejected.get();
                (!errors.is_empty()).then(|| {
                    let items = errors
                        .into_iter()
                        .map(|error| {
                            view! {
                                <li data-error-field=error.field.clone()>
                                    {field_label(&error.field)} "：" {error.message}
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="status error" data-field="review-errors">{items}</ul> }
                })
            }}
            {move || conflict.get().map(|found| view! { <Conflict found replace /> })}
            <button type="button" data-action="confirm" on:click=move |_| confirm(false)>
                "确认导入"
            </button>
        </section>
    }
}

/// A draft whose evaluation exists: a link to it, the difference row by row (the stored
/// record against the draft), and 替换现有记录 for those allowed (the stored record stays as
/// the version before).
#[component]
fn Conflict(found: DraftConflict, replace: Callback<()>) -> impl IntoView {
    let existing = format!("/evaluations/{}", found.evaluation_id);
    let changes = if found.changes.is_empty() {
        view! { <p>"两者内容相同：替换只会多记一个版本。"</p> }.into_any()
    } else {
        let rows = found
            .changes
            .iter()
            .map(|change| {
                let cell =
                    |text: &Option<String>| text.clone().unwrap_or_else(|| "（空）".to_owned());
                view! {
                    <tr>
                        <td>{change.row.clone()}</td>
                        <td>{change.field.clone()}</td>
                        <td>{cell(&change.before)}</td>
                        <td>{cell(&change.after)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="diff" data-field="conflict-diff">
                <thead>
                    <tr><th>"行"</th><th>"栏目"</th><th>"现有记录"</th><th>"本草稿"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let action = if found.may_replace {
        view! {
            <p>
                <button type="button" data-action="replace" on:click=move |_| replace.run(())>
                    "替换现有记录"
                </button>
                {format!(
                    " 替换后编号不变，现有记录保留为第 {} 版，可在评价详情的修订记录中查看。",
                    found.version
                )}
            </p>
        }
        .into_any()
    } else {
        view! { <p class="muted">"这条记录不在本账号可填报的地区内，不能替换；请联系管理员。"</p> }
            .into_any()
    };
    view! {
        <section class="conflict" data-field="conflict">
            <h3>"同一项目、地区、年度的评价已存在"</h3>
            <p>
                <a href=existing data-field="existing">
                    {format!("查看现有记录（评价 {}，第 {} 版）", found.evaluation_id, found.version)}
                </a>
                {format!("；下表是本草稿与它的不同之处（{} 处）。", found.changes.len())}
            </p>
            {changes}
            {action}
        </section>
    }
}

/// The value a typed text becomes: `null` when emptied, a number for the year, else the text
/// (the record takes numbers as numeric strings).
fn value_of(field: &str, text: &str) -> Value {
    let text = text.trim();
    if text.is_empty() {
        Value::Null
    } else if field == "year" {
        text.parse::<i64>()
            .map_or_else(|_| Value::from(text), Value::from)
    } else {
        Value::from(text)
    }
}

/// The text of a record value as shown in its cell.
fn text_of(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    }
}

fn at<'v>(record: &'v Value, field: &str) -> Option<&'v Value> {
    let pointer: String = field
        .split(['.', '['])
        .map(|part| format!("/{}", part.trim_end_matches(']')))
        .collect();
    record.pointer(&pointer)
}

/// Where a field came from, in words: its place, its text, what was read with it, why the
/// reader is unsure.
fn provenance(source: &FieldSource) -> String {
    let mut words = format!("{}：“{}”", source.location, source.raw);
    if let Some(stored) = &source.stored {
        words.push_str(&format!("（文件存的是 {stored}）"));
    }
    for beside in &source.beside {
        words.push_str(&format!(
            "；{} {}：“{}”",
            beside.label, beside.location, beside.text
        ));
    }
    if let Some(note) = &source.note {
        words.push_str(&format!("。{}：{note}", source.confidence.label()));
    }
    words
}

/// How a cell was read: its CSS class and the words shown on focus and hover.
fn marking(detail: &DraftDetail, field: &str) -> (&'static str, String) {
    let content = &detail.content;
    if detail.corrections.iter().any(|c| c.field == field) {
        let source = content.sources.iter().find(|s| s.field == field);
        return (
            "corrected",
            source.map_or("已人工更正".to_owned(), provenance),
        );
    }
    if let Some(missing) = content.missing.iter().find(|m| m.field == field) {
        let required = if missing.required { "（必填）" } else { "" };
        return (
            "missing",
            format!("未读到：文件中没有读到“{}”{required}", missing.label),
        );
    }
    match content.sources.iter().find(|s| s.field == field) {
        Some(source) => {
            let class = match source.confidence {
                Confidence::Misfit => "misfit",
                Confidence::Uncertain => "uncertain",
                Confidence::Read => "read",
            };
            (class, provenance(source))
        }
        None if text_of(at(&content.record, field)).is_empty() => {
            ("missing", "未读到：文件中没有读到这一项".to_owned())
        }
        None => ("", String::new()),
    }
}

/// The changes that accept row `index` as read: each of its fields 待核对, set to the value it
/// has.
fn accepted(detail: &DraftDetail, index: usize) -> Vec<FieldChange> {
    detail
        .content
        .misfits()
        .filter(|source| indicator_row(&source.field) == Some(index))
        .map(|source| FieldChange {
            field: source.field.clone(),
            value: at(&detail.content.record, &source.field)
                .cloned()
                .unwrap_or(Value::Null),
        })
        .collect()
}

/// True for a field the grid has a cell for.
fn in_grid(field: &str) -> bool {
    let listed = |table: &[(&str, &str)]| table.iter().any(|(_, known)| *known == field);
    listed(&HEADER)
        || listed(&FUNDING_SCORES)
        || listed(&GOAL)
        || listed(&DECLARED)
        || field
            .strip_prefix("funding.")
            .and_then(|rest| rest.split_once('.'))
            .is_some_and(|(row, column)| {
                FUNDING_ROWS.iter().any(|(_, key)| *key == row)
                    && FUNDING_COLUMNS.iter().any(|(_, key)| *key == column)
            })
        || field.split_once("].").is_some_and(|(row, column)| {
            row.starts_with("indicators[")
                && INDICATOR_COLUMNS.iter().any(|(_, key)| *key == column)
        })
}

/// The header's cells: label, field.
const HEADER: [(&str, &str); 6] = [
    ("项目名称", "program.name"),
    ("主管部门", "program.department"),
    ("实施单位", "program.implementer"),
    ("地区", "region"),
    ("年度", "year"),
    ("来源标题", "provenance.title"),
];

/// The funding block's rows: label, key under `funding`.
const FUNDING_ROWS: [(&str, &str); 4] = [
    ("年度资金总额", "total"),
    ("当年财政拨款", "current_appropriation"),
    ("上年结转资金", "carried_over"),
    ("其他资金", "other"),
];

/// The funding block's columns: label, key within a row.
const FUNDING_COLUMNS: [(&str, &str); 3] = [
    ("年初预算数", "year_start_budget"),
    ("全年预算数", "full_year_budget"),
    ("全年执行数", "executed"),
];

/// The funding block's score line: label, field.
const FUNDING_SCORES: [(&str, &str); 3] = [
    ("分值", "funding.weight"),
    ("执行率", "funding.declared_rate"),
    ("得分", "funding.declared_score"),
];

/// The overall goal: label, field.
const GOAL: [(&str, &str); 2] = [
    ("预期目标", "goal.expected"),
    ("实际完成情况", "goal.actual"),
];

/// The indicator table's columns: label, key within a row.
const INDICATOR_COLUMNS: [(&str, &str); 8] = [
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("年度指标值", "target"),
    ("实际完成值", "actual"),
    ("分值", "weight"),
    ("得分", "declared_score"),
    ("偏差原因分析及改进措施", "deviation_note"),
];

/// The declared total and grade: label, field.
const DECLARED: [(&str, &str); 2] = [("总分", "declared.total"), ("等级", "declared.grade")];

/// A field path as the sheet labels its cell (`indicators[2].weight` → `第3行 分值`,
/// `funding.total.executed` → `年度资金总额 全年执行数`); the whole record is 整条记录, and a
/// path the sheet has no cell for is written as it is.
fn field_label(field: &str) -> String {
    let label_of = |table: &[(&'static str, &str)], key: &str| {
        table
            .iter()
            .find(|(_, known)| *known == key)
            .map(|(label, _)| *label)
    };
    if field.is_empty() {
        return "整条记录".to_owned();
    }
    let single = [&HEADER[..], &FUNDING_SCORES, &GOAL, &DECLARED]
        .into_iter()
        .find_map(|table| label_of(table, field));
    if let Some(label) = single {
        return label.to_owned();
    }
    let funding = field.strip_prefix("funding.").and_then(|rest| {
        let (row, column) = rest.split_once('.')?;
        Some(format!(
            "{} {}",
            label_of(&FUNDING_ROWS, row)?,
            label_of(&FUNDING_COLUMNS, column)?
        ))
    });
    let indicator = || {
        let (index, column) = field.strip_prefix("indicators[")?.split_once("].")?;
        let row = index.parse::<usize>().ok()? + 1;
        Some(format!(
            "第{row}行 {}",
            label_of(&INDICATOR_COLUMNS, column)?
        ))
    };
    funding
        .or_else(indicator)
        .unwrap_or_else(|| field.to_owned())
}

/// One editable cell, marked as the server refused it when a refusal named its field.
#[component]
fn FieldCell(
    detail: DraftDetail,
    field: String,
    rejected: RwSignal<Vec<RecordError>>,
    focused: RwSignal<Option<String>>,
    save: impl Fn(Vec<FieldChange>) + Clone + Send + Sync + 'static,
    /// The column's heading, shown beside the cell where a phone stacks a row as a card.
    #[prop(optional)]
    column: Option<&'static str>,
) -> impl IntoView {
    let (class, title) = marking(&detail, &field);
    let value = text_of(at(&detail.content.record, &field));
    let name = field.clone();
    let refusal = {
        let field = field.clone();
        Memo::new(move |_| {
            rejected.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| error.message.clone())
            })
        })
    };
    let changed = move |event: web_sys::Event| {
        let text = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|input| input.value())
            .unwrap_or_default();
        let value = value_of(&name, &text);
        save(vec![FieldChange {
            field: name.clone(),
            value,
        }]);
    };
    let shown = {
        let label = field_label(&field);
        let value = value.clone();
        let title = title.clone();
        move |_| focused.set(Some(format!("{label}：{value}。{title}")))
    };
    view! {
        <td
            class=move || match refusal.get() {
                Some(_) => "cell rejected".to_owned(),
                None => format!("cell {class}"),
            }
            title=move || refusal.get().unwrap_or_else(|| title.clone())
            data-label=column
        >
            <input type="text" data-field=field value=value on:change=changed on:focus=shown />
        </td>
    }
}

/// The form as read, and the audit beside it.
#[component]
fn Sheet(
    detail: DraftDetail,
    rejected: RwSignal<Vec<RecordError>>,
    save: impl Fn(Vec<FieldChange>) + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let focused = RwSignal::new(None::<String>);
    let cell = |field: &str| {
        view! {
            <FieldCell detail=detail.clone() field=field.to_owned() rejected focused save=save.clone() />
        }
    };
    let column_cell = |field: String, column: &'static str| {
        view! {
            <FieldCell detail=detail.clone() field rejected focused save=save.clone() column />
        }
    };
    let labelled = |&(label, field): &(&'static str, &'static str)| {
        view! { <th>{label}</th>{cell(field)} }
    };
    let header = HEADER
        .iter()
        .map(|pair| view! { <tr>{labelled(pair)}</tr> })
        .collect_view();
    let funding = FUNDING_ROWS
        .into_iter()
        .map(|(label, key)| {
            view! {
                <tr>
                    <th>{label}</th>
                    {FUNDING_COLUMNS
                        .into_iter()
                        .map(|(_, column)| cell(&format!("funding.{key}.{column}")))
                        .collect_view()}
                </tr>
            }
        })
        .collect_view();
    let funding_head = FUNDING_COLUMNS
        .into_iter()
        .map(|(label, _)| view! { <th>{label}</th> })
        .collect_view();
    let score_label = FUNDING_SCORES.map(|(label, _)| label).join(" / ");
    let scores = FUNDING_SCORES
        .into_iter()
        .map(|(_, field)| cell(field))
        .collect_view();
    let goal = GOAL
        .iter()
        .map(|pair| view! { <tr>{labelled(pair)}</tr> })
        .collect_view();
    let declared = DECLARED.iter().map(labelled).collect_view();
    let rows = at(&detail.content.record, "indicators")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let indicator_head = INDICATOR_COLUMNS
        .into_iter()
        .map(|(label, _)| view! { <th>{label}</th> })
        .collect_view();
    let to_check = detail.content.rows_to_check();
    let indicators = (0..rows)
        .map(|index| {
            let accept = to_check.contains(&index).then(|| {
                let changes = accepted(&detail, index);
                let save = save.clone();
                view! {
                    <button type="button" data-action="accept-row" data-row=index.to_string()
                        on:click=move |_| save(changes.clone())>
                        "接受"
                    </button>
                }
            });
            view! {
                <tr data-row=index.to_string() class:misfit-row=to_check.contains(&index)>
                    <td class="num row-number" data-label="行">{index + 1}</td>
                    {INDICATOR_COLUMNS
                        .into_iter()
                        .map(|(label, column)| {
                            column_cell(format!("indicators[{index}].{column}"), label)
                        })
                        .collect_view()}
                    <td class="accept">{accept}</td>
                </tr>
            }
        })
        .collect_view();
    let summary = detail.summary.clone();
    let audit = match (&detail.assessment, &detail.problem) {
        (Some(assessment), _) => {
            let findings = assessment
                .findings
                .iter()
                .map(|finding| {
                    let row = finding
                        .indicator
                        .map(|i| format!("第{}行 ", i + 1))
                        .unwrap_or_default();
                    let code = serde_json::to_value(finding.code)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    view! { <li data-code=code>{row}{finding.message.clone()}</li> }
                })
                .collect_view();
            view! {
                <p data-field="draft-total">
                    {format!(
                        "计算总分 {}，等级 {}{}",
                        format::score(assessment.total),
                        fundlens_shared::value::Grade::label_of(assessment.grade),
                        if assessment.complete { "" } else { "（部分得分无法核实，按填报计入）" },
                    )}
                </p>
                <ul class="findings">{findings}</ul>
            }
            .into_any()
        }
        (None, Some(problem)) => view! {
            <p class="status error" data-field="draft-problem">
                {format!("尚不能导入：{}（{}）", problem.message, field_label(&problem.field))}
            </p>
        }
        .into_any(),
        (None, None) => ().into_any(),
    };
    let unplaced = detail
        .content
        .unplaced
        .iter()
        .map(|u| view! { <li>{format!("{}：{}", u.location, u.text)}</li> })
        .collect_view();
    let misfits = detail.content.misfits().count();
    let unsure = detail.content.uncertain().count() - misfits;
    let elsewhere = detail
        .content
        .uncertain()
        .filter(|source| !in_grid(&source.field))
        .map(|source| {
            let class = if source.confidence == Confidence::Misfit {
                "cell misfit"
            } else {
                "cell uncertain"
            };
            view! {
                <li class=class data-field=source.field.clone()>
                    {format!("{}：{}", source.label, provenance(source))}
                </li>
            }
        })
        .collect_view();
    view! {
        <h3>{format!("{} · {} · {}", summary.document.name, summary.form, summary.state.label())}</h3>
        <p class="muted legend">
            <span class="cell misfit">"待核对"</span>
            <span class="cell uncertain">"请留意"</span>
            <span class="cell missing">"未读到"</span>
            <span class="cell corrected">"已更正"</span>
            " 点按或用键盘移到单元格上，下方显示全文、它在文件中的位置和原文。"
        </p>
        <p data-field="review-counts">
            {format!(
                "待核对 {misfits} 处（{} 行指标须逐行接受或更正后才能导入），请留意 {unsure} 处",
                to_check.len()
            )}
        </p>
        <p class="cell-detail" data-field="cell-detail" aria-live="polite">
            {move || focused.get().unwrap_or_else(|| "（未选中单元格）".to_owned())}
        </p>
        <div class="review-layout">
            <div class="review-form">
                <table class="form">{header}</table>
                <table class="form">
                    <tr><th>"项目资金（万元）"</th>{funding_head}</tr>
                    {funding}
                    <tr><th>{score_label}</th>{scores}</tr>
                </table>
                <table class="form">{goal}</table>
                <table class="form indicators">
                    <tr class="head"><th>"行"</th>{indicator_head}<th>"核对"</th></tr>
                    {indicators}
                </table>
                <table class="form">
                    <tr>{declared}</tr>
                </table>
            </div>
            <aside class="review-audit">
                <h3>"审核发现"</h3>
                {audit}
                <h3>"表外需核对的字段"</h3>
                <ul class="elsewhere" data-field="review-elsewhere">{elsewhere}</ul>
                <details>
                    <summary>{format!("未归入任何栏目的文字（{} 段）", detail.content.unplaced.len())}</summary>
                    <ul>{unplaced}</ul>
                </details>
            </aside>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn typed_texts_become_record_values() {
        assert_eq!(value_of("year", " 2023 "), json!(2023));
        assert_eq!(value_of("indicators[0].weight", "5"), json!("5"));
        assert_eq!(value_of("goal.actual", "  "), Value::Null);
    }

    #[test]
    fn refused_fields_are_named_as_the_sheet_labels_them() {
        assert_eq!(field_label("indicators[2].weight"), "第3行 分值");
        assert_eq!(
            field_label("funding.total.executed"),
            "年度资金总额 全年执行数"
        );
        assert_eq!(field_label("funding.declared_rate"), "执行率");
        assert_eq!(field_label("year"), "年度");
        assert_eq!(field_label("declared.grade"), "等级");
        assert_eq!(field_label(""), "整条记录");
        assert_eq!(
            field_label("narrative.claimed_total"),
            "narrative.claimed_total"
        );
        assert_eq!(field_label("indicators[x].weight"), "indicators[x].weight");
    }

    #[test]
    fn fields_outside_the_grid_are_listed_apart() {
        assert!(in_grid("indicators[2].target"));
        assert!(in_grid("funding.total.executed"));
        assert!(in_grid("region"));
        assert!(!in_grid("allocations[0].category"));
        assert!(!in_grid("indicator_groups[0]"));
    }

    #[test]
    fn fields_are_found_by_their_paths() {
        let record = json!({"indicators": [{"target": "≥90%"}], "year": 2022});
        assert_eq!(text_of(at(&record, "indicators[0].target")), "≥90%");
        assert_eq!(text_of(at(&record, "year")), "2022");
        assert_eq!(text_of(at(&record, "indicators[3].target")), "");
    }
}
