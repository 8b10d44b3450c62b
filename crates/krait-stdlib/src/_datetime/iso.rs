//! The ISO 8601 parsers behind the `fromisoformat` constructors (CPython 3.11's
//! rules: basic and extended formats, ISO week dates, any separator between date
//! and time). They read bytes; past the end of the text they read NUL, which
//! several checks rely on.

use super::calendar::{self, IsoError};

/// The text's bytes, NUL past the end.
pub(crate) struct Text<'a> {
    bytes: &'a [u8],
}

impl<'a> Text<'a> {
    pub fn new(s: &'a str) -> Text<'a> {
        Text {
            bytes: s.as_bytes(),
        }
    }

    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    fn at(&self, i: usize) -> u8 {
        self.bytes.get(i).copied().unwrap_or(0)
    }

    /// `n` digits from `pos`: their value and the position after them.
    fn digits(&self, pos: usize, n: usize) -> Option<(i32, usize)> {
        let mut value = 0i32;
        for i in 0..n {
            let c = self.at(pos + i);
            if !c.is_ascii_digit() {
                return None;
            }
            value = value * 10 + i32::from(c - b'0');
        }
        Some((value, pos + n))
    }
}

/// A date in the first `len` bytes: `YYYY-MM-DD`, `YYYYMMDD`, `YYYY-Www[-D]` or
/// `YYYYWww[D]`. The year, month and day are not range checked (ISO week dates
/// are converted, and so checked).
pub(crate) fn parse_date(text: &Text, len: usize) -> Option<(i32, i32, i32)> {
    let (year, mut p) = text.digits(0, 4)?;
    let separated = text.at(p) == b'-';
    if separated {
        p += 1;
    }
    if text.at(p) == b'W' {
        let (week, after) = text.digits(p + 1, 2)?;
        p = after;
        let mut day = 1;
        if p < len {
            if separated {
                if text.at(p) != b'-' {
                    return None;
                }
                p += 1;
            }
            day = text.digits(p, 1)?.0;
        }
        return match calendar::iso_to_ymd(year, week, day) {
            Ok((y, m, d)) => Some((y, m as i32, d as i32)),
            Err(IsoError::Year | IsoError::Week | IsoError::Day) => None,
        };
    }
    let (month, mut p) = text.digits(p, 2)?;
    if separated {
        if text.at(p) != b'-' {
            return None;
        }
        p += 1;
    }
    let (day, _) = text.digits(p, 2)?;
    Some((year, month, day))
}

/// `date.fromisoformat`: the whole text is a date of 7, 8 or 10 characters.
pub(crate) fn parse_date_only(s: &str) -> Option<(i32, i32, i32)> {
    let text = Text::new(s);
    match text.len() {
        7 | 8 | 10 => parse_date(&text, text.len()),
        _ => None,
    }
}

/// A time of day and the offset that may follow it.
#[derive(Default, Debug)]
pub(crate) struct ParsedTime {
    pub hour: i32,
    pub minute: i32,
    pub second: i32,
    pub microsecond: i32,
    /// `Some((seconds, microseconds))`, both carrying the sign, when an offset
    /// (or `Z`) was given.
    pub offset: Option<(i32, i32)>,
}

enum Fields {
    /// Parsed and the text ends there.
    Complete,
    /// Parsed, with more text after the fields.
    More,
    Invalid,
}

/// `HH[:MM[:SS[.ffffff]]]` (colons all or none) from `start` up to `end`; a
/// fraction may have any number of digits, the seventh on ignored.
fn parse_hms(text: &Text, start: usize, end: usize) -> (Fields, [i32; 4]) {
    let mut values = [0i32; 4];
    let mut p = start;
    let mut separated = true;
    for (i, slot) in values.iter_mut().take(3).enumerate() {
        let Some((v, after)) = text.digits(p, 2) else {
            return (Fields::Invalid, values);
        };
        *slot = v;
        p = after;
        let c = text.at(p);
        p += 1;
        if i == 0 {
            separated = c == b':';
        }
        if p >= end {
            return (
                if c == 0 {
                    Fields::Complete
                } else {
                    Fields::More
                },
                values,
            );
        }
        if separated && c == b':' {
            continue;
        }
        if c == b'.' || c == b',' {
            break;
        }
        if separated {
            return (Fields::Invalid, values);
        }
        p -= 1;
    }
    let remaining = end.saturating_sub(p);
    let count = remaining.min(6);
    let Some((fraction, after)) = text.digits(p, count) else {
        return (Fields::Invalid, values);
    };
    values[3] = fraction * 10i32.pow((6 - count) as u32);
    p = after;
    while text.at(p).is_ascii_digit() {
        p += 1;
    }
    (
        if text.at(p) == 0 {
            Fields::Complete
        } else {
            Fields::More
        },
        values,
    )
}

/// A time with an optional offset, from `start` to the end of the text.
pub(crate) fn parse_time(text: &Text, start: usize) -> Option<ParsedTime> {
    let end = text.len();
    let zone_at = (start..end)
        .find(|&i| matches!(text.at(i), b'Z' | b'+' | b'-'))
        .unwrap_or(end);
    // An empty time still reads one (NUL) byte, as an empty string does.
    let zone_at = if start >= end { start } else { zone_at };
    let (fields, [hour, minute, second, microsecond]) =
        parse_hms(text, start, zone_at.max(start + 1));
    let mut parsed = ParsedTime {
        hour,
        minute,
        second,
        microsecond,
        offset: None,
    };
    match fields {
        Fields::Invalid => return None,
        Fields::More if zone_at >= end => return None,
        _ if zone_at >= end => return Some(parsed),
        _ => {}
    }
    if text.at(zone_at) == b'Z' {
        if text.at(zone_at + 1) != 0 {
            return None;
        }
        parsed.offset = Some((0, 0));
        return Some(parsed);
    }
    let sign = if text.at(zone_at) == b'-' { -1 } else { 1 };
    let (fields, [h, m, s, us]) = parse_hms(text, zone_at + 1, end);
    match fields {
        Fields::Complete => {}
        _ => return None,
    }
    parsed.offset = Some((sign * (h * 3600 + m * 60 + s), sign * us));
    Some(parsed)
}

/// `time.fromisoformat`: an optional `T`, then a time.
pub(crate) fn parse_time_only(s: &str) -> Option<ParsedTime> {
    let text = Text::new(s);
    let start = usize::from(text.at(0) == b'T');
    parse_time(&text, start)
}

/// Where the date ends in a `datetime.fromisoformat` text: the separator's
/// position, told from characters 4 and 5 and the run of digits after a week.
fn separator_position(text: &Text) -> Option<usize> {
    let len = text.len();
    if len == 7 {
        return Some(7);
    }
    if text.at(4) == b'-' {
        if text.at(5) != b'W' {
            return Some(10);
        }
        if len < 8 {
            return None;
        }
        if len > 8 && text.at(8) == b'-' {
            if len == 9 {
                return None;
            }
            if len > 10 && text.at(10).is_ascii_digit() {
                // `YYYY-Www-##` is ambiguous; take the hyphen as the separator.
                return Some(8);
            }
            return Some(10);
        }
        return Some(8);
    }
    if text.at(4) == b'W' {
        let mut idx = 7;
        while idx < len && text.at(idx).is_ascii_digit() {
            idx += 1;
        }
        if idx < 9 {
            return Some(idx);
        }
        // An odd count of digits after the week means a weekday digit is there.
        return Some(if idx % 2 == 0 { 7 } else { 8 });
    }
    Some(8)
}

/// A parsed `datetime.fromisoformat` text.
pub(crate) struct ParsedDateTime {
    pub date: (i32, i32, i32),
    pub time: ParsedTime,
}

/// `datetime.fromisoformat`: a date, then optionally any one character and a
/// time.
pub(crate) fn parse_datetime(s: &str) -> Option<ParsedDateTime> {
    let text = Text::new(s);
    let len = text.len();
    // Negative positions are invalid; a short text fails to parse a date.
    let sep = separator_position(&text)?;
    let date = parse_date(&text, sep)?;
    let mut time = ParsedTime::default();
    if len > sep {
        // Skip the separator, which may be any character: its UTF-8 lead byte
        // tells its width.
        let lead = text.at(sep);
        let width = match lead {
            _ if lead & 0x80 == 0 => 1,
            _ if lead & 0xf0 == 0xe0 => 3,
            _ if lead & 0xf0 == 0xf0 => 4,
            _ => 2,
        };
        time = parse_time(&text, sep + width)?;
    }
    Some(ParsedDateTime { date, time })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date_only("2020-01-02"), Some((2020, 1, 2)));
        assert_eq!(parse_date_only("20200102"), Some((2020, 1, 2)));
        assert_eq!(parse_date_only("2020-W01"), Some((2019, 12, 30)));
        assert_eq!(parse_date_only("2020-01"), None);
        assert_eq!(parse_date_only("2020-0102"), None);
    }

    #[test]
    fn times() {
        let t = parse_time_only("12:30:45.123+05:30").expect("valid");
        assert_eq!(
            (t.hour, t.minute, t.second, t.microsecond),
            (12, 30, 45, 123000)
        );
        assert_eq!(t.offset, Some((19800, 0)));
        assert!(parse_time_only("12:3").is_none());
        assert!(parse_time_only("1230").is_some());
    }
}
