//! `redacteur check` as a user runs it, the HTML rendering read back, and the checker on
//! arbitrary input (property tests).

use proptest::prelude::*;
use redacteur::facts::Facts;
use redacteur::render::{self, Publication};
use redacteur::seo::{self, CheckConfig, Document, Rule, Status};
use redacteur::writer::{Article, Question, Section};

use crate::{redacteur, repo_path};

fn fixture(name: &str) -> String {
    repo_path(&format!("tests/fixtures/{name}"))
        .to_string_lossy()
        .into_owned()
}

#[test]
fn check_reports_rules_as_text_and_json() {
    let article = fixture("tram-grenoble.md");
    let source = fixture("tram-grenoble-source.txt");
    let output = redacteur(&["check", &article, "--source", &source, "--min-words", "80"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.starts_with("SEO score "), "{text}");
    assert!(text.contains("keyphrase-title"), "{text}");

    let output = redacteur(&[
        "check",
        &article,
        "--source",
        &source,
        "--min-words",
        "80",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    let report = &json["report"];
    assert_eq!(report["keyphrase"], "tramway de Grenoble");
    let status = |rule: &str| {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule} in {report}"))["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // « Tramway à Grenoble : … » is not « tramway de Grenoble » as written: Yoast's exact
    // match wants it, and gives the title an orange light.
    assert_eq!(status("keyphrase-title"), "warn");
    for rule in [
        "keyphrase-h1",
        "keyphrase-introduction",
        "keyphrase-description",
        "keyphrase-slug",
        "description-length",
        "title-length",
        "slug-length",
        "single-h1",
        "subheadings",
        "body-length",
        "language",
        "invented-figures",
        "repeated-sentences",
        "verbatim-copies",
        "consecutive-beginnings",
        "other-words",
        "grammar",
    ] {
        assert_eq!(status(rule), "ok", "{rule}: {report}");
    }
    // 1 of 3 subheadings carries the keyphrase: 33.3 %, inside 30–75 %.
    assert_eq!(status("keyphrase-subheadings"), "ok");
    // Three passive sentences out of 13 (`a été inaugurée`, `a été retardé`, `a été tenu`),
    // and 3 subheadings, which Yoast counts among the sentences: 3 of 16, as Yoast gives it.
    let passive = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "passive-voice")
        .unwrap();
    assert_eq!(passive["value"], 18.8, "{passive}");
    assert_eq!(passive["status"], "fail");
    assert_eq!(passive["locations"].as_array().unwrap().len(), 3);
    assert!(passive["locations"][0]["line"].as_u64().is_some());

    // The default minimum of 700 words fails the body length, and --strict says so.
    let output = redacteur(&["check", &article, "--strict"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("tram-grenoble.md") && stderr.contains("--strict"),
        "{stderr}"
    );
}

#[test]
fn a_latin1_article_is_checked_as_its_utf8_twin_and_a_binary_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = std::fs::read_to_string(fixture("tram-grenoble.md")).unwrap();
    let latin1: Vec<u8> = markdown
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect();
    let twin: String = latin1.iter().map(|&b| char::from(b)).collect();
    let (a, b) = (dir.path().join("latin1.md"), dir.path().join("utf8.md"));
    std::fs::write(&a, &latin1).unwrap();
    std::fs::write(&b, twin).unwrap();
    let check = |path: &std::path::Path| redacteur(&["check", path.to_str().unwrap()]);
    let (converted, plain) = (check(&a), check(&b));
    assert!(converted.status.success(), "{converted:?}");
    assert!(
        String::from_utf8_lossy(&converted.stderr).contains("read as Latin-1"),
        "{converted:?}"
    );
    assert_eq!(converted.stdout, plain.stdout, "the same report");

    let pdf = dir.path().join("a.pdf");
    std::fs::write(&pdf, b"%PDF-1.7 binary").unwrap();
    let output = check(&pdf);
    assert!(!output.status.success());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("is a PDF document"),
        "{output:?}"
    );
}

#[test]
fn check_names_a_missing_file() {
    let output = redacteur(&["check", "/nonexistent/article.md"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("/nonexistent/article.md"), "{stderr}");
}

fn article() -> Article {
    Article {
        title: "Le tramway de Grenoble ouvre la ligne F".into(),
        seo_title: "Tramway de Grenoble : la ligne F ouvre".into(),
        description: "Le tramway de Grenoble gagne une ligne « F » & relie la gare au campus."
            .into(),
        slug: "tramway-grenoble-ligne-f".into(),
        keyphrase: "tramway de Grenoble".into(),
        keywords: vec!["tramway de Grenoble".into(), "ligne F".into()],
        intro: vec!["La ligne F relie la gare au campus <en vingt minutes>.".into()],
        sections: vec![
            Section {
                heading: "Une ligne pour le campus".into(),
                paragraphs: vec![
                    "Les étudiants l'attendaient.".into(),
                    "Le chantier a duré.".into(),
                ],
            },
            Section {
                heading: "Le coût & l'audit".into(),
                paragraphs: vec!["Le projet a coûté 300 millions d'euros.".into()],
            },
        ],
        essentials: vec!["La ligne F relie la gare au campus.".into()],
        faq: vec![Question {
            question: "Combien a coûté la ligne F ?".into(),
            answer: "Le chantier a coûté 300 millions d'euros.".into(),
        }],
        image: Some(redacteur::document::Image {
            src: "https://cdn.example/tram.jpg?w=800&h=600".into(),
            alt: "Une rame « F » & la gare".into(),
        }),
        credit: Some(
            redacteur::document::Credit::new("https://agence.example/depeche?id=1&x=2").unwrap(),
        ),
    }
}

#[test]
fn html_output_reads_back_as_the_markdown_does() {
    let publication = Publication {
        date: "2026-11-24".into(),
        base_url: Some("https://exemple.fr/actu".into()),
        source_url: Some("https://agence.example/depeche?id=1&x=2".into()),
    };
    let html = render::html(&article(), &publication);
    let from_html = Document::from_html(&html);
    let from_markdown = Document::from_markdown(&render::markdown(&article(), &publication));
    let texts = |d: &Document| -> Vec<(redacteur::document::BlockKind, String)> {
        d.blocks.iter().map(|b| (b.kind, b.text.clone())).collect()
    };
    assert_eq!(texts(&from_html), texts(&from_markdown));
    assert_eq!(from_html.metadata.title, from_markdown.metadata.title);
    assert_eq!(
        from_html.metadata.description,
        from_markdown.metadata.description
    );
    assert_eq!(
        from_html.metadata.slug.as_deref(),
        Some("tramway-grenoble-ligne-f")
    );
    assert_eq!(from_html.metadata.keywords, from_markdown.metadata.keywords);
    assert_eq!(from_html.links, ["https://agence.example/depeche?id=1&x=2"]);
    assert_eq!(from_html.links, from_markdown.links);
    assert_eq!(from_html.images, from_markdown.images);
    assert_eq!(from_html.images[0].alt, "Une rame « F » & la gare");

    // The JSON-LD parses and says what it must.
    let start = html.find("application/ld+json\">").unwrap() + "application/ld+json\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    let ld: serde_json::Value = serde_json::from_str(&html[start..end]).expect("JSON-LD");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["inLanguage"], "fr");
    assert_eq!(ld["headline"], "Tramway de Grenoble : la ligne F ouvre");
    assert_eq!(ld["datePublished"], "2026-11-24");
    assert_eq!(ld["keywords"], "tramway de Grenoble, ligne F");
    assert_eq!(
        ld["isBasedOn"]["url"],
        "https://agence.example/depeche?id=1&x=2"
    );
    assert_eq!(ld["image"], "https://cdn.example/tram.jpg?w=800&h=600");
    assert!(html.contains(
        "<link rel=\"canonical\" href=\"https://exemple.fr/actu/tramway-grenoble-ligne-f/\">"
    ));
    assert!(html.contains("<meta property=\"og:title\""));

    // The questions are a FAQPage of their own.
    let marker = "application/ld+json\">";
    let start = html.rfind(marker).unwrap() + marker.len();
    let end = html[start..].find("</script>").unwrap() + start;
    let faq: serde_json::Value = serde_json::from_str(&html[start..end]).expect("FAQ JSON-LD");
    assert_eq!(faq["@type"], "FAQPage");
    assert_eq!(faq["mainEntity"][0]["name"], "Combien a coûté la ligne F ?");
    assert_eq!(
        faq["mainEntity"][0]["acceptedAnswer"]["text"],
        "Le chantier a coûté 300 millions d'euros."
    );

    // The JSON output carries every field.
    let json: serde_json::Value = serde_json::from_str(&render::json(
        &article(),
        &publication,
        serde_json::json!({"check": 1}),
    ))
    .unwrap();
    assert_eq!(json["slug"], "tramway-grenoble-ligne-f");
    assert_eq!(json["sections"][1]["heading"], "Le coût & l'audit");
    assert_eq!(json["check"], 1);
    assert_eq!(json["essentials"][0], "La ligne F relie la gare au campus.");
    assert_eq!(json["faq"][0]["question"], "Combien a coûté la ligne F ?");
}

/// French-looking text with the characters that parsers trip on.
fn frenchish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Le".to_string()),
        Just("été".to_string()),
        Just("a été signé".to_string()),
        Just("Cependant,".to_string()),
        Just("l'État".to_string()),
        Just("3,5 %".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("# ".to_string()),
        Just("## ".to_string()),
        Just("---\n".to_string()),
        Just("+++\n".to_string()),
        Just("title: \"".to_string()),
        Just("<p>".to_string()),
        Just("</h2>".to_string()),
        Just(". ".to_string()),
        Just("« ".to_string()),
        Just("…".to_string()),
        Just("-".to_string()),
        Just("'".to_string()),
        "[a-zA-Zéèàçœ]{1,12}",
        "[0-9]{1,6}",
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(piece, 0..80).prop_map(|p| p.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_checker_never_panics(text in frenchish(), raw in any::<String>(), keyphrase in "[a-zé ]{0,20}") {
        let facts = Facts::from_sentences(redacteur::text::sentences(&raw));
        let config = CheckConfig { keyphrase: Some(keyphrase), ..CheckConfig::default() };
        for input in [&text, &raw] {
            for document in [Document::from_markdown(input), Document::from_html(input)] {
                let report = seo::check(&document, Some(&facts), &config);
                prop_assert!(report.score <= 100);
                prop_assert!(!report.to_text().is_empty());
                let rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
                prop_assert!(Rule::ALL.iter().filter(|r| r.needs_source()).all(|r| rules.contains(r)));
                let report = seo::check(&document, None, &CheckConfig::default());
                // Without a source, no rule that needs one; each rule judged once; the score
                // is the weighted share of credit (ok 1, warn 0.5, fail 0), under any cap.
                prop_assert!(report.findings.iter().all(|f| !f.rule.needs_source()));
                let mut rules: Vec<Rule> = report.findings.iter().map(|f| f.rule).collect();
                rules.sort();
                let judged = rules.len();
                rules.dedup();
                prop_assert_eq!(rules.len(), judged);
                let total: u32 = report.findings.iter().map(|f| f.weight).sum();
                let earned: f64 = report.findings.iter().map(|f| f.weight as f64 * match f.status {
                    Status::Ok => 1.0,
                    Status::Warn => 0.5,
                    Status::Fail => 0.0,
                }).sum();
                prop_assert!(total > 0);
                let share = (100.0 * earned / total as f64).round() as u32;
                prop_assert_eq!(report.uncapped_score, share);
                // A failed rule that caps (a body under half its length) lowers it to the cap.
                let cap = report.findings.iter().filter(|f| f.status == Status::Fail).filter_map(|f| f.caps_score_at).min();
                prop_assert_eq!(report.score, cap.map_or(share, |cap| cap.min(share)));
            }
        }
    }
}
