//! Where a person's clock is: a fixed offset from UTC (the roster's
//! `utc_offset` column) or an IANA time zone (the `timezone` column, e.g.
//! `Europe/London`), which follows daylight saving. Meetings are placed by
//! converting each week's instant to each person's own clock.

use chrono::{NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A person's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// An IANA zone: the offset changes with daylight saving.
    Named(Tz),
    /// A fixed offset from UTC, in minutes.
    Fixed(i32),
    /// Neither column gives it: the partner's clock is assumed (same
    /// site); when neither partner has one, times are local ("floating").
    Unknown,
}

impl Zone {
    /// Reads an IANA zone name as the `timezone` column holds it; matching
    /// ignores case (`europe/london`).
    pub fn parse_name(text: &str) -> Option<Tz> {
        let text = text.trim();
        text.parse::<Tz>()
            .ok()
            .or_else(|| Tz::from_str_insensitive(text).ok())
    }

    /// The local time on this clock at the UTC instant `utc`.
    pub fn local(self, utc: NaiveDateTime) -> NaiveDateTime {
        match self {
            Zone::Named(tz) => {
                let offset = tz.offset_from_utc_datetime(&utc).fix();
                utc + chrono::Duration::seconds(offset.local_minus_utc() as i64)
            }
            Zone::Fixed(minutes) => utc + chrono::Duration::minutes(minutes as i64),
            Zone::Unknown => utc,
        }
    }

    /// The UTC instant of local time `local` on this clock; `None` when
    /// the clocks skip it or pass it twice (a daylight-saving change).
    pub fn utc(self, local: NaiveDateTime) -> Option<NaiveDateTime> {
        match self {
            Zone::Named(tz) => tz
                .from_local_datetime(&local)
                .single()
                .map(|t| t.naive_utc()),
            Zone::Fixed(minutes) => Some(local - chrono::Duration::minutes(minutes as i64)),
            Zone::Unknown => Some(local),
        }
    }

    /// How the zone is named to people: `Europe/London`, `UTC+05:30`.
    pub fn label(self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(0) => "UTC".into(),
            Zone::Fixed(m) => format!(
                "UTC{}{:02}:{:02}",
                if m < 0 { '-' } else { '+' },
                m.abs() / 60,
                m.abs() % 60
            ),
            Zone::Unknown => "local time".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .unwrap()
            .and_hms_opt(h, mi, 0)
            .unwrap()
    }

    #[test]
    fn london_follows_summer_time_and_new_york_its_own_dates() {
        let london = Zone::Named(Zone::parse_name("europe/london").unwrap());
        let ny = Zone::Named(Zone::parse_name("America/New_York").unwrap());
        assert_eq!(london.local(at(2027, 1, 4, 12, 0)), at(2027, 1, 4, 12, 0));
        assert_eq!(london.local(at(2027, 4, 5, 12, 0)), at(2027, 4, 5, 13, 0));
        // 2027: New York changes on 14 March, London on 28 March.
        assert_eq!(ny.local(at(2027, 3, 8, 14, 0)), at(2027, 3, 8, 9, 0));
        assert_eq!(ny.local(at(2027, 3, 15, 14, 0)), at(2027, 3, 15, 10, 0));
        // 01:30 on 28 March 2027 does not exist in London.
        assert_eq!(london.utc(at(2027, 3, 28, 1, 30)), None);
        assert_eq!(Zone::Fixed(330).label(), "UTC+05:30");
        assert_eq!(
            Zone::Fixed(-300).utc(at(2027, 1, 4, 9, 0)),
            Some(at(2027, 1, 4, 14, 0))
        );
    }
}
