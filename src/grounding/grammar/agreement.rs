//! Number as French writes it: a singular article before a plural noun (« d'une puces »),
//! « million » after a figure of two or more (« 2,3 million d'euros »), an article before
//! a year the source writes without one (« entre 2016 et les 2019 »), an article before
//! a verb in the infinitive (« le développer de puces »), and « un », « une » before another
//! article, a bare « de », a figure or a preposition (« une la collaboration », « une 250
//! kilomètres », « qu'un en location »).

use super::Grammar;
use crate::facts::is_year;
use crate::text::{normalize, strip_elision, words, DETERMINERS, PREPOSITIONS};

/// Singular articles that stand only before a noun: « le » and « la » also stand for one
/// before a verb (« il le prends » aside, the plural test would read the verb as a noun).
const SINGULAR: &[&str] = &["un", "une", "du", "au", "cet", "cette"];

/// Words a figure of two or more puts in the plural.
const MULTIPLIERS: &[&str] = &["million", "milliard", "millier"];

/// Numbers written out, two and more, that come before « millions ».
const WRITTEN: &[&str] = &[
    "deux",
    "trois",
    "quatre",
    "cinq",
    "six",
    "sept",
    "huit",
    "neuf",
    "dix",
    "vingt",
    "trente",
    "quarante",
    "cinquante",
    "cent",
];

/// Articles that make a year a thing (« le 2019 »).
const YEAR_ARTICLES: &[&str] = &["le", "la", "les"];

/// Words that may follow a year in a sentence, where a noun would make it a count (« les 2000
/// salariés »).
const AFTER_YEAR: &[&str] = &[
    "et", "ou", "à", "au", "de", "en", "pour", "par", "dans", "avec", "sur", "un", "une", "le",
    "la", "les", "des", "du",
];

/// Determiners that never stand before a verb (« ce » does: « pour ce faire »).
const NOUN_ONLY: &[&str] = &["un", "une", "des", "du", "au", "aux", "cet", "cette", "ces"];

/// Prepositions no infinitive follows: after them « le », « la » and « les » are articles,
/// never the object pronouns of an infinitive (« pour le développer »).
const NO_INFINITIVE_AFTER: &[&str] = &[
    "dans", "sur", "avec", "en", "vers", "chez", "sous", "entre", "contre", "selon", "depuis",
    "pendant", "durant", "malgré", "parmi",
];

/// The first article of `sentence` before a verb in the infinitive that is no noun as well
/// (« le pouvoir », « un dîner » are): « de puces et dans le développer de puces » (seen in
/// the dead-end trial of stop 64). « le », « la » and « les » count only where they cannot be
/// an infinitive's object: at the start, or after a preposition no infinitive follows.
pub(super) fn article_before_infinitive(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (0..ws.len().saturating_sub(1)).find_map(|i| {
        let word = normalize(ws[i]);
        let article = strip_elision(&word);
        let noun_only = NOUN_ONLY.contains(&article);
        // After « et » or « ou », the object pronoun of an infinitive follows an infinitive
        // (« pour le financer et le développer »); after a noun, it is an article (« dans
        // la recherche et le développer de puces », the seed dispatch's lead, seed 3, at
        // `cb4290e`).
        let joined = i >= 2
            && ["et", "ou"].contains(&normalize(ws[i - 1]).as_str())
            && !crate::lexicon::is_verb(&normalize(ws[i - 2]));
        let no_object = ["le", "la", "les"].contains(&article)
            && (i == 0 || NO_INFINITIVE_AFTER.contains(&normalize(ws[i - 1]).as_str()) || joined);
        let next = ws[i + 1];
        if !(noun_only || no_object) || !next.starts_with(char::is_lowercase) {
            return None;
        }
        let verb = normalize(next);
        let infinitive =
            crate::lexicon::is_verb(&verb) && crate::lexicon::nominal_entry(&verb).is_none();
        // A conjugated verb after a determiner that is never a pronoun: « L'ouverture
        // s'accompagne d'un recrute de six infirmières » (hôpital, stop 79) for « de quatorze
        // recrutements ».
        let conjugated = noun_only && crate::lexicon::is_conjugated_er(&verb);
        (infinitive || conjugated).then(|| format!("{} {next}", ws[i]))
    })
}

/// The first singular article of `sentence` before a noun in the plural (past an adjective
/// that comes first): « d'une puces » (seed dispatch, seed 3, stop 59), « de la pistes »
/// (velo seed 2, this stop).
pub(super) fn singular_before_plural(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (0..ws.len()).find_map(|i| {
        let article = normalize(ws[i]);
        // « le » and « la » before a plural are pronouns before a verb (« il la partagent »
        // aside), but articles after a preposition, before which no verb stands in the plural
        // (« de la voir »).
        let article_only = ["le", "la"].contains(&article.as_str())
            && i > 0
            && PREPOSITIONS.contains(&normalize(ws[i - 1]).as_str());
        if !SINGULAR.contains(&strip_elision(&article)) && !article_only {
            return None;
        }
        let mut j = i + 1;
        if ws.get(j).is_some_and(|a| super::is_before_noun(a)) {
            j += 1;
        }
        let noun = ws.get(j)?;
        let lower = noun.chars().next().is_some_and(char::is_lowercase);
        (lower && crate::lexicon::is_plural_form(&normalize(noun)))
            .then(|| format!("{} … {noun}", ws[i]))
    })
}

/// Determiners that take no article after them.
const NO_ARTICLE_AFTER: &[&str] = &[
    "le", "la", "les", "des", "du", "au", "aux", "un", "une", "ces", "ses", "sa", "son", "leurs",
];

/// A determiner right before an article: « un recyclage des l'eau » (sécheresse seed 2, stop
/// 77), « du la région ». Before « le », « la » or « les », only those that are never
/// pronouns (« il les la donne » is no French either, but « le », « la » and « les » may end
/// a phrase before one: « à la fin de la la saison » aside).
pub(super) fn article_after_article(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    ws.windows(2).find_map(|pair| {
        let (first, next) = (normalize(pair[0]), normalize(pair[1]));
        let elided = next.starts_with("l'") && next.len() > 2;
        let bare = ["le", "la", "les"].contains(&next.as_str())
            && !["le", "la", "les"].contains(&first.as_str());
        (NO_ARTICLE_AFTER.contains(&first.as_str()) && (elided || bare))
            .then(|| format!("{} {}", pair[0], pair[1]))
    })
}

/// Words that may stand between a plural article and a figure written out: « les quelque
/// deux cents », « les près de », « les mêmes deux », « les deux premiers » (a figure itself).
const BEFORE_CARDINAL: &[&str] = &["quelque", "memes", "autres", "seuls", "moins", "plus"];

/// A plural article, a word and a figure written out, a noun after it: « La direction de
/// l'hôpital reconnaît avoir des vacants deux postes de médecins » (hôpital seeds 2 and 3, stop
/// 78) for « deux postes de médecins restent vacants ». A figure in digits may follow a noun
/// (« les lignes 3 et 4 », « des années 2020 »); a figure written out follows its article.
pub(super) fn cardinal_after_word(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    ws.windows(4).find_map(|w| {
        let plural =
            ["les", "des", "ces", "aux", "leurs", "ses"].contains(&normalize(w[0]).as_str());
        let word = crate::text::fold_accents(&normalize(w[1]));
        let between = w[1].starts_with(char::is_lowercase)
            && !crate::facts::is_cardinal(&word)
            && !BEFORE_CARDINAL.contains(&word.as_str())
            && !super::is_before_noun(&word);
        let counted = w[3].starts_with(char::is_lowercase) && normalize(w[3]) != "de";
        (plural && between && crate::facts::is_cardinal(&normalize(w[2])) && counted)
            .then(|| w[..3].join(" "))
    })
}

/// An ordinal in digits with no determiner before it: « un record depuis sa création, pour
/// 79e édition » (festival seed 2, stop 77) for « pour sa 79e édition ».
pub(super) fn ordinal_without_determiner(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let ordinal = |w: &str| {
        let letters = w.trim_start_matches(|c: char| c.is_ascii_digit());
        letters.len() < w.len() && ["e", "er", "re", "ème", "eme"].contains(&letters)
    };
    (1..ws.len()).find_map(|i| {
        let before = normalize(ws[i - 1]);
        let determined = crate::text::DETERMINERS.contains(&before.as_str())
            || ["et", "ou", "l'", "l’"].contains(&before.as_str());
        (ordinal(ws[i]) && !determined).then(|| format!("{} {}", ws[i - 1], ws[i]))
    })
}

/// « un » or « une » before another article (« une la collaboration »), before « de » and a
/// word that is no determiner (« une de collaboration »; « une de ses » and « un de plus »
/// stand), or before a figure in digits other than one (« la création d'une 250 kilomètres
/// de pistes »): the seed dispatch and velo, written with dead ends (stop 67).
pub(super) fn indefinite_misplaced(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (1..ws.len()).find_map(|i| {
        let indefinite = strip_elision(&normalize(ws[i - 1])).to_string();
        if indefinite != "un" && indefinite != "une" {
            return None;
        }
        let next = normalize(ws[i]);
        let article =
            ["le", "la", "les", "un", "une"].contains(&next.as_str()) || next.starts_with("l'");
        let figure = next.chars().all(|c| c.is_ascii_digit()) && next != "1";
        let bare_de = next == "de"
            && ws.get(i + 1).is_some_and(|after| {
                let after = normalize(after);
                !DETERMINERS.contains(&after.as_str())
                    && ![
                        "plus", "moins", "trop", "nos", "vos", "mes", "tes", "ceux", "celles",
                    ]
                    .contains(&after.as_str())
                    && !after.starts_with(|c: char| c.is_ascii_digit())
            });
        // « ainsi qu'un en location longue durée » (velo 2, stop 71): a preposition where
        // the noun belongs; « un à un », « une par une », « un à deux ans » stand.
        let preposition = AFTER_NO_INDEFINITE.contains(&next.as_str())
            && !normalize(ws[i - 1]).starts_with(['l', 'L'])
            && ws.get(i + 1).is_some_and(|after| {
                let after = normalize(after);
                !["un", "une"].contains(&after.as_str())
                    && !crate::facts::is_cardinal(&after)
                    && !after.starts_with(|c: char| c.is_ascii_digit())
            });
        (article || figure || bare_de || preposition).then(|| format!("{} {}", ws[i - 1], ws[i]))
    })
}

/// « le » or « la » before a figure in digits other than one and a noun in the plural: « Le
/// 58 ans d'un proche a été accusé » (procès seed 1 at this stop, a gist) for
/// « Jean-Pierre Castellan, 58 ans, était accusé ». A date (« le 8 mars ») stands.
pub(super) fn definite_before_count(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (2..ws.len()).find_map(|i| {
        let article = normalize(ws[i - 2]);
        if article != "le" && article != "la" {
            return None;
        }
        let figure = ws[i - 1].chars().all(|c| c.is_ascii_digit()) && ws[i - 1] != "1";
        let noun = normalize(ws[i]);
        let lower = ws[i].chars().next().is_some_and(char::is_lowercase);
        let date = crate::facts::is_time_word(&noun);
        // « ans » is too short for the dictionary's test of a plural.
        let plural = crate::lexicon::is_plural_form(&noun) || noun == "ans";
        (figure && lower && !date && plural).then(|| ws[i - 2..=i].join(" "))
    })
}

/// Prepositions that never follow « un » or « une » (« sur » does: « un sur deux »).
const AFTER_NO_INDEFINITE: &[&str] = &[
    "en", "à", "dans", "pour", "par", "avec", "chez", "vers", "sans", "sous", "contre",
];

/// An inverted pronoun after a verb that ends in a vowel without the « -t- » French puts
/// between them: « », a-il déclaré » for « a-t-il » (velo with dead ends, stop 67).
pub(super) fn euphonic_t_missing(sentence: &str) -> Option<String> {
    words(sentence).into_iter().find_map(|w| {
        let lower = normalize(w);
        let (verb, pronoun) = lower.rsplit_once('-')?;
        let inverted = ["il", "elle", "on"].contains(&pronoun);
        let vowel = verb.ends_with(['a', 'e', 'é']) && !verb.ends_with("-t");
        (inverted && vowel && !verb.is_empty()).then(|| w.to_string())
    })
}

/// « au » or « aux » between two figures in digits: « menés 13 au 10 à la pause » for « 13 à
/// 10 » (rugby with dead ends, stop 67).
pub(super) fn au_between_figures(sentence: &str) -> Option<String> {
    let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
    let ws = words(sentence);
    (2..ws.len()).find_map(|i| {
        let au = ["au", "aux"].contains(&normalize(ws[i - 1]).as_str());
        // « du 12 au 14 juin » is a span.
        let span = i >= 3 && ["du", "de"].contains(&normalize(ws[i - 3]).as_str());
        (au && !span && digits(ws[i - 2]) && digits(ws[i])).then(|| ws[i - 2..=i].join(" "))
    })
}

/// « million », « milliard » or « millier » in the singular after a figure of two or more:
/// « 2,3 million d'euros » (proces-marseille, seed 2, stop 59); and a singular article before
/// such a figure and its plural: « le plan de la 120 millions d'euros » (velo seed 2, this
/// stop).
pub(super) fn singular_million(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    (1..ws.len()).find_map(|i| {
        let multiplier = normalize(ws[i]);
        let singular = MULTIPLIERS.contains(&multiplier.as_str());
        let plural = multiplier
            .strip_suffix('s')
            .is_some_and(|m| MULTIPLIERS.contains(&m));
        // Asked at every word a candidate writes: nothing more unless it is a multiplier.
        if !singular && !plural {
            return None;
        }
        let figure = ws[i - 1].replace(',', ".");
        let two = figure.parse::<f64>().is_ok_and(|v| v >= 2.0)
            || WRITTEN.contains(&normalize(ws[i - 1]).as_str());
        if singular && two {
            return Some(ws[i - 1..=i].join(" "));
        }
        let article = (i >= 2).then(|| normalize(ws[i - 2]));
        let one =
            article.is_some_and(|a| ["le", "la", "un", "une", "du", "au"].contains(&a.as_str()));
        (plural && two && one).then(|| ws[i - 2..=i].join(" "))
    })
}

impl Grammar {
    /// Reads the articles `ws`, a source sentence's words, puts before a year.
    pub(super) fn read_years(&mut self, ws: &[&str]) {
        for pair in ws.windows(2) {
            if is_year(pair[1]) {
                self.years.insert((normalize(pair[0]), pair[1].to_string()));
            }
        }
    }

    /// An article before a year where the source never puts that article before it, and no
    /// noun follows to make the figure a count: « entre 2016 et les 2019. », « entre 2016 et
    /// le 2019 une entreprise » (proces-marseille, seed 2, stop 59). The year that ends
    /// `sentence` counts only when `whole` says the sentence is.
    pub fn article_year(&self, sentence: &str, whole: bool) -> Option<String> {
        let ws = words(sentence);
        (1..ws.len()).find_map(|i| {
            let article = normalize(ws[i - 1]);
            if !is_year(ws[i]) || !YEAR_ARTICLES.contains(&article.as_str()) {
                return None;
            }
            let bare_after = match ws.get(i + 1) {
                Some(next) => AFTER_YEAR.contains(&strip_elision(&normalize(next))),
                None => whole,
            };
            let seen = self.years.contains(&(article, ws[i].to_string()));
            (bare_after && !seen).then(|| format!("{} {}", ws[i - 1], ws[i]))
        })
    }
}

/// « en fin », « en début » or « en milieu » of a period given an article: « sera présenté
/// en fin de l'année prochaine » (velo, seed 2, stop 67), where French says « en fin
/// d'année » or « à la fin de l'année ».
pub(super) fn article_after_en_fin(sentence: &str) -> Option<String> {
    let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
    (0..ws.len().saturating_sub(2)).find_map(|i| {
        let when = ws[i] == "en" && ["fin", "début", "milieu"].contains(&ws[i + 1].as_str());
        let article = |w: Option<&String>| {
            w.is_some_and(|w| ["le", "la", "les"].contains(&w.as_str()) || w.starts_with("l'"))
        };
        let given = match ws[i + 2].as_str() {
            "du" | "des" => true,
            "de" => article(ws.get(i + 3)),
            _ => false,
        };
        (when && given).then(|| ws[i..(i + 4).min(ws.len())].join(" "))
    })
}

/// Words before a season that make it a complement without « au » or « en » (« dès le
/// printemps », « pour l'été »).
const BEFORE_SEASON: &[&str] = &[
    "dès", "depuis", "pour", "avant", "après", "jusqu'", "pendant", "durant", "tout", "de", "du",
    "par", "vers", "entre", "et", "ou", "à", "au",
];

/// A season told as when something happens without « au » or « en »: « Les premiers
/// chantiers doivent commencer le printemps » (velo seed 1 at temperature 0.9, stop 76) for
/// « au printemps ». As a subject (« Le printemps arrive ») or with « prochain » or « dernier »
/// (« le printemps prochain ») it stands.
pub(super) fn season_without_preposition(sentence: &str) -> Option<String> {
    let ws: Vec<String> = words(sentence).iter().map(|w| normalize(w)).collect();
    (1..ws.len()).find_map(|i| {
        let season = match ws[i].as_str() {
            "printemps" => ws[i - 1] == "le",
            "l'été" | "l'automne" | "l'hiver" | "l’été" | "l’automne" | "l’hiver" => true,
            _ => false,
        };
        let article_at = if ws[i] == "printemps" { i - 1 } else { i };
        let before = article_at.checked_sub(1).map(|b| ws[b].as_str());
        let joined = before.is_none_or(|b| {
            BEFORE_SEASON.contains(&b) || b.starts_with("jusqu") || b.ends_with(['«', ':'])
        });
        let dated = ws
            .get(i + 1)
            .is_some_and(|n| n.starts_with("prochain") || n.starts_with("dernier"));
        (season && !joined && !dated).then(|| ws[article_at..=i].join(" "))
    })
}

/// « La fin de … » or « Le début de … » opening a sentence as when its clause happens, a comma
/// after it and no verb before that: « La fin de l'année prochaine, le plan sera présenté
/// devant le conseil métropolitain » (velo seed 1 at temperature 0.9, stop 76), where French
/// says « À la fin de l'année prochaine ».
pub(super) fn period_without_preposition(sentence: &str) -> Option<String> {
    let lower = sentence.trim_start().to_lowercase();
    let opening = ["la fin d", "le début d", "la mi-"]
        .iter()
        .find(|o| lower.starts_with(*o))?;
    let (head, rest) = lower.split_once(',')?;
    // A relative clause after the comma tells of the period itself.
    let relative = ["qui ", "que ", "qu'", "dont ", "où "]
        .iter()
        .any(|r| rest.trim_start().starts_with(r));
    if relative {
        return None;
    }
    let ws = words(head);
    let verb = ws.iter().any(|w| {
        [
            "est", "sera", "a", "était", "fut", "marque", "approche", "arrive",
        ]
        .contains(&normalize(w).as_str())
    });
    (ws.len() <= 8 && !verb).then(|| format!("{}…", opening.trim_end()))
}

/// A subject pronoun inverted after an infinitive: « Les premiers chantiers doivent
/// commencer-ils ? » (a velo question of stop 66), where French inverts after the conjugated
/// verb (« doivent-ils commencer »).
pub(super) fn inverted_infinitive(sentence: &str) -> Option<String> {
    words(sentence).into_iter().find_map(|w| {
        let lower = normalize(w);
        let (verb, pronoun) = lower.rsplit_once('-')?;
        let inverted = ["il", "elle", "ils", "elles", "on"].contains(&pronoun);
        (inverted && verb.ends_with("er") && verb.chars().count() > 3).then(|| w.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_determiner_never_a_pronoun_stands_before_no_conjugated_verb() {
        assert_eq!(
            article_before_infinitive("L'ouverture s'accompagne d'un recrute de six infirmières.")
                .as_deref(),
            Some("d'un recrute")
        );
        for fine in [
            "L'ouverture s'accompagne de recrutements.",
            "Une hausse des prix pèse sur les blessés.",
            "Des blessés ont été soignés, une demande a été faite.",
            "La direction les recrute.",
            "Le plan prévoit une aide et un contrôle des abris.",
        ] {
            assert_eq!(article_before_infinitive(fine), None, "{fine}");
        }
    }

    #[test]
    fn no_determiner_comes_before_an_article() {
        for (wrong, found) in [
            (
                "Les voitures équipées d'un recyclage des l'eau.",
                "des l'eau",
            ),
            ("Le financement du la région.", "du la"),
            ("Une la collaboration.", "Une la"),
        ] {
            assert_eq!(
                article_after_article(wrong).as_deref(),
                Some(found),
                "{wrong}"
            );
        }
        for right in [
            "Les voitures équipées d'un système de recyclage de l'eau.",
            "Il les a vus dès le matin.",
            "Le club la visera de nouveau.",
            "Ils les lui ont donnés.",
        ] {
            assert_eq!(article_after_article(right), None, "{right}");
        }
    }

    #[test]
    fn a_figure_written_out_follows_its_article() {
        assert_eq!(
            cardinal_after_word("Elle reconnaît avoir des vacants deux postes de médecins.")
                .as_deref(),
            Some("des vacants deux")
        );
        for right in [
            "Elle reconnaît que deux postes de médecins restent vacants.",
            "Les deux postes vacants et les quelque trois cents lits.",
            "Les premiers deux jours.",
            "Les lignes 3 et 4 et les années 2020.",
            "Les chiffres des deux dernières années.",
        ] {
            assert_eq!(cardinal_after_word(right), None, "{right}");
        }
    }

    #[test]
    fn an_ordinal_takes_a_determiner() {
        assert_eq!(
            ordinal_without_determiner("Le festival a vendu 118 000 billets pour 79e édition.")
                .as_deref(),
            Some("pour 79e")
        );
        for right in [
            "Le festival a vendu 118 000 billets pour sa 79e édition.",
            "La 79e édition s'est achevée, comme la 78e et 79e.",
            "Le match du 1er juin, au Top 14, du 4 au 25 juillet.",
        ] {
            assert_eq!(ordinal_without_determiner(right), None, "{right}");
        }
    }

    #[test]
    fn a_singular_article_takes_no_plural_noun() {
        assert_eq!(
            singular_before_plural("Ils veulent développer la fabrication d'une puces.").as_deref(),
            Some("d'une … puces")
        );
        assert!(singular_before_plural("Une nouvelles pistes sont prévues.").is_some());
        for right in [
            "Le Japon et les pays avancés ont convenu d'une coopération.",
            "Au cours du mois, une fois par semaine, un prix est remis.",
            "Un des prévenus a nié les faits.",
            "Cette décision concerne les puces avancées.",
            // « la » before a verb is a pronoun; after a preposition, before an infinitive.
            "Le projet prévoit de la sécuriser, et les cyclistes la partagent.",
        ] {
            assert_eq!(singular_before_plural(right), None, "{right}");
        }
        for wrong in [
            "Le projet prévoit la sécurisation de 250 kilomètres de la pistes cyclables.",
            "Les cyclistes roulent sur le ponts.",
        ] {
            assert!(singular_before_plural(wrong).is_some(), "{wrong}");
        }
        assert_eq!(
            singular_before_plural("Le projet prévoit la sécurisation des pistes cyclables."),
            None
        );
    }

    #[test]
    fn two_millions_are_plural() {
        assert_eq!(
            singular_million("Le préjudice est estimé à 2,3 million d'euros.").as_deref(),
            Some("2,3 million")
        );
        assert!(singular_million("Il coûte deux milliard d'euros.").is_some());
        for right in [
            "Le préjudice est estimé à 2,3 millions d'euros.",
            "Le chantier coûte 1,5 million d'euros.",
            "Le plan des 120 millions d'euros a été présenté le 28 juin.",
        ] {
            assert_eq!(singular_million(right), None, "{right}");
        }
        assert_eq!(
            singular_million("Le plan de la 120 millions d'euros a été présenté.").as_deref(),
            Some("la 120 millions")
        );
    }

    #[test]
    fn a_year_the_source_writes_bare_takes_no_article() {
        let source = ["Il était accusé d'avoir favorisé entre 2016 et 2019 une entreprise."];
        let grammar = Grammar::new(source);
        for wrong in [
            "Il a favorisé une entreprise entre 2016 et les 2019.",
            "Il a favorisé entre 2016 et le 2019 une entreprise.",
        ] {
            assert!(grammar.article_year(wrong, true).is_some(), "{wrong}");
        }
        // Written so far, the year may yet be a count; a noun after it makes it one.
        assert_eq!(grammar.article_year("Entre 2016 et les 2019", false), None);
        assert_eq!(
            grammar.article_year("Les 2019 salariés ont été favorisés.", true),
            None
        );
        let dated = Grammar::new(["Le 2019 de la Métropole a été une année record."]);
        assert_eq!(
            dated.article_year("Le 2019 de la ville a été une année record.", true),
            None
        );
    }
}
