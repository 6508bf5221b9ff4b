//! Links and images, as Yoast asks for them: an outbound link, an internal link, an image,
//! and the keyphrase in images' alternative text. Reported, not scored: `write` puts a link
//! and an image in an article only when given them (`--source-url`, `--image`), so they
//! would lower every other score alike.

use super::check::Keyphrase;
use super::report::{Finding, Location, Status};
use super::rule::Rule;
use crate::document::Document;

/// A link to another site: an absolute web address.
fn is_outbound(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    t.starts_with("http://") || t.starts_with("https://") || t.starts_with("//")
}

/// A link within the site: a path, not an anchor in the page, a mail or a phone number.
fn is_internal(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    !t.is_empty() && !is_outbound(&t) && !t.starts_with('#') && !t.contains(':')
}

fn listed(targets: Vec<&String>) -> Vec<Location> {
    targets
        .into_iter()
        .map(|t| Location::new(None, None, t))
        .collect()
}

pub fn rules(document: &Document, key: &Keyphrase) -> Vec<Finding> {
    let outbound: Vec<&String> = document.links.iter().filter(|l| is_outbound(l)).collect();
    let internal: Vec<&String> = document.links.iter().filter(|l| is_internal(l)).collect();
    let images = document.images.len();
    // Yoast: with five images or more, 30–70 % of their alternative texts hold the keyphrase;
    // with fewer, one of them.
    let with_key = document
        .images
        .iter()
        .filter(|i| !key.is_empty() && key.is_in(&i.alt))
        .count();
    let share = 100.0 * with_key as f64 / images.max(1) as f64;
    let alt_ok = match images {
        0 => false,
        1..=4 => with_key >= 1,
        _ => (30.0..=70.0).contains(&share),
    };
    vec![
        Finding::new(
            Rule::OutboundLinks,
            Status::pass_if(!outbound.is_empty()),
            outbound.len(),
            "at least 1 link to another site",
            format!("{} links to other sites", outbound.len()),
        )
        .at(listed(outbound))
        .weight(0),
        Finding::new(
            Rule::InternalLinks,
            Status::pass_if(!internal.is_empty()),
            internal.len(),
            "at least 1 link within the site",
            format!("{} links within the site", internal.len()),
        )
        .at(listed(internal))
        .weight(0),
        Finding::new(
            Rule::Images,
            Status::pass_if(images > 0),
            images,
            "at least 1 image",
            format!("{images} images"),
        )
        .weight(0),
        Finding::new(
            Rule::ImageKeyphrase,
            Status::pass_if(alt_ok),
            with_key,
            "the keyphrase in the alternative text of 1 image (30–70 % of them from 5 images)",
            format!("{with_key} of {images} images hold the keyphrase in their alternative text"),
        )
        .weight(0),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(markdown: &str) -> Vec<(Rule, Status)> {
        let doc = Document::from_markdown(markdown);
        rules(&doc, &Keyphrase::new("vélo"))
            .into_iter()
            .map(|f| (f.rule, f.status))
            .collect()
    }

    #[test]
    fn links_and_images_as_yoast_counts_them() {
        let none = statuses("Le vélo gagne du terrain à Lyon.");
        assert!(none.iter().all(|(_, s)| *s == Status::Fail), "{none:?}");
        let all = statuses(
            "Le vélo gagne du terrain, selon [l'AFP](https://www.afp.com/a) et \
             [notre dossier](/dossiers/mobilite).\n\n![Un vélo à Lyon](velo.jpg)",
        );
        assert!(all.iter().all(|(_, s)| *s == Status::Ok), "{all:?}");
        // An anchor in the page or a mail address is no link within the site; an image
        // whose text lacks the keyphrase is no image holding it.
        let other =
            statuses("Voir [plus bas](#fin) ou [écrire](mailto:a@b.fr).\n\n![Un tram](t.jpg)");
        assert_eq!(
            other,
            vec![
                (Rule::OutboundLinks, Status::Fail),
                (Rule::InternalLinks, Status::Fail),
                (Rule::Images, Status::Ok),
                (Rule::ImageKeyphrase, Status::Fail),
            ]
        );
    }
}
