//! Grammar a small model gets wrong with the source's own words: an article of another
//! gender or number than the source gives the noun (« une effort » for « un effort »), « tout en »
//! before anything but a present participle (« tout en réclamer »), and a name of several
//! words broken where the source always joins it (« La Ville a vélo » for « La Ville à
//! vélo »), « de » between a figure and what the source counts with it (« 250 de
//! kilomètres »), a name the source always gives an article written without one (« à
//! Racing 92 » for « au Racing 92 »), and two words the source writes in one number written
//! in two (« piste cyclables »), « à » between a verb and its object (« cherchera à un
//! titre »), and « avoir » as a verb of its own where the source has it only as an auxiliary
//! (« le club a la finale »), and a singular article before a noun the source counts (« le
//! prévenu » for « les deux prévenus »), and a word the source writes only inside a compound
//! written alone (« trajets à domicile » for « domicile-travail »), and an object's head
//! dropped (« prévoit des vélos » for « prévoit une aide à l'achat de vélos »). What the source shows is read once, in
//! `Grammar::new`.

use std::collections::{HashMap, HashSet};

mod agreement;
mod auxiliary;
mod bare_de;
mod capitals;
mod compounds;
mod determined;
mod dropped;
mod figure_prepositions;
mod figure_verbs;
mod figures;
mod government;
mod heads;
mod interrogative;
mod names;
mod objects;
mod pairs;
mod participles;
mod places;
mod quotations;
mod verb_number;

use super::speakers;
use crate::text::{normalize, words};

/// Articles and determiners that tell a noun's gender and number: masculine, feminine
/// (singular both) and plural.
const MASCULINE: &[&str] = &["un", "le", "du", "au", "ce", "cet"];
const FEMININE: &[&str] = &["une", "la", "cette"];
const PLURAL: &[&str] = &["les", "des", "ces", "aux"];

/// Adjectives that come before their noun (« un premier bilan »): the article agrees with
/// the noun past them.
const BEFORE_NOUN: &[&str] = &[
    "premier",
    "premiere",
    "premiers",
    "premieres",
    "dernier",
    "derniere",
    "derniers",
    "dernieres",
    "nouveau",
    "nouvel",
    "nouvelle",
    "nouveaux",
    "nouvelles",
    "grand",
    "grande",
    "grands",
    "grandes",
    "petit",
    "petite",
    "petits",
    "petites",
    "seul",
    "seule",
    "seuls",
    "seules",
    "prochain",
    "prochaine",
    "prochains",
    "prochaines",
];

/// Whether `word` is an adjective that comes before its noun (`BEFORE_NOUN`: « premier »),
/// or an ordinal (« troisième »: « le troisième demi-finale », rugby seed 3 at stop 68, gives
/// « demi-finale » another gender than the source's « une demi-finale »).
pub fn is_before_noun(word: &str) -> bool {
    let folded = crate::text::fold_accents(&normalize(word));
    BEFORE_NOUN.contains(&folded.as_str())
        || (folded.ends_with("ieme") || folded.ends_with("iemes")) && folded.len() > 6
}

/// Whether `word` is one of the articles and determiners that tell a noun's gender or
/// number (« du », « une », « ces »).
pub fn is_article(word: &str) -> bool {
    agreement(word).is_some()
}

/// Which of masculine, feminine and plural `word` tells, when it is one of the articles.
fn agreement(word: &str) -> Option<usize> {
    let w = normalize(word);
    // « d'une », « qu'un »: the article past the elided word.
    let w = match w.split_once('\'') {
        Some((before, after)) if ["d", "qu", "jusqu", "lorsqu", "puisqu"].contains(&before) => {
            after.to_string()
        }
        _ => w,
    };
    [MASCULINE, FEMININE, PLURAL]
        .iter()
        .position(|set| set.contains(&w.as_str()))
}

/// Each article of `text` with the noun it goes with (past an adjective of `BEFORE_NOUN`).
fn article_nouns(text: &str) -> Vec<(usize, &str, String)> {
    let ws = words(text);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let Some(kind) = agreement(w) else { continue };
        let mut j = i + 1;
        if ws.get(j).is_some_and(|a| is_before_noun(a)) {
            j += 1;
        }
        if let Some(noun) = ws.get(j) {
            out.push((kind, *w, normalize(noun)));
        }
    }
    out
}

/// What the source's own words show of grammar: the gender and number of the articles it
/// gives each noun, and the word that joins each name it always writes whole.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grammar {
    /// For each noun the source gives an article: masculine, feminine, plural seen.
    genders: HashMap<String, [bool; 3]>,
    /// For each capitalised word, what follows it inside a name each time the source writes
    /// it (empty where it is not inside a name).
    joins: HashMap<String, Vec<String>>,
    /// The words the source writes right after a figure in digits (« 250 kilomètres »).
    counted: std::collections::HashSet<String>,
    /// For each capitalised word: whether every mention of it in the source has an article
    /// right before it (« au Racing 92 », « la Métropole »), and whether one is « la » or
    /// « l' » (« de » may then stand alone before it: « Coupe d'Europe », « Stade de France »).
    articled: HashMap<String, (bool, bool)>,
    /// For each capitalised word: whether no mention of it in the source has an article right
    /// before it.
    unarticled: HashMap<String, bool>,
    /// The capitalised words the source writes right after a bare « de », « à » or « en ».
    after_bare: HashSet<String>,
    /// For each capitalised word, the words the source writes right before it (lower case).
    before_name: HashMap<String, HashSet<String>>,
    /// For each lowercase word (`word_key`), whether every mention of it in the source is
    /// inside a name, as a complement (« Office français de la biodiversité »).
    in_names: HashMap<String, bool>,
    /// For each capitalised word, the words the source writes right after it (normalised).
    after_name: HashMap<String, HashSet<String>>,
    /// Pairs of lowercase words the source writes side by side in one number (« pistes
    /// cyclables »), keyed by their singular.
    paired: std::collections::HashSet<(String, String)>,
    /// For each lowercase word of four letters or more, the words the source writes right
    /// after it (lower case): « direction » -> « régionale ».
    followers: HashMap<String, HashSet<String>>,
    /// For each lowercase word of four letters or more the source writes after another word,
    /// whether every such mention follows a noun or adjective (« attente moyenne »).
    after_content_only: HashMap<String, bool>,
    /// For each participle the source writes after « avoir »: whether it goes on with its
    /// object, with nothing, or otherwise (`objects.rs`).
    after_having: HashMap<String, [bool; 3]>,
    /// For each noun the source gives a possessive, whether one is of one owner (« son »,
    /// « sa », « ses ») and whether one is of several (« leur », « leurs »).
    owners: HashMap<String, [bool; 2]>,
    /// The years the source writes after a word, with that word (« entre 2016 et 2019 »).
    years: HashSet<(String, String)>,
    /// Participles in « -é » the source writes after an auxiliary (« est estimé »).
    participles: HashSet<String>,
    /// Words the source writes after « à ».
    after_to: HashSet<String>,
    /// Verb forms the source writes right before a determiner, and those it writes before
    /// anything else.
    direct: HashSet<String>,
    indirect: HashSet<String>,
    /// For each verb form and noun the source writes one after the other, bare or with one
    /// article between, the articles it writes there ("" for none): « ferait appel »,
    /// « nié les faits ».
    objects: HashMap<(String, String), HashSet<String>>,
    /// Words the source writes right after « en ».
    after_en: HashSet<String>,
    /// Infinitives the source writes after a form of « faire » (folded).
    causatives: HashSet<String>,
    /// For each lowercase word (folded): how often the source writes it, and how often a
    /// figure right after it (« atteint aujourd'hui 4 % »).
    figure_after: HashMap<String, (usize, usize)>,
    /// For each lowercase word the source writes a figure after (folded): whether it writes
    /// it there without « à » between, and whether with (« passer à 8 % »).
    figure_to: HashMap<String, (bool, bool)>,
    /// Whether the source has « avoir » as a verb of its own (« le club a un stade »), not
    /// only as an auxiliary.
    has_things: bool,
    /// For the first word of each quotation of the source (`word_key`), whether a
    /// determiner stands right before it each time (« un dossier « fondé … » » has none).
    quote_after_determiner: HashMap<String, bool>,
    /// Whether the source writes « être » before « de » and an article (« est de la
    /// région »).
    being_of: bool,
    /// For each word the source writes a participle in « -é » right after (`word_key`), with
    /// that participle's masculine singular, the genders and numbers it gives it there
    /// (« euros destiné »: `ms`).
    agreed: HashMap<(String, String), HashSet<&'static str>>,
    /// Words the source writes right before « que » (« estime que »).
    before_que: HashSet<String>,
    /// Words the source writes right before a determiner (« estime le manque »).
    before_determiner: HashSet<String>,
    /// For each word the source writes before « que », the key of the last word of what
    /// follows (« reconnaît que … restent vacants »: `vacant`).
    completive_ends: HashMap<String, HashSet<String>>,
    /// Whether the source says « il y a », as what exists.
    there_is: bool,
    /// Whether the source joins two figures by « ou » (« deux ou trois »).
    figure_or: bool,
    /// Words the source writes right before « de » or « d' » (folded).
    before_de: HashSet<String>,
    /// For each word a figure counts (`word_key`: « ans »), the nouns of the « de »
    /// complements the source gives it (« prison », « inéligibilité »).
    count_complements: HashMap<String, HashSet<String>>,
    /// For each figure the source gives per unit (« 120 enfants par jour »), folded, the
    /// units (« par jour »).
    rates: HashMap<String, HashSet<String>>,
    /// The lowercase compounds the source writes (« domicile-travail »), by part.
    compounds: compounds::Compounds,
    /// The objects the source gives each word, with their complements' nouns.
    heads: heads::Heads,
    /// The prepositions the source places each noun with (« près des gares »).
    places: places::Places,
    /// The nouns the source always gives a determiner (« une usine »).
    determined: determined::Determined,
    /// The words the source always capitalises (« Métropole »).
    capitals: capitals::Capitals,
    /// The complements the source writes after a bare « de » (« cours d'eau »).
    bare_de: bare_de::BareComplements,
    /// The prepositions the source writes before each figure (« de 30 % »).
    figure_prepositions: figure_prepositions::FigurePrepositions,
    /// The words the source writes before each figure (« avoir vendu 118 000 »).
    figure_verbs: figure_verbs::FigureVerbs,
    /// The words the source writes side by side and with one between (« est plus réservé »).
    dropped: dropped::Dropped,
}

/// Whether `word` is « que » or « qu' ».
fn says_que(word: &str) -> bool {
    let word = normalize(word);
    word == "que" || word.starts_with("qu'") || word.starts_with("qu’")
}

/// A word's singular and whether it is marked plural (« pistes » -> « piste », true), for a
/// lowercase word of four letters or more; `None` for others.
pub(super) fn number(word: &str) -> Option<(String, bool)> {
    let first = word.chars().next()?;
    if !first.is_lowercase() || word.chars().count() < 4 || !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let w = normalize(word);
    match w.strip_suffix(['s', 'x']) {
        Some(singular) => Some((singular.to_string(), true)),
        None => Some((w, false)),
    }
}

/// Whether `sentence` is finished: it ends on its closing mark (past a closing quotation).
/// While it is written, what a rule misses may yet come.
fn is_finished(sentence: &str) -> bool {
    sentence
        .trim_end_matches(['»', '"', ' '])
        .ends_with(['.', '!', '?'])
}

/// Whether `word` is a figure: digits (`250`, a group of `15 000`) or a number written out
/// (`cinquante`), not a multiplier (`millions de`).
fn is_figure(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || crate::facts::figures(word)
            .iter()
            .any(|(_, key)| key.chars().all(|c| c.is_ascii_digit()))
}

impl Grammar {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let source: Vec<&str> = source.into_iter().collect();
        let mut grammar = Self {
            compounds: compounds::Compounds::new(source.iter().copied()),
            heads: heads::Heads::new(source.iter().copied()),
            places: places::Places::new(source.iter().copied()),
            bare_de: bare_de::BareComplements::new(source.iter().copied()),
            capitals: capitals::Capitals::new(source.iter().copied()),
            determined: determined::Determined::new(source.iter().copied()),
            dropped: dropped::Dropped::new(source.iter().copied()),
            figure_prepositions: figure_prepositions::FigurePrepositions::new(
                source.iter().copied(),
            ),
            figure_verbs: figure_verbs::FigureVerbs::new(source.iter().copied()),
            ..Self::default()
        };
        for s in source {
            for (kind, _, noun) in article_nouns(s) {
                grammar.genders.entry(noun).or_default()[kind] = true;
            }
            let ws = words(s);
            grammar.read_names(s, &ws);
            grammar.read_figure_ranges(&ws);
            grammar.read_years(&ws);
            grammar.read_auxiliaries(&ws);
            grammar.read_objects_after_having(s);
            grammar.read_objects(&ws);
            grammar.read_articled_objects(&ws);
            grammar.read_figure_objects(&ws);
            grammar.read_causatives(&ws);
            grammar.read_count_complements(&ws);
            grammar.read_rates(s);
            grammar.has_things |= auxiliary::having_as_verb(s).is_some();
            grammar.being_of |= auxiliary::being_of(s).is_some();
            for (key, tag, _) in participles::participles_after(&words(s)) {
                grammar.agreed.entry(key).or_default().insert(tag);
            }
            for (before, first) in quotations::quotation_openings(s) {
                let determiner = before
                    .is_some_and(|b| crate::text::DETERMINERS.contains(&normalize(b).as_str()));
                let key = crate::text::word_key(first);
                let all = grammar.quote_after_determiner.entry(key).or_insert(true);
                *all &= determiner;
            }
            for pair in ws.windows(2) {
                if ["en", "d'en"].contains(&normalize(pair[0]).as_str()) {
                    grammar.after_en.insert(normalize(pair[1]));
                }
                if is_figure(pair[0]) {
                    grammar.counted.insert(normalize(pair[1]));
                }
                if says_que(pair[1]) {
                    grammar.before_que.insert(normalize(pair[0]));
                }
                let next = normalize(pair[1]);
                if next == "de" || next.starts_with("d'") || next.starts_with("d’") {
                    grammar.before_de.insert(speakers::folded(pair[0]));
                }
                grammar.read_pair(pair[0], pair[1]);
                if let (Some((a, x)), Some((b, y))) = (number(pair[0]), number(pair[1])) {
                    if x == y {
                        grammar.paired.insert((a, b));
                    }
                }
            }
        }
        grammar
    }

    /// The first phrase of `sentence` that breaks French grammar as the source's own words
    /// show it, or as French has it whatever the source. `whole` says the sentence is
    /// finished: while it is written, a name may yet go on and a year yet be a count.
    pub fn error(&self, sentence: &str, whole: bool) -> Option<String> {
        self.wrong_gender(sentence)
            .or_else(|| self.made_singular(sentence))
            .or_else(|| self.wrong_interrogative(sentence))
            .or_else(|| not_a_participle(sentence))
            .or_else(|| whole.then(|| self.broken_name(sentence)).flatten())
            .or_else(|| self.bare_name(sentence))
            .or_else(|| self.articled_name(sentence))
            .or_else(|| self.name_made_other(sentence))
            .or_else(|| self.name_part_alone(sentence))
            .or_else(|| self.split_number(sentence))
            .or_else(|| self.to_between_pair(sentence))
            .or_else(|| self.regendered_pair(sentence))
            .or_else(|| self.adjective_as_noun(sentence))
            .or_else(|| self.other_owner(sentence))
            .or_else(|| self.object_dropped(sentence))
            .or_else(|| self.completive_as_object(sentence))
            .or_else(|| self.figure_de(sentence))
            .or_else(|| agreement::singular_before_plural(sentence))
            .or_else(|| agreement::singular_million(sentence))
            .or_else(|| verb_number::plural_subject_singular_verb(sentence))
            .or_else(|| verb_number::count_subject_singular_verb(sentence))
            .or_else(|| agreement::article_before_infinitive(sentence))
            .or_else(|| agreement::indefinite_misplaced(sentence))
            .or_else(|| agreement::article_after_article(sentence))
            .or_else(|| agreement::ordinal_without_determiner(sentence))
            .or_else(|| agreement::cardinal_after_word(sentence))
            .or_else(|| agreement::definite_before_count(sentence))
            .or_else(|| agreement::au_between_figures(sentence))
            .or_else(|| agreement::euphonic_t_missing(sentence))
            .or_else(|| agreement::article_after_en_fin(sentence))
            .or_else(|| agreement::season_without_preposition(sentence))
            .or_else(|| agreement::period_without_preposition(sentence))
            .or_else(|| agreement::inverted_infinitive(sentence))
            .or_else(|| self.article_year(sentence, whole))
            .or_else(|| auxiliary::being_after_having(sentence))
            .or_else(|| {
                (!self.being_of)
                    .then(|| auxiliary::being_of(sentence))
                    .flatten()
            })
            .or_else(|| self.to_participle(sentence))
            .or_else(|| self.bare_participle(sentence))
            .or_else(|| self.preposition_added(sentence))
            .or_else(|| self.article_changed(sentence))
            .or_else(|| self.having(sentence))
            .or_else(|| self.en_added(sentence))
            .or_else(|| self.figure_dropped(sentence, whole))
            .or_else(|| self.de_before_figure(sentence))
            .or_else(|| self.to_before_figure(sentence))
            .or_else(|| self.count_complement_changed(sentence))
            .or_else(|| self.rate_dropped(sentence))
            .or_else(|| self.causative_added(sentence))
            .or_else(|| self.quoted_noun_dropped(sentence))
            .or_else(|| self.participle_disagrees(sentence))
            .or_else(|| self.compounds.split(sentence, whole))
            .or_else(|| self.heads.dropped(sentence))
            .or_else(|| self.places.moved(sentence))
            .or_else(|| self.figure_prepositions.changed(sentence))
            .or_else(|| self.figure_verbs.verb_dropped(sentence))
            .or_else(|| self.bare_de.articled(sentence))
            .or_else(|| self.bare_de.made_subject(sentence))
            .or_else(|| self.capitals.lowered(sentence))
            .or_else(|| self.determined.bare(sentence))
            .or_else(|| self.figure_or_figure(sentence))
            .or_else(|| self.dropped.bound(sentence))
    }

    /// « en » put before an infinitive after « à », « de » or « pour », where the source
    /// never writes that word after « en »: « Ils se sont également engagés à en renforcer
    /// les chaînes » for « à renforcer les chaînes » (the seed dispatch with dead ends, stop
    /// 67); and « d'en » before any word the source does not write after « en » (« condamné à
    /// quatre ans d'en prison », procès with dead ends).
    pub fn en_added(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        (1..ws.len()).find_map(|i| {
            let lead = normalize(ws[i - 1]);
            let (before, en) = match lead.as_str() {
                "d'en" => (true, true),
                _ => (
                    i >= 2 && ["à", "de", "pour"].contains(&normalize(ws[i - 2]).as_str()),
                    lead == "en",
                ),
            };
            let verb = normalize(ws[i]);
            // « d'en » stands before what the source writes after « en » alone (« d'en
            // prison » for « de prison »); after « à », « pour », « en » before an infinitive.
            let infinitive = lead == "d'en"
                || ["er", "ir", "re"].iter().any(|e| verb.ends_with(e))
                    && verb.chars().count() > 4
                    && verb.chars().all(char::is_alphabetic);
            if before && en && infinitive && !self.after_en.contains(&verb) {
                let from = if lead == "d'en" { i - 1 } else { i - 2 };
                return Some(ws[from..=i].join(" "));
            }
            // « en » before a verb that says « que », here or in the source (« La Ville à vélo
            // … en estime que », velo seed 1 at this stop, and « … en estime les travaux »
            // with its « que » dropped too, for « estime que »); a gerund (« en sachant
            // que ») and « en tant que » stand.
            let says_that =
                ws.get(i + 1).is_some_and(|next| says_que(next)) || self.before_que.contains(&verb);
            let gerund = verb.ends_with("ant") || verb.chars().count() < 4;
            // « en » before « avoir » or « être » is the pronoun, standing for something the
            // source names nowhere there: « Les Bordelais, qui disputaient la troisième
            // demi-finale en quatre ans, en ont perdu leur capitaine » (rugby seed 2 at stop
            // 75, in its « L'essentiel »).
            let pronoun = auxiliary::FINITE.contains(&verb.as_str());
            (lead == "en" && (says_that && !gerund || pronoun) && !self.after_en.contains(&verb))
                .then(|| ws[i - 1..=i].join(" "))
        })
    }

    /// « de » between a figure (in digits or written out) and a word the source writes right
    /// after a figure: « 250 de kilomètres » for « 250 kilomètres », « cinquante de salariés »
    /// for « cinquante salariés ».
    pub fn figure_de(&self, sentence: &str) -> Option<String> {
        // The gate asks at every word a candidate writes: the cheap tests first, the figure
        // (read in full for a number written out) last.
        words(sentence).windows(3).find_map(|w| {
            let de = normalize(w[1]) == "de";
            let found = de && self.counted.contains(&normalize(w[2])) && is_figure(w[0]);
            found.then(|| w.join(" "))
        })
    }

    /// The first article of `sentence` that disagrees with its noun as the source gives it:
    /// of another gender or number than every article the source gives that noun (« une
    /// effort », « la première bilan », « la première chantiers », where the source says « un
    /// effort », « un premier bilan », « les premiers chantiers »).
    pub fn wrong_gender(&self, sentence: &str) -> Option<String> {
        article_nouns(sentence)
            .into_iter()
            .find_map(|(kind, article, noun)| {
                let seen = self.genders.get(&noun)?;
                (!seen[kind]).then(|| format!("{article} … {noun}"))
            })
    }

    /// A singular article before a noun that the source counts, two or more, and never
    /// writes in the singular: « Le prévenu avait nié les faits » (procès seed 2, stop 73)
    /// makes one of the source's « deux prévenus », who both denied them. A noun the source
    /// does not count may change number (« le contrôle à l'exportation » for « les
    /// contrôles »).
    pub fn made_singular(&self, sentence: &str) -> Option<String> {
        let ws = words(sentence);
        article_nouns(sentence)
            .into_iter()
            .find_map(|(kind, article, noun)| {
                // A name (« Le Toulousain ») is no noun of the source's.
                let name = ws
                    .iter()
                    .any(|w| normalize(w) == noun && w.starts_with(char::is_uppercase));
                let singular = kind < 2
                    && !name
                    && noun.chars().count() >= 4
                    && noun.chars().all(char::is_alphabetic)
                    && !self.figure_after.contains_key(&speakers::folded(&noun));
                let plurals = [
                    Some(format!("{noun}s")),
                    Some(format!("{noun}x")),
                    noun.strip_suffix("al").map(|stem| format!("{stem}aux")),
                ];
                let counted = || plurals.iter().flatten().any(|p| self.counted.contains(p));
                (singular && counted()).then(|| format!("{article} {noun}"))
            })
    }
}

/// « tout en » before a word that is no present participle: « tout en réclamer »; and a form
/// of « avoir » right before an infinitive where its participle belongs: « La Rochelle a
/// affronter » (rugby seed 1, this stop).
pub fn not_a_participle(sentence: &str) -> Option<String> {
    let ws = words(sentence);
    let gerund = ws.windows(3).find_map(|w| {
        let lead = (normalize(w[0]), normalize(w[1]));
        let participle = normalize(w[2]).ends_with("ant");
        (lead.0 == "tout" && lead.1 == "en" && !participle)
            .then(|| format!("{} {} {}", w[0], w[1], w[2]))
    });
    let infinitive = ws.windows(2).find_map(|w| {
        let (auxiliary, next) = (normalize(w[0]), normalize(w[1]));
        let infinitive = next.ends_with("er")
            && next.chars().count() > 4
            && !NOT_INFINITIVES.contains(&next.as_str());
        (HAS.contains(&auxiliary.as_str()) && infinitive).then(|| format!("{} {}", w[0], w[1]))
    });
    gerund.or(infinitive).or_else(|| no_participle(&ws))
}

/// « s'est », « se sont » and the like followed by a word that never stands in place of the
/// participle: « Le Stade toulousain s'est en finale » (rugby seed 1, stop 59, once the copy
/// guard let « est » follow « s' » and banned « qualifié » after it). « s'est en effet »
/// stands.
fn no_participle(ws: &[&str]) -> Option<String> {
    const NO_PARTICIPLE: &[&str] = &[
        "en", "à", "au", "aux", "le", "la", "les", "un", "une", "des", "du", "de", "pour", "dans",
        "sur", "avec", "par", "contre",
    ];
    (1..ws.len()).find_map(|i| {
        let word = normalize(ws[i - 1]);
        let pronominal = ["s'est", "s'était", "s'étaient"].contains(&word.as_str())
            || i >= 2
                && normalize(ws[i - 2]) == "se"
                && ["sont", "étaient"].contains(&word.as_str());
        let next = normalize(ws[i]);
        let effet = next == "en" && ws.get(i + 1).is_some_and(|w| normalize(w) == "effet");
        (pronominal && NO_PARTICIPLE.contains(&next.as_str()) && !effet)
            .then(|| format!("{} {}", ws[i - 1], ws[i]))
    })
}

/// The forms of « avoir » a participle follows.
const HAS: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "ai", "avons", "avez",
];

/// Words in « -er » that may follow « a » (« a hier annoncé », « a premier lieu »… rather
/// « en premier lieu », but a word of its own all the same).
const NOT_INFINITIVES: &[&str] = &[
    "premier", "dernier", "entier", "hiver", "super", "leader", "manager", "dossier", "quartier",
    "danger",
];

#[cfg(test)]
mod tests;
