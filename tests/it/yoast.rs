//! `check` against Yoast's own analyzer: npm `yoastseo` (pinned in `tests/yoast/`, installed
//! once into redacteur's cache) runs its French researcher on the repo's articles, and each of
//! its verdicts is compared with the matching rule of `check --format json`. A difference that
//! the README's table "Where `check` and Yoast differ, and why" does not list fails the test,
//! and so does a listed one that no longer happens.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::{redacteur, repo_path};

/// Yoast's assessments and the rules of `check` that give the same verdict. Not compared:
/// the keyphrase's length and competing links (rules `check` does not have), and the SEO
/// title's width, which Yoast measures in pixels in the editor's browser.
const RULES: &[(&str, &str)] = &[
    ("introductionKeyword", "keyphrase-introduction"),
    ("keyphraseDensity", "keyphrase-density"),
    ("metaDescriptionKeyword", "keyphrase-description"),
    ("metaDescriptionLength", "description-length"),
    ("subheadingsKeyword", "keyphrase-subheadings"),
    ("keyphraseInSEOTitle", "keyphrase-title"),
    ("slugKeyword", "keyphrase-slug"),
    ("singleH1", "single-h1"),
    ("subheadingsTooLong", "section-length"),
    ("textParagraphTooLong", "paragraph-length"),
    ("textSentenceLength", "long-sentences"),
    ("textTransitionWords", "transition-words"),
    ("passiveVoice", "passive-voice"),
    ("sentenceBeginnings", "consecutive-beginnings"),
    ("textLength", "body-length"),
    ("externalLinks", "outbound-links"),
    ("internalLinks", "internal-links"),
    ("images", "images"),
    ("imageKeyphrase", "image-keyphrase"),
];

/// Share of verdicts that must agree (issue 22).
const AGREEMENT: f64 = 0.97;

/// A Node folder in redacteur's cache with `tests/yoast/package.json` installed from its lock.
fn yoastseo() -> PathBuf {
    crate::npm_folder("yoastseo-3.6.0", "tests/yoast").join("node_modules")
}

/// The articles compared: the hand-written fixture, the same with links and an image,
/// articles `write` produced, and two sources read as articles.
fn articles() -> Vec<PathBuf> {
    let mut out = vec![repo_path("tests/fixtures/tram-grenoble.md")];
    let mut written: Vec<PathBuf> = std::fs::read_dir(repo_path("tests/fixtures/yoast"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    written.sort();
    out.extend(written);
    out.push(repo_path("examples/velo-lyon.txt"));
    out.push(repo_path("examples/rugby-toulouse.txt"));
    out
}

/// Yoast's rating as `check` names its statuses.
fn status_of(rating: &str) -> &'static str {
    match rating {
        "good" => "ok",
        "ok" => "warn",
        _ => "fail",
    }
}

/// `(article, rule)` of each difference the README's table explains.
fn documented() -> BTreeSet<(String, String)> {
    let readme = std::fs::read_to_string(repo_path("README.md")).unwrap();
    let section = readme
        .split("\n## Where `check` and Yoast differ, and why\n")
        .nth(1)
        .expect("the README explains where check and Yoast differ");
    section
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<String> = l
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            (cells[2].clone(), cells[1].clone())
        })
        .collect()
}

fn verdicts(node_modules: &Path, article: &Path) -> (Vec<(String, String, String)>, Value) {
    let path = article.to_string_lossy();
    // Compared at Yoast's minimum length: the default of 700 words is the request's.
    let output = redacteur(&["check", &path, "--format", "json", "--min-words", "300"]);
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("check {path}: {e}: {output:?}"));
    let keyphrase = report["report"]["keyphrase"].as_str().unwrap().to_string();
    let output = Command::new("node")
        .arg(repo_path("tests/yoast/verdicts.js"))
        .args([path.as_ref(), keyphrase.as_str()])
        .env("NODE_PATH", node_modules)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "yoastseo on {path}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let yoast = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| {
            let field = |k: &str| v[k].as_str().unwrap().to_string();
            (field("id"), field("rating"), field("text"))
        })
        .collect();
    (yoast, report)
}

#[test]
fn check_gives_yoasts_verdicts_but_where_the_readme_says_why_not() {
    let node_modules = yoastseo();
    let (mut agree, mut total) = (0, 0);
    let mut differences = Vec::new();
    for article in articles() {
        let name = article.file_name().unwrap().to_string_lossy().into_owned();
        let (yoast, report) = verdicts(&node_modules, &article);
        for (id, rule) in RULES {
            let Some((_, rating, text)) = yoast.iter().find(|(y, _, _)| y == id) else {
                panic!("yoastseo gave no `{id}` on {name}");
            };
            let ours = report["report"]["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| f["rule"] == *rule)
                .unwrap_or_else(|| panic!("check gave no `{rule}` on {name}"));
            total += 1;
            let theirs = status_of(rating);
            if ours["status"] == theirs {
                agree += 1;
            } else {
                let line = format!(
                    "| `{rule}` | `{name}` | {theirs} | {} | Yoast: {text}; check: {} |",
                    ours["status"].as_str().unwrap(),
                    ours["message"].as_str().unwrap()
                );
                differences.push(((name.clone(), rule.to_string()), line));
            }
        }
    }
    let share = agree as f64 / total as f64;
    eprintln!("{agree} of {total} verdicts agree ({:.1} %)", share * 100.0);
    let documented = documented();
    let unexplained: Vec<&String> = differences
        .iter()
        .filter(|(key, _)| !documented.contains(key))
        .map(|(_, line)| line)
        .collect();
    assert!(
        unexplained.is_empty(),
        "differences the README does not explain:\n{}",
        unexplained
            .iter()
            .map(|l| l.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    let found: BTreeSet<(String, String)> = differences.into_iter().map(|(k, _)| k).collect();
    let stale: Vec<_> = documented.difference(&found).collect();
    assert!(
        stale.is_empty(),
        "the README explains differences that no longer happen: {stale:?}"
    );
    assert!(
        share >= AGREEMENT,
        "{agree} of {total} verdicts agree, under {AGREEMENT}"
    );
}
