//! Figures as the source gives them: a word the source always writes before a figure left
//! without one (« la part du vélo … atteint aujourd'hui et doit passer à 8 % », velo seed 1,
//! stop 72, for « atteint aujourd'hui 4 % »), « de » or « à » put before a figure where the
//! source has neither (« comprend de 15 000 places », « atteint aujourd'hui à 4 % »), and a
//! count given a « de » complement the source never gives it (« trois ans d'amende » for
//! « trois ans de prison »).

use super::Grammar;
use crate::grounding::speakers::folded;
use crate::text::normalize;

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
                && !super::auxiliary::FINITE.contains(&word.as_str())
                && crate::lexicon::nominal_entry(&word).is_none();
            let range = ws[i + 3..].iter().take(3).any(|n| normalize(n) == "à");
            let added = verb
                && self.figure_after.contains_key(&key)
                && !self.before_de.contains(&key)
                && !range;
            added.then(|| w.join(" "))
        })
    }
}

/// Words a figure's unit may stand after, past the figure: « 120 enfants par jour », « 2,1
/// mètres cubes par seconde ».
const RATE_WITHIN: usize = 4;

/// The « par … » that follows the figure `ws[i]` within `RATE_WITHIN` words of its clause,
/// folded: « par jour ».
fn rate_after(ws: &[&str], i: usize) -> Option<String> {
    let rest = ws.get(i + 1..)?;
    let at = rest
        .iter()
        .take(RATE_WITHIN)
        .take_while(|w| !JOINING.contains(&folded(w).as_str()))
        .position(|w| normalize(w) == "par")?;
    let unit = rest.get(at + 1)?;
    (unit.starts_with(char::is_lowercase) && !crate::text::is_stopword(&normalize(unit)))
        .then(|| format!("par {}", folded(unit)))
}

impl Grammar {
    /// Reads the figures the source gives per unit: « peut accueillir jusqu'à 120 enfants
    /// par jour ».
    pub(super) fn read_rates(&mut self, sentence: &str) {
        let chars: Vec<char> = sentence.chars().collect();
        let mut at = 0;
        let marks = sentence.char_indices().enumerate().filter(|&(k, (_, c))| {
            let decimal = matches!(c, ',' | '.')
                && k > 0
                && chars[k - 1].is_ascii_digit()
                && chars.get(k + 1).is_some_and(char::is_ascii_digit);
            crate::grounding::CLAUSE_MARKS.contains(&c) && !decimal
        });
        let mut clauses: Vec<&str> = Vec::new();
        for (_, (i, c)) in marks {
            clauses.push(&sentence[at..i]);
            at = i + c.len_utf8();
        }
        clauses.push(&sentence[at..]);
        for clause in clauses {
            let ws = crate::text::words(clause);
            for (figure, last) in whole_figures(&ws) {
                if let Some(rate) = rate_after(&ws, last) {
                    self.rates.entry(figure).or_default().insert(rate);
                }
            }
        }
    }

    /// A figure the source always gives per unit, written in a finished sentence without
    /// it: « Le bâtiment, qui peut accueillir jusqu'à 120 enfants, a été construit » (hôpital
    /// seed 1, stop 79) for « jusqu'à 120 enfants par jour ».
    pub fn rate_dropped(&self, sentence: &str) -> Option<String> {
        if !super::is_finished(sentence) {
            return None;
        }
        let ws = crate::text::words(sentence);
        let said: String = ws.iter().map(|w| folded(w)).collect::<Vec<_>>().join(" ");
        whole_figures(&ws).into_iter().find_map(|(figure, last)| {
            let rates = self.rates.get(&figure)?;
            let kept = rates.iter().any(|r| said.contains(r.as_str()));
            let rate = rates.iter().min()?;
            (!kept).then(|| format!("{} … ∅ {rate}", ws[last]))
        })
    }
}

/// The figures of `ws`, each with its groups joined (« 200 000 » is `200000`, not the
/// « 200 » of « 200 millions »), folded, and the index of its last word.
fn whole_figures(ws: &[&str]) -> Vec<(String, usize)> {
    let group = |w: &str| w.len() == 3 && w.chars().all(|c| c.is_ascii_digit());
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        if !counts(ws[i]) {
            i += 1;
            continue;
        }
        let mut figure = folded(ws[i]);
        let digits = ws[i].starts_with(|c: char| c.is_ascii_digit());
        while digits && i + 1 < ws.len() && group(ws[i + 1]) {
            i += 1;
            figure.push_str(ws[i]);
        }
        out.push((figure, i));
        i += 1;
    }
    out
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

impl Grammar {
    /// Reads the figures the source joins by « ou » (« deux ou trois »).
    pub(super) fn read_figure_ranges(&mut self, ws: &[&str]) {
        if ws.windows(3).any(either) {
            self.figure_or = true;
        }
    }

    /// Two figures joined by « ou » where the source joins none: « qu'un ou deux postes de
    /// médecins restent vacants » (hôpital seeds 1 and 2, stop 78) for « deux postes »
    /// makes a sure count a guess.
    pub fn figure_or_figure(&self, sentence: &str) -> Option<String> {
        let ws = crate::text::words(sentence);
        let found = ws.windows(3).find(|w| either(w))?;
        (!self.figure_or).then(|| found.join(" "))
    }
}

/// Whether `w` is a figure (« un » too, elided or not), « ou » and a figure.
fn either(w: &[&str]) -> bool {
    let first = normalize(crate::text::strip_elision(w[0]));
    let figure = super::is_figure(&first) || ["un", "une"].contains(&first.as_str());
    figure && normalize(w[1]) == "ou" && super::is_figure(w[2])
}

/// Whether `word` is a figure that counts: « un », « une » are most often articles.
fn counts(word: &str) -> bool {
    super::is_figure(word) && !["un", "une"].contains(&folded(word).as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_the_source_gives_per_unit_keeps_its_unit() {
        let g = Grammar::new([
            "Le bâtiment peut accueillir jusqu'à 120 enfants par jour, contre 70 dans les anciens locaux.",
            "Le débit est tombé à 2,1 mètres cubes par seconde, contre 5,4 en moyenne.",
            "Le site produira des batteries pour 200 000 véhicules par an.",
        ]);
        assert_eq!(
            g.rate_dropped(
                "Le bâtiment, qui peut accueillir jusqu'à 120 enfants, a été construit."
            )
            .as_deref(),
            Some("120 … ∅ par jour")
        );
        for right in [
            "Le bâtiment peut accueillir 120 enfants par jour.",
            "Le débit est tombé à 2,1 mètres cubes par seconde.",
            "Le bâtiment peut accueillir jusqu'à 120 enfants",
            "Il accueillait 70 enfants dans les anciens locaux.",
            "Le débit est de 5,4 mètres cubes en moyenne.",
            "L'État a apporté 200 millions d'euros au projet.",
        ] {
            assert_eq!(g.rate_dropped(right), None, "{right}");
        }
        assert!(g
            .rate_dropped("Le débit est tombé à 2,1 mètres cubes.")
            .is_some());
        assert!(g
            .rate_dropped("Le site produira des batteries pour 200 000 véhicules.")
            .is_some());
    }

    #[test]
    fn two_figures_take_no_or_the_source_does_not_give_them() {
        let g =
            Grammar::new(["La direction reconnaît que deux postes de médecins restent vacants."]);
        assert_eq!(
            g.figure_or_figure("La direction reconnaît qu'un ou deux postes restent vacants.")
                .as_deref(),
            Some("qu'un ou deux")
        );
        assert_eq!(
            g.figure_or_figure("Deux postes restent vacants, ou un recrutement."),
            None
        );
        let g = Grammar::new(["Deux ou trois postes restent vacants."]);
        assert_eq!(
            g.figure_or_figure("Un ou deux postes restent vacants."),
            None
        );
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
}
