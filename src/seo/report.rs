//! The result of checking an article: findings (rule, status, measured value, threshold,
//! where), a score out of 100, and their rendering for people.

use serde::Serialize;
use serde_json::Value;

use super::rule::Rule;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Fail,
    Warn,
    Ok,
}

impl Status {
    /// `Ok` when `passed`, else `Fail`: the verdict of a rule with no middle ground.
    pub fn pass_if(passed: bool) -> Self {
        match passed {
            true => Self::Ok,
            false => Self::Fail,
        }
    }

    fn credit(self) -> f64 {
        match self {
            Self::Ok => 1.0,
            Self::Warn => 0.5,
            Self::Fail => 0.0,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Warn => "warn",
            Self::Fail => "FAIL",
        }
    }
}

/// Where a finding applies: a line of the file when known, the section, and the words.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    pub excerpt: String,
}

impl Location {
    pub fn new(line: Option<usize>, section: Option<&str>, text: &str) -> Self {
        Self {
            line,
            section: section.map(str::to_string),
            excerpt: super::cut_at_word(text, 80, true),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule; its stable id (e.g. `keyphrase-density`) is what JSON carries.
    pub rule: Rule,
    pub status: Status,
    /// What was measured (a number, a share, a text).
    pub value: Value,
    /// The threshold the value is judged against, in words.
    pub threshold: String,
    pub message: String,
    /// How much the rule counts in the score.
    pub weight: u32,
    /// The most the score may be while this rule fails (an article that says what its
    /// source does not is not publishable, however well it is laid out).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caps_score_at: Option<u32>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// The text report lists every location, not the first five (each is a fault the
    /// editor must see).
    #[serde(skip)]
    pub list_all: bool,
}

impl Finding {
    pub fn new(
        rule: Rule,
        status: Status,
        value: impl Into<Value>,
        threshold: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            rule,
            status,
            value: value.into(),
            threshold: threshold.into(),
            message: message.into(),
            weight: 1,
            caps_score_at: None,
            locations: Vec::new(),
            list_all: false,
        }
    }

    /// Lists every location in the text report.
    pub fn list_all(mut self) -> Self {
        self.list_all = true;
        self
    }

    /// Caps the report's score at `cap` while this rule fails.
    pub fn caps_score_at(mut self, cap: u32) -> Self {
        self.caps_score_at = Some(cap);
        self
    }

    pub fn weight(mut self, weight: u32) -> Self {
        self.weight = weight;
        self
    }

    pub fn at(mut self, locations: Vec<Location>) -> Self {
        self.locations = locations;
        self
    }
}

/// A share rounded for display and JSON (0.1234 -> 12.3).
pub fn percent(part: usize, whole: usize) -> f64 {
    match whole {
        0 => 0.0,
        _ => (1000.0 * part as f64 / whole as f64).round() / 10.0,
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeoReport {
    pub keyphrase: String,
    /// Where the keyphrase came from: `flag`, `front matter`, `keywords` or `derived`.
    pub keyphrase_origin: &'static str,
    pub score: u32,
    /// The weighted share of credit before any cap: what the rules that do not cap say of
    /// the article, which ranks two articles under the same cap.
    pub uncapped_score: u32,
    /// The failed rule that capped the score, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped_by: Option<Rule>,
    pub findings: Vec<Finding>,
}

impl SeoReport {
    pub fn new(keyphrase: String, keyphrase_origin: &'static str, findings: Vec<Finding>) -> Self {
        let total: u32 = findings.iter().map(|f| f.weight).sum();
        let earned: f64 = findings
            .iter()
            .map(|f| f.weight as f64 * f.status.credit())
            .sum();
        let uncapped_score = match total {
            0 => 0,
            _ => (100.0 * earned / total as f64).round() as u32,
        };
        let mut score = uncapped_score;
        let cap = findings
            .iter()
            .filter(|f| f.status == Status::Fail)
            .filter_map(|f| f.caps_score_at.map(|c| (c, f.rule)))
            .min();
        let mut capped_by = None;
        if let Some((cap, rule)) = cap.filter(|(cap, _)| *cap < score) {
            score = cap;
            capped_by = Some(rule);
        }
        Self {
            keyphrase,
            keyphrase_origin,
            score,
            uncapped_score,
            capped_by,
            findings,
        }
    }

    /// The scored rules that fail: an informational rule (weight 0: the reading ease, links
    /// and images) fails neither the score nor `--strict`.
    pub fn failures(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.status == Status::Fail && f.weight > 0)
    }

    pub fn status_of(&self, rule: Rule) -> Option<Status> {
        self.findings
            .iter()
            .find(|f| f.rule == rule)
            .map(|f| f.status)
    }

    pub fn count(&self, status: Status) -> usize {
        self.findings.iter().filter(|f| f.status == status).count()
    }

    /// The report for people: one line per rule, worst first, with where it applies.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "SEO score {}/100 ({} ok, {} warn, {} fail); focus keyphrase `{}` ({})\n",
            self.score,
            self.count(Status::Ok),
            self.count(Status::Warn),
            self.count(Status::Fail),
            self.keyphrase,
            self.keyphrase_origin
        );
        if let Some(rule) = self.capped_by {
            out.push_str(&format!(
                "score capped at {} because `{rule}` fails ({} without the cap)\n",
                self.score, self.uncapped_score
            ));
        }
        let mut findings: Vec<&Finding> = self.findings.iter().collect();
        findings.sort_by_key(|f| f.status);
        for f in findings {
            let value = match &f.value {
                Value::String(s) => format!("`{s}`"),
                v => v.to_string(),
            };
            out.push_str(&format!(
                "{:<4}  {:<24} {} (value {value}; wanted {}{})\n",
                f.status.label(),
                f.rule,
                f.message,
                f.threshold,
                match f.weight {
                    0 => "; not scored",
                    _ => "",
                }
            ));
            let shown = if f.list_all { f.locations.len() } else { 5 };
            for location in f.locations.iter().take(shown) {
                let mut place = Vec::new();
                if let Some(line) = location.line {
                    place.push(format!("line {line}"));
                }
                if let Some(section) = &location.section {
                    place.push(format!("in « {section} »"));
                }
                out.push_str(&format!(
                    "{:32}{}{}« {} »\n",
                    "",
                    place.join(", "),
                    if place.is_empty() { "" } else { ": " },
                    location.excerpt
                ));
            }
            if f.locations.len() > shown {
                out.push_str(&format!(
                    "{:32}… and {} more\n",
                    "",
                    f.locations.len() - shown
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_weighs_ok_warn_and_fail() {
        let report = SeoReport::new(
            "vélo".into(),
            "flag",
            vec![
                Finding::new(Rule::Loops, Status::Ok, 1, "x", "m").weight(2),
                Finding::new(Rule::Language, Status::Warn, 1, "x", "m"),
                Finding::new(Rule::SingleH1, Status::Fail, 1, "x", "m"),
                Finding::new(Rule::Images, Status::Fail, 0, "x", "m").weight(0),
            ],
        );
        // (2 × 1 + 0.5 + 0) / 4 = 62.5 %; the informational rule neither scores nor fails.
        assert_eq!(report.score, 63);
        assert_eq!(report.failures().count(), 1);
        assert!(report.to_text().starts_with("SEO score 63/100"));
    }

    #[test]
    fn a_failed_capping_rule_caps_the_score() {
        let ok = |rule| Finding::new(rule, Status::Ok, 1, "x", "m").weight(10);
        let capping =
            |status| Finding::new(Rule::GroundedSentences, status, 1, "x", "m").caps_score_at(70);
        let failed = SeoReport::new(
            "vélo".into(),
            "flag",
            vec![ok(Rule::Loops), ok(Rule::Language), capping(Status::Fail)],
        );
        // 20 of 21 weighted points: 95 before the cap.
        assert_eq!(
            (failed.score, failed.uncapped_score, failed.capped_by),
            (70, 95, Some(Rule::GroundedSentences))
        );
        assert!(
            failed
                .to_text()
                .contains("capped at 70 because `grounded-sentences` fails (95 without"),
            "{}",
            failed.to_text()
        );
        let passed = SeoReport::new(
            "vélo".into(),
            "flag",
            vec![ok(Rule::Loops), capping(Status::Ok)],
        );
        assert_eq!((passed.score, passed.capped_by), (100, None));
    }
}
