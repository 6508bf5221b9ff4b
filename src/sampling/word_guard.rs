//! The word guard: while a word is sampled, a capitalised word or a word with a digit may
//! only grow into one of the source's names and figures (a figure in groups judged whole).

/// The words a capitalised word or a word holding a digit may be: anything else written with
/// a capital (a name) or a digit (a figure) is refused while it is being written, token by
/// token, so that a name or a figure the source lacks is never sampled at all. Other words
/// are free.
#[derive(Debug, Clone, Default)]
pub struct WordGuard {
    words: std::collections::BTreeSet<String>,
    /// Whole figures in digits (`3200` for « 3 200 »): a figure written in groups is judged
    /// whole, so that a group alone (« 200 ») is not taken for one of the source's figures.
    figures: std::collections::BTreeSet<String>,
}

impl WordGuard {
    pub fn new(words: impl IntoIterator<Item = String>) -> Self {
        let words = words
            .into_iter()
            .map(|w| {
                core(&w)
                    .trim_end_matches(|c: char| !c.is_alphanumeric())
                    .to_string()
            })
            .filter(|w| guarded(w))
            .collect();
        Self {
            words,
            figures: Default::default(),
        }
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

    /// Whether some whole figure begins with `key`.
    fn figure_begins(&self, key: &str) -> bool {
        self.figures
            .range(key.to_string()..)
            .next()
            .is_some_and(|f| f.starts_with(key))
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
        inside && guarded(open) && !self.words.contains(open)
    }

    /// Whether `piece` may follow the text `before`: every word it finishes is one of the
    /// guard's words or unguarded, and the word it leaves open can still become one.
    pub fn allows(&self, before: &str, piece: &str) -> bool {
        let open = before
            .rfind(char::is_whitespace)
            .map_or(before, |i| &before[i..]);
        let joined = format!("{open}{piece}");
        let ends_open = !joined.ends_with(char::is_whitespace);
        let parts: Vec<&str> = joined.split_whitespace().collect();
        let prior: Vec<&str> = before[..before.len() - open.len()]
            .split_whitespace()
            .collect();
        parts.iter().enumerate().all(|(i, word)| {
            let word = core(word);
            let finished = i + 1 < parts.len() || !ends_open;
            if !self.figures.is_empty() && is_digits(word) {
                let continued = parts.get(i + 1).is_some_and(|next| {
                    let next = core(next);
                    let last = i + 2 == parts.len() && ends_open;
                    is_digits(next) && (next.len() == 3 || (last && next.len() < 3))
                });
                if continued {
                    // Judged with the group that follows it, as one figure.
                    return true;
                }
                let preceding: Vec<&str> = prior.iter().chain(&parts[..i]).copied().collect();
                let key = figure_key(&preceding, word, !finished);
                return match finished {
                    true => self.figures.contains(&key),
                    false => {
                        // A word alone may also begin one of the words (`3,5`).
                        self.figure_begins(&key)
                            || key == word
                                && self
                                    .words
                                    .range(word.to_string()..)
                                    .next()
                                    .is_some_and(|w| w.starts_with(word))
                    }
                };
            }
            // A word is finished by what follows it, or by a closing mark (`Lyon,`); a
            // figure's inner comma or point (`3,5`) and a hyphen keep it open.
            let trimmed = word.trim_end_matches(|c: char| !c.is_alphanumeric());
            let tail = &word[trimmed.len()..];
            let open_mark = tail.is_empty()
                || tail == "-"
                || (matches!(tail, "," | ".") && trimmed.ends_with(|c: char| c.is_ascii_digit()));
            let finished = i + 1 < parts.len() || !ends_open || !open_mark;
            if !guarded(trimmed) {
                return true;
            }
            match finished {
                true => self.words.contains(trimmed),
                false => {
                    let prefix = format!("{trimmed}{tail}");
                    self.words
                        .range(prefix.clone()..)
                        .next()
                        .is_some_and(|w| w.starts_with(&prefix))
                }
            }
        })
    }
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
}
