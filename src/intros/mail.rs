//! The introduction e-mail (RFC 5322 `.eml`, MIME, UTF-8) that mail
//! programs open as a message to send: Outlook opens it as a draft
//! (`X-Unsent: 1`); Thunderbird and Apple Mail show it and can send it on
//! ("Edit as New", "Send Again").
//!
//! CRLF line ends; non-ASCII names and subjects as RFC 2047 encoded words;
//! the body as quoted-printable UTF-8 text; the calendar invite attached
//! (`multipart/mixed`). `Date` and `Message-ID` come from the inputs, so a
//! rerun writes the same bytes.

use chrono::NaiveDateTime;

/// A display name and an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox {
    pub name: String,
    pub address: String,
}

impl Mailbox {
    /// Reads `Name <address>` or a bare `address`; `None` when the address
    /// is not one (see [`is_address`]).
    pub fn parse(text: &str) -> Option<Mailbox> {
        let text = text.trim();
        let (name, address) = match (text.rfind('<'), text.strip_suffix('>')) {
            (Some(open), Some(rest)) => {
                let name = rest[..open].trim().trim_matches('"').trim();
                (name.to_string(), rest[open + 1..].trim().to_string())
            }
            _ => (String::new(), text.to_string()),
        };
        is_address(&address).then_some(Mailbox { name, address })
    }
}

/// Whether `text` is a plain e-mail address: `local@domain.tld` in ASCII,
/// no spaces, quotes, brackets or control characters (which could end a
/// header early), one `@`.
pub fn is_address(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let ok = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"@<>()[]\\,;:\"".contains(&b))
    };
    ok(local)
        && ok(domain)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !text.contains("..")
        && text.len() <= 254
}

/// One message to write.
pub struct Message<'a> {
    pub from: &'a Mailbox,
    pub to: Vec<Mailbox>,
    pub subject: &'a str,
    /// Plain text, `\n` line ends.
    pub body: &'a str,
    pub date: NaiveDateTime,
    /// Unique and stable for the pair and the programme's start.
    pub id: String,
    /// A calendar invitation to attach (`method=REQUEST`).
    pub invite: Option<&'a str>,
}

/// The whole `.eml` text, CRLF line ends.
pub fn eml(message: &Message) -> String {
    let mut head = String::new();
    header(&mut head, "From", &mailbox(message.from));
    let to: Vec<String> = message.to.iter().map(mailbox).collect();
    head.push_str(&format!("To: {}\r\n", to.join(",\r\n ")));
    header(&mut head, "Subject", &unstructured(message.subject));
    header(
        &mut head,
        "Date",
        &message
            .date
            .format("%a, %d %b %Y %H:%M:%S +0000")
            .to_string(),
    );
    let domain = message
        .from
        .address
        .rsplit_once('@')
        .map_or("rmatch.invalid", |(_, d)| d);
    header(
        &mut head,
        "Message-ID",
        &format!("<{}@{domain}>", message.id),
    );
    header(&mut head, "MIME-Version", "1.0");
    header(&mut head, "X-Unsent", "1");
    let body = quoted_printable(message.body);
    match message.invite {
        None => {
            header(&mut head, "Content-Type", "text/plain; charset=utf-8");
            header(&mut head, "Content-Transfer-Encoding", "quoted-printable");
            format!("{head}\r\n{body}")
        }
        Some(ics) => {
            // "=_" never occurs in quoted-printable or base64 text.
            let boundary = format!("=_rmatch_{}", message.id.replace(['@', '.'], "_"));
            header(
                &mut head,
                "Content-Type",
                &format!("multipart/mixed; boundary=\"{boundary}\""),
            );
            let mut out = head;
            out.push_str(
                "\r\nThis is a MIME message: an introduction and a calendar invitation.\r\n",
            );
            out.push_str(&format!("\r\n--{boundary}\r\n"));
            out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
            out.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
            out.push_str(&body);
            out.push_str(&format!("\r\n--{boundary}\r\n"));
            out.push_str("Content-Type: text/calendar; charset=utf-8; method=REQUEST; name=\"invite.ics\"\r\n");
            out.push_str("Content-Disposition: attachment; filename=\"invite.ics\"\r\n");
            out.push_str("Content-Transfer-Encoding: base64\r\n\r\n");
            out.push_str(&base64_lines(ics.as_bytes()));
            out.push_str(&format!("\r\n--{boundary}--\r\n"));
            out
        }
    }
}

fn header(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push_str("\r\n");
}

/// `Name <address>`: a plain name as is (quoted when it holds specials),
/// any other as encoded words.
fn mailbox(m: &Mailbox) -> String {
    let name: String = m.name.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim();
    if name.is_empty() {
        return format!("<{}>", m.address);
    }
    let plain = name.bytes().all(|b| b.is_ascii_graphic() || b == b' ');
    if plain
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b" !#$%&'*+-/=?^_`{|}~".contains(&b))
    {
        format!("{name} <{}>", m.address)
    } else if plain && !name.contains("=?") {
        format!(
            "\"{}\" <{}>",
            name.replace('\\', "\\\\").replace('"', "\\\""),
            m.address
        )
    } else {
        format!("{} <{}>", encoded_words(name), m.address)
    }
}

/// An unstructured header value (Subject): plain ASCII folded at spaces,
/// anything else as encoded words.
fn unstructured(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let plain = text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
        && !text.contains("=?")
        && text.split(' ').all(|w| w.len() < 70);
    if !plain {
        return encoded_words(&text);
    }
    let mut out = String::new();
    let mut width = "Subject: ".len();
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            if width + 1 + word.len() > 76 {
                out.push_str("\r\n ");
                width = 1;
            } else {
                out.push(' ');
                width += 1;
            }
        }
        out.push_str(word);
        width += word.len();
    }
    out
}

/// RFC 2047 `=?utf-8?B?...?=` words of at most 75 characters, on
/// character boundaries, separated by folding white space.
fn encoded_words(text: &str) -> String {
    let mut words = Vec::new();
    let mut chunk = String::new();
    let word = |bytes: &str| format!("=?utf-8?B?{}?=", base64(bytes.as_bytes()));
    for c in text.chars() {
        if chunk.len() + c.len_utf8() > 45 {
            // A word ends after a space where there is one, for parsers
            // that read the folding between encoded words as a space.
            let cut = match chunk.rfind(' ') {
                Some(i) if i >= 20 => i + 1,
                _ => chunk.len(),
            };
            let rest = chunk.split_off(cut);
            words.push(word(&chunk));
            chunk = rest;
        }
        chunk.push(c);
    }
    if !chunk.is_empty() || words.is_empty() {
        words.push(word(&chunk));
    }
    words.join("\r\n ")
}

/// Quoted-printable (RFC 2045) of UTF-8 text with `\n` line ends: lines
/// of at most 76 characters, CRLF line ends.
pub fn quoted_printable(text: &str) -> String {
    let mut out = String::new();
    let text = text.replace("\r\n", "\n");
    for line in text.split('\n') {
        let bytes = line.as_bytes();
        let mut width = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let last = i + 1 == bytes.len();
            let token = if (b == b' ' || b == b'\t') && !last || (b.is_ascii_graphic() && b != b'=')
            {
                (b as char).to_string()
            } else {
                format!("={b:02X}")
            };
            // Keep room for a soft break ("=") unless this is the end.
            let room = if last { 76 } else { 75 };
            if width + token.len() > room {
                out.push_str("=\r\n");
                width = 0;
            }
            width += token.len();
            out.push_str(&token);
        }
        out.push_str("\r\n");
    }
    out
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Base64 (RFC 4648) on one line.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Base64 in lines of 76 characters, CRLF line ends.
fn base64_lines(bytes: &[u8]) -> String {
    let all = base64(bytes);
    let mut out = String::new();
    for line in all.as_bytes().chunks(76) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
    }

    #[test]
    fn quoted_printable_keeps_lines_short_and_encodes_what_it_must() {
        let qp = quoted_printable("Zoë = 1 \nnext");
        assert_eq!(qp, "Zo=C3=AB =3D 1=20\r\nnext\r\n");
        let long = quoted_printable(&"é".repeat(60));
        assert!(long.split("\r\n").all(|l| l.len() <= 76));
    }

    #[test]
    fn addresses_are_checked_and_names_encoded() {
        assert!(is_address("a.b+c@example.org"));
        for bad in [
            "a",
            "a@b",
            "a b@c.d",
            "a@b.c\r\nBcc: x@y.z",
            "<a@b.c>",
            "a@@b.c",
            "é@b.c",
        ] {
            assert!(!is_address(bad), "{bad:?}");
        }
        let m = Mailbox::parse("\"Programme Team\" <team@example.org>").unwrap();
        assert_eq!(m.name, "Programme Team");
        assert_eq!(mailbox(&m), "Programme Team <team@example.org>");
        let m = Mailbox {
            name: "Zoë O'Brien".into(),
            address: "z@x.org".into(),
        };
        assert_eq!(mailbox(&m), "=?utf-8?B?Wm/DqyBPJ0JyaWVu?= <z@x.org>");
        let long = "Ærøskøbing Færgeselskab Medarbejderforening Ålborg Øst";
        let words = encoded_words(long);
        assert!(words.split("\r\n ").all(|w| w.len() <= 75), "{words}");
        assert_eq!(
            words.split("\r\n ").count(),
            2,
            "split after a space: {words}"
        );
    }
}
