//! `rmatch intros` end to end through the binary: the `.eml` files read by
//! an independent mail parser (`mail-parser`), the `.ics` files by an
//! independent calendar parser (`icalendar`), meeting times checked on each
//! person's own clock (`chrono-tz`) in every week, across daylight saving.

use std::fs;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use icalendar::{CalendarComponent, CalendarDateTime, Component, DatePerhapsTime};
use mail_parser::MimeHeaders;

use crate::support::{lines, TestDir};

/// Three pairs the roster makes by goals alone (each senior's goal is
/// taught by one junior): London-New York (named zones), India-UK (fixed
/// offsets, the senior with limited availability), Tokyo-Los Angeles.
const ROSTER: &str = "\
id,name,role,department,skills,wants,email,timezone,utc_offset,availability
S1,Margaret Whitfield,senior,Finance,budgeting:5,generative ai:5,margaret@example.org,Europe/London,,
S2,Zoë Ørsted,senior,Sales,negotiation:5,python:4,zoe@example.org,,+5:30,Mon-Thu 09:00-12:00; Fri 14:00-16:00
S3,Kenji Sato,senior,Legal,contracts:5,tiktok:4,kenji@example.org,Asia/Tokyo,,
J1,Marcus Johnson,junior,Engineering,generative ai:4,budgeting:3,marcus@example.org,America/New_York,,
J2,Ana Ruiz,junior,Engineering,python:5,negotiation:2,ana@example.org,,0,
J3,Lee Park,junior,Marketing,tiktok:5,contracts:3,lee@example.org,America/Los_Angeles,,
";

const FROM: &str = "Programme Team <team@example.org>";

fn setup() -> TestDir {
    let t = TestDir::new();
    t.write("roster.csv", ROSTER);
    t.rmatch()
        .args(["pair", "roster.csv", "-o", "pairs.csv", "-q"])
        .run();
    let pairs = t.read("pairs.csv");
    for pair in [
        "S1,Margaret Whitfield,J1",
        "S2,Zoë Ørsted,J2",
        "S3,Kenji Sato,J3",
    ] {
        assert!(pairs.contains(pair), "{pairs}");
    }
    t
}

fn intros(t: &TestDir, dir: &str, start: &str) -> crate::support::Rmatch {
    t.rmatch().args([
        "intros",
        "pairs.csv",
        "roster.csv",
        "-o",
        dir,
        "--start",
        start,
        "--from",
        FROM,
    ])
}

fn read_bytes(t: &TestDir, name: &str) -> Vec<u8> {
    fs::read(t.join(name)).unwrap_or_else(|e| panic!("read {name}: {e}"))
}

/// The one event of an `.ics` file, parsed by `icalendar`.
fn event(ics: &str) -> icalendar::Event {
    let calendar: icalendar::Calendar = ics.parse().expect("icalendar parses the invite");
    let events: Vec<&icalendar::Event> = calendar
        .components
        .iter()
        .filter_map(CalendarComponent::as_event)
        .collect();
    assert_eq!(events.len(), 1, "{ics}");
    events[0].clone()
}

/// Every meeting's start in UTC: DTSTART in its zone, weekly, COUNT times
/// (the RRULE as parsed), converted with the zone database.
fn meetings(event: &icalendar::Event) -> Vec<NaiveDateTime> {
    let rrule = event.property_value("RRULE").expect("a repeat rule");
    let count: i64 = rrule
        .split(';')
        .find_map(|p| p.strip_prefix("COUNT="))
        .expect("a COUNT")
        .parse()
        .unwrap();
    assert!(rrule.contains("FREQ=WEEKLY"), "{rrule}");
    let start = event.get_start().expect("DTSTART");
    (0..count)
        .map(|k| match &start {
            DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone { date_time, tzid }) => {
                let tz: Tz = tzid.parse().expect("an IANA zone");
                tz.from_local_datetime(&(*date_time + Duration::weeks(k)))
                    .single()
                    .expect("a local time that exists")
                    .naive_utc()
            }
            DatePerhapsTime::DateTime(CalendarDateTime::Utc(utc)) => {
                utc.naive_utc() + Duration::weeks(k)
            }
            other => panic!("unexpected DTSTART {other:?}"),
        })
        .collect()
}

/// Whether a one-hour meeting at UTC `start` lies inside 09:00-17:00 on
/// weekdays on the clock of `zone`.
fn in_office_hours(start: NaiveDateTime, zone: Tz) -> bool {
    let local = zone.from_utc_datetime(&start).naive_local();
    let minutes = local.hour() * 60 + local.minute();
    local.weekday().num_days_from_monday() < 5 && minutes >= 9 * 60 && minutes + 60 <= 17 * 60
}

#[test]
fn emails_and_invites_parse_and_put_every_meeting_in_both_peoples_hours() {
    let t = setup();
    let ran = intros(&t, "out", "2027-03-01").run();
    assert!(
        ran.stderr
            .contains("wrote 3 e-mails, 2 calendar invites and mail-merge.csv for 3 pairs"),
        "{}",
        ran.stderr
    );
    let mut files: Vec<String> = fs::read_dir(t.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "001-S1-J1.eml",
            "001-S1-J1.ics",
            "002-S2-J2.eml",
            "002-S2-J2.ics",
            "003-S3-J3.eml",
            "mail-merge.csv"
        ]
    );

    // The e-mail, as a mail program reads it.
    let bytes = read_bytes(&t, "out/002-S2-J2.eml");
    assert!(
        !bytes.windows(2).any(|w| w[1] == b'\n' && w[0] != b'\r'),
        "CRLF only"
    );
    assert!(
        bytes.is_ascii(),
        "7-bit on the wire: encoded words, quoted-printable, base64"
    );
    let message = mail_parser::MessageParser::default()
        .parse(&bytes)
        .expect("mail-parser reads the e-mail");
    let from = message.from().and_then(|a| a.first()).expect("From");
    assert_eq!(from.name.as_deref(), Some("Programme Team"));
    assert_eq!(from.address.as_deref(), Some("team@example.org"));
    let to: Vec<(String, String)> = message
        .to()
        .expect("To")
        .iter()
        .map(|a| {
            (
                a.name.as_deref().unwrap_or("").to_string(),
                a.address.as_deref().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        to,
        [
            ("Zoë Ørsted".to_string(), "zoe@example.org".to_string()),
            ("Ana Ruiz".to_string(), "ana@example.org".to_string())
        ]
    );
    assert_eq!(
        message.subject(),
        Some("Reverse mentoring: meet Ana Ruiz and Zoë Ørsted")
    );
    let body = message.body_text(0).expect("a text body");
    assert!(body.starts_with("Dear Zoë and Ana,"), "{body}");
    assert!(body.contains("What Ana can teach: python."), "{body}");
    assert!(
        body.contains("What Zoë can offer back: negotiation."),
        "{body}"
    );
    // 14:30 in India is 09:00 in the UK: Zoë's Friday afternoon is the
    // first hour both are free (her mornings are the UK's night).
    assert!(
        body.contains("Fridays 14:30-15:30 UTC+05:30 time, every week for 12 weeks from Friday 5 March 2027: Fridays 14:30-15:30 for Zoë (UTC+05:30) and Fridays 09:00-10:00 for Ana (UTC)"),
        "{body}"
    );
    assert!(
        !body.contains("level 5"),
        "levels are for the coordinator: {body}"
    );
    let attachment = message
        .attachments()
        .next()
        .expect("the invite is attached");
    assert_eq!(
        attachment.content_type().map(|c| (c.ctype(), c.subtype())),
        Some(("text", Some("calendar")))
    );
    let attached = std::str::from_utf8(attachment.contents()).unwrap();
    assert!(attached.contains("METHOD:REQUEST"), "{attached}");
    let ev = event(attached);
    assert_eq!(
        ev.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(
            chrono::Utc.with_ymd_and_hms(2027, 3, 5, 9, 0, 0).unwrap()
        )))
    );

    // The invite file: both attendees, the organizer, 12 weekly meetings.
    let ics = t.read("out/001-S1-J1.ics");
    assert!(
        ics.lines().all(|l| l.len() <= 76),
        "folded at 75 octets + CR"
    );
    assert!(!ics.replace("\r\n", "").contains('\n'), "CRLF only");
    let ev = event(&ics);
    let attendees: Vec<String> = ev.multi_properties()["ATTENDEE"]
        .iter()
        .map(|p| p.value().to_string())
        .collect();
    assert_eq!(
        attendees,
        ["mailto:margaret@example.org", "mailto:marcus@example.org"]
    );
    assert_eq!(
        ev.property_value("ORGANIZER"),
        Some("mailto:team@example.org")
    );
    assert_eq!(
        ev.get_summary(),
        Some("Reverse mentoring: Marcus Johnson and Margaret Whitfield")
    );
    // Anchored on London's clock, so the calendar keeps 14:00 London when
    // the UK changes on 28 March; New York changes on 14 March, so for two
    // weeks the meeting is 10:00 there: still in hours. Every week checked.
    assert_eq!(
        ev.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: NaiveDate::from_ymd_opt(2027, 3, 1)
                .unwrap()
                .and_hms_opt(14, 0, 0)
                .unwrap(),
            tzid: "Europe/London".into()
        }))
    );
    let starts = meetings(&ev);
    assert_eq!(starts.len(), 12);
    for start in &starts {
        assert!(
            in_office_hours(*start, chrono_tz::Europe::London),
            "{start}"
        );
        assert!(
            in_office_hours(*start, chrono_tz::America::New_York),
            "{start}"
        );
    }
    let ny: Vec<u32> = starts
        .iter()
        .map(|s| chrono_tz::America::New_York.from_utc_datetime(s).hour())
        .collect();
    assert_eq!(ny, [9, 9, 10, 10, 9, 9, 9, 9, 9, 9, 9, 9]);
    let body = String::from_utf8(
        mail_parser::MessageParser::default()
            .parse(&read_bytes(&t, "out/001-S1-J1.eml"))
            .unwrap()
            .body_text(0)
            .unwrap()
            .as_bytes()
            .to_vec(),
    )
    .unwrap();
    assert!(
        body.contains("Mondays 09:00-10:00 for Marcus (America/New_York; 10:00-11:00 from 15 March and 09:00-10:00 from 29 March, as the clocks change)"),
        "{body}"
    );
}

#[test]
fn no_common_hour_across_a_clock_change_means_no_invite_and_a_request_to_agree_one() {
    let t = setup();
    // Tokyo's 09:00 is Los Angeles' 16:00 until LA's clocks go forward on
    // 14 March 2027; after that no hour fits both, so no weekly slot does.
    let ran = intros(&t, "out", "2027-01-04").run();
    assert!(
        ran.stderr.contains("no weekly hour fits both people's working hours for 1 pair (no invite; their e-mail asks them to agree a time): S3 Kenji Sato and J3 Lee Park"),
        "{}",
        ran.stderr
    );
    assert!(!t.exists("out/003-S3-J3.ics"));
    let message = read_bytes(&t, "out/003-S3-J3.eml");
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert_eq!(message.attachments().count(), 0);
    assert!(message.body_text(0).unwrap().contains(
        "no weekly hour falls inside both your working hours, so please agree a time between you"
    ));
    // Over four weeks of January alone the hour exists.
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "jan",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
            "--weeks",
            "4",
        ])
        .stderr_lacks("no weekly hour")
        .run();
    let ev = event(&t.read("jan/003-S3-J3.ics"));
    for start in meetings(&ev) {
        let tokyo = chrono_tz::Asia::Tokyo.from_utc_datetime(&start);
        let la = chrono_tz::America::Los_Angeles.from_utc_datetime(&start);
        assert_eq!((tokyo.hour(), la.hour()), (9, 16), "{start}");
        assert_eq!(tokyo.weekday(), chrono::Weekday::Tue);
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes_whatever_the_row_order() {
    let t = setup();
    intros(&t, "a", "2027-01-04").run();
    let mut rows: Vec<&str> = ROSTER.lines().collect();
    rows[1..].reverse();
    t.write("roster.csv", lines(&rows));
    let pairs = t.read("pairs.csv");
    let mut pair_rows: Vec<&str> = pairs.lines().collect();
    pair_rows[1..].reverse();
    t.write("pairs.csv", lines(&pair_rows));
    intros(&t, "b", "2027-01-04").run();
    for name in [
        "001-S1-J1.eml",
        "001-S1-J1.ics",
        "002-S2-J2.eml",
        "mail-merge.csv",
    ] {
        assert_eq!(
            read_bytes(&t, &format!("a/{name}")),
            read_bytes(&t, &format!("b/{name}")),
            "{name}"
        );
    }
}

#[test]
fn excel_and_tsv_pairs_files_read_the_same() {
    let t = setup();
    intros(&t, "csv", "2027-01-04").run();
    for (flags, name) in [(&["--excel"][..], "pairs.csv"), (&[][..], "pairs.tsv")] {
        t.rmatch()
            .args(["pair", "roster.csv", "-q", "-o", name])
            .args(flags)
            .run();
        let dir = format!("from-{}", name.replace('.', "-"));
        t.rmatch()
            .args([
                "intros",
                name,
                "roster.csv",
                "-o",
                &dir,
                "--start",
                "2027-01-04",
                "--from",
                FROM,
            ])
            .run();
        assert_eq!(
            read_bytes(&t, &format!("{dir}/mail-merge.csv")),
            read_bytes(&t, "csv/mail-merge.csv")
        );
    }
}

#[test]
fn a_missing_address_is_listed_with_its_line_and_the_others_are_written() {
    let t = setup();
    t.write(
        "roster.csv",
        ROSTER
            .replace("ana@example.org", "")
            .replace("lee@example.org", "lee at example"),
    );
    let ran = intros(&t, "out", "2027-01-04").code(3).run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: roster.csv, line 6, column 7 (email): J2 Ana Ruiz has no e-mail address, so pair 002-S2-J2 (S2 Zoë Ørsted and J2 Ana Ruiz) has no e-mail; add the address and run again",
            "error: roster.csv, line 7, column 7 (email): \"lee at example\" of J3 Lee Park is not an e-mail address (write it like name@example.org), so pair 003-S3-J3 (S3 Kenji Sato and J3 Lee Park) has no e-mail",
        ]
    );
    assert!(t.exists("out/001-S1-J1.eml"));
    assert!(!t.exists("out/002-S2-J2.eml"));
    assert!(
        t.exists("out/002-S2-J2.ics"),
        "the invite is still there to forward"
    );
    let merge = t.read("out/mail-merge.csv");
    assert!(merge.contains("no e-mail address for J2"), "{merge}");
}

#[test]
fn bad_cells_and_templates_name_file_line_and_column_and_nothing_is_written() {
    let t = setup();
    t.write(
        "roster.csv",
        ROSTER
            .replace("America/New_York", "America/Nowhere")
            .replace("Fri 14:00-16:00", "Fry 14:00-16:00"),
    );
    let ran = intros(&t, "out", "2027-01-04").code(3).run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: roster.csv, line 3, column 10 (availability): availability of S2 Zoë Ørsted: \"Fry\" is not a day or a range of days; write Mon, Tue, Wed, Thu, Fri, Sat or Sun, a range like Mon-Thu, or weekdays",
            "error: roster.csv, line 5, column 8 (timezone): timezone \"America/Nowhere\" of J1 Marcus Johnson is not a time zone name; write an IANA name like Europe/London, America/New_York or Asia/Kolkata (or leave it blank and give utc_offset)",
        ]
    );
    assert!(!t.exists("out"));

    let t = setup();
    t.write(
        "mail.txt",
        "Subject: Hello {senior_name}\n\nDear {senior_name},\nyour slot: {slots}\n",
    );
    let ran = intros(&t, "out", "2027-01-04")
        .args(["--template", "mail.txt"])
        .code(3)
        .run();
    let error = ran.error_lines()[0];
    assert!(
        error.starts_with("error: mail.txt, line 4, column 12: unknown placeholder {slots}; the template can use {senior_name}"),
        "{error}"
    );
    assert!(
        error.contains("{slot}") && error.contains("{junior_teaches}"),
        "{error}"
    );
    assert!(!t.exists("out"));

    // A good template fills every placeholder.
    t.write(
        "mail.txt",
        "Subject: {junior_first_name} x {senior_first_name}\n\n{junior_name} teaches {junior_teaches}; {senior_name} teaches {senior_teaches}; {{weeks}}={weeks} from {start}.\n",
    );
    intros(&t, "out", "2027-01-04")
        .args(["--template", "mail.txt", "--weeks", "6"])
        .run();
    let message = read_bytes(&t, "out/001-S1-J1.eml");
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert_eq!(message.subject(), Some("Marcus x Margaret"));
    assert_eq!(
        message.body_text(0).unwrap().trim_end(),
        "Marcus Johnson teaches generative ai; Margaret Whitfield teaches budgeting; {weeks}=6 from Monday 4 January 2027."
    );
    assert!(t
        .read("out/001-S1-J1.ics")
        .contains("RRULE:FREQ=WEEKLY;COUNT=6\r\n"));
}

#[test]
fn the_folder_is_new_or_forced_and_inputs_are_never_replaced() {
    let t = setup();
    t.write("out/notes.txt", "mine");
    intros(&t, "out", "2027-01-04")
        .code(2)
        .stderr_has(
            "-o out: the folder already holds files (notes.txt); name a new folder, or add --force",
        )
        .run();
    intros(&t, "out", "2027-01-04").arg("--force").run();
    assert_eq!(
        t.read("out/notes.txt"),
        "mine",
        "other files are left alone"
    );
    assert!(t.exists("out/001-S1-J1.eml"));
    // The pairs file inside the folder under a name intros writes.
    fs::copy(t.join("pairs.csv"), t.join("out/mail-merge.csv")).unwrap();
    t.rmatch()
        .args([
            "intros",
            "out/mail-merge.csv",
            "roster.csv",
            "-o",
            "out",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
            "--force",
        ])
        .code(2)
        .stderr_has("the same file as the pairs file")
        .run();
    assert_eq!(t.read("out/mail-merge.csv"), t.read("pairs.csv"));
    // No sender, a bad start date: usage errors before anything is read.
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "x",
            "--start",
            "2027-01-04",
        ])
        .code(2)
        .stderr_has("give --from")
        .run();
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "x",
            "--start",
            "4/1/2027",
            "--from",
            FROM,
        ])
        .code(2)
        .stderr_has("as YYYY-MM-DD")
        .run();
    t.rmatch()
        .args([
            "intros",
            "-",
            "-",
            "-o",
            "x",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
        ])
        .code(2)
        .stderr("error: the pairs file and the roster cannot both be standard input (-); name a file for one of them\n")
        .run();
    // The template the config file names is an input too.
    t.write("c.toml", "[intros]\ntemplate = \"-\"\n");
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "-",
            "--config",
            "c.toml",
            "-o",
            "x",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
        ])
        .stdin(t.read("roster.csv"))
        .code(2)
        .stderr("error: the roster and the template cannot both be standard input (-); name a file for one of them\n")
        .run();
    assert!(!t.exists("x"));
}

#[test]
fn hostile_ids_make_safe_distinct_file_names_and_unknown_ids_are_errors() {
    let t = TestDir::new();
    t.write(
        "roster.csv",
        "id,name,role,skills,wants,email\n\
         ../S,\"Ærøskøbing \"\"Færge\"\" Medarbejderforening, Ålborg Øst\",senior,x:5,y:5,a@example.org\n\
         S/2,B Two,senior,x:5,y:5,b@example.org\n\
         J.1,C Three,junior,y:5,x:5,c@example.org\n\
         J..1,D Four,junior,y:5,x:5,d@example.org\n",
    );
    t.write("pairs.csv", "senior_id,junior_id\n../S,J.1\nS/2,J..1\n");
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "out",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
        ])
        .run();
    let mut files: Vec<String> = fs::read_dir(t.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "001-___S-J_1.eml",
            "001-___S-J_1.ics",
            "002-S_2-J__1.eml",
            "002-S_2-J__1.ics",
            "mail-merge.csv"
        ]
    );
    // A long name with quotes and a comma, in encoded words, read back whole.
    let message = read_bytes(&t, "out/001-___S-J_1.eml");
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    let to = message.to().unwrap().first().unwrap();
    assert_eq!(
        to.name.as_deref(),
        Some("Ærøskøbing \"Færge\" Medarbejderforening, Ålborg Øst")
    );
    assert_eq!(to.address.as_deref(), Some("a@example.org"));
    assert_eq!(message.to().unwrap().iter().count(), 2);
    t.write(
        "pairs.csv",
        "senior_id,junior_id\n../S,J.1\nS9,J.1\nJ.1,J..1\n",
    );
    let ran = t
        .rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "out2",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
        ])
        .code(3)
        .run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: pairs.csv, line 3, column 1 (senior_id): senior id \"S9\" is not in the roster roster.csv; give the roster the pairs were made from",
            "error: pairs.csv, line 4, column 1 (senior_id): senior id \"J.1\" is in the roster roster.csv but not as a senior; give the roster the pairs were made from",
        ]
    );
    assert!(!t.exists("out2"));
}

#[test]
fn hours_weeks_and_sender_come_from_flags_over_the_config() {
    let t = setup();
    t.write(
        "rmatch.toml",
        "[intros]\nfrom = \"Mentoring <m@example.org>\"\nhours = \"Tue-Thu 10:00-16:00\"\nweeks = 3\n",
    );
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "a",
            "--start",
            "2027-01-04",
            "--config",
            "rmatch.toml",
        ])
        .run();
    let ics = t.read("a/001-S1-J1.ics");
    let ev = event(&ics);
    assert_eq!(ev.property_value("ORGANIZER"), Some("mailto:m@example.org"));
    assert!(ics.contains("RRULE:FREQ=WEEKLY;COUNT=3\r\n"), "{ics}");
    // Tuesday, 15:00 London is 10:00 New York: the first hour inside
    // 10:00-16:00 on both clocks.
    let starts = meetings(&ev);
    let london = chrono_tz::Europe::London.from_utc_datetime(&starts[0]);
    assert_eq!(
        (london.weekday(), london.hour()),
        (chrono::Weekday::Tue, 15)
    );
    // Flags win over the config.
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "roster.csv",
            "-o",
            "b",
            "--start",
            "2027-01-04",
            "--config",
            "rmatch.toml",
            "--hours",
            "Wed 13:00-20:00",
            "--weeks",
            "2",
            "--from",
            FROM,
        ])
        .run();
    let ev = event(&t.read("b/001-S1-J1.ics"));
    assert_eq!(
        ev.property_value("ORGANIZER"),
        Some("mailto:team@example.org")
    );
    let starts = meetings(&ev);
    assert_eq!(starts.len(), 2);
    // Wednesday 13:00 in New York is 18:00 in London.
    let london = chrono_tz::Europe::London.from_utc_datetime(&starts[0]);
    assert_eq!(
        (london.weekday(), london.hour()),
        (chrono::Weekday::Wed, 18)
    );
}

#[test]
fn the_pairs_workbook_introduces_the_same_pairs_as_the_csv() {
    let t = setup();
    t.rmatch()
        .args(["pair", "roster.csv", "-o", "pairs.xlsx", "-q"])
        .run();
    intros(&t, "from-csv", "2027-03-01").arg("-q").run();
    t.rmatch()
        .args(["intros", "pairs.xlsx", "roster.csv", "-o", "from-xlsx"])
        .args(["--start", "2027-03-01", "--from", FROM, "-q"])
        .run();
    // Three e-mails, two invites (Tokyo and Los Angeles share no hour
    // across March's clock change), the mail-merge file.
    assert_same_files(&t, "from-xlsx", "from-csv", 3 + 2 + 1);
}

/// The folders `a` and `b` hold the same `count` files, byte for byte.
/// A roster whose header names the address and clock columns its own
/// way, read with `--column`, gives the same files; a bad cell there is
/// named by the file's header.
#[test]
fn mapped_address_and_clock_columns_give_the_same_introductions() {
    let t = setup();
    intros(&t, "plain", "2027-01-04").run();
    let export = ROSTER.replacen(",email,timezone,", ",Work E-mail,Time Zone,", 1);
    t.write("roster.csv", &export);
    let mapped = |dir: &str| {
        intros(&t, dir, "2027-01-04").args([
            "--column",
            "email=Work E-mail",
            "--column",
            "timezone=time zone",
        ])
    };
    mapped("mapped").run();
    assert_same_files(&t, "plain", "mapped", 6);
    t.write(
        "roster.csv",
        export.replace("America/New_York", "America/Nowhere"),
    );
    let ran = mapped("out").code(3).run();
    assert_eq!(
        ran.error_lines(),
        ["error: roster.csv, line 5, column 8 (time zone): timezone \"America/Nowhere\" of J1 Marcus Johnson is not a time zone name; write an IANA name like Europe/London, America/New_York or Asia/Kolkata (or leave it blank and give utc_offset)"]
    );
}

/// The example's introductions with S2's availability written as
/// `availability` and `--hours` as `hours`, against the same written the
/// usual way: the same files. Returns the folder, for more runs.
fn hours_read_alike(availability: &str, hours: &str) -> TestDir {
    let t = setup();
    intros(&t, "plain", "2027-01-04")
        .args(["--hours", "Mon-Fri 08:00-18:00"])
        .run();
    let rewritten = ROSTER.replacen("Mon-Thu 09:00-12:00; Fri 14:00-16:00", availability, 1);
    assert_ne!(rewritten, ROSTER);
    t.write("roster.csv", &rewritten);
    intros(&t, "rewritten", "2027-01-04")
        .args(["--hours", hours])
        .run();
    assert_same_files(&t, "plain", "rewritten", 7);
    t
}

/// Availability pasted from a document, where the hyphens of its ranges
/// became en dashes (`Mon–Thu 09:00–12:00`), or `--hours` typed with an
/// em dash, reads as written with hyphens: the same files.
#[test]
fn ranges_written_with_dashes_give_the_same_introductions() {
    hours_read_alike(
        "Mon\u{2013}Thu 09:00\u{2013}12:00; Fri 14:00\u{2013}16:00",
        "Mon\u{2014}Fri 08:00\u{2014}18:00",
    );
}

/// Hours on the 12-hour clock, as a US roster writes them, give the same
/// files as the 24-hour clock; a range past midnight says how to write it.
#[test]
fn twelve_hour_times_give_the_same_introductions() {
    let t = hours_read_alike("Mon-Thu 9am-12pm; Fri 2-4 PM", "Mon-Fri 8 a.m.-6 p.m.");
    intros(&t, "late", "2027-01-04")
        .args(["--hours", "Mon-Fri 10pm-1am"])
        .code(2)
        .stderr("error: --hours Mon-Fri 10pm-1am: \"10pm-1am\" ends before it starts; write the start first, and a range past midnight as two, one on each day (Mon 22:00-24:00; Tue 00:00-01:00)\n")
        .run();
}

fn assert_same_files(t: &TestDir, a: &str, b: &str, count: usize) {
    let names = |dir: &str| {
        let mut names: Vec<String> = fs::read_dir(t.join(dir))
            .expect("the intros folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names(a), names(b));
    assert_eq!(names(b).len(), count, "{:?}", names(b));
    for name in names(b) {
        assert_eq!(
            read_bytes(t, &format!("{a}/{name}")),
            read_bytes(t, &format!("{b}/{name}")),
            "{name}"
        );
    }
}

#[test]
fn a_workbook_roster_introduces_the_same_pairs_as_its_csv() {
    let t = setup();
    // The roster as a workbook: the same cells on a sheet named People
    // behind an empty first sheet.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    workbook.add_worksheet().set_name("Notes").unwrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name("People").unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(ROSTER.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            sheet.write_string(r as u32, c as u16, field).unwrap();
        }
    }
    t.write("roster.xlsx", workbook.save_to_buffer().unwrap());
    intros(&t, "from-csv", "2027-03-01").arg("-q").run();
    t.rmatch()
        .args(["intros", "pairs.csv", "roster.xlsx", "--sheet", "People"])
        .args([
            "-o",
            "from-xlsx",
            "--start",
            "2027-03-01",
            "--from",
            FROM,
            "-q",
        ])
        .run();
    assert_same_files(&t, "from-xlsx", "from-csv", 6);
}

#[test]
fn introductions_left_from_an_earlier_run_are_named() {
    let t = setup();
    intros(&t, "intros", "2027-03-01").arg("-q").run();
    // Another pairing without S1-J1: its files, and the others' under
    // their old numbers, are stale.
    t.rmatch()
        .args([
            "pair",
            "roster.csv",
            "--forbid",
            "S1:J1",
            "-o",
            "pairs.csv",
            "-q",
            "--force",
        ])
        .run();
    let ran = intros(&t, "intros", "2027-03-01").arg("--force").run();
    assert!(
        ran.stderr.contains("warning: intros holds 5 e-mails or invites this run did not write, from an earlier run (001-S1-J1.eml, 001-S1-J1.ics, 002-S2-J2.eml, and 2 more); move or delete them before sending the folder's e-mails\n"),
        "{}",
        ran.stderr
    );
    assert!(t.exists("intros/001-S1-J1.eml"), "left alone, only named");
}

/// HR exports write names last name first (HRDataset_v14: `"Lynch,
/// Lindsay"`, `"Crimmings,   Jean"`, `"Roup,Simon"`): the greeting, the
/// template's first names and the invite use the first name after the
/// comma, not `Lynch,`. A name with a suffix after its comma keeps its
/// first word.
#[test]
fn names_written_last_name_first_are_greeted_by_first_name() {
    let t = TestDir::new();
    t.write(
        "roster.csv",
        "\
id,name,role,skills,wants,email
S1,\"Lynch, Lindsay  \",senior,budgeting:5,genai:5,lindsay@example.org
S2,\"Roup,Simon\",senior,contracts:5,tiktok:4,simon@example.org
J1,\"Martin, Sandra  J\",junior,genai:4,budgeting:3,sandra@example.org
J2,\"Jean Dupont, Jr.\",junior,tiktok:5,contracts:3,jean@example.org
",
    );
    t.rmatch()
        .args(["pair", "roster.csv", "-o", "pairs.csv", "-q"])
        .run();
    t.write(
        "mail.txt",
        "Subject: {senior_first_name} and {junior_first_name}\n\nHi\n",
    );
    intros(&t, "out", "2027-01-04").run();
    intros(&t, "custom", "2027-01-04")
        .args(["--template", "mail.txt"])
        .run();
    let parse = |name: &str| {
        let bytes = read_bytes(&t, name);
        let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
        (
            message.subject().unwrap().to_string(),
            message.body_text(0).unwrap().to_string(),
        )
    };
    let (_, body) = parse("out/001-S1-J1.eml");
    assert_eq!(
        body.lines().next(),
        Some("Dear Lindsay and Sandra,"),
        "{body}"
    );
    assert!(body.contains("will be Lindsay's mentor"), "{body}");
    assert!(body.contains("What Sandra can teach"), "{body}");
    let invite = event(&t.read("out/001-S1-J1.ics"));
    let description = invite.get_description().unwrap();
    assert!(
        description.contains("What Sandra can teach"),
        "{description}"
    );
    assert_eq!(parse("custom/001-S1-J1.eml").0, "Lindsay and Sandra");
    assert_eq!(parse("custom/002-S2-J2.eml").0, "Simon and Jean");
}

/// A config file's `[intros] template` is read from beside the config, so
/// a programme folder (config and template together) works from anywhere;
/// `--template` is taken from the current folder, as every flag's file is.
#[test]
fn the_configs_template_is_read_from_beside_the_config() {
    let t = setup();
    fs::create_dir(t.join("programme")).unwrap();
    t.write(
        "programme/rmatch.toml",
        "[intros]\ntemplate = \"mail.txt\"\n",
    );
    t.write(
        "programme/mail.txt",
        "Subject: Meet {junior_first_name}\n\nHello {senior_first_name}.\n",
    );
    // A template of the same name in the current folder is not the one.
    t.write("mail.txt", "Subject: wrong file\n\nwrong file\n");
    intros(&t, "out", "2027-01-04")
        .args(["--config", "programme/rmatch.toml"])
        .run();
    let message = read_bytes(&t, "out/001-S1-J1.eml");
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert_eq!(message.subject(), Some("Meet Marcus"));

    // A template missing from beside the config is named by its path.
    fs::remove_file(t.join("programme/mail.txt")).unwrap();
    let ran = intros(&t, "again", "2027-01-04")
        .args(["--config", "programme/rmatch.toml"])
        .code(4)
        .run();
    let error = ran.error_lines()[0];
    assert!(
        error.starts_with("error: cannot read programme/mail.txt"),
        "{error}"
    );
    assert!(!t.exists("again"));

    // --template names a file from the current folder.
    intros(&t, "flag", "2027-01-04")
        .args([
            "--config",
            "programme/rmatch.toml",
            "--template",
            "mail.txt",
        ])
        .run();
    let message = read_bytes(&t, "flag/001-S1-J1.eml");
    let message = mail_parser::MessageParser::default()
        .parse(&message)
        .unwrap();
    assert_eq!(message.subject(), Some("wrong file"));
}

/// A run that cannot write its files removes the folder it made for them,
/// so a coordinator never finds an empty (or half-filled) folder to send.
#[cfg(unix)]
#[test]
fn a_failed_write_leaves_no_folder_behind() {
    let t = setup();
    // ulimit -f 0: every write of a byte fails (SIGXFSZ is ignored, so the
    // write returns an error), after the folder is made.
    let script = "ulimit -f 0 && exec \"$RMATCH\" intros pairs.csv roster.csv -o out --start 2027-01-04 --from 'Team <team@example.org>'";
    let (code, stderr) = t.sh(script);
    assert_eq!(code, Some(5), "{stderr}");
    assert!(
        stderr.contains("the file would be larger than the file size limit"),
        "{stderr}"
    );
    assert!(!t.exists("out"), "{stderr}");

    // A folder that was there before stays, with nothing new in it.
    fs::create_dir(t.join("mine")).unwrap();
    let (code, stderr) = t.sh(&script.replace("-o out", "-o mine"));
    assert_eq!(code, Some(5), "{stderr}");
    assert_eq!(fs::read_dir(t.join("mine")).unwrap().count(), 0);
}

/// The flags that read a Microsoft Forms sign-up export
/// (`tests/fixtures/forms/signup.csv`): its questions mapped to rmatch's
/// columns, and the e-mail, its only identifier, read as both the id and
/// the address.
const FORMS_COLUMNS: [&str; 12] = [
    "--column",
    "id=Email",
    "--column",
    "email=Email",
    "--column",
    "role=Are you joining as a senior leader or a junior colleague?",
    "--column",
    "skills=What could you teach your partner? (topic:level 1-5)",
    "--column",
    "wants=What would you like to learn? (topic:level 1-5)",
    "--column",
    "timezone=Which time zone do you work in?",
];

/// A Forms export has an `Id` column of its own (the response's number,
/// before `Start time` and `Completion time`) and no employee id: with
/// `--column id=Email --column email=Email` the addresses are the ids,
/// `pair` pairs by them and `intros` writes to them.
#[test]
fn a_forms_export_is_paired_and_introduced_by_its_email_column() {
    let t = TestDir::new();
    t.write("signup.csv", include_str!("../fixtures/forms/signup.csv"));
    t.rmatch()
        .args(["pair", "signup.csv", "-o", "pairs.csv"])
        .args(FORMS_COLUMNS)
        .stderr_lacks("error")
        .run();
    let pairs = t.read("pairs.csv");
    for pair in [
        "paired,margaret.whitfield@contoso.com,Margaret Whitfield,marcus.johnson@contoso.com,Marcus Johnson,",
        "paired,kenji.sato@contoso.com,Kenji Sato,Lee.Park@contoso.com,Lee Park,",
        "unmatched,,,ana.ruiz@contoso.com,Ana Ruiz,",
    ] {
        assert!(pairs.contains(pair), "{pair}\n{pairs}");
    }
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "signup.csv",
            "-o",
            "out",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
            "-q",
        ])
        .args(FORMS_COLUMNS)
        .run();
    let mut eml: Vec<String> = fs::read_dir(t.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".eml"))
        .collect();
    eml.sort();
    assert_eq!(eml.len(), 2, "{eml:?}");
    let addressed: Vec<Vec<String>> = eml
        .iter()
        .map(|name| {
            let bytes = read_bytes(&t, &format!("out/{name}"));
            let message = mail_parser::MessageParser::default().parse(&bytes).unwrap();
            let mut to: Vec<String> = message
                .to()
                .unwrap()
                .iter()
                .map(|a| a.address().unwrap().to_string())
                .collect();
            to.sort();
            to
        })
        .collect::<Vec<_>>();
    let mut addressed = addressed;
    addressed.sort();
    assert_eq!(
        addressed,
        [
            ["Lee.Park@contoso.com", "kenji.sato@contoso.com"],
            [
                "marcus.johnson@contoso.com",
                "margaret.whitfield@contoso.com"
            ],
        ]
    );
    let merge = t.read("out/mail-merge.csv");
    assert!(merge.contains("margaret.whitfield@contoso.com"), "{merge}");
    // The ids alone, without email=Email: intros says what to add.
    t.rmatch()
        .args([
            "intros",
            "pairs.csv",
            "signup.csv",
            "-o",
            "again",
            "--start",
            "2027-01-04",
            "--from",
            FROM,
        ])
        .args(&FORMS_COLUMNS[..2])
        .args(&FORMS_COLUMNS[4..])
        .code(3)
        .stderr_has("error: signup.csv: has no email column; add one with each person's address, so the introductions can be addressed (the ids come from \"Email\": to write to them, add --column email=\"Email\")\n")
        .run();
}

/// The same export read through the config's `[columns]` table; and only
/// `id` and `email` may share a header: another column doubled is refused
/// as before (exit 2), naming the two flags.
#[test]
fn only_id_and_email_may_share_a_header() {
    let t = TestDir::new();
    t.write("signup.csv", include_str!("../fixtures/forms/signup.csv"));
    t.write(
        "forms.toml",
        "[columns]\nid = \"Email\"\nemail = \"email\"\nrole = \"Are you joining as a senior leader or a junior colleague?\"\nskills = \"What could you teach your partner? (topic:level 1-5)\"\nwants = \"What would you like to learn? (topic:level 1-5)\"\n",
    );
    t.rmatch()
        .args(["pair", "signup.csv", "--config", "forms.toml", "-q"])
        .stdout_has("paired,kenji.sato@contoso.com,Kenji Sato,Lee.Park@contoso.com,Lee Park,")
        .run();
    t.rmatch()
        .args(["pair", "signup.csv", "--column", "id=Email", "--column", "name=Email"])
        .code(2)
        .stdout("")
        .stderr("error: --column id=\"Email\" and --column name=\"Email\" name the same header; map each header to one column\n")
        .run();
    t.rmatch()
        .args(["pair", "signup.csv", "--column", "email=Email", "--column", "timezone=Email"])
        .code(2)
        .stdout("")
        .stderr("error: --column email=\"Email\" and --column timezone=\"Email\" name the same header; map each header to one column\n")
        .run();
    t.rmatch()
        .args(["pair", "signup.csv", "--config", "forms.toml", "--column", "name=Email"])
        .code(2)
        .stdout("")
        .stderr_has("error: --column name=\"Email\" names the header \"email\", which the config file forms.toml maps to")
        .run();
}
