//! When in the week a person can meet, on their own clock: the
//! `availability` column, or the programme's working hours (Mon-Fri
//! 09:00-17:00 unless `--hours` or the config says otherwise).
//!
//! The syntax is one or more parts separated by `;`, each days then times:
//! `Mon-Thu 09:00-12:00; Fri 14:00-16:00`, `Mon,Wed 09:00-12:00,13:00-17:00`.
//! Days are `Mon`..`Sun` (or full names, any case), single or as a range,
//! or `weekdays`, `weekends`, `daily`;
//! times are 24-hour `HH:MM-HH:MM` (`24:00` ends a day) or 12-hour
//! `9am-5pm` (`9:30 a.m.`, any case; `12am` ends a day). A part without
//! days means Monday to Friday (`09:00-17:00`).

/// Day names, Monday first (chrono's `num_days_from_monday` order).
pub const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FULL_DAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Free time per weekday (Monday first), as minutes after midnight
/// `[start, end)`, sorted and merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Week {
    days: [Vec<(u16, u16)>; 7],
}

impl Week {
    /// Monday to Friday, 09:00-17:00.
    pub fn office() -> Week {
        Week::parse("Mon-Fri 09:00-17:00").expect("the default hours parse")
    }

    /// Reads the syntax above; the error says what is wrong and how to
    /// write it.
    pub fn parse(text: &str) -> Result<Week, String> {
        let mut days: [Vec<(u16, u16)>; 7] = Default::default();
        let mut any = false;
        for part in text.split(';') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            let (day_text, times_text) = match part.find(|c: char| c.is_ascii_digit()) {
                Some(i) => (part[..i].trim(), part[i..].trim()),
                None => {
                    return Err(format!(
                        "\"{part}\" has no times; write days then times, e.g. Mon-Fri 09:00-17:00"
                    ))
                }
            };
            let chosen = if day_text.is_empty() {
                vec![0, 1, 2, 3, 4]
            } else {
                parse_days(day_text)?
            };
            let mut times = Vec::new();
            for range in times_text.split(',') {
                times.push(parse_range(range.trim())?);
            }
            for d in chosen {
                days[d].extend(times.iter().copied());
            }
            any = true;
        }
        if !any {
            return Err("is empty; write days then times, e.g. Mon-Fri 09:00-17:00".into());
        }
        for list in &mut days {
            list.sort_unstable();
            let mut merged: Vec<(u16, u16)> = Vec::new();
            for &(s, e) in list.iter() {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            *list = merged;
        }
        Ok(Week { days })
    }

    /// Whether `minutes` from `start` (minutes after midnight) on `weekday`
    /// (0 = Monday) lie inside one free stretch.
    pub fn fits(&self, weekday: usize, start: u32, minutes: u32) -> bool {
        self.days[weekday % 7]
            .iter()
            .any(|&(s, e)| s as u32 <= start && start + minutes <= e as u32)
    }
}

/// What may join the two ends of a range of days or times: the hyphen,
/// and the dashes a word processor or an e-mail client turns it into
/// (`Mon–Fri 09:00–17:00`, pasted from a document): the en and em dash,
/// the minus sign and the Unicode hyphens.
const DASHES: [char; 6] = [
    '-', '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}',
];

fn day_index(text: &str) -> Option<usize> {
    let lower = text.trim().to_lowercase();
    if lower.len() < 2 {
        return None;
    }
    FULL_DAYS
        .iter()
        .position(|full| full.starts_with(&lower) && lower.len() >= 3)
        .or(match lower.as_str() {
            "tu" | "tues" => Some(1),
            "th" | "thur" | "thurs" => Some(3),
            _ => None,
        })
}

fn parse_days(text: &str) -> Result<Vec<usize>, String> {
    let bad = |what: &str| {
        format!("\"{what}\" is not a day or a range of days; write Mon, Tue, Wed, Thu, Fri, Sat or Sun, a range like Mon-Thu, or weekdays")
    };
    let mut chosen = Vec::new();
    for item in text.split(',') {
        let item = item.trim();
        match item.to_lowercase().as_str() {
            "weekdays" => {
                chosen.extend(0..5);
                continue;
            }
            "weekends" | "weekend" => {
                chosen.extend(5..7);
                continue;
            }
            "daily" | "every day" => {
                chosen.extend(0..7);
                continue;
            }
            _ => {}
        }
        match item.split_once(DASHES) {
            Some((a, b)) => {
                let from = day_index(a).ok_or_else(|| bad(item))?;
                let to = day_index(b).ok_or_else(|| bad(item))?;
                let mut d = from;
                loop {
                    chosen.push(d);
                    if d == to {
                        break;
                    }
                    d = (d + 1) % 7;
                }
            }
            None => chosen.push(day_index(item).ok_or_else(|| bad(item))?),
        }
    }
    Ok(chosen)
}

/// A time as written: minutes after midnight, and whether it said `am`
/// or `pm` (12-hour clock) or neither (24-hour clock).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Time {
    minutes: u16,
    half: Option<Half>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Half {
    Am,
    Pm,
}

/// `HH:MM` (or `H:MM`, or `HH`) on the 24-hour clock, up to 24:00, or
/// `9am`, `9:30 pm`, `12 p.m.` on the 12-hour clock (any case).
fn parse_time(text: &str) -> Option<Time> {
    let lower = text.trim().to_lowercase();
    let compact: String = lower.chars().filter(|c| *c != '.' && *c != ' ').collect();
    let (clock, half) = if let Some(clock) = compact.strip_suffix("am") {
        (clock, Some(Half::Am))
    } else if let Some(clock) = compact.strip_suffix("pm") {
        (clock, Some(Half::Pm))
    } else {
        (compact.as_str(), None)
    };
    let (h, m) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h, m),
        Some(_) => return None,
        None => (clock, "00"),
    };
    if h.is_empty() || h.len() > 2 || !h.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    if m >= 60 {
        return None;
    }
    let hour = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(Half::Am) => h % 12,
        Some(Half::Pm) => h % 12 + 12,
    };
    let minutes = hour * 60 + m;
    (minutes <= 24 * 60).then_some(Time { minutes, half })
}

/// `start-end`: two times, the end after the start. On the 12-hour clock a
/// start without `am` or `pm` takes the end's when that keeps it first
/// (`1-5pm` is 13:00-17:00, `9-5pm` 09:00-17:00), and an end at `12am`
/// is midnight at the end of the day.
fn parse_range(text: &str) -> Result<(u16, u16), String> {
    let bad = || {
        format!("\"{text}\" is not a time range; write it like 09:00-17:00 or 9am-5pm (the end after the start)")
    };
    let (a, b) = text.split_once(DASHES).ok_or_else(bad)?;
    let (start, end) = (
        parse_time(a).ok_or_else(bad)?,
        parse_time(b).ok_or_else(bad)?,
    );
    let mut from = start.minutes;
    if start.half.is_none() && end.half == Some(Half::Pm) && (1..12 * 60).contains(&from) {
        let afternoon = from + 12 * 60;
        if afternoon < end.minutes {
            from = afternoon;
        }
    }
    let to = match end.half {
        Some(Half::Am) if end.minutes == 0 && from > 0 => 24 * 60,
        _ => end.minutes,
    };
    if to <= from {
        return Err(format!(
            "\"{text}\" ends before it starts; write the start first, and a range past midnight as two, one on each day (Mon 22:00-24:00; Tue 00:00-01:00)"
        ));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_and_times_parse_and_merge() {
        let w = Week::parse("Mon-Thu 09:00-12:00; fri 14:00-16:00,15:30-17:00").unwrap();
        assert!(w.fits(0, 9 * 60, 60));
        assert!(w.fits(3, 11 * 60, 60));
        assert!(!w.fits(3, 11 * 60 + 30, 60));
        assert!(w.fits(4, 15 * 60 + 30, 90));
        assert!(!w.fits(5, 9 * 60, 60));
        assert_eq!(Week::parse("09:00-17:00").unwrap(), Week::office());
        let wrap = Week::parse("Sat-Mon 10:00-11:00").unwrap();
        assert!(wrap.fits(6, 600, 60) && wrap.fits(0, 600, 60) && !wrap.fits(1, 600, 60));
        assert!(Week::parse("Sun 23:00-24:00").unwrap().fits(6, 23 * 60, 60));
    }

    #[test]
    fn dashes_a_document_writes_join_a_range() {
        for dash in ['\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2212}'] {
            let text = format!("Mon{dash}Fri 09:00{dash}17:00");
            assert_eq!(Week::parse(&text), Ok(Week::office()), "{text}");
        }
    }

    #[test]
    fn twelve_hour_times_read_as_the_24_hour_clock() {
        let office = Week::office();
        for text in [
            "Mon-Fri 9am-5pm",
            "Mon-Fri 9 AM - 5 PM",
            "Mon-Fri 9:00 a.m.-5:00 p.m.",
            "Mon-Fri 9-5pm",
            "9am-17:00",
        ] {
            assert_eq!(Week::parse(text), Ok(office.clone()), "{text}");
        }
        assert_eq!(Week::parse("Weekdays 9am-5pm"), Ok(office.clone()));
        assert_eq!(
            Week::parse("weekends 10-12; daily 20:00-21:00"),
            Week::parse("Sat-Sun 10:00-12:00; Mon-Sun 20:00-21:00")
        );
        for (text, range) in [
            ("1-5pm", (13 * 60, 17 * 60)),
            ("11-1pm", (11 * 60, 13 * 60)),
            ("12pm-1:30pm", (12 * 60, 13 * 60 + 30)),
            ("12am-6am", (0, 6 * 60)),
            ("6pm-12am", (18 * 60, 24 * 60)),
        ] {
            assert_eq!(parse_range(text), Ok(range), "{text}");
        }
        // Past midnight is another day: write it as two parts.
        for bad in [
            "13pm-2pm",
            "0am-5am",
            "5pm-9am",
            "10pm-12:30am",
            "9-5",
            "9am-",
        ] {
            assert!(parse_range(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn bad_syntax_says_what_to_write() {
        for bad in [
            "",
            "Mon",
            "Moon 09:00-10:00",
            "Mon 9-",
            "Mon 10:00-09:00",
            "Mon 25:00-26:00",
            "Mon 9:5-10:00",
        ] {
            let e = Week::parse(bad).unwrap_err();
            assert!(e.contains("write"), "{bad}: {e}");
        }
    }
}
