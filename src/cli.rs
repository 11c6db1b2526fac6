//! The command line (clap derive). The doc comments here are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Track a Vietnamese agency's plans (Kế hoạch): what is due, what is done on time or late, what is overdue.
///
/// Plans are TOML files (see docs/plan-format.md) loaded into a store — a local SQLite file, or a PostgreSQL
/// database shared by many offices (--db postgresql://…); progress is an append-only history. Dates are
/// day-first: 12/4/2022 is 12 April 2022.
///
/// Exit codes: 0 ok · 1 something found (overdue, upcoming) · 2 error or invalid input.
#[derive(Debug, Parser)]
#[command(name = "plan", version, max_term_width = 110)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The store: a SQLite file, or a shared PostgreSQL database (postgresql://ROLE@HOST/DB) [default: from the
    /// config file, else the platform data folder, e.g. ~/.local/share/plan/plan.db]
    #[arg(long, global = true, env = "PLAN_DB", value_name = "FILE|URL")]
    pub db: Option<PathBuf>,

    /// A plans folder to sync into the store before every command (changed files are reloaded)
    #[arg(long, global = true, env = "PLAN_PLANS", value_name = "DIR")]
    pub plans: Option<PathBuf>,

    /// Answer as of this date instead of today (day first: 12/6/2022, or 2022-06-12)
    #[arg(long, global = true, env = "PLAN_AS_OF", value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format [default: table on a terminal, tsv otherwise; md for report]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// The config file [default: the platform config folder, e.g. ~/.config/plan/config.toml]
    #[arg(long, global = true, env = "PLAN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Language of tables, messages and help: vi or en [default: the config file's `lang`, else LC_ALL/LANG]
    #[arg(long, global = true, env = "PLAN_LANG", value_name = "LANG", value_parser = ["vi", "en"])]
    pub lang: Option<String>,
}

/// Writes a completion script for a shell.
pub fn completions(
    shell: clap_complete::Shell,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut cmd, "plan", out);
    Ok(())
}

/// Writes the manual page (roff).
pub fn man(out: &mut dyn std::io::Write) -> std::io::Result<()> {
    clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(out)
}

/// The command line with its help summaries in Vietnamese (flags and keys stay as they are).
pub fn vietnamese(cmd: clap::Command) -> clap::Command {
    const ABOUT: &[(&str, &str)] = &[
        (
            "validate",
            "Kiểm tra tệp kế hoạch (hoặc thư mục) mà không nạp; mã thoát 2 nếu có lỗi",
        ),
        (
            "load",
            "Kiểm tra rồi nạp các tệp kế hoạch vào kho dữ liệu trong một giao dịch",
        ),
        ("plans", "Liệt kê các kế hoạch đã nạp"),
        (
            "status",
            "Mọi thời hạn (hoặc từng kỳ của thời hạn định kỳ) và tình trạng tính đến một ngày",
        ),
        (
            "overdue",
            "Các thời hạn đã quá mà chưa hoàn thành, cũ nhất trước; mã thoát 1 nếu có (dùng cho cron)",
        ),
        ("upcoming", "Các thời hạn sắp đến; mã thoát 1 nếu có"),
        (
            "show",
            "Toàn bộ một nhiệm vụ (hoặc một kế hoạch): nội dung, đơn vị, văn bản, thời hạn, lịch sử",
        ),
        (
            "record",
            "Ghi nhận tiến độ: hoàn thành, mở lại, phần trăm, ghi chú, vướng mắc, hoặc hủy một ghi nhận",
        ),
        ("history", "Lịch sử ghi nhận tiến độ, cũ nhất trước"),
        (
            "refs",
            "Các văn bản được trích dẫn; một văn bản và nơi trích dẫn; hoặc --check hiệu lực",
        ),
        (
            "find",
            "Tìm nhiệm vụ theo nội dung hoặc văn bản, không phân biệt hoa thường và dấu; mã thoát 1 nếu không thấy",
        ),
        (
            "units",
            "Các đơn vị trong kế hoạch, theo thứ tự chữ cái tiếng Việt",
        ),
        ("help", "In trợ giúp của lệnh hoặc lệnh con"),
        (
            "extract",
            "Lập bản nháp tệp kế hoạch từ văn bản kế hoạch (.txt, .docx hoặc PDF có lớp chữ): văn bản trích dẫn, nhiệm vụ, đơn vị, thời hạn",
        ),
        (
            "check",
            "Kiểm tra kho dữ liệu: tính toàn vẹn của cơ sở dữ liệu, các chốt chặn chỉ-ghi-thêm, chuỗi băm của lịch sử, và mọi tổng hợp đều khớp với các ghi nhận; mã thoát 1 nếu có lỗi",
        ),
        (
            "backup",
            "Sao lưu kho dữ liệu ra TỆP, một bản SQLite nhất quán (an toàn khi đang ghi) ghi lại thời điểm sao lưu và không bao giờ được đồng bộ hay ghi nhận thêm; hoặc sao chép vào một cơ sở dữ liệu PostgreSQL trống (backup postgresql://…)",
        ),
        (
            "restore",
            "Tạo kho dữ liệu mới (--db MỚI.db, chưa tồn tại, hoặc một cơ sở dữ liệu PostgreSQL trống) từ một bản sao lưu của plan backup",
        ),
        (
            "store",
            "Chuẩn bị kho dữ liệu PostgreSQL dùng chung: plan store init",
        ),
        (
            "holidays",
            "Các ngày nghỉ của cơ quan nhà nước trong một năm (Bộ luật Lao động 2019, Điều 111–112), mỗi ngày kèm lý do",
        ),
        (
            "days",
            "Tính ngày theo ngày làm việc hoặc ngày lịch: plan days 13/2/2026 +5wd",
        ),
        (
            "users",
            "Ai được ghi gì trong kho PostgreSQL dùng chung: gán vai trò cơ sở dữ liệu cho đơn vị và văn phòng",
        ),
        (
            "revisions",
            "Các phiên bản của một kế hoạch: nạp lúc nào, từ tệp nào, thay đổi những gì",
        ),
        (
            "export",
            "Xuất tình hình thực hiện dưới dạng csv, tsv, json, jsonl, md, html, xlsx hoặc ics (lịch)",
        ),
        (
            "report",
            "Báo cáo định kỳ của một kỳ (2022-H1, 2022-Q3, 2022, 2022-06) dưới dạng md, html, docx, xlsx hoặc json",
        ),
        (
            "remind",
            "Công văn đôn đốc: mỗi đơn vị còn việc quá hạn hoặc sắp đến hạn một công văn, dưới dạng văn bản, md, json, hoặc các tệp docx trong -o THƯ_MỤC",
        ),
        (
            "completions",
            "In tập lệnh tự hoàn thành cho shell: bash, zsh, fish, powershell hoặc elvish",
        ),
        ("man", "In trang hướng dẫn (roff): plan man | man -l -"),
    ];
    const ARGS: &[(&str, &str)] = &[
        (
            "db",
            "Kho dữ liệu: một tệp SQLite, hoặc cơ sở dữ liệu PostgreSQL dùng chung (postgresql://VAI_TRÒ@MÁY/CSDL) [mặc định: theo tệp cấu hình, nếu không thì thư mục dữ liệu của hệ thống]",
        ),
        (
            "plans",
            "Thư mục kế hoạch được đồng bộ trước mỗi lệnh (tệp thay đổi được nạp lại)",
        ),
        (
            "as_of",
            "Trả lời tính đến ngày này thay vì hôm nay (ngày trước: 12/6/2022, hoặc 2022-06-12)",
        ),
        (
            "format",
            "Định dạng kết quả [mặc định: bảng trên màn hình, TSV khi chuyển qua ống]",
        ),
        (
            "config",
            "Tệp cấu hình [mặc định: thư mục cấu hình của hệ thống, vd ~/.config/plan/config.toml]",
        ),
        (
            "lang",
            "Ngôn ngữ của bảng, thông báo và trợ giúp: vi hoặc en",
        ),
    ];
    const ABOUT_ROOT: &str = "Theo dõi kế hoạch của cơ quan nhà nước: việc nào đến hạn, hoàn thành đúng hạn hay quá hạn, việc nào đã quá hạn.";
    let mut cmd = cmd.about(ABOUT_ROOT).long_about(format!(
        "{ABOUT_ROOT}\n\nKế hoạch là các tệp TOML (xem docs/plan-format.md) được nạp vào kho dữ liệu — tệp SQLite trên máy, hoặc cơ sở dữ liệu PostgreSQL dùng chung; tiến độ là lịch sử \
         chỉ ghi thêm. Ngày viết theo thứ tự ngày/tháng/năm: 12/4/2022 là ngày 12 tháng 4 năm 2022.\n\n\
         Mã thoát: 0 thành công · 1 có kết quả cần chú ý (quá hạn, sắp đến hạn) · 2 lỗi hoặc dữ liệu không hợp lệ."
    ));
    for (id, help) in ARGS {
        cmd = cmd.mut_arg(*id, |a| a.help(*help));
    }
    for (name, about) in ABOUT {
        if cmd.find_subcommand(name).is_some() {
            cmd = cmd.mut_subcommand(*name, |s| s.about(*about).long_about(None));
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name.clone(), |s| vi_command(s, &name));
    }
    vi_command(cmd, "")
        .disable_version_flag(true)
        .arg(
            clap::Arg::new("version")
                .short('V')
                .long("version")
                .action(clap::ArgAction::Version)
                .help("In phiên bản"),
        )
        .subcommand_help_heading("Lệnh")
        .subcommand_value_name("LỆNH")
        .disable_help_subcommand(true)
        .subcommand(
            clap::Command::new("help")
                .about("In trợ giúp này, hoặc trợ giúp của lệnh đã cho")
                .arg(clap::Arg::new("command").num_args(0..).value_name("LỆNH")),
        )
}

/// The Vietnamese help of one option of a subcommand (`""` for the options every command takes).
fn vi_arg_help(command: &str, id: &str) -> Option<&'static str> {
    Some(match (command, id) {
        ("backup", "file") => "Nơi ghi bản sao",
        ("restore", "file") => "Bản sao do plan backup tạo",
        ("extract", "file") => {
            "Văn bản của kế hoạch: văn bản thuần UTF-8 (.txt), tệp Word (.docx) hoặc tệp PDF có lớp chữ (đọc bằng pdftotext của poppler)"
        }
        ("extract", "output") => {
            "Ghi bản nháp vào tệp này (an toàn, không ghi dở) thay vì ra màn hình, vd plans/2024-ubnd-cchc.toml"
        }
        ("remind", "output") => {
            "Thư mục ghi các công văn dạng docx (tạo nếu chưa có), mỗi đơn vị một tệp MÃ_ĐƠN_VỊ.docx: -o thu/; hoặc một tệp cho bản văn bản, md, html hay json của tất cả"
        }
        ("remind", "within") => {
            "Cả những gì đến hạn trong khoảng này sau --as-of: số ngày (7d hoặc 7) hoặc số tuần (1w); 0 nếu chỉ nhắc việc quá hạn"
        }
        ("remind", "reply_by") => "Ngày các đơn vị phải báo cáo lại [mặc định: 7 ngày sau --as-of]",
        ("report", "output") => {
            "Ghi vào tệp này (an toàn: ghi tệp tạm rồi đổi tên) thay vì ra màn hình; khi không có --format, phần mở rộng quyết định (.docx, .xlsx, .html, .json, .md)"
        }
        (_, "output") => "Ghi vào tệp này (an toàn: ghi tệp tạm rồi đổi tên) thay vì ra màn hình",
        ("extract", "format") => {
            "toml: tệp kế hoạch để xem lại [mặc định]; json: những gì đã tìm thấy, với các khóa cố định"
        }
        ("extract", "id") => {
            "Mã kế hoạch trong bản nháp [mặc định: theo tên tệp -o, nếu không thì theo tên tệp vào]"
        }
        ("refs", "plan") => "Chỉ các văn bản được kế hoạch này trích dẫn",
        ("revisions", "plan") | ("rewrites", "plan") => "Mã kế hoạch",
        (_, "plan") => "Chỉ kế hoạch này (mã kế hoạch)",
        ("report", "period") => {
            "Kỳ báo cáo: \"6 tháng đầu năm 2022\" hoặc 2022-H1, \"Quý III/2022\" hoặc 2022-Q3, \"năm 2022\" hoặc 2022, \"tháng 6/2022\" hoặc 2022-06 [mặc định: 6 tháng chứa ngày --as-of]"
        }
        (_, "period") => {
            "Kỳ nào của thời hạn định kỳ: \"Quý II/2022\" hoặc 2022-Q2, \"6 tháng đầu năm 2022\" hoặc 2022-H1, \"năm 2022\" hoặc 2022, \"tháng 5/2022\" hoặc 2022-05"
        }
        (_, "cutoff") => {
            "Ngày chốt số liệu [mặc định: theo Nghị định 09/2019/NĐ-CP cho kỳ: ngày 14 của tháng cuối kỳ]"
        }
        (_, "excel") => {
            "CSV: bắt đầu bằng dấu BOM UTF-8 để Excel trên Windows đọc đúng tiếng Việt (mặc định khi -o kết thúc bằng .csv)"
        }
        ("history", "events") => {
            "Thay vào đó, các lần ghi ngày của sự kiện (record KẾ_HOẠCH --event): biết từ ngày nào, ai ghi, theo văn bản nào"
        }
        (_, "events") => "ICS: sự kiện cả ngày thay vì việc cần làm",
        (_, "remind") => "ICS: nhắc trước mỗi thời hạn chừng này (3d, 1w)",
        (_, "shell") => "Trình shell",
        (_, "number") => {
            "Số, ký hiệu văn bản, viết thế nào cũng được (53/KH-UBND, \"Quyết định số 436-QĐ-UBND\", \"số 46 - CT/TW\"): hiện văn bản và nơi trích dẫn"
        }
        (_, "kind") => "Chỉ loại văn bản này (Kế hoạch, nghi dinh, hoặc mã loại như KH)",
        (_, "issuer") => {
            "Chỉ văn bản có cơ quan ban hành chứa đoạn chữ này (không phân biệt hoa thường, dấu)"
        }
        (_, "year") => "Chỉ văn bản của năm này (theo số hiệu, nếu không thì theo ngày)",
        (_, "check") => {
            "Liệt kê trích dẫn văn bản hết hiệu lực vào ngày --as-of, ban hành sau kế hoạch trích dẫn, hoặc có trong nội dung nhiệm vụ mà chưa liệt kê; mã thoát 1 nếu có"
        }
        (_, "text") => "Các từ hoặc số hiệu văn bản cần tìm (đủ mọi từ, theo thứ tự bất kỳ)",
        (_, "paths") => "Các tệp kế hoạch hoặc thư mục chứa chúng",
        (_, "unit") => {
            "Chỉ nhiệm vụ đơn vị này chủ trì, phối hợp, hoặc phải làm phần việc là thành viên (mã, tên hoặc tên khác; không phân biệt hoa thường, dấu)"
        }
        (_, "to") => {
            "Chỉ những gì phải báo cáo đơn vị này (\"ta còn nợ UBND tỉnh gì\"): nhiệm vụ có report_to là đơn vị đó"
        }
        (_, "quiet") => {
            "Không in gì: chỉ mã thoát cho biết có thời hạn quá hạn hay không (dừng ở thời hạn đầu tiên)"
        }
        (_, "state") => {
            "Chỉ các trạng thái này (lặp lại hoặc cách nhau bằng dấu phẩy): done_on_time, done_late, open, overdue, waiting, ongoing, withdrawn"
        }
        ("upcoming", "within") => {
            "Trong bao lâu tới: số ngày (14d hoặc 14), số tuần (2w) hoặc số ngày làm việc (10wd: bỏ qua ngày nghỉ hằng tuần và ngày nghỉ lễ, tết)"
        }
        (_, "within") => "Trong bao lâu tới: số ngày (14d hoặc 14) hoặc số tuần (2w)",
        ("history", "task") => "Chỉ nhiệm vụ này: KẾ_HOẠCH/NHIỆM_VỤ, hoặc NHIỆM_VỤ",
        ("show", "task") => {
            "Nhiệm vụ: KẾ_HOẠCH/NHIỆM_VỤ, hoặc NHIỆM_VỤ khi chỉ một kế hoạch có nó; hoặc mã một kế hoạch"
        }
        ("record", "task") => {
            "Nhiệm vụ: KẾ_HOẠCH/NHIỆM_VỤ (chỉ tệp của kế hoạch đó được kiểm tra thay đổi trước), hoặc NHIỆM_VỤ khi chỉ một kế hoạch có nó"
        }
        (_, "revision") => {
            "Với mã kế hoạch: lần sửa đổi đó của kế hoạch, như tệp lúc ấy (xem plan revisions KẾ_HOẠCH)"
        }
        (_, "deadline") => {
            "Thời hạn nào của nhiệm vụ: khóa của nó trong tệp kế hoạch, hoặc ngày đến hạn"
        }
        (_, "done") => "Công việc đã hoàn thành",
        (_, "reopen") => "Một thời hạn đã hoàn thành được mở lại",
        (_, "progress") => "Tiến độ một phần, tính theo phần trăm (0-100)",
        (_, "blocked") => "Công việc đang vướng mắc, và vì sao",
        (_, "retract") => "Hủy ghi nhận số N trong lịch sử (ghi nhầm); không xóa gì",
        (_, "note") => "Ghi chú (dùng riêng: một ghi nhận ghi chú)",
        (_, "on") => "Ngày công việc được thực hiện [mặc định: ngày --as-of, tức hôm nay]",
        (_, "by") => "Đơn vị đã thực hiện (mã, tên hoặc tên khác)",
        (_, "evidence") => "Văn bản chứng minh, vd \"Báo cáo số 45/BC-TTUD ngày 10/6/2022\"",
        ("record", "event") => {
            "Ghi ngày của một sự kiện của kế hoạch thay vào đó (TASK khi ấy là mã kế hoạch): ngày sự kiện diễn ra, hoặc ngày được ấn định, ghi bằng --on; các thời hạn tính từ sự kiện đi theo. Sự kiện dời ngày thì ghi lại với ngày mới; ngày ghi nhầm thì hủy bằng --retract SỐ (số thứ tự trong plan history --events)"
        }
        ("record", "since") => {
            "Với --event: ngày đầu tiên biết ngày đó (văn bản ấn định trước một ngày trong tương lai) [mặc định: ngày của sự kiện, hoặc ngày --as-of khi sự kiện chưa đến]"
        }
        _ => return None,
    })
}

/// One command's help in Vietnamese: its options' help, headings, the help flag, and the notes clap adds
/// (possible values, environment variable, default), which it would write in English.
fn vi_command(cmd: clap::Command, name: &str) -> clap::Command {
    // The usage line clap writes says [OPTIONS]: the same line with the Vietnamese word.
    let usage = cmd
        .clone()
        .render_usage()
        .to_string()
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[TÙY_CHỌN]")
        .replace("<COMMAND>", "<LỆNH>");
    // A subcommand rendered alone does not know the program's name.
    let usage = if name.is_empty() {
        usage
    } else {
        format!("plan {usage}")
    };
    let cmd = cmd
        .override_usage(usage)
        .help_template(
            "{before-help}{about-with-newline}\nCách dùng: {usage}\n\n{all-args}{after-help}\n",
        )
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("In trợ giúp"),
        );
    cmd.mut_args(|a| {
        let id = a.get_id().as_str().to_string();
        let mut help = match vi_arg_help(name, &id) {
            Some(h) => h.to_string(),
            None => a.get_help().map(|h| h.to_string()).unwrap_or_default(),
        };
        let values: Vec<String> = a
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && a.get_action().takes_values() {
            help = format!("{help} [giá trị: {}]", values.join(", "));
        }
        if let Some(env) = a.get_env() {
            help = format!("{help} [biến môi trường: {}]", env.to_string_lossy());
        }
        let defaults: Vec<String> = a
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help = format!("{help} [mặc định: {}]", defaults.join(", "));
        }
        let heading = if a.is_positional() {
            "Đối số"
        } else {
            "Tùy chọn"
        };
        let takes = a.get_action().takes_values();
        let a = a.help(help).hide_env(true).help_heading(heading);
        if takes {
            a.hide_possible_values(true).hide_default_value(true)
        } else {
            a
        }
    })
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table for people
    Table,
    /// Tab-separated values with a header
    Tsv,
    /// CSV (RFC 4180) with a header
    Csv,
    /// A JSON array
    Json,
    /// One JSON object per line
    Jsonl,
    /// A Markdown table
    Md,
    /// A self-contained HTML page
    Html,
    /// An Excel workbook (export, report; needs -o or a pipe)
    Xlsx,
    /// A Word document in the form of Nghị định 30/2020 (report: -o FILE.docx or a pipe; remind: -o DIR)
    Docx,
    /// An iCalendar file of open deadlines (export only)
    Ics,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files (or folders of them) without loading; exit 2 if any has an error
    Validate(ValidateArgs),
    /// Validate plan files, then load them into the store in one transaction
    Load(LoadArgs),
    /// List the loaded plans
    Plans,
    /// Every deadline (or occurrence of a recurring one) and its state as of a date
    Status(StatusArgs),
    /// Deadlines past due and not done, oldest first; exit 1 if any (for cron)
    Overdue(OverdueArgs),
    /// Open deadlines falling due soon; exit 1 if any
    Upcoming(UpcomingArgs),
    /// One task in full: wording, units, references, deadlines and history
    Show(ShowArgs),
    /// Record progress on a task: done, reopened, a percentage, a note, a blocker, or retract an event
    Record(RecordArgs),
    /// The progress history, oldest first
    History(HistoryArgs),
    /// The legal documents the plans cite; one document and who cites it; or --check their effect
    Refs(RefsArgs),
    /// Find tasks by title, wording or cited document, ignoring case and diacritics; exit 1 if none
    Find(FindArgs),
    /// The units the plans name, in Vietnamese alphabetical order
    Units(UnitsArgs),
    /// Export the status rows as csv, tsv, json, jsonl, md, html, xlsx or ics (calendar), to stdout or -o FILE
    Export(ExportArgs),
    /// The periodic report for a period (2022-H1, 2022-Q3, 2022, 2022-06) as md, html, docx, xlsx or json
    Report(ReportArgs),
    /// Reminder letters (Công văn đôn đốc): one per unit that owes something overdue or due soon, as text, md,
    /// json, or docx files in -o DIR
    Remind(RemindArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish
    Completions(CompletionsArgs),
    /// Print the manual page (roff) to stdout: plan man | man -l -
    Man,
    /// Draft a plan file from the text of a plan (.txt, .docx or a PDF with text): references, tasks, units,
    /// deadlines
    Extract(ExtractArgs),
    /// Check the store: the database's integrity, the append-only guards, the hash chain of the history, and
    /// that every summary follows from the events; exit 1 on a problem
    Check,
    /// Copy the store to FILE, a consistent SQLite copy (safe while others write) that records its moment and is
    /// never synced or recorded into; or into an empty PostgreSQL database (backup postgresql://…)
    Backup(BackupArgs),
    /// Make a new store (--db NEW.db, which must not exist, or an empty PostgreSQL database) from a copy made by
    /// plan backup
    Restore(RestoreArgs),
    /// The days off of a public office in a year (Bộ luật Lao động 2019, Điều 111–112), each with why
    Holidays(HolidaysArgs),
    /// Date arithmetic in working or calendar days: plan days 13/2/2026 +5wd
    Days(DaysArgs),
    /// Prepare a shared PostgreSQL store: plan store init
    #[command(subcommand)]
    Store(StoreCommand),
    /// Who may write what in a shared PostgreSQL store: map database roles to units and offices
    #[command(subcommand)]
    Users(UsersCommand),
    /// The revisions of a plan: when each was loaded, from which file, and what it changed
    Revisions(RevisionsArgs),
}

/// Arguments of `holidays`.
#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// The year
    #[arg(value_name = "YEAR")]
    pub year: i32,
}

/// Arguments of `days`.
#[derive(Debug, Args)]
pub struct DaysArgs {
    /// The day to count from (day first: 13/2/2026)
    #[arg(value_name = "DATE")]
    pub date: String,
    /// How far: +5wd or -5wd (working days), +10d or -10d (calendar days)
    #[arg(value_name = "OFFSET", allow_hyphen_values = true)]
    pub offset: String,
}

/// `plan store …`.
#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Make an empty PostgreSQL database a plan store: the schema, its guards and policies, and the roles
    /// plan_unit and plan_office (run once, as a role that may create roles)
    Init,
}

/// `plan users …`.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Map a database role (made with createuser) to the unit it records for, or to an office that loads plans
    Add(UsersAddArgs),
    /// The roles mapped, with their unit or office and plan
    List,
}

/// Arguments of `users add`.
#[derive(Debug, Args)]
pub struct UsersAddArgs {
    /// The PostgreSQL role
    #[arg(value_name = "ROLE")]
    pub role: String,
    /// The unit (its id, as in the plans or units.toml) whose tasks the role records progress on
    #[arg(
        long,
        value_name = "UNIT",
        required_unless_present = "office",
        conflicts_with = "office"
    )]
    pub unit: Option<String>,
    /// An office: it loads plans, owns those it first loads, and records on them
    #[arg(long)]
    pub office: bool,
    /// Only this plan (default: every plan)
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
}

/// Arguments of `restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The copy made by plan backup
    #[arg(value_name = "BACKUP")]
    pub file: PathBuf,
}

/// Arguments of `revisions`.
#[derive(Debug, Args)]
pub struct RevisionsArgs {
    /// The plan's id
    #[arg(value_name = "PLAN")]
    pub plan: String,
}

/// Arguments of `backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Write to this file (atomically: a temporary file renamed into place) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// CSV: start with a UTF-8 byte-order mark so Excel on Windows reads Vietnamese (default when -o ends in .csv)
    #[arg(long)]
    pub excel: bool,

    /// ICS: all-day events instead of to-dos
    #[arg(long)]
    pub events: bool,

    /// ICS: an alarm this long before each deadline (3d, 1w)
    #[arg(long, value_name = "SPAN")]
    pub remind: Option<String>,
}

/// Arguments of `report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// The period: 2022-H1 or "6 tháng đầu năm 2022", 2022-Q3 or "Quý III/2022", 2022 or "năm 2022", 2022-06 or
    /// "tháng 6/2022" [default: the half-year of --as-of]
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// The data cut-off date [default: as Nghị định 09/2019/NĐ-CP sets for the period: the 14th of its last month]
    #[arg(long, value_name = "DATE")]
    pub cutoff: Option<String>,

    /// Write to this file (atomically) instead of stdout
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `remind`.
#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Also what falls due this soon after --as-of: days (7d or 7) or weeks (1w); 0 for overdue only
    #[arg(long, default_value = "7d", value_name = "SPAN")]
    pub within: String,

    /// The date by which units report back [default: 7 days after --as-of]
    #[arg(long, value_name = "DATE")]
    pub reply_by: Option<String>,

    /// The folder for the letters as docx (made if missing), one UNIT-ID.docx per unit: -o thu/; or a file
    /// for the text, md, html or json of them all
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// Arguments of `extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// The plan's text: UTF-8 plain text (.txt), a Word file (.docx) or a PDF with a text layer (read with
    /// poppler's pdftotext)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// The plan's id in the draft [default: from -o FILE's name, else from FILE's name]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Write the draft to this file (atomically) instead of stdout, e.g. plans/2024-ubnd-cchc.toml
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// toml: a plan file to review [default]; json: what was found, with fixed keys
    #[arg(
        long,
        id = "format",
        value_name = "FORMAT",
        value_parser = clap::builder::TypedValueParser::map(
            clap::builder::PossibleValuesParser::new(["toml", "json"]),
            |v: String| if v == "json" { FormatArg::Json } else { FormatArg::Table }
        )
    )]
    pub format: Option<FormatArg>,
}

/// Arguments of `completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    pub shell: clap_complete::Shell,
}

/// Arguments of `refs`.
#[derive(Debug, Args)]
pub struct RefsArgs {
    /// A document number in any spelling (53/KH-UBND, 436/QĐ-UBND, "số 46 - CT/TW"): show it and who cites it
    #[arg(value_name = "NUMBER", conflicts_with = "check")]
    pub number: Option<String>,

    /// Only documents cited by this plan
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,

    /// Only this kind (Kế hoạch, nghi dinh, or a type code such as KH)
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,

    /// Only documents whose issuer contains this text (case and diacritics ignored)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub issuer: Option<String>,

    /// Only documents of this year (from the number, else the date)
    #[arg(long, value_name = "YEAR")]
    pub year: Option<i32>,

    /// List citations of documents not in force on the --as-of date, dated after the citing plan, or named in
    /// a task's wording but not listed; exit 1 if any
    #[arg(long)]
    pub check: bool,
}

/// Arguments of `find`.
#[derive(Debug, Args)]
pub struct FindArgs {
    /// Words or a document number to look for
    #[arg(allow_hyphen_values = true)]
    pub text: String,

    /// Only this plan
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
}

/// Arguments of `units`.
#[derive(Debug, Args)]
pub struct UnitsArgs {
    /// Only this plan
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Plan files or folders holding them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Plan files or folders holding them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Filters shared by the status commands.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only this plan (its id)
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,

    /// Only tasks this unit leads or supports, or owes its share of as a member (id, name or alias; case and
    /// diacritics ignored)
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,

    /// Only what is reported to this unit ("what do we owe UBND tỉnh"): tasks whose report_to names it
    #[arg(long, value_name = "UNIT")]
    pub to: Option<String>,
}

/// Arguments of `overdue`.
#[derive(Debug, Args)]
pub struct OverdueArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Print nothing: only the exit code says whether something is overdue (stops at the first)
    #[arg(short, long)]
    pub quiet: bool,
}

/// Arguments of `status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only these states (repeat or separate by commas): done_on_time, done_late, open, overdue, waiting, ongoing, withdrawn
    #[arg(long, value_name = "STATE", value_delimiter = ',')]
    pub state: Vec<String>,
}

/// Arguments of `upcoming`.
#[derive(Debug, Args)]
pub struct UpcomingArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How far ahead: days (14d or 14), weeks (2w) or working days (10wd: weekends and days off skipped)
    #[arg(long, default_value = "14d", value_name = "SPAN")]
    pub within: String,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The task: PLAN/TASK, or TASK when only one plan has it; or a plan's id
    pub task: String,

    /// With a plan's id: that revision of the plan, as its file was then (see plan revisions PLAN)
    #[arg(long, value_name = "N")]
    pub revision: Option<i64>,
}

/// Arguments of `record`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").multiple(false).args(["done", "reopen", "progress", "blocked", "retract"])))]
pub struct RecordArgs {
    /// The task: PLAN/TASK (only that plan's file is re-checked for changes first), or TASK when only one plan
    /// has it
    pub task: String,

    /// Which of the task's deadlines: its key in the plan file, or its due date
    #[arg(long, value_name = "KEY|DATE")]
    pub deadline: Option<String>,

    /// Which occurrence of a recurring deadline: 2022-Q2 or "Quý II/2022", 2022-H1 or "6 tháng đầu năm 2022",
    /// 2022 or "năm 2022", 2022-05 or "tháng 5/2022"
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// The work is finished
    #[arg(long)]
    pub done: bool,

    /// A finished deadline is open again
    #[arg(long)]
    pub reopen: bool,

    /// Partial progress, in percent (0-100)
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,

    /// Work is held up, and why
    #[arg(long, value_name = "REASON", allow_hyphen_values = true)]
    pub blocked: Option<String>,

    /// Cancel event N of the history (it was a mistake); nothing is deleted
    #[arg(long, value_name = "N")]
    pub retract: Option<i64>,

    /// A remark (alone: a note event)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub note: Option<String>,

    /// The day the work happened [default: the --as-of date, i.e. today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// The unit that did it (id, name or alias)
    #[arg(long, value_name = "UNIT")]
    pub by: Option<String>,

    /// The document that proves it, e.g. "Báo cáo số 45/BC-TTUD ngày 10/6/2022"
    #[arg(long, value_name = "DOCUMENT", allow_hyphen_values = true)]
    pub evidence: Option<String>,

    /// Record the date of one of the plan's events instead (TASK is then the plan's id): the day it happened,
    /// or the day a decision fixed it, given with --on; the deadlines counted from it follow. A moved event
    /// is recorded again with its new date; a date recorded by mistake is cancelled with --retract N (its
    /// number in plan history --events)
    #[arg(long, value_name = "ID", conflicts_with_all = ["deadline", "period", "done", "reopen", "progress", "blocked", "by"])]
    pub event: Option<String>,

    /// With --event: the first day the date was known (a decision fixing a future date) [default: the
    /// event's day, or the --as-of date when the event is still to come]
    #[arg(long, value_name = "DATE", requires = "event")]
    pub since: Option<String>,
}

/// Arguments of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this task: PLAN/TASK, or TASK
    pub task: Option<String>,

    /// Only this plan
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,

    /// The dates recorded for the plans' events (`record PLAN --event`) instead: when each was known, by
    /// whom, and on what evidence
    #[arg(long, conflicts_with = "task")]
    pub events: bool,
}

/// A refused command line worded in Vietnamese: what was wrong, the usage, and where help is. `None` for the
/// kinds that are not errors (help, version) or that carry no context to word.
pub fn vi_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let get = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join(", ")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = get(ContextKind::InvalidArg).unwrap_or_default();
    let value = get(ContextKind::InvalidValue).unwrap_or_default();
    let suggested = get(ContextKind::SuggestedArg)
        .or_else(|| get(ContextKind::SuggestedSubcommand))
        .map(|s| format!("\n\n  gợi ý: có {s}"))
        .unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = get(ContextKind::ValidValue)
                .map(|v| format!("\n  [giá trị: {v}]"))
                .unwrap_or_default();
            if value.is_empty() {
                format!("'{arg}' cần một giá trị{valid}")
            } else {
                format!("giá trị '{value}' không hợp lệ cho '{arg}'{valid}")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| {
                    s.to_string()
                        .replace(" is not in ", " không nằm trong khoảng ")
                })
                .unwrap_or_default();
            format!("giá trị '{value}' không hợp lệ cho '{arg}': {why}")
        }
        ErrorKind::UnknownArgument => format!("không có tham số '{arg}'{suggested}"),
        ErrorKind::InvalidSubcommand => {
            let name = get(ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("không có lệnh '{name}'{suggested}")
        }
        ErrorKind::MissingRequiredArgument => format!("thiếu tham số bắt buộc:\n  {arg}"),
        ErrorKind::MissingSubcommand => "hãy cho biết lệnh cần chạy".to_string(),
        ErrorKind::ArgumentConflict => {
            let prior = get(ContextKind::PriorArg).unwrap_or_default();
            format!("không dùng '{arg}' cùng với '{prior}'")
        }
        ErrorKind::NoEquals
        | ErrorKind::TooManyValues
        | ErrorKind::TooFewValues
        | ErrorKind::WrongNumberOfValues => {
            format!("số giá trị cho '{arg}' không đúng")
        }
        _ => return None,
    };
    let usage = get(ContextKind::Usage)
        .map(|u| u.replacen("Usage:", "Cách dùng:", 1))
        .map(|u| format!("\n\n{}", u.trim_end()))
        .unwrap_or_default();
    Some(format!("lỗi: {what}{usage}\n\nXem thêm: --help\n"))
}

/// `plan help [COMMAND]` under --lang vi (clap's own help subcommand would answer in English): the help of
/// the command named, or of plan itself.
pub fn vi_help(
    mut cmd: clap::Command,
    matches: &clap::ArgMatches,
) -> Option<Result<String, String>> {
    let (name, sub) = matches.subcommand()?;
    if name != "help" {
        return None;
    }
    let wanted: Vec<&String> = sub
        .get_many::<String>("command")
        .into_iter()
        .flatten()
        .collect();
    cmd.build();
    let mut target = cmd;
    for w in wanted {
        match target.find_subcommand(w) {
            Some(s) => target = s.clone(),
            None => {
                return Some(Err(format!(
                    "lỗi: không có lệnh '{w}'\n\nXem thêm: plan --help\n"
                )));
            }
        }
    }
    Some(Ok(target.render_long_help().to_string()))
}
