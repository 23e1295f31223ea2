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
    /// `token_create`, `region_add`.
    pub action: String,
    /// What it was done to (`evaluation 12`, `user 张三`, `region 新区`).
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
        other => other,
    }
}

/// `GET /api/audit?before=&limit=`: the newest entries first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Entries, newest first.
    pub entries: Vec<AuditEntry>,
    /// Whether the hash chain from the first entry to the newest is intact.
    pub chain_intact: bool,
}
