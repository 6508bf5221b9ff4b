//! Prepositions: a word and the preposition after it introduce what the source has them
//! introduce. « Un premier bilan sera présenté devant la fin de l'année » (velo, seed 2, at
//! `de8f912`) for the source's « présenté devant le conseil métropolitain à la fin de
//! l'année prochaine »; « commencer à l'axe » for « commencer au printemps, en commençant
//! par l'axe »; « Les parents pourront rester auprès de leur famille » for « auprès de leur
//! enfant » (hôpital seeds 1 and 3, stop 77). Where the source never writes a word with a
//! preposition, it may take any.

use std::collections::{HashMap, HashSet};

use super::{key, link_stem};
use crate::text::{fold_accents, normalize};

/// Prepositions whose complement is read, with what they stand for (« au » is « à »). Not
/// folded: « a » is a verb. « de » is left out: it joins a noun to its complement, which
/// `Link::Complement` reads.
const GOVERNING: &[(&str, &str)] = &[
    ("à", "à"),
    ("au", "à"),
    ("aux", "à"),
    ("devant", "devant"),
    ("par", "par"),
    ("sur", "sur"),
    ("dans", "dans"),
    ("pour", "pour"),
    ("avec", "avec"),
    ("vers", "vers"),
    ("contre", "contre"),
    ("chez", "chez"),
    ("sous", "sous"),
    ("auprès", "auprès"),
    ("près", "près"),
    ("autour", "autour"),
    ("en", "en"),
];

/// Prepositions that take « de » before their noun (« auprès de leur enfant », « près des
/// gares »).
const WITH_DE: &[&str] = &["auprès", "près", "autour"];

/// Adjectives and participles that govern « à » (« essentiels à la croissance », « destiné
/// à doubler »), as links key them: their complement is theirs, and means nothing without
/// them.
const GOVERNING_A: &[&str] = &[
    "essen", "neces", "indis", "desti", "favor", "utile", "confo", "consa", "reser", "dedie",
    "ident", "sembl", "acces", "hosti",
];

/// Articles that may stand between a preposition and its noun, folded.
const ARTICLES: &[&str] = &[
    "le", "la", "les", "l'", "un", "une", "des", "son", "sa", "ses", "leur", "leurs", "ce",
    "cette", "ces",
];

/// Whether `word` is an adjective that comes before its noun (« premier », « nouvelle »).
fn before_noun(word: &str) -> bool {
    crate::grounding::grammar::is_before_noun(word)
}

/// The preposition that `between` (the words after one content word, up to and with the
/// next) is made of, with its articles: `Some("devant")` for « devant la fin », `Some("à")`
/// for « à l'axe » or « au printemps ».
pub(super) fn preposition(between: &[&str]) -> Option<&'static str> {
    let (next, joiners) = between.split_last()?;
    let (first, articles) = joiners.split_first()?;
    let (_, governed) = GOVERNING.iter().find(|(p, _)| *p == normalize(first))?;
    // « auprès de leur enfant »: « de » is part of the preposition, « du » and « des » its
    // article too (« près des gares »).
    let articles = match articles.split_first() {
        Some((de, rest)) if WITH_DE.contains(governed) => match normalize(de).as_str() {
            "de" => rest,
            "du" | "des" if rest.is_empty() => articles,
            _ => return None,
        },
        _ => articles,
    };
    let next = fold_accents(&normalize(next));
    let elided = next.starts_with("l'") && articles.is_empty();
    let articled =
        articles.len() == 1 && ARTICLES.contains(&fold_accents(&normalize(articles[0])).as_str());
    (articles.is_empty() || articled || elided).then_some(governed)
}

/// The preposition that introduces the last word of `between` (the words after one content
/// word, up to and with the next), past the adverbs before it: `Some("pour")` for « surtout
/// pour les prairies ».
pub(super) fn nearest_preposition(between: &[&str]) -> Option<&'static str> {
    (0..between.len().saturating_sub(1))
        .rev()
        .find_map(|k| preposition(&between[k..]))
}

/// For each content word (as links key it) and preposition the source writes after it,
/// the keys of the two content words it then introduces.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Governed {
    after: HashMap<(String, &'static str), HashSet<String>>,
    /// For each preposition and content word it introduces, the content words the source
    /// writes it after (its heads).
    heads: HashMap<(&'static str, String), HashSet<String>>,
    /// Each preposition and content word the source has it introduce, whatever stands
    /// before it (« qualifié samedi pour la finale »).
    introduced: HashSet<(&'static str, String)>,
}

impl Governed {
    /// Reads one sentence's content words, cut in clauses (`clauses`).
    pub(super) fn read(&mut self, clauses: &[Vec<&str>]) {
        let said = |clause: &[&str]| -> Vec<(usize, String)> {
            (clause.iter().enumerate())
                .filter_map(|(i, w)| link_stem(w).map(|s| (i, key(&s).to_string())))
                .collect()
        };
        for (k, clause) in clauses.iter().enumerate() {
            let here = said(clause);
            for (ib, b) in &here {
                for start in ib.saturating_sub(3)..*ib {
                    if let Some(p) = preposition(&clause[start..=*ib]) {
                        self.introduced.insert((p, b.clone()));
                    }
                }
            }
            // « les ponts sur le Rhône et la Saône »: what opens the next clause on « et »
            // or « ou » is introduced too.
            let joined = clauses.get(k + 1).filter(|next| {
                next.first()
                    .is_some_and(|w| ["et", "ou"].contains(&normalize(w).as_str()))
            });
            let joined = joined.and_then(|next| said(next).into_iter().next());
            for (n, pair) in here.windows(2).enumerate() {
                let ((ia, a), (ib, b)) = (&pair[0], &pair[1]);
                let Some(p) = preposition(&clause[ia + 1..=*ib]) else {
                    continue;
                };
                let introduced = self.after.entry((a.clone(), p)).or_default();
                introduced.insert(b.clone());
                self.heads
                    .entry((p, b.clone()))
                    .or_default()
                    .insert(a.clone());
                // « par le premier axe »: past an adjective, the noun is what it introduces.
                match here.get(n + 2) {
                    Some((_, c)) if before_noun(clause[*ib]) => introduced.insert(c.clone()),
                    Some(_) => false,
                    None => joined
                        .as_ref()
                        .is_some_and(|(_, c)| introduced.insert(c.clone())),
                };
            }
        }
    }

    /// Whether the source writes `a` with the preposition `p` and never has it introduce
    /// `b`, nor `then` (the content word after `b`) where `b` is an adjective before its noun
    /// (« par le premier axe »); `b` as written and as its stem, stems as links key them.
    /// « s'aligner sur l'exportation américaine » is refused where the source says
    /// « s'aligner sur les contrôles à l'exportation américains » (the seed dispatch, seed 3,
    /// at `cb4290e`).
    pub(super) fn refuses(
        &self,
        a: &str,
        p: &'static str,
        b: (&str, &str),
        then: Option<&str>,
    ) -> bool {
        let (written, b) = b;
        let then = then.filter(|_| before_noun(written));
        self.after
            .get(&(key(a).to_string(), p))
            .is_some_and(|introduced| {
                !introduced.contains(key(b)) && !then.is_some_and(|c| introduced.contains(key(c)))
            })
    }

    /// Whether `b` after « pour » is a noun the source introduces with neither « pour » nor
    /// « à »: whom or what a thing is for, where the source gives it no such part. « Les
    /// associations ont réclamé un calendrier précis pour les cyclistes » (velo seed 1, stop
    /// 79) for « Les associations de cyclistes ont salué un effort inédit, tout en réclamant
    /// un calendrier précis ». « pour le projet » stands where the source has « au projet ».
    pub(super) fn unintroduced(&self, p: &'static str, b: &str) -> bool {
        let introduced = |p| self.introduced.contains(&(p, key(b).to_string()));
        p == "pour" && !introduced("pour") && !introduced("à")
    }

    /// Whether `b` after `p` is what the source has `p` introduce only after words that
    /// `said` (the sentence's content words, as links key them) lacks, and `a` never takes
    /// `p` in the source: the word that governs it is dropped and its complement given to
    /// another. « sécuriser les composants à la croissance économique » (the seed dispatch,
    /// seed 1, stop 71) for « sécuriser les composants avancés essentiels à la croissance
    /// économique ». Read for « à » after an adjective that governs it, and for « en »:
    /// « La formation des premiers techniciens a été financée en majorité » (usine seed 1,
    /// stop 79) for « a financé la formation des premiers techniciens, recrutés en majorité ».
    /// « en » with its noun says how, where or when of the word the source gives it to.
    pub(super) fn orphaned(
        &self,
        a: &str,
        p: &'static str,
        b: &str,
        said: &HashSet<String>,
    ) -> bool {
        // Only « à » after an adjective that governs it: the word before a preposition is
        // seldom what governs it (« pour les ménages modestes » after « vélos à assistance
        // électrique » is the aid's; « à la fin de l'année » after « devant le conseil
        // métropolitain » the verb's), and either may be dropped.
        if p != "à" && p != "en" {
            return false;
        }
        let takes = self.after.contains_key(&(key(a).to_string(), p));
        let heads = self.heads.get(&(p, key(b).to_string()));
        let governs = |h: &String| p == "en" || GOVERNING_A.iter().any(|g| key(g) == h);
        !takes
            && heads.is_some_and(|heads| {
                heads.iter().any(governs) && heads.iter().all(|h| !said.contains(h))
            })
    }
}
