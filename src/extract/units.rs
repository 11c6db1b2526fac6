//! Units named as responsible: "Đơn vị chủ trì: X", "X chủ trì, phối hợp với Y", "Giao X ...", the lead and
//! support cells of a task table, and the subject that opens an assignment ("Phòng Nội vụ: ...", "Các phòng,
//! đơn vị thuộc Sở thực hiện ...").
//!
//! The rule this module keeps: a unit is a name that opens with what Vietnamese bodies are called (Sở,
//! Phòng, Ban, Ủy ban, Trung tâm, các xã ...) and ends where the assignment's verb begins. A name that opens
//! with a position (Giám đốc, Hiệu trưởng) may be a person: it is kept and flagged.

use super::words::{AGENCIES, LEAD_LABELS, OTHER_UNITS, PERSONS, SUPPORT_LABELS};
use super::{Folded, Review, ReviewKind, Unit, find_words, slug};
use crate::i18n::tr;

/// Whether a folded text opens with the name of a body.
fn opens_with_head(f: &str) -> bool {
    AGENCIES.iter().chain(OTHER_UNITS).any(|h| f.starts_with(h))
}

/// Verbs that end a unit's name right away ("Sở Y tế chủ trì").
const STRONG: &[&str] = &[
    "chu tri",
    "phoi hop",
    "co trach nhiem",
    "chiu trach nhiem",
    "la co quan",
    "la don vi",
    "lam dau moi",
    "tham muu",
    "can cu",
    "chu dong",
    "tiep tuc",
    "thuong xuyen",
    "khan truong",
    "nghiem tuc",
    "va cac",
];

/// Short words that end a name, compared with their diacritics ("tại" ends one, "Tài chính" does not).
const EXACT: &[&str] = &[
    "có", "để", "nhằm", "theo", "trong", "về", "tại", "từ", "đến", "cùng", "được", "giao", "sẽ",
    "cần", "phải", "thì", "là", "mở", "cử", "gắn", "rút", "đưa", "lập", "gửi", "trình", "họp",
    "nộp", "đi", "lên", "nhận", "làm",
];

/// Verbs that end a unit's name from its fourth word on ("Ban Tổ chức Huyện ủy" is a name).
const WEAK: &[&str] = &[
    "to chuc",
    "trien khai",
    "thuc hien",
    "xay dung",
    "chi dao",
    "huong dan",
    "theo doi",
    "kiem tra",
    "tong hop",
    "bao cao",
    "dam bao",
    "bao dam",
    "quan triet",
    "tuyen truyen",
    "pho bien",
    "ra soat",
    "nghien cuu",
    "cung cap",
    "tang cuong",
    "day manh",
    "hoan thanh",
    "ban hanh",
    "bo tri",
    "don doc",
    "giam sat",
    "cap nhat",
    "dang tai",
    "dang ky",
    "phat dong",
    "van dong",
    "huy dong",
    "phan cong",
    "duy tri",
    "nam bat",
    "tiep nhan",
    "giai quyet",
    "de xuat",
    "tham dinh",
    "trinh ",
    "lua chon",
    "dieu dong",
    "boi duong",
    "tap huan",
    "phan bo",
    "bo sung",
    "ky ket",
    "huong ung",
    "tich cuc",
    "quan tam",
    "danh gia",
    "so ket",
    "tong ket",
    "ket hop",
    "lien he",
    "xu ly",
    "ap dung",
    "uu tien",
    "thong bao",
    "sap xep",
    "kien toan",
    "thanh lap",
    "rut ",
    "tiep ",
    "rieng ",
    "bien soan",
    "soan thao",
    "chuan bi",
    "tham gia",
    "quan ly",
    "ho tro",
    "phat hanh",
    "in an",
    "thu thap",
    "tu van",
    "xac minh",
    "van hanh",
    "tiep xuc",
    "doi thoai",
    "sinh hoat",
    "hoc tap",
    "tap trung",
    "ung dung",
    "kip thoi",
    "chu y",
    "chap hanh",
];

fn is_head(f: &str) -> bool {
    // "Tổ chức ..." opens an activity, not a body ("các tổ chức" and "Tổ chuyên môn" are bodies); so do
    // "Hội nghị", "Hội thi", "Hội thảo".
    if [
        "to chuc",
        "hoi nghi",
        "hoi thi",
        "hoi thao",
        "hoi dien",
        "hoi cho",
        "ban hanh",
        "bao cao",
        "bo sung",
        "so ket",
        "doan kiem tra",
    ]
    .iter()
    .any(|w| f.starts_with(w))
    {
        return false;
    }
    opens_with_head(f) || is_person(f)
}

fn is_person(f: &str) -> bool {
    PERSONS.iter().any(|p| f.starts_with(p))
}

/// Bytes enough for any unit name of 16 words with the word after it.
const NAME_WINDOW: usize = 1_000;

/// Whether text opens with a unit's name (or a position).
pub fn starts_with_unit(s: &str) -> bool {
    let s = s.trim_start_matches(|c: char| !c.is_alphanumeric());
    is_head(&crate::text::fold(super::window(s, 0, NAME_WINDOW)))
}

/// The unit name opening `text`, ending where its verb or clause begins; None when the text does not open
/// with a name.
pub fn unit_phrase(text: &str) -> Option<String> {
    let whole = text.trim_start();
    // A name is at most 16 words: only its window is folded, and a window that ends inside one is no name.
    let text = super::window(whole, 0, NAME_WINDOW);
    let cut = text.len() < whole.len();
    let f = Folded::new(text);
    if !is_head(&f.s) {
        return None;
    }
    let mut end = f.s.len();
    let mut words = 0;
    let mut i = 0;
    let bytes = f.s.as_bytes();
    while i < bytes.len() {
        let c = bytes[i];
        if c == b' ' {
            words += 1;
            let rest = &f.s[i + 1..];
            let next_word: String = text[f.orig(i + 1).min(text.len())..]
                .chars()
                .take_while(|c| c.is_alphabetic())
                .collect::<String>()
                .to_lowercase();
            let exact = EXACT.contains(&next_word.as_str());
            let strong = exact
                || STRONG
                    .iter()
                    .any(|v| rest.starts_with(v) && super::word_at(rest, 0, v.trim_end()));
            let prev_word = f.s[..i].rsplit(' ').next().unwrap_or("");
            // Names capitalise their words ("Ủy ban Kiểm tra", "Ban Tổ chức"); a verb after a name does not.
            let lower_next = text[f.orig(i + 1).min(text.len())..]
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            let weak = words >= 2
                && lower_next
                && !matches!(prev_word, "-" | "–" | "va" | "&")
                && WEAK
                    .iter()
                    .any(|v| rest.starts_with(v) && super::word_at(rest, 0, v.trim_end()));
            if strong || weak {
                end = i;
                break;
            }
            if words > 16 {
                return None;
            }
        } else if matches!(c, b':' | b';' | b'(' | b')' | 1 | b'.') {
            if c == b'.' && f.s[i + 1..].starts_with(|ch: char| ch.is_alphanumeric()) {
                i += 1;
                continue;
            }
            end = i;
            break;
        } else if c == b',' {
            let rest = f.s[i + 1..].trim_start();
            let so_far = &f.s[..i];
            let bare_plural = so_far.starts_with("cac ") && so_far.split(' ').count() <= 3;
            let place_list = ["thi tran", "phuong", "xa ", "thon", "to dan pho", "khu pho"]
                .iter()
                .any(|w| rest.starts_with(w));
            if (!bare_plural || rest.starts_with("cac ")) && !place_list {
                end = i;
                break;
            }
        }
        i += 1;
    }
    if cut && end == f.s.len() {
        return None;
    }
    let r = f.orig_range(0..end);
    let name = text[r]
        .trim()
        .trim_end_matches([',', '-', '–', '(', ' '])
        .trim();
    (!name.is_empty() && name.split_whitespace().count() >= 2
        || name.chars().count() >= 4 && name.chars().all(|c| c.is_uppercase()))
    .then(|| name.to_string())
}

/// Splits a list of units ("Phòng Nội vụ, Phòng Tài chính và các xã; Công an huyện").
pub fn split_units(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = list.trim();
    let mut guard = 0;
    while !rest.is_empty() && guard < 20 {
        guard += 1;
        rest = rest.trim_start_matches(|c: char| {
            matches!(c, ',' | ';' | '-' | '+' | '•' | '–') || c.is_whitespace()
        });
        if opens_with_va(rest) {
            rest = rest[rest.find(' ').map_or(rest.len(), |p| p + 1)..].trim_start();
            continue;
        }
        let Some(name) = unit_phrase(rest) else { break };
        // "A và B" where B is a body too: two units.
        let nf = Folded::new(&name);
        let mut taken = name.clone();
        for at in find_words(&nf.s, "va") {
            let after = &nf.s[at + 3..];
            let left = &nf.s[..at];
            let joint_office = left.ends_with("hdnd ") || left.ends_with("hoi dong nhan dan ");
            if is_head(after) && !joint_office {
                taken = name[..nf.orig(at)].trim().to_string();
                break;
            }
        }
        let consumed = rest.find(&taken).map_or(taken.len(), |p| p + taken.len());
        out.push(taken);
        rest = &rest[consumed.min(rest.len())..];
        let next = rest.trim_start();
        if !(next.starts_with([',', ';']) || opens_with_va(next)) {
            break;
        }
    }
    out
}

/// The first words of text, folded, to see what follows a name (the text may be a whole task).
fn fold_head(text: &str) -> String {
    crate::text::fold(super::window(text.trim_start(), 0, 64))
}

/// Whether text opens with the word "và" (only its first bytes are folded: the text may be a whole task).
fn opens_with_va(text: &str) -> bool {
    crate::text::fold(super::window(text, 0, 16)).starts_with("va ")
}

/// Who does what in each task: the units that lead, support and are reported to.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    /// Unit ids in charge.
    pub lead: Vec<String>,
    /// Unit ids that coordinate.
    pub support: Vec<String>,
    /// Unit ids reported to.
    pub report_to: Vec<String>,
}

/// What the assignments stage gives: every unit once, each task's roles (in the order of the tasks given),
/// and what the clerk must check.
#[derive(Debug, Default)]
pub struct Assigned {
    /// Units named as responsible, in order of first mention.
    pub units: Vec<Unit>,
    /// Each task's roles.
    pub roles: Vec<Roles>,
    /// Persons that may be positions, lead cells not read.
    pub review: Vec<Review>,
}

/// The units each task names, and in which role.
pub fn assign(head: &super::Head, tasks: &[super::Item]) -> Assigned {
    let mut units: Vec<Unit> = Vec::new();
    let mut review: Vec<Review> = Vec::new();
    let mut roles: Vec<Roles> = Vec::with_capacity(tasks.len());
    let add = |name: &str,
               line: usize,
               task: &str,
               units: &mut Vec<Unit>,
               review: &mut Vec<Review>|
     -> Option<String> {
        let mut name = super::text::collapse(name.trim().trim_end_matches(['.', ',', ';', ':']));
        let f = crate::text::fold(&name);
        if f.split(' ').count() < 2 && !name.chars().all(|c| c.is_uppercase()) {
            return None;
        }
        let mut person = is_person(&f);
        if person {
            // "Giám đốc Trung tâm X": the unit is the Trung tâm; the position is noted.
            let nf = Folded::new(&name);
            for p in PERSONS {
                if nf.s.starts_with(p) {
                    let rest = nf.s[p.len()..].trim_start();
                    if opens_with_head(rest) && !rest.starts_with("cac ") {
                        let at = nf.orig(p.len() + 1);
                        let position = name[..at].trim().to_string();
                        name = name[at..].trim().to_string();
                        person = false;
                        review.push(Review {
                            kind: ReviewKind::PersonUnit,
                            line,
                            task: Some(task.to_string()),
                            message: format!(
                                "{} “{position} {name}”; {} “{name}”",
                                tr("named by a position:", "ghi theo chức danh:"),
                                tr("recorded as the unit", "ghi nhận là đơn vị"),
                            ),
                        });
                    }
                    break;
                }
            }
        }
        let key = crate::text::fold(&name);
        if let Some(u) = units.iter().find(|u| crate::text::fold(&u.name) == key) {
            return Some(u.id.clone());
        }
        let base = {
            let s = slug(&name, 40);
            if s.is_empty() {
                "don-vi".to_string()
            } else {
                s
            }
        };
        let mut id = base.clone();
        let mut n = 2;
        while units.iter().any(|u| u.id == id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        if person {
            review.push(Review {
                kind: ReviewKind::PersonUnit,
                line,
                task: Some(task.to_string()),
                message: format!(
                    "“{name}” {}",
                    tr(
                        "may be a person (a position), not a unit — keep it as a unit or name the unit",
                        "có thể là một người (chức danh), không phải đơn vị — giữ làm đơn vị hoặc ghi tên đơn vị"
                    )
                ),
            });
        }
        units.push(Unit {
            id: id.clone(),
            name,
            line,
            person,
        });
        Some(id)
    };
    for item in tasks {
        let mut lead: Vec<String> = Vec::new();
        let mut support: Vec<String> = Vec::new();
        let line = item.body.line;
        let id = item.id.clone();
        let push = |v: &mut Vec<String>, u: Option<String>| {
            if let Some(u) = u
                && !v.contains(&u)
            {
                v.push(u);
            }
        };
        if let Some(cell) = item.lead_cell.clone() {
            for n in split_units(&cell) {
                let u = add(&n, line, &id, &mut units, &mut review);
                push(&mut lead, u);
            }
        }
        if let Some(cell) = item.support_cell.clone() {
            for n in split_units(&cell) {
                let u = add(&n, line, &id, &mut units, &mut review);
                push(&mut support, u);
            }
        }
        let text = item.body.text.clone();
        let f = Folded::new(&text);
        // Labels: "Đơn vị chủ trì: X", "Phối hợp: Y".
        for (labels, is_lead) in [(LEAD_LABELS, true), (SUPPORT_LABELS, false)] {
            for label in labels {
                for at in find_words(&f.s, label) {
                    let after = at + label.len();
                    if !f.s[after..].trim_start().starts_with(':') {
                        continue;
                    }
                    // Only the first label of a line counts ("Chủ trì thực hiện: ..." has "chủ trì" too).
                    let line_start = f.s[..at].rfind([super::NL, ';', '.']).map_or(0, |p| p + 1);
                    let before = f.s[line_start..at].trim_start_matches(['-', '+', ' ', '*', '•']);
                    if !before.trim().is_empty() && !labels.iter().any(|l| before.trim() == *l) {
                        continue;
                    }
                    let colon = f.s[after..].find(':').map_or(after, |p| after + p + 1);
                    let start = f.orig(colon);
                    let end = text[start..]
                        .find(['\n', '.'])
                        .map_or(text.len(), |p| start + p);
                    for n in split_units(&text[start..end]) {
                        let u = add(&n, f_line(item, start), &id, &mut units, &mut review);
                        if is_lead {
                            push(&mut lead, u);
                        } else {
                            push(&mut support, u);
                        }
                    }
                }
            }
        }
        // "Giao X chủ trì"; the subject opening the item ("Phòng Nội vụ: ...", "Sở X phối hợp ...").
        for at in find_words(&f.s, "giao") {
            // "Giao" (to assign), not "giáo" (Ban Tuyên giáo).
            let word: String = text[f.orig(at)..].chars().take(4).collect();
            if word.to_lowercase() != "giao" {
                continue;
            }
            let start = f.orig(at + 5);
            // "giao Phòng Nội vụ" assigns; "giao ban", "giao lưu", "giao thông" are other words.
            let named = text[start.min(text.len())..]
                .trim_start()
                .starts_with(|c: char| c.is_uppercase());
            if !named {
                continue;
            }
            if let Some(name) = unit_phrase(&text[start.min(text.len())..]) {
                let u = add(&name, f_line(item, start), &id, &mut units, &mut review);
                push(&mut lead, u);
            }
        }
        // A unit opening a sentence or paragraph and assigned by its verb ("Tổ Văn phòng chủ trì, ...").
        if lead.is_empty() {
            let mut starts = vec![0];
            for (i, c) in f.s.char_indices() {
                if c == super::NL || ((c == '.' || c == ';') && f.s[i + 1..].starts_with(' ')) {
                    starts.push(i + 1);
                }
            }
            // "Trong tháng 10/2023, Phòng Hành chính - Tổng hợp tổ chức sơ kết": the subject after a time.
            let timed = starts
                .iter()
                .filter_map(|&st| {
                    let rest = f.s[st..].trim_start();
                    let time = [
                        "trong ",
                        "tu ",
                        "nam ",
                        "thang ",
                        "quy ",
                        "dinh ky",
                        "hang ",
                        "ngay ",
                        "truoc ngay",
                        "sau khi",
                    ]
                    .iter()
                    .any(|w| rest.starts_with(w));
                    let comma = rest.find(',').filter(|&p| p < 48)?;
                    time.then(|| st + (f.s[st..].len() - rest.len()) + comma + 1)
                })
                .collect::<Vec<_>>();
            starts.extend(timed);
            starts.sort_unstable();
            for st in starts.into_iter().skip(1) {
                let o = f.orig(st);
                let rest = text[o.min(text.len())..].trim_start();
                if let Some(name) = unit_phrase(rest) {
                    let after = fold_head(super::tail(rest, name.len()));
                    let assigned = [
                        ":",
                        "chu tri",
                        "co trach nhiem",
                        "chiu trach nhiem",
                        "la co quan",
                        "la don vi",
                        "lam dau moi",
                        "tham muu",
                        "phoi hop",
                        "thuong xuyen",
                        "to chuc",
                        "trien khai",
                        "thuc hien",
                        "xay dung",
                        "huong dan",
                        "theo doi",
                        "tong hop",
                        "bao cao",
                        "dang tai",
                        "tuyen truyen",
                    ]
                    .iter()
                    .any(|v| after.starts_with(v));
                    if assigned || item.organisation {
                        let at = text.len() - rest.len();
                        let u = add(&name, f_line(item, at), &id, &mut units, &mut review);
                        push(&mut lead, u);
                        break;
                    }
                }
            }
        }
        if lead.is_empty()
            && let Some(name) = unit_phrase(&text)
        {
            let lead_ws = text.len() - text.trim_start().len();
            let after = fold_head(super::tail(&text, lead_ws + name.len()));
            let assigns = item.organisation
                || after.starts_with(':')
                || after.starts_with("chu tri")
                || after.starts_with("phoi hop")
                || !crate::text::fold(&name).starts_with("cac cap");
            if assigns {
                let u = add(&name, line, &id, &mut units, &mut review);
                push(&mut lead, u);
            }
        }
        if lead.is_empty()
            && let Some(cell) = item.lead_cell.clone()
            && split_units(&cell).is_empty()
            && !cell.trim().is_empty()
        {
            review.push(Review {
                kind: ReviewKind::UnitUnread,
                line,
                task: Some(id.clone()),
                message: format!(
                    "{} “{}”",
                    tr("lead unit not read:", "chưa đọc được đơn vị chủ trì:"),
                    cell.trim()
                ),
            });
        }
        // "X chủ trì" inside the text; "phối hợp (với) Y".
        for at in find_words(&f.s, "phoi hop") {
            let mut p = at + "phoi hop".len();
            for skip in [" chat che", " voi", " cung"] {
                if f.s[p..].starts_with(skip) {
                    p += skip.len();
                }
            }
            let start = f.orig((p + 1).min(f.s.len()));
            let rest = &text[start.min(text.len())..];
            if rest.trim_start().starts_with(':') {
                continue;
            }
            for n in split_units(rest) {
                let u = add(&n, f_line(item, start), &id, &mut units, &mut review);
                if !lead.contains(u.as_ref().unwrap_or(&String::new())) {
                    push(&mut support, u);
                }
            }
        }
        let mut report_to: Vec<String> = Vec::new();
        for (name, at) in report_targets(&text, head.issuer.as_deref()) {
            let u = add(&name, f_line(item, at), &id, &mut units, &mut review);
            push(&mut report_to, u);
        }
        roles.push(Roles {
            lead,
            support,
            report_to,
        });
    }
    Assigned {
        units,
        roles,
        review,
    }
}

/// Whom a task's text reports to, with where each is named: "báo cáo (kết quả) về X", "gửi (về) X", "báo cáo
/// UBND tỉnh", and the body it goes through ("(qua Sở Nội vụ)"). The office itself ("về Sở", the issuer) is
/// where everything comes back to, not a target: only the body it goes through is.
fn report_targets(text: &str, issuer: Option<&str>) -> Vec<(String, usize)> {
    let f = Folded::new(text);
    let issuer = issuer.map(crate::text::fold);
    let own = |name: &str| {
        let n = crate::text::fold(name);
        // "về Sở", "gửi Trung tâm", "Ban Thường trực" of the issuing committee: the office's own name, cut short.
        n.split_whitespace().count() < 2
            || issuer
                .as_deref()
                .is_some_and(|i| i == n || i.ends_with(&n) || i.starts_with(&format!("{n} ")))
    };
    let mut out: Vec<(String, usize)> = Vec::new();
    let take = |at_folded: usize, out: &mut Vec<(String, usize)>| {
        let at = f.orig(at_folded.min(f.s.len()));
        let rest = text[at.min(text.len())..].trim_start();
        if let Some(name) = unit_phrase(rest).map(|n| before_time(&n))
            && !own(&name)
            && !out.iter().any(|(n, _)| n == &name)
        {
            out.push((name, at));
        }
    };
    for cue in ["bao cao", "gui"] {
        for at in find_words(&f.s, cue) {
            let after = at + cue.len();
            // "gửi tài liệu cho các chi bộ" sends; "gửi về X" and a report sent to X report.
            if cue == "gui" {
                let sent = super::window(&f.s, at.saturating_sub(120), 240);
                let towards = f.s[after..].trim_start().starts_with("ve ");
                if !towards && !sent.contains("bao cao") {
                    continue;
                }
            }
            // "báo cáo về X", "gửi về X", "báo cáo kết quả … về X" (the "về" within a few words).
            let window = super::window(&f.s, after, 60);
            let ve = find_words(window, "ve").into_iter().next();
            match ve {
                Some(p) if window[..p].split_whitespace().count() <= 5 => {
                    take(after + p + 2, &mut out)
                }
                _ => take(after, &mut out),
            }
        }
    }
    for at in find_words(&f.s, "qua") {
        if at > 0 && f.s[..at].ends_with('(') {
            take(at + 3, &mut out);
        }
    }
    out.sort_by_key(|(_, at)| *at);
    out
}

/// A unit's name without the deadline or manner that follows it in a report clause ("Sở Nội vụ chậm nhất
/// ngày 10/5", "Ban Thường trực định kỳ hằng tháng", "UBND tỉnh kết quả").
fn before_time(name: &str) -> String {
    const STOPS: [&str; 14] = [
        "cham nhat",
        "truoc",
        "sau",
        "dinh ky",
        "ket qua",
        "ngay",
        "trong",
        "theo",
        "de",
        "khi",
        "hang",
        "moi",
        "vao",
        "tinh hinh",
    ];
    let f = Folded::new(name);
    let cut = STOPS
        .iter()
        .flat_map(|w| find_words(&f.s, w))
        .filter(|&at| at > 0)
        .min();
    match cut {
        Some(at) => name[..f.orig(at)]
            .trim()
            .trim_end_matches([',', '-', '–'])
            .trim()
            .to_string(),
        None => name.to_string(),
    }
}

fn f_line(item: &super::Item, at: usize) -> usize {
    item.body.line_at(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whom_a_task_reports_to_and_through_whom() {
        let t = "Các phòng gửi về Sở (qua Phòng Hành chính - Tổng hợp) trước ngày 12/4/2022 để tổng hợp, báo cáo kết quả về Sở.";
        let names: Vec<String> = report_targets(t, Some("Sở Khoa học và Công nghệ"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(
            names,
            ["Phòng Hành chính - Tổng hợp"],
            "the office itself is no target"
        );
        let t = "Định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để theo dõi.";
        let names: Vec<String> = report_targets(t, Some("Sở Khoa học và Công nghệ"))
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["Ủy ban nhân dân tỉnh", "Sở Nội vụ"]);
    }

    #[test]
    fn names_end_at_their_verb() {
        assert_eq!(
            unit_phrase("Sở Khoa học và Công nghệ phối hợp Công đoàn cơ sở tổ chức").as_deref(),
            Some("Sở Khoa học và Công nghệ")
        );
        assert_eq!(
            unit_phrase("Các phòng, đơn vị thuộc Sở tiếp tục chú trọng").as_deref(),
            Some("Các phòng, đơn vị thuộc Sở")
        );
        assert_eq!(
            unit_phrase("Phòng Hành chính - Tổng hợp là cơ quan thường trực").as_deref(),
            Some("Phòng Hành chính - Tổng hợp")
        );
        assert_eq!(
            unit_phrase("Ban Tổ chức Huyện ủy chủ trì").as_deref(),
            Some("Ban Tổ chức Huyện ủy")
        );
        assert_eq!(
            unit_phrase("Phòng Nội vụ: tham mưu").as_deref(),
            Some("Phòng Nội vụ")
        );
        assert_eq!(unit_phrase("Tiếp tục quán triệt"), None);
        assert_eq!(
            split_units("Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thể thao; UBND các xã"),
            [
                "Phòng Văn hóa và Thông tin",
                "Trung tâm Văn hóa - Thể thao",
                "UBND các xã"
            ]
        );
        assert_eq!(
            split_units("Phòng Nội vụ và Phòng Tài chính - Kế hoạch"),
            ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch"]
        );
    }
}
