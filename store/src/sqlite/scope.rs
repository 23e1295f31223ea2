//! The regions a change may write: an account's region and everything below it, checked inside
//! the write's transaction, record by record.

use fundlens_shared::error::RecordError;
use rusqlite::Connection;

use super::audit_log::{Change, Scope};
use super::errors::ImportError;
use super::regions::RegionCache;

/// The message for a region name the store does not know.
pub(crate) fn unknown_region(name: &str) -> String {
    format!("地区“{name}”不在地区目录中；请管理员先添加该地区（名称与上级地区），再导入")
}

/// Refuses a write to region id `region` (named `name`) outside `change`'s regions.
pub(super) fn check_scope(
    connection: &Connection,
    change: &Change,
    region: i64,
    name: &str,
) -> Result<(), ImportError> {
    let allowed = Allowed::resolve(connection, &change.scope)?;
    match allowed.refuses(connection, &mut RegionCache::default(), region, name)? {
        Some(message) => Err(ImportError::Forbidden(vec![RecordError {
            record: 0,
            key: None,
            field: "region".to_owned(),
            message,
        }])),
        None => Ok(()),
    }
}

/// The region root a change may write below, resolved once per transaction.
pub(super) enum Allowed {
    Everywhere,
    Below(i64, String),
}

impl Allowed {
    pub(super) fn resolve(connection: &Connection, scope: &Scope) -> Result<Self, ImportError> {
        match scope {
            Scope::Everywhere => Ok(Self::Everywhere),
            Scope::Subtree(name) => RegionCache::default()
                .id(connection, name)?
                .map(|id| Self::Below(id, name.clone()))
                .ok_or_else(|| ImportError::invalid_field("region", unknown_region(name))),
        }
    }

    /// `None` when `region` may be written, else why not.
    pub(super) fn refuses(
        &self,
        connection: &Connection,
        regions: &mut RegionCache,
        region: i64,
        name: &str,
    ) -> rusqlite::Result<Option<String>> {
        Ok(match self {
            Self::Everywhere => None,
            Self::Below(root, root_name) => (!regions.within(connection, region, *root)?)
                .then(|| format!("本账号只能填报“{root_name}”及其下级地区，不能写入“{name}”")),
        })
    }
}
