//! 登录 (`/login?next=`): name and password; a refusal shows the server's words (one message
//! for a wrong name or password, and how long to wait after repeated failures). After signing
//! in the page goes back where it came from.

use fundlens_shared::query::LoginQuery;
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use crate::api;
use crate::query::use_query;
use crate::session::use_session;

/// The sign-in form.
#[component]
pub(crate) fn Login() -> impl IntoView {
    let session = use_session();
    let query = use_query::<LoginQuery>();
    let name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let submit = move |event: SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        problem.set(None);
        let navigate = navigate.clone();
        let target = query
            .with_untracked(|q| q.next.clone())
            .filter(|path| path.starts_with('/') && !path.starts_with("//"))
            .unwrap_or_else(|| "/".to_owned());
        spawn_local(async move {
            match api::login(name.get_untracked(), password.get_untracked()).await {
                Ok(me) => {
                    session.signed_in(me);
                    password.set(String::new());
                    navigate(&target, Default::default());
                }
                Err(error) => problem.set(Some(error.detail().to_owned())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="card login">
            <h2>"登录"</h2>
            <p class="hint">"填报与管理需要登录；账号由管理员创建。"</p>
            <form on:submit=submit data-form="login">
                <label>
                    "账号"
                    <input
                        type="text"
                        name="name"
                        autocomplete="username"
                        required=true
                        prop:value=move || name.get()
                        on:input=move |ev| name.set(event_target_value(&ev))
                    />
                </label>
                <label>
                    "密码"
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required=true
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" disabled=move || busy.get()>
                    "登录"
                </button>
            </form>
            {move || {
                problem
                    .get()
                    .map(|text| view! { <p class="status error" role="alert">{text}</p> })
            }}
        </section>
    }
}
