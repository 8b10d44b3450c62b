//! The proleptic Gregorian calendar as plain integer arithmetic: ordinals (day 1 is
//! 0001-01-01), month lengths, weekdays and the ISO 8601 week calendar. Nothing
//! here touches Python objects.

pub const MINYEAR: i32 = 1;
pub const MAXYEAR: i32 = 9999;
/// The ordinal of 9999-12-31.
pub const MAX_ORDINAL: i64 = 3_652_059;

pub const US_PER_SECOND: i64 = 1_000_000;
pub const SECONDS_PER_DAY: i64 = 86_400;
pub const US_PER_DAY: i64 = SECONDS_PER_DAY * US_PER_SECOND;

/// Days before each month of a common year; index 0 unused.
const DAYS_BEFORE_MONTH: [i64; 13] = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
const DAYS_IN_MONTH: [u32; 13] = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

pub const DAY_NAMES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const MONTH_NAMES: [&str; 13] = [
    "", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

pub fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    if month == 2 && is_leap(year) {
        29
    } else {
        DAYS_IN_MONTH[month as usize]
    }
}

fn days_before_year(year: i32) -> i64 {
    let y = i64::from(year) - 1;
    y * 365 + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400)
}

fn days_before_month(year: i32, month: u32) -> i64 {
    DAYS_BEFORE_MONTH[month as usize] + i64::from(month > 2 && is_leap(year))
}

/// The ordinal of a valid date.
pub fn ymd_to_ord(year: i32, month: u32, day: u32) -> i64 {
    days_before_year(year) + days_before_month(year, month) + i64::from(day)
}

/// The date of ordinal `n` (which must lie in 1..=MAX_ORDINAL): count whole 400-,
/// 100-, 4- and 1-year cycles, then the month within the year.
pub fn ord_to_ymd(n: i64) -> (i32, u32, u32) {
    const DI400Y: i64 = 146_097;
    const DI100Y: i64 = 36_524;
    const DI4Y: i64 = 1_461;
    let mut n = n - 1;
    let n400 = n.div_euclid(DI400Y);
    n = n.rem_euclid(DI400Y);
    let mut year = n400 * 400 + 1;
    let n100 = n / DI100Y;
    n %= DI100Y;
    let n4 = n / DI4Y;
    n %= DI4Y;
    let n1 = n / 365;
    n %= 365;
    year += n100 * 100 + n4 * 4 + n1;
    let year = year as i32;
    if n1 == 4 || n100 == 4 {
        // The last day of a leap cycle: December 31 of the year before.
        return (year - 1, 12, 31);
    }
    let leap = n1 == 3 && (n4 != 24 || n100 == 3);
    debug_assert_eq!(leap, is_leap(year));
    // Estimate the month from the day of the year, then correct once.
    let mut month = ((n + 50) >> 5) as u32;
    let mut preceding = days_before_month(year, month);
    if preceding > n {
        month -= 1;
        preceding -= i64::from(days_in_month(year, month));
    }
    (year, month, (n - preceding + 1) as u32)
}

/// Monday is 0.
pub fn weekday(year: i32, month: u32, day: u32) -> u32 {
    (ymd_to_ord(year, month, day) + 6).rem_euclid(7) as u32
}

/// The ordinal of the Monday of ISO week 1 of `year` (the week with its Thursday).
fn iso_week1_monday(year: i32) -> i64 {
    let first = days_before_year(year) + 1;
    let first_weekday = (first + 6) % 7;
    let monday = first - first_weekday;
    if first_weekday > 3 {
        monday + 7
    } else {
        monday
    }
}

/// `(ISO year, week, weekday 1..=7)` of a valid date.
pub fn iso_calendar(year: i32, month: u32, day: u32) -> (i32, u32, u32) {
    let today = ymd_to_ord(year, month, day);
    let mut iso_year = year;
    let mut week1 = iso_week1_monday(iso_year);
    let mut since = today - week1;
    if since < 0 {
        iso_year -= 1;
        week1 = iso_week1_monday(iso_year);
        since = today - week1;
    } else if since >= 52 * 7 && today >= iso_week1_monday(iso_year + 1) {
        iso_year += 1;
        since = today - iso_week1_monday(iso_year);
    }
    (iso_year, (since / 7 + 1) as u32, (since % 7 + 1) as u32)
}

/// Why an ISO calendar date has no Gregorian date.
pub enum IsoError {
    Year,
    Week,
    Day,
}

/// The Gregorian date of ISO year, week and weekday.
pub fn iso_to_ymd(iso_year: i32, week: i32, day: i32) -> Result<(i32, u32, u32), IsoError> {
    if !(MINYEAR..=MAXYEAR).contains(&iso_year) {
        return Err(IsoError::Year);
    }
    // Week 53 exists when the year starts on a Thursday, or on a Wednesday in a
    // leap year.
    let long_year = {
        let first_weekday = weekday(iso_year, 1, 1);
        first_weekday == 3 || (first_weekday == 2 && is_leap(iso_year))
    };
    if week <= 0 || week >= 53 && !(week == 53 && long_year) {
        return Err(IsoError::Week);
    }
    if !(1..=7).contains(&day) {
        return Err(IsoError::Day);
    }
    let ordinal = iso_week1_monday(iso_year) + i64::from(week - 1) * 7 + i64::from(day - 1);
    if !(1..=MAX_ORDINAL).contains(&ordinal) {
        return Err(IsoError::Year);
    }
    Ok(ord_to_ymd(ordinal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_round_trip() {
        for n in (1..=MAX_ORDINAL)
            .step_by(97)
            .chain([1, 730120, MAX_ORDINAL])
        {
            let (y, m, d) = ord_to_ymd(n);
            assert_eq!(ymd_to_ord(y, m, d), n, "{y}-{m}-{d}");
        }
        assert_eq!(ymd_to_ord(1970, 1, 1), 719163);
    }

    #[test]
    fn iso_weeks() {
        assert_eq!(iso_calendar(2004, 1, 1), (2004, 1, 4));
        assert_eq!(iso_calendar(2003, 12, 29), (2004, 1, 1));
        assert_eq!(iso_calendar(2005, 1, 1), (2004, 53, 6));
        assert!(matches!(iso_to_ymd(2004, 53, 6), Ok((2005, 1, 1))));
    }
}
