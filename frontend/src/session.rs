//! Who is signed in, asked once when the app starts (`GET /api/me`) and shared through the
//! context: the header shows the name and role, pages hide what the role may not do, and
//! writes carry the session's CSRF token. The server decides what is allowed; this only hides
//! what it would refuse.

use fundlens_shared::account::{Account, Me, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;

/// The signed-in state, `None` until the server has answered.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Session {
    me: RwSignal<Option<Me>>,
}

impl Session {
    /// The signed-in account (tracked).
    pub(crate) fn account(&self) -> Option<Account> {
        self.me
            .with(|me| me.as_ref().and_then(|me| me.account.clone()))
    }

    /// Whether the server has answered (tracked).
    pub(crate) fn known(&self) -> bool {
        self.me.with(Option::is_some)
    }

    /// Whether the server lets this browser read: reads are open, or someone is signed in.
    pub(crate) fn may_read(&self) -> bool {
        self.me.with(|me| {
            me.as_ref()
                .is_none_or(|me| me.read_open || me.account.is_some())
        })
    }

    /// Whether the signed-in account is an admin (tracked).
    pub(crate) fn is_admin(&self) -> bool {
        self.account().is_some_and(|a| a.role == Role::Admin)
    }

    /// Whether the signed-in account may bring records in (an editor or an admin; tracked).
    pub(crate) fn can_edit(&self) -> bool {
        self.account().is_some_and(|a| a.role.can_edit())
    }

    /// The CSRF token writes of this session carry (untracked).
    pub(crate) fn csrf(&self) -> Option<String> {
        self.me
            .with_untracked(|me| me.as_ref().and_then(|me| me.csrf_token.clone()))
    }

    /// Records a successful login.
    pub(crate) fn signed_in(&self, me: Me) {
        self.me.set(Some(me));
    }

    /// Signs out on the server, then here.
    pub(crate) fn sign_out(&self) {
        let me = self.me;
        let csrf = self.csrf();
        spawn_local(async move {
            let _ = api::logout(csrf).await;
            if let Ok(answer) = api::me().await {
                me.set(Some(answer));
            }
        });
    }
}

/// Asks the server who is signed in and provides the answer to every page.
pub(crate) fn provide_session() {
    let me = RwSignal::new(None);
    spawn_local(async move {
        let answer = api::me().await.unwrap_or(Me {
            account: None,
            csrf_token: None,
            read_open: true,
        });
        me.set(Some(answer));
    });
    provide_context(Session { me });
}

/// The session provided by [`provide_session`].
pub(crate) fn use_session() -> Session {
    expect_context::<Session>()
}

/// The sign-in page's address that comes back here once signed in (`/login?next=/districts?…`):
/// the path and query of the page now shown, tracked; the bare `/login` on the sign-in page.
pub(crate) fn login_here() -> impl Fn() -> String + Copy + Send + Sync + 'static {
    let location = leptos_router::hooks::use_location();
    let (pathname, search) = (location.pathname, location.search);
    move || {
        let path = pathname.get();
        if path == "/login" {
            return path;
        }
        let search = search.get();
        let here = if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        };
        fundlens_shared::query::url(
            "/login",
            &fundlens_shared::query::LoginQuery { next: Some(here) },
        )
    }
}
