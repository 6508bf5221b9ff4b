//! The deterministic fixes of what the program owns in an article: the focus keyphrase the
//! prose serves, and the H1, SEO title, meta description, slug and subheadings around it.

use super::{lowercase_article, Article};
use crate::seo::{self, Keyphrase};

/// `Keyphrase : rest of the title`, the way French news titles put a topic first; a topic
/// the text already leads with (`Puces : …`) gives way to the keyphrase. An empty text gives
/// the keyphrase alone, never « Demi-finale : » (rugby seed 1, a section whose heading came
/// out empty).
fn led_by(keyphrase: &str, text: &str) -> String {
    let rest = text.split_once(" : ").map_or(text, |(_, rest)| rest);
    if rest.trim().is_empty() {
        return seo::capitalise(keyphrase);
    }
    format!(
        "{} : {}",
        seo::capitalise(keyphrase),
        lowercase_article(rest)
    )
}

/// Puts the keyphrase where the checks want it, in what the program writes itself: the H1,
/// the start of the SEO title, the meta description, the slug, and 30–75 % of subheadings.
/// Returns what it changed.
pub fn fix_metadata(article: &mut Article, sentences: &[String]) -> Vec<String> {
    let key = Keyphrase::new(&article.keyphrase);
    let mut fixes = Vec::new();
    if key.is_empty() {
        return fixes;
    }
    if !key.is_in(&article.title) {
        article.title = led_by(&article.keyphrase, &article.title);
        fixes.push("keyphrase added to the H1".to_string());
    }
    if !key.starts(&article.seo_title) {
        let title = match key.starts(&article.title) {
            true => article.title.clone(),
            false => led_by(&article.keyphrase, &article.title),
        };
        article.seo_title = seo::seo_title(&title);
        fixes.push("SEO title led by the keyphrase".to_string());
    }
    let length = article.description.chars().count();
    if !key.is_in(&article.description)
        || !(seo::MIN_DESCRIPTION_CHARS..=seo::MAX_DESCRIPTION_CHARS).contains(&length)
    {
        let mut description = seo::meta_description(sentences, &article.keyphrase);
        if !key.is_in(&description) {
            let rest: Vec<String> =
                std::iter::once(led_by(&article.keyphrase, &sentences.join(" "))).collect();
            description = seo::meta_description(&rest, &article.keyphrase);
        }
        article.description = description;
        fixes.push("meta description rebuilt around the keyphrase".to_string());
    }
    let slug = seo::slug(&article.seo_title);
    if slug != article.slug && (key.in_slug(&slug) || !key.in_slug(&article.slug)) {
        article.slug = slug;
        fixes.push("slug made from the SEO title".to_string());
    }

    fixes.extend(fix_subheadings(article));
    fixes
}

/// Gives 30–75 % of subheadings the keyphrase where their section says it: a section whose
/// heading lacks it, the one that speaks most of it first, takes for heading a noun phrase of
/// its own prose that holds it (see `plan::keyed_heading`). The keyphrase is never stamped
/// before a heading: a section that says it in no phrase keeps its heading, and the check
/// says the subheadings lack it. The check counts every H2 and H3, « L'essentiel », the FAQ's
/// heading and its questions too. Returns what it changed.
pub fn fix_subheadings(article: &mut Article) -> Vec<String> {
    let key = Keyphrase::new(&article.keyphrase);
    let mut fixes = Vec::new();
    if key.is_empty() {
        return fixes;
    }
    let n = article.sections.len();
    let (essentials, faq) = (!article.essentials.is_empty(), !article.faq.is_empty());
    let extra = usize::from(essentials) + usize::from(faq) + article.faq.len();
    let wanted = (3 * (n + extra)).div_ceil(10).max(1);
    let extra_with_key = [
        (essentials, crate::document::ESSENTIALS_HEADING),
        (faq, crate::document::FAQ_HEADING),
    ]
    .iter()
    .filter(|(shown, heading)| *shown && key.is_in(heading))
    .count()
        + article
            .faq
            .iter()
            .filter(|q| key.is_in(&q.question))
            .count();
    let have = article
        .sections
        .iter()
        .filter(|s| key.is_in(&s.heading))
        .count()
        + extra_with_key;
    let mut order: Vec<usize> = (0..n)
        .filter(|&i| !key.is_in(&article.sections[i].heading))
        .collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(
            article.sections[i]
                .paragraphs
                .iter()
                .map(|p| key.count_in(p))
                .sum::<usize>(),
        )
    });
    let mut missing = wanted.saturating_sub(have);
    for i in order {
        if missing == 0 {
            break;
        }
        let taken: Vec<String> = (article.sections.iter().enumerate())
            .filter(|&(j, _)| j != i)
            .map(|(_, s)| s.heading.clone())
            .collect();
        let section = &mut article.sections[i];
        if let Some(heading) = super::plan::keyed_heading(&section.paragraphs, &key, &taken) {
            fixes.push(format!(
                "subheading {} « {} » became « {heading} », a phrase of its section that \
                 holds the keyphrase",
                i + 1,
                section.heading
            ));
            section.heading = heading;
            missing -= 1;
        }
    }
    fixes
}

/// The focus keyphrase the article serves best among the source's key phrases: one the
/// first paragraph holds, then one the prose uses at all; the source's own pick (the first)
/// on a tie, then its next. The prose using the source's pick too often is the prose's
/// fault, not the pick's: ranking by density put « places de stationnement », one fact of
/// many, at the head of velo seed 1's headline and two subheadings (stop 74). Single words
/// only count when hyphenated (`semi-conducteurs`) or the source's pick, as lone words are
/// too vague.
pub fn choose_keyphrase(article: &Article, candidates: &[String]) -> String {
    let body: Vec<&String> = article
        .intro
        .iter()
        .chain(article.sections.iter().flat_map(|s| s.paragraphs.iter()))
        .collect();
    let mut best: Option<(String, (bool, bool))> = None;
    for candidate in candidates.iter().take(5) {
        let specific = candidate.contains(' ') || candidate.contains('-');
        if candidate.is_empty() || !specific && best.is_some() {
            continue;
        }
        let key = Keyphrase::new(candidate);
        let rank = (
            article.intro.first().is_some_and(|p| key.is_in(p)),
            body.iter().any(|p| key.is_in(p)),
        );
        if best.as_ref().is_none_or(|(_, b)| rank > *b) {
            best = Some((candidate.clone(), rank));
        }
    }
    best.map(|(k, _)| k).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seo::Status;
    use crate::writer::Section;

    #[test]
    fn a_title_led_by_another_topic_takes_the_keyphrase_instead() {
        assert_eq!(
            led_by(
                "chaînes d'approvisionnement",
                "Puces : les États-Unis et le Japon"
            ),
            "Chaînes d'approvisionnement : les États-Unis et le Japon"
        );
        assert_eq!(led_by("puces", "Les États-Unis"), "Puces : les États-Unis");
        assert_eq!(led_by("demi-finale", ""), "Demi-finale");
    }

    #[test]
    fn the_keyphrase_is_one_the_prose_uses() {
        let article = Article {
            title: String::new(),
            seo_title: String::new(),
            description: String::new(),
            slug: String::new(),
            keyphrase: "fabrication de puces".into(),
            keywords: vec![],
            intro: vec!["Les chaînes d'approvisionnement des puces se tendent.".into()],
            sections: vec![Section {
                heading: "Partie".into(),
                paragraphs: vec!["La fabrication de puces reprend.".into()],
            }],
            ..Article::default()
        };
        let candidates = [
            "fabrication de puces",
            "Japon",
            "chaînes d'approvisionnement",
        ]
        .map(String::from);
        assert_eq!(
            choose_keyphrase(&article, &candidates),
            "chaînes d'approvisionnement"
        );
        // A lone word never wins over a phrase.
        let candidates = ["fabrication de puces", "puces"].map(String::from);
        assert_eq!(
            choose_keyphrase(&article, &candidates),
            "fabrication de puces"
        );
    }

    #[test]
    fn metadata_is_fixed_around_the_keyphrase() {
        let mut article = Article {
            title: "Tokyo et Washington renforcent leurs liens".into(),
            seo_title: "Tokyo et Washington renforcent leurs liens".into(),
            description: "Court.".into(),
            slug: "tokyo-washington".into(),
            keyphrase: "fabrication de puces".into(),
            keywords: vec!["fabrication de puces".into()],
            intro: vec![],
            sections: (0..4)
                .map(|i| Section {
                    heading: format!("La partie {i}"),
                    paragraphs: vec![match i {
                        2 => "La fabrication de puces avance.".into(),
                        _ => "Le Japon avance.".into(),
                    }],
                })
                .collect(),
            ..Article::default()
        };
        let sentences = vec![
            "Le Japon et les États-Unis vont approfondir leur coopération dans la recherche sur les puces avancées, ont-ils déclaré vendredi à Detroit.".to_string(),
        ];
        let fixes = fix_metadata(&mut article, &sentences);
        let key = Keyphrase::new("fabrication de puces");
        assert_eq!(
            article.title,
            "Fabrication de puces : Tokyo et Washington renforcent leurs liens"
        );
        assert!(key.starts(&article.seo_title) && article.seo_title.chars().count() <= 60);
        assert!(key.is_in(&article.description), "{}", article.description);
        let n = article.description.chars().count();
        assert!((120..=156).contains(&n), "{n}");
        assert!(key.in_slug(&article.slug), "{}", article.slug);
        // 4 subheadings: 2 should carry the keyphrase. Section 2 says it in a phrase, which
        // becomes its heading; the others say it in none and keep theirs: the keyphrase is
        // never stamped before a heading.
        assert_eq!(article.sections[2].heading, "La fabrication de puces");
        for i in [0, 1, 3] {
            assert_eq!(article.sections[i].heading, format!("La partie {i}"));
        }
        assert!(fixes.len() >= 5, "{fixes:?}");
        // Fixing twice changes nothing more.
        let again = fix_metadata(&mut article, &sentences);
        assert!(again.is_empty(), "{again:?}");

        // With « L'essentiel » and a FAQ of two questions, 8 subheadings as the check counts
        // them: 1 holds the keyphrase, and the check says it is too few.
        article.essentials = vec!["Le Japon avance.".into()];
        article.faq = (0..2)
            .map(|_| crate::document::Question {
                question: "Qui avance ?".into(),
                answer: "Le Japon avance.".into(),
            })
            .collect();
        fix_metadata(&mut article, &sentences);
        let markdown = crate::render::markdown(&article, &Default::default());
        let config = crate::seo::check::CheckConfig {
            keyphrase: Some("fabrication de puces".into()),
            ..Default::default()
        };
        let document = crate::document::Document::from_markdown(&markdown);
        let report = crate::seo::check::check(&document, None, &config);
        let subheadings = report
            .findings
            .iter()
            .find(|f| f.rule == crate::seo::rule::Rule::KeyphraseSubheadings)
            .unwrap();
        assert_eq!(subheadings.value.as_f64(), Some(12.5), "{subheadings:?}");
        assert_ne!(subheadings.status, Status::Ok, "{subheadings:?}");
        // The section with the keyphrase in its heading gone (its sentences all refused),
        // one of those left that says it in a phrase takes it in its heading.
        article.sections.retain(|s| !key.is_in(&s.heading));
        article.sections[1].paragraphs = vec!["Tokyo finance la fabrication de puces.".into()];
        article.essentials.clear();
        article.faq.clear();
        assert_eq!(fix_subheadings(&mut article).len(), 1);
        assert_eq!(article.sections[1].heading, "La fabrication de puces");
        assert!(fix_subheadings(&mut article).is_empty());
    }
}
