//! Drawing the charts as inline SVG (no script, no external file) from
//! askama templates (`templates/*.svg`), which escape every text they are
//! given. Every data bar is a `rect` of class `bar`, so a test can count
//! them; backgrounds and legend keys are not.

use askama::Template;

use super::html::{clip, coord};

/// The width of every chart in SVG units. Charts scale to their box; this
/// keeps text legible when two charts share a printed page's width.
const WIDTH: f64 = 520.0;

/// Longest label drawn beside a bar (the full text is in the bar's tooltip).
const LABEL_CHARS: usize = 25;

/// One column of a column chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub label: String,
    pub count: usize,
    pub title: String,
}

/// One bar of a bar row: its length as a share of the full width (0-1).
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub share: f64,
    /// Shown after the bar.
    pub text: String,
    /// Shown as a tooltip.
    pub title: String,
}

/// One row of a horizontal bar chart: a label and one bar per series.
#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub bars: Vec<Bar>,
}

/// A chart in a `figure` with its caption.
#[derive(Template)]
#[template(path = "figure.html", config = "src/report/askama.toml")]
struct Figure<'a> {
    id: &'a str,
    caption: &'a str,
    /// The chart, drawn by this module.
    svg: &'a str,
    tall: bool,
}

/// A chart in a `figure` with its caption. A `tall` one takes two rows of
/// the chart grid.
pub fn figure(id: &str, caption: &str, svg: &str, tall: bool) -> String {
    render(&Figure {
        id,
        caption,
        svg,
        tall,
    })
}

#[derive(Template)]
#[template(path = "column_chart.svg", config = "src/report/askama.toml")]
struct ColumnChart<'a> {
    width: String,
    height: String,
    axis: &'a str,
    columns: Vec<DrawnColumn<'a>>,
    end_label: Option<&'a str>,
    left: String,
    right: String,
    bottom: String,
    middle: String,
    tick_y: String,
    title_y: String,
}

struct DrawnColumn<'a> {
    x: String,
    y: String,
    width: String,
    height: String,
    title: &'a str,
    count: usize,
    middle: String,
    value_y: String,
    left: String,
    label: &'a str,
}

/// Vertical columns with their counts above, each labelled at its left
/// edge, `end_label` at the right edge of the last.
pub fn column_chart(columns: &[Column], end_label: Option<&str>, axis: &str) -> String {
    let (left, right, top, bottom) = (20.0, WIDTH - 20.0, 24.0, 190.0);
    let height = 240.0;
    let most = columns.iter().map(|c| c.count).max().unwrap_or(0).max(1) as f64;
    let slot = (right - left) / columns.len().max(1) as f64;
    let columns = columns
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let x = left + slot * k as f64;
            let h = (bottom - top) * c.count as f64 / most;
            DrawnColumn {
                x: coord(x + slot * 0.1),
                y: coord(bottom - h),
                width: coord(slot * 0.8),
                height: coord(h),
                title: &c.title,
                count: c.count,
                middle: coord(x + slot / 2.0),
                value_y: coord(bottom - h - 5.0),
                left: coord(x),
                label: &c.label,
            }
        })
        .collect();
    render(&ColumnChart {
        width: coord(WIDTH),
        height: coord(height),
        axis,
        columns,
        end_label,
        left: coord(left),
        right: coord(right),
        bottom: coord(bottom),
        middle: coord((left + right) / 2.0),
        tick_y: coord(bottom + 17.0),
        title_y: coord(height - 8.0),
    })
}

#[derive(Template)]
#[template(path = "bar_chart.svg", config = "src/report/askama.toml")]
struct BarChart<'a> {
    width: String,
    height: String,
    legend: Vec<Key<'a>>,
    rows: Vec<DrawnRow<'a>>,
    label_x: String,
    x0: String,
    track: String,
    bar_height: String,
    value_class: &'static str,
    value_x: String,
}

struct Key<'a> {
    series: usize,
    x: String,
    text_x: String,
    name: &'a str,
}

struct DrawnRow<'a> {
    y: String,
    label: String,
    bars: Vec<DrawnBar<'a>>,
}

struct DrawnBar<'a> {
    series: usize,
    y: String,
    width: String,
    title: &'a str,
    text_y: String,
    text: &'a str,
}

/// Horizontal bars on a 0-100% scale, one row per item, one bar per series
/// (with a legend when there are several).
pub fn bar_chart(rows: &[BarRow], legend: &[&str]) -> String {
    let series = rows.iter().map(|r| r.bars.len()).max().unwrap_or(1).max(1);
    let (x0, x1) = (200.0, 360.0);
    let (bar_h, gap) = if series == 1 {
        (16.0, 0.0)
    } else {
        (14.0, 3.0)
    };
    let row_h = bar_h * series as f64 + gap * (series as f64 - 1.0) + 9.0;
    let top = if legend.len() > 1 { 26.0 } else { 4.0 };
    let height = top + row_h * rows.len() as f64 + 4.0;
    let mut keys = Vec::new();
    if legend.len() > 1 {
        let mut x = 10.0;
        for (k, name) in legend.iter().enumerate() {
            keys.push(Key {
                series: k,
                x: coord(x),
                text_x: coord(x + 17.0),
                name,
            });
            x += 30.0 + 7.5 * name.chars().count() as f64;
        }
    }
    let drawn = rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let y = top + row_h * r as f64 + 4.0;
            DrawnRow {
                y: coord(y + (row_h - 9.0) / 2.0 + 5.0),
                label: clip(&row.label, LABEL_CHARS),
                bars: row
                    .bars
                    .iter()
                    .enumerate()
                    .map(|(k, bar)| {
                        let by = y + (bar_h + gap) * k as f64;
                        DrawnBar {
                            series: k,
                            y: coord(by),
                            width: coord((x1 - x0) * bar.share.clamp(0.0, 1.0)),
                            title: &bar.title,
                            text_y: coord(by + bar_h - 2.0),
                            text: &bar.text,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    render(&BarChart {
        width: coord(WIDTH),
        height: coord(height),
        legend: keys,
        rows: drawn,
        label_x: coord(x0 - 8.0),
        x0: coord(x0),
        track: coord(x1 - x0),
        bar_height: coord(bar_h),
        value_class: if series == 1 { "value" } else { "value small" },
        value_x: coord(x1 + 6.0),
    })
}

/// Renders a template into a string; writing into a `String` cannot fail.
pub(super) fn render(template: &impl Template) -> String {
    template
        .render()
        .expect("a report template renders into a string")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_chart_draws_one_bar_per_series_and_escapes_labels() {
        let rows = vec![BarRow {
            label: "<b>".into(),
            bars: vec![
                Bar {
                    share: 0.5,
                    text: "50%".into(),
                    title: "a".into(),
                },
                Bar {
                    share: 2.0,
                    text: "200%".into(),
                    title: "b".into(),
                },
            ],
        }];
        let svg = bar_chart(&rows, &["chosen", "pool"]);
        assert_eq!(svg.matches("class=\"bar ").count(), 2);
        assert_eq!(svg.matches("class=\"key ").count(), 2);
        assert!(svg.contains("&lt;b&gt;") && !svg.contains("<b>"));
        // Lengths are clamped to the track.
        assert!(svg.contains("width=\"80.0\""), "{svg}");
        assert!(!svg.contains("width=\"320.0\""), "{svg}");
    }
}
