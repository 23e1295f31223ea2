//! The JSON shape of the audit log (`GET /api/audit`): every write and login attempt, who,
//! when, from where, what, and the digests of what was there before and after. (The audit
//! *findings* on a record's contents are [`crate::audit`].)

use serde::{Deserialize, Serialize};

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log (1 = first), never reused.
    pub id: i64,
    /// When (UTC).
    pub at: String,
    /// Who: an account name, `cli:<user>`, `system`, or the name tried at a failed login.
    pub actor: String,
    /// From where: the client's address, or `cli`.
    pub address: String,
    /// What was done: `import`, `replace`, `delete`, `restore`, `import_observations`,
    /// `login`, `login_failed`, `logout`, `user_add`, `user_passwd`, `user_disable`,
    /// `token_create`, `region_add`, `draft_upload`, `draft_correct`, `draft_confirm`,
    /// `draft_confirm_refused`.
    pub action: String,
    /// What it was done to (`evaluation 12`, `user 张三`, `region 新区`, `draft 7`,
    /// `document 3`).
    pub target: String,
    /// The request or command (`POST /api/evaluations?replace=true`).
    pub origin: String,
    /// SHA-256 (hex) of what was there before, when something was.
    pub before_hash: Option<String>,
    /// SHA-256 (hex) of what is there after.
    pub after_hash: Option<String>,
    /// More words on it (counts, the ids an import wrote).
    pub detail: String,
}

/// The Chinese label of an action code, for the page (the code itself when unknown).
pub fn action_label(action: &str) -> &str {
    match action {
        "import" => "导入",
        "replace" => "替换",
        "delete" => "删除",
        "restore" => "恢复",
        "import_observations" => "导入统计数据",
        "login" => "登录",
        "login_failed" => "登录失败",
        "logout" => "退出",
        "user_add" => "添加账号",
        "user_passwd" => "修改密码",
        "user_disable" => "停用账号",
        "token_create" => "创建令牌",
        "region_add" => "添加地区",
        "draft_upload" => "上传文件",
        "draft_correct" => "更正草稿",
        "draft_confirm" => "确认草稿",
        "draft_confirm_refused" => "确认被拒",
        other => other,
    }
}

/// Who did it, as the page says it: an account's name as it is, `命令行（张三）` for `cli:张三`
/// (`命令行（未知用户）` when the command could not tell), `系统` for `system`.
pub fn actor_label(actor: &str) -> String {
    match actor.strip_prefix("cli:") {
        Some("" | "unknown") => "命令行（未知用户）".to_owned(),
        Some(user) => format!("命令行（{user}）"),
        None if actor == "system" => "系统".to_owned(),
        None => actor.to_owned(),
    }
}

/// From where, as the page says it: `命令行` for `cli`, `本机` for `local`, an address as it is.
pub fn address_label(address: &str) -> String {
    match address {
        "cli" => "命令行".to_owned(),
        "local" => "本机".to_owned(),
        other => other.to_owned(),
    }
}

/// What it was done to, in Chinese: `评价 12`, `评价 3 条`, `账号 张三`, `地区 新区`,
/// `统计数据 40 条`; anything else as it is.
pub fn target_label(target: &str) -> String {
    let Some((kind, rest)) = target.split_once(' ') else {
        return target.to_owned();
    };
    match kind {
        "evaluation" => format!("评价 {rest}"),
        "evaluations" => format!("评价 {rest} 条"),
        "user" => format!("账号 {rest}"),
        "region" => format!("地区 {rest}"),
        "observations" => format!("统计数据 {rest} 条"),
        "draft" => format!("草稿 {rest}"),
        "document" => format!("文件 {rest}"),
        _ => target.to_owned(),
    }
}

/// The entry's remarks in Chinese, for the wordings the store writes (`2 evaluation(s), 1
/// replaced; ids 7,8` reads `评价 2 条，其中替换 1 条；编号 7,8`); anything else as it is.
pub fn detail_label(detail: &str) -> String {
    let detail = detail.trim();
    if let Some((counts, ids)) = detail.split_once("; ids ")
        && let Some((written, replaced)) = counts.split_once(" evaluation(s), ")
        && let Some(replaced) = replaced.strip_suffix(" replaced")
    {
        let ids = match ids.split_once(" and ") {
            Some((listed, more)) => {
                format!("{listed} 等（另 {} 条）", more.trim_end_matches(" more"))
            }
            None => ids.to_owned(),
        };
        return format!("评价 {written} 条，其中替换 {replaced} 条；编号 {ids}");
    }
    if let Some((observations, rescored)) = detail.split_once(" observation(s), ")
        && let Some(rescored) = rescored.strip_suffix(" evaluation(s) rescored")
    {
        return format!("统计数据 {observations} 条，重新评分评价 {rescored} 条");
    }
    if let Some(rest) = detail.strip_prefix("role ") {
        let (role, region) = match rest.split_once(" region ") {
            Some((role, region)) => (role, Some(region)),
            None => (rest, None),
        };
        let role = crate::account::Role::from_code(role).map_or(role, |role| role.label());
        return match region {
            Some(region) => format!("角色 {role}，地区 {region}"),
            None => format!("角色 {role}"),
        };
    }
    if let Some(rest) = detail.strip_prefix("kind ")
        && let Some((kind, parent)) = rest.split_once(", parent ")
    {
        return format!("类型 {kind}，上级 {parent}");
    }
    if let Some(label) = draft_detail_label(detail) {
        return label;
    }
    if let Some(version) = detail.strip_prefix("version ") {
        return format!("版本 {version}");
    }
    if let Some(token) = detail.strip_prefix("token ") {
        return format!("令牌 {token}");
    }
    detail.to_owned()
}

/// The remarks of a draft upload: the file and the drafts read from it.
pub fn upload_detail(file: &str, drafts: &[i64]) -> String {
    format!("file {file}; drafts {}", ids(drafts))
}

/// The remarks of a correction: the fields changed.
pub fn correction_detail(fields: &[&str]) -> String {
    format!("fields {}", fields.join(", "))
}

/// The remarks of a confirmation: the evaluation the draft became.
pub fn confirmation_detail(evaluation: i64, replaced: bool) -> String {
    format!(
        "evaluation {evaluation}{}",
        if replaced { " replaced" } else { "" }
    )
}

/// The remarks of a refused confirmation: the refusal's code, the field at fault (may be
/// empty) and the Chinese message the caller was given.
pub fn refusal_detail(code: &str, field: &str, message: &str) -> String {
    format!("refused {code} [{field}] {message}")
}

fn ids(ids: &[i64]) -> String {
    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The Chinese of the remarks the four builders above write.
fn draft_detail_label(detail: &str) -> Option<String> {
    if let Some(rest) = detail.strip_prefix("file ")
        && let Some((file, drafts)) = rest.rsplit_once("; drafts ")
    {
        return Some(format!("文件“{file}”，草稿 {drafts}"));
    }
    if let Some(fields) = detail.strip_prefix("fields ") {
        return Some(format!("更正字段 {fields}"));
    }
    if let Some(rest) = detail.strip_prefix("evaluation ") {
        return Some(match rest.strip_suffix(" replaced") {
            Some(id) => format!("导入为评价 {id}（替换原记录，原记录保留为上一版本）"),
            None => format!("导入为评价 {rest}"),
        });
    }
    let rest = detail.strip_prefix("refused ")?;
    let (code, rest) = rest.split_once(" [")?;
    let (field, message) = rest.split_once("] ")?;
    let why = match code {
        "conflict" => "记录已存在",
        "invalid" => "内容不完整或有误",
        "forbidden" => "超出本账号可填报的地区",
        "draft_changed" => "草稿已被修改",
        "draft_confirmed" => "草稿已确认",
        other => other,
    };
    Some(if field.is_empty() {
        format!("{why}：{message}")
    } else {
        format!("{why}（{field}）：{message}")
    })
}

/// `GET /api/audit?before=&limit=`: the newest entries first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// Whether the hash chain from the first entry to the newest is intact.
    pub chain_intact: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_s_words_read_in_chinese() {
        assert_eq!(actor_label("cli:unknown"), "命令行（未知用户）");
        assert_eq!(actor_label("cli:root"), "命令行（root）");
        assert_eq!(actor_label("system"), "系统");
        assert_eq!(actor_label("管理员"), "管理员");
        assert_eq!(address_label("cli"), "命令行");
        assert_eq!(address_label("127.0.0.1"), "127.0.0.1");
        assert_eq!(target_label("evaluation 12"), "评价 12");
        assert_eq!(target_label("evaluations 3"), "评价 3 条");
        assert_eq!(target_label("user 张三"), "账号 张三");
        assert_eq!(target_label("observations 40"), "统计数据 40 条");
        assert_eq!(
            detail_label("1 evaluation(s), 0 replaced; ids 7"),
            "评价 1 条，其中替换 0 条；编号 7"
        );
        assert_eq!(
            detail_label("25 evaluation(s), 2 replaced; ids 1,2 and 5 more"),
            "评价 25 条，其中替换 2 条；编号 1,2 等（另 5 条）"
        );
        assert_eq!(
            detail_label("40 observation(s), 3 evaluation(s) rescored"),
            "统计数据 40 条，重新评分评价 3 条"
        );
        assert_eq!(
            detail_label("role editor region 赫山区"),
            "角色 填报，地区 赫山区"
        );
        assert_eq!(detail_label("version 2"), "版本 2");
        assert_eq!(target_label("draft 7"), "草稿 7");
        assert_eq!(action_label("draft_confirm_refused"), "确认被拒");
        assert_eq!(
            detail_label(&upload_detail("表; 一.xlsx", &[3, 4])),
            "文件“表; 一.xlsx”，草稿 3,4"
        );
        assert_eq!(
            detail_label(&correction_detail(&["year", "indicators[1].target"])),
            "更正字段 year, indicators[1].target"
        );
        assert_eq!(
            detail_label(&confirmation_detail(12, true)),
            "导入为评价 12（替换原记录，原记录保留为上一版本）"
        );
        assert_eq!(
            detail_label(&refusal_detail("conflict", "", "已存在评价 12")),
            "记录已存在：已存在评价 12"
        );
        assert_eq!(
            detail_label(&refusal_detail("invalid", "region", "没有读到地区")),
            "内容不完整或有误（region）：没有读到地区"
        );
        assert_eq!(
            detail_label("先进制造业 / 益阳市 / 2022"),
            "先进制造业 / 益阳市 / 2022"
        );
    }
}
