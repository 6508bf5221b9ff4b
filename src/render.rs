//! Rendering an article: Markdown with YAML front matter (as Hugo and Jekyll read a post), a
//! complete HTML page (meta description, canonical link, Open Graph, JSON-LD `NewsArticle`),
//! or JSON with every field. It knows nothing of models or checks beyond the values given.

use serde_json::{json, Value};

use crate::document::{Article, BlockKind, CREDIT_LABEL, ESSENTIALS_HEADING, FAQ_HEADING};

/// Where and when the article is published, and what it is based on.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Publication {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Site address the canonical URL is built on (`https://example.org`); relative if None.
    pub base_url: Option<String>,
    /// Address of the source article, credited as `isBasedOn`.
    pub source_url: Option<String>,
}

impl Publication {
    pub fn canonical(&self, slug: &str) -> String {
        match &self.base_url {
            Some(base) => format!("{}/{slug}/", base.trim_end_matches('/')),
            None => format!("/{slug}/"),
        }
    }
}

/// Today's date in UTC as `YYYY-MM-DD`.
pub fn today() -> String {
    jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

/// Whether `date` is a valid date written `YYYY-MM-DD` (a day the calendar has).
pub fn is_date(date: &str) -> bool {
    let b = date.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && date.parse::<jiff::civil::Date>().is_ok()
}

/// A YAML double-quoted scalar.
fn yaml_string(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', " ");
    format!("\"{escaped}\"")
}

/// Text escaped so that a Markdown reader gives it back as written: inline markup
/// characters get a backslash, and so does a line start that would open a block.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '<' | '>' | '[' | ']' | '`' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    let opens_block = out.starts_with(['#', '-', '+', '=', '~'])
        || digits > 0 && out[digits..].starts_with(['.', ')']);
    match opens_block {
        true if digits > 0 => format!("{}\\{}", &out[..digits], &out[digits..]),
        true => format!("\\{out}"),
        false => out,
    }
}

/// An address as a Markdown link destination that reads back as written: in `<…>` when
/// it holds spaces or parentheses; the few characters no destination may hold
/// percent-encoded.
fn markdown_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '<' | '>' | '\\' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    match out.contains([' ', '(', ')']) {
        true => format!("<{out}>"),
        false => out,
    }
}

/// The body as Markdown: H1, introduction, the figure, the key facts as a list, each `##`
/// section, the questions as `###` headings with their answers, then the credit.
fn markdown_body(article: &Article) -> String {
    let mut out = String::new();
    for part in article.parts() {
        let text = escape_markdown(part.text);
        if let Some(image) = part.image {
            out.push_str(&format!(
                "![{}]({})",
                escape_markdown(&image.alt),
                markdown_url(&image.src)
            ));
            out.push_str(&"\n".repeat(part.gap));
            continue;
        }
        match part.kind {
            BlockKind::Credit => out.push_str(&format!(
                "{CREDIT_LABEL} [{text}]({})",
                markdown_url(part.link.unwrap_or_default())
            )),
            BlockKind::Heading(level) => {
                out.push_str(&format!("{} {text}", "#".repeat(level as usize)))
            }
            BlockKind::Paragraph if part.item => out.push_str(&format!("- {text}")),
            BlockKind::Paragraph => out.push_str(&text),
        }
        out.push_str(&"\n".repeat(part.gap));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

pub fn markdown(article: &Article, publication: &Publication) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", yaml_string(&article.seo_title)));
    out.push_str(&format!(
        "description: {}\n",
        yaml_string(&article.description)
    ));
    out.push_str(&format!("date: {}\n", publication.date));
    out.push_str(&format!("slug: {}\n", yaml_string(&article.slug)));
    out.push_str(&format!("keyphrase: {}\n", yaml_string(&article.keyphrase)));
    out.push_str("keywords:\n");
    for keyword in &article.keywords {
        out.push_str(&format!("  - {}\n", yaml_string(keyword)));
    }
    out.push_str("lang: \"fr\"\n---\n\n");
    out.push_str(&markdown_body(article));
    out
}

/// Text escaped for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
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

/// The schema.org `NewsArticle` describing the article.
pub fn json_ld(article: &Article, publication: &Publication) -> Value {
    let mut ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.seo_title,
        "description": article.description,
        "inLanguage": "fr",
        "keywords": article.keywords.join(", "),
        "datePublished": publication.date,
        "wordCount": article.body_word_count(),
        "mainEntityOfPage": publication.canonical(&article.slug),
    });
    if let Some(url) = &publication.source_url {
        ld["isBasedOn"] = json!({"@type": "NewsArticle", "url": url});
    }
    if let Some(image) = &article.image {
        ld["image"] = json!(image.src);
    }
    ld
}

/// The schema.org `FAQPage` of the article's questions and answers, if it has any.
pub fn faq_ld(article: &Article) -> Option<Value> {
    if article.faq.is_empty() {
        return None;
    }
    Some(json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "inLanguage": "fr",
        "mainEntity": article.faq.iter().map(|q| json!({
            "@type": "Question",
            "name": q.question,
            "acceptedAnswer": {"@type": "Answer", "text": q.answer},
        })).collect::<Vec<_>>(),
    }))
}

/// JSON for a `<script>` element: `</script>` inside it would close the element.
fn script_json(value: &Value) -> String {
    serde_json::to_string_pretty(value)
        .expect("JSON values serialise")
        .replace("</", "<\\/")
}

/// A complete HTML page, from `templates/article.html` with HTML auto-escaping.
pub fn html(article: &Article, publication: &Publication) -> String {
    let canonical = publication.canonical(&article.slug);
    let ld = script_json(&json_ld(article, publication));
    let faq = faq_ld(article).map(|v| script_json(&v));
    let open_graph = [
        ("og:type", "article"),
        ("og:locale", "fr_FR"),
        ("og:title", article.seo_title.as_str()),
        ("og:description", article.description.as_str()),
        ("og:url", canonical.as_str()),
        ("article:published_time", publication.date.as_str()),
    ];
    templates()
        .get_template("article.html")
        .and_then(|t| {
            t.render(minijinja::context! {
                article => article,
                keywords => article.keywords.join(", "),
                canonical => canonical,
                open_graph => open_graph,
                json_ld => ld,
                faq_ld => faq,
                essentials_heading => ESSENTIALS_HEADING,
                faq_heading => FAQ_HEADING,
                credit_label => CREDIT_LABEL,
            })
        })
        .expect("the embedded article template renders")
}

/// The HTML templates, embedded in the binary, with auto-escaping by `escape_html`.
fn templates() -> &'static minijinja::Environment<'static> {
    static TEMPLATES: std::sync::OnceLock<minijinja::Environment<'static>> =
        std::sync::OnceLock::new();
    TEMPLATES.get_or_init(|| {
        let mut env = minijinja::Environment::new();
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        // minijinja's own escaping also writes `/` as `&#x2f;`, which would mangle URLs for
        // a human reader; ours escapes what HTML needs (`& < > " '`).
        env.set_formatter(|out, state, value| {
            if state.auto_escape() == minijinja::AutoEscape::Html && !value.is_safe() {
                if value.is_none() || value.is_undefined() {
                    return Ok(());
                }
                return write!(out, "{}", escape_html(&value.to_string())).map_err(|e| {
                    minijinja::Error::new(minijinja::ErrorKind::WriteFailure, e.to_string())
                });
            }
            minijinja::escape_formatter(out, state, value)
        });
        env.add_template("article.html", include_str!("templates/article.html"))
            .expect("the embedded article template parses");
        env
    })
}

/// Every field of the article, its Markdown body, and what the caller adds (the report and
/// the generation statistics).
pub fn json(article: &Article, publication: &Publication, extra: Value) -> String {
    let mut value = json!({
        "title": article.title,
        "seo_title": article.seo_title,
        "description": article.description,
        "slug": article.slug,
        "canonical": publication.canonical(&article.slug),
        "keyphrase": article.keyphrase,
        "keywords": article.keywords,
        "date": publication.date,
        "lang": "fr",
        "source_url": publication.source_url,
        "intro": article.intro,
        "essentials": article.essentials,
        "faq": article.faq,
        "image": article.image,
        "credit": article.credit,
        "sections": article.sections.iter().map(|s| json!({
            "heading": s.heading,
            "paragraphs": s.paragraphs,
        })).collect::<Vec<_>>(),
        "body_words": article.body_word_count(),
        "markdown": markdown_body(article),
    });
    if let (Some(object), Value::Object(extra)) = (value.as_object_mut(), extra) {
        object.extend(extra);
    }
    let mut text = serde_json::to_string_pretty(&value).expect("JSON values serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Document, Question, Section};

    pub(crate) fn article() -> Article {
        Article {
            title: "Un titre".into(),
            seo_title: "Un titre".into(),
            description: "Une \"description\".".into(),
            slug: "un-titre".into(),
            keyphrase: "titre".into(),
            keywords: vec!["titre".into(), "Japon".into()],
            intro: vec!["Intro.".into()],
            sections: vec![Section {
                heading: "Partie & suite".into(),
                paragraphs: vec!["Texte </script>.".into()],
            }],
            ..Article::default()
        }
    }

    /// The article with « L'essentiel » and questions.
    fn with_extras() -> Article {
        Article {
            essentials: vec!["Un fait *clé*.".into(), "- Un autre fait.".into()],
            faq: vec![Question {
                question: "Que dit la « source » ?".into(),
                answer: "Elle dit <ceci> & cela.".into(),
            }],
            ..article()
        }
    }

    /// The article with its figure and its credit.
    fn with_media() -> Article {
        Article {
            image: Some(crate::document::Image {
                src: "https://cdn.example/a (1).jpg".into(),
                alt: "Un [titre] *illustré*".into(),
            }),
            credit: Some(
                crate::document::Credit::new("https://www.agence.example/depeche").unwrap(),
            ),
            ..with_extras()
        }
    }

    #[test]
    fn the_figure_follows_the_introduction_and_the_credit_links_the_source() {
        let article = with_media();
        let md = markdown(&article, &publication());
        assert!(
            md.contains("Intro.\n\n![Un \\[titre\\] \\*illustré\\*](<https://cdn.example/a (1).jpg>)\n\n## L'essentiel"),
            "{md}"
        );
        assert!(
            md.ends_with(
                "cela.\n\nSource : [agence.example](https://www.agence.example/depeche)\n"
            ),
            "{md}"
        );
        let page = html(&article, &publication());
        assert!(
            page.contains(
                "<img src=\"https://cdn.example/a (1).jpg\" alt=\"Un [titre] *illustré*\">"
            ),
            "{page}"
        );
        assert!(page.contains(
            "<p class=\"source\">Source : <a href=\"https://www.agence.example/depeche\">agence.example</a></p>"
        ));
        assert!(page.contains("\"image\": \"https://cdn.example/a (1).jpg\""));
        for document in [Document::from_markdown(&md), Document::from_html(&page)] {
            assert_eq!(document.links, ["https://www.agence.example/depeche"]);
            assert_eq!(document.images.len(), 1);
            assert_eq!(document.images[0].alt, "Un [titre] *illustré*");
            // The credit is no prose: neither body words nor a sentence to ground.
            assert_eq!(document.body_words(), article.body_word_count());
            assert!(document
                .sentences()
                .iter()
                .all(|s| !s.text.contains("agence")));
        }
        assert_eq!(article.body_word_count(), with_extras().body_word_count());
        let json: serde_json::Value =
            serde_json::from_str(&json(&article, &publication(), serde_json::json!({}))).unwrap();
        assert_eq!(json["credit"]["name"], "agence.example");
        assert_eq!(json["image"]["alt"], "Un [titre] *illustré*");
    }

    fn publication() -> Publication {
        Publication {
            date: "2026-11-24".into(),
            base_url: Some("https://exemple.fr/".into()),
            source_url: Some("https://agence.example/depeche".into()),
        }
    }

    /// `write` checks its article as a `Document` built from it, `check` reads the Markdown:
    /// both must see the same metadata, blocks and lines, markup characters included.
    #[test]
    fn the_checks_see_the_article_as_its_markdown_reads() {
        let tricky = Article {
            title: "Vélo *et* tram : 12 km".into(),
            seo_title: "Vélo à Lyon : le [plan] 2026".into(),
            description: "Une description\nsur deux lignes, avec « guillemets » et \"quotes\"."
                .into(),
            slug: "velo-lyon".into(),
            keyphrase: "vélo à Lyon".into(),
            keywords: vec![
                "vélo à Lyon".into(),
                "pistes, voies".into(),
                "Métropole".into(),
            ],
            intro: vec![
                "1. Un début qui ressemble à une liste.".into(),
                "# Pas un titre, et   des   espaces.".into(),
            ],
            sections: vec![
                Section {
                    heading: "Les _enjeux_ de 2026".into(),
                    paragraphs: vec![
                        "- Pas une puce : `code`, <b>balise</b> et 3 > 2.".into(),
                        "Le maire a dit : « Nous irons plus loin. »".into(),
                    ],
                },
                Section {
                    heading: "Et après ?".into(),
                    paragraphs: vec!["+ Fin | barre \\ oblique.".into()],
                },
            ],
            ..with_media()
        };
        for article in [article(), with_extras(), with_media(), tricky] {
            let read = Document::from_markdown(&markdown(&article, &publication()));
            assert_eq!(Document::from(&article), read);
        }
    }

    #[test]
    fn markdown_snapshot() {
        assert_eq!(
            markdown(&article(), &publication()),
            "---\ntitle: \"Un titre\"\ndescription: \"Une \\\"description\\\".\"\ndate: 2026-11-24\nslug: \"un-titre\"\nkeyphrase: \"titre\"\nkeywords:\n  - \"titre\"\n  - \"Japon\"\nlang: \"fr\"\n---\n\n# Un titre\n\nIntro.\n\n## Partie & suite\n\nTexte \\</script\\>.\n"
        );
    }

    #[test]
    fn key_facts_are_a_list_and_questions_have_their_faq_page() {
        let extras = with_extras();
        let md = markdown(&extras, &publication());
        assert!(
            md.contains(
                "## L'essentiel\n\n- Un fait \\*clé\\*.\n- \\- Un autre fait.\n\n## Partie"
            ),
            "{md}"
        );
        assert!(md.ends_with("## Questions fréquentes\n\n### Que dit la « source » ?\n\nElle dit \\<ceci\\> & cela.\n"), "{md}");
        let page = html(&extras, &publication());
        assert!(
            page.contains("\"@type\": \"FAQPage\"")
                && page.contains("<h3>Que dit la « source » ?</h3>")
        );
        assert!(page.contains("<li>Un fait *clé*.</li>"), "{page}");
        let blocks = |d: Document| {
            d.blocks
                .into_iter()
                .map(|b| (b.kind, b.text))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            blocks(Document::from_html(&page)),
            blocks(Document::from_markdown(&md))
        );
        assert!(!html(&article(), &publication()).contains("FAQPage"));
        // The answers and the items are body words.
        assert_eq!(extras.body_word_count(), 1 + 3 + 3 + 2 + 4);
    }

    #[test]
    fn markdown_text_reads_back_as_written() {
        for text in [
            "a <b> *c* _d_ [e](f) `g` | h",
            "# pas un titre",
            "1. pas une liste",
            "- non",
            "2026) oui",
        ] {
            let doc = crate::document::Document::from_markdown(&escape_markdown(text));
            assert_eq!(doc.blocks.len(), 1, "{text}");
            assert_eq!(doc.blocks[0].text, text);
            assert_eq!(doc.blocks[0].kind, crate::document::BlockKind::Paragraph);
        }
    }

    /// The page is whole, every value escaped once, the JSON-LD unbroken.
    #[test]
    fn the_html_template_escapes_every_value_once() {
        let mut a = article();
        a.title = "L'été / « chaud » & <b>".into();
        a.keywords = vec!["a'b".into(), "c\"d".into()];
        let page = html(&a, &Publication::default());
        assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n"));
        assert!(page.ends_with("</article>\n</body>\n</html>\n"));
        assert!(page.contains("<h1>L&#39;été / « chaud » &amp; &lt;b&gt;</h1>\n"));
        assert!(page.contains("<meta name=\"keywords\" content=\"a&#39;b, c&quot;d\">\n"));
        assert!(page.contains("<link rel=\"canonical\" href=\"/un-titre/\">\n"));
        assert!(page.contains("<meta property=\"og:locale\" content=\"fr_FR\">\n"));
        assert!(!page.contains("&amp;amp;") && !page.contains("\n\n"));
        let ld = page
            .split("<script type=\"application/ld+json\">\n")
            .nth(1)
            .and_then(|rest| rest.split("\n</script>").next())
            .unwrap();
        let ld: Value = serde_json::from_str(ld).unwrap();
        assert_eq!(ld["headline"], "Un titre");
    }

    #[test]
    fn html_escapes_and_credits_the_source() {
        let page = html(&article(), &publication());
        assert!(page.contains("<h2>Partie &amp; suite</h2>"));
        assert!(page.contains("<p>Texte &lt;/script&gt;.</p>"));
        assert!(page.contains("<link rel=\"canonical\" href=\"https://exemple.fr/un-titre/\">"));
        assert!(page.contains("\"isBasedOn\""));
        assert_eq!(page.matches("</script>").count(), 1);
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-11-24") && is_date("2000-02-29"));
        assert!(!is_date("2026-13-01") && !is_date("24/11/2026") && !is_date("2026-1-1"));
        // Days the calendar lacks.
        assert!(!is_date("2026-02-30") && !is_date("2025-02-29") && !is_date("2026-04-31"));
        assert!(!is_date("20261124") && !is_date("+2026-11-2"));
        assert!(is_date(&today()));
    }
}
