//! Small pieces of HTML writing: the escaper the report's templates use,
//! and number formatting.

use std::fmt;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The report templates' escaper (see `askama.toml`): every `{{ text }}` a
/// template writes goes through [`escape`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl askama::filters::Escaper for Html {
    fn write_escaped_str<W: fmt::Write>(&self, mut dest: W, string: &str) -> fmt::Result {
        dest.write_str(&escape(string))
    }
}

/// A share as a percentage with one decimal: `0.78261` -> `78.3%`.
pub fn percent(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

/// A coordinate for SVG: one decimal, no `-0.0`.
pub fn coord(x: f64) -> String {
    let text = format!("{x:.1}");
    if text == "-0.0" {
        "0.0".into()
    } else {
        text
    }
}

/// Text cut to `max` characters, ending in an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('\u{2026}');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_neutralises_markup_and_quotes() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape("Zoë Ürün"), "Zoë Ürün");
    }

    #[test]
    fn numbers_are_formatted_for_people_and_svg() {
        assert_eq!(percent(0.78261), "78.3%");
        assert_eq!(coord(-0.01), "0.0");
        assert_eq!(coord(12.345), "12.3");
        assert_eq!(clip("Margaret Whitfield", 8), "Margare\u{2026}");
        assert_eq!(clip("Ann", 8), "Ann");
    }
}
