//! The calendar invite (RFC 5545 `.ics`) for a pair's weekly meeting.
//!
//! A weekly event (`RRULE:FREQ=WEEKLY;COUNT=N`) fixed on the anchor clock:
//! with `TZID` and a `VTIMEZONE` that lists the zone's offsets over the
//! programme's weeks when the anchor is an IANA zone (so the local time
//! holds across daylight-saving changes), in UTC for a fixed offset, and
//! as floating local time when neither person's zone is known. Lines end
//! in CRLF and are folded at 75 octets; text is escaped; `UID` and
//! `DTSTAMP` come from the inputs, so a rerun writes the same bytes.

use chrono::{Duration, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::slot::{Slot, MEETING_MINUTES};
use super::zone::Zone;

/// A name and an e-mail address (checked by [`super::mail::is_address`]).
#[derive(Clone, Debug)]
pub struct Party<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
}

/// One weekly meeting to write.
pub struct Event<'a> {
    pub uid: String,
    /// Written as `DTSTAMP` (UTC).
    pub stamp: NaiveDateTime,
    pub summary: &'a str,
    pub description: &'a str,
    pub organizer: Party<'a>,
    pub attendees: [Party<'a>; 2],
    pub slot: &'a Slot,
    /// `PUBLISH` for a file to import, `REQUEST` for an invitation mailed
    /// by the organizer.
    pub method: &'a str,
}

/// The whole `.ics` text, CRLF line ends.
pub fn ics(event: &Event) -> String {
    let mut out = Lines::default();
    out.line("BEGIN:VCALENDAR");
    out.line("VERSION:2.0");
    out.line("PRODID:-//rmatch//reverse mentoring introductions//EN");
    out.line("CALSCALE:GREGORIAN");
    out.line(&format!("METHOD:{}", event.method));
    let slot = event.slot;
    let start = match slot.anchor {
        Zone::Named(tz) => {
            timezone(&mut out, tz, slot);
            format!("DTSTART;TZID={}:{}", tz.name(), stamp(slot.first))
        }
        Zone::Fixed(_) => format!("DTSTART:{}Z", stamp(slot.starts_utc[0])),
        Zone::Unknown => format!("DTSTART:{}", stamp(slot.first)),
    };
    out.line("BEGIN:VEVENT");
    out.line(&format!("UID:{}", text(&event.uid)));
    out.line(&format!("DTSTAMP:{}Z", stamp(event.stamp)));
    out.line(&start);
    out.line(&format!("DURATION:PT{}M", MEETING_MINUTES));
    out.line(&format!(
        "RRULE:FREQ=WEEKLY;COUNT={}",
        slot.starts_utc.len()
    ));
    out.line(&format!("SUMMARY:{}", text(event.summary)));
    out.line(&format!("DESCRIPTION:{}", text(event.description)));
    if let Some(email) = event.organizer.email {
        let cn = if event.organizer.name.trim().is_empty() {
            String::new()
        } else {
            format!(";CN={}", param(event.organizer.name))
        };
        out.line(&format!("ORGANIZER{cn}:mailto:{email}"));
    }
    for person in &event.attendees {
        if let Some(email) = person.email {
            out.line(&format!(
                "ATTENDEE;CN={};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:{email}",
                param(person.name)
            ));
        }
    }
    out.line("SEQUENCE:0");
    out.line("STATUS:CONFIRMED");
    out.line("TRANSP:OPAQUE");
    out.line("END:VEVENT");
    out.line("END:VCALENDAR");
    out.text
}

/// A `VTIMEZONE` for `tz` covering the meetings (a week either side): the
/// offset in force at the start, then each change, as found in the zone
/// database (no rules to get wrong: each observance has its own date).
fn timezone(out: &mut Lines, tz: Tz, slot: &Slot) {
    let from = slot.starts_utc[0] - Duration::days(7);
    let to = *slot.starts_utc.last().expect("a slot has meetings") + Duration::days(7);
    let offset_at = |t: NaiveDateTime| tz.offset_from_utc_datetime(&t);
    out.line("BEGIN:VTIMEZONE");
    out.line(&format!("TZID:{}", tz.name()));
    let first = offset_at(from);
    let seconds = |o: &chrono_tz::TzOffset| o.fix().local_minus_utc();
    observance(out, &first, seconds(&first), from);
    let mut t = from;
    let mut current = first;
    while t < to {
        let next = t + Duration::hours(1);
        let offset = offset_at(next);
        if seconds(&offset) != seconds(&current) || offset.abbreviation() != current.abbreviation()
        {
            // The first second with the new offset, between t and next.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > Duration::seconds(1) {
                let mid = lo + (hi - lo) / 2;
                if seconds(&offset_at(mid)) == seconds(&current)
                    && offset_at(mid).abbreviation() == current.abbreviation()
                {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            observance(out, &offset, seconds(&current), hi);
            current = offset;
        }
        t = next;
    }
    out.line("END:VTIMEZONE");
}

/// One `STANDARD` or `DAYLIGHT` block: from UTC instant `at`, whose local
/// time is read on the offset before it (`from_seconds`).
fn observance(out: &mut Lines, offset: &chrono_tz::TzOffset, from_seconds: i32, at: NaiveDateTime) {
    let kind = if offset.dst_offset().is_zero() {
        "STANDARD"
    } else {
        "DAYLIGHT"
    };
    out.line(&format!("BEGIN:{kind}"));
    out.line(&format!(
        "DTSTART:{}",
        stamp(at + Duration::seconds(from_seconds as i64))
    ));
    out.line(&format!("TZOFFSETFROM:{}", utc_offset(from_seconds)));
    out.line(&format!(
        "TZOFFSETTO:{}",
        utc_offset(offset.fix().local_minus_utc())
    ));
    if let Some(name) = offset.abbreviation() {
        out.line(&format!("TZNAME:{}", text(name)));
    }
    out.line(&format!("END:{kind}"));
}

/// `+0100`, `-0430`, `+053730` (seconds only when there are some).
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.abs();
    let (h, m, sec) = (s / 3600, s / 60 % 60, s % 60);
    if sec == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{sec:02}")
    }
}

/// `YYYYMMDDTHHMMSS`.
pub fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped;
/// other control characters dropped.
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let value = value.replace("\r\n", "\n").replace('\r', "\n");
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A parameter value (`CN=`): double-quoted, as a quoted value cannot hold
/// `"` it becomes `'`; control characters dropped.
fn param(value: &str) -> String {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if c == '"' { '\'' } else { c })
        .collect();
    format!("\"{clean}\"")
}

/// Content lines, folded at 75 octets (never inside a character).
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    fn line(&mut self, line: &str) {
        let mut width = 0;
        for c in line.chars() {
            let n = c.len_utf8();
            if width + n > 75 {
                self.text.push_str("\r\n ");
                width = 1;
            }
            self.text.push(c);
            width += n;
        }
        self.text.push_str("\r\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let mut out = Lines::default();
        let long = format!("DESCRIPTION:{}", "é".repeat(100));
        out.line(&long);
        for l in out.text.split("\r\n") {
            assert!(l.len() <= 75, "{}", l.len());
        }
        let unfolded = out.text.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(text("a,b;c\\d\ne\u{7}"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(param("Ann \"Nan\" Lee"), "\"Ann 'Nan' Lee\"");
        assert_eq!(utc_offset(-16200), "-0430");
    }
}
