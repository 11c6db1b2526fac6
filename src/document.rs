//! The documents the office signs and sends — the report ("Báo cáo") and the reminder letter ("Công văn đôn
//! đốc") — as typed data: a header in the form of Nghị định 30/2020/NĐ-CP, paragraphs, tables, charts, the
//! recipients and the signature. Commands build a [`Document`] once; each format has one writer in
//! [`crate::render`] (md, html, docx, xlsx) that only decides how it looks.

use crate::domain::{Office, Signer, State};
use crate::i18n::Lang;
use crate::render::Listing;
use chrono::{Datelike, NaiveDate};

/// What kind of administrative document it is: it decides the symbol and how the subject is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A "Báo cáo": its name in capitals under the header, the subject below it; symbol `BC-SKHCN`.
    Report,
    /// A "Công văn": no name; "V/v …" under the number, "Kính gửi:" above the body; symbol `SKHCN-HCTH`.
    Letter,
}

/// The header of the first page (Nghị định 30/2020/NĐ-CP, Phụ lục I, ô 1–4).
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// The governing body, in capitals ("UBND TỈNH QUẢNG NGÃI").
    pub governing_body: Option<String>,
    /// The issuing body, in capitals ("SỞ KHOA HỌC VÀ CÔNG NGHỆ").
    pub issuer: String,
    /// The symbol after the blank number: "BC-SKHCN" (the văn thư writes the number).
    pub symbol: String,
    /// The place of the date line.
    pub place: String,
    /// The document's date.
    pub date: NaiveDate,
    /// The language it is written in.
    pub lang: Lang,
}

impl Header {
    /// The header an office's profile gives a document of this kind.
    pub fn of(office: &Office, kind: Kind, date: NaiveDate, lang: Lang) -> Header {
        let symbol = match (kind, &office.drafting_unit) {
            (Kind::Report, _) => format!("BC-{}", office.abbreviation),
            (Kind::Letter, Some(unit)) => format!("{}-{unit}", office.abbreviation),
            (Kind::Letter, None) => office.abbreviation.clone(),
        };
        Header {
            governing_body: office.governing_body.as_deref().map(upper),
            issuer: upper(&office.name),
            symbol,
            place: office.place.clone(),
            date,
            lang,
        }
    }

    /// "Số:      /BC-SKHCN": the number is left blank for the văn thư to write.
    pub fn number_line(&self) -> String {
        // No-break spaces: every writer keeps the blank, an HTML page too.
        format!(
            "{}{}/{}",
            self.pick("No.:", "Số:"),
            "\u{a0}".repeat(9),
            self.symbol
        )
    }

    fn pick(&self, en: &'static str, vi: &'static str) -> &'static str {
        match self.lang {
            Lang::En => en,
            Lang::Vi => vi,
        }
    }

    /// The lines of the header's left column: the governing body, the office, the number.
    pub fn left_lines(&self) -> Vec<String> {
        self.governing_body
            .iter()
            .cloned()
            .chain([self.issuer.clone(), self.number_line()])
            .collect()
    }

    /// The national title, in capitals.
    pub fn nation(&self) -> &'static str {
        self.pick("SOCIALIST REPUBLIC OF VIETNAM", QUOC_HIEU)
    }

    /// The motto under it.
    pub fn motto(&self) -> &'static str {
        self.pick("Independence - Freedom - Happiness", TIEU_NGU)
    }

    /// "Quảng Ngãi, ngày 05 tháng 02 năm 2022": days below 10 and the months January and February take a
    /// leading zero (Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.4).
    pub fn date_line(&self) -> String {
        let d = self.date;
        if self.lang == Lang::En {
            return format!("{}, {}", self.place, d.format("%-d %B %Y"));
        }
        let month = match d.month() {
            m @ 1..=2 => format!("{m:02}"),
            m => m.to_string(),
        };
        format!(
            "{}, ngày {:02} tháng {month} năm {}",
            self.place,
            d.day(),
            d.year()
        )
    }
}

/// The national title and motto, as the form writes them.
pub const QUOC_HIEU: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto under the national title.
pub const TIEU_NGU: &str = "Độc lập - Tự do - Hạnh phúc";

/// Capitals as the header writes them (Vietnamese letters included: "sở" → "SỞ").
pub fn upper(text: &str) -> String {
    text.to_uppercase()
}

/// The signature block (ô 7): the authority line, the position, the name; the space between is for the
/// signature and the seal.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// "KT. GIÁM ĐỐC", in capitals.
    pub on_behalf: Option<String>,
    /// "PHÓ GIÁM ĐỐC", in capitals.
    pub title: Option<String>,
    /// The signer's name.
    pub name: String,
}

impl Signature {
    /// The block of a signer.
    pub fn of(s: &Signer) -> Signature {
        Signature {
            on_behalf: s.on_behalf.as_deref().map(upper),
            title: s.title.as_deref().map(upper),
            name: s.name.clone(),
        }
    }
}

pub use crate::domain::reporting::COUNTED;

/// A picture with its numbers: a writer draws it (SVG, a native chart) and prints the numbers beside it.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    /// Stacked bars, one per unit, of the four counted states ([`COUNTED`] order).
    States {
        /// The chart's title.
        title: String,
        /// One bar per unit: its name and its counts.
        bars: Vec<(String, [usize; 4])>,
    },
    /// The deadlines of a period on a line of dates, each marked with its state.
    Timeline {
        /// The chart's title.
        title: String,
        /// The first and last day drawn.
        span: (NaiveDate, NaiveDate),
        /// Each deadline: its last day, a short label (the task), its state.
        marks: Vec<(NaiveDate, String, State)>,
        /// A marked day inside the span (the cut-off), with its label.
        line: Option<(NaiveDate, String)>,
    },
}

/// A table of a document.
#[derive(Debug, Clone)]
pub struct Table {
    /// Its short name: a workbook's sheet tab.
    pub name: String,
    /// The rows (a workbook writes every column for data; pages write `paper`).
    pub listing: Listing,
    /// The column keys a page of A4 holds, in order; empty for the listing's own table columns.
    pub paper: Vec<&'static str>,
}

/// One block of the body, in reading order.
#[derive(Debug, Clone)]
pub enum Block {
    /// A section heading ("I. KẾT QUẢ THỰC HIỆN").
    Heading(String),
    /// A sub-heading ("1. Số liệu chung").
    Subheading(String),
    /// A paragraph of the body.
    Paragraph(String),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// A whole document, ready for any writer.
#[derive(Debug, Clone)]
pub struct Document {
    /// What kind it is.
    pub kind: Kind,
    /// The header of the first page, when the office is known (without it a writer starts at the title).
    pub header: Option<Header>,
    /// The document's name ("BÁO CÁO"), for a report.
    pub name: Option<String>,
    /// The subject: under the name of a report, "V/v …" under the number of a letter.
    pub subject: String,
    /// "Kính gửi: …", for a letter.
    pub addressee: Option<String>,
    /// The body.
    pub body: Vec<Block>,
    /// "Nơi nhận:", line by line, the last one the office's copy ("Lưu: VT, HCTH.").
    pub recipients: Vec<String>,
    /// The signature block, when a signer is known.
    pub signature: Option<Signature>,
    /// The title of the page or file for screens (the HTML title, the workbook's title).
    pub title: String,
}

impl Document {
    /// The tables of the body, in order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.body.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// The charts of the body, in order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.body.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }
}

/// The columns of a table on paper: `paper` when given, else the listing's table columns; a column empty in
/// every row is left out (a page has no room for it), unless the table has no row at all.
pub fn paper_columns(t: &Table) -> Vec<usize> {
    let cols: Vec<usize> = if t.paper.is_empty() {
        t.listing.visible(true)
    } else {
        t.paper
            .iter()
            .filter_map(|k| t.listing.columns.iter().position(|c| c.key == *k))
            .collect()
    };
    if t.listing.rows.is_empty() {
        return cols;
    }
    cols.into_iter()
        .filter(|&i| {
            t.listing
                .rows
                .iter()
                .any(|r| !r[i].human().trim().is_empty())
        })
        .collect()
}

/// The table as a page shows it: only its paper columns, each shown everywhere.
pub fn on_paper(t: &Table) -> Listing {
    let cols = paper_columns(t);
    let mut l = Listing::new(
        cols.iter()
            .map(|&i| crate::render::Column {
                show: crate::render::Show::All,
                ..t.listing.columns[i]
            })
            .collect(),
    );
    l.rows = t
        .listing
        .rows
        .iter()
        .map(|r| cols.iter().map(|&i| r[i].clone()).collect())
        .collect();
    l.summary = t.listing.summary.clone();
    l
}

#[cfg(test)]
mod tests {
    use super::*;

    fn office() -> Office {
        Office {
            governing_body: Some("UBND tỉnh Quảng Ngãi".into()),
            name: "Sở Khoa học và Công nghệ".into(),
            abbreviation: "SKHCN".into(),
            place: "Quảng Ngãi".into(),
            drafting_unit: Some("HCTH".into()),
            drafting_unit_name: None,
            signer: None,
        }
    }

    #[test]
    fn the_date_line_pads_days_below_ten_and_the_first_two_months() {
        let at = |d, m| {
            Header::of(
                &office(),
                Kind::Report,
                NaiveDate::from_ymd_opt(2022, m, d).unwrap(),
                Lang::Vi,
            )
            .date_line()
        };
        assert_eq!(at(15, 6), "Quảng Ngãi, ngày 15 tháng 6 năm 2022");
        assert_eq!(at(5, 2), "Quảng Ngãi, ngày 05 tháng 02 năm 2022");
        assert_eq!(at(1, 1), "Quảng Ngãi, ngày 01 tháng 01 năm 2022");
        assert_eq!(at(9, 3), "Quảng Ngãi, ngày 09 tháng 3 năm 2022");
        assert_eq!(at(31, 12), "Quảng Ngãi, ngày 31 tháng 12 năm 2022");
    }

    #[test]
    fn symbols_follow_the_kind_and_capitals_keep_vietnamese_letters() {
        let d = NaiveDate::from_ymd_opt(2022, 6, 15).unwrap();
        let report = Header::of(&office(), Kind::Report, d, Lang::Vi);
        assert_eq!(
            report.number_line(),
            "Số:\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}/BC-SKHCN"
        );
        assert_eq!(report.issuer, "SỞ KHOA HỌC VÀ CÔNG NGHỆ");
        assert_eq!(
            report.governing_body.as_deref(),
            Some("UBND TỈNH QUẢNG NGÃI")
        );
        let letter = Header::of(&office(), Kind::Letter, d, Lang::Vi);
        assert_eq!(
            Header::of(&office(), Kind::Letter, d, Lang::En).date_line(),
            "Quảng Ngãi, 15 June 2022"
        );
        assert!(letter.number_line().ends_with("\u{a0}/SKHCN-HCTH"));
    }
}
