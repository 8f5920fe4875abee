//! A roster as the rest of rmatch sees it: people with interned topics and
//! attribute values, seniors then juniors, each sorted by id (a large
//! roster's juniors grouped by what they teach first), and the
//! management forest numbered for O(1) chain checks.

use std::fmt;

use super::encoding::Encoding;
use crate::error::Diagnostic;
use crate::text::{id_fold, id_key};

/// Which side of the programme a person is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Mentee: learns from a junior, shares how the business runs.
    Senior,
    /// Mentor: teaches a senior.
    Junior,
}

impl Role {
    /// The other side of the programme.
    pub fn other(self) -> Role {
        match self {
            Role::Senior => Role::Junior,
            Role::Junior => Role::Senior,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Senior => "senior",
            Role::Junior => "junior",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A topic with a level (in `skills`) or a priority (in `wants`), both 1-5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Topic {
    pub id: u32,
    pub level: u8,
    /// Whether the roster gave the level (`ai:4`); when it did not (`ai`),
    /// `level` is [`DEFAULT_LEVEL`] for scoring but is never shown.
    pub stated: bool,
}

/// The level a missing `topic:level` suffix stands for.
pub const DEFAULT_LEVEL: u8 = 3;

/// The largest capacity a person may declare.
pub const MAX_CAPACITY: u32 = 100;

/// The diversity attributes used when `--diversity` is not given.
pub const DEFAULT_DIVERSITY: [&str; 3] = ["department", "location", "generation"];

/// One row of the roster, resolved.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The line of the roster the person came from.
    pub line: u64,
    /// Topics the person can teach, sorted by topic id.
    pub skills: Vec<Topic>,
    /// Learning goals (level = priority), sorted by topic id.
    pub wants: Vec<Topic>,
    /// Interest ids, sorted.
    pub interests: Vec<u32>,
    /// Language ids, sorted.
    pub languages: Vec<u32>,
    /// One value per diversity attribute of the roster (`None` when blank).
    pub attributes: Vec<Option<u32>>,
    pub capacity: u32,
    /// The fewest partners the person must get (`min_capacity`, default
    /// 0), at most `capacity`.
    pub min_capacity: u32,
    /// Index of the direct manager, when the manager is in the roster.
    pub manager: Option<usize>,
    /// Indices of people this person may not be paired with (both ways), sorted.
    pub exclude: Vec<usize>,
    /// Clock offset from UTC in minutes, when given.
    pub utc_offset: Option<i32>,
    /// One value per attribute the programme rules read (`Roster::rule_attribute_names`).
    pub rule_attributes: Vec<Option<u32>>,
    /// One number per numeric attribute the rules read
    /// (`Roster::numeric_attribute_names`), `None` when blank.
    pub numbers: Vec<Option<f64>>,
    /// The text of each kept column (`Roster::kept`), trimmed, as written.
    pub kept: Vec<String>,
    /// `prefers`: people of the other side in order of preference, first
    /// = most wanted (indices into [`Roster::people`]); empty when none.
    pub prefers: Vec<usize>,
}

impl Person {
    /// How the person is named in a sentence: id and name, or the id alone
    /// when the roster gives no name (the name is then the id).
    pub fn label(&self) -> String {
        if self.name == self.id {
            self.id.clone()
        } else {
            format!("{} {}", self.id, self.name)
        }
    }

    /// This person's level in `topic` (0 when they do not list it).
    pub fn level(&self, topic: u32) -> u8 {
        self.skills
            .binary_search_by_key(&topic, |t| t.id)
            .map_or(0, |i| self.skills[i].level)
    }

    /// Whether the roster gave this person's level in `topic` (false when
    /// the topic was listed without one, or not at all).
    pub fn level_stated(&self, topic: u32) -> bool {
        self.skills
            .binary_search_by_key(&topic, |t| t.id)
            .is_ok_and(|i| self.skills[i].stated)
    }
}

/// How a reference found an id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdMatch {
    /// The same id once both are read as people read them (see
    /// [`crate::text::id_key`]).
    Exact,
    /// The same id only ignoring case (`j1` for `J1`): unambiguous, as
    /// roster ids that differ only in case are refused, but worth a warning.
    IgnoringCase,
}

/// A validated roster.
#[derive(Clone, Debug)]
pub struct Roster {
    /// The file name as given (`<stdin>` for `-`), for messages.
    pub source: String,
    /// Seniors sorted by id, then juniors sorted by id (ids compared as
    /// [`crate::text::id_key`] reads them; each keeps its own spelling);
    /// from [`super::GROUPED_FROM`] juniors on, the juniors in
    /// groups by the topics they teach, each group by id (see
    /// [`Roster::in_id_order`] for what is shown by id).
    pub people: Vec<Person>,
    pub n_seniors: usize,
    /// Display text of every interned value (topics, interests, languages,
    /// attribute values), indexed by id. Ids follow the sorted normalised text.
    pub vocab: Vec<String>,
    /// Per column (`skills` for skills and wants, `interests`, `languages`,
    /// attribute columns by name), the values it spells most often other
    /// than `vocab` does.
    pub spelled: std::collections::BTreeMap<String, std::collections::BTreeMap<u32, String>>,
    /// Names of the diversity attribute columns, in the order of `Person::attributes`.
    pub diversity: Vec<String>,
    /// For each diversity attribute, whether it is private (`--private`): its
    /// values count for diversity but are never shown. Their ids point at
    /// vocabulary entries that read [`PRIVATE_TEXT`], never at the values.
    pub private: Vec<bool>,
    /// Names of the attribute columns rules read, in the order of `Person::rule_attributes`.
    pub rule_attribute_names: Vec<String>,
    /// Names of the numeric attribute columns rules read (`--gap`), in the
    /// order of `Person::numbers`.
    pub numeric_attribute_names: Vec<String>,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Placeholder answers (`--missing`) read as blank, per diversity attribute.
    pub placeholders: Vec<Placeholders>,
    /// The columns copied into the outputs (`--keep`), in the order given.
    pub kept: Vec<String>,
    /// Every column's name as rmatch matches it, in file order: the header
    /// cell as read (lowercase, trimmed; blank for a blank header cell), or
    /// rmatch's own name for a column [`ReadOptions::columns`] maps
    /// (`email` for `Work e-mail`).
    pub columns: Vec<String>,
    /// Every header cell as read (lowercase, trimmed; blank for a blank
    /// header cell), in file order: how messages name column `i + 1`,
    /// mapped or not, so that they name what the file says.
    pub headers: Vec<String>,
    /// Whether the `id` column is read as `email` too: the mapping gives
    /// both one header (`--column id=Email --column email=Email`), as for
    /// a sign-up form whose only identifier is the address.
    pub email_in_id: bool,
    /// Whether the roster has a `prefers` column (stated preferences).
    pub has_prefers: bool,
    /// Pre/post order of the management forest, for O(1) chain checks.
    pub(super) enter: Vec<u32>,
    pub(super) leave: Vec<u32>,
    /// Every person's index, sorted by [`crate::text::id_fold`] of the id,
    /// for references that match only ignoring case.
    pub(super) by_fold: Vec<u32>,
    /// Where the juniors are grouped by what they teach (from
    /// [`super::GROUPED_FROM`] juniors on): each junior's index in
    /// id order, and each junior's place in that order. Both empty where
    /// the juniors are in id order.
    pub(super) juniors_by_id: Vec<u32>,
    pub(super) junior_id_rank: Vec<u32>,
}

impl Roster {
    /// The index of the column rmatch reads as `name` (as in
    /// [`Roster::columns`]); `email` is the `id` column when the ids are
    /// the addresses ([`Roster::email_in_id`]).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name).or_else(|| {
            (self.email_in_id && name == super::INTRODUCTION_COLUMNS[0])
                .then(|| self.columns.iter().position(|c| c == "id"))
                .flatten()
        })
    }

    pub fn seniors(&self) -> &[Person] {
        &self.people[..self.n_seniors]
    }

    pub fn juniors(&self) -> &[Person] {
        &self.people[self.n_seniors..]
    }

    pub fn senior(&self, s: usize) -> &Person {
        &self.people[s]
    }

    pub fn junior(&self, j: usize) -> &Person {
        &self.people[self.n_seniors + j]
    }

    pub fn n_juniors(&self) -> usize {
        self.people.len() - self.n_seniors
    }

    /// The `k`-th person of one side by id: seniors are in id order, and so
    /// are juniors unless grouped (see [`Roster::people`]).
    pub fn by_id(&self, role: Role, k: usize) -> usize {
        match role {
            Role::Junior if !self.juniors_by_id.is_empty() => self.juniors_by_id[k] as usize,
            _ => k,
        }
    }

    /// One side's people (their indices) in id order, for what is shown
    /// by id.
    pub fn in_id_order(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        (0..self.count(role)).map(move |k| self.by_id(role, k))
    }

    /// Person `i` of one side's place among that side by id.
    pub fn id_rank(&self, role: Role, i: usize) -> usize {
        match role {
            Role::Junior if !self.junior_id_rank.is_empty() => self.junior_id_rank[i] as usize,
            _ => i,
        }
    }

    /// Person `i` of one side (`senior(i)` or `junior(i)`).
    pub fn person(&self, role: Role, i: usize) -> &Person {
        match role {
            Role::Senior => self.senior(i),
            Role::Junior => self.junior(i),
        }
    }

    /// How many people one side has.
    pub fn count(&self, role: Role) -> usize {
        match role {
            Role::Senior => self.n_seniors,
            Role::Junior => self.n_juniors(),
        }
    }

    /// Display text of an interned value: its most common spelling.
    pub fn text(&self, id: u32) -> &str {
        &self.vocab[id as usize]
    }

    /// Display text of an interned value as shown in one column: the
    /// column's most common spelling of it (`column` is `skills` for
    /// topics, `interests`, `languages` or an attribute column's name).
    pub fn text_in(&self, column: &str, id: u32) -> &str {
        self.spelled
            .get(column)
            .and_then(|spelled| spelled.get(&id))
            .map_or_else(|| self.text(id), String::as_str)
    }

    /// A topic's display text (skills and wants share their spellings).
    pub fn topic(&self, id: u32) -> &str {
        self.text_in("skills", id)
    }

    /// Whether `a` is `b`'s manager, their manager, and so on, or the other way round.
    pub fn in_chain(&self, a: usize, b: usize) -> bool {
        self.is_above(a, b) || self.is_above(b, a)
    }

    fn is_above(&self, a: usize, b: usize) -> bool {
        self.enter[a] <= self.enter[b] && self.leave[b] <= self.leave[a]
    }

    /// Where person `i` sits in the management forest: `a` is above `b`
    /// exactly when `span(a)` encloses `span(b)`.
    pub fn span(&self, i: usize) -> (u32, u32) {
        (self.enter[i], self.leave[i])
    }

    /// Finds a person by id as a reference writes it (manager, exclude,
    /// `--lock`, `--forbid`, a pairs file): compared as people read ids
    /// ([`crate::text::id_key`]: Unicode NFC, trimmed, without invisible
    /// characters), else ignoring case. Returns the person's index in
    /// [`Roster::people`].
    pub fn find(&self, text: &str) -> Option<(usize, IdMatch)> {
        let key = id_key(text);
        let of = |p: &Person| id_key(&p.id).as_ref().cmp(&key);
        if let Ok(s) = self.seniors().binary_search_by(of) {
            return Some((s, IdMatch::Exact));
        }
        let junior = if self.juniors_by_id.is_empty() {
            self.juniors().binary_search_by(of)
        } else {
            self.juniors_by_id
                .binary_search_by(|&j| of(self.junior(j as usize)))
                .map(|k| self.juniors_by_id[k] as usize)
        };
        if let Ok(j) = junior {
            return Some((self.n_seniors + j, IdMatch::Exact));
        }
        let fold = id_fold(&key);
        self.by_fold
            .binary_search_by(|&i| id_fold(&self.people[i as usize].id).as_ref().cmp(&fold))
            .ok()
            .map(|at| (self.by_fold[at] as usize, IdMatch::IgnoringCase))
    }

    /// The index of a senior by id (see [`Roster::find`]).
    pub fn find_senior(&self, id: &str) -> Option<usize> {
        self.find(id)
            .map(|(i, _)| i)
            .filter(|&i| i < self.n_seniors)
    }

    /// The index of a junior by id (see [`Roster::find`]).
    pub fn find_junior(&self, id: &str) -> Option<usize> {
        self.find(id)
            .map(|(i, _)| i)
            .filter(|&i| i >= self.n_seniors)
            .map(|i| i - self.n_seniors)
    }

    /// Whether the attribute column `name` is private (`--private`).
    pub fn is_private(&self, name: &str) -> bool {
        self.diversity
            .iter()
            .zip(&self.private)
            .any(|(n, &private)| private && n == name)
    }

    /// The id of an interned value, if the roster uses it.
    pub fn lookup(&self, text: &str) -> Option<u32> {
        let key = normalize(text);
        self.vocab
            .iter()
            .position(|v| normalize(v) == key)
            .map(|i| i as u32)
    }
}

/// What the vocabulary holds in place of a private attribute value.
pub const PRIVATE_TEXT: &str = "(private)";

/// Choices that change how a roster is read. Every field is public so that a
/// configuration file can set them as well as the command line.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Diversity attribute columns; `None` means the default ones present.
    pub diversity: Option<Vec<String>>,
    /// Private attribute columns: they count for diversity (and are added
    /// to the diversity attributes) but their values are never written.
    pub private: Vec<String>,
    /// The text encoding of the file (a UTF-8 or UTF-16 byte order mark wins).
    pub encoding: Encoding,
    /// The field delimiter; `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// Attribute columns programme rules (quotas, `--must-differ`,
    /// `--must-share`) read.
    pub rule_attributes: Vec<String>,
    /// Numeric attribute columns programme rules (`--gap`) read; a value
    /// that is not a number is an error naming its line and column.
    pub numeric_attributes: Vec<String>,
    /// Answers that mean "no answer" in a diversity attribute (`Prefer not
    /// to say`, `N/A`): read as blank. `None` is [`DEFAULT_MISSING`].
    pub missing: Option<Vec<String>>,
    /// Columns copied as they are into the outputs (`--keep email`); never
    /// a private one.
    pub keep: Vec<String>,
    /// Other spellings of a topic or interest: `(alias, topic)` pairs
    /// (`("JS", "JavaScript")`), from `--aliases` and the config.
    pub aliases: Vec<(String, String)>,
    /// The roster's own headers for rmatch's columns: `(column, header)`
    /// pairs (`("id", "Employee ID")`), from `--column` and the config's
    /// `[columns]`. Headers are matched as every header is (case, spaces
    /// and invisible characters ignored); a mapped header the file does
    /// not have is an error.
    pub columns: Vec<(String, String)>,
}

/// The answers read as blank in a diversity attribute unless `--missing`
/// (or the config's `missing`) says otherwise; compared as
/// [`placeholder_key`] reads them.
pub const DEFAULT_MISSING: [&str; 6] = [
    "Prefer not to say",
    "Other (please specify)",
    "N/A",
    "-",
    "unknown",
    "none",
];

/// An answer as placeholder words are compared: as [`normalize`] reads it,
/// without a trailing `:` or `.` (`Other (please specify):`).
pub fn placeholder_key(text: &str) -> String {
    normalize(text)
        .trim_end_matches([':', '.', ' '])
        .to_string()
}

/// A person's name as names written two ways are compared: as
/// [`normalize`] reads it, full stops read as spaces, and a name of the
/// form "Last, First" turned round to "first last". An export's manager
/// column and its name column often differ just so ("Amy Dunn" against
/// "Dunn, Amy", "Brandon R. LeBlanc" against "LeBlanc, Brandon R"). A name
/// with more than one comma ("Smith, John, Jr.") keeps its order.
pub fn name_in_order(text: &str) -> String {
    let name = normalize(&text.replace('.', " "));
    let mut parts = name.split(',');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(last), Some(first), None) if !last.trim().is_empty() && !first.trim().is_empty() => {
            format!("{} {}", first.trim(), last.trim())
        }
        _ => name,
    }
}

/// Placeholder answers read as blank in one diversity attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placeholders {
    /// The attribute column.
    pub column: String,
    /// Each placeholder word found (as the list writes it) and how many
    /// people gave it, in the list's order.
    pub words: Vec<(String, usize)>,
}

/// Normalises a topic, interest, language or attribute value for comparison:
/// trimmed, inner white space folded to one space, lowercase, in Unicode
/// normal form C (`José` typed with a combining accent, as macOS and some
/// web forms write it, is the `José` typed as one character).
pub fn normalize(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let composed: String;
    let text = if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        composed = text.nfc().collect();
        &composed
    };
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}
