//! Headless Chromium and chromedriver for the browser tests, and a Chinese font for the
//! server's Word briefing, from Debian's packages.
//!
//! The browser tests (in `tests/`) find the driver at [`CHROMEDRIVER`] and the browser at
//! [`CHROMIUM`]; `fonts-noto-cjk` makes Chinese text render in their screenshots and in the
//! charts the server draws into the Word briefing.

use std::path::Path;
use std::process::Command;

use anyhow::{Result, bail};

use crate::cmd;

/// Where Debian's `chromium` package puts the browser.
pub(crate) const CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian's `chromium-driver` package puts the WebDriver server.
pub(crate) const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The Debian packages the browser tests need.
const PACKAGES: [&str; 3] = ["chromium", "chromium-driver", "fonts-noto-cjk"];

/// Where Debian's `fonts-noto-cjk` puts its fonts.
const CJK_FONTS: &str = "/usr/share/fonts/opentype/noto";

/// Whether the machine has a font with Chinese glyphs (fontconfig's answer, or Debian's Noto CJK
/// where fontconfig is not installed).
fn has_chinese_font() -> bool {
    match Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
    {
        Ok(output) if output.status.success() => !output.stdout.trim_ascii().is_empty(),
        _ => Path::new(CJK_FONTS).exists(),
    }
}

/// Makes sure a Chinese font is installed for the charts of the Word briefing, installing
/// `fonts-noto-cjk` when there is none. Not fatal: without it the product runs and only those
/// charts' Chinese labels are drawn as boxes, which the warning says.
pub(crate) fn ensure_chinese_font() {
    if has_chinese_font() {
        println!("    a Chinese font is installed (the Word briefing's charts use it)");
        return;
    }
    println!(
        "    no Chinese font: installing Debian's fonts-noto-cjk for the Word briefing's charts"
    );
    let installed = cmd::apt_install(&["fonts-noto-cjk"], cmd::Recommended::Skip);
    if let Err(error) = installed.map_err(|e| format!("{e:#}")) {
        println!(
            "    warning: {error}. The Word briefing's charts will show Chinese as boxes until \
             `apt-get install fonts-noto-cjk` is run as root."
        );
    }
}

/// Makes sure Chromium and chromedriver are installed, installing Debian's packages when one is
/// missing; when that is impossible the error says exactly what to install.
pub(crate) fn ensure_browser() -> Result<()> {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|path| !Path::new(path).exists())
        .collect();
    if missing.is_empty() {
        println!("    {CHROMIUM} and {CHROMEDRIVER} are installed");
        return Ok(());
    }
    println!(
        "    missing: {}; installing Debian's packages",
        missing.join(", ")
    );
    let installed = cmd::apt_install(&PACKAGES, cmd::Recommended::Include);
    let still_missing = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .any(|path| !Path::new(path).exists());
    match installed {
        Ok(()) if !still_missing => Ok(()),
        outcome => {
            let why = outcome
                .err()
                .map(|error| format!("{error:#}"))
                .unwrap_or_else(|| "the packages did not provide them".to_owned());
            bail!(
                "the browser tests need {CHROMIUM} and {CHROMEDRIVER} ({why}). Install them as \
                 root with:\n    apt-get update && apt-get install -y {}",
                PACKAGES.join(" ")
            )
        }
    }
}
