//! Who may do what: the three roles, and the JSON shapes of login, `GET /api/me` and the user
//! administration endpoints. The rules themselves (which role may write where) are enforced by
//! the server; the browser only uses them to hide what the user may not do.

use serde::{Deserialize, Serialize};

/// An account's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 查看: reads everything (leadership).
    Viewer,
    /// 填报: imports and edits evaluations and observations of one region and the regions
    /// below it.
    Editor,
    /// 管理: everything, including users, regions, undoing deletes and the audit log.
    Admin,
}

impl Role {
    /// The Chinese label (查看 / 填报 / 管理).
    pub fn label(self) -> &'static str {
        match self {
            Self::Viewer => "查看",
            Self::Editor => "填报",
            Self::Admin => "管理",
        }
    }

    /// The stable code (`viewer`, `editor`, `admin`), as stored and sent.
    pub fn code(self) -> &'static str {
        match self {
            Self::Viewer => "viewer",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }

    /// The role of a stable code.
    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Viewer, Self::Editor, Self::Admin]
            .into_iter()
            .find(|role| role.code() == code)
    }

    /// Whether this role may write evaluations and observations (within its region).
    pub fn can_edit(self) -> bool {
        self >= Self::Editor
    }
}

/// `POST /api/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// Account name.
    pub name: String,
    /// Password.
    pub password: String,
}

/// The signed-in account, as `GET /api/me` and `POST /api/login` describe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Account name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// For an editor: the region it writes for (and every region below it).
    pub region: Option<String>,
}

/// `GET /api/me`: who the caller is and what the server lets anonymous callers do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    /// The signed-in account; `None` for an anonymous caller.
    pub account: Option<Account>,
    /// The token a browser sends as `X-CSRF-Token` with every write of this session.
    pub csrf_token: Option<String>,
    /// Whether reading needs no login on this server (loopback or `--public-read`).
    pub read_open: bool,
}

/// One account, `GET /api/users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// Account name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// An editor's region.
    pub region: Option<String>,
    /// Disabled accounts cannot sign in; their sessions and tokens stop working.
    pub disabled: bool,
    /// When it was created (UTC).
    pub created_at: String,
}

/// `POST /api/users`: a new account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    /// Account name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Required for an editor: the region it writes for.
    pub region: Option<String>,
    /// The first password.
    pub password: String,
}

/// `POST /api/regions`: a region an admin adds below an existing one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewRegion {
    /// Chinese name as reports write it.
    pub name: String,
    /// Kind (`district`, `county`, `county_city`, `management_zone`, `high_tech_zone`, `city`).
    pub kind: crate::region::RegionKind,
    /// The existing region one level up.
    pub parent: String,
    /// The existing region whose statistics include this one's, if any.
    pub statistics_merged_into: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_their_codes_and_only_editors_and_admins_edit() {
        for role in [Role::Viewer, Role::Editor, Role::Admin] {
            assert_eq!(Role::from_code(role.code()), Some(role));
            assert_eq!(serde_json::to_value(role).expect("serialises"), role.code());
        }
        assert_eq!(Role::from_code("root"), None);
        assert!(!Role::Viewer.can_edit());
        assert!(Role::Editor.can_edit() && Role::Admin.can_edit());
    }
}
