//! One suite of store tests, written against the store's API only, run against every backend: each backend
//! instantiates [`store_suite!`] with a way to make an empty store of its own (as taskchampion's storage
//! tests do). What a backend must keep is said once, here.

/// The plan the suite loads: two tasks, one with a deadline.
pub const PLAN: &str = r#"
[plan]
id = "suite"
title = "Kế hoạch thử"
issuer = "Sở Thử nghiệm"
year = 2022

[[units]]
id = "hcth"
name = "Phòng Hành chính - Tổng hợp"

[[tasks]]
id = "1"
title = "Báo cáo"
text = "Gửi báo cáo trước ngày 12/4/2022."
lead = ["hcth"]

[[tasks.deadlines]]
key = "bao-cao"
rule = "before"
due = "12/4/2022"
wording = "trước ngày 12/4/2022"

[[tasks]]
id = "2"
title = "Thường xuyên"
text = "Thực hiện thường xuyên."
lead = ["hcth"]
"#;

/// A new, empty PostgreSQL store for one test: a database of its own on the server `PLAN_TEST_POSTGRES`
/// names (an administrator's URL); `None`, with the reason printed, when no server is named — and a failure
/// under `CI=true`, where the server must be there.
pub fn postgres(_: &std::path::Path) -> Option<crate::store::Result<crate::store::Store>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let Ok(admin) = std::env::var("PLAN_TEST_POSTGRES") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true: PLAN_TEST_POSTGRES must name a PostgreSQL server (.ci/run starts one)"
        );
        eprintln!("skipped: PLAN_TEST_POSTGRES names no PostgreSQL server to test against");
        return None;
    };
    let name = format!(
        "plan_suite_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    );
    let mut client = ::postgres::Client::connect(&admin, ::postgres::NoTls)
        .expect("PLAN_TEST_POSTGRES names a server that accepts the connection");
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        client
            .batch_execute(&sql)
            .expect("the test role may create databases");
    }
    let mut server = crate::store::Server::parse(&admin, &crate::store::LibpqEnv::default())
        .expect("PLAN_TEST_POSTGRES is a postgresql:// URL");
    server.dbname = name;
    Some(crate::store::Store::open_write(
        &crate::store::Location::Server(Box::new(server)),
    ))
}

/// Makes the tests of the suite for one backend: `$open` is an expression of type
/// `fn(&std::path::Path) -> Option<Result<Store>>` that makes (or opens) a store for writing in the given
/// folder, or says why this backend cannot be tested here (`None`: the test is skipped).
macro_rules! store_suite {
    ($backend:ident, $open:expr) => {
        mod $backend {
            use crate::domain::EventKind;
            use crate::store::{Loaded, NewEvent, SourceFile, StatusQuery, Store, StoreError};
            use chrono::NaiveDate;

            fn open(dir: &std::path::Path) -> Option<Store> {
                let open: fn(&std::path::Path) -> Option<crate::store::Result<Store>> = $open;
                open(dir).map(|s| s.expect("a new store opens"))
            }

            fn load(store: &Store, dir: &std::path::Path, text: &str) -> Vec<Loaded> {
                let path = dir.join("suite.toml");
                std::fs::write(&path, text).unwrap();
                let (file, diags) = crate::planfile::check_bytes(&path, text.as_bytes());
                let file = file.unwrap_or_else(|| panic!("the suite's plan is valid: {diags:?}"));
                let tx = store.begin_load().unwrap();
                let out = tx
                    .apply(
                        &[SourceFile {
                            file,
                            size: text.len() as i64,
                            mtime: 0,
                        }],
                        &crate::store::Loader {
                            at: "2022-01-01T00:00:00+07:00",
                            by: "suite",
                        },
                        &Default::default(),
                    )
                    .unwrap();
                tx.commit().unwrap();
                out.into_iter().map(|o| o.loaded).collect()
            }

            fn day(d: u32, m: u32) -> NaiveDate {
                NaiveDate::from_ymd_opt(2022, m, d).unwrap()
            }

            fn event(
                store: &mut Store,
                kind: EventKind,
                on: NaiveDate,
            ) -> crate::store::Result<i64> {
                let task = store.find_task("suite/1")?;
                store.append(NewEvent {
                    task_rid: task.rid,
                    deadline: Some("bao-cao".into()),
                    period: None,
                    kind,
                    on,
                    by: None,
                    progress: None,
                    note: None,
                    evidence: Some("CV 1/HCTH".into()),
                    retracts: None,
                    member: None,
                    recorded_at: "2022-04-10T08:00:00+07:00".into(),
                })
            }

            fn rows(store: &Store) -> Vec<crate::store::StatusRow> {
                let q = StatusQuery {
                    plan: Some("suite"),
                    task: None,
                    units: None,
                    to: None,
                    overdue_on: None,
                    first_only: false,
                };
                let mut out = Vec::new();
                store
                    .each_status_row::<StoreError>(&q, |r| {
                        out.push(r);
                        Ok(true)
                    })
                    .unwrap();
                out
            }

            #[test]
            fn a_plan_loads_once_and_again_unchanged() {
                let dir = tempfile::tempdir().unwrap();
                let Some(store) = open(dir.path()) else {
                    return;
                };
                assert_eq!(
                    load(&store, dir.path(), crate::store::suite::PLAN),
                    [Loaded::Added]
                );
                assert_eq!(
                    load(&store, dir.path(), crate::store::suite::PLAN),
                    [Loaded::Unchanged]
                );
                let plans = store.plans().unwrap();
                assert_eq!((plans.len(), plans[0].tasks), (1, 2));
                let r = rows(&store);
                assert_eq!(r.len(), 2);
                assert_eq!(r[0].deadline.as_deref(), Some("bao-cao"));
                assert!(r[1].deadline.is_none(), "the ongoing task has no deadline");
            }

            #[test]
            fn events_are_appended_in_order_and_fold_into_progress() {
                let dir = tempfile::tempdir().unwrap();
                let Some(mut store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                let first = event(&mut store, EventKind::Done, day(10, 4)).unwrap();
                let second = event(&mut store, EventKind::Reopen, day(11, 4)).unwrap();
                assert!(second > first);
                let history = store.history(Some("suite"), None).unwrap();
                assert_eq!(
                    history.iter().map(|h| h.id).collect::<Vec<_>>(),
                    [first, second]
                );
                let row = &rows(&store)[0];
                let stored = row.stored.as_ref().expect("a summary of the events");
                assert_eq!((stored.first_on, stored.last_on), (day(10, 4), day(11, 4)));
                let done = |d| stored.as_of(d).map(|p| p.done_on);
                assert_eq!(
                    done(day(12, 4)),
                    Some(None),
                    "reopened on 11/4: not done after it"
                );
                assert_eq!(
                    done(day(9, 4)),
                    Some(None),
                    "nothing before the first event"
                );
            }

            #[test]
            fn a_task_that_is_not_there_is_not_found() {
                let dir = tempfile::tempdir().unwrap();
                let Some(store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                assert!(matches!(
                    store.find_task("suite/9"),
                    Err(StoreError::NotFound { plan: Some(_), .. })
                ));
            }

            #[test]
            fn a_retraction_follows_the_rules_of_the_history_and_a_refused_one_writes_nothing() {
                let dir = tempfile::tempdir().unwrap();
                let Some(mut store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                let done = event(&mut store, EventKind::Done, day(10, 4)).unwrap();
                let mut retract = |target| {
                    let task = store.find_task("suite/1").unwrap();
                    store.append(NewEvent {
                        task_rid: task.rid,
                        deadline: None,
                        period: None,
                        kind: EventKind::Retract,
                        on: day(11, 4),
                        by: None,
                        progress: None,
                        note: None,
                        evidence: None,
                        retracts: Some(target),
                        member: None,
                        recorded_at: "2022-04-11T08:00:00+07:00".into(),
                    })
                };
                let r = retract(done).unwrap();
                assert!(matches!(
                    retract(r),
                    Err(StoreError::Refused(
                        crate::store::Refusal::RetractsARetraction(_)
                    ))
                ));
                assert!(matches!(
                    retract(done),
                    Err(StoreError::Refused(
                        crate::store::Refusal::AlreadyRetracted(_)
                    ))
                ));
                assert!(matches!(
                    retract(done + 100),
                    Err(StoreError::Refused(crate::store::Refusal::NoEvent(_)))
                ));
                assert_eq!(store.history(None, None).unwrap().len(), 2);
                let stored = rows(&store)[0].stored.clone().expect("a summary");
                assert_eq!(
                    stored.progress.done_on, None,
                    "the retracted done counts no more"
                );
                assert!(store.check().unwrap().problems.is_empty());
            }

            #[test]
            fn a_renamed_deadline_keeps_its_history_and_a_dropped_one_is_refused() {
                let dir = tempfile::tempdir().unwrap();
                let Some(mut store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                event(&mut store, EventKind::Done, day(10, 4)).unwrap();
                let renamed = crate::store::suite::PLAN.replace(
                    "key = \"bao-cao\"",
                    "key = \"bao-cao-quy\"\nrenamed_from = \"bao-cao\"",
                );
                assert!(matches!(
                    load(&store, dir.path(), &renamed)[..],
                    [Loaded::Updated { .. }]
                ));
                let row = &rows(&store)[0];
                assert_eq!(row.deadline.as_deref(), Some("bao-cao-quy"));
                assert_eq!(row.history_key(), Some("bao-cao"));
                assert!(
                    row.stored
                        .as_ref()
                        .and_then(|s| s.progress.done_on)
                        .is_some()
                );
                let dropped =
                    crate::store::suite::PLAN.replace("key = \"bao-cao\"", "key = \"khac\"");
                let path = dir.path().join("suite.toml");
                std::fs::write(&path, &dropped).unwrap();
                let (file, _) = crate::planfile::check_bytes(&path, dropped.as_bytes());
                let tx = store.begin_load().unwrap();
                let refused = tx.apply(
                    &[SourceFile {
                        file: file.unwrap(),
                        size: 1,
                        mtime: 1,
                    }],
                    &crate::store::Loader {
                        at: "2022-04-12T08:00:00+07:00",
                        by: "suite",
                    },
                    &Default::default(),
                );
                assert!(matches!(
                    refused,
                    Err(StoreError::Refused(
                        crate::store::Refusal::KeyOfAnother { .. }
                            | crate::store::Refusal::DeadlineDropped { .. }
                    ))
                ));
                drop(tx);
                assert_eq!(rows(&store)[0].deadline.as_deref(), Some("bao-cao-quy"));
            }

            #[test]
            fn a_copy_into_an_empty_sqlite_store_holds_the_same_history() {
                let dir = tempfile::tempdir().unwrap();
                let Some(mut store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                event(&mut store, EventKind::Done, day(10, 4)).unwrap();
                event(&mut store, EventKind::Reopen, day(11, 4)).unwrap();
                let copy = dir.path().join("copy.db");
                std::fs::write(&copy, b"").unwrap();
                store
                    .backup_into(&copy, Some("2022-04-12T08:00:00+07:00"))
                    .unwrap();
                let copied = Store::open_copy(&copy).unwrap();
                let (a, b) = (store.check().unwrap(), copied.check().unwrap());
                assert!(b.problems.is_empty(), "{:?}", b.problems);
                assert_eq!((a.events, &a.head), (b.events, &b.head));
                assert!(copied.snapshot().unwrap().is_some());
                let into =
                    Store::open_write(&crate::store::Location::File(dir.path().join("into.db")))
                        .unwrap();
                load(&into, dir.path(), crate::store::suite::PLAN);
                assert!(matches!(
                    store.copy_into(&into),
                    Err(StoreError::Refused(crate::store::Refusal::NotEmpty(_)))
                ));
            }

            #[test]
            fn the_history_checks_out() {
                let dir = tempfile::tempdir().unwrap();
                let Some(mut store) = open(dir.path()) else {
                    return;
                };
                load(&store, dir.path(), crate::store::suite::PLAN);
                event(&mut store, EventKind::Done, day(10, 4)).unwrap();
                let report = store.check().unwrap();
                assert!(report.problems.is_empty(), "{:?}", report.problems);
                assert_eq!(report.events, 1);
                assert!(report.head.is_some());
            }
        }
    };
}

pub(crate) use store_suite;
