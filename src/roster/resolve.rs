//! From rows to a roster: duplicate ids, the vocabulary (sorted, so ids do
//! not depend on row order; private values kept out of it), people in
//! canonical order, manager and exclude references, and the management
//! forest checked for loops.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use super::columns::Column;
use super::header::Header;
use super::people::{
    name_in_order, normalize, IdMatch, Person, Placeholders, Role, Roster, Topic, DEFAULT_LEVEL,
    PRIVATE_TEXT,
};
use super::problems::{loc, shown, shown_list, Problems};
use super::row::{kind, RawPerson, Texts};
use crate::error::{Diagnostic, Result};
use crate::text::{id_fold, id_key};

/// The roster's ids for resolving references: by [`id_key`], and (built
/// on the first miss) by [`id_fold`].
struct Ids<'r> {
    by_key: HashMap<&'r str, usize>,
    keys: Vec<(&'r str, usize)>,
    by_fold: Option<HashMap<String, usize>>,
}

impl<'r> Ids<'r> {
    /// The person whose id is `text` exactly (as [`id_key`] reads it).
    fn exact(&self, text: &str) -> Option<usize> {
        self.by_key.get(id_key(text).as_ref()).copied()
    }

    fn find(&mut self, text: &str) -> Option<(usize, IdMatch)> {
        let key = id_key(text);
        if let Some(&i) = self.by_key.get(key.as_ref()) {
            return Some((i, IdMatch::Exact));
        }
        let keys = &self.keys;
        let by_fold = self.by_fold.get_or_insert_with(|| {
            keys.iter()
                .rev()
                .map(|&(k, i)| (id_fold(k).into_owned(), i))
                .collect()
        });
        by_fold
            .get(id_fold(&key).as_ref())
            .map(|&i| (i, IdMatch::IgnoringCase))
    }
}

/// Builds the vocabulary (sorted, so ids do not depend on row order),
/// sorts people and resolves manager and exclude references.
pub(super) fn resolve(
    source: &str,
    raw: Vec<RawPerson>,
    texts: &Texts,
    header: &Header,
    mut problems: Problems,
) -> Result<Roster> {
    let keys: Vec<Cow<str>> = raw.par_iter().map(|p| id_key(&p.id)).collect();

    let private: Vec<bool> = header
        .diversity
        .iter()
        .map(|(_, column)| header.private[*column])
        .collect();
    let rule_private: Vec<bool> = header
        .rule_columns
        .iter()
        .map(|(_, column)| header.private[*column])
        .collect();
    // Duplicate ids are looked for beside the sorting and the vocabulary
    // (most of each runs on one thread).
    let ((), (order, n_seniors, vocabulary, juniors_by_id)) = rayon::join(
        || duplicate_ids(source, &raw, &keys, header, &mut problems),
        || {
            // Lines differ, so this order is total and the same however sorted.
            let mut order: Vec<usize> = (0..raw.len()).collect();
            order.par_sort_unstable_by(|&a, &b| {
                (raw[a].role, &keys[a], raw[a].line).cmp(&(raw[b].role, &keys[b], raw[b].line))
            });
            let vocabulary = vocabulary(&raw, &order, texts, header, &private, &rule_private);
            let n_seniors = raw.iter().filter(|p| p.role == Role::Senior).count();
            let juniors_by_id = group_juniors(
                &raw,
                &mut order[n_seniors..],
                &vocabulary.of_text,
                vocabulary.vocab.len(),
            );
            (order, n_seniors, vocabulary, juniors_by_id)
        },
    );
    let Vocabulary {
        vocab,
        of_text,
        spelled,
    } = vocabulary;
    let topics = |list: &[(u32, Option<u8>)]| -> Vec<Topic> {
        let mut out: Vec<Topic> = list
            .iter()
            .map(|&(t, l)| Topic {
                id: of_text[t as usize],
                level: l.unwrap_or(DEFAULT_LEVEL),
                stated: l.is_some(),
            })
            .collect();
        // A topic listed twice keeps its highest level (a stated one
        // before the default at the same level).
        out.sort_by(|a, b| {
            a.id.cmp(&b.id)
                .then(b.level.cmp(&a.level))
                .then(b.stated.cmp(&a.stated))
        });
        out.dedup_by_key(|t| t.id);
        out
    };
    let values = |list: &[u32]| -> Vec<u32> {
        let mut out: Vec<u32> = list.iter().map(|&t| of_text[t as usize]).collect();
        out.sort_unstable();
        out.dedup();
        out
    };
    // Attribute values: private ones by their own ids (see `vocabulary`).
    let attribute_ids = |values: &[Option<u32>]| -> Vec<Option<u32>> {
        values
            .iter()
            .map(|value| value.map(|t| of_text[t as usize]))
            .collect()
    };
    // Each person's manager and exclusions are found in order, on one
    // thread (so the warnings come in the same order every time), while
    // each person is made from their row on the others: their lists and
    // texts are most of the reading's allocations (1.9 s of it at
    // 1,000,000 people on one thread).
    let (references, mut people) = rayon::join(
        || references(source, &raw, &order, &keys, header),
        || {
            order
                .par_iter()
                .map(|&old| {
                    let p = &raw[old];
                    Person {
                        id: p.id.clone(),
                        name: p.name.clone().unwrap_or_else(|| p.id.clone()),
                        role: p.role,
                        line: p.line,
                        skills: topics(&p.skills),
                        wants: topics(&p.wants),
                        interests: values(&p.interests),
                        languages: values(&p.languages),
                        attributes: attribute_ids(&p.attributes),
                        capacity: p.capacity,
                        min_capacity: p.min_capacity,
                        manager: None,
                        exclude: Vec::new(),
                        utc_offset: p.utc_offset,
                        rule_attributes: attribute_ids(&p.rule_attributes),
                        numbers: p.numbers.clone(),
                        kept: p.kept.clone(),
                        prefers: Vec::new(),
                    }
                })
                .collect::<Vec<Person>>()
        },
    );
    let References {
        found,
        case_only,
        ambiguous,
        mut unknown_excluded,
        outside_managers,
    } = references;
    people
        .par_iter_mut()
        .zip(found)
        .for_each(|(person, (manager, exclude))| {
            person.manager = manager;
            person.exclude = exclude;
        });
    if !outside_managers.is_empty() {
        let mut ids: Vec<&str> = outside_managers.keys().copied().take(5).collect();
        if outside_managers.len() > ids.len() {
            ids.push("...");
        }
        let people_count: usize = outside_managers.values().sum();
        let manager_column = header.index(Column::Manager);
        // An export that names managers by e-mail address (a directory's
        // "Manager Email") beside another id: they are found by the
        // people's addresses in the `email` column; without one, say which
        // column to read as it.
        let addresses = (outside_managers.keys().all(|m| m.contains('@'))
            && !raw.iter().any(|p| p.id.contains('@')))
        .then(|| {
            if header.email.is_some() {
                return "they are addresses that no one has in the email column: to follow them further, add each as a row with capacity 0, that address and a manager of their own".to_string();
            }
            let mail_column = header
                .labels
                .iter()
                .enumerate()
                .find(|&(i, label)| {
                    Some(i) != manager_column
                        && Some(i) != header.index(Column::Id)
                        && label.to_lowercase().contains("mail")
                })
                .map(|(_, label)| label);
            match mail_column {
                Some(label) => format!(
                    "they look like e-mail addresses: to find them by the people's addresses, read that column as email (--column email=\"{}\")",
                    shown(label)
                ),
                None => "they look like e-mail addresses: to find them, add the people's addresses as a column named email".to_string(),
            }
        });
        // Several managers and not one of them in the roster: most often a
        // column that numbers managers otherwise than the id column does
        // (HRDataset_v14's ManagerID against its EmpID), which would
        // leave the reporting-line rule with nothing to rule out.
        let none_inside = outside_managers.len() > 1 && people.iter().all(|p| p.manager.is_none());
        let message = if none_inside {
            format!(
                "none of the {} manager ids ({}), given for {people_count} {}, is an id or a name in the roster, so no pair is ruled out by a reporting line; {}",
                outside_managers.len(),
                shown_list(ids.iter().copied(), ", "),
                if people_count == 1 { "person" } else { "people" },
                addresses.unwrap_or_else(|| "if the column numbers managers another way than the id column does, map a column that holds their ids or names (--column manager=HEADER)".to_string())
            )
        } else {
            format!(
                "{} ({}) {} not in the roster, for {people_count} {}; their management chains are followed only inside the roster{}",
                match outside_managers.len() {
                    1 => "1 manager id".to_string(),
                    n => format!("{n} manager ids"),
                },
                shown_list(ids.iter().copied(), ", "),
                if outside_managers.len() == 1 { "is" } else { "are" },
                if people_count == 1 { "person" } else { "people" },
                addresses.map(|hint| format!("; {hint}")).unwrap_or_else(|| {
                    "; to follow them further, add each as a row with capacity 0 and a manager of their own".to_string()
                })
            )
        };
        problems.warnings.push(Diagnostic {
            location: loc(
                source,
                None,
                manager_column.map(|i| (i + 1, header.labels[i].as_str())),
            ),
            message,
        });
    }
    for d in ambiguous {
        problems.error(d.location, d.message);
    }
    unknown_excluded.extend(case_only);
    unknown_excluded.sort_by_key(|d| d.location.line);
    problems.warnings.extend(unknown_excluded);

    // Exclusions apply both ways.
    let mut extra: Vec<(usize, usize)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        extra.extend(p.exclude.iter().map(|&o| (o, i)));
    }
    for (o, i) in extra {
        people[o].exclude.push(i);
    }
    for p in &mut people {
        p.exclude.sort_unstable();
        p.exclude.dedup();
    }

    super::prefers::resolve(source, &raw, &order, header, &mut people, &mut problems);

    // The management forest (on one thread) beside the people sorted by
    // their folded ids, then by position: the order a stable sort by the
    // folded id gives.
    let ((enter, leave), by_fold) = rayon::join(
        || management_order(source, &people, header, &mut problems),
        || {
            let folded: Vec<Cow<str>> = people.par_iter().map(|p| id_fold(&p.id)).collect();
            let mut by_fold: Vec<u32> = (0..people.len() as u32).collect();
            by_fold.par_sort_unstable_by(|&a, &b| {
                (&folded[a as usize], a).cmp(&(&folded[b as usize], b))
            });
            by_fold
        },
    );

    if !problems.errors.is_empty() {
        return Err(problems.into_error(source));
    }
    Ok(Roster {
        source: source.to_string(),
        people,
        n_seniors,
        vocab,
        spelled,
        diversity: header.diversity.iter().map(|(n, _)| n.clone()).collect(),
        private,
        rule_attribute_names: header.rule_columns.iter().map(|(n, _)| n.clone()).collect(),
        numeric_attribute_names: header
            .numeric_columns
            .iter()
            .map(|(n, _)| n.clone())
            .collect(),
        warnings: problems.warnings,
        placeholders: placeholders(&raw, header),
        kept: header.kept.iter().map(|(n, _)| n.clone()).collect(),
        columns: header.names.clone(),
        headers: header.labels.clone(),
        email_in_id: header.email_in_id,
        has_prefers: header.index(Column::Prefers).is_some(),
        enter,
        leave,
        by_fold,
        junior_id_rank: id_ranks(&juniors_by_id),
        juniors_by_id,
    })
}

/// Each person's manager and exclusions (people by their place in
/// `order`), and what finding them has to warn about.
struct References<'a> {
    found: Vec<(Option<usize>, Vec<usize>)>,
    /// References that match an id only ignoring case, or a name.
    case_only: Vec<Diagnostic>,
    /// References that are the name of several people (errors).
    ambiguous: Vec<Diagnostic>,
    /// Excluded ids not in the roster.
    unknown_excluded: Vec<Diagnostic>,
    /// Manager ids not in the roster, and how many people name each.
    outside_managers: BTreeMap<&'a str, usize>,
}

/// A reference taken as the name of one person.
struct Named {
    /// "manager" or "excluded id".
    what: &'static str,
    at: crate::error::Location,
    /// The reference as written.
    text: String,
    /// The person, by place in `order`.
    person: usize,
    /// Whether the name matched only as [`name_in_order`] writes it.
    written_otherwise: bool,
}

/// Everyone with a name, by a 64-bit key of their name in one normal form
/// (sorted by key, then person): built on both threads without a string
/// per person, as a large roster whose managers sit outside it looks every
/// one up.
struct NameIndex(Vec<(u64, u32)>);

impl NameIndex {
    /// `key` of each name it gives one for, people by their place in
    /// `order`.
    fn of(raw: &[RawPerson], order: &[usize], key: fn(&str) -> Option<u64>) -> Self {
        let mut keyed: Vec<(u64, u32)> = order
            .par_iter()
            .enumerate()
            .filter_map(|(new, &old)| Some((key(raw[old].name.as_deref()?)?, new as u32)))
            .collect();
        keyed.par_sort_unstable();
        NameIndex(keyed)
    }

    /// The people (by place in `order`) of the index whose name has the
    /// normal form `form` gives `text`; `key` must give the key the index
    /// was built with for names of that form.
    fn people(
        &self,
        text: &str,
        key: fn(&str) -> u64,
        form: fn(&str) -> String,
        raw: &[RawPerson],
        order: &[usize],
    ) -> Vec<usize> {
        if self.0.is_empty() {
            return Vec::new();
        }
        let key = key(text);
        let start = self.0.partition_point(|&(k, _)| k < key);
        if self.0.get(start).is_none_or(|&(k, _)| k != key) {
            return Vec::new();
        }
        let wanted = form(text);
        self.0[start..]
            .iter()
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, i)| i as usize)
            .filter(|&i| {
                raw[order[i]]
                    .name
                    .as_deref()
                    .is_some_and(|name| form(name) == wanted)
            })
            .collect()
    }
}

/// Everyone with an address in the `email` column ([`Header::email`]),
/// by the address folded as [`address_key`] folds it, then by place in
/// `order`.
struct AddressIndex(Vec<(String, u32)>);

impl AddressIndex {
    /// Built on both threads, as [`NameIndex::of`] is.
    fn of(raw: &[RawPerson], order: &[usize]) -> Self {
        let mut keyed: Vec<(String, u32)> = order
            .par_iter()
            .enumerate()
            .filter_map(|(new, &old)| Some((address_key(raw[old].email.as_deref()?), new as u32)))
            .collect();
        keyed.par_sort_unstable();
        AddressIndex(keyed)
    }

    /// The people (by place in `order`) whose address is `text`.
    fn people(&self, text: &str) -> Vec<usize> {
        let key = address_key(text);
        let start = self.0.partition_point(|(k, _)| *k < key);
        self.0[start..]
            .iter()
            .take_while(|(k, _)| *k == key)
            .map(|&(_, i)| i as usize)
            .collect()
    }
}

/// An e-mail address as references are matched to it: without the space
/// around it or a `mailto:` before it, in lowercase (mail systems match
/// addresses ignoring case).
fn address_key(text: &str) -> String {
    let text = text.trim();
    let text = match text.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => &text[7..],
        _ => text,
    };
    text.trim().to_lowercase()
}

/// Finds each person's manager and exclusions by id, in `order` (so the
/// warnings come in the same order every time).
fn references<'a>(
    source: &str,
    raw: &'a [RawPerson],
    order: &[usize],
    keys: &'a [Cow<str>],
    header: &Header,
) -> References<'a> {
    let in_order: Vec<(&str, usize)> = order
        .iter()
        .enumerate()
        .map(|(new, &old)| (keys[old].as_ref(), new))
        .collect();
    let mut ids = Ids {
        by_key: in_order.iter().rev().copied().collect(),
        keys: in_order,
        by_fold: None,
    };
    let mut case_only: Vec<Diagnostic> = Vec::new();
    let mut ambiguous: Vec<Diagnostic> = Vec::new();
    // References taken by name: HR exports often give the manager's name.
    let mut named: Vec<Named> = Vec::new();
    let mut exact_names: Option<NameIndex> = None;
    let mut names_rewritten: Option<NameIndex> = None;
    // References taken by address, where the roster has an `email` column.
    let mut addresses: Option<AddressIndex> = None;

    let mut references: Vec<(Option<usize>, Vec<usize>)> = Vec::with_capacity(raw.len());
    let mut unknown_excluded: Vec<Diagnostic> = Vec::new();
    let mut outside_managers: BTreeMap<&str, usize> = BTreeMap::new();
    for &old in order {
        let p = &raw[old];
        // The person a reference names: by id, else (with a warning) by the
        // name of exactly one person; `Err` when it names nobody, `Ok(None)`
        // for a name several people share (an error).
        let mut found = |id: &str,
                         column: usize,
                         what: &'static str|
         -> std::result::Result<Option<usize>, ()> {
            let at = || {
                loc(
                    source,
                    Some(p.line),
                    Some((column + 1, &header.labels[column])),
                )
            };
            // An address in the `email` column: a directory's "Manager
            // Email" beside employee numbers.
            // Looked for before an id matched only ignoring case, which
            // would fold every id to find none.
            if header.email.is_some() && id.contains('@') {
                if let Some(i) = ids.exact(id) {
                    return Ok(Some(i));
                }
                let index = addresses.get_or_insert_with(|| AddressIndex::of(raw, order));
                match index.people(id).as_slice() {
                    &[i] => return Ok(Some(i)),
                    [] => {}
                    several => {
                        ambiguous.push(Diagnostic {
                            location: at(),
                            message: format!(
                                "{what} \"{}\" is the e-mail address of {} people ({}); give each their own address in the email column, or write the id of the one meant instead",
                                shown(id),
                                several.len(),
                                shown_list(several.iter().map(|&i| raw[order[i]].id.as_str()), ", ")
                            ),
                        });
                        return Ok(None);
                    }
                }
            }
            if let Some((i, how)) = ids.find(id) {
                if how == IdMatch::IgnoringCase {
                    let roster_id = &raw[order[i]].id;
                    case_only.push(Diagnostic {
                        location: at(),
                        message: format!(
                            "{what} \"{}\" matches the id \"{}\" only ignoring case; it is taken as {}: write it as the id column does",
                            shown(id),
                            shown(roster_id),
                            shown(roster_id)
                        ),
                    });
                }
                return Ok(Some(i));
            }
            // A name as written, else written another way (see
            // [`name_in_order`]); each index is built on its first use.
            // A name with no comma or full stop is its own form in order,
            // so the second index holds only the others, and the first is
            // looked in again only for a reference with one.
            let exact = exact_names
                .get_or_insert_with(|| NameIndex::of(raw, order, |name| Some(name_key(name))));
            let mut same = exact.people(id, name_key, normalize, raw, order);
            let written_otherwise = same.is_empty();
            if written_otherwise {
                same = names_rewritten
                    .get_or_insert_with(|| {
                        NameIndex::of(raw, order, |name| {
                            name.contains([',', '.']).then(|| in_order_key(name))
                        })
                    })
                    .people(id, in_order_key, name_in_order, raw, order);
                if id.contains([',', '.']) {
                    same.extend(exact.people(id, in_order_key, name_in_order, raw, order));
                    same.sort_unstable();
                    same.dedup();
                }
            }
            match same.as_slice() {
                &[i] => {
                    named.push(Named {
                        what,
                        at: at(),
                        text: id.to_string(),
                        person: i,
                        written_otherwise,
                    });
                    Ok(Some(i))
                }
                several if several.len() > 1 => {
                    ambiguous.push(Diagnostic {
                        location: at(),
                        message: format!(
                            "{what} \"{}\" is not an id but the name of {} people ({}); write the id of the one meant instead",
                            shown(id),
                            several.len(),
                            shown_list(several.iter().map(|&i| raw[order[i]].id.as_str()), ", ")
                        ),
                    });
                    Ok(None)
                }
                _ => Err(()),
            }
        };
        let manager =
            p.manager
                .as_ref()
                .and_then(|(id, column)| match found(id, *column, "manager") {
                    Ok(found) => found,
                    Err(()) => {
                        *outside_managers.entry(id).or_default() += 1;
                        None
                    }
                });
        let exclude: Vec<usize> = p
            .exclude
            .iter()
            .filter_map(|(id, column)| match found(id, *column, "excluded id") {
                Ok(found) => found,
                Err(()) => {
                    unknown_excluded.push(Diagnostic {
                        location: loc(
                            source,
                            Some(p.line),
                            Some((column + 1, &header.labels[*column])),
                        ),
                        message: format!(
                            "excluded id \"{}\" is not in the roster; check it for a typo",
                            shown(id)
                        ),
                    });
                    None
                }
            })
            .collect();
        references.push((manager, exclude));
    }
    // One warning per column for the references taken by name (an export
    // may name every manager), at the first of them; another for those
    // whose names are written another way.
    for (what, otherwise) in [
        ("manager", false),
        ("manager", true),
        ("excluded id", false),
        ("excluded id", true),
    ] {
        let of_what: Vec<&Named> = named
            .iter()
            .filter(|n| n.what == what && n.written_otherwise == otherwise)
            .collect();
        let Some(first) = of_what.iter().min_by_key(|n| n.at.line) else {
            continue;
        };
        let person = &raw[order[first.person]];
        let roster_id = shown(&person.id);
        let text = shown(&first.text);
        let is = if otherwise {
            format!(
                "{roster_id}, whose name is written \"{}\"",
                shown(person.name.as_deref().unwrap_or_default())
            )
        } else {
            roster_id.to_string()
        };
        let message = match (of_what.len(), otherwise) {
            (1, _) => format!(
                "{what} \"{text}\" is not an id but the name of {is}; it is taken as {roster_id}: write the id, as the id column does"
            ),
            (n, _) => format!(
                "{n} {} entries are not ids but names of people in the roster{} (from this line on; \"{text}\" is {is}); each is taken as that person: write ids, as the id column does",
                if what == "manager" { "manager" } else { "exclude" },
                if otherwise { " written another way" } else { "" },
            ),
        };
        case_only.push(Diagnostic {
            location: first.at.clone(),
            message,
        });
    }
    References {
        found: references,
        case_only,
        ambiguous,
        unknown_excluded,
        outside_managers,
    }
}

/// Juniors from this many on are put in groups by the topics they teach,
/// so that the candidate pass's tiles hold fewer of each senior's teachers
/// (see [`crate::roster::Roster::people`]).
pub const GROUPED_FROM: usize = 32_768;

/// How many of the topics the most juniors teach make a junior's group.
const GROUPING_TOPICS: usize = 64;

/// A 64-bit key of [`normalize`]`(text)` (names compared as values are):
/// equal normal forms have equal keys. An ASCII text is folded as it is
/// hashed (white space runs to one space, lowercase), without building
/// its normal form; others hash the normal form built.
fn name_key(text: &str) -> u64 {
    if !text.is_ascii() {
        return WordHash::of(normalize(text).split(' '));
    }
    WordHash::of(ascii_words(text, |b| b.is_ascii_whitespace() || b == 0x0b))
}

/// [`name_key`] of a name as [`name_in_order`] writes it; an ASCII name
/// is turned round and hashed without building that form.
fn in_order_key(text: &str) -> u64 {
    if !text.is_ascii() {
        return name_key(&name_in_order(text));
    }
    let apart = |b: u8| b.is_ascii_whitespace() || b == 0x0b || b == b'.';
    let mut sides = text.split(',');
    if let (Some(last), Some(first), None) = (sides.next(), sides.next(), sides.next()) {
        let (last, first) = (ascii_words(last, apart), ascii_words(first, apart));
        if last.clone().next().is_some() && first.clone().next().is_some() {
            return WordHash::of(first.chain(last));
        }
    }
    WordHash::of(ascii_words(text, apart))
}

/// The words of an ASCII text, split where `apart` says.
fn ascii_words(
    text: &str,
    apart: impl Fn(u8) -> bool + Clone,
) -> impl Iterator<Item = &str> + Clone {
    text.split(move |c: char| apart(c as u8))
        .filter(|w| !w.is_empty())
}

/// Hashes words as the text of them joined by single spaces, lowercase.
struct WordHash;

impl WordHash {
    fn of<'w>(words: impl Iterator<Item = &'w str>) -> u64 {
        fn mix(h: u64, b: u8) -> u64 {
            (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
        }
        let mut h = 0u64;
        for (k, word) in words.enumerate() {
            if k > 0 {
                h = mix(h, b' ');
            }
            h = word.bytes().fold(h, |h, b| mix(h, b.to_ascii_lowercase()));
        }
        h
    }
}

/// Puts the juniors of a large roster (`juniors`: their rows, in id
/// order) in groups by the topics they teach, and returns each one's index
/// in id order; leaves them, and returns nothing, below [`GROUPED_FROM`].
///
/// A junior's group is which of the [`GROUPING_TOPICS`] topics the most
/// juniors teach it teaches, read as a number, the most taught topic
/// first: the teachers of the most taught topic come first, and within
/// them those of the next one, and so on; within a group, by id. The
/// candidate pass reads the juniors a tile at a time (see
/// `Scorer::for_each_allowed_among`), and where a senior's goals have many
/// teachers in a tile it looks at every junior of the tile; grouped, a
/// senior's teachers fill fewer tiles, and the tiles between them are
/// passed over by their few teachers (100,000 x 200,000: the pass 4.9 s
/// instead of 6.3 s, the first certificate 0.66 s instead of 0.92 s). With
/// 20,000 juniors the pair gained 7% but the sweep, whose optimistic
/// floors assume juniors in no order tied to their scores, lost 4%; with
/// 60,000 both gained 7-8%. The groups depend on the juniors alone, not on
/// the order of the rows.
fn group_juniors(
    raw: &[RawPerson],
    juniors: &mut [usize],
    of_text: &[u32],
    n_topics: usize,
) -> Vec<u32> {
    if juniors.len() < GROUPED_FROM {
        return Vec::new();
    }
    // Each junior's topics, each once (a topic can be spelled twice).
    let topics = |a: usize| {
        let skills = &raw[a].skills;
        skills.iter().enumerate().filter_map(move |(k, &(t, _))| {
            let topic = of_text[t as usize];
            (!skills[..k]
                .iter()
                .any(|&(u, _)| of_text[u as usize] == topic))
            .then_some(topic)
        })
    };
    let mut teachers = vec![0u32; n_topics];
    for &a in juniors.iter() {
        for topic in topics(a) {
            teachers[topic as usize] += 1;
        }
    }
    let mut most_taught: Vec<u32> = (0..n_topics as u32)
        .filter(|&t| teachers[t as usize] > 0)
        .collect();
    most_taught.sort_unstable_by_key(|&t| (std::cmp::Reverse(teachers[t as usize]), t));
    most_taught.truncate(GROUPING_TOPICS);
    let mut bit = vec![0u64; n_topics];
    for (rank, &t) in most_taught.iter().enumerate() {
        bit[t as usize] = 1 << (GROUPING_TOPICS - 1 - rank);
    }
    let mut group = vec![0u64; raw.len()];
    for &a in juniors.iter() {
        group[a] = topics(a).fold(0, |g, topic| g | bit[topic as usize]);
    }
    let by_id = juniors.to_vec();
    // Stable: each group stays in id order.
    juniors.par_sort_by_key(|&a| std::cmp::Reverse(group[a]));
    let mut index = vec![0u32; raw.len()];
    for (j, &a) in juniors.iter().enumerate() {
        index[a] = j as u32;
    }
    by_id.iter().map(|&a| index[a]).collect()
}

/// Each junior's place in id order, from their indices in id order.
fn id_ranks(by_id: &[u32]) -> Vec<u32> {
    let mut rank = vec![0u32; by_id.len()];
    for (k, &j) in by_id.iter().enumerate() {
        rank[j as usize] = k as u32;
    }
    rank
}

/// The placeholder answers read as blank, counted per attribute and word.
fn placeholders(raw: &[RawPerson], header: &Header) -> Vec<Placeholders> {
    let mut counts = vec![vec![0usize; header.missing.len()]; header.diversity.len()];
    for p in raw {
        for &(k, w) in &p.placeholders {
            counts[k][w] += 1;
        }
    }
    header
        .diversity
        .iter()
        .zip(counts)
        .filter(|(_, c)| c.iter().any(|&n| n > 0))
        .map(|((column, _), c)| Placeholders {
            column: column.clone(),
            words: header
                .missing
                .iter()
                .zip(c)
                .filter(|(_, n)| *n > 0)
                .map(|((_, word), n)| (word.clone(), n))
                .collect(),
        })
        .collect()
}

/// Duplicate ids are errors, naming both lines. Ids are compared as
/// people read them: two that differ only in invisible characters, in how
/// an accent is typed (Unicode normal forms) or in case are one id.
fn duplicate_ids(
    source: &str,
    raw: &[RawPerson],
    keys: &[Cow<str>],
    header: &Header,
    problems: &mut Problems,
) {
    let folded: Vec<Cow<str>> = keys.par_iter().map(|key| id_fold(key)).collect();
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(raw.len());
    let id_col = header.index(Column::Id).expect("header checked");
    for (at, person) in raw.iter().enumerate() {
        if keys[at].is_empty() {
            continue;
        }
        match first.get(folded[at].as_ref()) {
            None => {
                first.insert(&folded[at], at);
            }
            Some(&earlier) => {
                let (other, line) = (&raw[earlier].id, raw[earlier].line);
                let message = if *other == person.id {
                    format!(
                        "id \"{}\" is already used on line {line}; ids must be unique{}",
                        shown(&person.id),
                        if scientific(&person.id) {
                            " (this one is a number as Excel shows a long number, 1.23457E+11 for 123456789012, and its digits are lost: export the roster again with the id column formatted as text)"
                        } else {
                            ""
                        }
                    )
                } else if keys[earlier] == keys[at] {
                    format!(
                        "id \"{}\" is the id \"{}\" of line {line} written with other invisible characters or another form of an accent, so they read the same; ids must be unique",
                        shown(&person.id),
                        shown(other)
                    )
                } else {
                    format!(
                        "id \"{}\" differs from the id \"{}\" of line {line} only in case, so rmatch cannot tell them apart; ids must be unique whatever their case",
                        shown(&person.id),
                        shown(other)
                    )
                };
                problems.error(
                    loc(
                        source,
                        Some(person.line),
                        Some((id_col + 1, &header.labels[id_col])),
                    ),
                    message,
                );
            }
        }
    }
}

/// Whether an id is a number in Excel's scientific notation (`1.23457E+11`):
/// what a long numeric id becomes when a CSV file passes through Excel.
fn scientific(id: &str) -> bool {
    let Some((mantissa, exponent)) = id.trim().split_once(['E', 'e']) else {
        return false;
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    digits(whole) && digits(fraction) && exponent.strip_prefix('+').is_some_and(digits)
}

/// The interned texts of a roster.
struct Vocabulary {
    /// Display text by id: public values, then one "(private)" per private value.
    vocab: Vec<String>,
    /// The id of each of the roster's [`Texts`] (private values by their
    /// own ids; `u32::MAX` for a text only rows with errors held).
    of_text: Vec<u32>,
    /// Per column, the values it spells differently from `vocab`.
    spelled: BTreeMap<String, BTreeMap<u32, String>>,
}

/// The column family a value is shown in: topics (skills and wants),
/// interests, languages, or an attribute column by name.
pub(super) const TOPICS: &str = "skills";
pub(super) const INTERESTS: &str = "interests";
pub(super) const LANGUAGES: &str = "languages";

/// The fewest people [`vocabulary`] counts the texts of on one thread at
/// a time.
const VOCABULARY_LEAST_BLOCK: usize = 16_384;

/// Interns every topic, interest, language and attribute value, from the
/// roster's [`Texts`] (each distinct text normalised once). Ids follow
/// the sorted normalised text, so they do not depend on row order; topics
/// and interests are first mapped through the aliases. Each value is shown
/// in its most common spelling (ties: the first seen, people read in id
/// order, so not the row order either), and where a column spells it
/// differently most often, in that column's own spelling.
fn vocabulary(
    raw: &[RawPerson],
    order: &[usize],
    texts: &Texts,
    header: &Header,
    private: &[bool],
    rule_private: &[bool],
) -> Vocabulary {
    // Columns by index, as the texts' kinds: topics, interests, languages,
    // then the attributes.
    let mut columns: Vec<&str> = vec![TOPICS, INTERESTS, LANGUAGES];
    columns.extend(
        header
            .diversity
            .iter()
            .chain(&header.rule_columns)
            .map(|(n, _)| n.as_str()),
    );
    let attribute_private: Vec<bool> = private.iter().chain(rule_private).copied().collect();
    let is_private = |column: usize| {
        column >= kind::FIRST_ATTRIBUTE && attribute_private[column - kind::FIRST_ATTRIBUTE]
    };
    // Each text as written (one per column, see [`Texts`]), counted once
    // per time it appears, in the order first seen: counted a block of
    // people at a time side by side, each block's texts in the order it
    // first saw them, then the blocks put together in order (one thread
    // took 0.1 s at 300,000 people). Each block counts every text, so
    // there are few blocks, not many small ones.
    let block = order
        .len()
        .div_ceil(2 * rayon::current_num_threads())
        .max(VOCABULARY_LEAST_BLOCK);
    let blocks: Vec<(Vec<usize>, Vec<u32>)> = order
        .par_chunks(block)
        .map(|block| {
            let mut times = vec![0usize; texts.len()];
            let mut first_seen: Vec<u32> = Vec::new();
            let mut see = |t: u32| {
                let n = &mut times[t as usize];
                if *n == 0 {
                    first_seen.push(t);
                }
                *n += 1;
            };
            for &i in block {
                let p = &raw[i];
                for &(t, _) in p.skills.iter().chain(&p.wants) {
                    see(t);
                }
                for &t in p.interests.iter().chain(&p.languages) {
                    see(t);
                }
                for t in p.attributes.iter().chain(&p.rule_attributes).flatten() {
                    see(*t);
                }
            }
            (times, first_seen)
        })
        .collect();
    let mut times = vec![0usize; texts.len()];
    let mut first_seen: Vec<u32> = Vec::new();
    for (block_times, block_first_seen) in blocks {
        for t in block_first_seen {
            if times[t as usize] == 0 {
                first_seen.push(t);
            }
        }
        for (n, more) in times.iter_mut().zip(block_times) {
            *n += more;
        }
    }
    // Each text's key (normalised, topics and interests through the
    // aliases) and its spelling (spaces normalised), side by side, in the
    // order first seen.
    let keyed: Vec<Keyed> = first_seen
        .par_iter()
        .map(|&t| {
            let (column, text) = texts.get(t);
            if is_private(column) {
                return Keyed {
                    t,
                    column,
                    private: true,
                    key: normalize(text),
                    spelling: String::new(),
                };
            }
            Keyed {
                t,
                column,
                private: false,
                key: if column < kind::LANGUAGES {
                    header.topic_key(text)
                } else {
                    normalize(text)
                },
                spelling: normalize_spaces(text),
            }
        })
        .collect();
    // The public texts by key (ids follow the sorted keys), each key's in
    // the order first seen, so that its spellings are counted as if each
    // time were added in turn. (A map from each key to its spellings cost
    // 5 s at 1.2 million distinct texts, most of it allocating and freeing
    // their copies.)
    let mut public: Vec<usize> = (0..keyed.len()).filter(|&i| !keyed[i].private).collect();
    public.par_sort_unstable_by(|&a, &b| keyed[a].key.cmp(&keyed[b].key).then(a.cmp(&b)));
    let mut vocab: Vec<String> = Vec::new();
    let mut of_text = vec![u32::MAX; texts.len()];
    let mut spelled: BTreeMap<String, BTreeMap<u32, String>> = BTreeMap::new();
    let mut in_group: Vec<usize> = Vec::new();
    for group in public.chunk_by(|&a, &b| keyed[a].key == keyed[b].key) {
        let id = vocab.len() as u32;
        let spellings = |column: Option<usize>| {
            group
                .iter()
                .map(|&i| &keyed[i])
                .filter(move |k| column.is_none_or(|c| k.column == c))
                .map(|k| (k.spelling.as_str(), times[k.t as usize]))
        };
        let best = most_common(spellings(None));
        in_group.clear();
        in_group.extend(group.iter().map(|&i| keyed[i].column));
        in_group.sort_unstable();
        in_group.dedup();
        for &column in &in_group {
            let own = most_common(spellings(Some(column)));
            if own != best {
                spelled
                    .entry(columns[column].to_string())
                    .or_default()
                    .insert(id, own.to_string());
            }
        }
        for &i in group {
            of_text[keyed[i].t as usize] = id;
        }
        vocab.push(best.to_string());
    }
    // Private attribute values stay out of the spellings: they get ids of
    // their own after the public ones (by their sorted keys) that read
    // "(private)", so no spelling of theirs can be shown.
    let mut secret: Vec<&str> = keyed
        .iter()
        .filter(|k| k.private)
        .map(|k| k.key.as_str())
        .collect();
    secret.par_sort_unstable();
    secret.dedup();
    for k in keyed.iter().filter(|k| k.private) {
        let rank = secret
            .binary_search(&k.key.as_str())
            .expect("every key is listed");
        of_text[k.t as usize] = (vocab.len() + rank) as u32;
    }
    vocab.resize(vocab.len() + secret.len(), PRIVATE_TEXT.to_string());
    Vocabulary {
        vocab,
        of_text,
        spelled,
    }
}

/// One text of a roster as [`vocabulary`] sees it.
struct Keyed {
    /// The text's id in [`Texts`], and its column family.
    t: u32,
    column: usize,
    /// Whether it is a private attribute value.
    private: bool,
    /// What identifies its value (see [`vocabulary`]).
    key: String,
    /// How it is written, spaces normalised (empty for a private value).
    spelling: String,
}

/// The most common of `spellings` (each with how many times it was seen,
/// a spelling possibly more than once), in the order first seen; of
/// equally common ones, the first seen.
fn most_common<'a>(spellings: impl Iterator<Item = (&'a str, usize)>) -> &'a str {
    let mut counted: Vec<(&str, usize)> = Vec::new();
    for (spelling, times) in spellings {
        match counted.iter_mut().find(|(s, _)| *s == spelling) {
            Some((_, n)) => *n += times,
            None => counted.push((spelling, times)),
        }
    }
    let mut best = counted[0];
    for &c in &counted[1..] {
        if c.1 > best.1 {
            best = c;
        }
    }
    best.0
}

pub(super) fn normalize_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the management forest for cycles and numbers it so that "a is
/// above b" is two comparisons.
pub(super) fn management_order(
    source: &str,
    people: &[Person],
    header: &Header,
    problems: &mut Problems,
) -> (Vec<u32>, Vec<u32>) {
    let n = people.len();
    let manager_col = header
        .index(Column::Manager)
        .map(|i| (i + 1, header.labels[i].as_str()));
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; n];
    let mut in_cycle = vec![false; n];
    for start in 0..n {
        let mut walk: Vec<usize> = Vec::new();
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&w| w == at).expect("on the walk");
                    let cycle: &[usize] = &walk[from..];
                    let mut ids: Vec<&str> = cycle.iter().map(|&c| people[c].id.as_str()).collect();
                    ids.push(&people[at].id);
                    let first = cycle
                        .iter()
                        .copied()
                        .min_by_key(|&c| people[c].line)
                        .expect("non-empty");
                    let message = if cycle.len() == 1 {
                        format!(
                            "{} is listed as their own manager; fix the manager column",
                            shown(&people[at].id)
                        )
                    } else {
                        format!(
                            "the management chain loops: {} (each is the manager of the one before); fix the manager column of one of them",
                            shown_list(ids.iter().copied(), " -> ")
                        )
                    };
                    problems.error(loc(source, Some(people[first].line), manager_col), message);
                    for &c in cycle {
                        in_cycle[c] = true;
                    }
                    break;
                }
                _ => {
                    state[at] = 1;
                    walk.push(at);
                    match people[at].manager {
                        Some(m) => at = m,
                        None => break,
                    }
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in people.iter().enumerate() {
        match p.manager {
            Some(m) if !in_cycle[i] => children[m].push(i),
            _ => roots.push(i),
        }
    }
    let mut enter = vec![0u32; n];
    let mut leave = vec![0u32; n];
    let mut clock = 0u32;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        stack.push((root, 0));
        enter[root] = clock;
        clock += 1;
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&child) = children[*node].get(*next) {
                *next += 1;
                enter[child] = clock;
                clock += 1;
                stack.push((child, 0));
            } else {
                leave[*node] = clock;
                clock += 1;
                stack.pop();
            }
        }
    }
    (enter, leave)
}

#[cfg(test)]
mod tests {
    use crate::error::Error;
    use crate::roster::{parse, ReadOptions, Roster};

    fn roster(text: &str) -> crate::error::Result<Roster> {
        parse("r.csv", text.as_bytes(), &ReadOptions::default())
    }

    /// The name key folds as `normalize` does: texts of one normal form
    /// share a key, ASCII or not, and a few that differ do not.
    #[test]
    fn name_keys_agree_with_the_normal_form() {
        use super::name_key;
        use super::normalize;
        let same = [
            ["Ann Lee", "  ann   LEE ", "ANN\tLee\u{b}"],
            ["José Díaz", "jose\u{301} DÍAZ", " José  díaz"],
            ["a", "A", " a "],
        ];
        for texts in same {
            for text in texts {
                assert_eq!(normalize(text), normalize(texts[0]), "{text:?}");
                assert_eq!(name_key(text), name_key(texts[0]), "{text:?}");
            }
        }
        for (a, b) in [
            ("Ann Lee", "AnnLee"),
            ("Ann Lee", "Ann Le"),
            ("ab", "ba"),
            ("", "a"),
        ] {
            assert_ne!(name_key(a), name_key(b), "{a:?} {b:?}");
        }
        assert_eq!(name_key(""), name_key("   "));
    }

    /// Names written "Last, First" or with full stops read as the same
    /// name written "First Last", and the key taken without building that
    /// form agrees with the form, ASCII or not.
    #[test]
    fn names_in_order_and_their_keys() {
        use super::{in_order_key, name_in_order, name_key};
        let same = [
            &[
                "Amy Dunn",
                "Dunn, Amy",
                " dunn ,amy ",
                "Dunn,Amy",
                "AMY\tDUNN",
            ][..],
            &[
                "Brandon R. LeBlanc",
                "LeBlanc, Brandon  R",
                "leblanc, brandon r.",
            ],
            &["José Díaz", "Díaz, Jose\u{301}", "DÍAZ,JOSÉ"],
            &["Smith, John, Jr.", "smith, john, jr"],
            &["Dunn,", "DUNN,"],
            &[", Amy", ",  AMY"],
        ];
        for texts in same {
            for text in texts {
                assert_eq!(name_in_order(text), name_in_order(texts[0]), "{text:?}");
                assert_eq!(
                    in_order_key(text),
                    name_key(&name_in_order(text)),
                    "{text:?}"
                );
                assert_eq!(in_order_key(text), in_order_key(texts[0]), "{text:?}");
            }
        }
        assert_eq!(name_in_order("Dunn, Amy"), "amy dunn");
        assert_eq!(name_in_order("Smith, John, Jr."), "smith, john, jr");
        for (a, b) in [
            ("Amy Dunn", "Dunn Amy"),
            ("Smith, John, Jr.", "John Smith Jr."),
            ("Dunn,", "Dunn"),
            ("A.B", "AB"),
        ] {
            assert_ne!(name_in_order(a), name_in_order(b), "{a:?} {b:?}");
            assert_ne!(in_order_key(a), in_order_key(b), "{a:?} {b:?}");
        }
    }

    fn errors(text: &str) -> Vec<String> {
        match roster(text) {
            Err(Error::Data(errors)) => errors.iter().map(ToString::to_string).collect(),
            other => panic!("expected data errors, got {other:?}"),
        }
    }

    /// A row with an error is left out, and so is every text only it
    /// held (a topic, an interest, a language, a private value): the other
    /// rows' errors are still all reported, and with the row mended the
    /// same texts get ids like any other.
    #[test]
    fn texts_only_a_rejected_row_holds_stay_out() {
        let rows = |level: &str| {
            format!(
                "id,role,skills,wants,interests,languages,gender\n\
                 S1,senior,,ai,jazz,English,f\n\
                 J1,junior,ai:4,,,English,m\n\
                 J2,junior,quantum knitting:{level},,origami,Klingon,x\n\
                 J3,junior,ai:7,,,,\n"
            )
        };
        let options = ReadOptions {
            private: vec!["gender".to_string()],
            ..ReadOptions::default()
        };
        let read = |text: &str| parse("r.csv", text.as_bytes(), &options);
        match read(&rows("9")) {
            Err(Error::Data(errors)) => {
                let lines: Vec<Option<u64>> = errors.iter().map(|e| e.location.line).collect();
                assert_eq!(lines, [Some(4), Some(5)], "{errors:?}");
            }
            other => panic!("expected data errors, got {other:?}"),
        }
        let mended = read(&rows("2").replace("ai:7", "ai:3")).unwrap();
        assert_eq!(
            mended.vocab[..5],
            ["ai", "English", "jazz", "Klingon", "origami"].map(String::from)
        );
        assert!(mended.vocab.iter().any(|v| v == "quantum knitting"));
        // The three genders: private values, each with an id of its own.
        let private = mended
            .vocab
            .iter()
            .filter(|v| *v == super::PRIVATE_TEXT)
            .count();
        assert_eq!(private, 3);
    }

    /// From [`super::GROUPED_FROM`] juniors on, the juniors are grouped by
    /// the topics they teach, the most taught first (and each group by
    /// id), whatever the order of the rows; every junior is still found by
    /// id and listed by id.
    #[test]
    fn a_large_rosters_juniors_are_grouped_by_what_they_teach_and_found_by_id() {
        use crate::roster::Role;
        let n = super::GROUPED_FROM;
        // Every junior teaches ai; every third also python, written in
        // another case half the time (one topic); every fifth also go.
        let skills = |k: usize| {
            let mut s = String::from("ai:3");
            if k.is_multiple_of(3) {
                s.push_str(if k.is_multiple_of(2) {
                    ";python:4"
                } else {
                    ";Python:4"
                });
            }
            if k.is_multiple_of(5) {
                s.push_str(";go:2");
            }
            s
        };
        let rows: Vec<String> = (0..n)
            .map(|k| format!("J{k:06},junior,{},", skills(k)))
            .chain(["S1,senior,,ai".to_string()])
            .collect();
        let text = |rows: &[String]| format!("id,role,skills,wants\n{}\n", rows.join("\n"));
        let r = roster(&text(&rows)).unwrap();
        let reversed: Vec<String> = rows.iter().rev().cloned().collect();
        let again = roster(&text(&reversed)).unwrap();
        let ids = |r: &Roster| r.people.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&r), ids(&again), "the order of the rows shows");
        // ai (all), then python (a third), then go (a fifth): ai and
        // python and go first, then ai and python, ai and go, ai alone.
        let group = |k: usize| (!k.is_multiple_of(3), !k.is_multiple_of(5));
        let mut expected: Vec<usize> = (0..n).collect();
        expected.sort_by_key(|&k| (group(k), k));
        let juniors: Vec<&str> = r.juniors().iter().map(|p| p.id.as_str()).collect();
        let expected_ids: Vec<String> = expected.iter().map(|k| format!("J{k:06}")).collect();
        assert_eq!(juniors, expected_ids);
        assert_ne!(juniors[..3], ["J000000", "J000001", "J000002"]);
        let by_id: Vec<&str> = r
            .in_id_order(Role::Junior)
            .map(|j| r.junior(j).id.as_str())
            .collect();
        let sorted: Vec<String> = (0..n).map(|k| format!("J{k:06}")).collect();
        assert_eq!(by_id, sorted);
        for (k, j) in r.in_id_order(Role::Junior).enumerate() {
            assert_eq!(r.id_rank(Role::Junior, j), k);
            assert_eq!(r.find_junior(&format!("J{k:06}")), Some(j));
            assert_eq!(r.find_junior(&format!("j{k:06}")), Some(j), "ignoring case");
        }
        assert_eq!(r.find_senior("S1"), Some(0));
        // One junior fewer: in id order, as before.
        let fewer = roster(&text(&rows[1..])).unwrap();
        let juniors: Vec<&str> = fewer.juniors().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(juniors, sorted[1..]);
        assert_eq!(fewer.by_id(Role::Junior, 5), 5);
    }

    #[test]
    fn people_are_sorted_and_values_show_their_most_common_spelling() {
        let r = roster(
            "id,role,skills,wants,interests\n\
             J2,junior,Gen  AI:4,,Jazz\n\
             S1,senior,,gen ai,jazz\n\
             J1,junior,gen ai:2,,\n",
        )
        .unwrap();
        let ids: Vec<&str> = r.people.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["S1", "J1", "J2"]);
        assert_eq!(r.n_seniors, 1);
        // "gen ai" twice beats "Gen  AI" once; "jazz" and "Jazz" tie and
        // the first seen, reading people in id order, wins (S1's).
        assert_eq!(r.vocab, ["gen ai", "jazz"]);
        assert_eq!(r.junior(1).level(0), 4);
    }

    #[test]
    fn spellings_are_counted_across_the_blocks_a_large_roster_is_read_in() {
        // 40,000 people are counted in blocks of 16,384 or more, read in
        // id order: "rust" once in the first block, "Rust" twice in the
        // second, "RUST" twice in the third. "Rust" and "RUST" tie, and
        // the one seen first wins, whatever the order of the rows.
        let n = 40_000;
        let skill = |k: usize| match k {
            100 => "rust:3",
            20_000 | 20_001 => "Rust:3",
            35_000 | 35_001 => "RUST:3",
            _ => "ai:3",
        };
        let rows: Vec<String> = (0..n)
            .map(|k| format!("J{k:06},junior,{},", skill(k)))
            .chain(["S1,senior,,ai".to_string()])
            .collect();
        let text = |rows: &[String]| format!("id,role,skills,wants\n{}\n", rows.join("\n"));
        let reversed: Vec<String> = rows.iter().rev().cloned().collect();
        for text in [text(&rows), text(&reversed)] {
            let r = roster(&text).unwrap();
            assert_eq!(r.vocab, ["ai", "Rust"]);
        }
    }

    #[test]
    fn a_spelling_written_with_different_spaces_counts_as_one() {
        // "Gen AI" three times, with one, two or three spaces, beats
        // "gen ai" twice although "gen ai" is seen first and each way of
        // writing "Gen AI" appears once.
        let r = roster(
            "id,role,skills,wants\n\
             S1,senior,,gen ai\n\
             S2,senior,,gen ai\n\
             J1,junior,Gen  AI:4,\n\
             J2,junior,Gen   AI:4,\n\
             J3,junior,Gen AI:4,\n",
        )
        .unwrap();
        assert_eq!(r.vocab, ["Gen AI"]);
        // And the same text written twice beats one seen first.
        let r = roster(
            "id,role,skills,wants\n\
             S1,senior,,Gen AI\n\
             S2,senior,,gen ai\n\
             J1,junior,gen ai:4,\n",
        )
        .unwrap();
        assert_eq!(r.vocab, ["gen ai"]);
    }

    #[test]
    fn each_column_shows_its_own_spelling() {
        // The department is "Sales" for three people; one skill is SALES.
        // "UX RESEARCH" once does not beat "ux research" twice.
        let r = roster(
            "id,role,department,skills,wants\n\
             S1,senior,Sales,,ux research\n\
             S2,senior,Sales,,ux research\n\
             J1,junior,Sales,SALES:4;UX RESEARCH,\n\
             J2,junior,Marketing,SALES:4,\n",
        )
        .unwrap();
        let sales = r.people[0].attributes[0].unwrap();
        assert_eq!(r.text_in("department", sales), "Sales");
        assert_eq!(r.topic(sales), "SALES");
        let ux = r.people[0].wants[0].id;
        assert_eq!(r.topic(ux), "ux research");
        // The same roster in another row order shows the same spellings.
        let r2 = roster(
            "id,role,department,skills,wants\n\
             J2,junior,Marketing,SALES:4,\n\
             J1,junior,Sales,SALES:4;UX RESEARCH,\n\
             S2,senior,Sales,,ux research\n\
             S1,senior,Sales,,ux research\n",
        )
        .unwrap();
        assert_eq!(r.vocab, r2.vocab);
        assert_eq!(r.spelled, r2.spelled);
    }

    #[test]
    fn aliases_make_two_spellings_one_topic_shown_in_the_rosters_words() {
        let options = ReadOptions {
            aliases: vec![
                ("JS".into(), "JavaScript".into()),
                ("Node.js".into(), "NodeJS".into()),
                ("gen ai".into(), "Generative AI".into()),
            ],
            ..ReadOptions::default()
        };
        let r = parse(
            "r.csv",
            b"id,role,skills,wants,interests\nS1,senior,,JS;Node.js,Gen AI\nJ1,junior,JavaScript:4;NodeJS,,generative ai\n",
            &options,
        )
        .unwrap();
        let (s, j) = (r.senior(0), r.junior(0));
        assert_eq!(s.wants.len(), 2);
        for want in &s.wants {
            assert!(j.level(want.id) > 0, "{}", r.topic(want.id));
        }
        assert_eq!(s.interests, j.interests);
        // Shown in a spelling from the roster, never the alias file's own.
        let shown: Vec<&str> = s.wants.iter().map(|t| r.topic(t.id)).collect();
        assert_eq!(shown, ["JS", "Node.js"]);
    }

    #[test]
    fn exclusions_apply_both_ways_and_unknown_ids_are_warned() {
        let r = roster("id,role,exclude\nS1,senior,J1;J9\nJ1,junior,\nJ2,junior,S1\n").unwrap();
        assert_eq!(r.senior(0).exclude, [1, 2]);
        assert_eq!(r.junior(0).exclude, [0]);
        assert_eq!(r.warnings.len(), 1);
        assert!(r.warnings[0]
            .message
            .starts_with("excluded id \"J9\" is not in the roster"));
    }

    #[test]
    fn duplicate_ids_and_management_loops_are_errors() {
        assert_eq!(
            errors("id,role\nS1,senior\nS1,senior\n"),
            ["r.csv, line 3, column 1 (id): id \"S1\" is already used on line 2; ids must be unique"]
        );
        let loops =
            errors("id,role,manager\nS1,senior,S2\nS2,senior,J1\nJ1,junior,S1\nJ2,junior,J2\n");
        assert_eq!(loops.len(), 2, "{loops:?}");
        assert!(
            loops
                .iter()
                .any(|e| e.contains("the management chain loops: S1 -> S2 -> J1 -> S1")),
            "{loops:?}"
        );
        assert!(
            loops
                .iter()
                .any(|e| e.contains("J2 is listed as their own manager")),
            "{loops:?}"
        );
    }

    #[test]
    fn the_management_forest_answers_chain_questions() {
        // S1 manages S2, who manages J1; J2 reports to someone outside.
        let r = roster("id,role,manager\nS1,senior,\nS2,senior,S1\nJ1,junior,S2\nJ2,junior,X9\n")
            .unwrap();
        let (s1, s2, j1, j2) = (0, 1, 2, 3);
        assert!(r.in_chain(s1, j1) && r.in_chain(j1, s1), "two levels up");
        assert!(r.in_chain(s2, j1));
        assert!(!r.in_chain(s1, j2) && !r.in_chain(j1, j2));
        assert_eq!(r.warnings.len(), 1, "the outside manager is summarised");
    }
}
