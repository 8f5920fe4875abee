//! The `prefers` column: the people of the other side a person would like
//! to be paired with, in order (first = most wanted), each written as an id
//! or as an exact name. Resolved once the whole roster is read, so a
//! preference may name someone on a later line.
//!
//! An entry is an id (compared as ids are, see [`crate::text::id_key`];
//! ignoring case as a last resort, with a warning), else a name of someone
//! on the other side (compared as attribute values are: case and inner
//! spaces aside), else such a name written another way (`Sandra Martin`
//! for `Martin, Sandra`, as [`name_in_order`] reads both; with one warning
//! for all of them, as for managers). Unknown entries, ambiguous names, people of the same side,
//! oneself and the same person twice are errors naming the line and column.

use std::collections::HashMap;

use super::header::Header;
use super::people::{name_in_order, normalize, Person};
use super::problems::{loc, shown, shown_list, Problems};
use super::row::RawPerson;
use crate::error::Diagnostic;
use crate::text::{id_fold, id_key};

/// Resolves every person's `prefers` entries into `people[..].prefers`.
/// `order[new] = old`: `people[new]` came from `raw[order[new]]`.
pub(super) fn resolve(
    source: &str,
    raw: &[RawPerson],
    order: &[usize],
    header: &Header,
    people: &mut [Person],
    out: &mut Problems,
) {
    if raw.iter().all(|p| p.prefers.is_empty()) {
        return;
    }
    // Collected here, then handed on in line order.
    let mut problems = Problems::new();
    // Names in order ("sandra martin" for "Martin, Sandra"), built on the
    // first entry that is neither an id nor a name as written.
    let mut by_name_in_order: Option<HashMap<String, Vec<usize>>> = None;
    // The entries taken as a name written another way: (line, column,
    // entry, person), for one warning.
    let mut otherwise: Vec<(u64, usize, &str, usize)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::with_capacity(people.len());
    let mut by_fold: HashMap<String, usize> = HashMap::with_capacity(people.len());
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, p) in people.iter().enumerate() {
        let key = id_key(&p.id).into_owned();
        by_fold.entry(id_fold(&key).into_owned()).or_insert(i);
        by_key.entry(key).or_insert(i);
        if p.name != p.id {
            by_name.entry(normalize(&p.name)).or_default().push(i);
        }
    }
    for (new, &old) in order.iter().enumerate() {
        let entries = &raw[old].prefers;
        if entries.is_empty() {
            continue;
        }
        let me = &people[new];
        let (line, role) = (me.line, me.role);
        let mut list: Vec<usize> = Vec::with_capacity(entries.len());
        let mut first_at: HashMap<usize, usize> = HashMap::new();
        for (rank, (text, column)) in entries.iter().enumerate() {
            let at = loc(
                source,
                Some(line),
                Some((column + 1, &header.labels[*column])),
            );
            let key = id_key(text);
            let names: &[usize] = by_name.get(&normalize(text)).map_or(&[], Vec::as_slice);
            let other_side: Vec<usize> = names
                .iter()
                .copied()
                .filter(|&i| people[i].role != role)
                .collect();
            let found = if let Some(&i) = by_key.get(key.as_ref()) {
                Some(i)
            } else if other_side.len() == 1 {
                Some(other_side[0])
            } else if other_side.len() > 1 {
                problems.error(
                    at,
                    format!(
                        "preferred \"{}\" is the name of {} people ({}); write the id of the one meant instead",
                        shown(text),
                        other_side.len(),
                        shown_list(other_side.iter().map(|&i| people[i].id.as_str()), ", ")
                    ),
                );
                continue;
            } else if let Some(&i) = by_fold.get(id_fold(&key).as_ref()) {
                problems.warnings.push(Diagnostic {
                    location: at.clone(),
                    message: format!(
                        "preferred \"{}\" matches the id \"{}\" only ignoring case; it is taken as {}: write it as the id column does",
                        shown(text),
                        shown(&people[i].id),
                        shown(&people[i].id)
                    ),
                });
                Some(i)
            } else if let Some(i) = {
                let index = by_name_in_order.get_or_insert_with(|| {
                    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
                    for (i, p) in people.iter().enumerate() {
                        if p.name != p.id {
                            index.entry(name_in_order(&p.name)).or_default().push(i);
                        }
                    }
                    index
                });
                let rewritten: Vec<usize> = index
                    .get(&name_in_order(text))
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .copied()
                    .filter(|&i| people[i].role != role)
                    .collect();
                match rewritten.as_slice() {
                    &[i] => Some(i),
                    [] => None,
                    several => {
                        problems.error(
                            at,
                            format!(
                                "preferred \"{}\" is the name of {} people written another way ({}); write the id of the one meant instead",
                                shown(text),
                                several.len(),
                                shown_list(several.iter().map(|&i| people[i].id.as_str()), ", ")
                            ),
                        );
                        continue;
                    }
                }
            } {
                otherwise.push((line, *column, text.as_str(), i));
                Some(i)
            } else {
                names.first().copied()
            };
            let Some(i) = found else {
                problems.error(
                    at,
                    format!(
                        "preferred \"{}\" is neither an id nor a name in the roster; write the id of someone on the {} side, or remove it",
                        shown(text),
                        role.other()
                    ),
                );
                continue;
            };
            if i == new {
                problems.error(
                    at,
                    format!(
                        "{} lists themself in prefers; list only people on the {} side",
                        shown(&me.id),
                        role.other()
                    ),
                );
            } else if people[i].role == role {
                problems.error(
                    at,
                    format!(
                        "preferred \"{}\" is {} {}, on the same side as {}; a preference may name only someone on the {} side",
                        shown(text),
                        if role == super::people::Role::Senior { "a senior," } else { "a junior," },
                        shown(&people[i].id),
                        shown(&me.id),
                        role.other()
                    ),
                );
            } else if let Some(&earlier) = first_at.get(&i) {
                problems.error(
                    at,
                    format!(
                        "{} is listed twice in prefers (choices {} and {}); list each person once, most wanted first",
                        shown(&people[i].id),
                        earlier + 1,
                        rank + 1
                    ),
                );
            } else {
                first_at.insert(i, rank);
                list.push(i);
            }
        }
        people[new].prefers = list;
    }
    if let Some(&(line, column, text, i)) = otherwise.iter().min_by_key(|(line, ..)| *line) {
        let person = &people[i];
        let is = format!(
            "{}, whose name is written \"{}\"",
            shown(&person.id),
            shown(&person.name)
        );
        let message = match otherwise.len() {
            1 => format!(
                "preferred \"{}\" is not an id but the name of {is}; it is taken as {}: write the id, as the id column does",
                shown(text),
                shown(&person.id)
            ),
            n => format!(
                "{n} prefers entries are not ids but names of people in the roster written another way (from this line on; \"{}\" is {is}); each is taken as that person: write ids, as the id column does",
                shown(text)
            ),
        };
        problems.warnings.push(Diagnostic {
            location: loc(
                source,
                Some(line),
                Some((column + 1, &header.labels[column])),
            ),
            message,
        });
    }
    problems.errors.sort_by_key(|d| d.location.line);
    problems.warnings.sort_by_key(|d| d.location.line);
    out.warnings.extend(problems.warnings);
    for d in problems.errors {
        out.error(d.location, d.message);
    }
}

#[cfg(test)]
mod tests {
    use crate::roster::{parse, ReadOptions};

    fn read(text: &str) -> crate::error::Result<crate::roster::Roster> {
        parse("r.csv", text.as_bytes(), &ReadOptions::default())
    }

    fn message(text: &str) -> String {
        read(text).unwrap_err().to_string()
    }

    #[test]
    fn ids_and_names_resolve_in_order() {
        let r = read(
            "id,role,name,prefers\n\
             S1,senior,Ann Lee,J2;bo  chen\n\
             S2,senior,,\n\
             J1,junior,Bo Chen,S2;Ann Lee\n\
             J2,junior,,\n",
        )
        .unwrap();
        assert!(r.has_prefers);
        // people: S1, S2, J1, J2.
        assert_eq!(r.senior(0).prefers, [3, 2]);
        assert!(r.senior(1).prefers.is_empty());
        assert_eq!(r.junior(0).prefers, [1, 0]);
    }

    #[test]
    fn no_column_no_preferences() {
        let r = read("id,role\nS1,senior\nJ1,junior\n").unwrap();
        assert!(!r.has_prefers);
    }

    #[test]
    fn bad_entries_are_errors_with_line_and_column() {
        let m = message("id,role,prefers\nS1,senior,J9\nJ1,junior,\n");
        assert!(
            m.contains(
                "r.csv, line 2, column 3 (prefers): preferred \"J9\" is neither an id nor a name"
            ),
            "{m}"
        );
        let m = message("id,role,prefers\nS1,senior,S2\nS2,senior,\nJ1,junior,\n");
        assert!(m.contains("is a senior, S2, on the same side as S1"), "{m}");
        let m = message("id,role,prefers\nS1,senior,S1\nJ1,junior,\n");
        assert!(m.contains("S1 lists themself in prefers"), "{m}");
        let m = message("id,role,prefers\nS1,senior,J1;J2;J1\nJ1,junior,\nJ2,junior,\n");
        assert!(
            m.contains("J1 is listed twice in prefers (choices 1 and 3)"),
            "{m}"
        );
        let m = message(
            "id,role,name,prefers\nS1,senior,,Sam Ray\nJ1,junior,Sam Ray,\nJ2,junior,sam ray,\n",
        );
        assert!(
            m.contains("preferred \"Sam Ray\" is the name of 2 people (J1, J2); write the id"),
            "{m}"
        );
    }

    #[test]
    fn a_name_shared_across_sides_is_the_other_sides() {
        let r =
            read("id,role,name,prefers\nS1,senior,Sam Ray,Sam Ray\nJ1,junior,Sam Ray,\n").unwrap();
        assert_eq!(r.senior(0).prefers, [1]);
    }
}
