//! Issue 3: the citation registry, Vietnamese document numbers, accent-free matching and Vietnamese output.

use crate::harness::{Env, copy_into, repo, seed_plan};
use serde_json::Value;

/// A workspace with the seed plan and the shared document registry loaded.
fn env() -> Env {
    let env = Env::new();
    copy_into(&seed_plan(), &env.path("plans/seed.toml"));
    copy_into(
        &repo().join("plans/documents.toml"),
        &env.path("plans/documents.toml"),
    );
    let r = env.plan(&["load", "plans"]).ok();
    assert!(
        r.stdout
            .contains("plans/documents.toml: added — registry of 2 documents"),
        "{}",
        r.stdout
    );
    env
}

fn column(v: &Value, key: &str) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r[key].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn refs_lists_the_twenty_documents_the_seed_cites_with_their_dates() {
    let env = env();
    let v = env
        .plan(&["refs", "--format", "json", "--as-of", "12/6/2022"])
        .ok()
        .json();
    let mut got: Vec<(String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_str().unwrap().into(),
                r["date"].as_str().unwrap_or("-").into(),
            )
        })
        .collect();
    got.sort();
    let expected = crate::harness::seed_references();
    assert_eq!(got, expected);
    let first = &v[0];
    for key in [
        "number", "key", "kind", "date", "issuer", "system", "year", "effect", "cited_by", "tasks",
        "plans",
    ] {
        assert!(first.get(key).is_some(), "refs JSON lacks `{key}`");
    }
    let by_number = |n: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|r| r["number"] == n)
            .unwrap()
            .clone()
    };
    let odd = by_number("436-QĐ-UBND");
    assert_eq!(
        (odd["key"].as_str(), odd["system"].as_str()),
        (Some("436/QD-UBND"), Some("state"))
    );
    let party = by_number("31-CTr/BDVTU-BCSĐUBND");
    assert_eq!(party["system"], "party");
    assert_eq!(by_number("04/2015/NĐ-CP")["year"], 2015);
    assert_eq!(
        by_number("53/KH-UBND")["cited_by"],
        serde_json::json!(["2022-skhcn-dan-chu-co-so"])
    );
    assert_eq!(by_number("114-KL/TW")["tasks"], 2);
}

#[test]
fn one_document_by_any_spelling_with_every_task_citing_it() {
    let env = env();
    let v = env
        .plan(&["refs", "114-KL/TW", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        v["cited_by"],
        serde_json::json!([
            "2022-skhcn-dan-chu-co-so/II.1",
            "2022-skhcn-dan-chu-co-so/II.11"
        ])
    );
    assert_eq!(v["kind"], "Kết luận");
    assert_eq!(v["issuer"], "Ban Bí thư");
    assert_eq!(v["date"], "2015-07-14");
    let tsv = env.plan(&["refs", "114-KL/TW"]).ok();
    assert_eq!(
        tsv.stdout
            .lines()
            .map(|l| l.split('\t').nth(4).unwrap())
            .collect::<Vec<_>>(),
        ["task", "II.1", "II.11"]
    );
    for spelling in [
        "số 436/QĐ-UBND",
        "436/QD-UBND",
        "Số: 436 - QĐ - UBND",
        "04/2015/ND-CP",
        "53/kh-ubnd",
        "31-CTr/BCSĐUBND-BDVTU",
        " 08 - CT/TU",
        "số số 737/QĐ-UBND",
    ] {
        let r = env.plan(&["refs", spelling, "--format", "json"]).ok();
        assert!(r.json()["number"].is_string(), "{spelling} found nothing");
    }
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("396-QĐ/TU").collect();
    assert_eq!(
        env.plan(&["refs", &nfd, "--format", "json"]).ok().json()["number"],
        "396-QĐ/TU"
    );
    let none = env.plan(&["refs", "999/KH-UBND"]).code(2);
    assert_eq!(
        none.stderr,
        "plan: error: no loaded plan cites `999/KH-UBND` — see the cited documents with: plan refs\n"
    );
}

#[test]
fn refs_filters() {
    let env = env();
    let count = |args: &[&str]| {
        let mut all = vec!["refs", "--format", "json"];
        all.extend_from_slice(args);
        env.plan(&all).ok().json().as_array().unwrap().len()
    };
    assert_eq!(count(&["--kind", "nghi dinh"]), 3);
    assert_eq!(count(&["--kind", "KH"]), 4);
    assert_eq!(count(&["--issuer", "thu tuong"]), 2);
    assert_eq!(count(&["--issuer", "Ban Thường vụ Tỉnh ủy"]), 4);
    assert_eq!(count(&["--year", "2015"]), 2);
    assert_eq!(count(&["--plan", "2022-skhcn-dan-chu-co-so"]), 20);
}

#[test]
fn check_flags_the_ordinance_once_the_law_replaces_it() {
    let env = env();
    let before = env
        .plan(&["refs", "--check", "--as-of", "30/6/2023"])
        .code(0);
    assert_eq!(before.stdout, "");
    let after = env
        .plan(&["refs", "--check", "--as-of", "1/7/2023", "--format", "json"])
        .code(1)
        .json();
    assert_eq!(
        after,
        serde_json::json!([{
            "plan": "2022-skhcn-dan-chu-co-so",
            "task": "II.1",
            "number": "34/2007/PL-UBTVQH11",
            "problem": "ceased",
            "detail": "Pháp lệnh 34/2007/PL-UBTVQH11 ceased to have effect on 01/07/2023, replaced by 10/2022/QH15"
        }])
    );
    let one = env
        .plan(&[
            "refs",
            "34/2007/PL-UBTVQH11",
            "--as-of",
            "1/7/2023",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(one["effect"], "ceased");
    assert_eq!(one["registry"]["ceased_by"], "10/2022/QH15");
}

#[test]
fn check_finds_numbers_named_in_wording_but_not_listed() {
    let env = Env::new();
    let text = std::fs::read_to_string(seed_plan())
        .unwrap()
        .replace("references = [\"85-KH/TU\"]", "references = []")
        .replace(
            "Nghị định số 159/2016/NĐ-CP",
            "Nghị định số 159/2016/NĐ-CP, Quyết định số 12/2020/QĐ-UBND",
        );
    env.write("plans/seed.toml", &text);
    env.plan(&["load", "plans"]).ok();
    let v = env
        .plan(&["refs", "--check", "--format", "json", "--as-of", "1/1/2023"])
        .code(1)
        .json();
    let found: Vec<(String, String, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["task"].as_str().unwrap().into(),
                r["number"].as_str().unwrap().into(),
                r["problem"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "II.1".to_string(),
                "12/2020/QĐ-UBND".to_string(),
                "missing_from_plan".to_string()
            ),
            (
                "II.4".to_string(),
                "85-KH/TU".to_string(),
                "not_listed".to_string()
            ),
        ]
    );
}

#[test]
fn a_reference_whose_kind_disagrees_with_its_code_is_a_warning() {
    let env = Env::new();
    let text = std::fs::read_to_string(repo().join("tests/fixtures/valid-minimal.toml"))
        .unwrap()
        .replace("kind = \"Kế hoạch\"", "kind = \"Chỉ thị\"");
    env.write("k.toml", &text);
    let r = env.plan(&["validate", "k.toml"]).ok();
    assert_eq!(
        r.stderr,
        "k.toml:13:8: warning: kind \"Chỉ thị\" disagrees with the type code KH of 53/KH-UBND (Kế hoạch) — check the kind and the number against the document\n"
    );
    let reg = env.write(
        "documents.toml",
        "[[documents]]\nnumber = \"10/2022/QH15\"\nin_force_from = \"1/7/2023\"\n",
    );
    let r = env.plan(&["validate", reg.to_str().unwrap()]).code(2);
    assert!(
        r.stderr
            .contains(":1:1: error: an effect date without `source` — add source = "),
        "{}",
        r.stderr
    );
}

#[test]
fn accent_free_matching_everywhere() {
    let env = env();
    let f = env
        .plan(&["find", "dan van kheo", "--format", "json"])
        .ok()
        .json();
    let tasks: Vec<String> = column(&f, "task");
    assert!(
        tasks.contains(&"II.3".to_string()) && tasks.contains(&"III.2".to_string()),
        "{tasks:?}"
    );
    let m = f
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "II.3" && r["field"] == "text")
        .unwrap();
    assert!(
        m["match"].as_str().unwrap().contains("“Dân vận khéo”"),
        "{m}"
    );
    let d = env
        .plan(&["find", "doi thoai truc tiep", "--format", "json"])
        .ok()
        .json();
    let mut tasks = column(&d, "task");
    tasks.dedup();
    // II.7 writes "đối thoại, tiếp xúc trực tiếp": every word, near each other.
    assert_eq!(tasks, ["II.4", "II.6", "II.7"]);
    let by_number = env
        .plan(&["find", "436/QD-UBND", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        column(&by_number, "task").first().map(String::as_str),
        Some("II.10")
    );
    env.plan(&["find", "không có gì như thế này"]).code(1);
    let s = env
        .plan(&[
            "status",
            "--unit",
            "hanh chinh",
            "--as-of",
            "12/6/2022",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert!(column(&s, "task").contains(&"III.4".to_string()));
    let s = env
        .plan(&[
            "status",
            "--unit",
            "ĐOÀN",
            "--as-of",
            "12/6/2022",
            "--format",
            "json",
        ])
        .code(2);
    assert!(s.stderr.contains("matches several units"), "{}", s.stderr);
}

#[test]
fn nfd_files_load_as_nfc() {
    let env = Env::new();
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd(
        std::fs::read_to_string(seed_plan()).unwrap().as_str(),
    )
    .collect();
    env.write("plans/seed.toml", &nfd);
    env.plan(&["load", "plans"]).ok();
    let t = env
        .plan(&["show", "III.2", "--format", "json", "--as-of", "1/4/2022"])
        .ok()
        .json();
    assert!(
        t["title"]
            .as_str()
            .unwrap()
            .contains("Đăng ký, nhân rộng mô hình “Dân vận khéo”")
    );
    env.plan(&["refs", "396-QĐ/TU"]).ok();
}

#[test]
fn units_sort_in_vietnamese_order() {
    let env = env();
    let u = env.plan(&["units", "--format", "json"]).ok().json();
    let names = column(&u, "name");
    assert_eq!(
        names.first().map(String::as_str),
        Some("Ban Biên tập Trang thông tin điện tử Sở")
    );
    let pos = |n: &str| names.iter().position(|x| x == n).unwrap();
    assert!(pos("Công đoàn cơ sở Sở Khoa học và Công nghệ") < pos("Lãnh đạo Sở"));
    assert!(pos("Sở Nội vụ") < pos("Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ"));
    assert!(
        pos("Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ")
            < pos("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh")
    );
    assert!(pos("Ủy ban nhân dân tỉnh") < pos("Văn thư"));
    let hcth = u
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["unit"] == "hcth")
        .unwrap();
    assert_eq!(
        (hcth["leads"].as_i64(), hcth["supports"].as_i64()),
        (Some(1), Some(1))
    );
}

#[test]
fn evidence_is_parsed_into_its_parts() {
    let env = env();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--evidence",
        "Báo cáo số 45/BC-TTUD ngày 10/6/2022",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let h = env.plan(&["history", "--format", "json"]).ok().json();
    assert_eq!(h[0]["evidence"], "Báo cáo số 45/BC-TTUD ngày 10/6/2022");
    assert_eq!(h[0]["evidence_number"], "45/BC-TTUD");
    assert_eq!(h[0]["evidence_kind"], "Báo cáo");
    assert_eq!(h[0]["evidence_issuer"], serde_json::json!(["TTUD"]));
    assert_eq!(h[0]["evidence_date"], "2022-06-10");
}

#[test]
fn vietnamese_output() {
    let env = env();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let t = env
        .plan(&[
            "status",
            "--lang",
            "vi",
            "--unit",
            "ttud",
            "--as-of",
            "12/6/2022",
            "--format",
            "table",
        ])
        .ok();
    crate::harness::assert_snapshot("status-vi.txt", &t.stdout);
    let json = env
        .plan(&[
            "status",
            "--lang",
            "vi",
            "--unit",
            "ttud",
            "--as-of",
            "12/6/2022",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(
        json[0]["state"], "done_on_time",
        "JSON keeps stable names in every language"
    );
    assert_eq!(json[0]["due"], "2022-06-11");
    let mut by_locale = env.command(&["overdue", "--as-of", "12/6/2022", "--format", "table"]);
    by_locale.env("LANG", "vi_VN.UTF-8");
    let out = by_locale.output().unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains("Quá hạn"));
    let help = env.plan(&["--lang", "vi", "--help"]).ok();
    assert!(
        help.stdout
            .contains("Theo dõi kế hoạch của cơ quan nhà nước"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout
            .contains("Các thời hạn đã quá mà chưa hoàn thành")
    );
    let err = env
        .plan(&[
            "--lang",
            "vi",
            "status",
            "--plan",
            "khong-co",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert_eq!(
        err.stderr,
        "plan: lỗi: chưa nạp kế hoạch `khong-co` — các kế hoạch đã nạp: 2022-skhcn-dan-chu-co-so\n"
    );
    copy_into(
        &repo().join("tests/fixtures/invalid/unknown-key.toml"),
        &env.path("invalid/unknown-key.toml"),
    );
    let invalid = env
        .plan(&["--lang", "vi", "validate", "invalid/unknown-key.toml"])
        .code(2);
    assert_eq!(
        invalid.stderr,
        "invalid/unknown-key.toml:26:1: lỗi: khóa `dew` không hợp lệ trong [[tasks.deadlines]] — có phải là `due`? Các khóa được dùng ở đây: key, due, rule, wording, every, from, until, day, month, amended, renamed_from, withdrawn, event, offset, rest_day\n\
         plan: lỗi: 1 lỗi và 0 cảnh báo trong 1 tệp\n"
    );
    let refused = env
        .plan(&[
            "--lang",
            "vi",
            "record",
            "III.3",
            "--done",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert_eq!(
        refused.stderr,
        "plan: lỗi: 2022-skhcn-dan-chu-co-so/III.3 có 2 thời hạn — hãy chỉ rõ bằng --deadline KHÓA hoặc --deadline NGÀY: \
         bao-cao-6-thang (trước ngày 11/06/2022), bao-cao-nam (trước ngày 11/11/2022)\n"
    );
}

/// Issue 12: a citation pasted from a text finds its document, whatever surrounds the number.
#[test]
fn a_citation_as_texts_write_it_finds_the_document() {
    let env = Env::seeded();
    for (pasted, key) in [
        ("Quyết định số 436-QĐ-UBND", "436/QD-UBND"),
        ("Kết luận số 114-KL/TW", "114-KL/TW"),
        ("Pháp lệnh số 34/2007/PL-UBTVQH11", "34/2007/PL-UBTVQH11"),
        ("Kế hoạch số 53/KH-UBND", "53/KH-UBND"),
        ("53/KH-UBND ngày 23/3/2022", "53/KH-UBND"),
        (
            "“Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh”;",
            "53/KH-UBND",
        ),
        (
            "Kế hoạch số: 53/KH-UBND, ngày 23 tháng 3 năm 2022",
            "53/KH-UBND",
        ),
        ("QĐ số 436/QĐ-UBND", "436/QD-UBND"),
        ("(Chỉ thị số 08-CT/TU)", "8-CT/TU"),
        ("Nghị định 04/2015/NĐ-CP của Chính phủ", "4/2015/ND-CP"),
        ("số 436/QĐ-UBND", "436/QD-UBND"),
    ] {
        let r = env.plan(&["refs", pasted, "--format", "json"]);
        assert_eq!(r.code, 0, "{pasted}: {}", r.stderr);
        assert_eq!(r.json()["key"], key, "{pasted}");
        assert_eq!(
            r.stderr, "",
            "{pasted}: agrees with the plans, so nothing to say"
        );
    }
    // A kind or date that contradicts what the plans cite is said, and the document still shown.
    let r = env.plan(&["refs", "Quyết định số 53/KH-UBND"]).ok();
    assert_eq!(
        r.stderr,
        "plan: note: the plans cite 53/KH-UBND as a Kế hoạch, not a Quyết định\n"
    );
    assert!(r.stdout.contains("53/KH-UBND"));
    let r = env.plan(&["refs", "53/KH-UBND ngày 24/3/2022"]).ok();
    assert_eq!(
        r.stderr,
        "plan: note: the plans cite 53/KH-UBND dated 23/03/2022, not 24/03/2022\n"
    );
    env.plan(&["refs", "Kế hoạch số 999/KH-UBND"]).code(2);
}

/// Issue 12: an objective citing a document is shown by its first words, not an empty title.
#[test]
fn an_objective_citing_a_document_has_a_title() {
    let env = Env::seeded();
    let r = env.plan(&["refs", "707-KL/TU"]).ok();
    assert!(
        r.stdout.contains(
            "\tI.1\t(objective) Tăng cường công tác lãnh đạo, chỉ đạo và triển khai thực …"
        ),
        "{}",
        r.stdout
    );
}

/// Issue 12: find matches every word in any order, whole phrases first, in everything a plan holds.
#[test]
fn find_matches_every_word_everywhere_a_plan_holds_text() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "II.1",
        "--done",
        "--as-of",
        "1/5/2022",
        "--note",
        "đã quán triệt toàn Sở",
        "--evidence",
        "Công văn số 12/SKHCN-HCTH",
    ])
    .ok();
    let found = |q: &str| -> Vec<(String, String)> {
        let r = env.plan(&["find", q, "--format", "json"]);
        assert_eq!(r.code, 0, "{q}: {}", r.stderr);
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .map(|h| {
                (
                    h["task"].as_str().unwrap().to_string(),
                    h["field"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |t: &str, f: &str| (t.to_string(), f.to_string());
    // The query: the words are apart in II.8, which ranks before a text where they are far apart.
    let hits = found("bao cao quy");
    assert_eq!(hits[0], pair("II.8", "title"), "{hits:?}");
    assert!(hits.contains(&pair("II.8", "text")));
    // "hàng quý báo cáo" of II.8's text is this order's phrase.
    assert_eq!(found("quý báo cáo")[0], pair("II.8", "text"), "any order");
    assert_eq!(
        found("BÁO CÁO, hàng quý!")[0],
        pair("II.8", "title"),
        "case and punctuation"
    );
    // A whole phrase ranks first.
    let hits = found("dan van kheo");
    assert!(
        hits.iter()
            .take(4)
            .all(|(_, f)| f == "title" || f == "text"),
        "{hits:?}"
    );
    // Objectives, preamble, references, notes and evidence.
    assert_eq!(found("707-KL/TU"), vec![pair("I.1", "objective")]);
    assert_eq!(found("869-CV/TU"), vec![pair("", "preamble")]);
    assert_eq!(found("quan triet toan so")[0], pair("II.1", "note"));
    assert_eq!(found("12/SKHCN-HCTH"), vec![pair("II.1", "evidence")]);
    env.plan(&["find", "bao cao khong co"]).code(1);
    env.plan(&["find", "- ; ,"]).code(1);
}

/// Issue 12: --unit matches a unit's words, without regard to punctuation, diacritics or case.
#[test]
fn a_unit_is_found_by_its_words() {
    let env = Env::seeded();
    let tasks = |unit: &str| -> String {
        let r = env.plan(&["status", "--unit", unit, "--as-of", "1/5/2022"]);
        assert!(r.code <= 1, "{unit}: {}", r.stderr);
        r.stdout
    };
    let by_id = tasks("hcth");
    for unit in [
        "hanh chinh tong hop",
        "hành chính tổng hợp",
        "Hành chính - Tổng hợp",
        "phong hanh chinh-tong hop",
        "tổng hợp hành chính",
    ] {
        assert_eq!(tasks(unit), by_id, "{unit}");
    }
    let r = env.plan(&["status", "--unit", "phong"]).code(2);
    assert!(r.stderr.contains("matches several units"), "{}", r.stderr);
}
