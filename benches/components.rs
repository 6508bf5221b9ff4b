//! Criterion benches of the parts around the model: the tokenizer on French text, the sampler
//! on a real-size logits vector, and the SEO checks on a 1,000-word article.

use std::hint::black_box;

use candle_core::{Device, Tensor};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redacteur::catalogue::ModelSpec;
use redacteur::facts::Facts;
use redacteur::hub::{self, FetchConfig};
use redacteur::sampling::{Sampler, SamplingConfig};
use redacteur::seo::{self, CheckConfig, Document};
use redacteur::tokenizer::TextTokenizer;

fn french_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/tokenizer-parity-fr.txt"
    );
    std::fs::read_to_string(path).expect("the French fixture")
}

fn tokenizer(c: &mut Criterion) {
    let gguf = hub::fetch(
        &ModelSpec::default_model(),
        &FetchConfig::from_env(),
        &mut |m| eprintln!("{m}"),
    )
    .expect("the default model");
    let tokenizer = TextTokenizer::from_gguf(&gguf).expect("its tokenizer");
    let text = french_text();
    let ids = tokenizer.encode_plain(&text).unwrap();
    let mut group = c.benchmark_group("tokenizer");
    group.throughput(Throughput::Elements(ids.len() as u64));
    group.bench_function("encode French text (tokens)", |b| {
        b.iter(|| tokenizer.encode_plain(black_box(&text)).unwrap())
    });
    group.bench_function("decode French text (tokens)", |b| {
        b.iter(|| tokenizer.decode(black_box(&ids)).unwrap())
    });
    group.finish();
}

fn sampler(c: &mut Criterion) {
    const VOCAB: usize = 262_144;
    let values: Vec<f32> = (0..VOCAB)
        .map(|i| ((i as f32 * 0.618_034).fract() - 0.5) * 20.0)
        .collect();
    let logits = Tensor::from_vec(values, VOCAB, &Device::Cpu).unwrap();
    let history: Vec<u32> = (0..256).map(|i| i * 997 % VOCAB as u32).collect();
    let mut group = c.benchmark_group("sampler");
    group.throughput(Throughput::Elements(VOCAB as u64));
    let mut sampler = Sampler::new(&SamplingConfig::default());
    group.bench_function("top-k, top-p, repeat penalty over 262,144 logits", |b| {
        b.iter(|| sampler.sample(black_box(&logits), &history).unwrap())
    });
    let raw = logits.to_vec1::<f32>().unwrap();
    group.bench_function("log-probability of a token over 262,144 logits", |b| {
        b.iter(|| redacteur::sampling::log_probability(black_box(&raw), 77))
    });
    let mut greedy = Sampler::new(&SamplingConfig::greedy());
    group.bench_function("greedy over 262,144 logits", |b| {
        b.iter(|| greedy.sample(black_box(&logits), &history).unwrap())
    });
    group.finish();
}

/// A 1,000-word article in Markdown, made of the fixture's sentences, and its source facts.
fn article() -> (String, Facts) {
    let text = french_text();
    let sentences: Vec<String> = text
        .split_inclusive(['.', '!', '?'])
        .map(|s| s.trim().replace(['\n', '#', '-', '*'], " "))
        .filter(|s| s.split_whitespace().count() >= 6)
        .collect();
    let mut markdown = String::from(
        "---\ntitle: \"Vélo à Lyon : un plan de 120 millions d'euros\"\n\
         description: \"La Métropole de Lyon veut doubler la place du vélo d'ici à 2030 avec 250 kilomètres de pistes cyclables et 15 000 places de stationnement.\"\n\
         slug: \"velo-lyon-plan\"\nkeyphrase: \"vélo\"\n---\n\n# Vélo à Lyon : un plan de 120 millions d'euros\n\n",
    );
    let mut words = 0;
    for (i, sentence) in sentences.iter().enumerate() {
        if words >= 1_000 {
            break;
        }
        if i % 8 == 7 {
            markdown.push_str(&format!("\n\n## Partie {}\n\n", i / 8));
        }
        markdown.push_str(sentence);
        markdown.push(' ');
        words += sentence.split_whitespace().count();
    }
    let facts = Facts::from_sentences(sentences.iter().take(40).cloned().collect());
    (markdown, facts)
}

fn checks(c: &mut Criterion) {
    let (markdown, facts) = article();
    let document = Document::from_markdown(&markdown);
    let config = CheckConfig {
        keyphrase: None,
        min_words: 700,
        min_sections: 3,
    };
    let mut group = c.benchmark_group("seo");
    group.throughput(Throughput::Elements(1_000));
    group.bench_function("check a 1,000-word article (words)", |b| {
        b.iter(|| seo::check(black_box(&document), None, &config))
    });
    group.bench_function(
        "check a 1,000-word article against its source (words)",
        |b| b.iter(|| seo::check(black_box(&document), Some(&facts), &config)),
    );
    group.finish();
}

criterion_group!(benches, tokenizer, sampler, checks);
criterion_main!(benches);
