//! The source article: reading it (file or stdin), the request line it may start with,
//! cleaning, sentences, and the facts to keep.

pub mod clean;
pub mod facts;
pub mod request;

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

pub use facts::Facts;
pub use request::{parse_request_line, ArticleRequest};

use crate::text;

/// An article to rewrite, cleaned, with the request that came with it.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceArticle {
    /// Where it came from (`-` for stdin), for messages.
    pub origin: String,
    pub request: Option<ArticleRequest>,
    /// Paragraphs of article text, without credits, datelines and tickers.
    pub paragraphs: Vec<String>,
}

/// Fewer words than this is not an article to rewrite.
pub const MIN_SOURCE_WORDS: usize = 50;

impl SourceArticle {
    /// Reads a file, or stdin when `path` is `-`.
    pub fn read(path: &Path) -> Result<Self> {
        let origin = path.display().to_string();
        let bytes = if origin == "-" {
            let mut buffer = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buffer)
                .context("reading the article from stdin")?;
            buffer
        } else {
            std::fs::read(path).with_context(|| format!("reading `{origin}`"))?
        };
        let text = String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "`{origin}` is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        Self::from_text(&text, &origin)
    }

    /// Parses article text; `origin` names it in errors.
    pub fn from_text(text: &str, origin: &str) -> Result<Self> {
        if text.contains('\0') {
            bail!("`{origin}` looks binary (it contains NUL bytes), not an article");
        }
        let mut lines = text
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .peekable();
        let request = lines.peek().and_then(|first| parse_request_line(first));
        if request.is_some() {
            lines.next();
        }
        let paragraphs: Vec<String> = lines
            .filter(|l| !l.is_empty() && !clean::is_credit_or_caption(l))
            .map(|l| clean::strip_noise(clean::strip_dateline(l)))
            .filter(|l| !l.is_empty())
            .collect();
        let article = Self {
            origin: origin.to_string(),
            request,
            paragraphs,
        };
        let words = article.word_count();
        if words == 0 {
            bail!("`{origin}` has no article text");
        }
        if words < MIN_SOURCE_WORDS {
            bail!("`{origin}` has {words} words of article text, fewer than {MIN_SOURCE_WORDS}: nothing to rewrite");
        }
        Ok(article)
    }

    pub fn text(&self) -> String {
        self.paragraphs.join("\n\n")
    }

    pub fn word_count(&self) -> usize {
        self.paragraphs.iter().map(|p| text::word_count(p)).sum()
    }

    pub fn sentences(&self) -> Vec<String> {
        self.paragraphs
            .iter()
            .flat_map(|p| text::sentences(p))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "Les deux pays ont convenu de renforcer leur coopération dans la recherche sur les puces, \
        a indiqué vendredi le ministère. Cette décision comprend aussi une collaboration sur l'informatique \
        quantique et des discussions sur l'intelligence artificielle, alors que les deux alliés réduisent \
        leur dépendance. Le ministre a rencontré son homologue à Detroit pour en parler longuement.";

    #[test]
    fn request_line_is_read_and_not_kept_as_text() {
        let input = format!("Make this article seo compatible, in french, at least 700 words\n© Reuters. FILE PHOTO: a caption\nTOKYO (Reuters) – {BODY}\n");
        let a = SourceArticle::from_text(&input, "x.txt").unwrap();
        assert_eq!(a.request.as_ref().unwrap().min_words, Some(700));
        assert_eq!(a.paragraphs.len(), 1);
        assert!(a.paragraphs[0].starts_with("Les deux pays"));
    }

    #[test]
    fn short_and_empty_inputs_are_errors_naming_the_file() {
        let err = SourceArticle::from_text("  \n\n ", "empty.txt")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("empty.txt") && err.contains("no article text"),
            "{err}"
        );
        let err = SourceArticle::from_text("Trois petits mots.", "short.txt")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("short.txt") && err.contains("fewer than"),
            "{err}"
        );
    }
}
