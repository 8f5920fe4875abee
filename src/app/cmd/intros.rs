//! `rmatch intros`: from a pairs file and the roster, an introduction
//! e-mail, a calendar invite and a mail-merge row per pair, written into a
//! folder all or nothing.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use rmatch::config::Config;
use rmatch::error::{Error, Result};
use rmatch::files::{self, Named, Output, Replace};
use rmatch::intros::{self, hours::Week, mail::Mailbox, template::Template, IntrosSpec, Settings};
use rmatch::roster::{self, ReadOptions};
use rmatch::text::escape;

use crate::app::flags::IntrosArgs;

pub fn run(args: &IntrosArgs) -> Result<()> {
    let dir = args.output.as_str();
    if dir == "-" || dir.is_empty() {
        return Err(Error::Usage(
            "-o names the folder the e-mails and invites go in; give one, e.g. -o intros".into(),
        ));
    }
    // No two inputs may be standard input: checked before the config file
    // is read, and again with the template it may name.
    files::check_standard_input(&inputs(args, args.template.as_deref()))?;
    let mut config = match &args.config {
        Some(path) => Config::read(path)?,
        None => Config::default(),
    };
    rmatch::roster::columns::lay_flags(&mut config.columns, &args.column, args.config.as_deref())?;
    let spec = config.intros.clone().unwrap_or_default();
    let template_path = args.template.clone().or_else(|| {
        spec.template
            .as_deref()
            .map(|t| beside_config(args.config.as_deref(), t))
    });
    files::check_standard_input(&inputs(args, template_path.as_deref()))?;
    let settings = settings(args, &spec, template_path.as_deref())?;
    check_folder(dir, args.force)?;

    // The roster, read once; its columns decide which of email, timezone
    // and availability are kept.
    let (source, bytes) = roster::read_bytes(&args.roster)?;
    // A CSV roster or a workbook's sheet, as every command reads it.
    let mut options = ReadOptions {
        diversity: config.diversity.clone(),
        private: config.private.clone(),
        missing: config.missing.clone(),
        aliases: config
            .aliases
            .iter()
            .map(|(a, t)| (a.clone(), t.clone()))
            .collect(),
        columns: config
            .columns
            .iter()
            .map(|(c, h)| (c.clone(), h.clone()))
            .collect(),
        encoding: args.encoding.into(),
        ..ReadOptions::default()
    };
    let sheet = args.sheet.as_deref();
    let first = roster::parse_input(&source, &args.roster, &bytes, sheet, &options)?;
    if first.column_index(intros::EMAIL).is_none() {
        // Ids read from an address column (a sign-up form's `Email`): the
        // same header can be read as the address too.
        let hint = config
            .columns
            .iter()
            .find(|(c, _)| rmatch::roster::columns::own_column(c) == Some("id"))
            .filter(|(_, h)| h.to_lowercase().contains("mail"))
            .map_or(String::new(), |(_, h)| {
                format!(
                    " (the ids come from \"{0}\": to write to them, add --column email=\"{0}\")",
                    escape(h)
                )
            });
        return Err(Error::Data(vec![rmatch::error::Diagnostic {
            location: rmatch::error::Location {
                file: source.clone(),
                line: None,
                column: None,
            },
            message: format!("has no email column; add one with each person's address, so the introductions can be addressed{hint}"),
        }]));
    }
    options.keep = [intros::EMAIL, intros::TIMEZONE, intros::AVAILABILITY]
        .iter()
        .filter(|c| first.column_index(c).is_some())
        .map(|c| c.to_string())
        .collect();
    let roster = roster::parse_input(&source, &args.roster, &bytes, sheet, &options)?;
    if !args.quiet {
        let mut err = std::io::stderr().lock();
        for w in &roster.warnings {
            let _ = writeln!(err, "warning: {w}");
        }
    }
    let (mut rows, marks_kept) = intros::pairs::read(&args.pairs, &roster)?;
    let kept = rows.iter().filter(|r| r.kept).count();
    if args.new_only {
        if !marks_kept {
            return Err(Error::Usage(format!(
                "--new-only: {} has no change column, so no pair in it is marked new or kept; give the pairs file rmatch pair --continue wrote, or leave out --new-only",
                escape(&args.pairs)
            )));
        }
        rows.retain(|r| !r.kept);
        if !args.quiet {
            eprintln!(
                "{}: {} left out, as --new-only asks (their people meet already)",
                escape(&args.pairs),
                rmatch::text::count(kept, "kept pair", "kept pairs")
            );
        }
        if rows.is_empty() {
            if !args.quiet {
                eprintln!("no new pair to introduce: nothing written");
            }
            return Ok(());
        }
    } else if kept > 0 && !args.quiet {
        // `pair --continue` kept them: they were introduced and meet already.
        eprintln!(
            "warning: {}: {kept} of its {} {} kept from the last pairing (the change column says kept), so their people meet already; they are introduced again here: to introduce only the new pairs, add --new-only",
            escape(&args.pairs),
            rmatch::text::count(rows.len(), "pair", "pairs"),
            if kept == 1 { "was" } else { "were" },
        );
    }
    let plan = intros::plan(&roster, &rows, &settings)?;

    // The files, checked against the inputs before anything is written.
    let mut named: Vec<(String, String)> = Vec::new();
    let path = |name: &str| Path::new(dir).join(name).to_string_lossy().into_owned();
    for intro in &plan.intros {
        if let Some(eml) = &intro.eml {
            named.push((path(&format!("{}.eml", intro.stem)), eml.clone()));
        }
        if let Some(ics) = &intro.ics {
            named.push((path(&format!("{}.ics", intro.stem)), ics.clone()));
        }
    }
    let mut merge = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let csv_error =
        |e: csv::Error| Error::Solver(format!("cannot lay out the mail-merge file: {e}"));
    merge
        .write_record(intros::MERGE_COLUMNS)
        .map_err(csv_error)?;
    for intro in &plan.intros {
        merge
            .write_record(
                intro
                    .merge
                    .iter()
                    .map(|c| rmatch::spreadsheet::text_cell(c, false).into_owned()),
            )
            .map_err(csv_error)?;
    }
    let mut merge_bytes = b"\xEF\xBB\xBF".to_vec();
    merge_bytes.extend(
        merge
            .into_inner()
            .map_err(|e| csv_error(e.into_error().into()))?,
    );
    named.push((path(intros::MERGE_FILE), String::new()));

    let outputs: Vec<Named> = named
        .iter()
        .map(|(p, _)| Named::new("-o", Some(p.as_str())))
        .collect();
    files::check_plan(
        &inputs(args, template_path.as_deref()),
        &outputs,
        Replace {
            force: args.force,
            must_be_new: false,
        },
    )?;
    // A folder this run makes is removed again if no file could be
    // written into it, so a failed run leaves nothing behind.
    let made = !Path::new(dir).exists();
    std::fs::create_dir_all(dir).map_err(|source| Error::Output {
        path: dir.into(),
        source,
    })?;
    let last = named.len() - 1;
    let writes: Vec<Output> = named
        .iter()
        .enumerate()
        .map(|(i, (p, text))| {
            let bytes: &[u8] = if i == last {
                &merge_bytes
            } else {
                text.as_bytes()
            };
            Output::new(Some(p.as_str()), move |out| out.write_all(bytes))
        })
        .collect();
    if let Err(e) = files::write_outputs(writes, args.force) {
        if made {
            // Only an empty folder goes: remove_dir refuses any other.
            let _ = std::fs::remove_dir(dir);
        }
        return Err(e);
    }

    if !args.quiet {
        let stale = stale_introductions(dir, &named);
        if !stale.is_empty() {
            eprintln!(
                "warning: {} holds {} e-mails or invites this run did not write, from an earlier run ({}); move or delete them before sending the folder's e-mails",
                escape(dir),
                stale.len(),
                escape(&shown_names(&stale))
            );
        }
        let emls = plan.intros.iter().filter(|i| i.eml.is_some()).count();
        let icss = plan.intros.iter().filter(|i| i.ics.is_some()).count();
        eprintln!(
            "wrote {}, {} and {} for {} into {}",
            rmatch::text::count(emls, "e-mail", "e-mails"),
            rmatch::text::count(icss, "calendar invite", "calendar invites"),
            intros::MERGE_FILE,
            rmatch::text::count(plan.intros.len(), "pair", "pairs"),
            escape(dir)
        );
        if !plan.no_slot.is_empty() {
            eprintln!(
                "no weekly hour fits both people's working hours for {} (no invite; their e-mail asks them to agree a time): {}",
                rmatch::text::count(plan.no_slot.len(), "pair", "pairs"),
                escape(&plan.no_slot.join("; "))
            );
        }
    }
    if !plan.no_address.is_empty() {
        return Err(Error::Data(plan.no_address));
    }
    Ok(())
}

/// The `.eml` and `.ics` files in `dir` named as rmatch names them
/// (`001-S01-J27.eml`) that are not among `written`: introductions of an
/// earlier run, which a coordinator must not send with this run's.
fn stale_introductions(dir: &str, written: &[(String, String)]) -> Vec<String> {
    let ours: std::collections::BTreeSet<&std::ffi::OsStr> = written
        .iter()
        .filter_map(|(p, _)| Path::new(p).file_name())
        .collect();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut stale: Vec<String> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .filter(|name| !ours.contains(name.as_os_str()))
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| {
            let numbered = name
                .split_once('-')
                .is_some_and(|(n, _)| n.len() >= 3 && n.bytes().all(|b| b.is_ascii_digit()));
            numbered && (name.ends_with(".eml") || name.ends_with(".ics"))
        })
        .collect();
    stale.sort();
    stale
}

/// The first few names of a list, and how many more.
fn shown_names(names: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = names[..names.len().min(SHOWN)].join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(", and {} more", names.len() - SHOWN));
    }
    text
}

/// The start date, weeks, sender, hours and template: flags over the
/// config's `[intros]` table over the defaults.
fn settings(args: &IntrosArgs, spec: &IntrosSpec, template: Option<&str>) -> Result<Settings> {
    let start = NaiveDate::parse_from_str(args.start.trim(), "%Y-%m-%d").map_err(|_| {
        Error::Usage(format!(
            "--start {}: write the first day meetings may start as YYYY-MM-DD, e.g. --start 2027-01-04",
            escape(&args.start)
        ))
    })?;
    let weeks = args.weeks.or(spec.weeks).unwrap_or(intros::DEFAULT_WEEKS);
    if !(1..=intros::MAX_WEEKS).contains(&weeks) {
        return Err(Error::Usage(format!(
            "--weeks {weeks}: give a number of weekly meetings from 1 to {}",
            intros::MAX_WEEKS
        )));
    }
    let Some(from_text) = args.from.as_ref().or(spec.from.as_ref()) else {
        return Err(Error::Usage(
            "give --from \"Your Name <you@example.org>\": the e-mails and invites come from the coordinator (or set from in the config file's [intros] table)".into(),
        ));
    };
    let from = Mailbox::parse(from_text).ok_or_else(|| {
        Error::Usage(format!(
            "--from {}: write the sender as \"Name <address@example.org>\" or address@example.org",
            escape(from_text)
        ))
    })?;
    let hours = match args.hours.as_ref().or(spec.hours.as_ref()) {
        Some(text) => Week::parse(text)
            .map_err(|why| Error::Usage(format!("--hours {}: {why}", escape(text))))?,
        None => Week::office(),
    };
    let template = match template {
        Some(path) => {
            let (source, bytes) = files::read_input_limited(
                path,
                intros::template::MAX_BYTES,
                "the template",
                "a template is the text of one e-mail: check that this is the right file",
            )?;
            let text = String::from_utf8(bytes).map_err(|_| {
                Error::Data(vec![rmatch::error::Diagnostic {
                    location: rmatch::error::Location {
                        file: source.clone(),
                        line: None,
                        column: None,
                    },
                    message: "the template is not UTF-8 text; save it as UTF-8".into(),
                }])
            })?;
            Template::parse(&source, &text)?
        }
        None => Template::builtin(),
    };
    Ok(Settings {
        start,
        weeks,
        from,
        hours,
        template,
    })
}

/// A file the config names (`[intros] template`), as the config's own
/// folder sees it: a relative path is taken from beside the config file,
/// so the config and its template move together. A config on standard
/// input, or none, leaves the path as written.
fn beside_config(config: Option<&str>, file: &str) -> String {
    let folder = config
        .filter(|c| *c != "-")
        .and_then(|c| Path::new(c).parent())
        .filter(|f| !f.as_os_str().is_empty());
    match folder {
        Some(folder) if file != "-" && Path::new(file).is_relative() => {
            folder.join(file).to_string_lossy().into_owned()
        }
        _ => file.to_string(),
    }
}

/// The files `intros` reads: the pairs file, the roster, the config file
/// and the template (`template`, from the flag or the config).
fn inputs<'a>(args: &'a IntrosArgs, template: Option<&'a str>) -> Vec<Named<'a>> {
    let mut inputs = vec![
        Named::new("the pairs file", Some(args.pairs.as_str())),
        Named::new("the roster", Some(args.roster.as_str())),
    ];
    if let Some(p) = &args.config {
        inputs.push(Named::new("the config file", Some(p)));
    }
    if let Some(p) = template {
        inputs.push(Named::new("the template", Some(p)));
    }
    inputs
}

/// The folder must be new, or empty, unless `--force` (which replaces
/// rmatch's own file names in it and leaves other files alone).
fn check_folder(dir: &str, force: bool) -> Result<()> {
    let path = Path::new(dir);
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_dir() => Err(Error::Usage(format!(
            "-o {}: is a file, not a folder; name a folder for the e-mails and invites",
            escape(dir)
        ))),
        Ok(_) if !force => {
            let first = std::fs::read_dir(path)
                .map_err(|source| Error::Input {
                    path: path.into(),
                    source,
                })?
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .min();
            match first {
                Some(name) => Err(Error::Usage(format!(
                    "-o {}: the folder already holds files ({}); name a new folder, or add --force to write into it (files of the same names are replaced, others left alone)",
                    escape(dir),
                    escape(&name)
                ))),
                None => Ok(()),
            }
        }
        _ => Ok(()),
    }
}
