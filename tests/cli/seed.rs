//! The bundled plan encodes the seed document exactly: checked against the text itself, through the CLI.

use crate::harness::{Env, repo};
use serde_json::Value;

/// The seed text with every run of white space folded to one space (the PDF wraps lines anywhere).
fn seed_text() -> String {
    let raw = std::fs::read_to_string(repo().join("tests/fixtures/seed-2022-skhcn.txt")).unwrap();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every token of the text that looks like a document number: digits, then `-` or `/`, then a symbol.
fn numbers_in_text(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in text.split([' ', ';', ',', '(', ')']) {
        let t = token.trim_end_matches(['.', ':']);
        let starts_digit = t.chars().next().is_some_and(|c| c.is_ascii_digit());
        let has_symbol = t.chars().any(|c| c.is_uppercase());
        if starts_digit
            && has_symbol
            && (t.contains('/') || t.contains('-'))
            && !out.contains(&t.to_string())
        {
            out.push(t.to_string());
        }
    }
    out
}

fn dmy(iso: &str) -> (u32, u32, i32) {
    let p: Vec<&str> = iso.split('-').collect();
    (
        p[2].parse().unwrap(),
        p[1].parse().unwrap(),
        p[0].parse().unwrap(),
    )
}

#[test]
fn references_are_the_twenty_the_text_cites_with_their_dates_and_issuers() {
    let env = Env::seeded();
    let doc = env
        .plan(&[
            "show",
            "2022-skhcn-dan-chu-co-so",
            "--format",
            "json",
            "--as-of",
            "1/4/2022",
        ])
        .ok()
        .json();
    let text = seed_text();
    let refs = doc["references"].as_array().unwrap();
    let numbers: Vec<&str> = refs.iter().map(|r| r["number"].as_str().unwrap()).collect();
    assert_eq!(numbers.len(), 20);
    assert_eq!(
        numbers,
        numbers_in_text(&text),
        "the plan's references, in order, are the numbers the text cites"
    );
    for r in refs {
        let number = r["number"].as_str().unwrap();
        let at = text.find(number).unwrap();
        let after: String = text[at..].chars().take(260).collect();
        match r["date"].as_str() {
            Some(iso) => {
                let (d, m, y) = dmy(iso);
                let written = [
                    format!("{d}/{m}/{y}"),
                    format!("{d:02}/{m:02}/{y}"),
                    format!("{d:02}/{m}/{y}"),
                    format!("{d}/{m:02}/{y}"),
                ];
                assert!(
                    written.iter().any(|w| after.contains(&format!("ngày {w}"))),
                    "{number}: date {iso} not written after it: {after}"
                );
            }
            None => assert_eq!(
                number, "34/2007/PL-UBTVQH11",
                "only the Pháp lệnh is undated"
            ),
        }
        let issuer = r["issuer"].as_str().unwrap();
        assert!(
            after.contains(issuer) || text.contains(&format!("{number} ngày")),
            "{number}: issuer {issuer} not near it"
        );
        assert!(
            text.contains(issuer),
            "{number}: issuer {issuer} not in the text"
        );
    }
    let basis: Vec<&str> = refs
        .iter()
        .filter(|r| r["basis"] == true)
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        basis,
        [
            "869-CV/TU",
            "31-CTr/BDVTU-BCSĐUBND",
            "54-KH/BDVTU-BCSĐUBND",
            "01-CTr/BCĐ",
            "03-KH/BCĐ",
            "53/KH-UBND"
        ]
    );
    let by = |n: &str| refs.iter().find(|r| r["number"] == n).unwrap()["cited_by"].clone();
    assert_eq!(by("114-KL/TW"), serde_json::json!(["II.1", "II.11"]));
    assert_eq!(by("707-KL/TU"), serde_json::json!(["I.1"]));
}

#[test]
fn every_task_and_objective_is_verbatim_and_cites_what_it_names() {
    let env = Env::seeded();
    let doc = env
        .plan(&[
            "show",
            "2022-skhcn-dan-chu-co-so",
            "--format",
            "json",
            "--as-of",
            "1/4/2022",
        ])
        .ok()
        .json();
    let text = seed_text();
    let objectives = doc["objectives"].as_array().unwrap();
    assert_eq!(
        objectives
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["I.1", "I.2", "I.3", "I.4"]
    );
    for o in objectives {
        assert!(
            text.contains(&collapse(o["text"].as_str().unwrap())),
            "objective {} is not verbatim",
            o["id"]
        );
    }
    let mut ids: Vec<String> = doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task"].as_str().unwrap().to_string())
        .collect();
    ids.dedup();
    let expected: Vec<String> = (1..=12)
        .map(|i| format!("II.{i}"))
        .chain((1..=5).map(|i| format!("III.{i}")))
        .collect();
    assert_eq!(ids, expected);
    for id in &expected {
        let task = env
            .plan(&["show", id, "--format", "json", "--as-of", "1/4/2022"])
            .ok()
            .json();
        let wording = collapse(task["text"].as_str().unwrap());
        assert!(text.contains(&wording), "task {id} is not verbatim");
        let cited: Vec<&str> = task["references"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap())
            .collect();
        for n in numbers_in_text(&wording) {
            assert!(
                cited.contains(&n.as_str()),
                "task {id} names {n} but does not cite it"
            );
        }
    }
    let preamble = collapse(doc["preamble"].as_str().unwrap());
    assert!(text.contains(&preamble));
    for c in doc["closing"].as_array().unwrap() {
        assert!(text.contains(&collapse(c.as_str().unwrap())));
    }
}

#[test]
fn deadlines_units_recipients_and_signer() {
    let env = Env::seeded();
    let doc = env
        .plan(&[
            "show",
            "2022-skhcn-dan-chu-co-so",
            "--format",
            "json",
            "--as-of",
            "1/4/2022",
        ])
        .ok()
        .json();
    let rows: Vec<&Value> = doc["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["due"].is_null())
        .collect();
    let dues: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["task"].as_str().unwrap(),
                r["due"].as_str().unwrap(),
                r["due_wording"].as_str().unwrap(),
                r["period"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        dues,
        [
            ("II.8", "2022-06-30", "assumed", "2022-Q2"),
            ("II.8", "2022-09-30", "assumed", "2022-Q3"),
            ("II.8", "2022-12-31", "assumed", "2022-Q4"),
            ("III.2", "2022-04-12", "before", ""),
            ("III.3", "2022-06-11", "before", ""),
            ("III.3", "2022-11-11", "before", ""),
        ]
    );
    let text = seed_text();
    for r in &rows {
        if r["period"].is_null() {
            let w = r["wording"].as_str().unwrap();
            assert!(w.contains("trước ngày"), "{w}");
        }
    }
    assert!(text.contains(
        "định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để theo dõi, chỉ đạo"
    ));
    let ii8 = env
        .plan(&["show", "II.8", "--format", "json", "--as-of", "1/4/2022"])
        .ok()
        .json();
    let report_to: Vec<&str> = ii8["report_to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(report_to, ["Ủy ban nhân dân tỉnh", "Sở Nội vụ"]);
    let iii3 = env
        .plan(&["show", "III.3", "--format", "json", "--as-of", "1/4/2022"])
        .ok()
        .json();
    assert_eq!(
        iii3["lead"][0]["name"],
        "Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ"
    );
    assert_eq!(iii3["report_to"][0]["name"], "Phòng Hành chính - Tổng hợp");
    assert_eq!(
        doc["signer"],
        serde_json::json!({"name": "Trần Công Hòa", "title": "Phó Giám đốc", "on_behalf": "KT. Giám đốc"})
    );
    assert_eq!(doc["coordinator"], "hcth");
    let recipients: Vec<(&str, &str)> = doc["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["name"].as_str().unwrap(), r["role"].as_str().unwrap()))
        .collect();
    assert_eq!(recipients.len(), 9);
    assert_eq!(recipients[2], ("UBND tỉnh", "bao-cao"));
    assert_eq!(recipients[4], ("Công đoàn Sở", "phoi-hop"));
    assert_eq!(recipients[8].1, "luu");
    for (name, _) in &recipients {
        let first = name.split(':').next().unwrap();
        assert!(text.contains(first), "recipient {name} not in the text");
    }
    for u in doc["units"].as_array().unwrap() {
        let named = std::iter::once(&u["name"])
            .chain(u["aliases"].as_array().unwrap())
            .any(|n| text.contains(n.as_str().unwrap()));
        assert!(named, "unit {} is not named in the text", u["id"]);
    }
}
