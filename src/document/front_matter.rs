//! Front matter of a Markdown post: `---` YAML (the subset static-site generators write: plain,
//! single- or double-quoted scalars, block and flow lists) or `+++` TOML, read into
//! `Metadata`. Keys other than the ones the checks use are ignored.

use super::Metadata;

/// Splits `markdown` into its metadata, the body after the front matter, and the number of
/// lines the front matter took (so that body lines can be numbered as in the file).
pub fn split(markdown: &str) -> (Metadata, &str, usize) {
    let text = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    for (fence, toml) in [("---", false), ("+++", true)] {
        let Some(rest) = text
            .strip_prefix(fence)
            .and_then(|r| r.strip_prefix("\r\n").or_else(|| r.strip_prefix('\n')))
        else {
            continue;
        };
        let mut offset = 0;
        let mut end = None;
        for line in rest.split_inclusive('\n') {
            if line.trim_end() == fence {
                end = Some((offset, offset + line.len()));
                break;
            }
            offset += line.len();
        }
        let Some((inner_end, body_start)) = end else {
            continue;
        };
        let inner = &rest[..inner_end];
        let metadata = match toml {
            true => from_toml(inner),
            false => from_yaml(inner),
        };
        let lines = 2 + inner.matches('\n').count();
        return (metadata, &rest[body_start..], lines);
    }
    (Metadata::default(), text, 0)
}

fn assign(metadata: &mut Metadata, key: &str, values: Vec<String>) {
    let first = || values.first().cloned().filter(|v| !v.is_empty());
    match key.to_ascii_lowercase().as_str() {
        "title" | "seo_title" => metadata.title = first(),
        "description" | "summary" | "meta_description" => metadata.description = first(),
        "slug" => metadata.slug = first(),
        "keywords" | "tags" => {
            metadata.keywords = values
                .iter()
                .flat_map(|v| v.split(','))
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .collect()
        }
        "keyphrase" | "focus_keyphrase" | "focus_keyword" => metadata.keyphrase = first(),
        _ => {}
    }
}

fn from_toml(text: &str) -> Metadata {
    let mut metadata = Metadata::default();
    let Ok(table) = text.parse::<toml::Table>() else {
        return metadata;
    };
    for (key, value) in table {
        let values = match value {
            toml::Value::String(s) => vec![s],
            toml::Value::Array(items) => items
                .into_iter()
                .filter_map(|i| i.as_str().map(str::to_string))
                .collect(),
            _ => continue,
        };
        assign(&mut metadata, &key, values);
    }
    metadata
}

fn from_yaml(text: &str) -> Metadata {
    let mut metadata = Metadata::default();
    let mut pending: Option<(String, Vec<String>)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let (Some(item), Some((_, items))) = (trimmed.strip_prefix("- "), pending.as_mut()) {
            items.push(yaml_scalar(item));
            continue;
        }
        if let Some((key, items)) = pending.take() {
            assign(&mut metadata, &key, items);
        }
        if line.starts_with([' ', '\t']) {
            continue; // nested mappings are not ours
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim().to_string(), value.trim());
        if value.is_empty() {
            pending = Some((key, Vec::new()));
        } else if let Some(inner) = value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            let items = split_flow(inner).iter().map(|i| yaml_scalar(i)).collect();
            assign(&mut metadata, &key, items);
        } else {
            assign(&mut metadata, &key, vec![yaml_scalar(value)]);
        }
    }
    if let Some((key, items)) = pending {
        assign(&mut metadata, &key, items);
    }
    metadata
}

/// Splits a flow list's inside at commas outside quotes.
fn split_flow(inner: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in inner.chars() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            (',', None) => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("one").push(c);
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// A YAML scalar: double-quoted (with `\"`, `\\`, `\n` escapes), single-quoted (`''` is a
/// quote) or plain; a ` #` comment after it is dropped.
fn yaml_scalar(value: &str) -> String {
    let value = value.trim();
    let mut chars = value.chars().peekable();
    match chars.peek() {
        Some('"') => {
            chars.next();
            let mut out = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' => match chars.next() {
                        Some('n') => out.push('\n'),
                        Some('t') => out.push('\t'),
                        Some(other) => out.push(other),
                        None => {}
                    },
                    c => out.push(c),
                }
            }
            out
        }
        Some('\'') => {
            chars.next();
            let mut out = String::new();
            while let Some(c) = chars.next() {
                match (c, chars.peek()) {
                    ('\'', Some('\'')) => {
                        chars.next();
                        out.push('\'');
                    }
                    ('\'', _) => break,
                    (c, _) => out.push(c),
                }
            }
            out
        }
        _ => match value.find(" #") {
            Some(i) => value[..i].trim().to_string(),
            None => value.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let (m, body, lines) = split(
            "---\ntitle: \"Le \\\"vélo\\\" à Lyon\"\ndescription: 'L''essor du vélo' # note\nslug: velo-lyon\ntags: [vélo, \"Lyon, ville\"]\nparams:\n  x: 1\n---\n# Titre\n",
        );
        assert_eq!(m.title.as_deref(), Some("Le \"vélo\" à Lyon"));
        assert_eq!(m.description.as_deref(), Some("L'essor du vélo"));
        assert_eq!(m.slug.as_deref(), Some("velo-lyon"));
        assert_eq!(m.keywords, vec!["vélo", "Lyon", "ville"]);
        assert_eq!(body, "# Titre\n");
        assert_eq!(lines, 8);
    }

    #[test]
    fn toml_front_matter() {
        let (m, body, _) =
            split("+++\ntitle = \"Vélo\"\nkeywords = [\"vélo\", \"Lyon\"]\n+++\nTexte");
        assert_eq!(m.title.as_deref(), Some("Vélo"));
        assert_eq!(m.keywords, vec!["vélo", "Lyon"]);
        assert_eq!(body, "Texte");
    }

    #[test]
    fn no_front_matter() {
        let (m, body, lines) = split("# Titre\n---\n");
        assert_eq!(m, Metadata::default());
        assert_eq!((body, lines), ("# Titre\n---\n", 0));
    }
}
