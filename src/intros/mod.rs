//! Introductions and first meetings (`rmatch intros`): after the pairing, a
//! coordinator introduces each pair and books their weekly hour. For every
//! pair this builds an e-mail to both people ([`mail`], words from
//! [`template`]), a calendar invite for a weekly one-hour meeting at a
//! time inside both people's hours on their own clocks ([`slot`], [`hours`],
//! [`zone`], written by [`calendar`]), and one mail-merge CSV row.
//!
//! Everything here is pure: the files' names and bytes come back as a
//! [`Plan`], which the command writes all or nothing. The same pairs,
//! roster and settings give the same bytes.

pub mod calendar;
pub mod hours;
pub mod mail;
pub mod pairs;
pub mod slot;
pub mod template;
pub mod zone;

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::error::{Diagnostic, Error, Location, Result};
use crate::explain;
use crate::roster::{Person, Roster};
use crate::scoring::{Scorer, Weights};

use self::hours::Week;
use self::mail::Mailbox;
use self::pairs::PairRow;
use self::slot::{Clock, Slot};
use self::template::Template;
use self::zone::Zone;

/// The roster columns intros reads, besides what every roster has (the
/// roster reader knows them too, and does not call them unused).
pub const EMAIL: &str = crate::roster::INTRODUCTION_COLUMNS[0];
pub const TIMEZONE: &str = crate::roster::INTRODUCTION_COLUMNS[1];
pub const AVAILABILITY: &str = crate::roster::INTRODUCTION_COLUMNS[2];

/// The default number of weekly meetings.
pub const DEFAULT_WEEKS: u32 = 12;
/// The most weekly meetings one invite may hold (two years).
pub const MAX_WEEKS: u32 = 104;
/// The name of the mail-merge file.
pub const MERGE_FILE: &str = "mail-merge.csv";

/// The `[intros]` table of the config file; flags override it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntrosSpec {
    /// The sender, `Name <address>`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Working hours in the `availability` syntax, e.g. `Mon-Fri 09:00-17:00`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weeks: Option<u32>,
    /// A template file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
}

/// What a run needs besides the pairs and the roster.
pub struct Settings {
    pub start: NaiveDate,
    pub weeks: u32,
    pub from: Mailbox,
    /// Everyone's hours unless their `availability` cell says otherwise.
    pub hours: Week,
    pub template: Template,
}

/// One person's e-mail, clock and free hours, from the roster.
struct Contact {
    email: Option<String>,
    zone: Zone,
    free: Week,
}

/// One pair's files and mail-merge fields.
pub struct Intro {
    /// `001-S01-J27`: the files' name without extension.
    pub stem: String,
    pub senior: usize,
    pub junior: usize,
    /// The `.eml` text; `None` when someone has no address.
    pub eml: Option<String>,
    /// The `.ics` text; `None` when no weekly hour fits both.
    pub ics: Option<String>,
    /// The mail-merge row, in [`MERGE_COLUMNS`] order.
    pub merge: Vec<String>,
}

/// Everything to write, and what the coordinator must be told.
pub struct Plan {
    pub intros: Vec<Intro>,
    /// People without a usable address (their pair has no `.eml`).
    pub no_address: Vec<Diagnostic>,
    /// Pairs with no common weekly hour, as `S01 and J27`.
    pub no_slot: Vec<String>,
}

/// The mail-merge columns.
pub const MERGE_COLUMNS: [&str; 24] = [
    "pair",
    "senior_id",
    "senior_name",
    "senior_email",
    "junior_id",
    "junior_name",
    "junior_email",
    "subject",
    "body",
    "reason",
    "junior_teaches",
    "senior_teaches",
    "shared_interests",
    "slot",
    "first_meeting_utc",
    "meeting_timezone",
    "senior_timezone",
    "senior_local_time",
    "junior_timezone",
    "junior_local_time",
    "weeks",
    "eml",
    "ics",
    "problem",
];

/// Reads each paired person's `email`, `timezone` (else `utc_offset`) and
/// `availability` (else `hours`); bad cells are errors naming the line and
/// column.
fn contacts(roster: &Roster, rows: &[PairRow], hours: &Week) -> Result<BTreeMap<usize, Contact>> {
    let kept = |name: &str| roster.kept.iter().position(|k| k == name);
    let column_of = |name: &str| {
        roster
            .column_index(name)
            .map(|i| (i + 1, roster.headers[i].clone()))
    };
    let (email, timezone, availability) = (kept(EMAIL), kept(TIMEZONE), kept(AVAILABILITY));
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    let people = rows
        .iter()
        .flat_map(|r| [r.senior, roster.n_seniors + r.junior]);
    for i in people {
        if out.contains_key(&i) {
            continue;
        }
        let person = &roster.people[i];
        let cell = |k: Option<usize>| k.map(|k| person.kept[k].trim()).filter(|t| !t.is_empty());
        let mut bad = |name: &str, message: String| {
            errors.push(Diagnostic {
                location: Location {
                    file: roster.source.clone(),
                    line: Some(person.line),
                    column: column_of(name),
                },
                message,
            })
        };
        let zone = match cell(timezone) {
            Some(text) => match Zone::parse_name(text) {
                Some(tz) => Zone::Named(tz),
                None => {
                    bad(TIMEZONE, format!("timezone \"{text}\" of {} is not a time zone name; write an IANA name like Europe/London, America/New_York or Asia/Kolkata (or leave it blank and give utc_offset)", person.label()));
                    Zone::Unknown
                }
            },
            None => person.utc_offset.map_or(Zone::Unknown, Zone::Fixed),
        };
        let free = match cell(availability) {
            Some(text) => match Week::parse(text) {
                Ok(week) => week,
                Err(why) => {
                    bad(
                        AVAILABILITY,
                        format!("availability of {}: {why}", person.label()),
                    );
                    hours.clone()
                }
            },
            None => hours.clone(),
        };
        out.insert(
            i,
            Contact {
                email: cell(email).map(str::to_string),
                zone,
                free,
            },
        );
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.location.line, d.location.column.clone()));
        return Err(Error::Data(errors));
    }
    Ok(out)
}

/// An id as part of a file name: ASCII letters, digits, `-` and `_` kept,
/// anything else (`/`, `.`, spaces, control characters) as `_`, at most 40.
fn file_part(id: &str) -> String {
    let part: String = id
        .chars()
        .take(40)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if part.is_empty() {
        "_".into()
    } else {
        part
    }
}

/// FNV-1a: a stable 64-bit hash for ids that must not change between runs.
fn stable_hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for part in parts {
        for &b in part.as_bytes().iter().chain(&[0u8]) {
            h ^= b as u64;
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// The first name to greet someone by: the first word, or for a name
/// written last name first (`Lynch, Lindsay`, as HR exports write the name
/// column) the first word after its one comma. A comma before a suffix
/// (`Jean Dupont, Jr.`) is not such a comma.
fn first_name(name: &str) -> String {
    const SUFFIXES: [&str; 10] = [
        "jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "dr",
    ];
    let first_word = |text: &str| {
        text.split_whitespace()
            .next()
            .map(|word| word.trim_end_matches(',').to_string())
            .filter(|word| !word.is_empty())
    };
    if let Some((last, rest)) = name.split_once(',') {
        let given = rest.trim();
        let suffix = given.trim_end_matches('.').to_lowercase();
        if !last.trim().is_empty()
            && !given.is_empty()
            && !given.contains(',')
            && !SUFFIXES.contains(&suffix.as_str())
        {
            if let Some(first) = first_word(given) {
                return first;
            }
        }
    }
    first_word(name).unwrap_or_else(|| name.to_string())
}

/// `Monday 4 January 2027`.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

fn hhmm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// `Mondays 14:00-15:00`.
fn weekly(t: NaiveDateTime) -> String {
    let end = t + chrono::Duration::minutes(slot::MEETING_MINUTES as i64);
    format!("{}s {}-{}", t.format("%A"), hhmm(t), hhmm(end))
}

/// One person's meeting times on their clock: the first, and each change
/// (daylight saving) with its date.
fn local_times(slot: &Slot, zone: Zone) -> (String, Vec<String>) {
    let runs = slot::local_runs(slot, zone);
    let first = runs[0].1;
    let changes = runs[1..]
        .iter()
        .map(|(_, local)| {
            let end = *local + chrono::Duration::minutes(slot::MEETING_MINUTES as i64);
            let when = if local.weekday() == first.weekday() {
                format!("{}-{}", hhmm(*local), hhmm(end))
            } else {
                weekly(*local)
            };
            format!("{when} from {}", local.format("%-d %B"))
        })
        .collect();
    (weekly(first), changes)
}

/// [`local_times`] in one line: `Mondays 09:00-10:00 (10:00-11:00 from 15
/// March, 09:00-10:00 from 29 March)`.
fn local_line(slot: &Slot, zone: Zone) -> String {
    let (first, changes) = local_times(slot, zone);
    if changes.is_empty() {
        first
    } else {
        format!("{first} ({})", changes.join(", "))
    }
}

/// A reason sentence as people read it: without the skill levels the
/// pairing run shows the coordinator (`python (level 5 vs 0)` reads
/// `python`).
pub fn without_levels(reason: &str) -> String {
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(at) = rest.find(" (level ") {
        let after = &rest[at + " (level ".len()..];
        match after.find(')') {
            Some(close)
                if after[..close]
                    .split(" vs ")
                    .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())) =>
            {
                out.push_str(&rest[..at]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..at + 1]);
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Builds every pair's files. `rows` come from [`pairs::read`].
pub fn plan(roster: &Roster, rows: &[PairRow], settings: &Settings) -> Result<Plan> {
    let contacts = contacts(roster, rows, &settings.hours)?;
    let width = rows.len().to_string().len().max(3);
    let mut scorer: Option<Scorer> = None;
    let mut out = Plan {
        intros: Vec::new(),
        no_address: Vec::new(),
        no_slot: Vec::new(),
    };
    let email_column = roster
        .column_index(EMAIL)
        .map(|i| (i + 1, roster.headers[i].clone()));
    let start_text = long_date(settings.start);
    for (n, row) in rows.iter().enumerate() {
        let senior = roster.senior(row.senior);
        let junior = roster.junior(row.junior);
        let sc = &contacts[&row.senior];
        let jc = &contacts[&(roster.n_seniors + row.junior)];
        let stem = format!(
            "{:0width$}-{}-{}",
            n + 1,
            file_part(&senior.id),
            file_part(&junior.id)
        );
        let reason = match &row.why {
            Some(why) => without_levels(why),
            None => {
                let scorer = scorer.get_or_insert_with(|| Scorer::new(roster, Weights::default()));
                without_levels(&explain::pair(scorer, row.senior, row.junior))
            }
        };
        let junior_teaches = explain::topics_taught(roster, senior, junior);
        let senior_teaches = explain::topics_taught(roster, junior, senior);
        let shared: Vec<String> = senior
            .interests
            .iter()
            .filter(|i| junior.interests.binary_search(i).is_ok())
            .map(|&i| roster.text_in("interests", i).to_string())
            .collect();
        let found = slot::find(
            &Clock {
                zone: sc.zone,
                free: &sc.free,
            },
            &Clock {
                zone: jc.zone,
                free: &jc.free,
            },
            settings.start,
            settings.weeks,
        );
        let pair_name = format!("{} and {}", senior.label(), junior.label());
        let slot_text = match &found {
            Some(s) => {
                let anchor = s.anchor;
                let zone_of = |z: Zone| match z {
                    Zone::Unknown => anchor,
                    z => z,
                };
                let mine = |p: &Person, z: Zone| {
                    let (first, changes) = local_times(s, z);
                    let changes = if changes.is_empty() {
                        String::new()
                    } else {
                        format!("; {}, as the clocks change", explain::and_list(&changes))
                    };
                    format!(
                        "{first} for {} ({}{changes})",
                        first_name(&p.name),
                        zone_of(z).label()
                    )
                };
                match anchor {
                    Zone::Unknown => format!(
                        "{}, your local time (the roster gives neither of you a time zone), every week for {} weeks from {}. The calendar invitation is attached.",
                        weekly(s.first),
                        settings.weeks,
                        long_date(s.first.date())
                    ),
                    _ => format!(
                        "{} {} time, every week for {} weeks from {}: {} and {}. The calendar invitation is attached; move it if another time suits you both better.",
                        weekly(s.first),
                        anchor.label(),
                        settings.weeks,
                        long_date(s.first.date()),
                        mine(senior, sc.zone),
                        mine(junior, jc.zone)
                    ),
                }
            }
            None => {
                out.no_slot.push(pair_name.clone());
                "no weekly hour falls inside both your working hours, so please agree a time between you (an early or late hour for one of you, or a different day each week).".to_string()
            }
        };
        let nothing = "the topics you agree on at your first meeting".to_string();
        let mut values: BTreeMap<&str, String> = BTreeMap::new();
        values.insert("senior_name", senior.name.clone());
        values.insert("senior_first_name", first_name(&senior.name));
        values.insert("senior_id", senior.id.clone());
        values.insert("senior_email", sc.email.clone().unwrap_or_default());
        values.insert("junior_name", junior.name.clone());
        values.insert("junior_first_name", first_name(&junior.name));
        values.insert("junior_id", junior.id.clone());
        values.insert("junior_email", jc.email.clone().unwrap_or_default());
        values.insert("reason", reason.clone());
        values.insert(
            "junior_teaches",
            if junior_teaches.is_empty() {
                nothing.clone()
            } else {
                explain::and_list(&junior_teaches)
            },
        );
        values.insert(
            "senior_teaches",
            if senior_teaches.is_empty() {
                nothing.clone()
            } else {
                explain::and_list(&senior_teaches)
            },
        );
        values.insert(
            "shared_interests",
            if shared.is_empty() {
                "none listed".into()
            } else {
                explain::and_list(&shared)
            },
        );
        values.insert("slot", slot_text.clone());
        values.insert("weeks", settings.weeks.to_string());
        values.insert("start", start_text.clone());
        values.insert(
            "coordinator",
            if settings.from.name.is_empty() {
                settings.from.address.clone()
            } else {
                settings.from.name.clone()
            },
        );
        let (subject, body) = settings.template.fill(&values);
        let key = stable_hash(&[
            &settings.start.to_string(),
            &senior.id,
            &junior.id,
            &settings.weeks.to_string(),
        ]);
        let stamp = settings.start.and_hms_opt(0, 0, 0).expect("midnight");
        let description = format!(
            "{} mentors {}. Why: {}\nWhat {} can teach: {}.\nWhat {} can offer back: {}.",
            junior.name,
            senior.name,
            reason,
            first_name(&junior.name),
            values["junior_teaches"],
            first_name(&senior.name),
            values["senior_teaches"]
        );
        let ics_for = |s: &Slot, method: &str| {
            calendar::ics(&calendar::Event {
                uid: format!("{key:016x}-{}@rmatch", settings.weeks),
                stamp,
                summary: &format!("Reverse mentoring: {} and {}", junior.name, senior.name),
                description: &description,
                organizer: calendar::Party {
                    name: &settings.from.name,
                    email: Some(&settings.from.address),
                },
                attendees: [
                    calendar::Party {
                        name: &senior.name,
                        email: sc.email.as_deref().filter(|e| mail::is_address(e)),
                    },
                    calendar::Party {
                        name: &junior.name,
                        email: jc.email.as_deref().filter(|e| mail::is_address(e)),
                    },
                ],
                slot: s,
                method,
            })
        };
        let ics = found.as_ref().map(|s| ics_for(s, "PUBLISH"));
        let mut problems = Vec::new();
        for (p, c) in [(senior, sc), (junior, jc)] {
            let message = match c.email.as_deref() {
                None => format!(
                    "{} has no e-mail address, so pair {stem} ({pair_name}) has no e-mail; add the address and run again",
                    p.label()
                ),
                Some(e) if !mail::is_address(e) => format!(
                    "\"{e}\" of {} is not an e-mail address (write it like name@example.org), so pair {stem} ({pair_name}) has no e-mail",
                    p.label()
                ),
                Some(_) => continue,
            };
            problems.push(format!("no e-mail address for {}", p.id));
            out.no_address.push(Diagnostic {
                location: Location {
                    file: roster.source.clone(),
                    line: Some(p.line),
                    column: email_column.clone(),
                },
                message,
            });
        }
        let eml = problems.is_empty().then(|| {
            let invite = found.as_ref().map(|s| ics_for(s, "REQUEST"));
            mail::eml(&mail::Message {
                from: &settings.from,
                to: [(senior, sc), (junior, jc)]
                    .iter()
                    .map(|(p, c)| Mailbox {
                        name: p.name.clone(),
                        address: c.email.clone().unwrap_or_default(),
                    })
                    .collect(),
                subject: &subject,
                body: &body,
                date: stamp,
                id: format!("{key:016x}.intro"),
                invite: invite.as_deref(),
            })
        });
        if found.is_none() {
            problems.push("no common weekly hour".into());
        }
        let (first_utc, anchor, senior_local, junior_local) = match &found {
            Some(s) => (
                match s.anchor {
                    Zone::Unknown => s.starts_utc[0].format("%Y-%m-%dT%H:%M:%S").to_string(),
                    _ => s.starts_utc[0].format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                },
                s.anchor.label(),
                local_line(s, sc.zone),
                local_line(s, jc.zone),
            ),
            None => Default::default(),
        };
        let label = |z: Zone| match z {
            Zone::Unknown => String::new(),
            z => z.label(),
        };
        let merge = vec![
            stem.clone(),
            senior.id.clone(),
            senior.name.clone(),
            sc.email.clone().unwrap_or_default(),
            junior.id.clone(),
            junior.name.clone(),
            jc.email.clone().unwrap_or_default(),
            subject,
            body,
            reason,
            values["junior_teaches"].clone(),
            values["senior_teaches"].clone(),
            values["shared_interests"].clone(),
            slot_text,
            first_utc,
            anchor,
            label(sc.zone),
            senior_local,
            label(jc.zone),
            junior_local,
            settings.weeks.to_string(),
            if eml.is_some() {
                format!("{stem}.eml")
            } else {
                String::new()
            },
            if ics.is_some() {
                format!("{stem}.ics")
            } else {
                String::new()
            },
            problems.join("; "),
        ];
        out.intros.push(Intro {
            stem,
            senior: row.senior,
            junior: row.junior,
            eml,
            ics,
            merge,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe_for_any_id() {
        assert_eq!(file_part("../etc/passwd"), "___etc_passwd");
        assert_eq!(file_part("J\u{1b}[31m"), "J__31m");
        assert_eq!(file_part(""), "_");
        assert_eq!(file_part("Zoë"), "Zo_");
    }

    #[test]
    fn reasons_lose_the_levels_only() {
        assert_eq!(
            without_levels(
                "A teaches B python (level 5 vs 0) and ai (level 4); B offers back x (level y)."
            ),
            "A teaches B python and ai; B offers back x (level y)."
        );
    }
}
