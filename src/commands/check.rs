//! `redacteur check`: the SEO, readability and source checks of an article, for people or
//! tools.

use anyhow::{bail, Context, Result};

use crate::article::decode::decode;
use crate::article::{Facts, SourceArticle};
use crate::cli::{CheckArgs, ReportFormat};
use crate::seo::{self, CheckConfig, Document};

pub fn check(args: &CheckArgs) -> Result<()> {
    // Read as sources are: UTF-8, UTF-16 or Latin-1 (said), binary refused by name.
    let bytes = std::fs::read(&args.article)
        .with_context(|| format!("reading `{}`", args.article.display()))?;
    let decoded = decode(&bytes, &args.article.display().to_string())?;
    if let Some(conversion) = &decoded.conversion {
        eprintln!("warning: {conversion}");
    }
    let document = Document::from_text(&decoded.text, &args.article);
    if document.blocks.is_empty() {
        bail!(
            "`{}` has no headings or paragraphs to check",
            args.article.display()
        );
    }
    let facts = match &args.source {
        Some(path) => Some(Facts::from_sentences(
            SourceArticle::read(path)?.sentences(),
        )),
        None => None,
    };
    let config = CheckConfig {
        keyphrase: args.keyphrase.clone(),
        min_words: args.min_words,
        min_sections: args.min_sections,
    };
    let report = seo::check(&document, facts.as_ref(), &config);
    let out = match args.format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&serde_json::json!({
                "file": args.article.display().to_string(),
                "source": args.source.as_ref().map(|p| p.display().to_string()),
                "report": report,
            }))
            .context("serialising the report")?;
            json.push('\n');
            json
        }
    };
    super::print_stdout(&out)?;
    let failed = report.failures().count();
    if args.strict && failed > 0 {
        bail!(
            "{failed} rules fail in `{}` (--strict)",
            args.article.display()
        );
    }
    Ok(())
}
