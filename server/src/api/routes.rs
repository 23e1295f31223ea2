//! The API's routes, each declared with its access rule where it is added: [`RouteTable`] is the
//! only way a route enters the router, and it takes the rule with the handler, so a route
//! without a rule cannot exist and the access layer ([`super::access::guard`]) reads the rule
//! of the route that matched from the same table.

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};

use super::access::{Access, JSON, Rule};
use super::{
    AppState, admin, batch, documents, insights, records, results, session, versions, word,
};

/// A router under construction and the rule of every route in it.
pub(crate) struct RouteTable {
    router: Router<AppState>,
    rules: Vec<Rule>,
}

impl RouteTable {
    fn new() -> Self {
        Self {
            router: Router::new(),
            rules: Vec::new(),
        }
    }

    /// Adds `method` on `path` (under `/api`) answered by `handler`, callable as `access` says;
    /// a write takes a JSON body.
    fn add<H, T>(self, method: Method, path: &'static str, access: Access, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.add_taking(method, path, access, JSON, handler)
    }

    /// As [`Self::add`], for a write whose body is one of `bodies` (media types).
    fn add_taking<H, T>(
        self,
        method: Method,
        path: &'static str,
        access: Access,
        bodies: &'static [&'static str],
        handler: H,
    ) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = method_filter(&method);
        self.add_router(
            Rule {
                method,
                path,
                access,
                bodies,
            },
            on(filter, handler),
        )
    }

    /// Adds a route whose method router is already made (with layers of its own).
    fn add_router(mut self, rule: Rule, route: MethodRouter<AppState>) -> Self {
        self.router = self.router.route(rule.path, route);
        self.rules.push(rule);
        self
    }

    /// The router and the rules of its routes.
    pub(crate) fn into_parts(self) -> (Router<AppState>, Arc<[Rule]>) {
        (self.router, self.rules.into())
    }
}

/// The filter of `method`: one of the methods the API answers.
fn method_filter(method: &Method) -> MethodFilter {
    match *method {
        Method::POST => MethodFilter::POST,
        Method::PUT => MethodFilter::PUT,
        Method::DELETE => MethodFilter::DELETE,
        Method::PATCH => MethodFilter::PATCH,
        _ => MethodFilter::GET,
    }
}

/// Every route of the API with its rule: reads open to readers unless said otherwise, writes
/// for editors or admins.
pub(crate) fn table() -> RouteTable {
    use Access::{Admin, Edit, Public, Read, Signed};
    use Method as M;
    RouteTable::new()
        // The catalogue and the records.
        .add(M::GET, "/health", Read, records::health)
        .add(M::GET, "/catalogue", Read, records::catalogue)
        .add(M::GET, "/regions", Read, records::regions)
        .add(M::POST, "/regions", Admin, admin::add_region)
        .add(M::GET, "/programs", Read, records::programs)
        .add(M::GET, "/years", Read, records::years)
        .add(M::GET, "/metrics", Read, records::metrics)
        .add(M::GET, "/evaluations", Read, records::list)
        .add(M::POST, "/evaluations", Edit, records::import_evaluations)
        .add(M::GET, "/evaluations/{id}", Read, records::detail)
        .add(M::DELETE, "/evaluations/{id}", Edit, versions::delete)
        .add(
            M::POST,
            "/evaluations/{id}/restore",
            Admin,
            versions::restore,
        )
        .add(
            M::GET,
            "/evaluations/{id}/versions",
            Read,
            versions::versions,
        )
        .add(
            M::GET,
            "/evaluations/{id}/versions/{version}",
            Read,
            versions::version,
        )
        .add(M::GET, "/evaluations/{id}/diff", Read, versions::diff)
        .add(M::GET, "/evaluations/{id}/years", Read, results::fund_years)
        // 结果应用: what the evaluations led to, one view per route.
        .add(M::GET, "/results/budget", Read, results::budget)
        .add(M::GET, "/results/targets", Read, results::targets)
        .add(
            M::GET,
            "/results/rectification",
            Read,
            results::rectification,
        )
        .add(M::GET, "/results/conflicts", Read, results::conflicts)
        .add(
            M::GET,
            "/evaluations/{id}/briefing",
            Read,
            insights::evaluation_briefing,
        )
        .add(
            M::GET,
            "/evaluations/{id}/export.xlsx",
            Read,
            documents::export,
        )
        .add_taking(
            M::POST,
            "/observations",
            Edit,
            // CSV is not a type an HTML form or a no-preflight fetch can send.
            &["application/json", "text/csv"],
            records::import_observations,
        )
        // Accounts and the audit log.
        .add(M::POST, "/login", Public, session::login)
        .add(M::POST, "/logout", Signed, session::logout)
        .add(M::GET, "/me", Public, session::me)
        .add(M::GET, "/users", Admin, admin::users)
        .add(M::POST, "/users", Admin, admin::add_user)
        .add(
            M::POST,
            "/users/{name}/password",
            Admin,
            admin::set_password,
        )
        .add(M::POST, "/users/{name}/disable", Admin, admin::disable_user)
        .add(M::GET, "/audit", Admin, versions::audit)
        // Documents: uploads are multipart, with the CSRF token in its header like every write.
        .add(M::GET, "/drafts", Signed, documents::list)
        .add_router(
            Rule {
                method: M::POST,
                path: "/drafts",
                access: Edit,
                bodies: &["multipart/form-data"],
            },
            on(MethodFilter::POST, documents::upload)
                .layer(DefaultBodyLimit::max(documents::UPLOAD_BODY_LIMIT)),
        )
        .add_router(
            Rule {
                method: M::POST,
                path: "/drafts/batch",
                access: Edit,
                bodies: &["multipart/form-data"],
            },
            on(MethodFilter::POST, batch::upload)
                .layer(DefaultBodyLimit::max(batch::BATCH_BODY_LIMIT)),
        )
        .add(M::POST, "/drafts/confirm", Edit, batch::confirm_all)
        .add(M::GET, "/drafts/{id}", Signed, documents::detail)
        .add(M::GET, "/drafts/{id}/conflict", Signed, batch::conflict)
        .add(M::PUT, "/drafts/{id}", Edit, documents::correct)
        .add(M::POST, "/drafts/{id}/confirm", Edit, documents::confirm)
        .add(M::GET, "/drafts/{id}/document", Signed, documents::original)
        // Trends, comparisons, indicators and briefings.
        .add(M::GET, "/trends/funding", Read, insights::funding_trend)
        .add(
            M::GET,
            "/trends/funding/chart.svg",
            Read,
            insights::funding_chart,
        )
        .add(M::GET, "/trends/scores", Read, insights::score_trend)
        .add(
            M::GET,
            "/trends/scores/chart.svg",
            Read,
            insights::score_chart,
        )
        .add(
            M::GET,
            "/trends/scores/groups/chart.svg",
            Read,
            insights::group_share_chart,
        )
        .add(M::GET, "/trends/metrics", Read, insights::metric_trend)
        .add(M::GET, "/trends/metric-set", Read, insights::metric_set)
        .add(
            M::GET,
            "/trends/metrics/chart.svg",
            Read,
            insights::metric_chart,
        )
        .add(M::GET, "/compare", Read, insights::compare)
        .add(M::GET, "/compare/chart.svg", Read, insights::compare_chart)
        .add(M::GET, "/compare/years", Read, insights::compare_years)
        .add(M::GET, "/compare/grid", Read, insights::compare_grid)
        .add(M::GET, "/briefing", Read, insights::briefing)
        .add(M::GET, "/briefing.docx", Read, word::briefing_docx)
        .add(M::GET, "/indicators", Read, insights::indicator_catalogue)
        .add(
            M::GET,
            "/indicators/history",
            Read,
            insights::indicator_history,
        )
        .add(
            M::GET,
            "/indicators/history/chart.svg",
            Read,
            insights::history_chart,
        )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    /// The routes whose rule is not the plain one (GET for readers, a write for editors with a
    /// JSON body): each written out here, so a change to who may call a route is a change to
    /// this test too.
    const SPECIAL: &[(&str, &str, Access)] = &[
        ("POST", "/regions", Access::Admin),
        ("POST", "/evaluations/{id}/restore", Access::Admin),
        ("POST", "/login", Access::Public),
        ("POST", "/logout", Access::Signed),
        ("GET", "/me", Access::Public),
        ("GET", "/users", Access::Admin),
        ("POST", "/users", Access::Admin),
        ("POST", "/users/{name}/password", Access::Admin),
        ("POST", "/users/{name}/disable", Access::Admin),
        ("GET", "/audit", Access::Admin),
        ("GET", "/drafts", Access::Signed),
        ("GET", "/drafts/{id}", Access::Signed),
        ("GET", "/drafts/{id}/document", Access::Signed),
        ("GET", "/drafts/{id}/conflict", Access::Signed),
    ];

    #[test]
    fn every_route_has_one_rule_and_the_rules_are_the_intended_ones() {
        let (_, rules) = table().into_parts();
        let mut seen = HashSet::new();
        for rule in rules.iter() {
            assert!(
                seen.insert((rule.method.clone(), rule.path)),
                "{} {} is declared twice",
                rule.method,
                rule.path
            );
            let special = SPECIAL
                .iter()
                .find(|(method, path, _)| *method == rule.method.as_str() && *path == rule.path);
            let expected = match special {
                Some((_, _, access)) => *access,
                None if rule.method == Method::GET => Access::Read,
                None => Access::Edit,
            };
            assert_eq!(rule.access, expected, "{} {}", rule.method, rule.path);
            let json_only = rule.bodies == JSON;
            let takes_other = ["/observations", "/drafts", "/drafts/batch"].contains(&rule.path)
                && rule.method == Method::POST;
            assert_eq!(json_only, !takes_other, "{} {}", rule.method, rule.path);
        }
        for (method, path, _) in SPECIAL {
            assert!(
                rules
                    .iter()
                    .any(|rule| rule.method.as_str() == *method && rule.path == *path),
                "{method} {path} is no route"
            );
        }
    }

    /// `path` with its parameters filled in (`{id}` → 1).
    fn concrete(path: &str) -> String {
        path.replace("{id}", "1")
            .replace("{version}", "1")
            .replace("{name}", "nobody")
    }

    #[tokio::test]
    async fn the_router_routes_every_declared_route_behind_its_rule() {
        use axum::body::Body;
        use axum::http::{Request, StatusCode};
        use tower::ServiceExt;

        let dir = tempfile::tempdir().expect("temp dir");
        let store =
            fundlens_store::Store::open_sqlite(&dir.path().join("routes.sqlite")).expect("store");
        let access = super::super::AccessConfig::new(
            "127.0.0.1:8080".parse().expect("address"),
            None,
            false,
        )
        .expect("access");
        let state = AppState::new(
            store,
            fundlens_shared::scoring::ScoringPolicy::national(),
            access,
        );
        let app = super::super::app(state);
        let (_, rules) = table().into_parts();
        for rule in rules.iter() {
            let request = Request::builder()
                .method(rule.method.clone())
                .uri(format!("/api{}", concrete(rule.path)))
                .header("host", "127.0.0.1:8080")
                .header("content-type", rule.bodies[0])
                .body(Body::from("{}"))
                .expect("request");
            let response = app.clone().oneshot(request).await.expect("response");
            let status = response.status();
            let what = format!("{} {}", rule.method, rule.path);
            assert_ne!(
                status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{what} is not routed"
            );
            let body = axum::body::to_bytes(response.into_body(), 1 << 20)
                .await
                .expect("body");
            let text = String::from_utf8_lossy(&body);
            assert!(
                !text.contains("没有这个接口"),
                "{what} is not routed: {text}"
            );
            // Without an account, a loopback server lets anyone read and no one write.
            let refused = status == StatusCode::UNAUTHORIZED;
            let open = matches!(rule.access, Access::Public | Access::Read);
            assert_eq!(refused, !open, "{what} answered {status}: {text}");
        }
    }
}
