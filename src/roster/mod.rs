//! Reading a roster CSV into people with interned topics.
//!
//! This is the only place that knows the file format. Everything after it
//! works on integer ids in a canonical order (seniors, then juniors, each
//! sorted by id; a large roster's juniors grouped by the topics they teach
//! first), so the result never depends on the order of the rows.

mod header;
mod people;
mod prefers;
mod problems;
mod read;
mod records;
mod resolve;
mod row;
mod sheet;

pub mod aliases;
pub mod columns;
pub mod dialect;
pub mod encoding;
pub mod pairs_table;
pub mod spellings;
pub mod workbook;

pub use self::encoding::Encoding;
pub use columns::{own_columns, INTRODUCTION_COLUMNS};
pub use header::duplicate_columns;
pub use people::{
    name_in_order, normalize, placeholder_key, IdMatch, Person, Placeholders, ReadOptions, Role,
    Roster, Topic, DEFAULT_DIVERSITY, DEFAULT_LEVEL, DEFAULT_MISSING, MAX_CAPACITY, PRIVATE_TEXT,
};
pub use read::{check_table_shape, parse, parse_input, read, read_bytes, read_sheet};
pub use resolve::GROUPED_FROM;
pub use row::{extra_field, too_many_fields};

/// A roster from the synthetic generator (`rmatch generate`), read with
/// the default options: what the engine's own tests run on.
#[cfg(test)]
pub(crate) fn generated(seniors: usize, juniors: usize, seed: u64) -> Roster {
    let text = generated_text(seniors, juniors, seed);
    parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("a generated roster reads")
}

/// The text of [`generated`]'s roster.
#[cfg(test)]
fn generated_text(seniors: usize, juniors: usize, seed: u64) -> String {
    rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
        seniors,
        juniors,
        seed,
        dominant_department: None,
    })
}

/// [`generated`] with each interest written in one of five ways (`chess`,
/// `chess 1`, ..., `chess 4`): the roster then holds more interests than a
/// 64-bit mask has bits, so two interests can share one.
#[cfg(test)]
pub(crate) fn generated_with_many_interests(seniors: usize, juniors: usize, seed: u64) -> Roster {
    let text = generated_text(seniors, juniors, seed);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a generated header").clone();
    let at = header
        .iter()
        .position(|name| name == "interests")
        .expect("an interests column");
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).expect("written to memory");
    for (row, record) in reader.records().enumerate() {
        let record = record.expect("a generated row");
        let fields: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(k, field)| {
                if k != at || field.is_empty() {
                    return field.to_string();
                }
                field
                    .split(';')
                    .enumerate()
                    .map(|(i, value)| match (row + i) % 5 {
                        0 => value.to_string(),
                        n => format!("{value} {n}"),
                    })
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .collect();
        writer.write_record(&fields).expect("written to memory");
    }
    let text = writer.into_inner().expect("written to memory");
    parse("r.csv", &text, &ReadOptions::default()).expect("a generated roster reads")
}
