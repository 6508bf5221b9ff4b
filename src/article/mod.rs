//! The source article: reading it (file or stdin; text in UTF-8, UTF-16 or Latin-1, or an HTML
//! page), the request line it may start with, cleaning, sentences, and the facts to keep.

pub mod clean;
pub mod decode;
pub mod request;

use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

pub use crate::facts::Facts;
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
    /// What the reader had to do or noticed (an encoding converted, HTML read, a language
    /// other than French), each naming the file; the caller shows them.
    pub warnings: Vec<String>,
}

/// Fewer words than this is not an article to rewrite.
pub const MIN_SOURCE_WORDS: usize = 50;

impl SourceArticle {
    /// Reads a file, or stdin when `path` is `-`.
    pub fn read(path: &Path) -> Result<Self> {
        Self::from_bytes(&read_input(path)?, &path.display().to_string())
    }

    /// Reads an article from the bytes of a file; `origin` names it in errors and warnings.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<Self> {
        let decoded = decode::decode(bytes, origin)?;
        let mut warnings = Vec::new();
        if let Some(conversion) = decoded.conversion {
            warnings.push(format!("`{origin}` is {conversion}"));
        }
        let mut article = match looks_like_html(&decoded.text, origin) {
            true => {
                let article = Self::from_html(&decoded.text, origin)?;
                warnings.push(format!(
                    "`{origin}` is HTML: read {} paragraphs of article text from it",
                    article.paragraphs.len()
                ));
                article
            }
            false => Self::from_text(&decoded.text, origin)?,
        };
        warnings.append(&mut article.warnings);
        article.warnings = warnings;
        Ok(article)
    }

    /// The paragraphs of an HTML page's article (its `<article>` or `<main>` when it has
    /// one; navigation, scripts, headers, footers and asides left out).
    pub fn from_html(html: &str, origin: &str) -> Result<Self> {
        let document = crate::document::Document::from_html(html);
        let paragraphs = document
            .blocks
            .iter()
            .filter(|b| b.kind == crate::document::BlockKind::Paragraph)
            .map(|b| clean::strip_noise(clean::strip_dateline(&b.text)))
            .filter(|p| !p.is_empty() && !clean::is_credit_or_caption(p))
            .collect();
        Self::from_paragraphs(paragraphs, None, origin)
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
        Self::from_paragraphs(paragraphs, request, origin)
    }

    fn from_paragraphs(
        paragraphs: Vec<String>,
        request: Option<ArticleRequest>,
        origin: &str,
    ) -> Result<Self> {
        let mut article = Self {
            origin: origin.to_string(),
            request,
            paragraphs,
            warnings: Vec::new(),
        };
        let words = article.word_count();
        if words == 0 {
            bail!("`{origin}` has no article text");
        }
        if words < MIN_SOURCE_WORDS {
            bail!("`{origin}` has {words} words of article text, fewer than {MIN_SOURCE_WORDS}: nothing to rewrite");
        }
        let signal = text::LanguageSignal::of(&article.text());
        if !signal.is_french() {
            let language = match signal.english > signal.french {
                true => "English",
                false => "not French",
            };
            article.warnings.push(format!(
                "`{origin}` reads as {language} ({:.0} % French and {:.0} % English function \
                 words): the article is written in French all the same; check names and figures",
                signal.french * 100.0,
                signal.english * 100.0
            ));
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

/// The bytes of a file, or of stdin for `-`.
pub fn read_input(path: &Path) -> Result<Vec<u8>> {
    match path.as_os_str() == "-" {
        true => {
            let mut buffer = Vec::new();
            std::io::stdin()
                .read_to_end(&mut buffer)
                .context("reading the article from stdin")?;
            Ok(buffer)
        }
        false if path.is_dir() => bail!("`{}` is a folder, not an article", path.display()),
        false => std::fs::read(path).with_context(|| format!("reading `{}`", path.display())),
    }
}

/// An HTML page rather than text: by its name, or by how it starts.
fn looks_like_html(text: &str, origin: &str) -> bool {
    let lower = origin.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm") || crate::document::looks_like_html(text)
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

    #[test]
    fn an_html_page_gives_its_article_without_navigation() {
        let page = format!(
            "<!doctype html><html><body><nav><p>Accueil et rubriques du site</p></nav>\
             <article><h1>Titre</h1><p>TOKYO (Reuters) – {BODY}</p><p>© Reuters. FILE PHOTO: x</p>\
             <script>var x = 1;</script></article><footer><p>Mentions légales</p></footer></body></html>"
        );
        let a = SourceArticle::from_bytes(page.as_bytes(), "page.html").unwrap();
        assert_eq!(a.paragraphs.len(), 1, "{:?}", a.paragraphs);
        assert!(a.paragraphs[0].starts_with("Les deux pays"));
        assert!(
            a.warnings[0].contains("`page.html` is HTML"),
            "{:?}",
            a.warnings
        );
    }

    #[test]
    fn a_source_in_english_is_read_with_a_warning() {
        let english = "The two countries agreed to strengthen their cooperation in chip research, \
            the ministry said on Friday. The decision also includes work on quantum computing and \
            talks on artificial intelligence, as the two allies reduce their dependence on others. \
            The minister met his counterpart in Detroit to discuss it at length with the industry.";
        let a = SourceArticle::from_bytes(english.as_bytes(), "en.txt").unwrap();
        assert!(
            a.warnings.iter().any(|w| w.contains("`en.txt` reads as English")
                && w.contains("written in French")),
            "{:?}",
            a.warnings
        );
        let french = SourceArticle::from_text(BODY, "fr.txt").unwrap();
        assert!(french.warnings.is_empty(), "{:?}", french.warnings);
    }
}
