//! The article redacteur writes: headline, metadata the program derives, introduction and
//! sections. The writer builds it, `render` writes it out, and the checks read it as a
//! `Document`, the same one they read from its Markdown.

use super::{Block, BlockKind, Document, Metadata};
use crate::text::word_count;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

/// The written article, with the metadata the program derives.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Article {
    pub title: String,
    pub seo_title: String,
    pub description: String,
    pub slug: String,
    pub keyphrase: String,
    pub keywords: Vec<String>,
    pub intro: Vec<String>,
    pub sections: Vec<Section>,
}

impl Article {
    pub fn body_word_count(&self) -> usize {
        self.intro
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.paragraphs.iter()))
            .map(|p| word_count(p))
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
        let headings = std::iter::once((BlockKind::Heading(1), &article.title))
            .chain(article.intro.iter().map(|p| (BlockKind::Paragraph, p)))
            .chain(article.sections.iter().flat_map(|s| {
                std::iter::once((BlockKind::Heading(2), &s.heading))
                    .chain(s.paragraphs.iter().map(|p| (BlockKind::Paragraph, p)))
            }));
        // The body starts after a blank line; each block is followed by one.
        let mut line = FRONT_MATTER_LINES + article.keywords.len() + 2;
        let mut blocks = Vec::new();
        for (kind, text) in headings {
            let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !collapsed.is_empty() {
                blocks.push(Block {
                    kind,
                    text: collapsed,
                    line: Some(line),
                });
            }
            line += 2 + text.trim().matches('\n').count();
        }
        Self { metadata, blocks }
    }
}
