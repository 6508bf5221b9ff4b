//! Front matter of a Markdown post: `---` YAML or `+++` TOML, read by their parsers into
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

/// YAML as static-site generators read it (any YAML 1.2 a parser accepts); front matter that
/// does not parse declares nothing.
fn from_yaml(text: &str) -> Metadata {
    use yaml_rust2::{Yaml, YamlLoader};
    let mut metadata = Metadata::default();
    let Ok(documents) = YamlLoader::load_from_str(text) else {
        return metadata;
    };
    let Some(Yaml::Hash(map)) = documents.into_iter().next() else {
        return metadata;
    };
    let scalar = |value: &Yaml| match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    for (key, value) in &map {
        let Some(key) = scalar(key) else { continue };
        let values = match value {
            Yaml::Array(items) => items.iter().filter_map(scalar).collect(),
            other => match scalar(other) {
                Some(v) => vec![v],
                None => continue,
            },
        };
        assign(&mut metadata, &key, values);
    }
    metadata
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
    fn yaml_a_hand_reader_would_miss() {
        // Anchors, block scalars, numbers as titles, and a date: what a YAML parser reads.
        let (m, _, _) = split(
            "---\nkeyphrase: &k vélo à Lyon\ntitle: 2026\ndescription: >-\n  Le vélo\n  gagne du terrain.\ndate: 2026-11-24\nkeywords:\n  - *k\n  - Lyon\n---\nTexte\n",
        );
        assert_eq!(m.keyphrase.as_deref(), Some("vélo à Lyon"));
        assert_eq!(m.title.as_deref(), Some("2026"));
        assert_eq!(m.description.as_deref(), Some("Le vélo gagne du terrain."));
        assert_eq!(m.keywords, vec!["vélo à Lyon", "Lyon"]);
        // Not YAML at all: nothing is declared, the body is still the body.
        let (m, body, _) = split("---\ntitle: [unclosed\n---\nTexte\n");
        assert_eq!((m, body), (Metadata::default(), "Texte\n"));
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
