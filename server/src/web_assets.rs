//! The browser app: the files of `frontend/dist/` (built by `cargo xtask build-frontend`),
//! embedded into the binary at compile time and served by [`router`].
//!
//! - A file of the bundle is served with its content type (`application/wasm` for `.wasm`);
//!   its brotli copy (`NAME.br`, written by xtask) instead when the browser accepts `br`, else
//!   its gzip copy (`NAME.gz`) when it accepts gzip.
//! - Files under `/pkg/` carry a content hash in their names and may be cached for good;
//!   everything else (`index.html`) is revalidated on every load.
//! - Any other path outside `/api` is a client-side route: it gets `index.html`, and the app's
//!   router draws the page. A missing `/pkg/` file is a 404, and so is an unknown `/api` path.
//! - When the bundle was not built (a clean clone: `build.rs` only creates the empty folder),
//!   every page says so in Chinese and names the command that builds it.
//! - [`content_security_policy`] allows scripts from this server only, plus the one inline
//!   module script of `index.html` (the wasm loader) by its SHA-256, and wasm compilation.

use axum::Router;
use axum::body::Body;
use axum::http::header::{ALLOW, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, HeaderValue, VARY};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use include_dir::{Dir, File, include_dir};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// The built bundle; empty until `cargo xtask build-frontend` has run (see `build.rs`).
static DIST: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../frontend/dist");

/// The page served in place of the app when the bundle was not built into this binary.
const NOT_BUILT_PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>FundLens 专项资金绩效看板</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.6">
<h1>FundLens 专项资金绩效看板</h1>
<p>前端尚未构建，请运行 <code>cargo xtask run</code>。</p>
<p>（这个程序编译时 <code>frontend/dist/</code> 还是空的；接口 <code>/api/…</code> 照常可用。）</p>
</body>
</html>
"#;

/// Cache rule of the hashed bundle files under `/pkg/`.
const CACHE_FOREVER: &str = "public, max-age=31536000, immutable";
/// Cache rule of everything else (`index.html` names the current bundle).
const CACHE_REVALIDATE: &str = "no-cache";

/// The `Content-Security-Policy` of every response: everything from this server only, no
/// framing, no plugins; scripts from `/pkg/` plus the inline loader of the embedded
/// `index.html` (allowed by its hash, so no other inline script runs) and WebAssembly
/// compilation; inline `style` attributes (the grade badges' colours) but no inline style
/// sheets.
pub(crate) fn content_security_policy() -> &'static str {
    static POLICY: LazyLock<String> =
        LazyLock::new(|| policy_for(DIST.get_file("index.html").map(File::contents)));
    &POLICY
}

fn policy_for(index: Option<&[u8]>) -> String {
    let html = index.map(String::from_utf8_lossy).unwrap_or_default();
    let hashes: String = inline_scripts(&html)
        .into_iter()
        .map(|script| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(script.as_bytes()))
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The texts of the `<script>` elements of `html` that have no `src`.
fn inline_scripts(html: &str) -> Vec<&str> {
    html.split("<script")
        .skip(1)
        .filter_map(|rest| {
            let (attributes, rest) = rest.split_once('>')?;
            let (text, _) = rest.split_once("</script>")?;
            (!attributes.contains("src=")).then_some(text)
        })
        .collect()
}

/// Serves the embedded frontend on every path given to it (it is one fallback handler).
///
/// Wire it in after the API, e.g. `api_router.merge(web_assets::router())` or
/// `.fallback_service(web_assets::router())`: requests the API does not match end up here.
pub(crate) fn router() -> Router {
    router_for(&DIST)
}

/// [`router`] over any bundle folder (the tests use a small one).
fn router_for(dist: &'static Dir<'static>) -> Router {
    Router::new().fallback(
        move |method: Method, uri: Uri, headers: HeaderMap| async move {
            serve(dist, &method, uri.path(), &headers)
        },
    )
}

/// The answer to one request for `path`.
fn serve(
    dist: &'static Dir<'static>,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Response {
    if path == "/api" || path.starts_with("/api/") {
        let body = serde_json::json!({ "error": format!("没有这个接口：{path}") }).to_string();
        return (
            StatusCode::NOT_FOUND,
            [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
            body,
        )
            .into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(ALLOW, HeaderValue::from_static("GET, HEAD"))],
        )
            .into_response();
    }
    let relative = path.trim_start_matches('/');
    if let Some(file) = (!relative.is_empty())
        .then(|| dist.get_file(relative))
        .flatten()
    {
        return file_response(dist, relative, file, headers);
    }
    if relative.starts_with("pkg/") {
        return (
            StatusCode::NOT_FOUND,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            )],
            format!("前端文件不存在：{path}"),
        )
            .into_response();
    }
    match dist.get_file("index.html") {
        Some(index) => file_response(dist, "index.html", index, headers),
        None => (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                ),
                (CACHE_CONTROL, HeaderValue::from_static(CACHE_REVALIDATE)),
            ],
            NOT_BUILT_PAGE,
        )
            .into_response(),
    }
}

/// One embedded file, in the first precompressed copy ([`PACKED`]) the browser accepts.
fn file_response(
    dist: &'static Dir<'static>,
    relative: &str,
    file: &'static File<'static>,
    request_headers: &HeaderMap,
) -> Response {
    let mut headers = HeaderMap::new();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(content_type(relative)),
    );
    let cache = if relative.starts_with("pkg/") {
        CACHE_FOREVER
    } else {
        CACHE_REVALIDATE
    };
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    let mut body = file.contents();
    let copies = PACKED.iter().filter_map(|&(suffix, coding)| {
        dist.get_file(format!("{relative}.{suffix}"))
            .map(|copy| (coding, copy))
    });
    let mut has_copies = false;
    for (coding, copy) in copies {
        has_copies = true;
        if accepts(request_headers, coding) {
            headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
            body = copy.contents();
            break;
        }
    }
    if has_copies {
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
    }
    (StatusCode::OK, headers, Body::from(body)).into_response()
}

/// The precompressed copies xtask writes beside a bundle file (file suffix, `Content-Encoding`),
/// the smallest first: brotli saves about a fifth over gzip on the wasm.
const PACKED: [(&str, &str); 2] = [("br", "br"), ("gz", "gzip")];

/// The `Content-Type` of a bundle file, by its extension.
fn content_type(relative: &str) -> &'static str {
    let extension = relative.rsplit_once('.').map_or("", |(_, ext)| ext);
    match extension {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "txt" => "text/plain; charset=utf-8",
        _ => mime_guess::from_ext(extension)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

/// Whether `Accept-Encoding` lists `coding` (or `*`) without `q=0`.
fn accepts(headers: &HeaderMap, coding: &str) -> bool {
    headers
        .get_all(axum::http::header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let listed = parts.next().unwrap_or_default();
            let refused = parts.any(|param| {
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            (listed.eq_ignore_ascii_case(coding) || listed == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::to_bytes;
    use axum::http::Request;
    use axum::http::header::ACCEPT_ENCODING;
    use include_dir::DirEntry;
    use tower::ServiceExt;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    const INDEX: &[u8] = b"<!doctype html><title>FundLens</title>";
    const WASM: &[u8] = b"\0asm\x01\0\0\0";

    /// A built bundle in miniature.
    static BUILT: Dir<'static> = Dir::new(
        "",
        &[
            DirEntry::File(File::new("index.html", INDEX)),
            DirEntry::Dir(Dir::new(
                "pkg",
                &[
                    DirEntry::File(File::new("pkg/fundlens-0123.js", b"export default 1;")),
                    DirEntry::File(File::new("pkg/fundlens-0123_bg.wasm", WASM)),
                    DirEntry::File(File::new("pkg/fundlens-0123_bg.wasm.gz", b"GZ")),
                    DirEntry::File(File::new("pkg/fundlens-0123_bg.wasm.br", b"BR")),
                ],
            )),
        ],
    );
    /// A clean clone: `build.rs` made the folder, nothing built it.
    static NOT_BUILT: Dir<'static> = Dir::new("", &[]);

    async fn get(
        dist: &'static Dir<'static>,
        path: &str,
        accept_encoding: Option<&str>,
    ) -> Result<(StatusCode, HeaderMap, Vec<u8>), Box<dyn std::error::Error>> {
        let mut request = Request::builder().uri(path);
        if let Some(coding) = accept_encoding {
            request = request.header(ACCEPT_ENCODING, coding);
        }
        let response = router_for(dist)
            .oneshot(request.body(Body::empty())?)
            .await?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), usize::MAX).await?;
        Ok((status, headers, body.to_vec()))
    }

    fn header(headers: &HeaderMap, name: axum::http::HeaderName) -> &str {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    #[tokio::test]
    async fn wasm_is_served_as_application_wasm_and_cached_for_good() -> TestResult {
        let (status, headers, body) = get(&BUILT, "/pkg/fundlens-0123_bg.wasm", None).await?;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, CONTENT_TYPE), "application/wasm");
        assert_eq!(header(&headers, CACHE_CONTROL), CACHE_FOREVER);
        assert_eq!(header(&headers, VARY), "accept-encoding");
        assert!(headers.get(CONTENT_ENCODING).is_none());
        assert_eq!(body, WASM);
        Ok(())
    }

    #[tokio::test]
    async fn the_smallest_copy_the_browser_accepts_is_sent() -> TestResult {
        let path = "/pkg/fundlens-0123_bg.wasm";
        for (accepted, coding, body_sent) in [
            ("gzip, deflate, br, zstd", "br", &b"BR"[..]),
            ("br;q=1.0, gzip;q=0.8", "br", b"BR"),
            ("gzip, deflate", "gzip", b"GZ"),
            ("br;q=0, gzip", "gzip", b"GZ"),
            ("br;q=0, gzip;q=0", "", WASM),
            ("identity", "", WASM),
        ] {
            let (_, headers, body) = get(&BUILT, path, Some(accepted)).await?;
            assert_eq!(header(&headers, CONTENT_ENCODING), coding, "{accepted}");
            assert_eq!(header(&headers, CONTENT_TYPE), "application/wasm");
            assert_eq!(header(&headers, VARY), "accept-encoding");
            assert_eq!(body, body_sent, "{accepted}");
        }
        Ok(())
    }

    #[tokio::test]
    async fn javascript_and_index_have_their_content_types() -> TestResult {
        let (status, headers, _) = get(&BUILT, "/pkg/fundlens-0123.js", None).await?;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            header(&headers, CONTENT_TYPE),
            "text/javascript; charset=utf-8"
        );
        let (status, headers, body) = get(&BUILT, "/", None).await?;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, CONTENT_TYPE), "text/html; charset=utf-8");
        assert_eq!(header(&headers, CACHE_CONTROL), CACHE_REVALIDATE);
        assert_eq!(body, INDEX);
        Ok(())
    }

    #[tokio::test]
    async fn client_routes_get_index_html() -> TestResult {
        for path in ["/funds/2023/3", "/compare?year=2024", "/pkg", "/index.html"] {
            let (status, headers, body) = get(&BUILT, path, None).await?;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert_eq!(header(&headers, CONTENT_TYPE), "text/html; charset=utf-8");
            assert_eq!(body, INDEX, "{path}");
        }
        Ok(())
    }

    #[tokio::test]
    async fn missing_bundle_files_and_api_paths_are_not_found() -> TestResult {
        let (status, _, _) = get(&BUILT, "/pkg/fundlens-old.js", None).await?;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, headers, body) = get(&BUILT, "/api/no-such-thing", None).await?;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(header(&headers, CONTENT_TYPE), "application/json");
        let error: serde_json::Value = serde_json::from_slice(&body)?;
        assert_eq!(error["error"], "没有这个接口：/api/no-such-thing");
        Ok(())
    }

    #[tokio::test]
    async fn other_methods_are_refused() -> TestResult {
        let request = Request::builder()
            .method(Method::POST)
            .uri("/")
            .body(Body::empty())?;
        let response = router_for(&BUILT).oneshot(request).await?;
        assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(header(response.headers(), ALLOW), "GET, HEAD");
        Ok(())
    }

    #[tokio::test]
    async fn unbuilt_bundle_says_how_to_build_it() -> TestResult {
        for path in ["/", "/funds/3"] {
            let (status, headers, body) = get(&NOT_BUILT, path, None).await?;
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert_eq!(header(&headers, CONTENT_TYPE), "text/html; charset=utf-8");
            let page = String::from_utf8(body)?;
            assert!(page.contains("前端尚未构建，请运行 <code>cargo xtask run</code>"));
        }
        Ok(())
    }

    #[test]
    fn the_policy_allows_exactly_the_inline_loader_by_its_hash() {
        let html = b"<script type=\"module\">import init from \"/pkg/a.js\";</script><script src=\"/pkg/b.js\"></script>";
        let policy = policy_for(Some(html));
        let loader = STANDARD.encode(Sha256::digest(b"import init from \"/pkg/a.js\";"));
        assert!(policy.contains(&format!("'sha256-{loader}'")));
        assert_eq!(policy.matches("'sha256-").count(), 1, "{policy}");
        assert!(policy.contains("frame-ancestors 'none'"));
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap_or_default();
        assert!(!scripts.contains("unsafe-inline"), "{scripts}");
        assert!(!policy_for(None).contains("sha256"));
    }

    /// The bundle really embedded in this build: built (every wasm is `application/wasm` and
    /// `/` is the app) or not built (`/` says how to build it).
    #[tokio::test]
    async fn embedded_bundle_is_served() -> TestResult {
        let (status, headers, body) = get(&DIST, "/", None).await?;
        if DIST.get_file("index.html").is_none() {
            assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(String::from_utf8(body)?.contains("cargo xtask run"));
            return Ok(());
        }
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header(&headers, CONTENT_TYPE), "text/html; charset=utf-8");
        let index = String::from_utf8(body)?;
        let wasm_files: Vec<&str> = DIST
            .get_dir("pkg")
            .into_iter()
            .flat_map(Dir::files)
            .filter_map(|file| file.path().to_str())
            .filter(|path| path.ends_with(".wasm"))
            .collect();
        assert!(!wasm_files.is_empty(), "the built bundle has no .wasm file");
        for wasm in wasm_files {
            assert!(
                index.contains(&format!("/{wasm}")),
                "index.html names {wasm}"
            );
            let (status, headers, body) = get(&DIST, &format!("/{wasm}"), None).await?;
            assert_eq!(status, StatusCode::OK);
            assert_eq!(header(&headers, CONTENT_TYPE), "application/wasm");
            assert!(body.starts_with(b"\0asm"), "{wasm} is WebAssembly");
        }
        Ok(())
    }
}
