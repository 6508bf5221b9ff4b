//! Passive voice and past participles: the auxiliaries, the words that may stand between
//! an auxiliary and its participle, and which words are participles.

use crate::text::{normalize, words};

/// Forms of *être* that make a passive with a past participle.
pub(crate) const ETRE: &[&str] = &[
    "est", "sont", "était", "étaient", "sera", "seront", "serait", "seraient", "soit", "soient",
    "fut", "furent", "fût", "être", "étant", "suis", "es", "sommes", "êtes", "serai", "seras",
    "serons", "serez", "sois", "soyons", "soyez", "étais", "étions", "étiez",
];

/// Forms of *avoir* that make `été` an auxiliary (`a été signé`).
pub(crate) const AVOIR: &[&str] = &[
    "a", "ont", "avait", "avaient", "aura", "auront", "aurait", "auraient", "ayant", "avoir", "ai",
    "as", "avons", "avez", "eu", "eût", "aie", "ait", "aient",
];

/// Words that may stand between the auxiliary and the participle (`est largement soutenu`).
pub(crate) const BETWEEN: &[&str] = &[
    "pas",
    "plus",
    "jamais",
    "déjà",
    "aussi",
    "bien",
    "très",
    "mal",
    "souvent",
    "toujours",
    "encore",
    "largement",
    "notamment",
    "également",
    "désormais",
    "officiellement",
    "rapidement",
    "entièrement",
    "directement",
    "ne",
    "n'",
    "d'",
    "donc",
    "généralement",
    "effectivement",
    "ensuite",
    "alors",
    "parfois",
    "certainement",
    "probablement",
    "actuellement",
    "principalement",
    "particulièrement",
    "fortement",
    "vite",
    "tout",
    "tous",
    "toutes",
    "peut-être",
    "enfin",
    "finalement",
    "ainsi",
    "d'ailleurs",
];

/// Two-word adverbs that may stand there too (`sont en effet suivies`).
const BETWEEN_PAIRS: &[(&str, &str)] = &[("en", "effet"), ("de", "nouveau"), ("à", "nouveau")];

/// Participles built with *être* in the active voice (verbs of movement and state) and
/// participles used as plain adjectives: `il est arrivé`, `elle est née`, `il est situé`.
const NOT_PASSIVE: &[&str] = &[
    "allé",
    "venu",
    "parti",
    "arrivé",
    "né",
    "mort",
    "décédé",
    "devenu",
    "resté",
    "tombé",
    "entré",
    "sorti",
    "monté",
    "descendu",
    "rentré",
    "retourné",
    "revenu",
    "parvenu",
    "intervenu",
    "survenu",
    "apparu",
    "passé",
    "situé",
    "âgé",
    "désolé",
    "fatigué",
    "prêt",
    "ravi",
    "convaincu",
    "occupé",
    "intéressé",
    "marié",
    "été",
];

/// Endings of French past participles.
const PARTICIPLE_ENDINGS: &[&str] = &[
    "é", "ée", "és", "ées", "i", "ie", "is", "ies", "ise", "ises", "u", "ue", "us", "ues", "it",
    "ite", "its", "ites", "ert", "erte", "erts", "ertes", "int", "inte", "ints", "intes", "ait",
    "aite", "aits", "aites",
];

/// Common words after *être* that end like a participle but are not one.
const NOT_PARTICIPLES: &[&str] = &[
    "aussi",
    "ici",
    "celui",
    "lui",
    "parmi",
    "midi",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "depuis",
    "puis",
    "plus",
    "tous",
    "nous",
    "vous",
    "sous",
    "jamais",
    "mais",
    "dessus",
    "ceci",
    "gratuit",
    "petit",
    "inédit",
    "précis",
    "sûr",
    "celle",
    "ainsi",
    "précise",
    "crise",
    "grise",
    "surprise",
    "entreprise",
    "chemise",
    "devise",
    "valise",
    "église",
    "bise",
    "brise",
    "reprise",
    "emprise",
    "franchise",
    "marchandise",
    "expertise",
];

pub(crate) fn is_participle(word: &str) -> bool {
    let w = normalize(word);
    if w.chars().count() < 3 || NOT_PARTICIPLES.contains(&w.as_str()) {
        return false;
    }
    // `née`, `nées`, `nés` agree with their subject; the list holds the masculine singular.
    let bare = [w.as_str(), w.trim_end_matches('s')]
        .into_iter()
        .flat_map(|v| [v, v.strip_suffix('e').unwrap_or(v)]);
    if bare.into_iter().any(|v| NOT_PASSIVE.contains(&v)) {
        return false;
    }
    // `-u` after `a`, `e` or `q` ends no participle: `nouveau`, `lieu`, `que`.
    let stem = w.trim_end_matches('s').trim_end_matches('e');
    if ["au", "eu", "qu"].iter().any(|e| stem.ends_with(e)) {
        return false;
    }
    PARTICIPLE_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// The index of the first word of `ws` from `from` that is not an adverb standing between
/// an auxiliary and its participle.
pub(crate) fn past_adverbs(ws: &[String], from: usize) -> usize {
    let mut k = from;
    loop {
        let pair = ws
            .get(k..k + 2)
            .is_some_and(|p| BETWEEN_PAIRS.iter().any(|(a, b)| p[0] == *a && p[1] == *b));
        match ws.get(k) {
            _ if pair => k += 2,
            Some(w) if BETWEEN.contains(&w.as_str()) => k += 1,
            _ => return k,
        }
    }
}

/// The words of `sentence` as the verb tests read them, lower case: an elided negation or
/// `d'` apart (`n'est pas suivie`, `d'être convaincu`), an inversion cut to its verb
/// (`ont-ils été`, `a-t-il été` are `ont`, `a`).
pub(crate) fn verb_words(sentence: &str) -> Vec<String> {
    words(sentence)
        .iter()
        .flat_map(|w| {
            let w = normalize(w);
            let w = match w.split_once('-') {
                Some((verb, rest))
                    if rest
                        .split('-')
                        .all(|p| matches!(p, "t" | "il" | "ils" | "elle" | "elles" | "on")) =>
                {
                    verb.to_string()
                }
                _ => w,
            };
            match ["n'", "d'"]
                .iter()
                .find(|e| w.len() > e.len() && w.starts_with(*e))
            {
                Some(elided) => vec![elided.to_string(), w[elided.len()..].to_string()],
                None => vec![w],
            }
        })
        .collect()
}

/// Whether `sentence` is in the passive voice: a form of *être* (or `été` after *avoir*)
/// followed, past a few adverbs, by a past participle; reflexive verbs (`s'est rendu`) and
/// verbs conjugated with *être* (`est arrivé`) are active.
pub fn is_passive(sentence: &str) -> bool {
    let ws = verb_words(sentence);
    for (i, w) in ws.iter().enumerate() {
        let auxiliary = match w.as_str() {
            // `a été`, `a donc été`, `n'ont jamais été`.
            "été" => (0..i)
                .rev()
                .find(|&j| !BETWEEN.contains(&ws[j].as_str()))
                .is_some_and(|j| AVOIR.contains(&ws[j].as_str())),
            w => ETRE.contains(&w),
        };
        if !auxiliary {
            continue;
        }
        // `se sont`, `nous nous sommes`: a reflexive verb (`s'est` is one word, never a form
        // here); a lone `nous` before `sommes` is the subject.
        let before = |k: usize| i.checked_sub(k).map(|j| ws[j].as_str());
        let reflexive = matches!(before(1), Some("se" | "me" | "te"))
            || matches!(before(1), Some("nous" | "vous")) && before(2) == before(1);
        if reflexive {
            continue;
        }
        if ws
            .get(past_adverbs(&ws, i + 1))
            .is_some_and(|n| is_participle(n))
        {
            return true;
        }
    }
    false
}

/// The past participles of `sentence` that stand after an auxiliary, adverbs aside: what the
/// sentence says was done (`a été réduit`, `ont voté`), lower case.
pub fn participles_after_auxiliary(sentence: &str) -> Vec<String> {
    let ws = verb_words(sentence);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        if !(w == "été" || AVOIR.contains(&w.as_str()) || ETRE.contains(&w.as_str())) {
            continue;
        }
        if let Some(next) = ws.get(past_adverbs(&ws, i + 1)) {
            if is_participle(next) {
                out.push(next.clone());
            }
        }
    }
    out
}

/// Whether an auxiliary tells its participle as planned (`sera`, `aura`, `serait`) or as
/// done or doing (`est`, `a`, `était`, `a été`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Time {
    Planned,
    Actual,
}

/// The time an auxiliary tells; `None` for the forms that tell none alone (`être`, `ayant`,
/// `soit`).
fn auxiliary_time(word: &str) -> Option<Time> {
    match word {
        "sera" | "seront" | "serai" | "seras" | "serons" | "serez" | "serait" | "seraient"
        | "aura" | "auront" | "aurai" | "auras" | "aurons" | "aurez" | "aurait" | "auraient" => {
            Some(Time::Planned)
        }
        "est" | "sont" | "suis" | "es" | "sommes" | "êtes" | "était" | "étaient" | "étais"
        | "étions" | "étiez" | "fut" | "furent" | "a" | "ont" | "ai" | "as" | "avons" | "avez"
        | "avait" | "avaient" => Some(Time::Actual),
        _ => None,
    }
}

/// The past participles of `sentence` after an auxiliary that tells a time, adverbs aside:
/// `(auxiliary to participle, participle, time)`, lower case, as `("sera présenté",
/// "présenté", Planned)`; `a été signé` is `a`'s time.
pub fn participles_with_time(sentence: &str) -> Vec<(String, String, Time)> {
    let ws = verb_words(sentence);
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let auxiliary = match w.as_str() {
            "été" => match (0..i).rev().find(|&j| !BETWEEN.contains(&ws[j].as_str())) {
                Some(j) if AVOIR.contains(&ws[j].as_str()) => j,
                _ => continue,
            },
            w if AVOIR.contains(&w) || ETRE.contains(&w) => i,
            _ => continue,
        };
        let Some(time) = auxiliary_time(&ws[auxiliary]) else {
            continue;
        };
        let at = past_adverbs(&ws, i + 1);
        if let Some(next) = ws.get(at).filter(|n| is_participle(n)) {
            out.push((ws[auxiliary..=at].join(" "), next.clone(), time));
        }
    }
    out
}
