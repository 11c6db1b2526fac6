//! The output language: English or Vietnamese, chosen once at start-up (`--lang`, the config file, then
//! `LANG`/`LC_ALL`) and read wherever text for people is made.
//!
//! The rule this module keeps: only text for people changes with the language. JSON and CSV keys, state names
//! in machine formats, and ISO dates never do.

use std::sync::OnceLock;

/// A language of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
    En,
    /// Tiếng Việt.
    Vi,
}

impl Lang {
    /// Reads `vi`, `en`, or a locale such as `vi_VN.UTF-8` / `en_US.UTF-8`.
    pub fn parse(text: &str) -> Option<Lang> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("vi") {
            Some(Lang::Vi)
        } else if t.starts_with("en") || t == "c" || t == "posix" || t.starts_with("c.") {
            Some(Lang::En)
        } else {
            None
        }
    }
}

static LANG: OnceLock<Lang> = OnceLock::new();

/// Sets the language for the whole run; the first call wins.
pub fn set(lang: Lang) {
    let _ = LANG.set(lang);
}

/// The language of this run (English until set).
pub fn lang() -> Lang {
    LANG.get().copied().unwrap_or(Lang::En)
}

/// Picks the text of the run's language.
pub fn tr(en: &'static str, vi: &'static str) -> &'static str {
    match lang() {
        Lang::En => en,
        Lang::Vi => vi,
    }
}

/// Formats a message in the run's language: `msg!("en {x}", "vi {x}")`.
#[macro_export]
macro_rules! msg {
    ($en:literal, $vi:literal $(,)?) => {
        match $crate::i18n::lang() {
            $crate::i18n::Lang::En => format!($en),
            $crate::i18n::Lang::Vi => format!($vi),
        }
    };
}

/// The Vietnamese table header for a column key, when the language is Vietnamese.
pub fn header(key: &str, english: &'static str) -> &'static str {
    if lang() == Lang::En {
        return english;
    }
    match key {
        "plan" => "Kế hoạch",
        "task" => "Nhiệm vụ",
        "title" => "Nội dung",
        "lead" => "Chủ trì",
        "due" => "Thời hạn",
        "period" => "Kỳ",
        "state" => "Tình trạng",
        "days" => "Số ngày",
        "last" => "Tiến độ gần nhất",
        "event" => "#",
        "deadline" => "Hạn",
        "kind" => "Loại",
        "on" => "Ngày",
        "by" => "Đơn vị",
        "progress" => "%",
        "note" => "Ghi chú",
        "evidence" => "Văn bản chứng minh",
        "status" => "Ghi chú sửa",
        "tasks" => "Số nhiệm vụ",
        "withdrawn" => "Đã bãi bỏ",
        "file" => "Tệp",
        "loaded_at" => "Nạp lúc",
        "loaded_by" => "Người nạp",
        "number" => "Số, ký hiệu",
        "date" => "Ngày ban hành",
        "issuer" => "Cơ quan ban hành",
        "effect" => "Hiệu lực",
        "plans" => "Số kế hoạch",
        "cited_by" => "Được trích dẫn tại",
        "problem" => "Vấn đề",
        "detail" => "Chi tiết",
        "field" => "Tìm thấy ở",
        "match" => "Đoạn khớp",
        "unit" => "Đơn vị",
        "weekday" => "Thứ",
        "holiday" => "Ngày nghỉ",
        "source" => "Căn cứ",
        "from" => "Từ ngày",
        "offset" => "Độ lệch",
        "event_id" => "Sự kiện",
        "record" => "#",
        "event_name" => "Tên sự kiện",
        "since" => "Biết từ ngày",
        "recorded_by" => "Người ghi",
        "name" => "Tên đơn vị",
        "aliases" => "Tên khác",
        "leads" => "Chủ trì",
        "supports" => "Phối hợp",
        "owes" => "Phần việc với tư cách thành viên",
        "revision" => "Phiên bản",
        "hash" => "Mã băm",
        "what" => "Nội dung thay đổi",
        "changes" => "Thay đổi",
        "at_cutoff" => "Tại thời điểm chốt",
        "now" => "Tại ngày báo cáo",
        "unit_id" => "Mã đơn vị",
        "amended_by" => "Văn bản điều chỉnh",
        "member" => "Đơn vị thành viên",
        "id" => "Mã",
        "lead_unit" => "Đơn vị chủ trì",
        "done_on_time" => "Hoàn thành đúng hạn",
        "done_late" => "Hoàn thành quá hạn",
        "open" => "Đang thực hiện trong hạn",
        "overdue" => "Quá hạn",
        "ongoing" => "Thường xuyên",
        "waiting" => "Chờ sự kiện",
        "completed" => "Đã hoàn thành",
        "total" => "Tổng số",
        "counted" => "Cách tính từ sự kiện",
        "event_on" => "Ngày của sự kiện",
        "due_wording" => "Cách tính hạn",
        "wording" => "Nguyên văn thời hạn",
        "days_overdue" => "Số ngày quá hạn",
        "days_left" => "Số ngày còn lại",
        "done_on" => "Ngày hoàn thành",
        "lead_ids" => "Mã đơn vị chủ trì",
        "key" => "Khóa",
        "system" => "Hệ thống",
        "year" => "Năm",
        "ceased_on" => "Hết hiệu lực từ",
        "ceased_by" => "Thay thế bởi",
        _ => english,
    }
}

/// "1 deadline", "2 deadlines": an English count with its noun (Vietnamese nouns have no plural).
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A stable key as prose and legends write it: "done on time" in English, "Hoàn thành đúng hạn" in
/// Vietnamese.
pub fn words(key: &str) -> String {
    match lang() {
        Lang::En => key.replace('_', " "),
        Lang::Vi => label(key),
    }
}

/// The name people read for a stable label (a state, an effect, a problem, an event kind) in a table:
/// Vietnamese words, or the key itself in English (a table in English shows `done_late`, which `--state`
/// takes).
pub fn label(key: &str) -> String {
    let vi = lang() == Lang::Vi;
    let text = match (key, vi) {
        ("done_on_time", true) => "Hoàn thành đúng hạn",
        ("done_late", true) => "Hoàn thành quá hạn",
        ("open", true) => "Đang thực hiện trong hạn",
        ("overdue", true) => "Quá hạn",
        ("ongoing", true) => "Thường xuyên",
        ("completed", true) => "Đã hoàn thành",
        ("withdrawn", true) => "Đã bãi bỏ",
        ("waiting", true) => "Chờ sự kiện",
        ("in_force", true) => "Còn hiệu lực",
        ("ceased", true) => "Hết hiệu lực",
        ("not_yet_in_force", true) => "Chưa có hiệu lực",
        ("unknown", true) => "Chưa rõ",
        ("done", true) => "hoàn thành",
        ("reopen", true) => "mở lại",
        ("progress", true) => "tiến độ",
        ("blocked", true) => "vướng mắc",
        ("note", true) => "ghi chú",
        ("retract", true) => "hủy ghi nhận",
        ("missing_from_plan", true) => "thiếu trong kế hoạch",
        ("not_listed", true) => "chưa liệt kê ở nhiệm vụ",
        ("dated_after_plan", true) => "ban hành sau kế hoạch",
        ("title", true) => "nội dung tóm tắt",
        ("text", true) => "toàn văn",
        ("reference", true) => "văn bản trích dẫn",
        ("objective", true) => "mục đích, yêu cầu",
        ("before", true) => "trước",
        ("by", true) => "chậm nhất",
        ("assumed", true) => "giả định",
        ("state", true) => "Nhà nước",
        ("party", true) => "Đảng",
        ("preamble", true) => "phần mở đầu",
        ("closing", true) => "phần kết",
        ("evidence", true) => "minh chứng",
        (other, _) => other,
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales() {
        assert_eq!(Lang::parse("vi_VN.UTF-8"), Some(Lang::Vi));
        assert_eq!(Lang::parse("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::parse("C"), Some(Lang::En));
        assert_eq!(Lang::parse("fr_FR"), None);
    }
}
