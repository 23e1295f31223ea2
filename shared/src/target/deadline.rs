//! Deadlines and periods as forms write them, and the dates actual values report.
//!
//! Targets: `2022年年底以前`, `2021年底`, `2022年6月底前`, `2021年12月31日`, `2022年12月底前完成`,
//! `12月底到位`, `9月前`, `2022-06-30`, periods `1-12月`, `2021年1月-12月`, `2023.07-2024.01`
//! (due at the end of the period), and `按期完工`, `在项目计划完成时间内完成` (on schedule, no
//! date). A month without a day means its last day (`9月前` is due 30 September); a date
//! without a year takes the year of the target, else of the record.
//!
//! Actual values: `7月`, `2021年12月31日`, `2022年年底以前` (a copy of the target).

use std::fmt;

use serde::{Deserialize, Serialize};

use super::reason::ReadError;

/// A calendar date `year-month-day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    /// Calendar year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month, 1–31.
    pub day: u32,
}

impl Date {
    fn new(year: i32, month: u32, day: u32) -> Option<Self> {
        let valid = crate::value::Year::RANGE.contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(Some(year), month)).contains(&day);
        valid.then_some(Self { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}年{}月{}日", self.year, self.month, self.day)
    }
}

fn days_in_month(year: Option<i32>, month: u32) -> u32 {
    match month {
        2 => match year {
            Some(year) if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            Some(_) => 28,
            None => 29,
        },
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A day as a form writes it: the year may be left to the record, the day to the month's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Day {
    /// The year, when written.
    pub year: Option<i32>,
    /// Month, 1–12.
    pub month: u32,
    /// Day of month; `None` for the month's last day.
    pub day: Option<u32>,
}

impl Day {
    fn new(year: Option<i32>, month: u32, day: Option<u32>) -> Option<Self> {
        let year_ok = year.is_none_or(|y| crate::value::Year::RANGE.contains(&y));
        let day_ok = day.is_none_or(|d| (1..=days_in_month(year, month)).contains(&d));
        (year_ok && (1..=12).contains(&month) && day_ok).then_some(Self { year, month, day })
    }

    /// The date this day is in `year` when the text gave none.
    pub fn in_year(self, year: i32) -> Option<Date> {
        let year = self.year.unwrap_or(year);
        Date::new(
            year,
            self.month,
            self.day
                .unwrap_or_else(|| days_in_month(Some(year), self.month)),
        )
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(year) = self.year {
            write!(f, "{year}年")?;
        }
        match self.day {
            Some(day) => write!(f, "{}月{day}日", self.month),
            None => write!(f, "{}月底", self.month),
        }
    }
}

/// When a deadline target is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    /// By this day (inclusive).
    By {
        /// The last day allowed.
        day: Day,
    },
    /// On schedule (`按期完工`): the form gives no date, the actual text says whether it was.
    OnSchedule,
}

impl fmt::Display for Due {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::By { day } => write!(f, "{day}前"),
            Self::OnSchedule => f.write_str("按期完成"),
        }
    }
}

/// Phrases of a deadline without a date.
const ON_SCHEDULE: &[&str] = &[
    "按期",
    "按时",
    "如期",
    "准时",
    "按计划完成",
    "按计划时间",
    "按进度完成",
    "计划完成时间内",
    "计划时间内",
    "规定时间内",
    "规定时限内",
    "规定期限内",
];

/// Words before a date that mean "by" (`在2022年底前`, `不晚于6月30日`, a stated completion
/// date `完成时间为2022年12月30日`), longest first.
const LEADING: &[&str] = &[
    "计划完成时间为",
    "计划完成时间:",
    "完成时间为",
    "完成时限为",
    "完成时间:",
    "完成时限:",
    "完成时间",
    "完成时限",
    "计划于",
    "预计于",
    "计划在",
    "不晚于",
    "不迟于",
    "截至",
    "截止到",
    "截止",
    "≤",
    "<",
    "在",
    "于",
    "到",
];

/// Words after a date that mean "by" or "done by", removed until none is left
/// (`2022年12月底前完成` → `2022年12月底`).
const TRAILING: &[&str] = &[
    "完成", "完工", "到位", "办结", "拨付", "下达", "下拨", "实施", "结束", "为止", "以前", "之前",
    "前", "以内", "之内", "内", "止",
];

/// Reads a deadline or period target. `None` when the text is no date at all; an error when it
/// is shaped like one that does not exist (`2022年13月底前`).
pub(crate) fn read_due(text: &str) -> Option<Result<Due, ReadError>> {
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return ON_SCHEDULE
            .iter()
            .any(|phrase| text.contains(phrase))
            .then_some(Ok(Due::OnSchedule))
            .or_else(|| year_end_words(strip_words(text)).map(|day| Ok(Due::By { day })));
    }
    match read_day_or_period(text) {
        Some(day) => Some(day.map(|day| Due::By { day })),
        None if starts_with_year(text) => Some(Err(ReadError::BadDate(text.to_owned()))),
        None => None,
    }
}

/// True for a text that opens with a year and goes on with a month or a day (`2022年13月…`):
/// a date, or one that cannot be read.
fn starts_with_year(text: &str) -> bool {
    text.split_once('年').is_some_and(|(year, rest)| {
        calendar_year(year).is_some()
            && rest.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '年' | '底' | '末'))
    })
}

/// Four digits naming a year FundLens accepts (1949–2100): `2022` is a year, `1000` (as in
/// `1000年`, a thousand years) is a number.
fn calendar_year(text: &str) -> Option<i32> {
    let year: i32 = text
        .parse()
        .ok()
        .filter(|_| text.len() == 4 && text.chars().all(|c| c.is_ascii_digit()))?;
    crate::value::Year::RANGE.contains(&year).then_some(year)
}

/// Reads the day an actual value reports (`7月`, `2021年12月31日`, `1-12月`). `None` when
/// the text is no date.
pub(crate) fn read_actual_day(text: &str) -> Option<Day> {
    if !text.contains(|c: char| c.is_ascii_digit()) {
        return year_end_words(strip_words(text));
    }
    read_day_or_period(text).and_then(Result::ok)
}

fn read_day_or_period(text: &str) -> Option<Result<Day, ReadError>> {
    let body = strip_words(text);
    if body.is_empty() {
        return None;
    }
    for dash in ["-", "~", "至", "到", "—", "–"] {
        if let Some((start, end)) = body.split_once(dash)
            && let Some(period) = read_period(start, end)
        {
            return Some(period.map_err(|()| ReadError::BadDate(text.to_owned())));
        }
    }
    read_day(body).map(|day| day.map_err(|()| ReadError::BadDate(text.to_owned())))
}

/// `text` without the words around a date that mean "by" or "done by".
fn strip_words(text: &str) -> &str {
    let mut body = LEADING
        .iter()
        .find_map(|word| text.strip_prefix(word))
        .unwrap_or(text);
    while let Some(rest) = TRAILING.iter().find_map(|word| body.strip_suffix(word)) {
        body = rest;
    }
    body
}

/// `年底`, `年末`, `年内`, `上半年` without a year: the record's year.
fn year_end_words(body: &str) -> Option<Day> {
    let month = match body {
        "年底" | "年末" | "年" | "本年" | "当年" | "年度" | "全年" | "下半年" | "四季度"
        | "第四季度" => 12,
        "上半年" | "年中" | "二季度" | "第二季度" => 6,
        "一季度" | "第一季度" => 3,
        "三季度" | "第三季度" => 9,
        _ => return None,
    };
    Day::new(None, month, None)
}

/// A period `1-12月`, `2021年1月-12月`, `2023.07-2024.01`: due at the end of its last month.
/// `None` when the two ends are not both months.
fn read_period(start: &str, end: &str) -> Option<Result<Day, ()>> {
    if let (Some((start_year, _)), Some((end_year, end_month))) =
        (dotted_month(start), dotted_month(end))
    {
        return Some(
            Day::new(Some(end_year), end_month, None)
                .filter(|_| start_year <= end_year)
                .ok_or(()),
        );
    }
    let end_day = read_day(end)?;
    let start_is_month = start.chars().all(|c| c.is_ascii_digit())
        || matches!(read_day(start), Some(Ok(_)))
        || start
            .strip_suffix('月')
            .is_some_and(|m| m.chars().all(|c| c.is_ascii_digit()));
    if !start_is_month {
        return None;
    }
    let start_year = start.split_once('年').and_then(|(y, _)| y.parse().ok());
    Some(end_day.map(|day| Day {
        year: day.year.or(start_year),
        ..day
    }))
}

/// `2023.07`: a year and a month.
fn dotted_month(text: &str) -> Option<(i32, u32)> {
    let (year, month) = text.split_once('.')?;
    let valid = year.len() == 4 && matches!(month.len(), 1 | 2);
    let year: i32 = year.parse().ok().filter(|_| valid)?;
    let month: u32 = month.parse().ok()?;
    (crate::value::Year::RANGE.contains(&year) && (1..=12).contains(&month))
        .then_some((year, month))
}

/// One day: `2022年年底`, `2021年底`, `2022年6月底`, `2022年12月31日`, `12月底`, `9月`, `2022年`,
/// `2022-06-30`, `2022/6/30`, `2022.6.30`. `None` when the text is not shaped like a date;
/// `Err` when it is but the date does not exist.
fn read_day(text: &str) -> Option<Result<Day, ()>> {
    if let Some(day) = iso_day(text) {
        return Some(day);
    }
    let (year, rest) = match text.split_once('年') {
        Some((year, rest)) => (Some(calendar_year(year)?), rest),
        None => (None, text),
    };
    if year.is_some()
        && let Some(day) = year_end_words(rest).or_else(|| year_end_words(&format!("年{rest}")))
    {
        return Some(Day::new(year, day.month, None).ok_or(()));
    }
    if year.is_some() && matches!(rest, "" | "底" | "末") {
        return Some(Day::new(year, 12, None).ok_or(()));
    }
    let (month, rest) = rest.split_once('月')?;
    if month.is_empty() || month.len() > 2 || !month.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let month: u32 = month.parse().ok()?;
    let day = match rest {
        "" | "底" | "末" | "份" | "下旬" => None,
        "上旬" => Some(10),
        "中旬" => Some(20),
        _ => {
            let day = rest.strip_suffix(['日', '号'])?;
            if day.is_empty() || day.len() > 2 || !day.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            Some(day.parse().ok()?)
        }
    };
    Some(Day::new(year, month, day).ok_or(()))
}

/// `2022-06-30`, `2022/6/30`, `2022.6.30`.
fn iso_day(text: &str) -> Option<Result<Day, ()>> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let numeric = |s: &str, most: usize| {
        !s.is_empty() && s.len() <= most && s.chars().all(|c| c.is_ascii_digit())
    };
    if year.len() != 4 || !numeric(year, 4) || !numeric(month, 2) || !numeric(day, 2) {
        return None;
    }
    let (year, month, day) = (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    Some(Day::new(Some(year), month, Some(day)).ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(text: &str) -> Due {
        read_due(text).expect(text).expect(text)
    }

    fn by(year: Option<i32>, month: u32, day: Option<u32>) -> Due {
        Due::By {
            day: Day { year, month, day },
        }
    }

    #[test]
    fn deadlines_and_periods_are_due_at_their_end() {
        assert_eq!(due("2022年年底以前"), by(Some(2022), 12, None));
        assert_eq!(due("2021年底"), by(Some(2021), 12, None));
        assert_eq!(due("12月底到位"), by(None, 12, None));
        assert_eq!(due("9月前"), by(None, 9, None));
        assert_eq!(due("2021年12月31日"), by(Some(2021), 12, Some(31)));
        assert_eq!(due("2022年12月底前完成"), by(Some(2022), 12, None));
        assert_eq!(due("1-12月"), by(None, 12, None));
        assert_eq!(due("2021年1月-12月"), by(Some(2021), 12, None));
        assert_eq!(due("2023.07-2024.01"), by(Some(2024), 1, None));
        assert_eq!(due("2022-06-30"), by(Some(2022), 6, Some(30)));
        assert_eq!(due("按期完工"), Due::OnSchedule);
        assert_eq!(due("在项目计划完成时间内完成"), Due::OnSchedule);
        assert!(read_due("2022年13月底前").expect("date-shaped").is_err());
        assert!(read_due("2022年13月底前x").expect("date-shaped").is_err());
        assert!(read_due("135家").is_none());
        assert!(read_due("3年").is_none());
        assert!(read_due("1000年").is_none());
        assert!(read_due("12个月").is_none());
    }

    #[test]
    fn actual_days_and_their_dates() {
        let july = read_actual_day("7月").expect("a month");
        assert_eq!(july.in_year(2022), Date::new(2022, 7, 31));
        assert_eq!(
            read_actual_day("2021年12月31日").and_then(|d| d.in_year(2020)),
            Date::new(2021, 12, 31)
        );
        assert!(read_actual_day("已完成").is_none());
        assert!(read_actual_day("136家").is_none());
    }
}
