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
