//! Reading an HTML page into a `Document`: metadata from the head (title, meta description,
//! keywords, canonical link for the slug) and headings and paragraphs from the article.

use scraper::{ElementRef, Html, Selector};

use super::{Block, BlockKind, Document, Metadata};

fn selector(css: &str) -> Selector {
    Selector::parse(css).expect("a valid built-in selector")
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(html: &Html, css: &str) -> Option<String> {
    html.select(&selector(css))
        .filter_map(|e| e.value().attr("content"))
        .map(collapse)
        .find(|c| !c.is_empty())
}

/// The last path segment of a URL, without an extension: the page's slug.
fn slug_of(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    let last = last
        .strip_suffix(".html")
        .or_else(|| last.strip_suffix(".htm"))
        .unwrap_or(last);
    (!last.is_empty() && !last.contains(':')).then(|| last.to_string())
}

pub fn read(text: &str) -> Document {
    let html = Html::parse_document(text);
    let title = html
        .select(&selector("head title"))
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
        .or_else(|| meta(&html, r#"meta[property="og:title"]"#));
    let keywords = meta(&html, r#"meta[name="keywords"]"#)
        .map(|k| {
            k.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let slug = html
        .select(&selector(r#"link[rel="canonical"]"#))
        .filter_map(|e| e.value().attr("href"))
        .find_map(slug_of);
    let metadata = Metadata {
        title,
        description: meta(&html, r#"meta[name="description"]"#),
        slug,
        keywords,
        keyphrase: meta(&html, r#"meta[name="keyphrase"]"#),
    };

    // The article's own text: inside <article> or <main> when there is one.
    let root = ["article", "main", "body"]
        .iter()
        .find_map(|css| html.select(&selector(css)).next())
        .unwrap_or_else(|| html.root_element());
    let mut blocks = Vec::new();
    collect(root, &mut blocks);
    let links = root
        .select(&selector("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    let images = root
        .select(&selector("img"))
        .map(|img| super::Image {
            src: img.value().attr("src").unwrap_or("").to_string(),
            alt: img.value().attr("alt").unwrap_or("").to_string(),
        })
        .collect();
    Document {
        metadata,
        blocks,
        links,
        images,
    }
}

const SKIPPED: &[&str] = &[
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "template",
    "figcaption",
];

fn collect(element: ElementRef<'_>, blocks: &mut Vec<Block>) {
    for child in element.children().filter_map(ElementRef::wrap) {
        let name = child.value().name();
        let kind = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                Some(BlockKind::Heading(name.as_bytes()[1] - b'0'))
            }
            "p" => Some(BlockKind::Paragraph),
            // A list item with paragraphs inside is read through them.
            "li" if child.select(&selector("p")).next().is_none() => Some(BlockKind::Paragraph),
            _ => None,
        };
        match kind {
            Some(kind) => {
                let text = collapse(&child.text().collect::<String>());
                if !text.is_empty() {
                    blocks.push(Block {
                        kind: match kind {
                            BlockKind::Paragraph => super::paragraph_kind(&text),
                            kind => kind,
                        },
                        text,
                        line: None,
                    });
                }
            }
            None if SKIPPED.contains(&name) => {}
            None => collect(child, blocks),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_and_article_are_read() {
        let doc = read(
            r#"<!doctype html><html><head><title>Le vélo à Lyon</title>
            <meta name="description" content="Une  description.">
            <meta name="keywords" content="vélo, Lyon">
            <link rel="canonical" href="https://example.org/actu/velo-lyon.html"></head>
            <body><nav><p>Menu</p></nav><article><h1>Le <em>vélo</em></h1><p>Un texte.</p>
            <h2>Partie</h2><ul><li>un</li><li><p>deux</p></li></ul><script>var x;</script>
            </article></body></html>"#,
        );
        assert_eq!(doc.metadata.title.as_deref(), Some("Le vélo à Lyon"));
        assert_eq!(
            doc.metadata.description.as_deref(),
            Some("Une description.")
        );
        assert_eq!(doc.metadata.slug.as_deref(), Some("velo-lyon"));
        assert_eq!(doc.metadata.keywords, vec!["vélo", "Lyon"]);
        let texts: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, vec!["Le vélo", "Un texte.", "Partie", "un", "deux"]);
    }
}
