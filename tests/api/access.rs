//! Who may do what, against a server on 127.0.0.1: anonymous writes refused, browser-borne
//! attacks refused even with a valid session, an editor held to its region, viewers reading
//! only, admins everything; sessions, logout and the throttle on failed logins.

use fundlens_shared::account::Role;
use fundlens_tests::{TestServer, account, fields, generated, seed_text, token};
use reqwest::Method;
use serde_json::{Value, json};

/// Asserts a refusal: its status, the JSON error shape with a Chinese message, the field or
/// header named (when given), and nothing written.
fn assert_refused(
    server: &TestServer,
    before: &[(&str, i64)],
    got: (u16, Value),
    status: u16,
    field: Option<&str>,
) {
    let (code, body) = got;
    assert_eq!(code, status, "{body}");
    assert!(body["error"].is_string(), "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "message in Chinese: {message}"
    );
    if let Some(field) = field {
        assert!(
            fields(&body).iter().any(|f| f == field),
            "{field} named in {body}"
        );
    }
    assert_eq!(server.counts(), before, "nothing written");
}

#[test]
fn anonymous_writes_are_refused_on_loopback_while_reads_are_open() {
    let server = TestServer::start();
    let before = server.counts();
    for (path, body) in [
        ("/api/evaluations", seed_text()),
        ("/api/evaluations?replace=true", seed_text()),
        ("/api/observations", "[]".to_owned()),
        (
            "/api/regions",
            json!({"name": "新区", "kind": "district", "parent": "益阳市"}).to_string(),
        ),
        ("/api/users", "{}".to_owned()),
    ] {
        let got = server.send(
            Method::POST,
            path,
            &[("content-type", "application/json")],
            body,
        );
        assert_refused(&server, &before, got, 401, None);
    }
    let got = server.send(Method::DELETE, "/api/evaluations/1", &[], String::new());
    assert_refused(&server, &before, got, 401, None);
    let (status, _) = server.get("/api/evaluations");
    assert_eq!(status, 200, "reads need no login on loopback");
    let (status, me) = server.get("/api/me");
    assert_eq!(status, 200);
    assert_eq!(me["account"], Value::Null);
    assert_eq!(me["read_open"], true);
    let (status, _) = server.get("/api/audit");
    assert_eq!(status, 401, "the audit log is for admins only");
}

#[test]
fn cross_site_writes_are_refused_even_with_a_valid_session() {
    let server = TestServer::start();
    let (name, password) = account(Role::Admin);
    let session = server.login(name, password);
    let before = server.counts();
    let good_headers = |content_type: &'static str| {
        vec![
            ("cookie", session.cookie.clone()),
            ("x-csrf-token", session.csrf.clone()),
            ("content-type", content_type.to_owned()),
        ]
    };
    let send = |headers: Vec<(&str, String)>| {
        let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        server.send(
            Method::POST,
            "/api/evaluations?replace=true",
            &borrowed,
            seed_text(),
        )
    };
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        assert_refused(
            &server,
            &before,
            send(good_headers(content_type)),
            415,
            Some("Content-Type"),
        );
    }
    let mut foreign = good_headers("application/json");
    foreign.push(("origin", "http://evil.example".to_owned()));
    assert_refused(&server, &before, send(foreign), 403, Some("Origin"));
    let mut cross = good_headers("application/json");
    cross.push(("sec-fetch-site", "cross-site".to_owned()));
    assert_refused(&server, &before, send(cross), 403, Some("Sec-Fetch-Site"));
    let mut no_csrf = good_headers("application/json");
    no_csrf.retain(|(name, _)| *name != "x-csrf-token");
    assert_refused(&server, &before, send(no_csrf), 403, Some("X-CSRF-Token"));
    let mut wrong_csrf = good_headers("application/json");
    wrong_csrf[1].1 = "forged".to_owned();
    assert_refused(
        &server,
        &before,
        send(wrong_csrf),
        403,
        Some("X-CSRF-Token"),
    );
    let rebinding = server.send(
        Method::GET,
        "/api/evaluations",
        &[("host", "evil.example:8080")],
        String::new(),
    );
    assert_refused(&server, &before, rebinding, 421, Some("Host"));

    let (status, body) = server.as_session(&session, Method::POST, "/api/evaluations", seed_text());
    assert_eq!(
        status, 201,
        "the same session writes from its own page: {body}"
    );
}

#[test]
fn an_editor_writes_only_within_its_region() {
    let server = TestServer::start();
    let (name, password) = account(Role::Editor);
    let session = server.login(name, password);
    let before = server.counts();
    let outside = generated("专项甲", "资阳区", 2023, 100, 90, 100);
    let got = server.as_session(
        &session,
        Method::POST,
        "/api/evaluations",
        outside.to_string(),
    );
    assert_refused(&server, &before, got, 403, Some("region"));
    let mixed = json!([
        generated("专项甲", "赫山区", 2023, 100, 90, 100),
        generated("专项乙", "益阳市", 2023, 100, 90, 100)
    ]);
    let (status, body) = server.as_session(
        &session,
        Method::POST,
        "/api/evaluations",
        mixed.to_string(),
    );
    assert_eq!(status, 403, "{body}");
    assert_eq!(
        body["errors"][0]["record"], 1,
        "the record outside is named: {body}"
    );
    assert_eq!(
        server.counts(),
        before,
        "not even the record inside is written"
    );
    let observation = json!([{"region": "资阳区", "year": 2023, "metric": "industrial_value_added_growth",
                              "value": 7, "source": {"kind": "document", "title": "统计公报"}}]);
    let got = server.as_session(
        &session,
        Method::POST,
        "/api/observations",
        observation.to_string(),
    );
    assert_refused(&server, &before, got, 403, Some("region"));

    let (status, body) = server.as_session(
        &session,
        Method::POST,
        "/api/evaluations",
        generated("专项甲", "赫山区", 2023, 100, 90, 100).to_string(),
    );
    assert_eq!(status, 201, "{body}");
    let (status, _) = server.post(
        "/api/evaluations",
        "application/json",
        generated("专项甲", "资阳区", 2023, 100, 90, 100).to_string(),
    );
    assert_eq!(status, 201, "the admin writes anywhere");
    let (_, list) = server.get("/api/evaluations?region=资阳区");
    let ziyang = list["items"][0]["id"].as_i64().expect("id");
    let before = server.counts();
    let got = server.as_session(
        &session,
        Method::DELETE,
        &format!("/api/evaluations/{ziyang}"),
        String::new(),
    );
    assert_refused(&server, &before, got, 403, Some("region"));
    let got = server.as_session(&session, Method::GET, "/api/users", String::new());
    assert_eq!(got.0, 403, "editors do not manage users");
}

#[test]
fn viewers_read_and_write_nothing_while_admins_manage_users_and_regions() {
    let server = TestServer::start();
    let before = server.counts();
    let got = server.as_role(Role::Viewer, Method::POST, "/api/evaluations", seed_text());
    assert_refused(&server, &before, got, 403, None);
    let (status, me) = server.as_role(Role::Viewer, Method::GET, "/api/me", String::new());
    assert_eq!(status, 200);
    assert_eq!(me["account"]["role"], "viewer");

    let region = json!({"name": "龙岭新区", "kind": "district", "parent": "益阳市"});
    let got = server.as_role(
        Role::Editor,
        Method::POST,
        "/api/regions",
        region.to_string(),
    );
    assert_refused(&server, &before, got, 403, None);
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        "/api/regions",
        region.to_string(),
    );
    assert_eq!(status, 201, "{body}");
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        "/api/regions",
        region.to_string(),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(fields(&body), ["name"]);
    let orphan = json!({"name": "无名区", "kind": "district", "parent": "无此市"});
    let (status, body) = server.as_role(
        Role::Admin,
        Method::POST,
        "/api/regions",
        orphan.to_string(),
    );
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["parent"]);
    let (status, body) = server.post(
        "/api/evaluations",
        "application/json",
        generated("专项甲", "龙岭新区", 2023, 100, 90, 100).to_string(),
    );
    assert_eq!(
        status, 201,
        "a region added by an admin takes records: {body}"
    );

    let user = json!({"name": "资阳填报", "role": "editor", "region": "资阳区", "password": "zy-password-1"});
    let (status, body) = server.as_role(Role::Admin, Method::POST, "/api/users", user.to_string());
    assert_eq!(status, 201, "{body}");
    let session = server.login("资阳填报", "zy-password-1");
    let (status, _) = server.as_session(
        &session,
        Method::POST,
        "/api/evaluations",
        generated("专项乙", "资阳区", 2023, 100, 90, 100).to_string(),
    );
    assert_eq!(status, 201);
    let (status, _) = server.as_role(
        Role::Admin,
        Method::POST,
        "/api/users/资阳填报/disable",
        "{}".to_owned(),
    );
    assert_eq!(status, 204);
    let (status, me) = server.as_session(&session, Method::GET, "/api/me", String::new());
    assert_eq!(
        (status, me["account"].clone()),
        (200, Value::Null),
        "a disabled account's session ends"
    );
    let (status, users) = server.as_role(Role::Admin, Method::GET, "/api/users", String::new());
    assert_eq!(status, 200);
    assert!(
        users
            .as_array()
            .expect("list")
            .iter()
            .any(|u| u["name"] == "资阳填报" && u["disabled"] == true)
    );
    let weak = json!({"name": "弱密码", "role": "viewer", "password": "123"});
    let (status, body) = server.as_role(Role::Admin, Method::POST, "/api/users", weak.to_string());
    assert_eq!(status, 422);
    assert_eq!(fields(&body), ["password"]);
}

#[test]
fn logins_are_generic_slowed_when_repeated_and_audited() {
    let server = TestServer::start();
    let (name, password) = account(Role::Viewer);
    let attempt = |name: &str, password: &str| {
        server.send(
            Method::POST,
            "/api/login",
            &[("content-type", "application/json")],
            json!({"name": name, "password": password}).to_string(),
        )
    };
    let (status, wrong_password) = attempt(name, "not-the-password");
    let (_, unknown_name) = attempt("没有这个人", "not-the-password");
    assert_eq!(status, 401);
    assert_eq!(
        wrong_password["message"], unknown_name["message"],
        "one message for both"
    );
    let mut last = 0;
    for _ in 0..6 {
        last = attempt(name, "still-wrong").0;
    }
    assert_eq!(last, 429, "repeated failures are slowed");
    let (status, body) = attempt(name, password);
    assert_eq!(
        status, 429,
        "even the right password waits its turn: {body}"
    );

    let other = TestServer::start();
    let session = other.login(name, password);
    let (status, me) = other.as_session(&session, Method::GET, "/api/me", String::new());
    assert_eq!(status, 200);
    assert_eq!(me["account"]["name"], name);
    assert!(me["csrf_token"].as_str().is_some_and(|t| !t.is_empty()));
    let idle = other.login(name, password);
    other.execute_sql("UPDATE sessions SET last_seen_at = last_seen_at - 2 * 3600 - 1");
    let (_, me) = other.as_session(&idle, Method::GET, "/api/me", String::new());
    assert_eq!(
        me["account"],
        Value::Null,
        "a session idle for over 2 hours has ended"
    );
    let session = other.login(name, password);
    let (status, _) = other.as_session(&session, Method::POST, "/api/logout", "{}".to_owned());
    assert_eq!(status, 204);
    let (_, me) = other.as_session(&session, Method::GET, "/api/me", String::new());
    assert_eq!(me["account"], Value::Null, "the session ended at logout");

    let (status, audit) = other.as_role(Role::Admin, Method::GET, "/api/audit", String::new());
    assert_eq!(status, 200);
    let actions: Vec<&str> = audit["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(
        actions.contains(&"login") && actions.contains(&"logout"),
        "{actions:?}"
    );
    assert_eq!(audit["chain_intact"], true);
}

#[test]
fn api_tokens_act_as_their_account_and_bad_ones_are_refused() {
    let server = TestServer::start();
    let before = server.counts();
    let got = server.send(
        Method::POST,
        "/api/evaluations",
        &[
            ("content-type", "application/json"),
            ("authorization", "Bearer fl_forged"),
        ],
        seed_text(),
    );
    assert_refused(&server, &before, got, 401, None);
    let authorization = format!("Bearer {}", token(Role::Editor));
    let (status, me) = server.send(
        Method::GET,
        "/api/me",
        &[("authorization", &authorization)],
        String::new(),
    );
    assert_eq!(status, 200);
    assert_eq!(me["account"]["region"], "赫山区");
    assert_eq!(me["csrf_token"], Value::Null, "tokens need no CSRF token");
}

#[test]
fn every_response_carries_the_security_headers() {
    let server = TestServer::start();
    for path in ["/", "/api/health", "/api/no-such-route", "/evaluations/1"] {
        let (_, headers, _) = server.send_raw(Method::GET, path, &[], String::new());
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let policy = header("content-security-policy");
        assert!(
            policy.contains("frame-ancestors 'none'"),
            "{path}: {policy}"
        );
        assert!(
            policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {policy}"
        );
        assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header("referrer-policy"), "same-origin", "{path}");
    }
}
