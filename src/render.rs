//! Rendering an article to Markdown with YAML front matter (as Hugo and Jekyll read it).

use crate::writer::Article;

/// A YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ");
    format!("\"{escaped}\"")
}

pub fn markdown(article: &Article) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(&article.seo_title)));
    out.push_str(&format!(
        "description: {}\n",
        yaml_string(&article.description)
    ));
    out.push_str(&format!("slug: {}\n", yaml_string(&article.slug)));
    out.push_str("keywords:\n");
    for keyword in &article.keywords {
        out.push_str(&format!("  - {}\n", yaml_string(keyword)));
    }
    out.push_str("lang: \"fr\"\n---\n\n");
    out.push_str(&format!("# {}\n\n", article.title));
    for paragraph in &article.intro {
        out.push_str(&format!("{paragraph}\n\n"));
    }
    for section in &article.sections {
        out.push_str(&format!("## {}\n\n", section.heading));
        for paragraph in &section.paragraphs {
            out.push_str(&format!("{paragraph}\n\n"));
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::writer::Section;

    #[test]
    fn markdown_snapshot() {
        let article = Article {
            title: "Un titre".into(),
            seo_title: "Un titre".into(),
            description: "Une \"description\".".into(),
            slug: "un-titre".into(),
            keyphrase: "titre".into(),
            keywords: vec!["titre".into(), "Japon".into()],
            intro: vec!["Intro.".into()],
            sections: vec![Section {
                heading: "Partie".into(),
                paragraphs: vec!["Texte.".into()],
            }],
        };
        assert_eq!(
            markdown(&article),
            "---\ntitle: \"Un titre\"\ndescription: \"Une \\\"description\\\".\"\nslug: \"un-titre\"\nkeywords:\n  - \"titre\"\n  - \"Japon\"\nlang: \"fr\"\n---\n\n# Un titre\n\nIntro.\n\n## Partie\n\nTexte.\n"
        );
    }
}
