//! Form shapes read through the text a copy gives: mid-year and annual targets side by side,
//! cells that do not fit their columns held 待核对 with the reason, and every part no block took
//! listed as unplaced with its place.

use fundlens_documents as documents;
use fundlens_shared::draft::{Confidence, DraftContent};

fn read(text: &str) -> DraftContent {
    documents::read(text.as_bytes(), "表.txt", "表.txt", &[])
        .expect("reads")
        .remove(0)
}

fn source<'d>(draft: &'d DraftContent, field: &str) -> &'d fundlens_shared::draft::FieldSource {
    draft
        .sources
        .iter()
        .find(|s| s.field == field)
        .unwrap_or_else(|| panic!("{field} has a source"))
}

#[test]
fn the_annual_target_is_used_and_the_mid_year_one_kept_beside_it() {
    let draft = read(
        "项目名称\t专项资金\n\
         一级指标\t二级指标\t三级指标\t年中目标值\t年度目标值\t全年实际值\t分值\n\
         产出指标\t数量指标\t扶持企业\t10家\t20家\t21家\t10\n",
    );
    assert_eq!(draft.record["indicators"][0]["target"], "20家");
    let target = source(&draft, "indicators[0].target");
    assert_eq!(target.confidence, Confidence::Read);
    assert!(
        target.beside.iter().any(|b| b.text == "10家"),
        "{:?}",
        target.beside
    );
}

#[test]
fn cells_that_do_not_fit_their_columns_are_held_with_the_reason() {
    let draft = read(
        "項目名稱\t專項資金\n地區\t赫山区\n年度\t2023\n\
         一級指標\t二級指標\t三級指標\t年度指標值\t實際完成值\t分值\t得分\n\
         產出指標\t數量指標\t≥\t%\t18家\t96%\t9\n",
    );
    let misfits: Vec<(&str, &str)> = draft
        .misfits()
        .map(|s| (s.field.as_str(), s.note.as_deref().unwrap_or_default()))
        .collect();
    assert!(
        misfits
            .iter()
            .any(|(f, n)| *f == "indicators[0].name" && n.contains("运算符")),
        "{misfits:?}"
    );
    assert!(
        misfits
            .iter()
            .any(|(f, n)| *f == "indicators[0].target" && n.contains("单位")),
        "{misfits:?}"
    );
    assert!(
        misfits.iter().any(|(f, _)| *f == "indicators[0].weight"),
        "{misfits:?}"
    );
    assert_eq!(draft.rows_to_check(), [0]);
    let refused = documents::review::record_of(&draft).expect_err("held");
    assert!(refused.message.contains("第1行"), "{}", refused.message);
}

#[test]
fn what_no_block_took_is_listed_with_its_place() {
    let draft = read(
        "项目名称\t专项资金\t项目负责人\t张三\n\
         一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n\
         产出指标\t数量指标\t扶持企业\t≥20家\t21家\t10\t10\n\
         评价结论\t完成年度目标\n",
    );
    let unplaced: Vec<(&str, &str)> = draft
        .unplaced
        .iter()
        .map(|u| (u.location.as_str(), u.text.as_str()))
        .collect();
    assert!(
        unplaced.contains(&("第4行 第1列", "评价结论 | 完成年度目标")),
        "{unplaced:?}"
    );
    assert!(
        unplaced.iter().any(|(_, text)| text.contains("张三")),
        "{unplaced:?}"
    );
}

const INDICATOR_HEADER: &str = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\n";

#[test]
fn amounts_of_a_block_that_states_no_unit_are_read_in_wan_yuan_for_a_person_to_confirm() {
    let rows = "产出指标\t数量指标\t扶持企业\t20家\t21家\t90\t90\n";
    let unstated = read(&format!(
        "项目名称\t专项资金\n项目资金\t年初预算数\t全年预算数\t全年执行数\t分值\t得分\n\
         年度资金总额\t752\t593.04\t593.04\t10\t10\n{INDICATOR_HEADER}{rows}"
    ));
    assert_eq!(
        unstated.record["funding"]["total"]["full_year_budget"],
        "593.04"
    );
    for field in ["year_start_budget", "full_year_budget", "executed"] {
        let amount = source(&unstated, &format!("funding.total.{field}"));
        assert_eq!(amount.confidence, Confidence::Uncertain, "{field}");
        assert!(
            amount.note.as_deref().is_some_and(|n| n.contains("单位")),
            "{field}: {:?}",
            amount.note
        );
    }
    // the unit in the block's label, or in the cell itself, is read as stated
    for (label, cell) in [("项目资金（万元）", "593.04"), ("项目资金", "593.04万元")]
    {
        let stated = read(&format!(
            "项目名称\t专项资金\n{label}\t年初预算数\t全年预算数\t全年执行数\t分值\t得分\n\
             年度资金总额\t{cell}\t{cell}\t{cell}\t10\t10\n{INDICATOR_HEADER}{rows}"
        ));
        let amount = source(&stated, "funding.total.full_year_budget");
        assert_eq!(amount.confidence, Confidence::Read, "{label} {cell}");
    }
}

#[test]
fn a_level_2_label_is_never_carried_across_a_change_of_level_1() {
    let draft = read(&format!(
        "项目名称\t专项资金\n{INDICATOR_HEADER}\
         产出指标\t数量指标\t扶持企业\t20家\t21家\t30\t30\n\
         \t\t新增项目\t5个\t5个\t30\t30\n\
         效益指标\t\t带动就业\t100人\t120人\t30\t30\n"
    ));
    let rows = draft.record["indicators"].as_array().expect("rows");
    assert_eq!(rows.len(), 3, "{rows:?}");
    // carried down within its own group
    assert_eq!(rows[1]["level1"], "产出指标");
    assert_eq!(rows[1]["level2"], "数量指标");
    // not into the next group: left empty, and missing for a person to fill
    assert_eq!(rows[2]["level1"], "效益指标");
    assert!(
        rows[2].get("level2").is_none_or(|v| v.is_null() || v == ""),
        "{:?}",
        rows[2]
    );
    assert!(
        draft
            .missing
            .iter()
            .any(|m| m.field == "indicators[2].level2"),
        "{:?}",
        draft.missing
    );
}
