//! Bytes to text: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, and Latin-1
//! (read as Windows-1252) with a warning; binary files and known document formats refused.

use anyhow::{bail, Result};

/// Text, and what was done to get it (for a warning), or why the bytes are not text.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub conversion: Option<String>,
}

/// Formats people hand us by mistake, by their first bytes.
const SIGNATURES: &[(&[u8], &str, &str)] = &[
    (b"%PDF-", "a PDF document", "export its text first"),
    (
        b"PK\x03\x04",
        "a ZIP archive (or a Word/OpenDocument file)",
        "export its text first",
    ),
    (b"\x89PNG", "a PNG image", "give the article's text"),
    (b"\xFF\xD8\xFF", "a JPEG image", "give the article's text"),
    (b"GIF8", "a GIF image", "give the article's text"),
    (b"{\\rtf", "an RTF document", "export its text first"),
    (b"\x1F\x8B", "a gzip archive", "decompress it first"),
    (
        b"\xD0\xCF\x11\xE0",
        "an old Word/Office document",
        "export its text first",
    ),
    (
        b"GGUF",
        "a GGUF model file",
        "give an article; models go in --model",
    ),
];

/// Decodes `bytes`; `origin` names the file in errors.
pub fn decode(bytes: &[u8], origin: &str) -> Result<Decoded> {
    for (magic, what, advice) in SIGNATURES {
        if bytes.starts_with(magic) {
            bail!("`{origin}` is {what}, not text: {advice}");
        }
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode(rest, origin);
    }
    let utf16 = match bytes {
        [0xFF, 0xFE, rest @ ..] => Some((rest, u16::from_le_bytes as fn([u8; 2]) -> u16, "LE")),
        [0xFE, 0xFF, rest @ ..] => Some((rest, u16::from_be_bytes as fn([u8; 2]) -> u16, "BE")),
        _ => None,
    };
    if let Some((rest, unit, order)) = utf16 {
        let units = rest.chunks(2).map(|c| match c {
            [a, b] => unit([*a, *b]),
            _ => 0xFFFD,
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        refuse_binary(&text, origin)?;
        return Ok(Decoded {
            text,
            conversion: Some(format!("converted from UTF-16 {order}")),
        });
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        bail!("`{origin}` looks binary (a NUL byte at offset {at}), not an article");
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            refuse_binary(text, origin)?;
            Ok(Decoded {
                text: text.to_string(),
                conversion: None,
            })
        }
        Err(e) => {
            let text: String = bytes.iter().map(|&b| windows_1252(b)).collect();
            refuse_binary(&text, origin).map_err(|_| {
                anyhow::anyhow!(
                    "`{origin}` is neither UTF-8 (invalid byte at offset {}) nor Latin-1 text",
                    e.valid_up_to()
                )
            })?;
            let converted = bytes.iter().filter(|b| **b >= 0x80).count();
            Ok(Decoded {
                text,
                conversion: Some(format!(
                    "not UTF-8 (invalid byte at offset {}): read as Latin-1 (Windows-1252), \
                     {converted} characters converted; check the accents",
                    e.valid_up_to()
                )),
            })
        }
    }
}

/// Text has few control characters; more than 1 in 100 (or any C1 control) means binary.
fn refuse_binary(text: &str, origin: &str) -> Result<()> {
    let mut chars = 0usize;
    let mut controls = 0usize;
    for c in text.chars() {
        chars += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
        controls += usize::from(control);
    }
    if controls > 0 && controls * 100 >= chars {
        bail!("`{origin}` looks binary ({controls} control characters in {chars}), not an article");
    }
    Ok(())
}

/// A byte of Windows-1252 (Latin-1 with printable characters in 0x80–0x9F).
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_and_its_mark_goes() {
        let d = decode("\u{feff}Été à Lyon".as_bytes(), "a.txt").unwrap();
        assert_eq!(d.text, "Été à Lyon");
        assert!(d.conversion.is_none());
    }

    #[test]
    fn latin1_is_converted_with_a_warning() {
        let bytes = b"\xC9t\xE9 \xE0 Lyon, l\x92\xE9quipe";
        let d = decode(bytes, "a.txt").unwrap();
        assert_eq!(d.text, "Été à Lyon, l’équipe");
        let warning = d.conversion.unwrap();
        assert!(
            warning.contains("Latin-1") && warning.contains("offset 0"),
            "{warning}"
        );
    }

    #[test]
    fn utf16_with_a_mark_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Été".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes, "a.txt").unwrap().text, "Été");
    }

    #[test]
    fn binary_and_documents_are_refused_by_name() {
        let err = decode(b"%PDF-1.7 ...", "a.pdf").unwrap_err().to_string();
        assert!(err.contains("`a.pdf` is a PDF document"), "{err}");
        let err = decode(b"abc\0def", "x.bin").unwrap_err().to_string();
        assert!(
            err.contains("`x.bin` looks binary") && err.contains("offset 3"),
            "{err}"
        );
        let noise: Vec<u8> = (0u8..=255)
            .cycle()
            .skip(1)
            .take(600)
            .filter(|b| *b != 0)
            .collect();
        let err = decode(&noise, "n.bin").unwrap_err().to_string();
        assert!(err.contains("`n.bin`"), "{err}");
    }
}
