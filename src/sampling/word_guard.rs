//! The word guard: while a word is sampled, a capitalised word or a word with a digit may
//! only grow into one of the source's names and figures (a figure in groups judged whole),
//! a year only after words of what the source dates with it, and a lowercase word only into
//! one its vocabulary takes.

use std::collections::HashSet;

/// What the word guard says of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    /// Only the vocabulary is against it: the sampler avoids it where the model does not
    /// want it much (see `Sampler::sample_values`).
    Unwanted,
    /// A name or a figure the source lacks: never sampled while anything else can be.
    Refused,
}

/// Which lowercase words may be written, asked while one is sampled.
pub trait Vocabulary: Send + Sync + std::fmt::Debug {
    /// Whether the finished word `word` (lowercase first, elision dropped) may stand.
    fn takes(&self, word: &str) -> bool;
    /// Whether the unfinished word `open` can still become one it takes.
    fn may_grow(&self, open: &str) -> bool;
}

/// The words a capitalised word or a word holding a digit may be: anything else written with
/// a capital (a name) or a digit (a figure) is refused while it is being written, token by
/// token, so that a name or a figure the source lacks is never sampled at all. Lowercase
/// words are free, or held to the vocabulary when there is one.
#[derive(Debug, Clone, Default)]
pub struct WordGuard {
    words: std::collections::BTreeSet<String>,
    /// Words that may only open a sentence, a quotation or what follows a colon: the
    /// capitalised forms of common words (`Doubler` opens a sentence, never a name).
    openers: std::collections::BTreeSet<String>,
    /// Whole figures in digits (`3200` for « 3 200 »): a figure written in groups is judged
    /// whole, so that a group alone (« 200 ») is not taken for one of the source's figures.
    figures: std::collections::BTreeSet<String>,
    /// Years among the figures, with the content stems of what the source dates with each
    /// each time it gives it: the year may only follow words of one of them.
    dated: std::collections::HashMap<String, Vec<HashSet<String>>>,
    /// The lowercase words that may be written (all of them when `None`).
    vocabulary: Option<std::sync::Arc<dyn Vocabulary>>,
    /// The whole figures the source writes in groups (« 15 000 »), with the length of their
    /// first group: written in one piece (« 15000 »), they are not the source's figure as
    /// French typography writes it.
    grouped: std::collections::HashMap<String, usize>,
}

impl WordGuard {
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        Self {
            words: guarded_set(words),
            openers: Default::default(),
            figures: Default::default(),
            dated: Default::default(),
            vocabulary: None,
            grouped: Default::default(),
        }
    }

    /// The guard with the figures the source writes in groups, as written (« 15 000 »):
    /// those may only be written so.
    pub fn with_grouped(mut self, written: impl IntoIterator<Item = String>) -> Self {
        self.grouped = written
            .into_iter()
            .filter_map(|w| {
                let groups: Vec<&str> = w.split(char::is_whitespace).collect();
                let first = groups.first()?.len();
                let digits = |g: &&str| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit());
                (groups.len() > 1 && groups.iter().all(digits)).then(|| (groups.concat(), first))
            })
            .collect();
        self
    }

    /// Whether `key`, a figure of the guard's, is written `digits` in one piece where the
    /// source writes it in groups (« 15000 » for « 15 000 »).
    fn ungrouped(&self, key: &str, digits: &str) -> bool {
        key == digits
            && self
                .grouped
                .get(key)
                .is_some_and(|&first| digits.len() > first)
    }

    /// The guard with lowercase words held to `vocabulary`.
    pub fn with_vocabulary(mut self, vocabulary: std::sync::Arc<dyn Vocabulary>) -> Self {
        self.vocabulary = Some(vocabulary);
        self
    }

    /// The guard with `words` allowed where a word opens a sentence, a quotation or what
    /// follows a colon, and nowhere else.
    pub fn with_openers(mut self, words: impl IntoIterator<Item = String>) -> Self {
        self.openers = guarded_set(words);
        self
    }

    /// Whether a word of the guard's is `word`, or begins with it when `open`.
    fn has(&self, word: &str, open: bool, opening: bool) -> bool {
        let sets = [Some(&self.words), opening.then_some(&self.openers)];
        sets.into_iter().flatten().any(|set| match open {
            false => set.contains(word),
            true => set
                .range(word.to_string()..)
                .next()
                .is_some_and(|w| w.starts_with(word)),
        })
    }

    /// The guard with the whole figures `keys` (digits only, groups joined: `3200`); others
    /// are left to the word list.
    pub fn with_figures(mut self, keys: impl IntoIterator<Item = String>) -> Self {
        self.figures = keys
            .into_iter()
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_digit()))
            .collect();
        self
    }

    /// The guard with the years `dated` may only follow (see `facts::dates`).
    pub fn with_dated_years(
        mut self,
        dated: std::collections::HashMap<String, Vec<HashSet<String>>>,
    ) -> Self {
        self.dated = dated;
        self
    }

    /// Whether some whole figure begins with `key` that may follow `preceding`.
    fn figure_begins(&self, key: &str, whole: bool, preceding: &dyn Fn() -> String) -> bool {
        self.figures
            .range(key.to_string()..)
            .take_while(|f| f.starts_with(key))
            .any(|f| {
                let split = whole && self.grouped.get(f).is_some_and(|&first| key.len() > first);
                self.may_date(f, preceding) && !split
            })
    }

    /// Whether one of the guard's words that is not a year begins with `word`.
    fn begins_undated(&self, word: &str) -> bool {
        self.words
            .range(word.to_string()..)
            .take_while(|w| w.starts_with(word))
            .any(|w| !self.dated.contains_key(w))
    }

    /// Whether `digits`, finished after the words `preceding` it, end one of the guard's
    /// whole figures that may come there (a year only after what it dates).
    fn takes_figure(&self, preceding: &[&str], digits: &str) -> bool {
        let key = figure_key(preceding, digits, false);
        self.figures.contains(&key)
            && !self.ungrouped(&key, digits)
            && self.may_date(&key, &|| preceding.join(" "))
    }

    /// Whether `figure` is no year, or a year that the words `preceding` it say what it
    /// dates of.
    fn may_date(&self, figure: &str, preceding: &dyn Fn() -> String) -> bool {
        let Some(topics) = self.dated.get(figure) else {
            return true;
        };
        let stems: HashSet<String> = crate::text::words(&preceding())
            .into_iter()
            .filter_map(crate::grounding::stem)
            .collect();
        crate::facts::dates(topics, &stems)
    }

    /// Whether `before` ends inside a name or a figure that is not yet one of the guard's
    /// words (`Clermont-Fer`): its rest must be written as the source writes it, so the copy
    /// guard must not ban it (banning `rand` leaves `Clermont-Ferran`, a name of no one).
    pub fn within(&self, before: &str) -> bool {
        if before.ends_with(char::is_whitespace) {
            return false;
        }
        let open = core(before.rsplit(char::is_whitespace).next().unwrap_or(before));
        let inside = open.ends_with(|c: char| c.is_alphanumeric() || c == '-');
        inside && guarded(open) && !self.words.contains(open) && !self.openers.contains(open)
    }

    /// Whether `piece` may follow the text `before`: every word it finishes is one of the
    /// guard's words or unguarded, and the word it leaves open can still become one.
    pub fn allows(&self, before: &str, piece: &str) -> bool {
        self.verdict(before, piece) == Verdict::Allowed
    }

    /// What the guard says of `piece` after the text `before`: a name or a figure it lacks
    /// is refused; a lowercase word its vocabulary does not take is unwanted (see
    /// `Sampler::sample_values` for what that weighs). One pass: the worst of its words.
    pub fn verdict(&self, before: &str, piece: &str) -> Verdict {
        let open = before
            .rfind(char::is_whitespace)
            .map_or(before, |i| &before[i..]);
        let joined = format!("{open}{piece}");
        let ends_open = !joined.ends_with(char::is_whitespace);
        let parts: Vec<&str> = joined.split_whitespace().collect();
        let prior: Vec<&str> = before[..before.len() - open.len()]
            .split_whitespace()
            .collect();
        let refused_unless = |ok: bool| match ok {
            true => Verdict::Allowed,
            false => Verdict::Refused,
        };
        let judge = |i: usize, raw: &str| {
            let word = core(raw);
            let previous = match i {
                0 => prior.last(),
                _ => parts.get(i - 1),
            };
            let opening = previous.is_none_or(|p| p.ends_with(OPENING_MARKS))
                || raw.starts_with(['«', '"', '“']);
            let finished = i + 1 < parts.len() || !ends_open;
            if !self.figures.is_empty() && is_digits(word) {
                let continued = parts.get(i + 1).is_some_and(|next| {
                    let next = core(next);
                    let last = i + 2 == parts.len() && ends_open;
                    is_digits(next) && (next.len() == 3 || (last && next.len() < 3))
                });
                if continued {
                    // Judged with the group that follows it, as one figure.
                    return Verdict::Allowed;
                }
                let preceding: Vec<&str> = prior.iter().chain(&parts[..i]).copied().collect();
                let key = figure_key(&preceding, word, !finished);
                let text = || preceding.join(" ");
                return refused_unless(match finished {
                    true => self.takes_figure(&preceding, word),
                    false => {
                        // A word alone may also begin one of the words (`3,5`), a year
                        // excepted where it may not come.
                        self.figure_begins(&key, key == word, &text)
                            || key == word && self.begins_undated(word)
                    }
                });
            }
            // A word is finished by what follows it, or by a closing mark (`Lyon,`); a
            // figure's inner comma or point (`3,5`) and a hyphen keep it open.
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &word[trimmed.len()..];
            let open_mark = tail.is_empty()
                || tail == "-"
                || (matches!(tail, "," | ".") && trimmed.ends_with(|c: char| c.is_ascii_digit()));
            let ends_word = i + 1 < parts.len() || !ends_open;
            let finished = ends_word || !open_mark;
            if !guarded(trimmed) {
                let Some(vocabulary) = &self.vocabulary else {
                    return Verdict::Allowed;
                };
                // A hyphen or an apostrophe (`aujourd'`) leaves a lowercase word open.
                let open = !finished || (!ends_word && tail.ends_with(['-', '\'', '’']));
                let taken = match open {
                    true => vocabulary.may_grow(&format!("{trimmed}{tail}")),
                    false => vocabulary.takes(trimmed),
                };
                return match taken {
                    true => Verdict::Allowed,
                    false => Verdict::Unwanted,
                };
            }
            if !self.figures.is_empty() && is_digits(trimmed) {
                // A figure and its mark (`2030.`, `120,`): whole when the mark ends the
                // sentence or the clause, or a decimal one of the words begins with.
                let preceding: Vec<&str> = prior.iter().chain(&parts[..i]).copied().collect();
                return refused_unless(
                    self.takes_figure(&preceding, trimmed)
                        || !finished && self.has(&format!("{trimmed}{tail}"), true, opening),
                );
            }
            refused_unless(match finished {
                true => self.has(trimmed, false, opening),
                false => self.has(&format!("{trimmed}{tail}"), true, opening),
            })
        };
        let mut worst = Verdict::Allowed;
        for (i, raw) in parts.iter().enumerate() {
            match judge(i, raw) {
                Verdict::Refused => return Verdict::Refused,
                Verdict::Unwanted => worst = Verdict::Unwanted,
                Verdict::Allowed => {}
            }
        }
        worst
    }
}

/// Marks after which a word opens a sentence, a quotation or what follows a colon.
const OPENING_MARKS: &[char] = &['.', '!', '?', ':', '«', '"', '“', '…'];

/// The names and figures among `words`, without their opening marks and elided articles.
fn guarded_set(words: impl IntoIterator<Item = String>) -> std::collections::BTreeSet<String> {
    words
        .into_iter()
        .map(|w| {
            core(&w)
                .trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|w| guarded(w))
        .collect()
}

/// Whether `word` is digits and nothing else.
fn is_digits(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| c.is_ascii_digit())
}

/// The whole figure that `digits` ends, given the words before it: a group of three digits
/// (or fewer, while it is written) after a figure continues it (`3 200` is `3200`).
fn figure_key(preceding: &[&str], digits: &str, open: bool) -> String {
    let mut key = digits.to_string();
    let mut group = digits.len() == 3 || (open && digits.len() < 3);
    let mut rest = preceding;
    while group {
        let Some((last, head)) = rest.split_last() else {
            break;
        };
        let d = core(last);
        if !is_digits(d) || d.len() > 3 {
            break;
        }
        key.insert_str(0, d);
        group = d.len() == 3;
        rest = head;
    }
    key
}

/// Elided words before an apostrophe (`l'Europe`, `qu'Air`), any case.
const ELIDED: &[&str] = &[
    "l", "d", "qu", "n", "s", "j", "m", "t", "c", "jusqu", "lorsqu", "puisqu", "quoiqu",
];

/// A word without its opening marks (« ( " ') and elided article (`l'Europe` is `Europe`);
/// an apostrophe elsewhere stays in the word (`Métropol'e` is no way around the guard).
fn core(word: &str) -> &str {
    let word = word.trim_start_matches(|c: char| !c.is_alphanumeric());
    match word.find(['\'', '’']) {
        Some(i) if ELIDED.contains(&word[..i].to_lowercase().as_str()) => {
            &word[i + word[i..].chars().next().map_or(1, char::len_utf8)..]
        }
        _ => word,
    }
}

/// Whether a word is a name or a figure as written: a capital first, or a digit anywhere.
fn guarded(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase) || word.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_in_groups_is_judged_whole() {
        let guard = WordGuard::new(["3", "200", "120", "Lyon"].map(String::from))
            .with_figures(["3200", "120", "18"].map(String::from));
        // « 3 200 » is written group by group, and finished whole.
        assert!(guard.allows("Un bâtiment de", " 3"));
        assert!(guard.allows("Un bâtiment de 3", " 2"));
        assert!(guard.allows("Un bâtiment de 3 2", "00"));
        assert!(guard.allows("Un bâtiment de 3", " 200"));
        assert!(guard.allows("Un bâtiment de 3 200", " mètres"));
        // A group alone, a head alone, or a group after another figure are not the source's.
        assert!(!guard.allows("Un bâtiment de", " 200 mètres"));
        assert!(!guard.allows("Un bâtiment de 3", " mètres"));
        assert!(!guard.allows("Il accueille 120", " 120"));
        assert!(!guard.allows("Il accueille 120 120", " enfants"));
        assert!(guard.allows("Il accueille 120", " enfants"));
        assert!(guard.allows("Il coûte 1", "8"));
        assert!(!guard.allows("Il coûte 1", "9"));
        // Where the source writes it in groups, it is written so (velo's gists wrote « 15000
        // places »).
        let guard = guard.with_grouped(["3 200".to_string(), "3,5".to_string()]);
        assert!(guard.allows("Un bâtiment de 3", " 200"));
        assert!(!guard.allows("Un bâtiment de 3", "2"));
        assert!(!guard.allows("Un bâtiment de 3200", " mètres"));
        assert!(guard.allows("Il accueille 120", " enfants"));
    }

    #[test]
    fn the_word_guard_lets_only_its_names_and_figures_through() {
        let guard = WordGuard::new(
            [
                "Lyon",
                "Métropole",
                "120",
                "3,5",
                "l'Europe",
                "Le",
                "cyclistes",
                "Saint-Étienne",
            ]
            .map(String::from),
        );
        // Lowercase words are free; names and figures must be the guard's, as they grow.
        assert!(guard.allows("Les vé", "los"));
        assert!(guard.allows("La ville de", " Ly"));
        assert!(guard.allows("La ville de Ly", "on"));
        assert!(!guard.allows("La ville de", " Pa"));
        assert!(!guard.allows("La ville de Ly", "ra"));
        // A word finished short of a name is refused (`Ly` then a space or a comma).
        assert!(!guard.allows("La ville de Ly", " est"));
        assert!(!guard.allows("La ville de Ly", ","));
        assert!(guard.allows("La ville de Lyon", ","));
        assert!(guard.allows("Il a coûté", " 12"));
        assert!(guard.allows("Il a coûté 12", "0"));
        assert!(!guard.allows("Il a coûté 12", "5"));
        assert!(!guard.allows("Il a coûté", " 250"));
        assert!(guard.allows("Il a coûté 3", ","));
        assert!(guard.allows("Il a coûté 3,", "5"));
        // Elision, opening marks and hyphens: the name itself is judged.
        assert!(guard.allows("Il vit à", " l'Europe"));
        assert!(!guard.allows("Il vit à", " l'Asie"));
        assert!(guard.allows("Il vit à", " «Lyon"));
        assert!(guard.allows("Il vit à Saint", "-É"));
        assert!(!guard.allows("Il vit à", " Métropol'e"));
        assert!(!guard.allows("Il vit à", " E'S"));
        assert!(guard.allows("", "Le"));
        assert!(!guard.allows("", "Dans"));
    }

    #[test]
    fn a_year_follows_what_the_source_dates_with_it() {
        let topic: HashSet<String> = ["doubl", "place", "velo"].map(String::from).into();
        let guard = WordGuard::new(["2030", "3,5"].map(String::from))
            .with_figures(["2030", "120", "35"].map(String::from))
            .with_dated_years([("2030".to_string(), vec![topic])].into());
        assert!(guard.allows("Lyon veut doubler la place du vélo en", " 20"));
        assert!(guard.allows("Lyon veut doubler la place du vélo en 20", "30."));
        assert!(guard.allows("Lyon veut doubler la place du vélo en 2030", "."));
        assert!(guard.allows("Lyon veut doubler la place du vélo en 2030.", " puis"));
        assert!(!guard.allows("Les chantiers commencent en 2030", "."));
        assert!(!guard.allows("Les chantiers commencent en", " 20"));
        assert!(!guard.allows("Les chantiers commencent en 20", "30"));
        // Other figures and words with digits are not held back.
        assert!(guard.allows("Les chantiers coûtent", " 12"));
        assert!(guard.allows("Les chantiers coûtent", " 3,"));
    }

    #[test]
    fn a_lowercase_word_grows_only_into_its_vocabulary() {
        let source = "Les cyclistes partagent encore la chaussée avec les voitures, aujourd'hui.";
        let grounding = crate::grounding::Grounding::new([source]);
        let guard = WordGuard::new(["Les".to_string()]).with_vocabulary(std::sync::Arc::new(
            crate::grounding::Vocabulary::new(&grounding),
        ));
        assert!(guard.allows("Les", " cycl"));
        assert!(guard.allows("Les cycl", "istes partagent"));
        assert!(guard.allows("Les cyclistes partagent", " aujourd'"));
        assert!(guard.allows("Les cyclistes partagent aujourd'", "hui la"));
        assert!(guard.allows("Les cyclistes partagent la chaussée", "."));
        // A word of the model's own is refused as soon as it cannot become one of the source's.
        assert!(!guard.allows("Les cyclistes partagent la", " route"));
        assert!(!guard.allows("Les cyclistes partagent la", " véhic"));
        assert!(!guard.allows("Les cyclistes partagent la chaussée avec les", " camions"));
        // A word left unfinished is refused where it ends.
        assert!(guard.allows("Les cyclistes partagent la", " voi"));
        assert!(!guard.allows("Les cyclistes partagent la voi", " ."));
        // Without a vocabulary, lowercase words are free.
        assert!(WordGuard::new(Vec::new()).allows("Les cyclistes partagent la", " route"));
    }

    #[test]
    fn a_capitalised_common_word_only_opens() {
        let guard = WordGuard::new(["Lyon".to_string()]).with_openers(["Doubler".to_string()]);
        assert!(guard.allows("", "Dou"));
        assert!(guard.allows("", "Doubler la"));
        assert!(guard.allows("Lyon veut le faire.", " Doubler"));
        assert!(guard.allows("Lyon veut le faire :", " Doubler"));
        assert!(guard.allows("Lyon veut", " « Doubler"));
        assert!(!guard.allows("Lyon veut", " Dou"));
        assert!(!guard.allows("Lyon veut le", " Doubler la"));
        assert!(!guard.within("Doubler"));
    }
}
