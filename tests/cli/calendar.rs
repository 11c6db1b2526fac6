//! The working calendar through the binary: a year's days off, date arithmetic in working days, and
//! `upcoming --within` in working days — on the statute's rules, answered the same whatever today is.

use crate::harness::{Env, seed_plan};

#[test]
fn holidays_lists_the_days_off_of_a_year_with_why_and_from_what() {
    let env = Env::new();
    let r = env.plan(&["holidays", "2026", "--format", "tsv"]).ok();
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "on\tweekday\tholiday\tsource");
    assert_eq!(lines.len(), 13, "{}", r.stdout);
    assert!(lines.contains(
        &"2026-02-17\tTuesday\tLunar New Year (Tết)\tBộ luật Lao động 2019, Điều 111–112"
    ));
    assert!(lines.contains(
        &"2026-04-27\tMonday\tin place of Hùng Kings' Commemoration (on a weekly rest day)\tBộ luật Lao động 2019, Điều 111–112"
    ));
    let vi = env
        .plan(&["--lang", "vi", "holidays", "2026", "--format", "json"])
        .ok()
        .json();
    let first = &vi.as_array().unwrap()[0];
    assert_eq!(first["on"], "2026-01-01");
    assert_eq!(first["weekday"], "Thứ Năm");
    assert_eq!(first["holiday"], "Tết Dương lịch");
    // 1985: Vietnam's Tết on 21 January, a month before China's.
    let r = env.plan(&["holidays", "1985", "--format", "tsv"]).ok();
    assert!(
        r.stdout
            .contains("1985-01-21\tMonday\tLunar New Year (Tết)"),
        "{}",
        r.stdout
    );
    let r = env.plan(&["holidays", "3000"]).code(2);
    assert!(
        r.stderr.contains("outside the years plan computes"),
        "{}",
        r.stderr
    );
    assert!(
        !env.db().exists(),
        "no store is made for a question of the calendar"
    );
}

#[test]
fn days_counts_working_days_over_tet_and_calendar_days() {
    let env = Env::new();
    let r = env
        .plan(&["days", "13/2/2026", "+5wd", "--format", "tsv"])
        .ok();
    assert_eq!(
        r.stdout,
        "from\toffset\ton\tweekday\tkind\n2026-02-13\t+5wd\t2026-02-27\tFriday\ta working day\n"
    );
    let r = env
        .plan(&["days", "27/2/2026", "-5wd", "--format", "tsv"])
        .ok();
    assert!(r.stdout.contains("\t2026-02-13\t"), "{}", r.stdout);
    let r = env
        .plan(&["days", "16/4/2026", "+10d", "--format", "tsv"])
        .ok();
    assert!(
        r.stdout.contains("\t2026-04-26\tSunday\ta weekly rest day"),
        "{}",
        r.stdout
    );
    let r = env
        .plan(&["days", "16/4/2026", "+11", "--format", "tsv"])
        .ok();
    assert!(
        r.stdout.contains("\t2026-04-27\tMonday\ta day off"),
        "{}",
        r.stdout
    );
    for bad in ["5w", "+5 wd", "wd"] {
        let r = env.plan(&["days", "13/2/2026", bad]).code(2);
        assert!(r.stderr.contains("is no offset"), "{bad}: {}", r.stderr);
    }
    // Day first, always: 12/4/2022 is 12 April.
    let r = env
        .plan(&["days", "12/4/2022", "+0wd", "--format", "tsv"])
        .ok();
    assert!(r.stdout.contains("\t2022-04-12\tTuesday"), "{}", r.stdout);
    let r = env.plan(&["days", "31/2/2026", "+1wd"]).code(2);
    assert!(
        r.stderr.starts_with("plan: error: 31/2/2026"),
        "{}",
        r.stderr
    );
}

#[test]
fn upcoming_within_working_days() {
    let env = Env::new();
    env.plan(&["load", seed_plan().to_str().unwrap()]).ok();
    // From Wednesday 1/6/2022, 8 working days reach Monday 13/6: the report due before 11/6 is in; 5 (to
    // Wednesday 8/6) leave it out.
    let r = env
        .plan(&[
            "--as-of", "1/6/2022", "upcoming", "--within", "8wd", "--format", "tsv",
        ])
        .code(1);
    assert!(r.stdout.contains("III.3\tbao-cao-6-thang"), "{}", r.stdout);
    let r = env
        .plan(&[
            "--as-of", "1/6/2022", "upcoming", "--within", "8wd", "--format", "table",
        ])
        .code(1);
    assert!(
        r.stdout
            .contains("within 8 working days of 01/06/2022 (to 13/06/2022)"),
        "{}",
        r.stdout
    );
    let r = env
        .plan(&[
            "--as-of", "1/6/2022", "upcoming", "--within", "5wd", "--format", "tsv",
        ])
        .ok();
    assert!(!r.stdout.contains("III.3"), "{}", r.stdout);
}

const SCHEDULE: &str = r#"# The year's official schedule for civil servants, as its announcement gives it.
[[calendar]]
date = "8/2/2024"
kind = "off"
name = "Tết Âm lịch (29 Tết)"
source = "Thông báo lịch nghỉ Tết 2024 (kiểm thử)"

[[calendar]]
date = "15/2/2024"
kind = "work"
name = "đi làm: ngày nghỉ bù theo luật không áp dụng"
source = "Thông báo lịch nghỉ Tết 2024 (kiểm thử)"

[[calendar]]
date = "17/2/2024"
kind = "work"
name = "làm bù cho ngày 8/2"
source = "Thông báo lịch nghỉ Tết 2024 (kiểm thử)"
"#;

#[test]
fn the_year_s_official_schedule_comes_from_a_registry_file() {
    let env = Env::new();
    let file = env.write("plans/calendar.toml", SCHEDULE);
    let r = env.plan(&["load", file.to_str().unwrap()]).ok();
    assert!(
        r.stdout.contains("the official calendar of 3 days"),
        "{}",
        r.stdout
    );
    let r = env.plan(&["holidays", "2024", "--format", "tsv"]).ok();
    assert!(
        r.stdout.contains(
            "2024-02-08\tThursday\tTết Âm lịch (29 Tết)\tThông báo lịch nghỉ Tết 2024 (kiểm thử)"
        ),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("2024-02-15"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("2024-02-17\tSaturday\ta working day: làm bù cho ngày 8/2"),
        "{}",
        r.stdout
    );
    // Counting goes by it: from Wednesday 7/2, one working day is Thursday 15/2.
    let r = env
        .plan(&["days", "7/2/2024", "+1wd", "--format", "tsv"])
        .ok();
    assert!(
        r.stdout.contains("\t2024-02-15\tThursday\ta working day"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_schedule_entry_that_is_wrong_is_one_located_error() {
    let env = Env::new();
    let bad = SCHEDULE.replace(
        "kind = \"work\"\nname = \"làm bù",
        "kind = \"nghi\"\nname = \"làm bù",
    );
    let file = env.write("calendar.toml", &bad);
    let r = env.plan(&["validate", file.to_str().unwrap()]).code(2);
    assert!(
        r.stderr.contains(
            "calendar.toml:16:8: error: `kind` = \"nghi\" is neither \"off\" nor \"work\""
        ),
        "{}",
        r.stderr
    );
    let twice = format!(
        "{SCHEDULE}\n[[calendar]]\ndate = \"08/02/2024\"\nkind = \"off\"\nname = \"x\"\nsource = \"y\"\n"
    );
    let file = env.write("twice.toml", &twice);
    let r = env.plan(&["validate", file.to_str().unwrap()]).code(2);
    assert!(r.stderr.contains("twice.toml:21:8: error:"), "{}", r.stderr);
    // Refused whole: nothing of it is loaded.
    env.plan(&["load", file.to_str().unwrap()]).code(2);
    let r = env.plan(&["holidays", "2024", "--format", "tsv"]).ok();
    assert!(!r.stdout.contains("29 Tết"), "{}", r.stdout);
}
