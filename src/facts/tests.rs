//! The facts' tests: the figures, dates, copies and key phrases read from a source.

use super::*;

pub(super) fn facts() -> Facts {
    Facts::from_sentences(vec![
        "Les États-Unis et le Japon vont approfondir leur coopération dans les semi-conducteurs.".into(),
        "Le ministre japonais Yasutoshi Nishimura a rencontré Gina Raimondo à Detroit.".into(),
        "Les deux pays veulent sécuriser les chaînes d'approvisionnement des semi-conducteurs.".into(),
        "Le Japon a créé Rapidus, qui travaille avec IBM, et aide Micron à produire 5,5 millions de puces en 2023.".into(),
    ])
}

#[test]
fn figures_absent_from_the_source_are_invented() {
    let f = facts();
    assert_eq!(
        f.invented_numbers("En 2023, 5.5 millions de puces, et 40 % de plus."),
        vec!["40"]
    );
}

#[test]
fn a_cardinal_in_hyphenated_parts_is_one_figure() {
    let f = Facts::from_sentences(vec![
        "La préfecture a placé quarante-deux communes en alerte, et soixante-et-onze en vigilance, sur quatre-vingt-dix.".into(),
    ]);
    for kept in [
        "La préfecture a placé 42 communes en alerte.",
        "Quarante-deux communes sont en alerte, 71 en vigilance, sur 90.",
    ] {
        assert!(f.invented_numbers(kept).is_empty(), "{kept}");
    }
    assert_eq!(
        f.invented_numbers("La préfecture a placé 40 communes en alerte."),
        vec!["40"]
    );
    assert_eq!(
        f.invented_numbers("Deux communes sont en alerte."),
        vec!["Deux"]
    );
}

#[test]
fn one_after_dont_is_a_count() {
    let f = Facts::from_sentences(vec![
        "Il a été condamné à quatre ans de prison, dont deux avec sursis, pour un détournement."
            .into(),
    ]);
    assert_eq!(
        f.invented_numbers("Il a été condamné à quatre ans de prison, dont un avec sursis."),
        vec!["un"]
    );
    assert!(f
        .invented_numbers("Il a été condamné pour un détournement, dont deux ans avec sursis.")
        .is_empty());
}

#[test]
fn figures_written_out_or_grouped_are_figures_too() {
    let f = Facts::from_sentences(vec![
        "Le buteur a réussi cinq pénalités sur six devant 35 000 spectateurs.".into(),
        "Le club cherchera un vingt-troisième titre, le 28 juin.".into(),
    ]);
    assert!(f
        .invented_numbers("Cinq pénalités sur six, devant 35 000 personnes.")
        .is_empty());
    assert_eq!(
        f.invented_numbers("Il a réussi sept pénalités sur six."),
        vec!["sept"]
    );
    // `35` alone is not the source's `35 000`, and `vingt-trois` is not `vingt-troisième`.
    assert_eq!(
        f.invented_numbers("Il a réussi 35 pénalités, pour un vingt-trois titre."),
        vec!["35", "vingt-trois"]
    );
    // A list after a comma is two figures, not one.
    assert_eq!(f.invented_numbers("Le 28, 000 n'est rien."), vec!["000"]);
    // Six is 6 as much as « six ».
    assert!(f.invented_numbers("Sur 6 tentatives.").is_empty());
    // « un » before a measure is one (proces-marseille, seed 3, at `de8f912`).
    assert_eq!(
        f.invented_numbers("La procureure avait requis un an d'emprisonnement."),
        vec!["un"]
    );
    assert_eq!(
        f.invented_numbers("Le club attend depuis plus d'une semaine."),
        vec!["d'une"]
    );
    assert!(f
        .invented_numbers("Un jour, le club cherchera un titre.")
        .is_empty());
    // `neuf` before a plural is nine; after a noun, or alone, it is « new ».
    assert_eq!(
        f.invented_numbers("Le club annonce neuf recrutements et neuf ans de contrat."),
        vec!["neuf", "neuf"]
    );
    assert!(f
        .invented_numbers("Un stade neuf dans la ville, remis à neuf.")
        .is_empty());
}

fn velo() -> Facts {
    Facts::from_sentences(vec![
        "La Métropole de Lyon a présenté mardi un plan de 120 millions d'euros destiné à doubler la place du vélo d'ici à 2030.".into(),
        "Le projet prévoit la création de 250 kilomètres de pistes cyclables sécurisées.".into(),
        "La part du vélo atteint aujourd'hui 4 % et doit passer à 8 % en six ans.".into(),
        "Le plan comprend aussi 15 000 places de stationnement pour vélos.".into(),
        "Les premiers chantiers doivent commencer au printemps, sur un axe emprunté par des milliers de cyclistes.".into(),
    ])
}

#[test]
fn a_figure_counts_what_the_source_says_it_counts() {
    let f = velo();
    // Seen in `write examples/velo-lyon.txt`: the source's figures on other nouns.
    assert_eq!(
        f.misattributed_figures("Le plan prévoit 250 pistes cyclables et 15000 kilomètres."),
        vec!["250 piste", "15000 kilometre"]
    );
    assert_eq!(
        f.misattributed_figures("Un budget de 120 euros, puis 120 milliards de dollars."),
        vec!["120 euro", "120 milliard dollar"]
    );
    // Said bare where the source always says what they count.
    assert_eq!(
        f.misattributed_figures(
            "Le plan du 15000 du 120 millions, de 4 à 8 %, dont 250, est prêt."
        ),
        vec!["15000", "4", "250", "de 4 à 8 %"]
    );
    // A figure still being written may be followed by what it counts; one that ends
    // the sentence counts nothing the source counts.
    assert!(f
        .misattributed_figures("Le plan comprend 15 000")
        .is_empty());
    assert_eq!(
        f.misattributed_figures("La Métropole prévoit des aides pour le 250."),
        vec!["250"]
    );
    // The source's own, in other words: an abbreviation, a symbol, a qualifier, a year.
    for kept in [
        "Le projet prévoit 250 km de pistes et 15 000 nouvelles places.",
        "La part passera de 4 % à 8 % en six années, pour 120 millions €.",
        "En 2030, la part du vélo aura doublé, avec 120 millions d'euros.",
    ] {
        assert_eq!(
            f.misattributed_figures(kept),
            Vec::<String>::new(),
            "{kept}"
        );
    }
}

#[test]
fn a_figure_is_said_of_what_the_source_says_it_of() {
    let f = velo();
    // Seen in `write examples/velo-lyon.txt`: the source's figures on other things.
    assert_eq!(
        f.misattributed_figures(
            "Le premier projet prévoit l'installation de 120 millions d'euros."
        ),
        vec!["l'installation … 120"]
    );
    assert_eq!(
        f.misattributed_figures("Le vélo, à 8 % dans les trajets, atteint aujourd'hui 4 %."),
        // The source's 8 % and 4 % are the bicycle's share, not the bicycle (`Shares`); 8 %
        // is hung on the trips besides, and listed once for both.
        vec!["trajets … 8", "trajets atteint aujourd'hui 4 %"]
    );
    // A date, too: the end of next year is when a review is due in the source.
    let review = Facts::from_sentences(vec![
        "La part du vélo atteint aujourd'hui 4 %.".into(),
        "Un premier bilan du plan sera présenté devant le conseil à la fin de l'année prochaine."
            .into(),
    ]);
    assert_eq!(
        review.misattributed_figures("Le vélo, à la fin de l'année, a atteint 4 %."),
        vec!["vélo … l'année", "l'année a atteint 4 %"]
    );
    for kept in [
        "Le bilan sera présenté à la fin de l'année prochaine.",
        "À la fin de l'année, le conseil verra un premier bilan.",
        "Aujourd'hui, la part du vélo atteint 4 %.",
    ] {
        assert_eq!(
            review.misattributed_figures(kept),
            Vec::<String>::new(),
            "{kept}"
        );
    }
    // While a sentence is written, what a figure opening its clause counts may come.
    assert!(f.misattributed_so_far("Pour 15 000 nouvelles").is_empty());
    assert!(f
        .misattributed_figures("Pour 15 000 nouvelles places, le plan est prêt.")
        .is_empty());
    // The word it hangs on is found as soon as the figure is written.
    assert_eq!(
        f.misattributed_so_far("Les chantiers commencent sur 250"),
        vec!["commencent … 250"]
    );
    for kept in [
        "Un plan de 120 millions d'euros a été présenté mardi.",
        "La part du vélo, de 4 % aujourd'hui, doit passer à 8 %.",
        "La part passera de 4 % à 8 %.",
        "15 000 places de stationnement pour vélos sont prévues.",
        "Des milliers de cyclistes empruntent cet axe.",
    ] {
        assert_eq!(
            f.misattributed_figures(kept),
            Vec::<String>::new(),
            "{kept}"
        );
    }
}

#[test]
fn a_score_hangs_on_what_its_first_figure_does() {
    // « menés 13 à 10 » and « 27 à 19 » were refused as « menés … 10 » and
    // « Bordeaux-Bègles … 19 » (rugby, stop 61's trace): the source's 10 and 19 hang on
    // nothing before them, past the 13 and the 27.
    let f = Facts::from_sentences(vec![
        "Le Stade toulousain s'est qualifié samedi pour la finale en battant l'Union Bordeaux-Bègles 27 à 19, au terme d'une demi-finale disputée devant 35 000 spectateurs.".into(),
        "Les Toulousains ont fait la différence en seconde période, après avoir été menés 13 à 10 à la pause.".into(),
    ]);
    for kept in [
        "Le Stade toulousain a battu l'Union Bordeaux-Bègles 27 à 19.",
        "Les Toulousains ont été menés 13 à 10 à la pause.",
    ] {
        assert_eq!(
            f.misattributed_figures(kept),
            Vec::<String>::new(),
            "{kept}"
        );
    }
    assert_eq!(
        f.misattributed_figures("Les Toulousains ont gagné devant 27 spectateurs."),
        vec!["gagné … 27"]
    );
}

#[test]
fn a_figure_in_a_relative_clause_is_not_said_of_what_follows_it() {
    let f = Facts::from_sentences(vec![
        "Les Bordelais, qui disputaient leur troisième demi-finale en quatre ans, ont perdu leur capitaine sur blessure dès la 25e minute.".into(),
    ]);
    // Rugby, seed 2, at `de8f912`.
    assert_eq!(
        f.misattributed_figures(
            "Les Bordelais ont perdu leur capitaine sur blessure en quatre ans."
        ),
        vec!["blessure … quatre"]
    );
    assert!(f
        .misattributed_figures(
            "Les Bordelais ont disputé leur troisième demi-finale en quatre ans."
        )
        .is_empty());
}

#[test]
fn a_figure_joined_to_another_is_said_of_something() {
    let f = Facts::from_sentences(vec![
        "Selon Bruno Bernard, la part du vélo dans les trajets domicile-travail atteint aujourd'hui 4 % et doit passer à 8 % en six ans.".into(),
    ]);
    // Seen in `write examples/velo-lyon.txt --seed 3` at `30fed99`.
    assert_eq!(
        f.misattributed_figures(
            "Selon Bruno Bernard, le vélo dans les trajets domicile-travail a atteint aujourd'hui 4 %, et 8 %, en six ans."
        ),
        vec!["… 8", "a atteint aujourd'hui 4 %"]
    );
    let kept = "La part du vélo atteint aujourd'hui 4 % et doit passer à 8 % en six ans.";
    assert_eq!(f.misattributed_figures(kept), Vec::<String>::new());
}

#[test]
fn a_share_dropped_from_a_figure_hung_elsewhere_is_listed_once() {
    let f = velo();
    // 4 hangs on « cyclistes » and « représentent », which the source does not say around
    // it, and it lost its share: one error, listed once.
    assert_eq!(
        f.misattributed_figures("Les cyclistes représentent 4 %."),
        vec!["représentent … 4"]
    );
    // Hung where the source hangs it, the share alone is dropped.
    assert_eq!(
        f.misattributed_figures("Le vélo atteint aujourd'hui 4 %."),
        vec!["vélo atteint aujourd'hui 4 %"]
    );
}

#[test]
fn a_rate_is_the_sources() {
    let f = Facts::from_sentences(vec![
        "Une aide pouvant atteindre 500 euros, pour 120 enfants par jour.".into(),
    ]);
    // Seen in `write examples/velo-lyon.txt`, seed 1: a yearly aid the source does not give.
    assert_eq!(
        f.misattributed_figures("Une aide pouvant atteindre 500 euros par an."),
        vec!["500 euro par annee"]
    );
    for kept in [
        "Une aide pouvant atteindre 500 euros.",
        "Pour 120 enfants par jour, le service est prêt.",
        "Pour 120 enfants, le service est prêt.",
    ] {
        assert_eq!(
            f.misattributed_figures(kept),
            Vec::<String>::new(),
            "{kept}"
        );
    }
}

#[test]
fn square_metres_abbreviated_are_metres() {
    let f = Facts::from_sentences(vec!["Le bâtiment de 3 200 mètres carrés ouvre.".into()]);
    assert!(f
        .misattributed_figures("Un bâtiment de 3 200 m² ouvre.")
        .is_empty());
    assert_eq!(
        f.misattributed_figures("Un bâtiment de 3 200 lits ouvre."),
        vec!["3 200 lit"]
    );
}

#[test]
fn a_weekday_goes_with_the_day_of_the_month_the_source_gives_it() {
    let rugby = Facts::from_sentences(vec![
        "Toulouse affrontera le vainqueur de l'autre demi-finale, qui oppose dimanche La \
         Rochelle au Racing 92."
            .into(),
        "La finale se jouera le 28 juin au Stade de France.".into(),
        "Le match aura lieu samedi 1er juillet.".into(),
    ]);
    assert_eq!(
        rugby.invented_times("La finale se jouera le dimanche 28 juin."),
        vec!["dimanche 28"]
    );
    assert!(rugby
        .invented_times("Le match aura lieu samedi 1er juillet, la finale le 28 juin.")
        .is_empty());
    // While it is written, « dimanche 2 » may yet be « dimanche 28 »; the source's own
    // pairing holds.
    assert!(rugby.invented_times("La finale, dimanche 2").is_empty());
    // No day of the month: « dimanche » and « 92 » (the Racing's) are not one date.
    assert!(rugby
        .invented_times("La demi-finale qui oppose dimanche 92 joueurs.")
        .is_empty());
}

#[test]
fn a_weekday_stays_with_what_the_source_does_that_day() {
    let f = velo();
    for moved in [
        // The plan's presentation, not the declaration (velo's quick start at `df5d8b2`).
        "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré \
         mardi le président.",
        "La Métropole a voté mardi un plan.",
        // « le mardi »: a day the source gives bare.
        "Le plan a été présenté le mardi.",
        // The review the source does not date so (velo seed 1, stop 68).
        "Un bilan du plan sera présenté, mardi devant le conseil.",
    ] {
        assert_eq!(f.invented_times(moved).len(), 1, "{moved}");
    }
    for kept in [
        "La Métropole de Lyon a présenté mardi un plan.",
        "Le plan de 120 millions d'euros présenté mardi doublera la place du vélo.",
        "Mardi, la Métropole a présenté un plan.",
        "Le plan, mardi, a été présenté.",
        "La Métropole a présenté mardi un plan pour les cyclistes.",
        // A state since the day, not a deed of it (`tests/fixtures/tram-grenoble.md`).
        "Le plan compte une piste de plus depuis mardi.",
    ] {
        assert!(f.invented_times(kept).is_empty(), "{kept}");
    }
    let rugby = Facts::from_sentences(vec![
        "Toulouse affrontera en finale le vainqueur de l'autre demi-finale, qui oppose \
         dimanche La Rochelle au Racing 92."
            .into(),
        "Mardi, la Ligue a ouvert la billetterie.".into(),
    ]);
    // Sunday is the other semi-final's, not the final's (rugby, stop 67).
    assert_eq!(
        rugby.invented_times("Toulouse affrontera dimanche La Rochelle."),
        vec!["dimanche … affrontera"]
    );
    assert!(rugby
        .invented_times("La Ligue a ouvert mardi la billetterie.")
        .is_empty());
    // Who speaks on the day stands in another clause of the source's sentence.
    let seed = Facts::from_sentences(vec![
        "Les États-Unis et le Japon vont approfondir leur coopération, ont-ils déclaré vendredi."
            .into(),
    ]);
    assert!(seed
        .invented_times("Les États-Unis et le Japon ont déclaré vendredi qu'ils coopéreront.")
        .is_empty());
}

#[test]
fn quantities_and_dates_are_the_sources() {
    let f = velo();
    assert_eq!(
        f.invented_numbers("Des millions de cyclistes, et des milliers de piétons."),
        vec!["millions"]
    );
    // A year comes after what the source writes before it.
    assert!(f
        .misattributed_figures("D'ici à 2030, la place du vélo doublera.")
        .is_empty());
    assert_eq!(
        f.misattributed_figures("Le bilan sera présenté le 2030, pour un budget de 2030."),
        vec!["le 2030", "de 2030"]
    );
    // Only of what the source dates with it: doubling the bicycle's place, not works.
    assert!(f
        .misattributed_figures("La Métropole veut doubler la place du vélo en 2030.")
        .is_empty());
    let works = "Les premiers chantiers doivent commencer en 2030 à Villeurbanne.";
    assert_eq!(f.misattributed_figures(works), vec!["en 2030"]);
    // While it is written, what the year dates may still come.
    assert!(f
        .misattributed_so_far("En 2030, la Métropole veut")
        .is_empty());
    // `millions` after a figure is the figure's.
    assert!(f.invented_numbers("Un plan de 120 millions.").is_empty());
    assert_eq!(
        f.invented_times("Le plan a été voté jeudi et les travaux finiront à la fin de l'été."),
        vec!["jeudi", "l'été"]
    );
    assert_eq!(
        f.invented_times("La semaine dernière, le vote a eu lieu mardi soir."),
        vec!["semaine", "soir", "mardi … lieu"]
    );
    // A date moved by a word dropped or brought: the source's review is due at the end
    // of next year, not this one (seen in `write examples/velo-lyon.txt`, seed 42).
    let review = Facts::from_sentences(vec![
        "La Métropole a présenté mardi un plan pour le vélo.".into(),
        "Un premier bilan du plan sera présenté devant le conseil à la fin de l'année prochaine."
            .into(),
    ]);
    assert_eq!(
        review.invented_times("Un bilan du plan sera présenté à la fin de l'année."),
        vec!["l'année"]
    );
    assert_eq!(
        review.invented_times("Le plan a été présenté mardi dernier à la Métropole."),
        vec!["mardi dernier"]
    );
    assert_eq!(
        review.invented_times("Le bilan de l'année dernière sera présenté au conseil."),
        vec!["l'année dernière"]
    );
    // While a sentence is written, the word that moves its last date may still come.
    assert!(review
        .invented_times("Le bilan sera présenté à la fin de l'année")
        .is_empty());
    assert_eq!(
        review.invented_times("Le bilan sera présenté à la fin de l'année "),
        Vec::<String>::new()
    );
    assert_eq!(
        review.invented_times("À la fin de l'année, le bilan"),
        vec!["l'année"]
    );
    for kept in [
        "Le bilan sera présenté au conseil à la fin de l'année suivante.",
        "Le conseil verra à la fin de l'année prochaine un premier bilan.",
        "Le plan a été présenté mardi.",
    ] {
        assert!(review.invented_times(kept).is_empty(), "{kept}");
    }
    // `a été` is a verb, `mais` is not May, and the source's own dates pass.
    assert!(f
        .invented_times("Le plan a été présenté mardi, mais les chantiers commencent au printemps.")
        .is_empty());
}

#[test]
fn copied_runs_are_measured_in_words() {
    let f = facts();
    assert_eq!(
        f.longest_copied_run("Nishimura a rencontré Gina Raimondo hier."),
        5
    );
    assert!(f.longest_copied_run("Une alliance nouvelle se dessine.") <= 1);
    // Quoting the source's quotation word for word is not copying it.
    let quoted = Facts::from_sentences(vec![
        "Ils veulent « résoudre les concentrations géographiques de production qui compromettent la résilience », ont-ils dit.".into(),
    ]);
    assert_eq!(
        quoted.longest_copied_run("Les deux pays veulent « résoudre les concentrations géographiques de production qui compromettent la résilience »."),
        1
    );
    assert_eq!(
        quoted.longest_copied_run("Les deux pays veulent résoudre les concentrations géographiques de production qui compromettent la résilience."),
        11
    );
}

#[test]
fn a_unit_said_after_every_figure_is_no_keyphrase() {
    let f = Facts::from_sentences(crate::text::sentences(
        "Le tribunal de Marseille a condamné mardi à quatre ans de prison un ancien adjoint \
         au maire. Jean-Pierre Castellan, 58 ans, était accusé d'avoir favorisé une \
         entreprise. Le tribunal a également prononcé une peine de cinq ans \
         d'inéligibilité. Le chef d'entreprise a été condamné à trois ans de prison avec \
         sursis. La procureure avait requis cinq ans d'emprisonnement.",
    ));
    assert_eq!(f.keyphrase, "prison");
    for quantity in ["ans", "cinq"] {
        assert!(
            !f.keywords.iter().any(|k| k == quantity),
            "{:?}",
            f.keywords
        );
    }
}

#[test]
fn an_adjective_is_no_keyphrase() {
    // « publics » was proces-marseille's keyphrase (stop 59), and its headline « Publics : une
    // affaire de marchés ».
    let f = Facts::from_sentences(crate::text::sentences(
        "Le tribunal a condamné un ancien adjoint pour détournement de fonds publics. Il a \
         favorisé une entreprise de travaux publics. L'argent public n'appartient pas à ceux \
         qui le gèrent. Le tribunal a prononcé une amende.",
    ));
    assert_eq!(f.keyphrase, "tribunal");
    assert!(
        f.keywords.iter().any(|k| k == "publics"),
        "{:?}",
        f.keywords
    );
}

#[test]
fn the_keyphrase_is_a_repeated_topic() {
    let f = facts();
    assert_eq!(f.keyphrase, "semi-conducteurs");
    assert!(
        f.entities.contains(&"Gina Raimondo".to_string()),
        "{:?}",
        f.entities
    );
}
