//! Attributes: what « être » says of a subject (« les places seront fermées ») must be what
//! the source says of it, within a few content words (« des parkings fermés » closes the
//! parkings, not the places).

use super::{key, link_stem, Links};
use crate::text::{fold_accents, normalize};

/// Forms of « être » (and « rester ») that join a subject to what is said of it, folded.
const COPULAS: &[&str] = &[
    "est",
    "sont",
    "sera",
    "seront",
    "etait",
    "etaient",
    "serait",
    "seraient",
    "ete",
    "fut",
    "furent",
    "reste",
    "restent",
    "restera",
    "resteront",
    "demeure",
    "demeurent",
];

/// Words between a copula and what it says of the subject: negation, degree, time.
const BEFORE_ATTRIBUTE: &[&str] = &[
    "ne",
    "n'",
    "n’",
    "pas",
    "plus",
    "moins",
    "tres",
    "trop",
    "si",
    "aussi",
    "deja",
    "encore",
    "toujours",
    "bien",
    "desormais",
    "bientot",
    "jamais",
    "ete",
    "egalement",
    "donc",
    "alors",
    "lui",
    "leur",
    // « est en place »: what the subject is in.
    "en",
];

/// Articles that open a noun joined to another by « et » or « ou », folded.
const ARTICLES: &[&str] = &[
    "le", "la", "les", "un", "une", "des", "du", "ses", "leurs", "leur", "son", "sa", "ces",
];

/// Content words apart, at most, in a source sentence for a subject and what a copula says
/// of it (« les parkings fermés », « l'accueil est plus réservé »).
pub const ATTRIBUTE_WINDOW: usize = 2;

impl Links {
    /// A subject and the participle, adjective or noun that a copula says of it in `clause`
    /// (« les places seront fermées »), when no sentence of the source says them close
    /// together (it says « des parkings fermés »). The subject is one of the two content
    /// words nearest before the copula. A clause that opens on « et » or « ou » and an
    /// article joins its subject to the word before (`joined`, the last content word of the
    /// clause before it): « les vélos et les parkings seront fermés » closes both, and the
    /// source must say both so.
    ///
    /// A clause that opens on the copula itself, past a comma, says it of the sentence's
    /// subject, past what stands between (`opening`, the first clause's words): « Le
    /// financement de la Métropole, complété de l'aide de l'État, est en place » (velo, seed
    /// 1, at `de8f912`).
    pub(super) fn misattributed<'s>(
        &self,
        clause: &[&'s str],
        joined: Option<(&'s str, &str)>,
        opening: &[&'s str],
    ) -> Option<(&'s str, &'s str)> {
        let folded: Vec<String> = clause.iter().map(|w| fold_accents(&normalize(w))).collect();
        let copula = folded.iter().position(|w| COPULAS.contains(&w.as_str()))?;
        let said_before = |words: &[&'s str]| -> Vec<(&'s str, String)> {
            (words.iter())
                .filter_map(|w| link_stem(w).map(|s| (*w, s)))
                .filter(|(_, s)| self.has(s))
                .collect()
        };
        // « …, a été ouvert lundi »: a passive's auxiliary opens the clause as the copula
        // does (« Le bâtiment …, qui a été construit à côté de l'hôpital Estaing, a été ouvert
        // lundi », hôpital seed 2 at stop 79, where the source's CHU opened a service).
        let auxiliary_only = folded[..copula]
            .iter()
            .all(|w| crate::seo::readability::AVOIR.contains(&w.as_str()));
        let subject = match copula == 0 || auxiliary_only {
            true => said_before(opening).into_iter().take(2).collect(),
            false => said_before(&clause[..copula]),
        };
        let (&(word, _), nearest) = (subject.last()?, &subject[subject.len().saturating_sub(2)..]);
        let mut at = (copula + 1..clause.len())
            .find(|&i| !BEFORE_ATTRIBUTE.contains(&folded[i].as_str()))?;
        // « est le centre de la ville »: a noun, past its article.
        let noun = ARTICLES.contains(&folded[at].as_str()) || folded[at].starts_with("l'");
        if ARTICLES.contains(&folded[at].as_str()) {
            at += 1;
        }
        let attribute = *clause.get(at)?;
        let adverb = folded[at].ends_with("ment") || !folded[at].chars().all(char::is_alphabetic);
        let said = link_stem(attribute).filter(|s| self.has(s) && !adverb)?;
        // « Le centre-ville est le centre de la ville » says nothing.
        if noun && nearest.iter().any(|(_, s)| key(s) == key(&said)) {
            return Some((word, attribute));
        }
        // « Le côté des commerçants est plus réservé » for « Du côté des commerçants,
        // l'accueil est plus réservé » (velo, every seed at `30fed99`): what the source says
        // past a comma from the subject's word is another's.
        let close =
            |s: &str| key(s) == key(&said) || self.within_clause(s, &said, ATTRIBUTE_WINDOW);
        if !nearest.iter().any(|(_, s)| close(s)) {
            return Some((word, attribute));
        }
        let coordinated = matches!(folded.first().map(String::as_str), Some("et" | "ou"))
            && folded
                .get(1)
                .is_some_and(|w| ARTICLES.contains(&w.as_str()) || w.starts_with("l'"));
        match joined {
            Some((other, s)) if coordinated && !close(s) => Some((other, attribute)),
            _ => None,
        }
    }

    /// Whether one sentence of the source says the two stems at most `window` content words
    /// apart, in either order, with no comma between them that another content word follows
    /// (« Du côté des commerçants, l'accueil est plus réservé »; « Le bâtiment de 3 200 mètres
    /// carrés, construit… » says « construit » of the building).
    fn within_clause(&self, a: &str, b: &str, window: usize) -> bool {
        let (Some(pa), Some(pb)) = (self.at.get(key(a)), self.at.get(key(b))) else {
            return false;
        };
        pa.iter().any(|&(sa, ia)| {
            pb.iter().any(|&(sb, ib)| {
                let (from, to) = (ia.min(ib), ia.max(ib));
                // A comma right before the later word may join it to the earlier (« Le
                // bâtiment …, construit »); a relative clause opening there never does.
                let apart = self.commas.get(&sa).is_some_and(|c| {
                    c.iter()
                        .any(|&(p, relative)| from < p && (p < to || relative && p == to))
                });
                sa == sb && to - from <= window && !apart
            })
        })
    }
}
