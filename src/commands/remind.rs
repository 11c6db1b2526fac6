//! `plan remind`: the reminder letters ("Công văn đôn đốc") the coordinating office sends its units — one per
//! unit that owes something overdue, or due within `--within`, as of `--as-of`. A deadline owed by each member
//! of its lead unit is owed by each member that has not done its share; units with nothing owed get no letter.
//!
//! A letter cites the plan, lists the unit's deadlines (as written, the last allowed day, days overdue or
//! left), asks for a written report by `--reply-by`, and carries the office's header, recipients and
//! signature. As text or md (for e-mail) the letters follow each other on stdout; as docx each is a file
//! `UNIT-ID.docx` in the folder `-o DIR`.

use super::status::{self, Row};
use super::{open_synced, output};
use crate::Outcome;
use crate::cli::RemindArgs;
use crate::context::Context;
use crate::date::{self, format_iso, format_vn};
use crate::document::{Block, Document, Header, Kind, Signature, Table};
use crate::domain::{Office, Plan, State};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{Column, Format, Listing, Value, docx, html, markdown};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The error of a document that needs the office's header and finds none.
pub fn no_office() -> Error {
    Error::Usage(
        tr(
            "no office profile: a document the office signs needs its header — add an [office] table (name, abbreviation, place; and, if they apply, governing_body, drafting_unit, signer) to a registry file such as plans/office.toml (see docs/plan-format.md, \"The office profile\")",
            "chưa có thông tin cơ quan: văn bản để ký cần phần tiêu đề — hãy thêm bảng [office] (name, abbreviation, place; và nếu có: governing_body, drafting_unit, signer) vào một tệp danh mục, ví dụ plans/office.toml (xem docs/plan-format.md, \"The office profile\")",
        )
        .into(),
    )
}

/// The office's own copy, last of "Nơi nhận": "Lưu: VT, HCTH." from the profile, else the plan's own line.
pub fn archive(office: Option<&Office>, plan: Option<&Plan>) -> String {
    if let Some(unit) = office.and_then(|o| o.drafting_unit.as_deref()) {
        return msg!("Filed: VT, {unit}.", "Lưu: VT, {unit}.");
    }
    plan.and_then(|p| p.recipients.iter().find(|r| r.role == "luu"))
        .map(|r| r.name.trim_end_matches(['.', ';', ' ']).to_string() + ".")
        .unwrap_or_else(|| tr("Filed: VT.", "Lưu: VT.").into())
}

/// One deadline a unit owes: the row, and the unit's own standing when it is a member's share.
struct Owed {
    row: Row,
    standing: crate::domain::Standing,
}

/// A unit and what it owes.
struct Letter {
    id: String,
    name: String,
    owed: Vec<Owed>,
}

/// Whether a standing is owed: overdue, or open and due within `within` days.
fn owes(s: &crate::domain::Standing, within: i64) -> bool {
    s.state == State::Overdue
        || (s.state == State::Open && s.days_left.is_some_and(|d| d <= within))
}

/// The letters, one per unit owing something, in the order of the units' ids.
fn letters(rows: Vec<Row>, within: i64) -> Vec<Letter> {
    let mut by_unit: BTreeMap<String, Letter> = BTreeMap::new();
    let mut add = |id: &str, name: &str, owed: Owed| {
        by_unit
            .entry(id.to_string())
            .or_insert_with(|| Letter {
                id: id.to_string(),
                name: name.to_string(),
                owed: Vec::new(),
            })
            .owed
            .push(owed);
    };
    for r in rows {
        if r.members.is_empty() {
            if owes(&r.standing, within) {
                for (id, name) in r.item.lead_ids.iter().zip(&r.item.lead_names) {
                    let standing = r.standing;
                    add(
                        id,
                        name,
                        Owed {
                            row: r.clone(),
                            standing,
                        },
                    );
                }
            }
            continue;
        }
        for m in &r.members {
            if owes(&m.standing, within) {
                let standing = m.standing;
                add(
                    &m.unit.id,
                    &m.unit.name,
                    Owed {
                        row: r.clone(),
                        standing,
                    },
                );
            }
        }
    }
    let mut out: Vec<Letter> = by_unit.into_values().collect();
    for l in &mut out {
        l.owed.sort_by_key(|o| {
            (
                o.row.item.occurrence.map(|o| o.last_day()),
                o.row.item.task.clone(),
            )
        });
    }
    out
}

fn listing(l: &Letter, many_plans: bool) -> Listing {
    let mut columns = vec![
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("wording", "Deadline as written"),
        Column::all("due", "Deadline"),
        Column::all("state", "State"),
        Column::all("days", "Days"),
        Column::machine("due_wording"),
        Column::machine("last_day"),
        Column::machine("days_overdue"),
        Column::machine("days_left"),
    ];
    if many_plans {
        columns.insert(0, Column::all("plan", "Plan"));
    }
    let mut t = Listing::new(columns);
    for o in &l.owed {
        let item = &o.row.item;
        let mut row = vec![
            Value::Text(item.task.clone()),
            Value::Text(item.title.clone()),
            Value::opt_text(item.wording.clone()),
            item.occurrence.map_or(Value::Null, |occ| {
                Value::Due(occ.due, occ.wording_kind(), item.amended_by.is_some())
            }),
            Value::Label(o.standing.state.as_str().into()),
            Value::Text(status::days_text(&o.standing)),
            Value::opt_label(item.occurrence.map(|occ| occ.wording_kind())),
            Value::opt_date(item.occurrence.map(|occ| occ.last_day())),
            Value::opt_int(o.standing.days_overdue),
            Value::opt_int(o.standing.days_left),
        ];
        if many_plans {
            row.insert(0, Value::Text(item.plan.clone()));
        }
        t.rows.push(row);
    }
    t
}

/// The plan as a letter cites it: "Kế hoạch số … ngày … của …", else its title and issuer.
fn citation(p: &Plan) -> String {
    let issuer = &p.issuer;
    match (&p.number, p.issued) {
        (Some(n), Some(d)) => {
            let d = format_vn(d);
            msg!(
                "Plan No. {n} of {d} of the {issuer}",
                "Kế hoạch số {n} ngày {d} của {issuer}"
            )
        }
        (Some(n), None) => msg!(
            "Plan No. {n} of the {issuer}",
            "Kế hoạch số {n} của {issuer}"
        ),
        _ => {
            let title = &p.title;
            msg!("the {title} of the {issuer}", "{title} của {issuer}")
        }
    }
}

/// What a letter needs besides the unit.
struct Setting<'a> {
    office: &'a Office,
    plans: &'a BTreeMap<String, Plan>,
    date: NaiveDate,
    reply_by: NaiveDate,
}

fn letter_document(l: &Letter, s: &Setting<'_>) -> Document {
    let cited: Vec<&Plan> = {
        let mut ids: Vec<&str> = l.owed.iter().map(|o| o.row.item.plan.as_str()).collect();
        ids.dedup();
        ids.sort();
        ids.dedup();
        ids.iter().filter_map(|id| s.plans.get(*id)).collect()
    };
    let plans = cited
        .iter()
        .map(|p| citation(p))
        .collect::<Vec<_>>()
        .join("; ");
    let subject = match cited.as_slice() {
        [p] => match (&p.number, p.issued) {
            (Some(n), Some(d)) => {
                let d = format_vn(d);
                msg!(
                    "Re: carrying out Plan No. {n} of {d}",
                    "V/v đôn đốc thực hiện Kế hoạch số {n} ngày {d}"
                )
            }
            _ => {
                let title = &p.title;
                msg!(
                    "Re: carrying out the {title}",
                    "V/v đôn đốc thực hiện {title}"
                )
            }
        },
        _ => tr(
            "Re: carrying out the plans",
            "V/v đôn đốc thực hiện các kế hoạch",
        )
        .into(),
    };
    let (office, unit) = (&s.office.name, &l.name);
    let via = s
        .office
        .drafting_unit_name
        .as_deref()
        .map(|u| msg!(" (through the {u})", " (qua {u})"))
        .unwrap_or_default();
    let (date, reply) = (format_vn(s.date), format_vn(s.reply_by));
    let overdue = l
        .owed
        .iter()
        .filter(|o| o.standing.state == State::Overdue)
        .count();
    let soon = l.owed.len() - overdue;
    let counted = match (overdue, soon) {
        (o, 0) => msg!("{o} overdue", "{o} thời hạn đã quá hạn"),
        (0, n) => msg!("{n} falling due soon", "{n} thời hạn sắp đến hạn"),
        (o, n) => msg!(
            "{o} overdue and {n} falling due soon",
            "{o} thời hạn đã quá hạn và {n} thời hạn sắp đến hạn"
        ),
    };
    let body = vec![
        Block::Paragraph(msg!(
            "Under {plans}, the {unit} is responsible for the deadlines below. As of {date}, by the records the {office} keeps{via}, {counted} of them have not been reported done:",
            "Thực hiện {plans}, {unit} được giao thực hiện các nhiệm vụ dưới đây. Đến ngày {date}, theo số liệu theo dõi của {office}{via}, đơn vị còn {counted} chưa báo cáo hoàn thành:"
        )),
        Block::Table(Table {
            name: l.id.clone(),
            listing: listing(l, cited.len() > 1),
            paper: vec![],
        }),
        Block::Paragraph(msg!(
            "So that the plan keeps to its schedule, the {office} asks the {unit} to complete these tasks without delay and to report the result in writing, with the number and date of the documents that prove it, to the {office}{via} by {reply}.",
            "Để bảo đảm tiến độ thực hiện Kế hoạch, {office} đề nghị {unit} khẩn trương hoàn thành các nhiệm vụ nêu trên và báo cáo kết quả bằng văn bản (ghi rõ số, ngày văn bản chứng minh) về {office}{via} trước ngày {reply}."
        )),
        Block::Paragraph(msg!(
            "The {office} asks the {unit} to give this its attention./.",
            "{office} đề nghị {unit} quan tâm thực hiện./."
        )),
    ];
    let first = cited.first().copied();
    Document {
        kind: Kind::Letter,
        header: Some(Header::of(
            s.office,
            Kind::Letter,
            s.date,
            crate::i18n::lang(),
        )),
        name: None,
        subject,
        addressee: Some(msg!("To: the {unit}.", "Kính gửi: {unit}.")),
        body,
        recipients: vec![
            tr("As above;", "Như trên;").into(),
            archive(Some(s.office), first),
        ],
        signature: s
            .office
            .signer
            .as_ref()
            .or_else(|| first.and_then(|p| p.signer.as_ref()))
            .map(Signature::of),
        title: msg!(
            "Reminder to the {unit}, {date}",
            "Công văn đôn đốc {unit}, ngày {date}"
        ),
    }
}

fn reply_by(ctx: &Context, args: &RemindArgs) -> Result<NaiveDate> {
    let Some(text) = &args.reply_by else {
        return Ok(ctx.as_of + chrono::Days::new(7));
    };
    let d = date::parse(text).map_err(|e| Error::Usage(format!("--reply-by: {e}")))?;
    if d <= ctx.as_of {
        let (d, as_of) = (format_vn(d), format_vn(ctx.as_of));
        return Err(Error::Usage(msg!(
            "--reply-by {d} is not after the letter's date {as_of} — give a later date",
            "--reply-by {d} không sau ngày của công văn {as_of} — hãy ghi một ngày sau đó"
        )));
    }
    Ok(d)
}

/// Runs `remind`.
pub fn run(ctx: &Context, args: &RemindArgs) -> Result<Outcome> {
    let ctx = &ctx.document_format(args.output.as_deref());
    let within = status::span_days(&args.within, 366)
        .map_err(|e| status::span_error("--within", &args.within, e, "7d or 7", "1w"))?;
    let reply_by = reply_by(ctx, args)?;
    if ctx.format == Format::Docx
        && let Some(o) = args.output.as_deref()
        && o.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
    {
        let shown = o.display();
        return Err(Error::Usage(msg!(
            "-o {shown}: the letters are one file per unit — give a folder, e.g. -o thu/",
            "-o {shown}: mỗi đơn vị một tệp công văn — hãy chỉ một thư mục, ví dụ -o thu/"
        )));
    }
    if ctx.format == Format::Docx && args.output.as_deref().is_none_or(crate::outfile::is_stdout) {
        return Err(Error::Usage(
            tr(
                "--format docx writes one file per unit: give the folder with -o DIR",
                "--format docx ghi mỗi đơn vị một tệp: hãy chỉ thư mục bằng -o THƯ_MỤC",
            )
            .into(),
        ));
    }
    if matches!(
        ctx.format,
        Format::Csv | Format::Jsonl | Format::Ics | Format::Xlsx
    ) {
        return Err(Error::Usage(
            tr(
                "reminder letters are written as text (the default), md, html, json or docx",
                "công văn đôn đốc được xuất dưới dạng văn bản (mặc định), md, html, json hoặc docx",
            )
            .into(),
        ));
    }
    let store = open_synced(ctx)?;
    let office = store.office()?.ok_or_else(no_office)?;
    let rows = status::rows(&store, &args.filter, None, ctx.as_of)?;
    // The office does not write to itself: what it owes is said here, for its leaders to see to.
    let own = crate::text::word_key(&office.name);
    let (letters, own_owed): (Vec<Letter>, Vec<Letter>) = letters(rows, within)
        .into_iter()
        .partition(|l| crate::text::word_key(&l.name) != own);
    for l in &own_owed {
        let (n, name) = (l.owed.len(), &l.name);
        let tasks: Vec<&str> = l.owed.iter().map(|o| o.row.item.task.as_str()).collect();
        let tasks = tasks.join(", ");
        crate::say!(
            "plan: {}",
            msg!(
                "note: the {name} itself owes {n} of these deadlines ({tasks}): no letter is written to the office",
                "lưu ý: chính {name} còn {n} thời hạn ({tasks}): không viết công văn gửi chính cơ quan"
            )
        );
    }
    let mut plans = BTreeMap::new();
    for id in letters
        .iter()
        .flat_map(|l| l.owed.iter().map(|o| o.row.item.plan.clone()))
    {
        if !plans.contains_key(&id)
            && let Some(d) = store.plan_doc(&id)?
        {
            plans.insert(id, d.plan);
        }
    }
    let setting = Setting {
        office: &office,
        plans: &plans,
        date: ctx.as_of,
        reply_by,
    };
    let docs: Vec<(&Letter, Document)> = letters
        .iter()
        .map(|l| (l, letter_document(l, &setting)))
        .collect();
    if ctx.format == Format::Docx {
        let dir = args.output.as_deref().expect("checked above");
        write_folder(ctx, dir, &docs)?;
    } else {
        output(ctx, args.output.as_deref(), |out| {
            write_letters(ctx, &docs, &setting, within, out)
        })?;
    }
    let (n, date) = (docs.len(), format_vn(ctx.as_of));
    let letters = crate::i18n::count(n, "letter", "letters");
    crate::say!(
        "plan: {}",
        msg!(
            "{letters} as of {date}",
            "{n} công văn đôn đốc tính đến ngày {date}"
        )
    );
    Ok(if docs.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Found
    })
}

fn write_letters(
    ctx: &Context,
    docs: &[(&Letter, Document)],
    s: &Setting<'_>,
    within: i64,
    out: &mut dyn Write,
) -> Result<()> {
    match ctx.format {
        Format::Json => {
            let letters: Vec<serde_json::Value> = docs
                .iter()
                .map(|(l, _)| {
                    let t = listing(l, true);
                    json!({
                        "unit_id": l.id,
                        "unit": l.name,
                        "deadlines": t.rows.iter().map(|r| t.json_row(r)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let v = json!({
                "date": format_iso(s.date),
                "within_days": within,
                "reply_by": format_iso(s.reply_by),
                "letters": letters,
            });
            crate::render::write_json(&v, out)?;
        }
        Format::Html => {
            for (i, (_, d)) in docs.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "<div style=\"page-break-before:always\"></div>")?;
                }
                html::document(d, out)?;
            }
        }
        Format::Md => {
            for (i, (_, d)) in docs.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                markdown::document(d, out)?;
            }
        }
        _ => {
            for (i, (_, d)) in docs.iter().enumerate() {
                if i > 0 {
                    // A line a mail reader shows as it is, between one letter and the next.
                    writeln!(out, "\n{}\n", "=".repeat(72))?;
                }
                crate::render::text::document(d, out)?;
            }
        }
    }
    Ok(())
}

/// One `UNIT-ID.docx` per letter in `dir`, made if missing; never through a link, each file whole.
fn write_folder(ctx: &Context, dir: &Path, docs: &[(&Letter, Document)]) -> Result<()> {
    let shown = dir.display();
    // "thu/" names the link itself, not where it leads: a trailing slash would make the system follow it.
    let dir = dir.components().as_path();
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::Usage(msg!(
                "-o {shown} is a symbolic link — give the folder itself for the letters: plan does not write through links",
                "-o {shown} là liên kết tượng trưng — hãy chỉ chính thư mục cho các công văn: plan không ghi qua liên kết"
            )));
        }
        Ok(m) if !m.is_dir() => {
            return Err(Error::Usage(msg!(
                "-o {shown} is not a folder — give a folder for the letters, e.g. -o thu/",
                "-o {shown} không phải thư mục — hãy chỉ một thư mục cho các công văn, ví dụ -o thu/"
            )));
        }
        Ok(_) => {}
        Err(_) => std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            what: msg!("making the folder {shown}", "tạo thư mục {shown}"),
            source,
        })?,
    }
    // Every letter's file is checked before the first is written: a refusal leaves the folder as it was.
    for (l, _) in docs {
        super::check_output(ctx, &dir.join(format!("{}.docx", l.id)))?;
    }
    // All the letters are written first into a folder of the run's own; a failure (a full disk) removes it
    // and leaves the folder as it was. Then each is moved into place.
    let io = |what: String| move |source| Error::Io { what, source };
    let staging = tempfile::Builder::new()
        .prefix(".plan-letters-")
        .tempdir_in(dir)
        .map_err(io(msg!("writing into {shown}", "ghi vào {shown}")))?;
    for (l, d) in docs {
        let name = format!("{}.docx", l.id);
        std::fs::write(staging.path().join(&name), docx::write(d)?)
            .map_err(io(format!("{}/{name}", dir.display())))?;
    }
    for (l, _) in docs {
        let name = format!("{}.docx", l.id);
        std::fs::rename(staging.path().join(&name), dir.join(&name))
            .map_err(io(format!("{}/{name}", dir.display())))?;
    }
    stale_letters(dir, docs);
    Ok(())
}

/// Says which letters in the folder this run did not write: an earlier run's, to a unit that owes nothing now.
fn stale_letters(dir: &Path, docs: &[(&Letter, Document)]) {
    let written: Vec<String> = docs.iter().map(|(l, _)| format!("{}.docx", l.id)).collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut stale: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".docx") && !n.starts_with('.') && !written.contains(n))
        .collect();
    stale.sort();
    for n in stale {
        let path = dir.join(&n);
        let shown = path.display();
        crate::say!(
            "plan: {}",
            msg!(
                "warning: {shown} was not written by this run (its unit owes nothing now) — remove it before sending the letters",
                "cảnh báo: {shown} không do lần chạy này ghi (đơn vị đó nay không còn nợ việc) — hãy xóa trước khi gửi công văn"
            )
        );
    }
}
