//! The generator's promises: shape, determinism and realistic skew.

use super::*;

const COLUMNS: usize = 13;

fn spec(seniors: usize, juniors: usize, seed: u64) -> SynthSpec {
    SynthSpec {
        seniors,
        juniors,
        seed,
        dominant_department: None,
    }
}

/// Data rows split into fields (header checked and skipped).
fn rows(csv: &str) -> Vec<Vec<&str>> {
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some(HEADER));
    lines.map(|line| line.split(',').collect()).collect()
}

/// `"a:1;b:2"` -> `[("a", 1), ("b", 2)]`.
fn pairs(field: &str) -> Vec<(&str, u8)> {
    if field.is_empty() {
        return Vec::new();
    }
    field
        .split(';')
        .map(|item| {
            let (topic, value) = item.rsplit_once(':').expect("topic:value");
            (topic, value.parse().expect("numeric value"))
        })
        .collect()
}

fn id_index(id: &str, prefix: char) -> usize {
    assert_eq!(id.len(), 7, "id {id:?}");
    assert!(id.starts_with(prefix), "id {id:?}");
    let n: usize = id[1..].parse().expect("numeric id");
    assert!(n >= 1, "id {id:?}");
    n - 1
}

fn assert_distinct(items: &[&str]) {
    for (i, a) in items.iter().enumerate() {
        assert!(!items[i + 1..].contains(a), "duplicate {a:?} in {items:?}");
    }
}

#[test]
fn same_spec_gives_identical_bytes() {
    let s = spec(200, 400, 42);
    let a = roster_string(&s);
    let b = roster_string(&s);
    assert_eq!(a, b);
    let mut via_writer = Vec::new();
    write_roster(&s, &mut via_writer).unwrap();
    assert_eq!(via_writer, a.as_bytes());
}

#[test]
fn different_seed_gives_different_bytes() {
    let a = roster_string(&spec(50, 100, 1));
    let b = roster_string(&spec(50, 100, 2));
    assert_ne!(a, b);
    // Same header and row count, only the content differs.
    assert_eq!(a.lines().count(), b.lines().count());
}

#[test]
fn header_row_count_and_ids() {
    let (seniors, juniors) = (37, 81);
    let csv = roster_string(&spec(seniors, juniors, 7));
    assert!(csv.ends_with('\n'));
    assert_eq!(csv.lines().next(), Some(HEADER));
    let rows = rows(&csv);
    assert_eq!(rows.len(), seniors + juniors);

    let mut seen_s = vec![false; seniors];
    let mut seen_j = vec![false; juniors];
    for row in &rows {
        assert_eq!(row.len(), COLUMNS, "row {row:?}");
        for field in row {
            assert!(!field.contains('"'), "quote in {field:?}");
        }
        match row[2] {
            "senior" => seen_s[id_index(row[0], 'S')] = true,
            "junior" => seen_j[id_index(row[0], 'J')] = true,
            other => panic!("bad role {other:?}"),
        }
        assert!(GENERATIONS.contains(&row[5]));
        assert!(DEPARTMENTS.contains(&row[3]));
        assert!(LOCATIONS.contains(&row[4]));
    }
    assert!(seen_s.iter().all(|&s| s), "every senior id exactly once");
    assert!(seen_j.iter().all(|&j| j), "every junior id exactly once");
}

#[test]
fn rows_are_mixed_not_grouped_by_role() {
    let csv = roster_string(&spec(100, 100, 3));
    let roles: Vec<&str> = rows(&csv).iter().map(|r| r[2]).collect();
    let switches = roles.windows(2).filter(|w| w[0] != w[1]).count();
    // Grouped output would switch role once; a shuffle switches ~100 times.
    assert!(switches > 50, "only {switches} role switches");
}

#[test]
fn wants_and_skills_have_the_documented_shape() {
    let people = 300 + 600;
    let n = topic_count(people);
    let topics = Topics::new(n);
    let csv = roster_string(&spec(300, 600, 11));
    for row in rows(&csv) {
        let skills = pairs(row[6]);
        let wants = pairs(row[7]);
        let skill_names: Vec<&str> = skills.iter().map(|p| p.0).collect();
        let want_names: Vec<&str> = wants.iter().map(|p| p.0).collect();
        assert_distinct(&skill_names);
        assert_distinct(&want_names);
        let is_tech = |t: &str| topics.names.iter().any(|name| name == t);
        let is_business = |t: &str| BUSINESS_TOPICS.contains(&t);

        if row[2] == "senior" {
            assert!((1..=4).contains(&wants.len()), "senior wants {row:?}");
            for &(topic, priority) in &wants {
                assert!(is_tech(topic), "{topic:?}");
                assert!((1..=5).contains(&priority));
            }
            let tech: Vec<_> = skills.iter().filter(|p| is_tech(p.0)).collect();
            let business: Vec<_> = skills.iter().filter(|p| is_business(p.0)).collect();
            assert_eq!(tech.len() + business.len(), skills.len());
            assert!(tech.len() <= 2);
            for &&(topic, level) in &tech {
                assert!(want_names.contains(&topic), "known topic not wanted");
                assert!((1..=2).contains(&level));
            }
            assert!((1..=3).contains(&business.len()));
            assert!(business.iter().all(|p| (3..=5).contains(&p.1)));
        } else {
            assert!((1..=5).contains(&skills.len()), "junior skills {row:?}");
            for &(topic, level) in &skills {
                assert!(is_tech(topic), "{topic:?}");
                assert!((1..=5).contains(&level));
            }
            assert!((1..=3).contains(&wants.len()));
            for &(topic, priority) in &wants {
                assert!(is_business(topic), "{topic:?}");
                assert!((1..=5).contains(&priority));
            }
        }

        let interests: Vec<&str> = row[8].split(';').collect();
        assert!((1..=4).contains(&interests.len()));
        assert_distinct(&interests);
        assert!(interests.iter().all(|i| INTERESTS.contains(i)));

        let languages: Vec<&str> = row[9].split(';').collect();
        assert!((1..=2).contains(&languages.len()));
        if languages.len() == 2 {
            assert_eq!(languages[0], "English");
        }
        assert!(languages
            .iter()
            .skip(1)
            .all(|l| OTHER_LANGUAGES.contains(l)));

        assert!(["0", "1", "2"].contains(&row[10]), "capacity {:?}", row[10]);
    }
}

#[test]
fn topic_count_formula() {
    assert_eq!(topic_count(0), 12);
    assert_eq!(topic_count(1), 14);
    assert_eq!(topic_count(30), 23);
    assert_eq!(topic_count(100), 32);
    assert_eq!(topic_count(30_000), 358);
    let topics = Topics::new(topic_count(30_000));
    assert_eq!(topics.names.len(), 358);
    assert_eq!(topics.names[0], "generative ai");
    assert_eq!(topics.names[14], "sustainability reporting");
    assert_eq!(topics.names[15], "topic-016");
    assert_eq!(topics.names[357], "topic-358");
}

#[test]
fn topic_popularity_is_skewed() {
    let topics = Topics::new(100);
    let mut rng = SplitMix64::new(5);
    let mut counts = [0u32; 100];
    for _ in 0..100_000 {
        counts[topics.sample(&mut rng)] += 1;
    }
    // Zipf(1) over 100 ranks: rank 1 has ~19%, rank 10 ~1.9%, rank 100 ~0.19%.
    assert!(counts[0] > 17_000 && counts[0] < 21_500, "{}", counts[0]);
    assert!(counts[0] > 5 * counts[9]);
    assert!(counts[9] > 5 * counts[99]);
    assert!(counts.iter().all(|&c| c > 0));
}

#[test]
fn managers_are_acyclic_and_exist() {
    let (seniors, juniors) = (500, 1000);
    let csv = roster_string(&spec(seniors, juniors, 99));
    let (mut senior_managed, mut junior_managed, mut excluded) = (0, 0, 0);
    for row in rows(&csv) {
        let manager = row[11];
        if row[2] == "senior" {
            let me = id_index(row[0], 'S');
            if !manager.is_empty() {
                let boss = id_index(manager, 'S');
                assert!(boss < me, "senior {me} managed by {boss}");
                senior_managed += 1;
            }
            if !row[12].is_empty() {
                assert!(id_index(row[12], 'J') < juniors);
                excluded += 1;
            }
        } else {
            if !manager.is_empty() {
                assert!(id_index(manager, 'S') < seniors);
                junior_managed += 1;
            }
            if !row[12].is_empty() {
                assert!(id_index(row[12], 'S') < seniors);
                excluded += 1;
            }
        }
    }
    // ~10% of 500 and ~15% of 1000; ~1% of 1500.
    assert!((25..=80).contains(&senior_managed), "{senior_managed}");
    assert!((100..=200).contains(&junior_managed), "{junior_managed}");
    assert!((3..=40).contains(&excluded), "{excluded}");
}

#[test]
fn proportions_are_roughly_as_documented() {
    let csv = roster_string(&spec(2000, 4000, 2024));
    let rows = rows(&csv);
    let english = rows
        .iter()
        .filter(|r| r[9].split(';').any(|l| l == "English"))
        .count();
    let share = english * 1000 / rows.len();
    assert!((900..=940).contains(&share), "English per mille {share}");

    let seniors: Vec<_> = rows.iter().filter(|r| r[2] == "senior").collect();
    let old = seniors
        .iter()
        .filter(|r| r[5] == "Boomer" || r[5] == "Gen X")
        .count();
    assert!(old * 10 > seniors.len() * 8, "seniors mostly Boomer/Gen X");
    let cap1 = seniors.iter().filter(|r| r[10] == "1").count();
    assert!(cap1 * 100 > seniors.len() * 85, "seniors mostly capacity 1");
    assert!(seniors.iter().any(|r| r[10] == "0"));
    assert!(seniors.iter().any(|r| r[10] == "2"));

    let juniors: Vec<_> = rows.iter().filter(|r| r[2] == "junior").collect();
    let young = juniors
        .iter()
        .filter(|r| r[5] == "Millennial" || r[5] == "Gen Z")
        .count();
    assert!(
        young * 10 > juniors.len() * 8,
        "juniors mostly Millennial/Gen Z"
    );
}

#[test]
fn empty_roles_work() {
    let only_juniors = roster_string(&spec(0, 25, 1));
    let rows_j = rows(&only_juniors);
    assert_eq!(rows_j.len(), 25);
    assert!(rows_j
        .iter()
        .all(|r| r[2] == "junior" && r[11].is_empty() && r[12].is_empty()));

    let only_seniors = roster_string(&spec(25, 0, 1));
    let rows_s = rows(&only_seniors);
    assert_eq!(rows_s.len(), 25);
    assert!(rows_s.iter().all(|r| r[2] == "senior" && r[12].is_empty()));

    assert_eq!(roster_string(&spec(0, 0, 1)), format!("{HEADER}\n"));
}

#[test]
fn zero_padded_ids_sort_numerically() {
    let csv = roster_string(&spec(12, 120, 8));
    let mut juniors: Vec<&str> = rows(&csv)
        .iter()
        .filter(|r| r[2] == "junior")
        .map(|r| r[0])
        .collect();
    juniors.sort_unstable();
    let expected: Vec<String> = (1..=120).map(|i| format!("J{i:06}")).collect();
    assert_eq!(juniors, expected);
}

#[test]
fn a_dominant_department_holds_about_its_share_and_changes_nothing_else() {
    let plain = roster_string(&spec(400, 800, 3));
    let skewed = roster_string(&SynthSpec {
        dominant_department: Some(55),
        ..spec(400, 800, 3)
    });
    let column = |text: &str, k: usize| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| l.split(',').nth(k).unwrap().to_string())
            .collect()
    };
    let engineering = column(&skewed, 3)
        .iter()
        .filter(|d| *d == "Engineering")
        .count();
    // 55% drawn as Engineering, plus Engineering's usual share of the rest.
    assert!((680..=820).contains(&engineering), "{engineering} of 1200");
    // Ids and names are drawn before the department: they stay as they were.
    assert_eq!(column(&plain, 0), column(&skewed, 0));
    assert_eq!(column(&plain, 1), column(&skewed, 1));
}
