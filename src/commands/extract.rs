//! `plan extract FILE`: a draft plan file (or a JSON report) from the text of a real plan, for a clerk to
//! review instead of typing the plan in by hand.
//!
//! Reads the file (UTF-8 text or a Word .docx), hands its lines to [`crate::extract`], writes the draft to
//! stdout or atomically to `-o FILE`, and checks that the draft validates: a draft `plan validate` refuses
//! is a bug, reported on stderr rather than left for the clerk to find.

use super::output;
use crate::Outcome;
use crate::cli::{ExtractArgs, FormatArg};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::extract;
use crate::i18n::tr;
use crate::render::Format;
use chrono::Datelike;
use std::path::Path;

/// The bytes of the document: a regular file within [`crate::infile::MAX_DOCUMENT`].
fn read(path: &Path) -> Result<Vec<u8>> {
    use crate::infile::{MAX_DOCUMENT, ReadError, size};
    let shown = path.display();
    crate::infile::read(path, MAX_DOCUMENT).map_err(|e| match e {
        ReadError::NotRegular => Error::Usage(crate::msg!(
            "{shown} is not a regular file (a folder, FIFO or device) — give the plan's text as a file (.txt, UTF-8), a Word .docx or a PDF",
            "{shown} không phải tệp thông thường (thư mục, FIFO hoặc thiết bị) — hãy đưa văn bản kế hoạch dưới dạng tệp (.txt, UTF-8) hoặc tệp Word .docx"
        )),
        ReadError::TooLarge(n) => {
            let (n, max) = (size(n), size(MAX_DOCUMENT));
            Error::Usage(crate::msg!(
                "{shown} is {n}, larger than a plan's text can be ({max}) — give the plan's own text, not a whole collection",
                "{shown} có dung lượng {n}, lớn hơn giới hạn văn bản một kế hoạch ({max}) — hãy đưa riêng văn bản của kế hoạch"
            ))
        }
        ReadError::Io(source) => Error::Io {
            what: format!("{} {shown}", tr("reading", "đọc")),
            source,
        },
    })
}

/// Runs `plan extract`.
pub fn run(ctx: &Context, args: &ExtractArgs) -> Result<Outcome> {
    let path = &args.file;
    if let Some(out) = args
        .output
        .as_deref()
        .filter(|o| !crate::outfile::is_stdout(o))
        && crate::outfile::same_file(path, out)
    {
        let shown = out.display();
        return Err(Error::Usage(crate::msg!(
            "-o {shown} is the file being read — name another file for the draft, e.g. -o plans/NEW.toml",
            "-o {shown} chính là tệp đang đọc — hãy ghi bản nháp ra tệp khác, ví dụ -o plans/MỚI.toml"
        )));
    }
    let bytes = read(path)?;
    let is_zip = bytes.starts_with(b"PK\x03\x04");
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let (lines, wrapped) = if is_zip {
        let lines = extract::docx::read(&bytes).map_err(|e| {
            Error::Usage(format!(
                "{}: {e} — {}",
                path.display(),
                tr(
                    "save it again from Word as .docx, or as plain text (.txt, UTF-8)",
                    "hãy lưu lại từ Word dưới dạng .docx, hoặc văn bản thuần (.txt, UTF-8)"
                )
            ))
        })?;
        (lines, false)
    } else if extract::pdf::is_pdf(&bytes) {
        let text = extract::pdf::text(path, crate::infile::MAX_DOCUMENT)
            .map_err(|e| pdf_error(path, e))?;
        (extract::text::split_lines(&text), true)
    } else if ext == "pdf" {
        let shown = path.display();
        return Err(Error::Usage(crate::msg!(
            "{shown} is named .pdf but is not a PDF (it does not start with %PDF-) — give the PDF itself, or rename a text file to .txt",
            "{shown} có đuôi .pdf nhưng không phải tệp PDF (không bắt đầu bằng %PDF-) — hãy đưa chính tệp PDF, hoặc đổi tên tệp văn bản thành .txt"
        )));
    } else if ext == "doc" || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(Error::Usage(format!(
            "{}: {}",
            path.display(),
            tr(
                "an old Word .doc file cannot be read — save it as .docx or as plain text (.txt, UTF-8)",
                "không đọc được tệp Word .doc cũ — hãy lưu thành .docx hoặc văn bản thuần (.txt, UTF-8)"
            )
        )));
    } else {
        let text = std::str::from_utf8(&bytes).map_err(|e| {
            let at = e.valid_up_to();
            Error::Usage(format!(
                "{}: {} {at}) — {}",
                path.display(),
                tr(
                    "is not UTF-8 text (at byte",
                    "không phải văn bản UTF-8 (tại byte"
                ),
                tr(
                    "save it as UTF-8 text, or give the .docx)",
                    "hãy lưu dưới dạng văn bản UTF-8, hoặc dùng tệp .docx)"
                )
            ))
        })?;
        (extract::text::split_lines(text), true)
    };
    let found = extract::extract(&lines, wrapped);
    let json = match args.format {
        Some(FormatArg::Json) => true,
        Some(_) => false,
        None => ctx.format == Format::Json,
    };
    let id = plan_id(args, found.head.date.map(|d| d.year()));
    let shown = path.display().to_string();
    // What the summary counts: the draft as `validate` reads it, so that the two agree.
    let mut counts = Counts {
        tasks: found.tasks.len(),
        deadlines: found.deadlines.len(),
        references: found.references.len(),
        units: found.units.len(),
        review: found.review.len(),
    };
    let bytes = if json {
        extract::render::json(&found)
    } else {
        let draft = extract::render::toml(&found, &id, &shown, ctx.as_of.year());
        let (checked, diagnostics) =
            crate::planfile::check_bytes(Path::new("draft.toml"), draft.as_bytes());
        if let Some(crate::planfile::PlanFile {
            content: crate::planfile::Content::Plan(plan),
            ..
        }) = &checked
        {
            counts = Counts {
                tasks: plan.tasks.len(),
                deadlines: plan.tasks.iter().map(|t| t.deadlines.len()).sum(),
                references: plan.references.len(),
                units: plan.units.len(),
                review: 0,
            };
        }
        counts.review = draft.lines().filter(|l| l.starts_with("# REVIEW:")).count();
        for d in diagnostics
            .iter()
            .filter(|d| d.severity == crate::planfile::Severity::Error)
        {
            crate::say!(
                "plan: {} {d}",
                tr("the draft does not validate:", "bản nháp chưa hợp lệ:")
            );
        }
        draft
    };
    output(ctx, args.output.as_deref(), |out| {
        Ok(out.write_all(bytes.as_bytes())?)
    })?;
    if let Some(out) = &args.output {
        let shown = out.display();
        let Counts {
            tasks,
            deadlines,
            references: refs,
            units,
            review,
        } = counts;
        let counted = super::validate::counted(tasks, deadlines, refs, units);
        crate::say!(
            "{}",
            crate::msg!(
                "{shown}: {counted}, {review} to review (# REVIEW:)",
                "{shown}: {tasks} nhiệm vụ, {deadlines} thời hạn, {refs} văn bản trích dẫn, {units} đơn vị, {review} chỗ cần xem lại (# REVIEW:)"
            )
        );
    }
    Ok(Outcome::Clean)
}

/// Why a PDF was not read, and what to do.
fn pdf_error(path: &Path, e: extract::pdf::PdfError) -> Error {
    use extract::pdf::PdfError;
    let shown = path.display();
    Error::Usage(match e {
        PdfError::NoReader => crate::msg!(
            "{shown}: reading a PDF needs pdftotext, which is not installed — install poppler-utils (Debian, Ubuntu: apt-get install poppler-utils), or save the plan as .docx or plain text",
            "{shown}: đọc tệp PDF cần chương trình pdftotext, máy chưa cài — hãy cài poppler-utils (Debian, Ubuntu: apt-get install poppler-utils), hoặc lưu kế hoạch thành .docx hay văn bản thuần"
        ),
        PdfError::Unreadable(said) => crate::msg!(
            "{shown}: the PDF cannot be read ({said}) — open it and save it again as PDF, .docx or plain text",
            "{shown}: không đọc được tệp PDF ({said}) — hãy mở và lưu lại thành PDF, .docx hoặc văn bản thuần"
        ),
        PdfError::TooSlow => {
            let secs = extract::pdf::TIME_LIMIT.as_secs();
            crate::msg!(
                "{shown}: reading the PDF took longer than {secs} s and was stopped — save the plan again as PDF, .docx or plain text",
                "{shown}: đọc tệp PDF quá {secs} giây nên đã dừng — hãy lưu lại kế hoạch thành PDF, .docx hoặc văn bản thuần"
            )
        }
        PdfError::TooLarge => crate::msg!(
            "{shown}: the PDF holds more text than a plan can — give the plan's own document",
            "{shown}: tệp PDF chứa nhiều chữ hơn giới hạn một kế hoạch — hãy đưa riêng văn bản của kế hoạch"
        ),
        PdfError::NoText { pages } => {
            let of = crate::i18n::count(pages, "page", "pages");
            crate::msg!(
                "{shown}: the PDF has no text to read ({of} of pictures: a scan) — plan does not read scans (OCR); ask the sender for the signed PDF exported from the document system, or for the .docx",
                "{shown}: tệp PDF không có lớp chữ ({pages} trang ảnh: bản quét) — plan không đọc bản quét (OCR); hãy xin nơi gửi bản PDF xuất từ hệ thống quản lý văn bản, hoặc tệp .docx"
            )
        }
    })
}

/// What a draft holds, for the line `extract -o` prints.
struct Counts {
    tasks: usize,
    deadlines: usize,
    references: usize,
    units: usize,
    review: usize,
}

/// `--id`, else the -o file's name, else the input's name, as an ASCII id.
fn plan_id(args: &ExtractArgs, year: Option<i32>) -> String {
    if let Some(id) = &args.id {
        return id.clone();
    }
    let stem = args
        .output
        .as_deref()
        .and_then(Path::file_stem)
        .or_else(|| args.file.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = crate::extract::slug_id(&stem);
    if id.is_empty() {
        format!("{}-ke-hoach", year.unwrap_or(2000))
    } else {
        id
    }
}
