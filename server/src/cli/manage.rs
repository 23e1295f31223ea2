//! `fundlens user`, `fundlens token` and `fundlens region`: accounts, API tokens and regions
//! managed from the command line by whoever may run the program on the server (the first
//! admin is made this way). Every change is in the audit log as `cli:<user>`.

use std::io::BufRead;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use fundlens_shared::account::{NewRegion, Role};
use fundlens_shared::region::RegionKind;

use super::database::DatabaseArgs;
use crate::auth::{password, secret};
use fundlens_store::{Change, Store};

async fn open(db: &DatabaseArgs) -> Result<Store> {
    db.open_existing().await
}

/// The new password: one line of standard input, or a random one printed once.
fn new_password(name: &str, from_stdin: bool) -> Result<(String, bool)> {
    if !from_stdin {
        return Ok((secret::random()?.chars().take(20).collect(), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    password::check_new(name, &password).map_err(|message| anyhow!("password: {message}"))?;
    Ok((password, false))
}

/// `fundlens user add NAME --role R [--region X] [--password-stdin]`.
///
/// # Errors
/// When the name, role and region do not fit together, the name exists, or the store fails.
pub(super) async fn add_user(
    db: &DatabaseArgs,
    name: &str,
    role: Role,
    region: Option<&str>,
    password_stdin: bool,
) -> Result<ExitCode> {
    password::check_name("账号名", name).map_err(|message| anyhow!("name: {message}"))?;
    match (role, region) {
        (Role::Editor, None) => bail!("an editor needs --region (the region it writes for)"),
        (Role::Viewer | Role::Admin, Some(_)) => bail!("only an editor has a --region"),
        _ => {}
    }
    let store = open(db).await?;
    let (password, generated) = new_password(name, password_stdin)?;
    let hash = password::hash(&password)?;
    store
        .add_account(
            name,
            role,
            region,
            &hash,
            &Change::command_line(format!("fundlens user add {name}")),
        )
        .await?;
    println!("added {name} ({} {})", role.code(), role.label());
    if generated {
        println!("password (shown once, write it down): {password}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `fundlens user passwd NAME [--password-stdin]`.
///
/// # Errors
/// When there is no such account or the store fails.
pub(super) async fn set_password(
    db: &DatabaseArgs,
    name: &str,
    password_stdin: bool,
) -> Result<ExitCode> {
    let store = open(db).await?;
    let (password, generated) = new_password(name, password_stdin)?;
    let hash = password::hash(&password)?;
    store
        .set_password(
            name,
            &hash,
            &Change::command_line(format!("fundlens user passwd {name}")),
        )
        .await?;
    println!("password of {name} changed; its sessions have ended");
    if generated {
        println!("password (shown once, write it down): {password}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `fundlens user list`.
///
/// # Errors
/// When the store fails.
pub(super) async fn list_users(db: &DatabaseArgs) -> Result<ExitCode> {
    let store = open(db).await?;
    for user in store.accounts().await? {
        println!(
            "{}\t{} {}\t{}\t{}\tcreated {}",
            user.name,
            user.role.code(),
            user.role.label(),
            user.region.as_deref().unwrap_or("-"),
            if user.disabled { "disabled" } else { "active" },
            user.created_at
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `fundlens user disable NAME`.
///
/// # Errors
/// When there is no such account or the store fails.
pub(super) async fn disable_user(db: &DatabaseArgs, name: &str) -> Result<ExitCode> {
    open(db)
        .await?
        .disable_account(
            name,
            &Change::command_line(format!("fundlens user disable {name}")),
        )
        .await?;
    println!("{name} is disabled: it cannot sign in, and its sessions and tokens no longer work");
    Ok(ExitCode::SUCCESS)
}

/// `fundlens token create NAME [--label TEXT]`: prints the token once.
///
/// # Errors
/// When there is no such account or the store fails.
pub(super) async fn create_token(db: &DatabaseArgs, name: &str, label: &str) -> Result<ExitCode> {
    let store = open(db).await?;
    let token = format!("{}{}", secret::TOKEN_PREFIX, secret::random()?);
    let id = store
        .add_token(
            name,
            label,
            &secret::digest(&token),
            &Change::command_line(format!("fundlens token create {name}")),
        )
        .await?;
    println!("token {id} for {name} (shown once; only its digest is stored):");
    println!("{token}");
    println!("send it as the header  Authorization: Bearer {token}");
    Ok(ExitCode::SUCCESS)
}

/// `fundlens region add NAME --parent P --kind K [--merged-into M]`.
///
/// # Errors
/// When the region exists, the parent or merge target does not, or the store fails.
pub(super) async fn add_region(db: &DatabaseArgs, region: NewRegion) -> Result<ExitCode> {
    password::check_name("地区名", &region.name).map_err(|message| anyhow!("name: {message}"))?;
    let store = open(db).await?;
    let change = Change::command_line(format!("fundlens region add {}", region.name));
    store
        .add_region(&region, &change)
        .await
        .map_err(|error| match error {
            fundlens_store::ImportError::Invalid(problems)
            | fundlens_store::ImportError::Conflict(problems) => anyhow!(
                "{}",
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.field, p.message))
                    .collect::<Vec<_>>()
                    .join("; ")
            ),
            other => anyhow!(other),
        })?;
    println!("added region {} below {}", region.name, region.parent);
    Ok(ExitCode::SUCCESS)
}

/// The kinds a region may be given on the command line.
pub(super) fn kind_of(code: &str) -> Result<RegionKind> {
    serde_json::from_value(serde_json::Value::from(code)).map_err(|_| {
        anyhow!(
            "--kind {code}: expected province, city, district, county, county_city, \
             management_zone or high_tech_zone"
        )
    })
}
