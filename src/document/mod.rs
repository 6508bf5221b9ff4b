//! An article as the checks see it: metadata and a list of headings and paragraphs with
//! where they stand, read from Markdown (with YAML or TOML front matter) or HTML.

mod article;
mod front_matter;
mod html;

pub use article::{
    Article, Credit, Part, Question, Section, CREDIT_LABEL, ESSENTIALS_HEADING, FAQ_HEADING,
};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::text;

/// The metadata an article declares (front matter, or the HTML head).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Metadata {
    pub title: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub keywords: Vec<String>,
    pub keyphrase: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    /// A line crediting the source (« Source : … »): not prose, so neither counted in the
    /// body's words nor read as sentences.
    Credit,
}

/// How a credit line opens.
const CREDIT_LABELS: &[&str] = &["Source :", "Sources :", "Source:", "Sources:"];

/// The kind of a paragraph of `text`: a line crediting the source, as editors write it (a
/// label, then a few words: a name, an address), or a paragraph.
fn paragraph_kind(text: &str) -> BlockKind {
    let credit = CREDIT_LABELS.iter().any(|label| {
        text.strip_prefix(label)
            .is_some_and(|rest| text::word_count(rest) <= 12)
    });
    match credit {
        true => BlockKind::Credit,
        false => BlockKind::Paragraph,
    }
}

/// A heading or a paragraph, with the line it starts on (Markdown) when known.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
    pub line: Option<usize>,
}

/// A sentence of the body, with the paragraph it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    pub text: String,
    pub line: Option<usize>,
    pub section: Option<String>,
}

/// Body text under one `##` subheading (or before the first one, `heading` None).
#[derive(Debug, Clone, PartialEq)]
pub struct SectionText<'a> {
    pub heading: Option<&'a Block>,
    pub paragraphs: Vec<&'a Block>,
}

/// An image of the body: where it comes from and its alternative text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Image {
    pub src: String,
    pub alt: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub metadata: Metadata,
    pub blocks: Vec<Block>,
    /// The targets of the body's links, as written.
    pub links: Vec<String>,
    pub images: Vec<Image>,
}

impl Document {
    /// Reads a file, choosing the reader from its extension or, failing that, its content.
    /// Parses an article's text, as its file's extension says (`.html`/`.htm`, `.md`), else
    /// as HTML when it looks like it, else as plain text.
    pub fn from_text(text: &str, path: &std::path::Path) -> Self {
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" => Self::from_html(text),
            "md" | "markdown" => Self::from_markdown(text),
            _ if looks_like_html(text) => Self::from_html(text),
            // Plain text: every line is a paragraph, `#` lines are still headings.
            _ => Self::parse(text, true),
        }
    }

    pub fn from_html(html: &str) -> Self {
        html::read(html)
    }

    /// Markdown, with optional `---` YAML or `+++` TOML front matter.
    pub fn from_markdown(markdown: &str) -> Self {
        Self::parse(markdown, false)
    }

    fn parse(markdown: &str, lines_are_paragraphs: bool) -> Self {
        let (metadata, body, offset) = front_matter::split(markdown);
        let mut blocks = Vec::new();
        let mut current: Option<(BlockKind, String, usize)> = None;
        let mut flush = |current: &mut Option<(BlockKind, String, usize)>| {
            if let Some((kind, text, start)) = current.take() {
                let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                if !text.is_empty() {
                    let line = offset + body[..start].matches('\n').count() + 1;
                    let kind = match kind {
                        BlockKind::Paragraph => paragraph_kind(&text),
                        kind => kind,
                    };
                    blocks.push(Block {
                        kind,
                        text,
                        line: Some(line),
                    });
                }
            }
        };
        let mut in_image = 0;
        let (mut links, mut images) = (Vec::new(), Vec::<Image>::new());
        let parser = Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter();
        for (event, range) in parser {
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    flush(&mut current);
                    let kind = BlockKind::Heading(heading_level(level));
                    current = Some((kind, String::new(), range.start));
                }
                Event::Start(Tag::Paragraph) if current.is_none() => {
                    current = Some((BlockKind::Paragraph, String::new(), range.start));
                }
                Event::Start(Tag::Item) => {
                    // Tight list items hold their text directly; a nested list ends the text
                    // of the item around it.
                    flush(&mut current);
                    current = Some((BlockKind::Paragraph, String::new(), range.start));
                }
                Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    in_image += 1;
                    images.push(Image {
                        src: dest_url.to_string(),
                        alt: String::new(),
                    });
                }
                Event::End(TagEnd::Image) => in_image -= 1,
                Event::Text(t) | Event::Code(t) if in_image > 0 => {
                    if let Some(image) = images.last_mut() {
                        image.alt.push_str(&t);
                    }
                }
                Event::Text(t) | Event::Code(t) if in_image == 0 => {
                    if let Some((_, text, _)) = current.as_mut() {
                        text.push_str(&t);
                    }
                }
                Event::SoftBreak
                    if lines_are_paragraphs
                        && current
                            .as_ref()
                            .is_some_and(|c| c.0 == BlockKind::Paragraph) =>
                {
                    flush(&mut current);
                    current = Some((BlockKind::Paragraph, String::new(), range.end));
                }
                Event::SoftBreak | Event::HardBreak => {
                    if let Some((_, text, _)) = current.as_mut() {
                        text.push(' ');
                    }
                }
                Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item) => {
                    flush(&mut current)
                }
                _ => {}
            }
        }
        flush(&mut current);
        Self {
            metadata,
            blocks,
            links,
            images,
        }
    }

    pub fn headings(&self, level: u8) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(move |b| b.kind == BlockKind::Heading(level))
    }

    pub fn paragraphs(&self) -> impl Iterator<Item = &Block> {
        self.blocks
            .iter()
            .filter(|b| b.kind == BlockKind::Paragraph)
    }

    /// The SEO title: the declared one, else the H1 (as a CMS would use it).
    pub fn seo_title(&self) -> Option<&str> {
        self.metadata
            .title
            .as_deref()
            .or_else(|| self.headings(1).next().map(|b| b.text.as_str()))
    }

    /// The body split at `##` subheadings; deeper headings stay inside their section.
    pub fn sections(&self) -> Vec<SectionText<'_>> {
        let mut out = vec![SectionText {
            heading: None,
            paragraphs: Vec::new(),
        }];
        for block in &self.blocks {
            match block.kind {
                BlockKind::Heading(2) => out.push(SectionText {
                    heading: Some(block),
                    paragraphs: Vec::new(),
                }),
                BlockKind::Paragraph => out.last_mut().expect("one").paragraphs.push(block),
                BlockKind::Heading(_) | BlockKind::Credit => {}
            }
        }
        out
    }

    /// The body's sentences in order, each with its line and section.
    pub fn sentences(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        for section in self.sections() {
            for paragraph in &section.paragraphs {
                for sentence in text::sentences(&paragraph.text) {
                    out.push(Sentence {
                        text: sentence,
                        line: paragraph.line,
                        section: section.heading.map(|h| h.text.clone()),
                    });
                }
            }
        }
        out
    }

    /// What the article says, in order: the body's sentences and the questions it asks (a
    /// `###` heading that ends in « ? », as « Questions fréquentes » asks them), each with
    /// its line and section. The grounding rules read these: a question can invent as a
    /// sentence can (« Pourquoi le chef d'entreprise a-t-il été condamné à trois ans de
    /// plus ? », procès seed 2, stop 71).
    pub fn statements(&self) -> Vec<Sentence> {
        let mut out = Vec::new();
        let mut section: Option<String> = None;
        for block in &self.blocks {
            match block.kind {
                BlockKind::Heading(2) => section = Some(block.text.clone()),
                BlockKind::Heading(3) if block.text.trim_end().ends_with('?') => {
                    out.push(Sentence {
                        text: block.text.trim().to_string(),
                        line: block.line,
                        section: section.clone(),
                    })
                }
                BlockKind::Paragraph => out.extend(text::sentences(&block.text).into_iter().map(
                    |text| Sentence {
                        text,
                        line: block.line,
                        section: section.clone(),
                    },
                )),
                _ => {}
            }
        }
        out
    }

    pub fn body_text(&self) -> String {
        self.paragraphs()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    pub fn body_words(&self) -> usize {
        self.paragraphs().map(|b| text::word_count(&b.text)).sum()
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Whether text starts as an HTML page does.
pub fn looks_like_html(text: &str) -> bool {
    let head = text
        .trim_start()
        .get(..512.min(text.trim_start().len()))
        .unwrap_or("");
    let head = head.to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blocks_with_lines_and_front_matter() {
        let md = "---\ntitle: \"Un titre\"\nkeywords:\n  - vélo\n  - Lyon\n---\n\n# Le vélo à Lyon\n\nPremier paragraphe,\nsur deux lignes.\n\n## Une partie\n\nTexte ![image](a.png) *en* `code`.\n\n- un\n- deux\n";
        let doc = Document::from_markdown(md);
        assert_eq!(doc.metadata.title.as_deref(), Some("Un titre"));
        assert_eq!(doc.metadata.keywords, vec!["vélo", "Lyon"]);
        let texts: Vec<(&str, Option<usize>)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.line))
            .collect();
        assert_eq!(
            texts,
            vec![
                ("Le vélo à Lyon", Some(8)),
                ("Premier paragraphe, sur deux lignes.", Some(10)),
                ("Une partie", Some(13)),
                ("Texte en code.", Some(15)),
                ("un", Some(17)),
                ("deux", Some(18)),
            ]
        );
        assert_eq!(doc.sections().len(), 2);
        assert_eq!(doc.body_words(), 10);
        assert_eq!(
            doc.images,
            vec![Image {
                src: "a.png".into(),
                alt: "image".into()
            }]
        );
    }

    #[test]
    fn links_are_read_with_their_targets() {
        let doc = Document::from_markdown(
            "Selon [l'AFP](https://www.afp.com/x), et [notre dossier](/dossiers/velo).",
        );
        assert_eq!(doc.links, vec!["https://www.afp.com/x", "/dossiers/velo"]);
        assert_eq!(doc.body_words(), 5);
    }

    #[test]
    fn plain_text_lines_are_paragraphs() {
        let doc = Document::parse("Une ligne.\nUne autre ligne.\n\n# Titre\nFin.", true);
        let lines: Vec<(&str, Option<usize>)> = doc
            .blocks
            .iter()
            .map(|b| (b.text.as_str(), b.line))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("Une ligne.", Some(1)),
                ("Une autre ligne.", Some(2)),
                ("Titre", Some(4)),
                ("Fin.", Some(5))
            ]
        );
    }

    #[test]
    fn the_h1_stands_in_for_a_missing_title() {
        let doc = Document::from_markdown("# Le vélo\n\nTexte.");
        assert_eq!(doc.seo_title(), Some("Le vélo"));
    }
}
