//! The SEO checks: focus keyphrase placement and density, metadata lengths and structure,
//! with Yoast SEO's thresholds, plus the readability and source checks of the sibling
//! modules, gathered into one `SeoReport`.

use crate::facts::Facts;
use crate::text::{fold_accents, normalize, words};
use crate::text::{word_key, STOPWORDS};

use super::report::{percent, Finding, Location, SeoReport, Status};
use super::rule::Rule;
use super::MIN_DESCRIPTION_CHARS;
use super::{fidelity, grounded, style, MAX_DESCRIPTION_CHARS, MAX_SLUG_CHARS, MAX_TITLE_CHARS};
use crate::document::{Block, Document};

#[derive(Debug, Clone)]
pub struct CheckConfig {
    /// The focus keyphrase; else the front matter's, else the first keyword, else derived.
    pub keyphrase: Option<String>,
    pub min_words: usize,
    pub min_sections: usize,
}

impl Default for CheckConfig {
    fn default() -> Self {
        Self {
            keyphrase: None,
            min_words: super::DEFAULT_MIN_WORDS,
            min_sections: super::DEFAULT_MIN_SECTIONS,
        }
    }
}

/// The most an article under half the words asked may score, as an ungrounded one
/// (`grounded::UNGROUNDED_SCORE_CAP`): it is not the article asked for, however well laid
/// out (Yoast calls a text under a third of its minimum « far below » and colours it red).
/// Weighed only as one failed rule, a 98-word article scored 88/100 (stop 80's twenty-four
/// articles, 40–98 words, scored 81–89).
pub const SHORT_SCORE_CAP: u32 = 70;

/// Whether `words` are under half of `min_words`.
fn far_too_short(words: usize, min_words: usize) -> bool {
    words * 2 < min_words
}

/// Most words one `##` section and one paragraph should hold (Yoast).
pub const MAX_SECTION_WORDS: usize = 300;
pub const MAX_PARAGRAPH_WORDS: usize = 150;

/// Checks `document`, against the facts of its source when given.
pub fn check(document: &Document, source: Option<&Facts>, config: &CheckConfig) -> SeoReport {
    let (keyphrase, origin) = choose_keyphrase(document, config);
    let key = Keyphrase::new(&keyphrase);
    let mut findings = Vec::new();
    if !key.is_empty() {
        findings.extend(keyphrase_rules(document, &key));
    }
    findings.extend(super::media::rules(document, &key));
    findings.extend(metadata_rules(document));
    findings.extend(structure_rules(document, config));
    findings.extend(style::rules(document));
    if let Some(facts) = source {
        findings.extend(fidelity::rules(document, facts));
        findings.extend(grounded::rules(document, facts));
    } else {
        findings.extend(fidelity::standalone_rules(document));
    }
    SeoReport::new(keyphrase, origin, findings)
}

fn choose_keyphrase(document: &Document, config: &CheckConfig) -> (String, &'static str) {
    let clean = |s: &str| s.trim().to_string();
    if let Some(k) = config.keyphrase.as_deref().filter(|k| !k.trim().is_empty()) {
        return (clean(k), "flag");
    }
    if let Some(k) = document.metadata.keyphrase.as_deref() {
        return (clean(k), "front matter");
    }
    if let Some(k) = document.metadata.keywords.first() {
        return (clean(k), "first keyword");
    }
    let sentences: Vec<String> = document.sentences().into_iter().map(|s| s.text).collect();
    (
        Facts::from_sentences(sentences).keyphrase,
        "derived from the text",
    )
}

/// The focus keyphrase as the checks match it: its content words, folded, in any order
/// within one sentence or heading (as Yoast matches a keyphrase).
pub struct Keyphrase {
    keys: Vec<String>,
    /// Its words as written, lower case: what an exact match is.
    exact: Vec<String>,
}

impl Keyphrase {
    pub fn new(phrase: &str) -> Self {
        let all: Vec<&str> = words(phrase);
        let content: Vec<String> = all
            .iter()
            .filter(|w| !STOPWORDS.contains(&normalize(w).as_str()))
            .map(|w| word_key(w))
            .collect();
        let keys = match content.is_empty() {
            true => all.iter().map(|w| word_key(w)).collect(),
            false => content,
        };
        let exact = all.iter().map(|w| normalize(w)).collect();
        Self { keys, exact }
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keyphrase's words as Yoast counts them: its content words, a hyphenated one
    /// counting each part (`demi-finale`: 2).
    pub fn length(&self) -> usize {
        self.keys
            .iter()
            .map(|k| k.split('-').count())
            .sum::<usize>()
            .max(1)
    }

    /// The keys of `text`'s words, and of the parts of its hyphenated words (`vélo-partage`
    /// holds `vélo`, as Yoast reads it).
    fn text_keys(text: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for w in words(text) {
            keys.push(word_key(w));
            if w.contains('-') {
                keys.extend(w.split('-').filter(|p| !p.is_empty()).map(word_key));
            }
        }
        keys
    }

    /// Times the whole keyphrase occurs in `text`: the fewest occurrences of any of its words.
    pub fn count_in(&self, text: &str) -> usize {
        let keys = Self::text_keys(text);
        self.keys
            .iter()
            .map(|k| keys.iter().filter(|t| *t == k).count())
            .min()
            .unwrap_or(0)
    }

    pub fn is_in(&self, text: &str) -> bool {
        !self.is_empty() && self.count_in(text) > 0
    }

    /// Whether `text` opens with the keyphrase as written (case aside; articles and
    /// prepositions before it aside), which Yoast asks of the SEO title: `Tramway à Grenoble`
    /// does not open with `tramway de Grenoble`.
    pub fn starts(&self, text: &str) -> bool {
        let ws: Vec<String> = words(text).iter().map(|w| normalize(w)).collect();
        let skip = ws
            .iter()
            .take_while(|w| STOPWORDS.contains(&w.as_str()) && self.exact.first() != Some(*w))
            .count();
        !self.is_empty() && ws[skip..].starts_with(&self.exact)
    }

    /// Whether every word of the keyphrase is a part of `slug`; a hyphenated word is in it
    /// when each of its parts is (`semi-conducteurs` in `…-semi-conducteurs-…`).
    pub fn in_slug(&self, slug: &str) -> bool {
        let parts: Vec<String> = slug.split('-').map(word_key).collect();
        !self.is_empty()
            && self.keys.iter().all(|k| {
                fold_accents(k)
                    .split(['-', '\''])
                    .all(|part| parts.contains(&word_key(part)))
            })
    }
}

fn presence(rule: Rule, found: bool, place: &str) -> Finding {
    let status = Status::pass_if(found);
    let message = match found {
        true => format!("the keyphrase is in the {place}"),
        false => format!("the keyphrase is missing from the {place}"),
    };
    Finding::new(rule, status, found, format!("in the {place}"), message)
}

fn keyphrase_rules(document: &Document, key: &Keyphrase) -> Vec<Finding> {
    let mut out = Vec::new();
    let title = document.seo_title().unwrap_or("");
    let (status, message) = if key.starts(title) {
        (Status::Ok, "the SEO title starts with the keyphrase")
    } else if key.is_in(title) {
        (
            Status::Warn,
            "the keyphrase's words are in the SEO title, not the keyphrase as written at its start",
        )
    } else {
        (Status::Fail, "the keyphrase is missing from the SEO title")
    };
    out.push(
        Finding::new(
            Rule::KeyphraseTitle,
            status,
            title,
            "at the start of the SEO title",
            message,
        )
        .weight(2),
    );
    let h1 = document
        .headings(1)
        .next()
        .map(|b| b.text.as_str())
        .unwrap_or("");
    let mut in_h1 = presence(Rule::KeyphraseH1, key.is_in(h1), "H1").weight(2);
    if document.headings(1).next().is_none() {
        in_h1.message = "there is no H1 to hold the keyphrase".to_string();
    }
    out.push(in_h1);
    let first = document.paragraphs().next();
    out.push(
        presence(
            Rule::KeyphraseIntroduction,
            first.is_some_and(|p| key.is_in(&p.text)),
            "first paragraph",
        )
        .at(first.map(|p| vec![located(p, None)]).unwrap_or_default()),
    );
    let description = document.metadata.description.as_deref().unwrap_or("");
    out.push(presence(
        Rule::KeyphraseDescription,
        key.is_in(description),
        "meta description",
    ));
    let slug = document.metadata.slug.as_deref().unwrap_or("");
    out.push(presence(Rule::KeyphraseSlug, key.in_slug(slug), "slug"));

    // Yoast: between 30 % (rounded up) and 75 % (rounded down) of the H2 and H3, or 1 of 1;
    // no subheading is good in a text under 300 words only.
    let subheadings: Vec<&Block> = document.headings(2).chain(document.headings(3)).collect();
    let with_key = subheadings.iter().filter(|h| key.is_in(&h.text)).count();
    let share = percent(with_key, subheadings.len());
    let n = subheadings.len() as f64;
    let in_range = (n * 0.3).ceil() as usize <= with_key && with_key <= (n * 0.75).floor() as usize;
    let status = match subheadings.len() {
        0 => Status::pass_if(document.body_words() < 300),
        1 => Status::pass_if(with_key == 1),
        _ => Status::pass_if(in_range),
    };
    out.push(Finding::new(
        Rule::KeyphraseSubheadings,
        status,
        share,
        "30–75 % of subheadings",
        format!(
            "{with_key} of {} subheadings hold the keyphrase",
            subheadings.len()
        ),
    ));

    // Yoast counts the keyphrase in the subheadings too, over their words and the body's,
    // and weights the density by the keyphrase's length (× 0.7 + words / 3), so that a long
    // keyphrase needs fewer occurrences; two occurrences are enough where the minimum
    // density asks for no more.
    let subheadings: Vec<&Block> = (2..=6).flat_map(|l| document.headings(l)).collect();
    let words = document.body_words()
        + subheadings
            .iter()
            .map(|h| crate::text::word_count(&h.text))
            .sum::<usize>();
    let occurrences: usize = document
        .paragraphs()
        .chain(subheadings.iter().copied())
        .map(|p| key.count_in(&p.text))
        .sum();
    let factor = 0.7 + key.length() as f64 / 3.0;
    let density = 100.0 * occurrences as f64 / words.max(1) as f64 * factor;
    let fewest = (0.5 * words as f64 / (100.0 * factor)).ceil().max(2.0) as usize;
    let status = match occurrences {
        0 | 1 => Status::Fail,
        2 if fewest <= 2 => Status::Ok,
        _ => Status::pass_if((0.5..=3.5).contains(&density)),
    };
    out.push(Finding::new(
        Rule::KeyphraseDensity,
        status,
        (density * 100.0).round() / 100.0,
        "0.5–3.5 % of words, weighted by the keyphrase's length",
        format!(
            "the keyphrase occurs {occurrences} times in {words} words of body and \
             subheadings (weighted ×{factor:.2} for {} words)",
            key.length()
        ),
    ));
    out
}

fn located(block: &Block, section: Option<&str>) -> Location {
    Location::new(block.line, section, &block.text)
}

fn length_rule(
    rule: Rule,
    what: &str,
    text: Option<&str>,
    range: std::ops::RangeInclusive<usize>,
) -> Finding {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Finding::new(
            rule,
            Status::Fail,
            0,
            "present",
            format!("there is no {what}"),
        )
        .weight(2);
    };
    let n = text.chars().count();
    let threshold = match *range.start() {
        0 => format!("at most {} characters", range.end()),
        lo => format!("{lo}–{} characters", range.end()),
    };
    let status = Status::pass_if(range.contains(&n));
    Finding::new(
        rule,
        status,
        n,
        threshold,
        format!("the {what} has {n} characters"),
    )
    .at(vec![Location::new(None, None, text)])
}

fn metadata_rules(document: &Document) -> Vec<Finding> {
    vec![
        length_rule(
            Rule::TitleLength,
            "SEO title",
            document.seo_title(),
            1..=MAX_TITLE_CHARS,
        ),
        length_rule(
            Rule::DescriptionLength,
            "meta description",
            document.metadata.description.as_deref(),
            MIN_DESCRIPTION_CHARS..=MAX_DESCRIPTION_CHARS,
        ),
        length_rule(
            Rule::SlugLength,
            "slug",
            document.metadata.slug.as_deref(),
            1..=MAX_SLUG_CHARS,
        ),
    ]
}

fn structure_rules(document: &Document, config: &CheckConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    // Yoast faults several H1, not none: a CMS prints the post's title as the H1. An article
    // with no H1 fails `keyphrase-h1`, which says so.
    let h1: Vec<&Block> = document.headings(1).collect();
    out.push(
        Finding::new(
            Rule::SingleH1,
            Status::pass_if(h1.len() <= 1),
            h1.len(),
            "at most 1",
            format!("{} H1 headings", h1.len()),
        )
        .at(h1.iter().map(|b| located(b, None)).collect()),
    );
    let h2 = document.headings(2).count();
    out.push(
        Finding::new(
            Rule::Subheadings,
            Status::pass_if(h2 >= config.min_sections),
            h2,
            format!("at least {}", config.min_sections),
            format!("{h2} `##` subheadings"),
        )
        .weight(2),
    );
    let words = document.body_words();
    let mut length = Finding::new(
        Rule::BodyLength,
        Status::pass_if(words >= config.min_words),
        words,
        format!("at least {} words", config.min_words),
        format!("{words} words of body text"),
    )
    .weight(2);
    if far_too_short(words, config.min_words) {
        length = length.caps_score_at(SHORT_SCORE_CAP);
        length.message = format!(
            "{words} words of body text, under half of the {} asked",
            config.min_words
        );
    }
    out.push(length);

    // Yoast: up to 300 words under one subheading is good, up to 350 acceptable.
    let mut long_sections = Vec::new();
    let mut worst = 0;
    for section in document.sections() {
        let n: usize = section
            .paragraphs
            .iter()
            .map(|p| crate::text::word_count(&p.text))
            .sum();
        worst = worst.max(n);
        if n > MAX_SECTION_WORDS {
            let (line, text) = match section.heading {
                Some(h) => (h.line, h.text.as_str()),
                None => (None, "(before the first subheading)"),
            };
            long_sections.push((n, Location::new(line, None, text)));
        }
    }
    let status = match worst {
        n if n <= MAX_SECTION_WORDS => Status::Ok,
        n if n <= 350 => Status::Warn,
        _ => Status::Fail,
    };
    out.push(
        Finding::new(
            Rule::SectionLength,
            status,
            worst,
            format!("at most {MAX_SECTION_WORDS} words per subheading"),
            format!(
                "{} sections are too long; the longest has {worst} words",
                long_sections.len()
            ),
        )
        .at(long_sections.into_iter().map(|(_, l)| l).collect()),
    );

    // Yoast: paragraphs up to 150 words good, up to 200 acceptable.
    let mut worst = 0;
    let mut long = Vec::new();
    for section in document.sections() {
        for p in &section.paragraphs {
            let n = crate::text::word_count(&p.text);
            worst = worst.max(n);
            if n > MAX_PARAGRAPH_WORDS {
                long.push(located(p, section.heading.map(|h| h.text.as_str())));
            }
        }
    }
    let status = match worst {
        n if n <= MAX_PARAGRAPH_WORDS => Status::Ok,
        n if n <= 200 => Status::Warn,
        _ => Status::Fail,
    };
    out.push(
        Finding::new(
            Rule::ParagraphLength,
            status,
            worst,
            format!("at most {MAX_PARAGRAPH_WORDS} words per paragraph"),
            format!(
                "{} paragraphs are too long; the longest has {worst} words",
                long.len()
            ),
        )
        .at(long),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_h1_is_not_several_but_leaves_the_keyphrase_without_one() {
        let md =
            "---\nkeyphrase: \"vélo\"\n---\n\n## Le vélo\n\nLe vélo gagne du terrain à Lyon.\n";
        let report = check(&Document::from_markdown(md), None, &CheckConfig::default());
        assert_eq!(finding(&report, Rule::SingleH1).status, Status::Ok);
        let h1 = finding(&report, Rule::KeyphraseH1);
        assert_eq!(h1.status, Status::Fail);
        assert_eq!(h1.message, "there is no H1 to hold the keyphrase");
        let two = format!("# Un\n\n# Deux\n\n{}", md.rsplit("---\n").next().unwrap());
        let report = check(
            &Document::from_markdown(&two),
            None,
            &CheckConfig::default(),
        );
        assert_eq!(finding(&report, Rule::SingleH1).status, Status::Fail);
    }

    #[test]
    fn an_article_under_half_its_length_is_capped_however_well_laid_out() {
        let article = |words: usize| {
            let body = vec!["vélo"; words].join(" ");
            format!("# Le vélo\n\n## Un\n\n{body}.\n")
        };
        let config = CheckConfig {
            min_words: 100,
            ..CheckConfig::default()
        };
        let short = check(&Document::from_markdown(&article(49)), None, &config);
        let length = finding(&short, Rule::BodyLength);
        assert_eq!(length.caps_score_at, Some(SHORT_SCORE_CAP));
        assert!(length.message.contains("under half of the 100 asked"));
        assert!(short.score <= SHORT_SCORE_CAP);
        assert!(short.uncapped_score >= short.score);
        // From half the length asked, a short article fails the rule but is not capped.
        let half = check(&Document::from_markdown(&article(50)), None, &config);
        let length = finding(&half, Rule::BodyLength);
        assert_eq!((length.status, length.caps_score_at), (Status::Fail, None));
        assert_eq!(half.score, half.uncapped_score);
    }

    #[test]
    fn keyphrase_matching_ignores_order_case_accents_and_plurals() {
        let k = Keyphrase::new("fabrication de puces");
        assert!(k.is_in("La Fabrication des puce avancées"));
        assert!(k.is_in("des puces dont la fabrication"));
        assert!(!k.is_in("la fabrication de voitures"));
        assert!(k.starts("Fabrication de puces : Tokyo et Washington s'allient"));
        assert!(k.starts("La fabrication de puces en question"));
        // Yoast's exact match: the keyphrase's words as written (issue 22).
        assert!(!k.starts("La fabrication des puces en question"));
        assert!(k.is_in("La fabrication des puces en question"));
        assert!(!Keyphrase::new("tramway de Grenoble").starts("Tramway à Grenoble : la ligne F"));
        assert!(!k.starts("Tokyo et Washington : fabrication de puces"));
        assert!(k.in_slug("fabrication-puces-tokyo"));
        assert!(!k.in_slug("fabrication-tokyo"));
        // Hyphenated keyphrases, which Yoast finds in these slugs (issue 22).
        for (phrase, slug) in [
            ("semi-conducteurs", "japon-semi-conducteurs-accord"),
            ("start-up", "les-start-up-francaises"),
            ("Paris Saint-Germain", "paris-saint-germain-victoire"),
        ] {
            assert!(Keyphrase::new(phrase).in_slug(slug), "{phrase} in {slug}");
        }
        assert!(!Keyphrase::new("semi-conducteurs").in_slug("japon-conducteurs"));
        assert_eq!(k.count_in("Puces, puces et fabrication de puces."), 1);
    }

    fn finding(report: &SeoReport, rule: Rule) -> &Finding {
        report
            .findings
            .iter()
            .find(|f| f.rule == rule)
            .unwrap_or_else(|| panic!("{rule}"))
    }

    #[test]
    fn metadata_and_structure_rules() {
        let body = "Le vélo gagne vite du terrain à Lyon. ".repeat(20);
        let md = format!(
            "---\ntitle: \"Vélo à Lyon : la ville change de braquet\"\ndescription: \"Trop court.\"\nslug: \"velo-lyon\"\nkeyphrase: \"vélo\"\n---\n\n# Le vélo à Lyon\n\n{body}\n\n## Les pistes\n\n{body}\n\n## Le vélo et la ville\n\n{body}\n"
        );
        let report = check(&Document::from_markdown(&md), None, &CheckConfig::default());
        assert_eq!(report.keyphrase_origin, "front matter");
        assert_eq!(finding(&report, Rule::KeyphraseTitle).status, Status::Ok);
        assert_eq!(finding(&report, Rule::KeyphraseSlug).status, Status::Ok);
        assert_eq!(
            finding(&report, Rule::KeyphraseDescription).status,
            Status::Fail
        );
        assert_eq!(
            finding(&report, Rule::DescriptionLength).status,
            Status::Fail
        );
        assert_eq!(finding(&report, Rule::DescriptionLength).value, 11);
        assert_eq!(finding(&report, Rule::SingleH1).status, Status::Ok);
        // Two subheadings: fewer than three.
        assert_eq!(finding(&report, Rule::Subheadings).status, Status::Fail);
        // 1 of 2 subheadings: 50 %.
        assert_eq!(finding(&report, Rule::KeyphraseSubheadings).value, 50.0);
        // 60 occurrences in 480 body words, and one in the 7 words of the subheadings:
        // 61 / 487 × (0.7 + 1/3) = 12.94 %, far over 3 %.
        let density = finding(&report, Rule::KeyphraseDensity);
        assert_eq!(
            (density.status, density.value.as_f64()),
            (Status::Fail, Some(12.94))
        );
        assert_eq!(finding(&report, Rule::BodyLength).value, 480);
        assert_eq!(finding(&report, Rule::ParagraphLength).status, Status::Warn);
    }
}
