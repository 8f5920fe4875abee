//! `rmatch init`: a small template roster with the main columns, explained in
//! comment lines (lines starting with `#` before the header, which the
//! roster reader skips), and example rows that pair.

use rmatch::error::Result;
use rmatch::files::{self, write_output, Named, Replace};
use rmatch::output::{write_tabbed, CsvStyle};

/// The template. `rmatch check` accepts it unchanged, with no warning.
pub const TEMPLATE: &str = "\
# rmatch roster template: one row per person. Replace the example rows with your people.
# Lines like this one that start with # above the header row are notes: rmatch skips them.
# Keep the header row (the line that starts with id) as it is. Save as CSV in UTF-8.
# Then run:  rmatch check roster.csv   (what is missing)  and  rmatch pair roster.csv --report report.html
#
# Columns (only id and role are required: leave any other cell empty if you do not know):
#   id          a unique code for each person; an employee number works well
#   name        the name shown in the pairs and the report
#   role        junior (teaches: the mentor) or senior (learns: the mentee)
#   department  location  generation   background: pairs across them score higher
#   skills      topics the person can teach. Separate topics with ; and add :1 to :5 for the level
#               (5 = expert; 3 when left out). Example: generative ai:5;tiktok:4
#   wants       learning goals. :1 to :5 is the priority (5 = most wanted; 3 when left out).
#               Example: generative ai:5;excel:2
#   interests   hobbies and interests separated by ; (shared ones score higher)
#   languages   languages spoken separated by ; (when both people list some they must share one)
#   capacity    how many partners the person takes: 1 when left out; 0 sits this cycle out
#   manager     the id of the person's manager: nobody is paired with anyone up or down their chain
#               (an e-mail address is found in the email column)
#   exclude     ids this person must not be paired with separated by ; (applies both ways)
#
# More columns rmatch reads when you add them to the header (see the README's roster columns):
#   min_capacity  the fewest partners the person must get (0 when left out)
#   prefers       ids of people on the other side this person would like (most wanted first)
#   utc_offset    hours from UTC such as -5 or +5:30 (for --max-tz-gap)
#   email  timezone  availability   address and clock (Europe/London) and hours (for rmatch intros)
#
# An HR export can keep its own header names (Employee ID for id): map each to a column above
# with --column or the config file's [columns] table (see the README's roster section).
id,name,role,department,location,generation,skills,wants,interests,languages,capacity,manager,exclude
S1,Helen Park,senior,Finance,London,Gen X,budgeting:5;negotiation:4,generative ai:5;tiktok:2,gardening;jazz,English,1,,
S2,Omar Haddad,senior,Operations,Dubai,Boomer,supply chain:5;leadership:4,cybersecurity hygiene:4;generative ai:3,chess;travel,English;Arabic,2,,
S3,Rita Gomes,senior,Marketing,Lisbon,Gen X,brand strategy:5;public speaking:4,tiktok:5;social media analytics:3,running;cinema,English;Portuguese,1,,J4
J1,Sam Lee,junior,Engineering,London,Gen Z,generative ai:5;python:4,negotiation:3,jazz;climbing,English,1,,
J2,Ana Costa,junior,Marketing,Lisbon,Gen Z,tiktok:5;social media analytics:4,brand strategy:4,cinema;running,Portuguese;English,1,,
J3,Yusuf Demir,junior,IT,Dubai,Millennial,cybersecurity hygiene:5;generative ai:4,leadership:3,chess,English;Turkish,1,S2,
J4,Mia Novak,junior,Finance,Berlin,Gen Z,tiktok:4;generative ai:3,budgeting:2,gardening,English;German,1,,
";

/// Writes the template to `file` (`-`: standard output), tab-separated for
/// a `.tsv` name (which `rmatch check` reads as tab-separated). An existing
/// file is replaced only with `force`.
pub fn init(file: &str, force: bool) -> Result<()> {
    files::check_plan(
        &[],
        &[Named::new("the template", Some(file))],
        Replace {
            force,
            must_be_new: true,
        },
    )?;
    let tabs = CsvStyle::for_output(false, Some(file)).tabs;
    write_output(Some(file), force, |out| {
        if tabs {
            write_tabbed(TEMPLATE.as_bytes(), out)
        } else {
            out.write_all(TEMPLATE.as_bytes())
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmatch::roster::{parse, ReadOptions, Role};

    /// The template names every column the reader gives a meaning to,
    /// in its header or its notes, so a coordinator learns of each.
    #[test]
    fn the_template_names_every_column_rmatch_reads() {
        for column in rmatch::roster::own_columns() {
            let named = TEMPLATE
                .lines()
                .any(|line| line.split([' ', ',', '#']).any(|word| word == column));
            assert!(named, "the template does not name {column}");
        }
    }

    #[test]
    fn the_tab_separated_template_is_the_same_roster() {
        let mut tsv = Vec::new();
        rmatch::output::write_tabbed(TEMPLATE.as_bytes(), &mut tsv).unwrap();
        assert_eq!(
            String::from_utf8(tsv.clone()).unwrap(),
            TEMPLATE.replace(',', "\t")
        );
        let options = ReadOptions {
            delimiter: Some(b'\t'),
            ..ReadOptions::default()
        };
        let roster = parse("roster.tsv", &tsv, &options).expect("the template parses");
        let csv = parse("roster.csv", TEMPLATE.as_bytes(), &ReadOptions::default()).unwrap();
        assert!(roster.warnings.is_empty(), "{:?}", roster.warnings);
        assert_eq!(format!("{:?}", roster.people), format!("{:?}", csv.people));
    }

    #[test]
    fn the_template_is_a_valid_roster_with_every_column_and_no_warning() {
        let roster = parse("roster.csv", TEMPLATE.as_bytes(), &ReadOptions::default())
            .expect("the template parses");
        assert!(roster.warnings.is_empty(), "{:?}", roster.warnings);
        assert_eq!(roster.diversity, ["department", "location", "generation"]);
        assert_eq!(roster.seniors().len(), 3);
        assert_eq!(roster.juniors().len(), 4);
        assert!(roster.juniors().iter().all(|p| p.role == Role::Junior));
        // Every column rmatch reads is in the header, and explained above it.
        let header = TEMPLATE
            .lines()
            .find(|l| !l.starts_with('#'))
            .expect("a header");
        for column in [
            "id",
            "name",
            "role",
            "department",
            "location",
            "generation",
            "skills",
            "wants",
            "interests",
            "languages",
            "capacity",
            "manager",
            "exclude",
        ] {
            assert!(header.split(',').any(|c| c == column), "{column} in header");
            assert!(
                TEMPLATE
                    .lines()
                    .filter(|l| l.starts_with('#'))
                    .any(|l| l.split_whitespace().any(|w| w == column)),
                "{column} explained"
            );
        }
        // The notes have no comma, so a spreadsheet keeps each in one cell.
        assert!(TEMPLATE
            .lines()
            .filter(|l| l.starts_with('#'))
            .all(|l| !l.contains(',') && !l.contains('"')));
    }
}
