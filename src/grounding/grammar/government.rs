//! A preposition put between a verb and what it is done to: « Le club haut-garonnais
//! cherchera à un titre de champion de France » (rugby, seed 1, at `30fed99`) for the
//! source's « cherchera un vingt-troisième titre de champion de France »; and a word the
//! source always gives a figure left without one (« la part du vélo … atteint aujourd'hui et
//! doit passer à 8 % », velo seed 1, stop 72, for « atteint aujourd'hui 4 % »); and « faire »
//! put before a verb the source does not have done by another (« Les deux pays ont convenu de
//! faire travailler », the seed dispatch, seed 2, stop 72, for « convenu de travailler
//! ensemble »); and an article put between a verb and a noun the source writes bare after it
//! (« ferait un appel » for « ferait appel »), or « des » for its « les » (« nié des faits »).

use super::Grammar;
use crate::grounding::speakers::folded;
use crate::text::{normalize, DETERMINERS};

/// Articles whose change between a verb and its noun changes what is told (« ferait appel »,
/// « ferait un appel »).
const OBJECT_ARTICLES: &[&str] = &["le", "la", "les", "un", "une", "des", "du"];

/// The verb form at `i` of `ws` (as `VERB_ENDINGS` tell one), the article after it (one of
/// `OBJECT_ARTICLES`, or "" for none) and the lowercase noun after that, all lower case.
fn articled_object(ws: &[&str], i: usize) -> Option<(String, String, String)> {
    let verb = normalize(ws[i]);
    let is_verb = ws[i].starts_with(char::is_lowercase)
        && verb.chars().all(char::is_alphabetic)
        && verb.chars().count() > 2
        && VERB_ENDINGS.iter().any(|e| verb.ends_with(e));
    if !is_verb {
        return None;
    }
    let next = normalize(ws.get(i + 1)?);
    let (article, noun) = match OBJECT_ARTICLES.contains(&next.as_str()) {
        true => (next, *ws.get(i + 2)?),
        false => (String::new(), *ws.get(i + 1)?),
    };
    let is_noun = noun.starts_with(char::is_lowercase)
        && noun.chars().count() >= 4
        && noun.chars().all(char::is_alphabetic)
        && crate::lexicon::nominal_entry(&normalize(noun)).is_some();
    is_noun.then(|| (verb, article, normalize(noun)))
}

/// Prepositions that put an object out of a verb's direct reach.
const PREPOSITIONS: &[&str] = &["à", "au", "aux"];

/// How a verb's form ends (future, conditional, imperfect, present plural, participle,
/// infinitive): a word that ends so may be a verb; « jeudi », « emprisonnement » may not.
const VERB_ENDINGS: &[&str] = &[
    "ra", "ront", "rait", "raient", "ait", "aient", "ent", "é", "ée", "és", "ées", "er", "ir",
];

/// Determiners that hold a preposition (« au » is « à le »), or may (« du », « des »): none
/// opens a direct object for sure.
const WITH_PREPOSITION: &[&str] = &["au", "aux", "du", "des"];

/// Whether `word` (lower case) opens a noun phrase as a direct object: a determiner, or an
/// elided article. « commencer au printemps » has no object.
fn determines(word: &str) -> bool {
    (DETERMINERS.contains(&word) && !WITH_PREPOSITION.contains(&word))
        || word.starts_with("l'")
        || word.starts_with("l’")
}

/// Words that may stand between a word and the figure it governs, folded (« atteint
/// aujourd'hui 4 % », « passer à 8 % », « de plus de cinquante salariés »).
const BEFORE_FIGURE: &[&str] = &[
    "aujourd'hui",
    "desormais",
    "deja",
    "encore",
    "actuellement",
    "a",
    "de",
    "d'",
    "pres",
    "environ",
    "plus",
    "moins",
];

/// Forms of « faire » that make another do what the infinitive after them says, folded.
const FAIRE: &[&str] = &[
    "faire",
    "fait",
    "font",
    "fera",
    "feront",
    "ferait",
    "feraient",
    "faisait",
    "faisaient",
    "faisant",
];

/// Words that join another clause: a word before them has said all it will.
const JOINING: &[&str] = &["et", "ou", "mais"];

impl Grammar {
    /// Reads one source sentence's words: how often each lowercase word of four letters or
    /// more comes, and how often a figure follows it, past `BEFORE_FIGURE` words only.
    pub(super) fn read_figure_objects(&mut self, ws: &[&str]) {
        for (i, w) in ws.iter().enumerate() {
            if !w.starts_with(char::is_lowercase) || w.chars().count() < 4 {
                continue;
            }
            let figure = ws[i + 1..]
                .iter()
                .take(3)
                .take_while(|n| counts(n) || BEFORE_FIGURE.contains(&folded(n).as_str()))
                .any(|n| counts(n));
            let seen = self.figure_after.entry(folded(w)).or_default();
            seen.0 += 1;
            seen.1 += usize::from(figure);
            if figure {
                let to = ws[i + 1..]
                    .iter()
                    .take_while(|n| !counts(n))
                    .any(|n| folded(n) == "a");
                let ways = self.figure_to.entry(folded(w)).or_default();
                ways.0 |= !to;
                ways.1 |= to;
            }
        }
    }

    /// Reads one source sentence's words: for each word counted by a figure (« ans » in
    /// « quatre ans de prison »), the nouns of the « de » complement it gives it there.
    pub(super) fn read_count_complements(&mut self, ws: &[&str]) {
        for (i, w) in ws.iter().enumerate().skip(1) {
            if !counts(ws[i - 1]) {
                continue;
            }
            if let Some(noun) = de_complement(&ws[i + 1..]) {
                let unit = crate::text::word_key(w);
                self.count_complements.entry(unit).or_default().insert(noun);
            }
        }
    }

    /// A count given a « de » complement the source never gives that count, where it gives it
    /// others: « Le chef d'entreprise a été condamné à trois ans d'amende » (procès seed 2 at
    /// temperature 0.9, stop 76) for « trois ans de prison avec sursis » (the fine is « une
    /// amende de 150 000 euros »).
    pub fn count_complement_changed(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        (1..ws.len()).find_map(|i| {
            if !counts(ws[i - 1]) {
                return None;
            }
            let given = self.count_complements.get(&crate::text::word_key(ws[i]))?;
            let noun = de_complement(&ws[i + 1..])?;
            (!given.contains(&noun)).then(|| ws[i - 1..(i + 2).min(ws.len())].join(" "))
        })
    }

    /// « à » put between a word and its figure, where the source always gives the word its
    /// figure without: « la part du vélo … atteint aujourd'hui à 4 % » (velo seed 1 at stop
    /// 76, in its « L'essentiel ») for « atteint aujourd'hui 4 % ». « passer à 8 % » stands
    /// where the source writes it so.
    pub fn to_before_figure(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        ws.iter().enumerate().find_map(|(i, w)| {
            let bare_only = self
                .figure_to
                .get(&folded(w))
                .is_some_and(|&(bare, to)| bare && !to);
            if !bare_only || !w.starts_with(char::is_lowercase) {
                return None;
            }
            let between = ws[i + 1..]
                .iter()
                .take_while(|n| BEFORE_FIGURE.contains(&folded(n).as_str()))
                .count();
            let figure = ws.get(i + 1 + between).is_some_and(|n| counts(n));
            let to = ws[i + 1..i + 1 + between].iter().any(|n| folded(n) == "a");
            (figure && to).then(|| ws[i..=i + 1 + between].join(" "))
        })
    }

    /// Reads one source sentence's words: the infinitives it writes after a form of
    /// « faire ».
    pub(super) fn read_causatives(&mut self, ws: &[&str]) {
        for pair in ws.windows(2) {
            if FAIRE.contains(&folded(pair[0]).as_str()) {
                self.causatives.insert(folded(pair[1]));
            }
        }
    }

    /// A form of « faire » before an infinitive (of the dictionary) that the source never
    /// writes after one, as « faire travailler »: a deed the source gives its doer, told as
    /// done by another's making.
    pub fn causative_added(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        ws.windows(2).find_map(|pair| {
            let verb = normalize(pair[1]);
            let added = FAIRE.contains(&folded(pair[0]).as_str())
                && pair[1].starts_with(char::is_lowercase)
                && crate::lexicon::is_verb(&verb)
                && !self.causatives.contains(&folded(pair[1]));
            added.then(|| pair.join(" "))
        })
    }

    /// The first word of `sentence` that the source always writes before a figure, left
    /// without one: nothing but `BEFORE_FIGURE` words follow it before its clause ends, or
    /// before « et », « ou », « mais ». `whole` says the sentence is finished; while it is
    /// written, its last clause may yet bring the figure.
    pub fn figure_dropped(&self, sentence: &str, whole: bool) -> Option<String> {
        let clauses: Vec<&str> = sentence.split(crate::grounding::CLAUSE_MARKS).collect();
        let last = clauses.len() - 1;
        clauses.iter().enumerate().find_map(|(c, clause)| {
            let ws = crate::text::words(clause);
            ws.iter().enumerate().find_map(|(i, w)| {
                let always = self
                    .figure_after
                    .get(&folded(w))
                    .is_some_and(|&(seen, before)| seen > 0 && seen == before);
                if !always || !w.starts_with(char::is_lowercase) {
                    return None;
                }
                let rest = &ws[i + 1..];
                let between = rest
                    .iter()
                    .take_while(|n| BEFORE_FIGURE.contains(&folded(n).as_str()))
                    .count();
                let ended = match rest.get(between) {
                    Some(n) => JOINING.contains(&folded(n).as_str()),
                    None => c < last || whole,
                };
                ended.then(|| ws[i..=(i + between).min(ws.len() - 1)].join(" "))
            })
        })
    }

    /// Reads one source sentence's words: which verb forms take a determiner right after
    /// them, and which ever take anything else.
    /// A date (« jouera le 28 juin ») is no object.
    pub(super) fn read_objects(&mut self, ws: &[&str]) {
        for (i, w) in ws.iter().enumerate() {
            let verb = normalize(w);
            let Some(next) = ws.get(i + 1) else { break };
            if !VERB_ENDINGS.iter().any(|e| verb.ends_with(e)) {
                continue;
            }
            let date = ws
                .get(i + 2)
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
            match determines(&normalize(next)) && !date {
                true => self.direct.insert(verb),
                false => self.indirect.insert(verb),
            };
        }
    }

    /// Reads one source sentence's words: each verb form right before a noun, bare or
    /// past one article, with that article.
    pub(super) fn read_articled_objects(&mut self, ws: &[&str]) {
        for i in 0..ws.len() {
            let Some((verb, article, noun)) = articled_object(ws, i) else {
                continue;
            };
            self.objects
                .entry((verb, noun))
                .or_default()
                .insert(article);
        }
    }

    /// The first article of `sentence` between a verb form and a noun that the source
    /// writes one after the other, where the source has none (« son client ferait un
    /// appel », a telephone call, for the source's « ferait appel »), or « des » where it has
    /// « les » (« avaient nié des faits », some of them, for « avaient nié les faits »; both
    /// in procès seed 1, stop 73). « obtient un remboursement intégral » for « obtient le
    /// remboursement intégral » tells the same, and stands.
    pub fn article_changed(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        (0..ws.len()).find_map(|i| {
            let (verb, article, noun) = articled_object(&ws, i)?;
            let seen = self.objects.get(&(verb, noun))?;
            let changed = !seen.contains(&article)
                && (seen.contains("") || article == "des" && seen.contains("les"));
            (!article.is_empty() && changed).then(|| ws[i..i + 3].join(" "))
        })
    }

    /// « de » put between a word the source writes and a figure, where the source never
    /// writes « de » after that word: « Le plan comprend de 15 000 places de stationnement »
    /// (velo seed 3 at stop 75) for « Le plan comprend aussi la construction de 15 000
    /// places ». A noun (« un préjudice de 2,3 millions »), « être » (« était de 2,3
    /// millions ») and a range (« passer de 4 % à 8 % ») stand.
    pub fn de_before_figure(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        ws.windows(3).enumerate().find_map(|(i, w)| {
            if normalize(w[1]) != "de" || !counts(w[2]) {
                return None;
            }
            let word = normalize(w[0]);
            let key = folded(w[0]);
            let verb = w[0].starts_with(char::is_lowercase)
                && word.chars().count() >= 4
                && word.chars().all(char::is_alphabetic)
                && !super::AUXILIARIES.contains(&word.as_str())
                && crate::lexicon::nominal_entry(&word).is_none();
            let range = ws[i + 3..].iter().take(3).any(|n| normalize(n) == "à");
            let added = verb
                && self.figure_after.contains_key(&key)
                && !self.before_de.contains(&key)
                && !range;
            added.then(|| w.join(" "))
        })
    }

    /// The first verb of `sentence`, with « à » after it, that the source only ever writes
    /// right before a determiner: « cherchera à un titre ».
    pub fn preposition_added(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        ws.windows(3).find_map(|w| {
            let verb = normalize(w[0]);
            let added = self.direct.contains(&verb)
                && !self.indirect.contains(&verb)
                && PREPOSITIONS.contains(&normalize(w[1]).as_str())
                && (normalize(w[1]) != "à" || determines(&normalize(w[2])));
            added.then(|| w.join(" "))
        })
    }
}

/// The noun (`word_key`) of the « de » complement that `rest` opens with: « de prison »,
/// « d'inéligibilité »; none past an article (« de la ville » is no count's matter).
fn de_complement(rest: &[&str]) -> Option<String> {
    let first = normalize(rest.first()?);
    let noun = match first.as_str() {
        "de" => rest.get(1).copied()?,
        elided if elided.starts_with("d'") || elided.starts_with("d’") => {
            crate::text::strip_elision(rest[0])
        }
        _ => return None,
    };
    let bare = noun.starts_with(char::is_lowercase)
        && noun.chars().count() >= 4
        && noun.chars().all(char::is_alphabetic)
        && !crate::text::DETERMINERS.contains(&normalize(noun).as_str());
    bare.then(|| crate::text::word_key(noun))
}

/// Whether `word` is a figure that counts: « un », « une » are most often articles.
fn counts(word: &str) -> bool {
    super::is_figure(word) && !["un", "une"].contains(&folded(word).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verb_the_source_gives_a_direct_object_takes_no_preposition_before_it() {
        let grammar = Grammar::new([
            "La finale se jouera le 28 juin, où le club haut-garonnais cherchera un \
             vingt-troisième titre de champion de France.",
            "Raimondo a rencontré jeudi le ministre chinois du Commerce.",
            "Les Bordelais ont perdu leur capitaine.",
            "Le plan prévoit la création de 250 kilomètres de pistes.",
            "Les premiers chantiers doivent commencer au printemps.",
        ]);
        assert_eq!(
            grammar
                .preposition_added("Le club haut-garonnais cherchera à un titre de champion.")
                .as_deref(),
            Some("cherchera à un")
        );
        assert_eq!(
            grammar
                .preposition_added("Le plan prévoit à la création de pistes.")
                .as_deref(),
            None,
            "« prévoit » is no verb form it reads"
        );
        for right in [
            "Le club haut-garonnais cherchera un titre de champion.",
            // « jeudi » is no verb, though the source writes an article after it.
            "Raimondo a rencontré Wang Wentao jeudi à Washington.",
            // The source writes « jouera » before something else than an article.
            "La finale se jouera au Stade de France.",
            // « au » is no object's article (velo at `0406735`).
            "Le chantier doit commencer au printemps.",
        ] {
            assert_eq!(grammar.preposition_added(right), None, "{right}");
        }
    }

    #[test]
    fn a_word_the_source_always_gives_a_figure_keeps_one() {
        let grammar = Grammar::new([
            "Selon Bruno Bernard, la part du vélo dans les trajets domicile-travail atteint aujourd'hui 4 % et doit passer à 8 % en 2030.",
            "La Métropole prévoit une aide, ainsi qu'un service de location.",
        ]);
        // Velo seed 1, stop 72.
        assert_eq!(
            grammar
                .figure_dropped(
                    "La part du vélo atteint aujourd'hui et doit passer à 8 %.",
                    true
                )
                .as_deref(),
            Some("atteint aujourd'hui")
        );
        assert!(grammar
            .figure_dropped("La part du vélo atteint aujourd'hui.", true)
            .is_some());
        for right in [
            "La part du vélo atteint aujourd'hui 4 % et doit passer à 8 %.",
            "La part du vélo doit passer de 4 % à 8 %.",
            // « une » after it in the source is an article: « prévoit » needs no figure.
            "La Métropole prévoit, pour les ménages, une aide.",
        ] {
            assert_eq!(grammar.figure_dropped(right, true), None, "{right}");
        }
        // While it is written, the figure may yet come.
        assert_eq!(
            grammar.figure_dropped("La part du vélo atteint aujourd'hui", false),
            None
        );
    }

    #[test]
    fn de_comes_before_a_figure_only_after_a_word_the_source_writes_it_after() {
        let grammar = Grammar::new([
            "Le plan comprend aussi la construction de 15 000 places de stationnement.",
            "La part du vélo doit passer à 8 % et le préjudice était estimé à 2,3 millions.",
        ]);
        assert_eq!(
            grammar
                .de_before_figure("Le plan comprend de 15 000 places de stationnement.")
                .as_deref(),
            Some("comprend de 15")
        );
        for right in [
            "Le plan comprend 15 000 places de stationnement.",
            "La part du vélo doit passer de 4 % à 8 %.",
            "Le préjudice était de 2,3 millions.",
            "Le préjudice de 2,3 millions est estimé.",
            // A word the source does not write: nothing tells how it is written.
            "Le plan prévoit de 15 000 places.",
        ] {
            assert_eq!(grammar.de_before_figure(right), None, "{right}");
        }
    }

    #[test]
    fn a_figure_the_source_gives_bare_takes_no_a_before_it() {
        let grammar = Grammar::new([
            "Selon Bruno Bernard, la part du vélo dans les trajets domicile-travail atteint aujourd'hui 4 % et doit passer à 8 % en six ans.",
        ]);
        assert_eq!(
            grammar
                .to_before_figure("La part du vélo atteint aujourd'hui à 4 %.")
                .as_deref(),
            Some("atteint aujourd'hui à 4")
        );
        for right in [
            "La part du vélo atteint aujourd'hui 4 %.",
            "La part du vélo doit passer à 8 %.",
            "La part du vélo atteint 4 % et doit passer à 8 %.",
        ] {
            assert_eq!(grammar.to_before_figure(right), None, "{right}");
        }
    }

    #[test]
    fn a_count_keeps_the_complements_the_source_gives_it() {
        let grammar = Grammar::new([
            "Le tribunal a condamné l'ancien adjoint à quatre ans de prison, dont deux avec sursis.",
            "Le tribunal a également prononcé une peine de cinq ans d'inéligibilité et une amende de 150 000 euros.",
            "La procureure avait requis cinq ans d'emprisonnement.",
        ]);
        assert_eq!(
            grammar
                .count_complement_changed(
                    "Le chef d'entreprise a été condamné à trois ans d'amende."
                )
                .as_deref(),
            Some("trois ans d'amende")
        );
        for right in [
            "Le chef d'entreprise a été condamné à trois ans de prison avec sursis.",
            "La procureure avait requis cinq ans d'emprisonnement.",
            "Une peine de cinq ans d'inéligibilité a été prononcée.",
            "Le procès a duré cinq ans.",
        ] {
            assert_eq!(grammar.count_complement_changed(right), None, "{right}");
        }
    }

    #[test]
    fn an_object_keeps_the_article_the_source_gives_it() {
        let grammar = Grammar::new([
            "L'avocat a annoncé que son client ferait appel.",
            "Les deux prévenus avaient nié les faits pendant le procès.",
            "La ville obtient le remboursement intégral du préjudice.",
        ]);
        for (wrong, phrase) in [
            ("Son client ferait un appel.", "ferait un appel"),
            ("Les prévenus avaient nié des faits.", "nié des faits"),
        ] {
            assert_eq!(grammar.article_changed(wrong).as_deref(), Some(phrase));
        }
        for right in [
            "Son client ferait appel.",
            "Les prévenus avaient nié les faits.",
            "La ville obtient un remboursement intégral du préjudice.",
        ] {
            assert_eq!(grammar.article_changed(right), None, "{right}");
        }
    }

    #[test]
    fn faire_before_a_verb_is_the_sources_only() {
        let grammar = Grammar::new([
            "Les deux pays ont convenu de travailler ensemble pour identifier les risques.",
            "Le club a fait venir un nouvel entraîneur.",
        ]);
        assert_eq!(
            grammar
                .causative_added("Les deux pays ont convenu de faire travailler les chercheurs.")
                .as_deref(),
            Some("faire travailler")
        );
        for right in [
            "Les deux pays ont convenu de travailler ensemble.",
            "Le club a fait venir un entraîneur.",
            // « fait » as a noun, or before no verb.
            "Le fait est établi, et le club fait un bilan.",
        ] {
            assert_eq!(grammar.causative_added(right), None, "{right}");
        }
    }
}
