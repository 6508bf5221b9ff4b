//! The sentence gate's tests: what it keeps and what it refuses, and why.

use super::*;

fn facts() -> Facts {
    Facts::from_sentences(vec![
        "Les États-Unis et le Japon vont approfondir leur coopération dans la recherche et le développement de puces avancées.".into(),
        "Le ministre japonais Yasutoshi Nishimura a rencontré à Detroit la secrétaire américaine Gina Raimondo.".into(),
    ])
}

#[test]
fn the_first_person_is_said_only_inside_a_quotation() {
    let f = Facts::from_sentences(vec![
        "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré le président de la Métropole.".into(),
    ]);
    assert_eq!(
        judge(
            "Nous voulons que chaque habitant rejoigne son travail à vélo.",
            &f,
            &[],
            false
        ),
        Err(Rejection::FirstPerson("nous".into()))
    );
    assert_eq!(
        first_person("J'estime que le travail compte."),
        Some("j'estime".into())
    );
    assert_eq!(
        first_person(&crate::grounding::unquoted(
            "« Nous voulons que chaque habitant puisse rejoindre son travail à vélo », a déclaré le président."
        )),
        None
    );
}

#[test]
fn a_sentence_does_not_end_on_an_article_or_a_preposition() {
    let f = facts();
    assert_eq!(
        judge(
            "La coopération du Japon porte sur la recherche de la.",
            &f,
            &[],
            false
        ),
        Err(Rejection::Incomplete)
    );
    assert!(dangles("Le Japon et les États-Unis coopèrent avec."));
    assert!(!dangles("Le Japon et les États-Unis coopèrent."));
    // Cut short at a comma (proces, every seed at `de8f912`).
    assert!(dangles("Le tribunal correctionnel de Marseille a."));
    assert!(dangles("Le chef d'entreprise Olivier Rinaldi, a été."));
    assert!(dangles("Le préjudice est."));
    assert!(!dangles(
        "Les associations réclament les moyens qu'elles en ont."
    ));
    assert!(!dangles("Le tribunal a été saisi."));
}

#[test]
fn a_word_is_said_at_most_three_times_for_each_time_the_source_says_it() {
    let mut f = facts();
    f.keyphrase = "puces avancées".into();
    let kept: Vec<String> = vec![
        "La recherche avance.".into(),
        "Une recherche commune.".into(),
        "Les puces de la recherche.".into(),
    ];
    let said = said_stems(&kept);
    assert_eq!(
        overused("Le Japon mise sur la recherche.", &said, &f),
        Some("recherche")
    );
    // The keyphrase is the subject: said as often as the article needs.
    assert_eq!(overused("Le Japon mise sur les puces.", &said, &f), None);
    assert_eq!(
        overused("Le Japon mise sur le développement.", &said, &f),
        None
    );
    let mut repeats = Repeats::default();
    assert_eq!(
        repeats.overused("Le Japon mise sur la recherche", &kept, &f),
        Some("recherche")
    );
}

#[test]
fn a_new_french_sentence_on_the_facts_passes() {
    let s = "Le Japon et les États-Unis vont renforcer la recherche sur les puces avancées.";
    assert_eq!(judge(s, &facts(), &[], false), Ok(()));
}

#[test]
fn a_new_participle_after_an_auxiliary_is_an_invented_action() {
    let f = Facts::from_sentences(vec![
        "Le directeur a souligné que le projet avait été tenu dans le budget prévu malgré la hausse du prix des matériaux.".into(),
    ]);
    // Seen in `write examples/hopital-clermont.txt`: the budget « reduced ».
    assert_eq!(
        judge(
            "Le budget prévu du projet a été réduit, selon le directeur.",
            &f,
            &[],
            true
        ),
        Err(Rejection::InventedAction("réduit".into()))
    );
    // The source's own participle, or a new word that tells no action, pass.
    assert_eq!(
        judge(
            "Le projet a été tenu dans le budget prévu, a souligné le directeur.",
            &f,
            &[],
            true
        ),
        Ok(())
    );
}

#[test]
fn a_phrase_said_twice_is_a_stutter() {
    let f = facts();
    let twice = "Le ministre japonais a rencontré à Detroit la secrétaire américaine, Gina \
                 Raimondo, et Gina Raimondo a parlé des puces.";
    assert_eq!(
        judge(twice, &f, &[], false),
        Err(Rejection::Stutter("Gina Raimondo".into()))
    );
}

#[test]
fn a_sentence_that_holds_one_already_kept_repeats_it() {
    let f = Facts::from_sentences(vec![
        "Le plan a été présenté mardi à la Métropole de Lyon, qui prévoit 250 kilomètres de pistes.".into(),
    ]);
    // An answer written first, the section's sentence after it: the check reads the
    // section first, and finds the answer a repeat of it.
    let kept = vec!["Le plan a été présenté mardi à la Métropole de Lyon.".to_string()];
    let longer = "Le plan a été présenté mardi à la Métropole de Lyon, qui prévoit de prolonger ses pistes sur 250 kilomètres avant la fin du mandat des élus.";
    // Most of its own trigrams are new: only read the other way is it a repeat.
    assert!(!echoes(longer, &kept));
    assert_eq!(judge(longer, &f, &kept, false), Err(Rejection::Repeated));
    // Doomed as soon as the sentence kept is said in it, before the rest is written.
    let mut repeats = Repeats::default();
    assert!(repeats.doomed(
        "Le plan a été présenté mardi à la Métropole de Lyon, qui",
        &kept
    ));
    assert!(!repeats.doomed("Le plan a été", &kept));
    // Twelve trigrams said again: no sentence of 30 words or fewer dilutes them enough.
    let said = "Les pistes cyclables sécurisées relient les communes de la première couronne au centre de l'agglomération lyonnaise.";
    let kept = vec![kept[0].clone(), said.to_string()];
    assert!(repeats.doomed(
        "Les pistes cyclables sécurisées relient les communes de la première couronne au centre de",
        &kept
    ));
    assert!(!repeats.doomed(
        "Les pistes cyclables sécurisées relient les communes",
        &kept
    ));
    let other = "Les 250 kilomètres de pistes sont prévus par la Métropole de Lyon.";
    assert_eq!(judge(other, &f, &kept, false), Ok(()));
}

#[test]
fn a_sentence_read_after_a_kept_one_may_say_it_again_with_more() {
    let f = Facts::from_sentences(vec![
        "Le projet prévoit la création de 250 kilomètres de pistes cyclables sécurisées, reliant les communes de la première couronne au centre de l'agglomération.".into(),
    ]);
    // « L'essentiel »'s gist, read before the section that tells it in full (velo seed 1
    // at `cc3b974`: 33 candidates of the section refused as its repeat, and the 250
    // kilometres never said).
    let gist = vec!["Le projet prévoit la création de pistes cyclables sécurisées.".to_string()];
    let full = "Le projet prévoit la création de pistes cyclables sécurisées sur 250 kilomètres, jusqu'aux communes de la première couronne et au centre de l'agglomération.";
    assert_eq!(judge(full, &f, &gist, false), Err(Rejection::Repeated));
    assert_eq!(judge_following(full, &f, &gist, &gist, false), Ok(()));
    let opening = "Le projet prévoit la création de pistes";
    assert!(Repeats::default().doomed(opening, &gist));
    assert!(!Repeats::following(gist.clone()).doomed(opening, &gist));
    // In the same words it is still a repeat, whichever is read first.
    let same = "Le projet prévoit la création de pistes cyclables sécurisées en ville.";
    assert_eq!(
        judge_following(same, &f, &gist, &gist, false),
        Err(Rejection::Repeated)
    );
}

#[test]
fn a_quotation_of_the_source_is_kept_word_for_word_and_said_by_someone() {
    let f = Facts::from_sentences(vec![
        "« Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu », a déclaré l'entraîneur Ugo Mola.".into(),
    ]);
    // A neutral verb of saying is the article's own; « l'a reconnu » would say more.
    let kept = "L'entraîneur Ugo Mola l'a affirmé : « Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu ».";
    assert_eq!(judge(kept, &f, &[], true), Ok(()));
    assert_eq!(
        judge(
            "« Nous avons souffert en première mi-temps, mais le groupe n'a jamais cessé de croire en son plan de jeu. »",
            &f,
            &[],
            true
        ),
        Err(Rejection::Unattributed)
    );
    // Out of its marks, the same words are a copy.
    assert_eq!(
        judge(
            "Ugo Mola dit que le groupe n'a jamais cessé de croire en son plan de jeu.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Copied(12))
    );
}

#[test]
fn each_fault_is_named() {
    let f = facts();
    assert_eq!(
        judge("Le Japon avance.", &f, &[], false),
        Err(Rejection::TooShort)
    );
    // A question of five words says enough; one of three does not. An interrogative claims
    // nothing the source must say (seen refused in `write examples/velo-lyon.txt`: « Comment
    // … », « Pourquoi … », « Combien … »).
    for question in [
        "Le Japon approfondira-t-il la recherche ?",
        "Comment le Japon approfondira-t-il la recherche ?",
        "Pourquoi le Japon approfondira-t-il la recherche ?",
    ] {
        assert_eq!(judge(question, &f, &[], true), Ok(()), "{question}");
    }
    assert_eq!(
        judge("Le Japon cherche-t-il ?", &f, &[], true),
        Err(Rejection::TooShort)
    );
    // Done in the source, told as to come.
    assert_eq!(
        judge(
            "La secrétaire américaine Gina Raimondo sera rencontrée à Detroit par le ministre.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Shifted("sera rencontrée".into()))
    );
    // The one who met, made the one met.
    assert_eq!(
        judge(
            "Le ministre japonais Nishimura sera rencontré à Detroit par Gina Raimondo.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Swapped("ministre … rencontré".into()))
    );
    // A statement with a question mark is not one of the FAQ's questions.
    assert_eq!(
        judge(
            "Le Japon approfondira la recherche avec les États-Unis ?",
            &f,
            &[],
            true
        ),
        Err(Rejection::NotAQuestion)
    );
    // Planned in the source, told as done.
    assert_eq!(
        judge(
            "Le Japon et les États-Unis ont déjà approfondi leur coopération.",
            &f,
            &[],
            false
        ),
        Err(Rejection::Qualified("deja appro".into()))
    );
    let long = format!("Le Japon {} avance.", "et les États-Unis ".repeat(10));
    assert_eq!(judge(&long, &f, &[], false), Err(Rejection::TooLong(33)));
    assert_eq!(
        judge(
            "Le climat de la planète se réchauffe chaque année davantage.",
            &f,
            &[],
            false
        ),
        Err(Rejection::OffTopic)
    );
    assert_eq!(
        judge(
            "Le Japon et les États-Unis veulent renforcer leur coopération dans",
            &f,
            &[],
            false
        ),
        Err(Rejection::Incomplete)
    );
    // The tail of a sentence begun elsewhere (here, after a headline cut in mid-phrase).
    assert_eq!(
        judge(
            "d'euros pour renforcer la coopération du Japon et des États-Unis dans les puces.",
            &f,
            &[],
            false
        ),
        Err(Rejection::Incomplete)
    );
    assert_eq!(
        judge(
            "The United States and Japan will deepen their cooperation on chips.",
            &f,
            &[],
            false
        ),
        Err(Rejection::NotFrench)
    );
    assert_eq!(
        judge(
            "Selon Joe Biden, le Japon et les États-Unis veulent renforcer la recherche.",
            &f,
            &[],
            false
        ),
        Err(Rejection::InventedName("Joe".into()))
    );
    let figures = Facts::from_sentences(vec![
        "La Métropole a présenté un plan de 120 millions d'euros pour 15 000 places.".into(),
        "Il prévoit 250 kilomètres de pistes cyclables.".into(),
    ]);
    // An abbreviated unit is the same unit.
    assert_eq!(
        judge(
            "La Métropole prévoit 250 km de pistes pour le vélo.",
            &figures,
            &[],
            false
        ),
        Ok(())
    );
    assert_eq!(
        judge(
            "Pour le vélo, la Métropole veut un plan de 120 millions de dollars.",
            &figures,
            &[],
            false
        ),
        Err(Rejection::InventedFigure("120 million dollar".into()))
    );
    assert_eq!(
        judge(
            "Pour 15 000 places, la Métropole veut un plan de 120 millions d'euros.",
            &figures,
            &[],
            false
        ),
        Ok(())
    );
    assert_eq!(
        judge(
            "Le Japon et les États-Unis vont investir 40 milliards dans la recherche.",
            &f,
            &[],
            false
        ),
        Err(Rejection::InventedFigure("40".into()))
    );
    assert_eq!(
        judge(
            "La Métropole veut un plan de 120 millions de euros pour 15 000 places.",
            &figures,
            &[],
            false
        ),
        Err(Rejection::NotElided("de euros".into()))
    );
    assert_eq!(
        judge(
            "Le Japon et les États-Unis renforcent la recherche, selon le ministre américain.",
            &f,
            &[],
            false
        ),
        Err(Rejection::UnknownSpeaker("le ministre américain".into()))
    );
    assert!(matches!(
        judge("Les États-Unis et le Japon vont approfondir leur coopération dans la recherche et le développement.", &f, &[], false),
        Err(Rejection::Copied(_))
    ));
    let kept =
        vec!["Le Japon et les États-Unis renforcent la recherche sur les puces.".to_string()];
    assert_eq!(
        judge(
            "Les États-Unis et le Japon renforcent la recherche sur les puces.",
            &f,
            &kept,
            false
        ),
        Err(Rejection::Repeated)
    );
}

#[test]
fn a_fact_said_twice_in_one_section_is_a_restatement() {
    let part = vec![
        "La Métropole assure que des études dans d'autres villes européennes ont montré \
         l'effet inverse."
            .to_string(),
    ];
    assert!(restates(
        "La métropole assure que des études menées sur des villes européennes montrent \
         l'effet inversé.",
        &part
    ));
    // Another fact of the same section, sharing its subject, is new matter.
    assert!(!restates(
        "La Métropole prévoit une aide à l'achat de vélos pour les ménages modestes.",
        &part
    ));
    // An earlier sentence said again with more is said again.
    assert!(restates(
        "Ils se sont également engagés à en renforcer les chaînes d'approvisionnement, avec \
         des pays émergents et en développement.",
        &[
            "Ils se sont également engagés à la renforcer, en collaboration avec les pays \
           émergents."
                .to_string()
        ]
    ));
    // The same opening again.
    assert!(restates(
        "Le Japon, ainsi que les Pays-Bas a accepté de s'aligner sur l'exportation de \
         certains outils.",
        &[
            "Le Japon, ainsi que les Pays-Bas ont accepté de s'aligner sur le contrôle à \
           l'exportation."
                .to_string()
        ]
    ));
    assert!(!restates(
        "Les deux pays ont convenu de travailler ensemble pour résoudre les concentrations.",
        &["Les deux pays ont convenu d'accroître la coopération entre leurs centres.".to_string()]
    ));
    // More new matter than what is said again.
    assert!(!restates(
        "La Métropole a présenté mardi un plan de 120 millions d'euros pour doubler la place \
         du vélo.",
        &["Le plan a été présenté mardi par la Métropole.".to_string()]
    ));
    // Too few content words to tell, and nothing said before.
    assert!(!restates("Le plan est présenté.", &part));
    assert!(!restates(&part[0], &[]));
}

#[test]
fn what_a_speaker_says_stays_said_by_them() {
    let f = Facts::from_sentences(vec![
        "Du côté des commerçants, l'accueil est plus réservé.".into(),
        "La Métropole assure que des études menées dans d'autres villes européennes montrent l'effet inverse.".into(),
    ]);
    assert_eq!(
        judge(
            "Des études menées dans d'autres villes montrent l'effet inverse.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Misattributed(
            "told as fact what « La Métropole » says".into()
        ))
    );
    assert_eq!(
        judge(
            "Selon la Métropole, des études menées dans d'autres villes montrent l'effet inverse.",
            &f,
            &[],
            true
        ),
        Ok(())
    );
}

#[test]
fn a_title_stays_with_whom_the_source_gives_it() {
    let f = Facts::from_sentences(vec![
        "Les Toulousains ont fait la différence grâce à deux essais de l'ailier Matthieu Jalibert et du troisième-ligne Anthony Jelonch.".into(),
    ]);
    assert_eq!(
        judge(
            "Les essais de l'ailier Anthony Jelonch ont fait la différence.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Misplaced(
            "calls Anthony Jelonch « ailier », which the source calls Matthieu Jalibert".into()
        ))
    );
    assert_eq!(
        judge(
            "Les essais de l'ailier Matthieu Jalibert ont fait la différence.",
            &f,
            &[],
            true
        ),
        Ok(())
    );
}

#[test]
fn a_verb_keeps_the_pronoun_the_source_gives_it() {
    // The rugby dispatch, as `write examples/rugby-toulouse.txt --seed 1` read it (stop 56).
    let f = Facts::from_sentences(vec![
        "Le Stade toulousain s'est qualifié samedi pour la finale du Top 14 en battant l'Union Bordeaux-Bègles.".into(),
    ]);
    assert_eq!(
        judge(
            "Samedi, le Stade toulousain a qualifié pour la finale.",
            &f,
            &[],
            true
        ),
        Err(Rejection::Voice("a qualifié".into()))
    );
    assert_eq!(
        judge(
            "Samedi, le Stade toulousain s'est qualifié pour la finale.",
            &f,
            &[],
            true
        ),
        Ok(())
    );
}

#[test]
fn no_one_speaks_through_on_and_no_hyphen_opens_a_word() {
    let f = facts();
    // The seed dispatch, every seed at `5505e35`.
    assert_eq!(
        judge(
            "La déclaration est intervenue après que l'on a rencontré le ministre japonais Yasutoshi Nishimura.",
            &f,
            &[],
            false
        ),
        Err(Rejection::Dangling("l'on".into()))
    );
    assert_eq!(impersonal("Le ministre a rencontré la secrétaire."), None);
    assert_eq!(
        impersonal(
            "« On y croit », a-t-il dit."
                .replace("« On y croit »", "…")
                .as_str()
        ),
        None
    );
    assert!(broken_hyphen(
        "La part du vélo dans les trajets domicile -travail atteint 4 %."
    ));
    assert!(!broken_hyphen(
        "La part du vélo - dans les trajets - atteint 4 %."
    ));
    assert!(!broken_hyphen("Les trajets domicile-travail."));
    assert!(broken_hyphen(
        "Les Toulousains ont gagné après avoir été menés 13- 10 à la pause."
    ));
    assert!(!broken_hyphen(
        "Les Toulousains – menés à la pause – ont gagné."
    ));
}

#[test]
fn a_backslash_is_markup() {
    // procès seed 1 at stop 71: « trois ans d'in\-prison avec sursis » reached the article.
    let f = Facts::from_sentences(vec![
        "Le chef d'entreprise, Olivier Rinaldi, a été condamné à trois ans de prison avec sursis."
            .into(),
    ]);
    assert_eq!(
        judge(
            "Le chef d'entreprise a été condamné à trois ans d'in\\-prison avec sursis.",
            &f,
            &[],
            false
        ),
        Err(Rejection::Markup)
    );
}
