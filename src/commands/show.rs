//! `plan show TASK` and `plan show PLAN`: one task, or one plan's document, in full. JSON gives one object;
//! TSV, CSV and JSON Lines give the deadline rows (the status columns); the table gives everything in sections.

use super::{open_synced, print, status};
use crate::Outcome;
use crate::cli::{FilterArgs, ShowArgs};
use crate::context::Context;
use crate::date::{format_iso, format_vn};
use crate::error::{Error, Result};
use crate::i18n::{Lang, lang, tr};
use crate::msg;
use crate::render::{self, Format, Listing, Value};
use crate::store::events::EventOn;
use crate::store::{PlanDoc, Store};
use serde_json::json;
use std::io::Write;

/// Runs `show`.
pub fn run(ctx: &Context, args: &ShowArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    if let Some(n) = args.revision {
        return show_revision(ctx, &store, &args.task, n);
    }
    if !args.task.contains('/')
        && let Some(doc) = store.plan_doc(&args.task)?
    {
        let filter = FilterArgs {
            plan: Some(doc.plan.id.clone()),
            ..FilterArgs::default()
        };
        let rows = status::rows(&store, &filter, None, ctx.as_of)?;
        let events = events_listing(&store.event_dates_on(&doc.plan.id, ctx.as_of)?);
        let deadlines = status::listing(&rows, ctx.format.is_data());
        return show_plan(ctx, &doc, &deadlines, &events);
    }
    let task = store.find_task(&args.task)?;
    let detail = store.task_detail(&task)?;
    let filter = FilterArgs {
        plan: Some(task.plan.clone()),
        unit: None,
        ..FilterArgs::default()
    };
    let rows = status::rows(&store, &filter, Some(task.rid), ctx.as_of)?;
    let deadlines = status::listing(&rows, ctx.format.is_data());
    let history = super::history::listing(&store.history(None, Some(task.rid))?);
    match ctx.format {
        Format::Tsv
        | Format::Csv
        | Format::Jsonl
        | Format::Md
        | Format::Html
        | Format::Xlsx
        | Format::Ics
        | Format::Docx => {
            print(ctx, &deadlines)?;
        }
        Format::Json => {
            let units = |role: &str| -> Vec<serde_json::Value> {
                detail
                    .units
                    .iter()
                    .filter(|(r, _)| r == role)
                    .map(|(_, u)| json!({"id": u.id, "name": u.name}))
                    .collect()
            };
            let refs: Vec<serde_json::Value> = detail
                .references
                .iter()
                .map(|r| json!({"number": r.number, "kind": r.kind, "date": r.date.map(format_iso), "issuer": r.issuer, "subject": r.subject}))
                .collect();
            let doc = json!({
                "plan": detail.plan,
                "plan_title": detail.plan_title,
                "task": detail.task,
                "section": detail.section,
                "title": detail.title,
                "text": detail.text,
                "withdrawn": detail.withdrawn,
                "lead": units("lead"),
                "members": units("member"),
                "support": units("support"),
                "report_to": units("report_to"),
                "references": refs,
                "deadlines": deadlines.rows.iter().map(|r| deadlines.json_row(r)).collect::<Vec<_>>(),
                "history": history.rows.iter().map(|r| history.json_row(r)).collect::<Vec<_>>(),
            });
            let mut out = super::stdout(ctx);
            render::write_json(&doc, &mut out)?;
        }
        Format::Table => {
            let mut out = super::stdout(ctx);
            writeln!(out, "{}/{} — {}", detail.plan, detail.task, detail.title)?;
            let plan_title = &detail.plan_title;
            writeln!(
                out,
                "{}",
                msg!("Plan: {plan_title}", "Kế hoạch: {plan_title}")
            )?;
            if detail.withdrawn {
                writeln!(
                    out,
                    "{}",
                    tr(
                        "Withdrawn: this task is no longer in its plan file; its history is kept.",
                        "Đã bãi bỏ: nhiệm vụ này không còn trong tệp kế hoạch; lịch sử vẫn được giữ."
                    )
                )?;
            }
            writeln!(out, "\n{}\n", detail.text)?;
            for (role, label) in [
                ("lead", tr("Lead (chủ trì)", "Chủ trì")),
                (
                    "member",
                    tr(
                        "Owed by each of (its deadlines are tracked per unit)",
                        "Từng đơn vị phải thực hiện (thời hạn được theo dõi theo từng đơn vị)",
                    ),
                ),
                ("support", tr("Support (phối hợp)", "Phối hợp")),
                ("report_to", tr("Reports to", "Báo cáo về")),
            ] {
                let names: Vec<String> = detail
                    .units
                    .iter()
                    .filter(|(r, _)| r == role)
                    .map(|(_, u)| format!("{} ({})", u.name, u.id))
                    .collect();
                if !names.is_empty() {
                    writeln!(out, "{label}: {}", names.join("; "))?;
                }
            }
            if !detail.references.is_empty() {
                writeln!(out, "{}", tr("References:", "Văn bản trích dẫn:"))?;
                for r in &detail.references {
                    let date = r
                        .date
                        .map(|d| format!(" ngày {}", format_vn(d)))
                        .unwrap_or_default();
                    writeln!(out, "  - {} số {}{date} của {}", r.kind, r.number, r.issuer)?;
                }
            }
            writeln!(out, "\n{}", tr("Deadlines:", "Thời hạn:"))?;
            drop(out);
            print(ctx, &deadlines)?;
            if !history.rows.is_empty() {
                println!("\n{}", tr("History:", "Lịch sử:"));
                print(ctx, &history)?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// One revision of a plan, as its file was when it was loaded: its terms, not their state today.
fn show_revision(ctx: &Context, store: &Store, plan: &str, n: i64) -> Result<Outcome> {
    if plan.contains('/') || !store.plan_exists(plan)? && store.find_task(plan).is_ok() {
        return Err(Error::Usage(msg!(
            "--revision goes with a plan's id, not a task: plan show PLAN --revision {n}",
            "--revision đi với mã kế hoạch, không phải nhiệm vụ: plan show KẾ_HOẠCH --revision {n}"
        )));
    }
    super::check_plan(store, Some(plan))?;
    let Some((file, text)) = store.revision_text(plan, n)? else {
        let count = store.revisions(plan)?.len();
        return Err(Error::Usage(msg!(
            "plan {plan} has no revision {n} — it has revisions 1 to {count} (see: plan revisions {plan})",
            "kế hoạch {plan} không có phiên bản {n} — chỉ có các phiên bản từ 1 đến {count} (xem: plan revisions {plan})"
        )));
    };
    let Some(text) = text else {
        return Err(Error::Usage(msg!(
            "revision {n} of {plan} was loaded before plan kept the text of revisions — its hash and date are in: plan revisions {plan}",
            "phiên bản {n} của {plan} được nạp trước khi plan lưu nội dung các phiên bản — mã băm và ngày nạp có trong: plan revisions {plan}"
        )));
    };
    let (parsed, _) = crate::planfile::check_bytes(std::path::Path::new(&file), text.as_bytes());
    let Some(parsed) = parsed.as_ref().and_then(|f| f.plan()).cloned() else {
        return Err(Error::Usage(msg!(
            "revision {n} of {plan} no longer reads as a plan file with this version of plan",
            "phiên bản {n} của {plan} không còn đọc được như một tệp kế hoạch với phiên bản plan này"
        )));
    };
    let mut cited_by: std::collections::HashMap<String, Vec<String>> = Default::default();
    for t in &parsed.tasks {
        for r in &t.references {
            cited_by.entry(r.clone()).or_default().push(t.id.clone());
        }
    }
    let loaded_at = store
        .revisions(plan)?
        .into_iter()
        .find(|r| r.n == n)
        .map(|r| r.loaded_at)
        .unwrap_or_default();
    let terms = terms(&parsed);
    let events = events_listing(
        &parsed
            .events
            .iter()
            .map(|e| EventOn {
                event: e.clone(),
                on: e.date,
                record: None,
            })
            .collect::<Vec<_>>(),
    );
    let doc = PlanDoc {
        plan: parsed,
        file,
        loaded_at,
        cited_by,
    };
    show_plan(ctx, &doc, &terms, &events)
}

/// A plan's events with the date each has on the day shown, and where it comes from.
fn events_listing(events: &[EventOn]) -> Listing {
    let mut l = Listing::new(vec![
        render::Column::all("event_id", "Event"),
        render::Column::all("event_name", "Name"),
        render::Column::all("on", "Date"),
        render::Column::all("source", "Source"),
    ]);
    for EventOn {
        event: e,
        on,
        record,
    } in events
    {
        let source = match on.map(|_| *record) {
            None => tr(
                "not known yet: record it with plan record PLAN --event ID --on DATE",
                "chưa có: ghi bằng plan record KẾ_HOẠCH --event MÃ --on NGÀY",
            )
            .to_string(),
            Some(None) => tr("the plan file", "tệp kế hoạch").to_string(),
            Some(Some(n)) => msg!(
                "recorded date #{n} (plan history --events)",
                "lần ghi ngày #{n} (plan history --events)"
            ),
        };
        l.rows.push(vec![
            Value::Text(e.id.clone()),
            Value::Text(e.name.clone()),
            on.map_or(Value::Null, Value::Date),
            Value::Text(source),
        ]);
    }
    l
}

/// A plan's tasks and deadlines as written: the listing of a revision.
fn terms(plan: &crate::domain::Plan) -> Listing {
    let mut l = Listing::new(vec![
        render::Column::all("task", "Task"),
        render::Column::all("title", "Title"),
        render::Column::all("lead", "Lead"),
        render::Column::all("deadline", "Deadline key"),
        render::Column::all("due", "Deadline"),
        render::Column::all("period", "Period"),
        render::Column::all("wording", "Wording"),
        render::Column::all("amended_by", "Amended by"),
    ]);
    for t in &plan.tasks {
        let base = |l: &mut Listing, cells: [Value; 5]| {
            let [deadline, due, period, wording, amended] = cells;
            l.rows.push(vec![
                Value::Text(t.id.clone()),
                Value::Text(t.title.clone()),
                Value::List(t.lead.clone()),
                deadline,
                due,
                period,
                wording,
                amended,
            ]);
        };
        if t.deadlines.is_empty() {
            base(
                &mut l,
                [
                    Value::Null,
                    Value::Null,
                    Value::Null,
                    Value::Null,
                    Value::Null,
                ],
            );
        }
        for d in &t.deadlines {
            if let Some(r) = d.reckoning() {
                let on = plan
                    .events
                    .iter()
                    .find(|e| e.id == r.event)
                    .and_then(|e| e.date);
                let due = on.map(|on| r.due(on, &crate::calendar::WorkCalendar::default()));
                base(
                    &mut l,
                    [
                        Value::Text(d.key.clone()),
                        due.map_or(Value::Null, Value::Date),
                        Value::Null,
                        Value::Text(d.wording.clone()),
                        Value::Text(super::events::counted(r, on, lang())),
                    ],
                );
                continue;
            }
            for versions in d.timelines() {
                for v in versions {
                    let o = v.occurrence;
                    let by = v.amendment.map(|i| {
                        let a = &d.amendments[i];
                        let (on, by) = (format_vn(a.on), &a.by);
                        msg!("from {on}: {by}", "từ ngày {on}: {by}")
                    });
                    base(
                        &mut l,
                        [
                            Value::Text(d.key.clone()),
                            Value::Due(o.due, o.wording_kind(), by.is_some()),
                            Value::opt_period(o.period),
                            Value::Text(d.wording.clone()),
                            Value::opt_text(by),
                        ],
                    );
                }
            }
        }
    }
    l
}

fn show_plan(
    ctx: &Context,
    doc: &PlanDoc,
    deadlines: &Listing,
    events: &Listing,
) -> Result<Outcome> {
    let p = &doc.plan;
    let cited = |number: &str| {
        let objectives = p
            .objectives
            .iter()
            .filter(|o| o.references.iter().any(|r| r == number))
            .map(|o| o.id.clone());
        objectives
            .chain(doc.cited_by.get(number).cloned().unwrap_or_default())
            .collect::<Vec<_>>()
    };
    match ctx.format {
        Format::Tsv
        | Format::Csv
        | Format::Jsonl
        | Format::Md
        | Format::Html
        | Format::Xlsx
        | Format::Ics
        | Format::Docx => print(ctx, deadlines)?,
        Format::Json => {
            let refs: Vec<serde_json::Value> = p
                .references
                .iter()
                .map(|r| {
                    json!({"number": r.number, "kind": r.kind, "date": r.date.map(format_iso), "issuer": r.issuer,
                           "subject": r.subject, "basis": r.basis, "cited_by": cited(&r.number)})
                })
                .collect();
            let doc_json = json!({
                "plan": p.id,
                "title": p.title,
                "issuer": p.issuer,
                "province": p.province,
                "year": p.year,
                "number": p.number,
                "issued": p.issued.map(format_iso),
                "coordinator": p.coordinator,
                "signer": p.signer,
                "recipients": p.recipients,
                "units": p.units,
                "references": refs,
                "objectives": p.objectives,
                "preamble": p.preamble,
                "closing": p.closing,
                "file": doc.file,
                "loaded_at": doc.loaded_at,
                "tasks": deadlines.rows.iter().map(|r| deadlines.json_row(r)).collect::<Vec<_>>(),
                "events": events.rows.iter().map(|r| events.json_row(r)).collect::<Vec<_>>(),
            });
            render::write_json(&doc_json, &mut super::stdout(ctx))?;
        }
        Format::Table => {
            let mut out = super::stdout(ctx);
            writeln!(out, "{} — {}", p.id, p.title)?;
            let issuer = &p.issuer;
            let province = p
                .province
                .as_deref()
                .map(|v| format!(", {v}"))
                .unwrap_or_default();
            writeln!(
                out,
                "{}",
                msg!(
                    "Issued by {issuer}{province}",
                    "Cơ quan ban hành: {issuer}{province}"
                )
            )?;
            let number = p
                .number
                .as_deref()
                .unwrap_or(tr("(no number written)", "(không ghi số)"));
            let issued = p.issued.map_or(
                tr("(no date written)", "(không ghi ngày)").to_string(),
                format_vn,
            );
            let year = p.year;
            writeln!(
                out,
                "{}",
                msg!(
                    "Number: {number} · Date: {issued} · Year: {year}",
                    "Số, ký hiệu: {number} · Ngày ban hành: {issued} · Năm: {year}"
                )
            )?;
            if let Some(s) = &p.signer {
                let title = [s.on_behalf.as_deref(), s.title.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" / ");
                let signer = &s.name;
                writeln!(
                    out,
                    "{}",
                    msg!("Signed: {signer} ({title})", "Người ký: {signer} ({title})")
                )?;
            }
            if let Some(c) = &p.coordinator {
                let name = p
                    .units
                    .iter()
                    .find(|u| &u.id == c)
                    .map_or(c.as_str(), |u| u.name.as_str());
                writeln!(
                    out,
                    "{}",
                    msg!("Coordinating office: {name}", "Đơn vị đầu mối: {name}")
                )?;
            }
            drop(out);
            let mut refs = Listing::new(vec![
                render::Column::all("number", "Number"),
                render::Column::all("kind", "Kind"),
                render::Column::all("date", "Date"),
                render::Column::all("issuer", "Issuer"),
                render::Column::all("cited_by", "Cited by"),
            ]);
            for r in &p.references {
                let mut by = cited(&r.number);
                if r.basis {
                    by.insert(0, tr("basis", "căn cứ").into());
                }
                refs.rows.push(vec![
                    Value::Text(r.number.clone()),
                    Value::Text(r.kind.clone()),
                    Value::opt_date(r.date),
                    Value::Text(r.issuer.clone()),
                    Value::List(by),
                ]);
            }
            println!("\n{}", tr("References:", "Văn bản trích dẫn:"));
            print(ctx, &refs)?;
            let mut units = Listing::new(vec![
                render::Column::all("id", "Unit"),
                render::Column::all("name", "Name"),
                render::Column::all("aliases", "Also written"),
            ]);
            for u in &p.units {
                units.rows.push(vec![
                    Value::Text(u.id.clone()),
                    Value::Text(u.name.clone()),
                    Value::List(u.aliases.clone()),
                ]);
            }
            println!("\n{}", tr("Units:", "Đơn vị:"));
            print(ctx, &units)?;
            println!("\n{}", tr("Recipients (Nơi nhận):", "Nơi nhận:"));
            for r in &p.recipients {
                println!("  - {} ({})", r.name, role_name(&r.role));
            }
            if !events.rows.is_empty() {
                println!(
                    "\n{}",
                    tr(
                        "Events (deadlines are counted from them):",
                        "Sự kiện (thời hạn được tính từ các sự kiện này):"
                    )
                );
                print(ctx, events)?;
            }
            println!("\n{}", tr("Tasks and deadlines:", "Nhiệm vụ và thời hạn:"));
            print(ctx, deadlines)?;
        }
    }
    Ok(Outcome::Clean)
}

/// A recipient's role as people read it: the stable key in English, words in Vietnamese.
fn role_name(role: &str) -> &str {
    if lang() == Lang::En {
        return role;
    }
    match role {
        "bao-cao" => "báo cáo",
        "phoi-hop" => "phối hợp",
        "thuc-hien" => "thực hiện",
        "de-biet" => "để biết",
        "luu" => "lưu",
        other => other,
    }
}
