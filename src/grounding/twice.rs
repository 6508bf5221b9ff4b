//! A content word said twice in one sentence where the source never says it twice in one:
//! the model going round in circles over the source's words. « Les deux prévenus avaient
//! nié la prévenue », « Le ministre chinois a rencontré Raimondo, et a rencontré Wang
//! Wentao », « La chambre régionale des comptes avait ouvert une enquête après un
//! signalement de la chambre des comptes »: 31 distinct sentences of the articles of stops
//! 55 to 61 said a word twice so, and every one of them was wrong.

use std::collections::{HashMap, HashSet};

use super::content_stems;

/// The stems the source says twice or more in one of its sentences, each with the words
/// (lowercased) that say it there: « commencer … commençant » lets no « commerce … commerce »
/// through, though the three share a stem.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Twice {
    repeated: HashMap<String, HashSet<String>>,
}

/// Each stem of `text` said more than once, with the words that say it.
fn repeats(text: &str) -> impl Iterator<Item = (String, Vec<&str>)> {
    let mut said: HashMap<String, Vec<&str>> = HashMap::new();
    for (word, stem) in content_stems(text) {
        said.entry(stem).or_default().push(word);
    }
    said.into_iter().filter(|(_, words)| words.len() > 1)
}

impl Twice {
    pub fn new<'a>(source: impl IntoIterator<Item = &'a str>) -> Self {
        let mut repeated: HashMap<String, HashSet<String>> = HashMap::new();
        for sentence in source {
            for (stem, words) in repeats(sentence) {
                let forms = repeated.entry(stem).or_default();
                forms.extend(words.iter().map(|w| w.to_lowercase()));
            }
        }
        Self { repeated }
    }

    /// The first content word `sentence` says twice where no sentence of the source says it
    /// twice, as « word … word ».
    pub fn said_twice(&self, sentence: &str) -> Option<String> {
        let mut found: Vec<(String, Vec<&str>)> = repeats(sentence)
            .filter(|(stem, words)| {
                let forms = self.repeated.get(stem);
                !words
                    .iter()
                    .all(|w| forms.is_some_and(|f| f.contains(&w.to_lowercase())))
            })
            .collect();
        found.sort_by_key(|(_, words)| words[1].as_ptr());
        let (_, words) = found.into_iter().next()?;
        Some(format!("{} … {}", words[0], words[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_said_twice_only_where_the_source_does() {
        let twice = Twice::new([
            "Les deux prévenus avaient nié les faits pendant les trois jours du procès.",
            "La ville de Marseille, partie civile, obtient le remboursement.",
            "Le tribunal de Marseille a suivi le parquet de Marseille.",
            "Les travaux doivent commencer en 2025, le commerçant commençant à s'inquiéter.",
        ]);
        assert_eq!(
            twice
                .said_twice("Les deux prévenus avaient nié la prévenue pendant le procès.")
                .as_deref(),
            Some("prévenus … prévenue")
        );
        assert_eq!(
            twice
                .said_twice("Le commerce attend, le commerce doute.")
                .as_deref(),
            Some("commerce … commerce")
        );
        for right in [
            "Les deux prévenus avaient nié les faits pendant le procès.",
            "Le tribunal de Marseille a suivi le parquet de Marseille.",
        ] {
            assert_eq!(twice.said_twice(right), None, "{right}");
        }
    }
}
