//! Choosing the weekly hour: the first time, from the start date on, that
//! lies inside both people's free hours on their own clocks in every one of
//! the programme's weeks.
//!
//! The meeting repeats at one local time on the *anchor* clock (the
//! senior's, or the junior's when only theirs is known); the invite says so
//! (`TZID`), so calendars keep it there across daylight-saving changes.
//! The partner's local time may move by an hour in the weeks when the two
//! zones change on different dates (London and New York, March and
//! October): every week is checked, so a slot that would drift out of the
//! partner's hours is never chosen.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::hours::Week;
use super::zone::Zone;

/// Minutes between the candidate start times.
pub const STEP_MINUTES: u32 = 30;
/// Length of a meeting, in minutes.
pub const MEETING_MINUTES: u32 = 60;

/// One person as the slot search sees them.
#[derive(Clone, Debug)]
pub struct Clock<'a> {
    pub zone: Zone,
    pub free: &'a Week,
}

/// A weekly meeting every week for `weeks` weeks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// The clock the meeting is fixed on.
    pub anchor: Zone,
    /// The first meeting's start on the anchor clock.
    pub first: NaiveDateTime,
    /// Every meeting's start in UTC (for a floating slot: local time).
    pub starts_utc: Vec<NaiveDateTime>,
}

/// The anchor clock: the senior's zone if known, else the junior's.
pub fn anchor(senior: Zone, junior: Zone) -> Zone {
    match senior {
        Zone::Unknown => junior,
        known => known,
    }
}

/// A person's clock with an unknown zone taken to be the partner's.
fn resolved(zone: Zone, partner: Zone) -> Zone {
    match zone {
        Zone::Unknown => partner,
        known => known,
    }
}

/// The first weekly slot, trying each of the 7 days from `start` in
/// order and each start time from 00:00 in [`STEP_MINUTES`] steps on the
/// anchor clock; `None` when no slot fits both people in every week.
pub fn find(senior: &Clock, junior: &Clock, start: NaiveDate, weeks: u32) -> Option<Slot> {
    let anchor = anchor(senior.zone, junior.zone);
    let people = [
        (resolved(senior.zone, junior.zone), senior.free),
        (resolved(junior.zone, senior.zone), junior.free),
    ];
    for day in 0..7 {
        let date = start + Duration::days(day);
        'time: for minute in (0..24 * 60).step_by(STEP_MINUTES as usize) {
            let mut starts = Vec::with_capacity(weeks as usize);
            for week in 0..weeks {
                let local = (date + Duration::weeks(week as i64))
                    .and_hms_opt(minute / 60, minute % 60, 0)
                    .expect("a valid time");
                let Some(utc) = anchor.utc(local) else {
                    continue 'time;
                };
                for (zone, free) in &people {
                    let theirs = zone.local(utc);
                    let at = theirs.hour_minute();
                    let weekday = theirs.weekday().num_days_from_monday() as usize;
                    if !free.fits(weekday, at, MEETING_MINUTES) {
                        continue 'time;
                    }
                }
                starts.push(utc);
            }
            let first = date
                .and_hms_opt(minute / 60, minute % 60, 0)
                .expect("valid");
            return Some(Slot {
                anchor,
                first,
                starts_utc: starts,
            });
        }
    }
    None
}

trait HourMinute {
    fn hour_minute(&self) -> u32;
}

impl HourMinute for NaiveDateTime {
    fn hour_minute(&self) -> u32 {
        use chrono::Timelike;
        self.hour() * 60 + self.minute()
    }
}

/// One person's local times of the meetings, as runs: the first meeting's
/// local start, then each date from which it changes (daylight saving).
pub fn local_runs(slot: &Slot, zone: Zone) -> Vec<(NaiveDateTime, NaiveDateTime)> {
    let zone = resolved(zone, slot.anchor);
    let mut runs: Vec<(NaiveDateTime, NaiveDateTime)> = Vec::new();
    for &utc in &slot.starts_utc {
        let local = zone.local(utc);
        match runs.last() {
            Some((_, last)) if last.hour_minute() == local.hour_minute() => {}
            _ => runs.push((utc, local)),
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn earliest_hour_both_are_at_work() {
        let office = Week::office();
        let london = Clock {
            zone: Zone::Fixed(0),
            free: &office,
        };
        let ny = Clock {
            zone: Zone::Fixed(-300),
            free: &office,
        };
        let slot = find(&london, &ny, date(2027, 1, 4), 3).unwrap();
        // 14:00 London is 09:00 New York.
        assert_eq!(slot.first, date(2027, 1, 4).and_hms_opt(14, 0, 0).unwrap());
        assert_eq!(slot.starts_utc.len(), 3);
        let tokyo = Clock {
            zone: Zone::Fixed(540),
            free: &office,
        };
        assert_eq!(find(&tokyo, &ny, date(2027, 1, 4), 3), None);
    }

    #[test]
    fn a_slot_that_drifts_out_of_hours_in_march_is_not_chosen() {
        let office = Week::office();
        let london = Clock {
            zone: Zone::Named(chrono_tz::Europe::London),
            free: &office,
        };
        let ny = Clock {
            zone: Zone::Named(chrono_tz::America::New_York),
            free: &office,
        };
        // In January alone, 14:00 London (09:00 New York) fits.
        let winter = find(&london, &ny, date(2027, 1, 4), 4).unwrap();
        assert_eq!(
            winter.first.time(),
            chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
        // From 14 to 28 March 2027 only New York is on summer time: 14:00
        // London is 10:00 there (in hours), then 09:00 again.
        let spring = find(&london, &ny, date(2027, 3, 1), 6).unwrap();
        assert_eq!(
            spring.first.time(),
            chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
        let runs = local_runs(&spring, ny.zone);
        assert_eq!(runs.len(), 3, "{runs:?}");
        // A New York senior anchors the meeting on New York's clock.
        let late = Week::parse("Mon-Fri 13:30-17:00").unwrap();
        let london_afternoon = Clock {
            zone: Zone::Named(chrono_tz::Europe::London),
            free: &late,
        };
        let slot = find(&ny, &london_afternoon, date(2027, 3, 1), 6).unwrap();
        // 09:00 New York falls at 13:00 London during 15-26 March: refused;
        // 09:30 New York is 13:30 London then, and 14:30 otherwise.
        assert_eq!(
            slot.first.time(),
            chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap()
        );
    }
}
