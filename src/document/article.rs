//! The article redacteur writes: headline, metadata the program derives, introduction and
//! sections. The writer builds it, `render` writes it out, and the checks read it as a
//! `Document`, the same one they read from its Markdown.

use super::{Block, BlockKind, Document, Image, Metadata};
use crate::text::word_count;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// A question readers ask, answered from the source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Question {
    pub question: String,
    pub answer: String,
}

/// The subheading of the list of key facts, after the introduction.
pub const ESSENTIALS_HEADING: &str = "L'essentiel";
/// The subheading of the questions and answers, at the end.
pub const FAQ_HEADING: &str = "Questions fréquentes";

/// How the line crediting the source opens.
pub const CREDIT_LABEL: &str = "Source :";

/// The source, credited at the end of the article with a link to it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Credit {
    /// What the link reads: the source's site (`agence.example`).
    pub name: String,
    pub url: String,
}

impl Credit {
    /// The credit of the article at `url`, an absolute web address.
    pub fn new(url: &str) -> anyhow::Result<Self> {
        let url = url.trim();
        let rest = ["https://", "http://"]
            .iter()
            .find_map(|scheme| {
                url.get(..scheme.len())
                    .filter(|s| s.eq_ignore_ascii_case(scheme))
                    .map(|_| &url[scheme.len()..])
            })
            .ok_or_else(|| {
                anyhow::anyhow!("`{url}` is not a web address starting with http:// or https://")
            })?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or(host);
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        if host.is_empty() || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            anyhow::bail!("`{url}` is not a web address: it has no host, or it holds spaces");
        }
        Ok(Self {
            name: host.strip_prefix("www.").unwrap_or(&host).to_string(),
            url: url.to_string(),
        })
    }

    /// The line as a reader reads it.
    pub fn text(&self) -> String {
        format!("{CREDIT_LABEL} {}", self.name)
    }
}

/// The written article, with the metadata the program derives.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Article {
    pub title: String,
    pub seo_title: String,
    pub description: String,
    pub slug: String,
    pub keyphrase: String,
    pub keywords: Vec<String>,
    pub intro: Vec<String>,
    /// The key facts, listed under `ESSENTIALS_HEADING` after the introduction; none when
    /// empty.
    pub essentials: Vec<String>,
    pub sections: Vec<Section>,
    /// Questions and answers under `FAQ_HEADING`, after the sections; none when empty.
    pub faq: Vec<Question>,
    /// A figure after the introduction.
    pub image: Option<Image>,
    /// The source, credited in the last line.
    pub credit: Option<Credit>,
}

/// One block of an article's body as Markdown lays it out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Part<'a> {
    pub kind: BlockKind,
    pub text: &'a str,
    /// A list item (`- …`).
    pub item: bool,
    /// Lines from this block's start to the next block's: list items are one line apart,
    /// other blocks two.
    pub gap: usize,
    /// The figure this block is (its `text` is empty).
    pub image: Option<&'a Image>,
    /// The address the text links to (the credit's `text` is the link's, after the label).
    pub link: Option<&'a str>,
}

impl Article {
    /// Every block of the body in reading order.
    pub fn parts(&self) -> Vec<Part<'_>> {
        let block = |kind, text| Part {
            kind,
            text,
            item: false,
            gap: 2,
            image: None,
            link: None,
        };
        let mut out = vec![block(BlockKind::Heading(1), self.title.as_str())];
        out.extend(self.intro.iter().map(|p| block(BlockKind::Paragraph, p)));
        if let Some(image) = &self.image {
            out.push(Part {
                image: Some(image),
                ..block(BlockKind::Paragraph, "")
            });
        }
        if !self.essentials.is_empty() {
            out.push(block(BlockKind::Heading(2), ESSENTIALS_HEADING));
            for (i, item) in self.essentials.iter().enumerate() {
                out.push(Part {
                    item: true,
                    gap: if i + 1 == self.essentials.len() { 2 } else { 1 },
                    ..block(BlockKind::Paragraph, item)
                });
            }
        }
        for s in &self.sections {
            out.push(block(BlockKind::Heading(2), &s.heading));
            out.extend(s.paragraphs.iter().map(|p| block(BlockKind::Paragraph, p)));
        }
        if !self.faq.is_empty() {
            out.push(block(BlockKind::Heading(2), FAQ_HEADING));
            for q in &self.faq {
                out.push(block(BlockKind::Heading(3), &q.question));
                out.push(block(BlockKind::Paragraph, &q.answer));
            }
        }
        if let Some(credit) = &self.credit {
            out.push(Part {
                link: Some(&credit.url),
                ..block(BlockKind::Credit, &credit.name)
            });
        }
        out
    }

    pub fn body_word_count(&self) -> usize {
        self.parts()
            .iter()
            .filter(|p| p.kind == BlockKind::Paragraph)
            .map(|p| word_count(p.text))
            .sum()
    }
}

/// Lines of the front matter `render::markdown` writes before the body: the two fences, the
/// title, description, date, slug, keyphrase, `keywords:` and `lang` lines, one per keyword.
const FRONT_MATTER_LINES: usize = 9;

impl From<&Article> for Document {
    /// The document `Document::from_markdown` reads from the article's Markdown
    /// (`render::markdown`): the same metadata, blocks and line numbers, without writing and
    /// parsing the Markdown.
    fn from(article: &Article) -> Self {
        // A front matter value is written on one line, and read back without empty values.
        let scalar = |v: &str| Some(v.replace('\n', " ")).filter(|v| !v.is_empty());
        let metadata = Metadata {
            title: scalar(&article.seo_title),
            description: scalar(&article.description),
            slug: scalar(&article.slug),
            keywords: article
                .keywords
                .iter()
                .flat_map(|k| {
                    k.replace('\n', " ")
                        .split(',')
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                })
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty())
                .collect(),
            keyphrase: scalar(&article.keyphrase),
        };
        // The body starts after a blank line.
        let mut line = FRONT_MATTER_LINES + article.keywords.len() + 2;
        let mut blocks = Vec::new();
        let mut links = Vec::new();
        for part in article.parts() {
            let mut collapsed = part.text.split_whitespace().collect::<Vec<_>>().join(" ");
            if part.kind == BlockKind::Credit {
                collapsed = format!("{CREDIT_LABEL} {collapsed}");
            }
            links.extend(part.link.map(str::to_string));
            if !collapsed.is_empty() {
                blocks.push(Block {
                    kind: part.kind,
                    text: collapsed,
                    line: Some(line),
                });
            }
            line += part.gap + part.text.trim().matches('\n').count();
        }
        Self {
            metadata,
            blocks,
            links,
            images: article.image.iter().cloned().collect(),
        }
    }
}
