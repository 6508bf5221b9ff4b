//! What the article carries besides its text, from the command line: the credit of the
//! source with a link to it (`--source-url`) and a figure after the introduction (`--image`).

use anyhow::{bail, Result};

use crate::document::{Article, Credit, Image};
use crate::seo::{self, Keyphrase};

/// The image asked for: where it is, and its alternative text if the user gave one.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageRequest {
    pub src: String,
    pub alt: Option<String>,
}

/// The credit and the figure of an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Media {
    pub credit: Option<Credit>,
    pub image: Option<ImageRequest>,
}

/// Whether `src` is an image address a page may show: a web address, or a path of the site
/// (no other scheme: `javascript:` or `data:` have no place in an article).
fn check_image(src: &str) -> Result<()> {
    if src.is_empty() || src.chars().any(|c| c.is_whitespace() || c.is_control()) {
        bail!("`--image {src}`: an image address is one word, without spaces");
    }
    let lower = src.to_ascii_lowercase();
    let scheme = lower.split('/').next().unwrap_or("").contains(':');
    if scheme && !lower.starts_with("http://") && !lower.starts_with("https://") {
        bail!("`--image {src}`: give a web address (http:// or https://) or a path of the site");
    }
    Ok(())
}

impl Media {
    pub fn new(source_url: Option<&str>, image: Option<&str>, alt: Option<&str>) -> Result<Self> {
        let credit = match source_url {
            Some(url) => Some(Credit::new(url).map_err(|e| anyhow::anyhow!("--source-url: {e}"))?),
            None => None,
        };
        let image = match image {
            Some(src) => {
                check_image(src.trim())?;
                let alt = alt.map(|a| a.split_whitespace().collect::<Vec<_>>().join(" "));
                if alt.as_deref() == Some("") {
                    bail!("`--image-alt` is empty: describe the image, or leave the flag out");
                }
                Some(ImageRequest {
                    src: src.trim().to_string(),
                    alt,
                })
            }
            None => None,
        };
        Ok(Self { credit, image })
    }

    /// Puts the credit and the figure into `article`. Without a given alternative text the
    /// image is described by the H1, led by the keyphrase when the H1 lacks it: call again
    /// when the H1 or the keyphrase change.
    pub fn dress(&self, article: &mut Article) {
        article.credit = self.credit.clone();
        article.image = self.image.as_ref().map(|image| Image {
            src: image.src.clone(),
            alt: image
                .alt
                .clone()
                .unwrap_or_else(|| default_alt(&article.title, &article.keyphrase)),
        });
    }
}

/// The H1, led by the keyphrase when it does not hold it.
fn default_alt(title: &str, keyphrase: &str) -> String {
    let key = Keyphrase::new(keyphrase);
    match key.is_empty() || key.is_in(title) {
        true => title.to_string(),
        false => format!("{} – {title}", seo::capitalise(keyphrase)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_before_anything_runs() {
        let media = Media::new(
            Some("https://www.Agence.example:443/depeche?id=1"),
            Some("/images/tram.jpg"),
            None,
        )
        .unwrap();
        let credit = media.credit.unwrap();
        assert_eq!(credit.name, "agence.example");
        assert_eq!(credit.text(), "Source : agence.example");
        for bad in [
            "agence.example/depeche",
            "ftp://a.example/x",
            "https://",
            "https://a b",
        ] {
            assert!(Media::new(Some(bad), None, None).is_err(), "{bad}");
        }
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "a b.jpg",
            "",
        ] {
            assert!(Media::new(None, Some(bad), None).is_err(), "{bad}");
        }
        assert!(Media::new(None, Some("https://cdn.example/a.jpg"), Some("  ")).is_err());
    }

    #[test]
    fn the_default_alternative_text_holds_the_keyphrase() {
        let media = Media::new(None, Some("tram.jpg"), None).unwrap();
        let mut article = Article {
            title: "Le tram de Grenoble s'allonge".into(),
            keyphrase: "tram de Grenoble".into(),
            ..Article::default()
        };
        media.dress(&mut article);
        assert_eq!(article.image.as_ref().unwrap().alt, article.title);
        article.keyphrase = "ligne E".into();
        media.dress(&mut article);
        assert_eq!(
            article.image.as_ref().unwrap().alt,
            "Ligne E – Le tram de Grenoble s'allonge"
        );
        let given = Media::new(None, Some("tram.jpg"), Some("Une rame  en ville")).unwrap();
        given.dress(&mut article);
        assert_eq!(article.image.unwrap().alt, "Une rame en ville");
    }
}
