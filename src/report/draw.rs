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

/// One point of a line: `open` draws it hollow (a pairing not proven
/// optimal); `title` is its tooltip.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
    pub open: bool,
    pub title: String,
}

/// One line of a line chart, drawn through its points in order of `x`.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<Point>,
}

/// A line chart: `y` runs from 0 to the largest value (or `y_max`), as a
/// percentage when `percent`; `limit` is a rule's bound, drawn dashed.
#[derive(Clone, Debug, PartialEq)]
pub struct Lines<'a> {
    pub x_axis: &'a str,
    pub y_axis: &'a str,
    pub series: Vec<Series>,
    pub y_max: Option<f64>,
    pub percent: bool,
    pub limit: Option<(String, Vec<(f64, f64)>)>,
}

#[derive(Template)]
#[template(path = "line_chart.svg", config = "src/report/askama.toml")]
struct LineChart<'a> {
    width: String,
    height: String,
    x_axis: &'a str,
    y_axis: &'a str,
    y_ticks: Vec<Tick>,
    x_ticks: Vec<Tick>,
    left: String,
    right: String,
    bottom: String,
    middle: String,
    y_label_x: String,
    x_label_y: String,
    title_y: String,
    limit: Option<String>,
    limit_name: &'a str,
    series: Vec<DrawnSeries<'a>>,
    legend: Vec<LineKey<'a>>,
}

struct Tick {
    at: String,
    label_at: String,
    label: String,
}

struct DrawnSeries<'a> {
    index: usize,
    points: String,
    dots: Vec<Dot<'a>>,
}

struct Dot<'a> {
    x: String,
    y: String,
    open: bool,
    title: &'a str,
}

struct LineKey<'a> {
    class: String,
    x: String,
    line_end: String,
    text_x: String,
    y: String,
    text_y: String,
    name: &'a str,
}

/// The step between round tick values (1, 2, 2.5 or 5 times a power of
/// ten) that cuts `span` into about `parts`.
fn tick_step(span: f64, parts: f64) -> f64 {
    let raw = (span / parts).max(f64::MIN_POSITIVE);
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A tick value as people read it: no trailing zeros, no `-0`.
fn tick_label(value: f64, percent: bool) -> String {
    let value = if percent { value * 100.0 } else { value };
    let mut text = format!("{value:.4}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    if text == "-0" {
        text = "0".into();
    }
    if percent {
        text.push('%');
    }
    text
}

/// Lines through points on shared axes, points hollow where `open`, with a
/// legend when there are several lines or a limit.
pub fn line_chart(chart: &Lines) -> String {
    let named = chart.series.len() > 1 || chart.limit.is_some();
    let (left, right) = (58.0, WIDTH - 18.0);
    // The legend: a key per line and the limit, in rows across the top.
    let mut legend = Vec::new();
    let mut key_rows = 0;
    if named {
        let keys = chart
            .series
            .iter()
            .enumerate()
            .map(|(k, s)| (format!("key line s{k}"), s.name.as_str()))
            .chain(
                chart
                    .limit
                    .iter()
                    .map(|(name, _)| ("key limit".to_string(), name.as_str())),
            );
        let mut x = f64::INFINITY;
        for (class, name) in keys {
            let wide = 32.0 + 7.2 * name.chars().count() as f64;
            if x + wide > right {
                x = left;
                key_rows += 1;
            }
            let y = 20.0 * key_rows as f64 - 6.0;
            legend.push(LineKey {
                class,
                x: coord(x),
                line_end: coord(x + 18.0),
                text_x: coord(x + 23.0),
                y: coord(y),
                text_y: coord(y + 4.5),
                name,
            });
            x += wide;
        }
    }
    let top = 14.0 + 20.0 * key_rows as f64;
    let (bottom, height) = (top + 170.0, top + 220.0);
    let xs: Vec<f64> = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.x))
        .collect();
    let (mut x_lo, mut x_hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    if !x_lo.is_finite() {
        (x_lo, x_hi) = (0.0, 1.0);
    }
    if x_hi - x_lo < 1e-12 {
        (x_lo, x_hi) = (x_lo - 1.0, x_hi + 1.0);
    }
    let highest = chart
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.y))
        .chain(chart.limit.iter().flat_map(|(_, l)| l.iter().map(|p| p.1)))
        .fold(0.0f64, f64::max);
    let y_step = tick_step(chart.y_max.unwrap_or(highest).max(highest).max(1e-9), 4.0);
    let y_top = match chart.y_max {
        Some(max) if highest <= max => max,
        _ => (highest / y_step).ceil().max(1.0) * y_step,
    };
    let px = |x: f64| left + (right - left) * (x - x_lo) / (x_hi - x_lo);
    let py = |y: f64| bottom - (bottom - top) * (y / y_top).clamp(0.0, 1.0);
    let y_ticks = (0..)
        .map(|k| k as f64 * y_step)
        .take_while(|&v| v <= y_top * (1.0 + 1e-9))
        .map(|v| Tick {
            at: coord(py(v)),
            label_at: coord(py(v) + 4.5),
            label: tick_label(v, chart.percent),
        })
        .collect();
    // The values themselves when there are few, else round steps.
    let mut distinct = xs.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let x_values: Vec<f64> = if !distinct.is_empty() && distinct.len() <= 11 {
        distinct
    } else {
        let step = tick_step(x_hi - x_lo, 6.0);
        let first = (x_lo / step).ceil() as i64;
        (first..)
            .map(|k| k as f64 * step)
            .take_while(|&v| v <= x_hi * (1.0 + 1e-9) + 1e-12)
            .collect()
    };
    let x_ticks = x_values
        .iter()
        .map(|&v| Tick {
            at: coord(px(v)),
            label_at: String::new(),
            label: tick_label(v, false),
        })
        .collect();
    let path = |points: &mut dyn Iterator<Item = (f64, f64)>| {
        points
            .map(|(x, y)| format!("{},{}", coord(px(x)), coord(py(y))))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let series = chart
        .series
        .iter()
        .enumerate()
        .map(|(index, s)| {
            let mut order: Vec<&Point> = s.points.iter().collect();
            order.sort_by(|a, b| a.x.total_cmp(&b.x));
            DrawnSeries {
                index,
                points: path(&mut order.iter().map(|p| (p.x, p.y))),
                dots: order
                    .iter()
                    .map(|p| Dot {
                        x: coord(px(p.x)),
                        y: coord(py(p.y)),
                        open: p.open,
                        title: &p.title,
                    })
                    .collect(),
            }
        })
        .collect();
    let limit = chart.limit.as_ref().map(|(_, points)| {
        let mut order = points.clone();
        order.sort_by(|a, b| a.0.total_cmp(&b.0));
        path(&mut order.into_iter())
    });
    render(&LineChart {
        width: coord(WIDTH),
        height: coord(height),
        x_axis: chart.x_axis,
        y_axis: chart.y_axis,
        y_ticks,
        x_ticks,
        left: coord(left),
        right: coord(right),
        bottom: coord(bottom),
        middle: coord((left + right) / 2.0),
        y_label_x: coord(left - 6.0),
        x_label_y: coord(bottom + 17.0),
        title_y: coord(height - 8.0),
        limit,
        limit_name: chart.limit.as_ref().map_or("", |(name, _)| name.as_str()),
        series,
        legend,
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

    #[test]
    fn line_chart_draws_every_point_in_order_with_round_ticks() {
        let point = |x: f64, y: f64, open: bool| Point {
            x,
            y,
            open,
            title: format!("<{x}>"),
        };
        let chart = Lines {
            x_axis: "max-same.department",
            y_axis: "same department",
            series: vec![Series {
                name: "pairs".into(),
                points: vec![
                    point(0.5, 0.4, false),
                    point(0.0, 0.1, true),
                    point(0.25, 0.2, false),
                ],
            }],
            y_max: Some(1.0),
            percent: true,
            limit: Some(("the rule's limit".into(), vec![(0.0, 0.0), (0.5, 0.5)])),
        };
        let svg = line_chart(&chart);
        assert_eq!(svg.matches("<circle class=\"dot s0\"").count(), 2, "{svg}");
        assert_eq!(
            svg.matches("<circle class=\"dot s0 open\"").count(),
            1,
            "{svg}"
        );
        assert!(svg.contains("&lt;0.25&gt;") && !svg.contains("<0.25>"));
        // Drawn left to right whatever the order given.
        assert!(svg.contains("points=\"58.0,"), "{svg}");
        for label in ["0%", "25%", "50%", "75%", "100%", ">0.25<", ">0.5<"] {
            assert!(svg.contains(label), "{label} in {svg}");
        }
        assert_eq!(svg.matches("class=\"limit\"").count(), 1);
    }

    #[test]
    fn tick_steps_are_round() {
        assert_eq!(tick_step(1.0, 4.0), 0.25);
        assert_eq!(tick_step(37.0, 4.0), 10.0);
        assert_eq!(tick_step(0.3, 6.0), 0.05);
        assert_eq!(tick_label(0.25, true), "25%");
        assert_eq!(tick_label(3.0, false), "3");
        assert_eq!(tick_label(0.125, false), "0.125");
    }
}
