//! `redacteur write` end to end with the real default model, as a user runs it.

use std::path::Path;
use std::process::Output;

use redacteur::text::{sentences, word_count, LanguageSignal};

use crate::{default_gguf, repo_path};

fn redacteur(args: &[&str]) -> Output {
    default_gguf(); // the cache is warm before the binary looks for the model
    crate::redacteur(args)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The front matter's value for `key` (a quoted scalar), if any.
fn front_matter_value(markdown: &str, key: &str) -> Option<String> {
    let block = markdown.strip_prefix("---\n")?.split("\n---\n").next()?;
    let line = block.lines().find(|l| l.starts_with(&format!("{key}:")))?;
    let value = line[key.len() + 1..].trim();
    Some(value.trim_matches('"').replace("\\\"", "\""))
}

fn body(markdown: &str) -> &str {
    markdown.splitn(3, "---\n").nth(2).unwrap_or("")
}

const SOURCE_URL: &str = "https://www.agence.example/velo-lyon";

fn write_example(dir: &Path, name: &str, seed: &str) -> (String, String) {
    let out = dir.join(name);
    let output = redacteur(&[
        "write",
        repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--seed",
        seed,
        "--date",
        "2026-11-24",
        "--source-url",
        SOURCE_URL,
        "--image",
        "/images/velo-lyon.jpg",
    ]);
    let log = stderr(&output);
    // Short of words, `write` says so and exits 1 with the whole article written: from a
    // short dispatch it may find fewer than 700 grounded words, and it never pads. How many
    // it finds depends on the sampled text, which differs between CPUs' arithmetic.
    if !output.status.success() {
        assert_eq!(output.status.code(), Some(1), "write failed: {log}");
        assert!(short_of_words(&log), "write failed: {log}");
    }
    (std::fs::read_to_string(out).unwrap(), log)
}

/// Whether `write` said the article is shorter than asked.
fn short_of_words(log: &str) -> bool {
    log.lines().any(|l| {
        l.starts_with("error: the article has ") && l.ends_with(" fewer than the 700 asked for")
    })
}

/// Body words the velo example must reach even when short of 700, over a writer that lost
/// its way (one that keeps nothing, or a heading alone). Since the gate reads who does what,
/// each rule it gains refuses sentences that reached the article before: over seeds 1, 2, 3
/// and 42 on an AMD Zen 5, 74–116 at stop 68 (`2e5a52d`) and 87–112 at stop 69, and 77 (as
/// this test counts them) at its seed 7 there at stop 69 (100 was asked until then).
const FLOOR_WORDS: usize = 60;

#[test]
fn writes_a_checked_french_seo_article() {
    let _cores = crate::all_cores();
    let dir = tempfile::tempdir().unwrap();
    let (article, log) = write_example(dir.path(), "a.md", "7");
    eprintln!("{log}\n{article}");

    // The device is said; a build without a GPU feature runs on the CPU without a word more.
    if !cfg!(any(feature = "cuda", feature = "metal")) {
        assert!(log.lines().any(|l| l == "device: cpu"), "{log}");
    }
    let title = front_matter_value(&article, "title").expect("title");
    let description = front_matter_value(&article, "description").expect("description");
    let slug = front_matter_value(&article, "slug").expect("slug");
    assert!(
        !title.is_empty() && title.chars().count() <= 60,
        "title `{title}`"
    );
    let n = description.chars().count();
    assert!(
        (120..=156).contains(&n),
        "description of {n} characters: `{description}`"
    );
    assert!(
        !slug.is_empty()
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "slug `{slug}`"
    );
    assert!(article.contains("keywords:\n  - \""), "keywords list");

    let body = body(&article);
    let lines: Vec<&str> = body.lines().collect();
    assert_eq!(
        lines.iter().filter(|l| l.starts_with("# ")).count(),
        1,
        "one H1"
    );
    assert!(
        lines.iter().filter(|l| l.starts_with("## ")).count() >= 3,
        "at least three H2"
    );
    crate::assert_no_heading_over_nothing(&lines);
    let prose: String = lines
        .iter()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    let words = word_count(&prose);
    assert!(words >= FLOOR_WORDS, "{words} body words");
    let counted: usize = log
        .lines()
        .find_map(|l| l.strip_prefix("article: ")?.split(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("an `article: N body words` line in {log}"));
    assert_eq!(
        short_of_words(&log),
        counted < 700,
        "{counted} body words\n{log}"
    );

    let signal = LanguageSignal::of(&prose);
    assert!(
        signal.french > 0.2 && signal.french > 5.0 * signal.english,
        "{signal:?}"
    );
    let all: Vec<String> = sentences(&prose.replace('\n', " "));
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "no sentence is repeated");
    assert!(
        log.contains("decode") && log.contains("tok/s") && log.contains("peak memory"),
        "statistics on stderr"
    );

    check_agrees_with_write(&dir.path().join("a.md"), &log);
    // The same article in HTML, and the same seed giving the same article, are the library
    // test's (`library::the_library_alone_writes_the_article_the_cli_writes`), on a shorter
    // article: a second run of 700 words here would double this test's time.
}

/// `redacteur check ARTICLE --source SOURCE --format json` (with `extra` flags): its report.
fn check_json(article: &Path, source: &Path, extra: &[&str]) -> serde_json::Value {
    let (article, source) = (article.to_str().unwrap(), source.to_str().unwrap());
    let mut args = vec!["check", article, "--source", source, "--format", "json"];
    args.extend_from_slice(extra);
    let output = redacteur(&args);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    json["report"].clone()
}

/// The finding of `rule` in a `check` report.
fn finding<'r>(report: &'r serde_json::Value, rule: &str) -> &'r serde_json::Value {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule)
        .unwrap_or_else(|| panic!("{rule}"))
}

/// Every line of a `write --trace` file, as JSON.
fn trace_lines(trace: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(trace)
        .expect("the trace is written")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// `redacteur check` on the written article gives the score `write` reported, and the rules
/// the program owns pass.
fn check_agrees_with_write(article: &Path, log: &str) {
    let report = &check_json(article, &repo_path("examples/velo-lyon.txt"), &[]);
    let finding = |rule: &str| finding(report, rule);
    let score = report["score"].as_u64().unwrap();
    let line = log
        .lines()
        .find(|l| l.starts_with("score: draft "))
        .unwrap_or_else(|| panic!("a score line in {log}"));
    let numbers: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    let (draft, last) = (numbers[0], numbers[2]);
    assert_eq!(score, last, "{line}");
    // Repairs never lower the score, but for a heading renamed because it named what its
    // section does not say: the draft's score counted that name as said (velo seed 7 at
    // `b7b7b57`: « La Chambre de commerce » over a section without it kept the source's
    // entity for `entities-kept`, 92 against 91 once renamed). Truth before score.
    let renamed = line.contains("which its section does not say");
    assert!(last >= draft || renamed, "{line}");
    for rule in [
        "keyphrase-title",
        "keyphrase-h1",
        "keyphrase-description",
        "keyphrase-slug",
        "title-length",
        "description-length",
        "slug-length",
        "single-h1",
        "subheadings",
        "language",
        "invented-figures",
        "repeated-sentences",
        "verbatim-copies",
        // The source's credit, and the image with the keyphrase in its description.
        "outbound-links",
        "images",
        "image-keyphrase",
    ] {
        let finding = finding(rule);
        assert_eq!(finding["status"], "ok", "{finding}");
    }
    // The keyphrase is in a subheading only where its section says it: never stamped before
    // one (« Places de stationnement : les associations de cyclistes », stop 74).
    let markdown = std::fs::read_to_string(article).unwrap();
    let front = |key: &str| {
        let line = markdown
            .lines()
            .find(|l| l.starts_with(&format!("{key}: ")));
        line.map(|l| l[key.len() + 2..].trim_matches('"').to_string())
    };
    let keyphrase = front("keyphrase").expect("a keyphrase in the front matter");
    for heading in markdown.lines().filter(|l| l.starts_with("## ")) {
        let stamped = heading[3..]
            .split_once(" : ")
            .is_some_and(|(lead, _)| lead.eq_ignore_ascii_case(&keyphrase));
        assert!(!stamped, "{heading}");
    }
    let length = finding("body-length");
    let ok = if short_of_words(log) { "fail" } else { "ok" };
    assert_eq!(length["status"], ok, "{length}");
}

#[test]
fn bad_inputs_fail_clearly_and_leave_the_output_alone() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n\n").unwrap();
    let out = dir.path().join("out.md");
    std::fs::write(&out, "a good article").unwrap();

    let output = redacteur(&[
        "write",
        empty.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("empty.txt") && stderr(&output).contains("no article text"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a good article");

    let missing = dir.path().join("missing.txt");
    let output = redacteur(&["write", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("missing.txt"),
        "{}",
        stderr(&output)
    );

    let output = redacteur(&[
        "write",
        repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        "-o",
        "/nonexistent-dir/x.md",
    ]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("does not exist"),
        "{}",
        stderr(&output)
    );

    // Addresses that are none: refused before the model loads, the output left alone.
    for (flag, value, said) in [
        (
            "--source-url",
            "agence.example/depeche",
            "http:// or https://",
        ),
        ("--image", "javascript:alert(1)", "a path of the site"),
    ] {
        let output = redacteur(&[
            "write",
            repo_path("examples/velo-lyon.txt").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--force",
            flag,
            value,
        ]);
        let log = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{log}");
        assert!(log.contains(flag) && log.contains(said), "{log}");
        assert!(!log.contains("device:"), "the model loaded: {log}");
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a good article");
    }

    let output = redacteur(&[
        "write",
        repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        "--language",
        "de",
    ]);
    assert!(!output.status.success());
    assert!(stderr(&output).contains("`de`"), "{}", stderr(&output));

    // A GPU this build lacks: refused when the arguments are read, naming the feature.
    if !cfg!(feature = "cuda") {
        let output = redacteur(&[
            "write",
            repo_path("examples/velo-lyon.txt").to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--force",
            "--device",
            "cuda:1",
        ]);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("--features cuda"),
            "{}",
            stderr(&output)
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a good article");
    }
}

#[test]
fn a_source_longer_than_the_context_allows_is_condensed_and_said_so() {
    let _cores = crate::all_cores();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("short-context.md");
    // The length asked is the floor any CPU's rewrite reaches: this test is about the
    // condensing (120 was asked until the gate read prepositions and a figure's phrase, at
    // `955e6b3`: 89 words on an AMD Zen 5).
    let floor = REWRITE_FLOOR_WORDS.to_string();
    let output = redacteur(&[
        "write",
        repo_path("examples/velo-lyon.txt").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--context",
        "1024",
        "--min-words",
        &floor,
        "--no-repair",
    ]);
    let log = stderr(&output);
    assert!(output.status.success(), "{log}");
    let warning = log
        .lines()
        .find(|l| l.starts_with("warning:") && l.contains("condensed"))
        .unwrap_or_else(|| panic!("no warning: {log}"));
    // The counts are the tokenizer's: more than half of 1,024 before, at most half after.
    let counts = &warning[warning.find("the source has").expect("counts")..];
    let numbers: Vec<usize> = counts
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect();
    // the source has T tokens, more than the B … context of C … its K … of N (U tokens)
    let [total, budget, context, kept, of, used] = numbers[..6] else {
        panic!("{warning}")
    };
    assert!(total > 512 && budget == 512 && context == 1024, "{warning}");
    assert!(kept < of && used <= 512, "{warning}");
    let article = std::fs::read_to_string(&out).unwrap();
    assert!(
        article.contains("\n# ") && article.matches("\n## ").count() >= 3,
        "{article}"
    );
}

/// Body words the rewrite of the rugby dispatch reaches whatever the CPU: 145–197 measured
/// before the likelihood floor, 93 after it on an AMD Zen 4 (AVX-512), as the floor refuses
/// about half of what the other rules pass. Still far over a writer that lost its way.
const REWRITE_FLOOR_WORDS: usize = 60;

/// `--method rewrite` writes only what the source supports: `check --source` finds the
/// sentences grounded, no quotation, figure or verbatim run the source lacks.
#[test]
fn the_rewrite_method_stays_within_its_source() {
    let _cores = crate::all_cores();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rewrite.md");
    let trace = dir.path().join("trace.jsonl");
    let source = repo_path("examples/rugby-toulouse.txt");
    let output = redacteur(&[
        "write",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--method",
        "rewrite",
        "--min-words",
        "180",
        "--seed",
        "1",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    let (log, written) = (stderr(&output), output.status.success());
    let article = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("no article: {log}"));
    eprintln!("{log}\n{article}");
    let report = check_json(&out, &source, &["--min-words", "180"]);
    let finding = |rule: &str| finding(&report, rule);
    for rule in [
        "grounded-sentences",
        "content-precision",
        "invented-quotes",
        "invented-figures",
        "verbatim-copies",
        "unknown-words",
    ] {
        assert_eq!(finding(rule)["status"], "ok", "{}", finding(rule));
    }
    // 180 words of this 218-word dispatch is what the model may reach, not what it must: seed 1
    // found 197 grounded words on an AMD Zen 3 and 191 on an Intel Xeon with the AVX2 kernels,
    // 145 with the AVX-512 ones (Intel Xeon, AMD Zen 4), which add in another order; 93 on
    // Zen 4 since the likelihood floor. Short of it, `write` says so and fails, the article
    // written all the same, and `check` agrees.
    let words = finding("body-length")["value"].as_f64().expect("a count") as usize;
    match written {
        true => assert_eq!(finding("body-length")["status"], "ok", "{log}"),
        false => assert!(
            log.contains(&format!(
                "error: the article has {words} body words, fewer than the 180 asked for"
            )),
            "write failed otherwise: {log}"
        ),
    }
    assert!(words >= REWRITE_FLOOR_WORDS, "{words} words: {log}");
    // Where the tokens went: the kept candidates' share leads the tally, and it is not nil.
    let tally = log
        .lines()
        .find_map(|l| l.strip_prefix("tokens: "))
        .unwrap_or_else(|| panic!("no tally of the tokens: {log}"));
    let kept: usize = tally
        .split_once("generated: ")
        .and_then(|(_, rest)| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{tally}"));
    assert!(kept > 0 && tally.contains(" kept; the rest: "), "{tally}");
    // The key facts and the questions are there, and the program wrote none of the prose.
    assert!(article.contains("\n## L'essentiel\n\n- "), "{article}");
    assert!(log.contains("program-written: 0 of "), "{log}");
    // The trace: every candidate, its tokens summing to those the rewrites generated, and
    // the sentences taken, which the article says (unless the repair wrote over them).
    let lines = trace_lines(&trace);
    let candidates: Vec<&serde_json::Value> =
        lines.iter().filter(|l| l["event"] == "candidate").collect();
    assert!(candidates.len() > 10, "{} candidates", candidates.len());
    for c in &candidates {
        assert!(
            c["source"]
                .as_str()
                .unwrap()
                .ends_with("rugby-toulouse.txt"),
            "{c}"
        );
        assert!(c["fact"].as_str().is_some_and(|f| !f.is_empty()), "{c}");
        assert!(
            c["tokens"].as_u64().is_some() && c["passed"].is_array(),
            "{c}"
        );
    }
    // Each sentence the other rules passed has the model's likelihood, a log-probability;
    // the sentences taken are all at or over the floor, and some were refused under it.
    for c in &candidates {
        let logprobs = c["logprobs"].as_array().unwrap_or_else(|| panic!("{c}"));
        assert!(
            logprobs.len() >= c["passed"].as_array().unwrap().len(),
            "{c}"
        );
        for (i, l) in logprobs.iter().enumerate() {
            // A sentence the text holds otherwise than the gate read it has none.
            let Some(l) = l.as_f64() else { continue };
            assert!(l <= 0.0 && l > -30.0, "{c}");
            if i < c["passed"].as_array().unwrap().len() {
                assert!(l >= -1.0, "a sentence under the floor was passed: {c}");
            }
        }
    }
    assert!(
        candidates.iter().any(|c| c["refused"]
            .as_str()
            .is_some_and(|r| r.starts_with("the model found it unlikely"))),
        "no sentence refused as unlikely"
    );
    let refused = candidates
        .iter()
        .filter(|c| c["refused"].is_string())
        .count();
    assert!(
        refused > 0 && refused < candidates.len(),
        "{refused} refused"
    );
    let taken: Vec<&str> = lines
        .iter()
        .filter(|l| l["event"] == "fact")
        .filter_map(|l| l["taken"].as_array())
        .flatten()
        .filter_map(|s| s.as_str())
        .collect();
    let said = taken.iter().filter(|s| article.contains(**s)).count();
    assert!(
        said * 2 >= taken.len() && said > 0,
        "{said} of {} taken are in the article",
        taken.len()
    );
}

/// With `--retractions 2`, a candidate whose sentence is doomed takes back the word that
/// doomed it and writes another in its place, twice at most: the trace names each word taken
/// back and why, and what the article keeps still passes the grounding rules.
#[test]
fn a_doomed_word_is_taken_back_for_another() {
    let _cores = crate::all_cores();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("retracted.md");
    let trace = dir.path().join("trace.jsonl");
    let source = repo_path("examples/velo-lyon.txt");
    let output = redacteur(&[
        "write",
        source.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--min-words",
        "60",
        "--seed",
        "1",
        "--retractions",
        "2",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    let log = stderr(&output);
    let article = std::fs::read_to_string(&out).unwrap_or_else(|_| panic!("no article: {log}"));
    let candidates: Vec<serde_json::Value> = trace_lines(&trace)
        .into_iter()
        .filter(|l| l["event"] == "candidate")
        .collect();
    let retracted: Vec<&str> = candidates
        .iter()
        .flat_map(|c| c["retracted"].as_array().unwrap_or_else(|| panic!("{c}")))
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        candidates
            .iter()
            .all(|c| c["retracted"].as_array().unwrap().len() <= 2),
        "a candidate took more than two words back"
    );
    // Each is a word and, in brackets, the gate's reason (« pistes (figure `250 piste` is
    // not in the source) »); two words the source says apart are not taken back.
    assert!(
        retracted.len() > 5,
        "{} words taken back: {log}",
        retracted.len()
    );
    for r in &retracted {
        let (word, reason) = r.split_once(" (").unwrap_or_else(|| panic!("{r}"));
        assert!(!word.is_empty() && reason.ends_with(')'), "{r}");
        assert!(!reason.contains("the source apart"), "{r}");
    }
    let report = check_json(&out, &source, &[]);
    for rule in ["grounded-sentences", "invented-figures", "unknown-words"] {
        let finding = finding(&report, rule);
        assert_eq!(finding["status"], "ok", "{finding}\n{article}");
    }
}
