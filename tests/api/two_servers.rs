//! Two `fundlens` servers on one PostgreSQL database behave as one: a session made on one is
//! honoured by the other, a write through one is read through the other at once (and moves the
//! data generation every server reads), the login throttle counts on both, and writers split
//! across both for [`SOAK`] lose nothing. Runs when the suite runs on PostgreSQL
//! (`FUNDLENS_TEST_POSTGRES`, as `cargo xtask test` does); on SQLite it says so and passes.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fundlens_shared::account::Role;
use fundlens_store::Store;
use fundlens_tests::{TestServer, account, generated, postgres_server};
use reqwest::Method;

/// How long the writers write.
const SOAK: Duration = Duration::from_secs(30);
/// Writers, alternating between the two servers.
const WRITERS: usize = 4;

fn generation(store: &Store) -> i64 {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(store.generation())
        .expect("generation")
}

fn open(server: &TestServer) -> Store {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(Store::open(&server.location))
        .expect("store")
}

#[test]
fn a_session_write_and_generation_on_one_server_hold_on_the_other() {
    if postgres_server().is_none() {
        eprintln!("FUNDLENS_TEST_POSTGRES is not set: two servers on one database need PostgreSQL");
        return;
    }
    let a = TestServer::start();
    let b = TestServer::start_at_location(a.location.clone());
    let observer = open(&a);
    let (name, password) = account(Role::Admin);
    let session = a.login(name, password);
    let (status, me) = b.as_session(&session, Method::GET, "/api/me", String::new());
    assert_eq!((status, me["account"]["name"].as_str()), (200, Some(name)));

    let before = generation(&observer);
    let record = generated("两台服务器专项资金", "赫山区", 2024, 100, 90, 95);
    let (status, body) = b.as_session(
        &session,
        Method::POST,
        "/api/evaluations",
        record.to_string(),
    );
    assert_eq!(status, 201, "{body}");
    let id = body["ids"][0].as_i64().expect("id");
    assert!(
        generation(&observer) > before,
        "B's write moved the generation A reads"
    );
    let (status, detail) = a.get(&format!("/api/evaluations/{id}"));
    assert_eq!(status, 200, "A reads B's write at once");
    assert_eq!(detail["record"]["program"]["name"], "两台服务器专项资金");
    let (_, catalogue) = a.get("/api/catalogue");
    let (_, other) = b.get("/api/catalogue");
    assert_eq!(
        catalogue, other,
        "both answer the same catalogue and data date"
    );

    let (status, _) = a.as_session(&session, Method::POST, "/api/logout", "{}".to_owned());
    assert_eq!(status, 204);
    let (_, me) = b.as_session(&session, Method::GET, "/api/me", String::new());
    assert!(
        me["account"].is_null(),
        "a logout on A ends the session on B"
    );

    // Failed sign-ins count on both servers: five on A, the sixth on B waits.
    let attempt = |server: &TestServer| {
        server
            .send_raw(
                Method::POST,
                "/api/login",
                &[("content-type", "application/json")],
                serde_json::json!({"name": "市领导", "password": "wrong"}).to_string(),
            )
            .0
    };
    for _ in 0..5 {
        assert_eq!(attempt(&a), 401);
    }
    assert_eq!(attempt(&b), 429, "B knows of A's failures");
}

#[test]
fn writers_split_across_two_servers_lose_nothing() {
    if postgres_server().is_none() {
        eprintln!("FUNDLENS_TEST_POSTGRES is not set: two servers on one database need PostgreSQL");
        return;
    }
    let a = Arc::new(TestServer::start());
    let b = Arc::new(TestServer::start_at_location(a.location.clone()));
    let before = a.query_count("SELECT count(*) FROM evaluations");
    let stored = Arc::new(AtomicU64::new(0));
    let ids = Arc::new(Mutex::new(Vec::new()));
    let deadline = Instant::now() + SOAK;
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let server = Arc::clone(if writer % 2 == 0 { &a } else { &b });
            let (stored, ids) = (Arc::clone(&stored), Arc::clone(&ids));
            std::thread::spawn(move || {
                let mut n = 0_u32;
                let mut busy = 0_u32;
                while Instant::now() < deadline {
                    let record = generated(
                        &format!("并发写入{writer}号专项{n}"),
                        "赫山区",
                        2024,
                        100,
                        80 + n % 20,
                        90,
                    );
                    let (status, body) =
                        server.post("/api/evaluations", "application/json", record.to_string());
                    match status {
                        201 => {
                            stored.fetch_add(1, Ordering::Relaxed);
                            ids.lock()
                                .expect("ids")
                                .push(body["ids"][0].as_i64().expect("id"));
                            n += 1;
                        }
                        // Busy: the same record again, later.
                        503 => busy += 1,
                        other => panic!("writer {writer}: {other} {body}"),
                    }
                }
                busy
            })
        })
        .collect();
    for writer in writers {
        writer.join().expect("writer");
    }
    let stored = i64::try_from(stored.load(Ordering::Relaxed)).expect("count");
    assert!(stored > 0, "some writes went through");
    let ids = ids.lock().expect("ids").clone();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "no id was given twice");
    assert_eq!(
        a.query_count("SELECT count(*) FROM evaluations"),
        before + stored,
        "every acknowledged write is stored, nothing more"
    );
    assert_eq!(
        a.query_count("SELECT count(*) FROM audit_log WHERE action = 'import'"),
        stored,
        "one audit entry per write"
    );
    let (_, health) = b.get("/api/health");
    assert_eq!(
        health["evaluations"].as_i64(),
        Some(before + stored),
        "the rollups agree"
    );
    let (_, audit) = a.as_role(
        Role::Admin,
        Method::GET,
        "/api/audit?limit=1",
        String::new(),
    );
    assert_eq!(
        audit["chain_intact"], true,
        "the hash chain held across both servers"
    );
}
