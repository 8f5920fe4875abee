//! Spellings that may name one topic: `check` suggests them as lines for
//! an aliases file, and never merges them itself.
//!
//! Two topics (or interests) of a roster are suggested as one when their
//! [`fold`]s are equal (case, punctuation, spaces, a `.js`/`js` ending and
//! a plural dropped: `Node.js`, `NodeJS`, `node js`), when they are a
//! common abbreviation and its long form ([`ABBREVIATIONS`]: `JS` and
//! `JavaScript`, `k8s` and `Kubernetes`), or when their folds are long
//! and one or two letters apart (`Kubernetes`, `Kubernets`).

use std::collections::{BTreeMap, BTreeSet};

use super::people::Roster;

/// Common abbreviations and the long forms they stand for (compared as
/// [`fold`] reads both).
pub const ABBREVIATIONS: [(&str, &str); 22] = [
    ("JS", "JavaScript"),
    ("TS", "TypeScript"),
    ("AI", "artificial intelligence"),
    ("ML", "machine learning"),
    ("k8s", "Kubernetes"),
    ("Gen AI", "generative AI"),
    ("LLM", "large language model"),
    ("NLP", "natural language processing"),
    ("UX", "user experience"),
    ("UI", "user interface"),
    ("py", "Python"),
    ("golang", "Go"),
    ("Postgres", "PostgreSQL"),
    ("psql", "PostgreSQL"),
    ("AWS", "Amazon Web Services"),
    ("GCP", "Google Cloud"),
    ("GCP", "Google Cloud Platform"),
    ("CI", "continuous integration"),
    ("SEO", "search engine optimization"),
    ("HR", "human resources"),
    ("PM", "project management"),
    ("CV", "computer vision"),
];

/// A spelling as compared for likely duplicates: lowercase letters and
/// digits only (`+` and `#` kept, so C, C++ and C# stay apart), without a
/// `js` ending after something else (`Node.js`, `NodeJS`) or a plural `s`.
pub fn fold(text: &str) -> String {
    let mut out: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric() || matches!(c, '+' | '#'))
        .collect();
    if out.len() > 3 && out.ends_with("js") {
        out.truncate(out.len() - 2);
    }
    if out.chars().count() > 3 && out.ends_with('s') && !out.ends_with("ss") {
        out.pop();
    }
    out
}

/// Levenshtein distance, stopping early past `limit`.
fn distance(a: &[char], b: &[char], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit {
        return limit + 1;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(current + 1);
            previous = current;
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return limit + 1;
        }
    }
    row[b.len()]
}

/// How far apart two folds may be and still be suggested: 1 letter from
/// 6 letters on, 2 from 10; shorter words must match exactly.
fn allowed_distance(len: usize) -> usize {
    match len {
        0..=5 => 0,
        6..=9 => 1,
        _ => 2,
    }
}

/// Above this many topics the edit-distance comparison (every pair) is
/// left out; equal folds and abbreviations are still found.
const MAX_COMPARED: usize = 5_000;

/// Likely duplicates among the roster's topics and interests (interned
/// ids), each group with the spelling most people use first (ties: the
/// longer, fuller one, then alphabetical), groups in the order of that
/// spelling.
pub fn likely_duplicates(roster: &Roster) -> Vec<Vec<u32>> {
    // How many people use each topic or interest.
    let mut users: BTreeMap<u32, usize> = BTreeMap::new();
    for p in &roster.people {
        let ids = p.skills.iter().chain(&p.wants).map(|t| t.id);
        let ids: BTreeSet<u32> = ids.chain(p.interests.iter().copied()).collect();
        for id in ids {
            *users.entry(id).or_default() += 1;
        }
    }
    let ids: Vec<u32> = users.keys().copied().collect();
    let folds: Vec<String> = ids.iter().map(|&id| fold(roster.topic(id))).collect();
    // Union-find over the ids' positions.
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let join = |parent: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (root(parent, a), root(parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    };
    let mut by_fold: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, f) in folds.iter().enumerate() {
        if f.is_empty() {
            continue;
        }
        match by_fold.get(f.as_str()) {
            Some(&first) => join(&mut parent, first, k),
            None => {
                by_fold.insert(f, k);
            }
        }
    }
    for (short, long) in ABBREVIATIONS {
        let (short, long) = (fold(short), fold(long));
        if let (Some(&a), Some(&b)) = (by_fold.get(short.as_str()), by_fold.get(long.as_str())) {
            join(&mut parent, a, b);
        }
    }
    let distinct: Vec<(&str, usize)> = by_fold.iter().map(|(f, &k)| (*f, k)).collect();
    if distinct.len() <= MAX_COMPARED {
        let chars: Vec<Vec<char>> = distinct.iter().map(|(f, _)| f.chars().collect()).collect();
        for a in 0..distinct.len() {
            for b in a + 1..distinct.len() {
                let limit = allowed_distance(chars[a].len().min(chars[b].len()));
                // Digits tell versions apart (python2, python3): never near.
                if limit == 0 || chars[a].iter().chain(&chars[b]).any(char::is_ascii_digit) {
                    continue;
                }
                if distance(&chars[a], &chars[b], limit) <= limit {
                    join(&mut parent, distinct[a].1, distinct[b].1);
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<u32>> = BTreeMap::new();
    for (k, &id) in ids.iter().enumerate() {
        let r = root(&mut parent, k);
        groups.entry(r).or_default().push(id);
    }
    let mut groups: Vec<Vec<u32>> = groups.into_values().filter(|g| g.len() > 1).collect();
    for group in &mut groups {
        group.sort_by(|&a, &b| {
            let (ta, tb) = (roster.topic(a), roster.topic(b));
            users[&b]
                .cmp(&users[&a])
                .then(tb.chars().count().cmp(&ta.chars().count()))
                .then(ta.cmp(tb))
        });
    }
    groups.sort_by(|a, b| roster.topic(a[0]).cmp(roster.topic(b[0])));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};

    #[test]
    fn folds_drop_case_punctuation_js_and_plurals() {
        for (a, b) in [
            ("Node.js", "NodeJS"),
            ("node js", "Node.js"),
            ("Data Science", "data-science"),
            ("APIs", "API"),
            ("Spreadsheets", "spreadsheet"),
        ] {
            assert_eq!(fold(a), fold(b), "{a} / {b}");
        }
        assert_ne!(fold("C"), fold("C++"));
        assert_ne!(fold("C#"), fold("C++"));
        assert_eq!(fold("JS"), "js");
        assert_eq!(fold("CSS"), "css");
    }

    #[test]
    fn likely_duplicates_are_found_and_the_common_spelling_leads() {
        let r = parse(
            "r.csv",
            b"id,role,skills,wants\n\
              S1,senior,,JS;Node.js;Gen AI;k8s;Kubernets\n\
              S2,senior,,Python 3;Python 2;go\n\
              J1,junior,JavaScript;NodeJS;Generative AI;Kubernetes,\n\
              J2,junior,JavaScript;python,\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let groups: Vec<Vec<&str>> = likely_duplicates(&r)
            .iter()
            .map(|g| g.iter().map(|&id| r.topic(id)).collect())
            .collect();
        assert_eq!(
            groups,
            [
                // Used by one person each: the longer first.
                vec!["Generative AI", "Gen AI"],
                // JavaScript by two people, JS by one.
                vec!["JavaScript", "JS"],
                vec!["Kubernetes", "Kubernets", "k8s"],
                vec!["Node.js", "NodeJS"],
            ]
        );
    }
}
