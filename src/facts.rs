//! The facts of a source article that the rewrite must keep and may not go beyond: its
//! sentences, named entities, figures and focus keyphrase, with the checks that compare a
//! new sentence against them (invented names or figures, verbatim copies).

use std::collections::{HashMap, HashSet};

mod figures;
mod heads;
mod hedges;
mod keyphrases;
mod names;
mod phrases;
mod roles;
mod shares;
mod times;
pub(crate) use times::{is_time_word, says_when, WEEKDAYS};
mod years;

use crate::grounding::Grounding;
use crate::text::{content_words, is_stopword, normalize, word_key, words};
use figures::figure_units;
pub(crate) use figures::{figures, is_cardinal, is_year};
use heads::Heads;
use hedges::Hedges;
use keyphrases::key_phrases;
use names::entities_of;
use phrases::Phrases;
use roles::Roles;
use shares::Shares;
use times::Times;
pub use years::dates;
use years::Years;

#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    pub sentences: Vec<String>,
    /// Names (runs of capitalised words), most frequent first.
    pub entities: Vec<String>,
    /// Figures as written in the source, normalised with `number_key`.
    pub numbers: HashSet<String>,
    /// The focus keyphrase, as the source writes it.
    pub keyphrase: String,
    /// Further key phrases, most salient first (the keyphrase not included).
    pub keywords: Vec<String>,
    /// What the source supports: its content stems and its quotations.
    pub grounding: Grounding,
    known_words: HashSet<String>,
    /// The words (and parts of hyphenated words) the source writes with a capital, folded: a
    /// capital inside a sentence must be one of these (`le Doubler` is no name of the source's).
    capitalised: HashSet<String>,
    source_words: Vec<String>,
    /// The source's word 6-grams (folded), which SEO tools count as duplicate content.
    source_ngrams: HashSet<Vec<String>>,
    /// Every word of the source as written, in lower case: a word the dictionary lacks is
    /// still the source's (a name, a term).
    pub written: HashSet<String>,
    /// For each figure of the source, what it counts each time it is written (`120` ->
    /// [million, euro]).
    units: HashMap<String, Vec<Vec<String>>>,
    /// The dates the source gives (`mardi`, `l'année prochaine`).
    times: Times,
    /// Where the source puts its years.
    years: Years,
    /// What the source says each of its other figures of.
    heads: Heads,
    /// What the source makes each of its figures: a part, a bound, a measure.
    roles: Roles,
    /// How surely the source tells each of its figures: exact, about, at least, at most.
    hedges: Hedges,
    shares: Shares,
    /// What the source's figures count, said whole where their first words name another
    /// thing too.
    phrases: Phrases,
}

/// The n-gram length duplicate content is measured with.
pub const OVERLAP_NGRAM: usize = 6;

impl Facts {
    pub fn from_sentences(sentences: Vec<String>) -> Self {
        let mut known_words = HashSet::new();
        let mut capitalised = HashSet::new();
        let mut numbers = HashSet::new();
        let mut source_words = Vec::new();
        let mut entity_counts: HashMap<String, usize> = HashMap::new();
        for sentence in &sentences {
            let ws = words(sentence);
            for w in &ws {
                known_words.insert(word_key(w));
                for part in w.split(['-', '\'', '’']) {
                    known_words.insert(word_key(part));
                    if part.chars().next().is_some_and(char::is_uppercase) {
                        capitalised.insert(word_key(part));
                    }
                }
                source_words.push(word_key(w));
            }
            numbers.extend(figures(sentence).into_iter().map(|(_, key)| key));
            for entity in entities_of(sentence) {
                *entity_counts.entry(entity).or_default() += 1;
            }
        }
        let mut entities: Vec<(String, usize)> = entity_counts.into_iter().collect();
        entities.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut phrases = key_phrases(&sentences);
        let keyphrase = if phrases.is_empty() {
            String::new()
        } else {
            phrases.remove(0)
        };
        let source_ngrams = sentences
            .iter()
            .flat_map(|s| crate::text::ngrams(s, OVERLAP_NGRAM))
            .collect();
        let mut units: HashMap<String, Vec<Vec<String>>> = HashMap::new();
        for sentence in &sentences {
            for (_, key, found) in figure_units(sentence) {
                units.entry(key).or_default().push(found);
            }
        }
        let years = Years::new(&sentences);
        let heads = Heads::new(&sentences);
        let roles = Roles::new(&sentences);
        let hedges = Hedges::new(&sentences);
        let shares = Shares::new(&sentences);
        let counted = Phrases::new(&sentences);
        let times = Times::new(&sentences);
        let written = sentences
            .iter()
            .flat_map(|s| words(s).into_iter().map(normalize))
            .collect();
        Self {
            written,
            units,
            times,
            years,
            heads,
            roles,
            hedges,
            shares,
            phrases: counted,
            grounding: Grounding::new(sentences.iter().map(String::as_str)),
            sentences,
            entities: entities.into_iter().map(|(e, _)| e).collect(),
            numbers,
            keyphrase,
            keywords: phrases,
            known_words,
            capitalised,
            source_ngrams,
            source_words,
        }
    }

    /// Each year of the source (as a figure key), with the content stems of what it dates
    /// each time it gives it.
    pub fn dated_years(&self) -> &HashMap<String, Vec<HashSet<String>>> {
        self.years.topics()
    }

    /// Figures in `sentence` that the source does not contain.
    pub fn invented_numbers(&self, sentence: &str) -> Vec<String> {
        figures(sentence)
            .into_iter()
            .filter(|(_, k)| !self.numbers.contains(k))
            .map(|(w, _)| w)
            .collect()
    }

    /// Figures of the source said to count something else than the source says they count
    /// (`120 milliards` where the source has `120 millions`, `250 pistes` where it has `250
    /// kilomètres de pistes`), or said bare (`le 15000 du plan`) where the source always says
    /// what they count; as written with what they count. A figure the source never says
    /// anything of may count anything. A year must come where the source puts it (see
    /// `Years`), and be said of what the source dates with it: as written with the word
    /// before it. Any other figure, and any date, must hang on a word the source says
    /// around it (see `Heads`): as « word … figure ». And a figure is told as surely as the
    /// source tells it (see `Hedges`): « est de 2,3 » for « est estimé à 2,3 »; a percentage
    /// the source gives as a share keeps it (see `Shares`): « Le vélo a atteint 4 % » for
    /// « la part du vélo … atteint 4 % »; and what a figure counts is said whole where its
    /// first words name another thing in the source (see `Phrases`): « 15000 places de
    /// stationnement » for « 15 000 places de stationnement pour vélos ».
    pub fn misattributed_figures(&self, sentence: &str) -> Vec<String> {
        self.misattributed(sentence, true)
    }

    /// What of `misattributed_figures` the finished words of a sentence being written
    /// already show, whatever its end: what a year dates may still come after it.
    pub fn misattributed_so_far(&self, finished: &str) -> Vec<String> {
        self.misattributed(finished, false)
    }

    fn misattributed(&self, sentence: &str, whole: bool) -> Vec<String> {
        let miscounted: Vec<(String, String)> = figure_units(sentence)
            .into_iter()
            .filter_map(|(written, key, units)| {
                let known = self.units.get(&key)?;
                let said = match units.is_empty() {
                    true => known.iter().any(Vec::is_empty),
                    false => {
                        known.iter().all(Vec::is_empty)
                            || known.iter().any(|seq| seq.starts_with(&units))
                    }
                };
                let shown = format!("{written} {}", units.join(" "));
                (!said).then(|| (written, shown.trim_end().to_string()))
            })
            .collect();
        // A figure that counts the wrong thing is said once, not again for its place or role.
        let counted_right =
            |(written, _): &(String, String)| !miscounted.iter().any(|(w, _)| w == written);
        let misplaced: Vec<_> = self.heads.misplaced(sentence, whole);
        let misplayed: Vec<_> = self.roles.misplayed(sentence, whole);
        // A share dropped is said once too: a figure already hung on the wrong word is not
        // listed again for its share.
        let listed = |(written, _): &(String, String)| {
            [&miscounted, &misplaced, &misplayed]
                .iter()
                .all(|list| !list.iter().any(|(w, _)| w == written))
        };
        let dropped: Vec<String> = (self.shares.dropped(sentence, whole).into_iter())
            .filter(listed)
            .map(|(_, shown)| shown)
            .collect();
        miscounted
            .iter()
            .map(|(_, shown)| shown.clone())
            .chain(self.years.misplaced(sentence, whole))
            .chain(misplaced.into_iter().filter(counted_right).map(|(_, s)| s))
            .chain(misplayed.into_iter().filter(counted_right).map(|(_, s)| s))
            .chain(self.hedges.changed(sentence))
            .chain(dropped)
            .chain(
                whole
                    .then(|| self.phrases.cut(sentence))
                    .into_iter()
                    .flatten(),
            )
            .collect()
    }

    /// Dates in `sentence` that the source does not give (`jeudi`, `l'été`), as written; and
    /// the source's dates moved, a word after them dropped or brought (« à la fin de
    /// l'année » where the source says « l'année prochaine », « mardi dernier » for its
    /// « mardi »), as written.
    pub fn invented_times(&self, sentence: &str) -> Vec<String> {
        self.times.invented(sentence)
    }

    /// Words of `sentence` that are neither French nor the source's.
    pub fn unknown_words<'s>(&self, sentence: &'s str) -> Vec<&'s str> {
        crate::lexicon::unknown_words(sentence, &self.written)
    }

    /// The longest run of consecutive words `sentence` shares with the source, the source's
    /// quotations it quotes aside.
    pub fn longest_copied_run(&self, sentence: &str) -> usize {
        let sentence = self.grounding.without_source_quotes(sentence);
        let ws: Vec<String> = words(&sentence).iter().map(|w| word_key(w)).collect();
        let src = &self.source_words;
        let mut best = 0;
        let mut previous = vec![0usize; src.len() + 1];
        for w in &ws {
            let mut current = vec![0usize; src.len() + 1];
            for (j, s) in src.iter().enumerate() {
                if w == s {
                    current[j + 1] = previous[j] + 1;
                    best = best.max(current[j + 1]);
                }
            }
            previous = current;
        }
        best
    }

    /// Of the word 6-grams of `text`, how many the source has, and how many there are.
    pub fn source_ngrams_in(&self, text: &str) -> (usize, usize) {
        let grams = crate::text::ngrams(text, OVERLAP_NGRAM);
        let shared = grams
            .iter()
            .filter(|g| self.source_ngrams.contains(*g))
            .count();
        (shared, grams.len())
    }

    /// How many distinct content words (not stopwords, over three letters) of `sentence` the
    /// source also uses.
    pub fn shared_content_words(&self, sentence: &str) -> usize {
        let keys: HashSet<String> = content_words(sentence)
            .filter(|w| !is_stopword(w))
            .map(word_key)
            .collect();
        keys.iter()
            .filter(|k| self.known_words.contains(*k))
            .count()
    }
}

#[cfg(test)]
mod tests;
