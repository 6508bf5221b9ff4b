//! Criterion benches of the default model: a 512-token prefill from an empty cache, and one
//! decode step after a 512-token context (what `redacteur bench` reports as pp512 / tg).

use std::hint::black_box;

use candle_core::Device;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redacteur::bench::speed::random_tokens;
use redacteur::catalogue::ModelSpec;
use redacteur::hub::{self, FetchConfig};
use redacteur::model::Model;

fn model(c: &mut Criterion) {
    let gguf = hub::fetch(
        &ModelSpec::default_model(),
        &FetchConfig::from_env(),
        &mut |m| eprintln!("{m}"),
    )
    .expect("the default model");
    let mut model = Model::load(&gguf, 1024, &Device::Cpu).expect("the default model loads");
    let prompt = random_tokens(512, 262_144);
    let mut group = c.benchmark_group("gemma-3-270m");
    group.sample_size(10);
    group.throughput(Throughput::Elements(512));
    group.bench_function("prefill 512 tokens", |b| {
        b.iter(|| {
            model.clear_cache();
            model.forward(black_box(&prompt), 0).unwrap()
        })
    });
    model.clear_cache();
    model.forward(&prompt, 0).unwrap();
    group.throughput(Throughput::Elements(1));
    group.bench_function("decode one token after 512", |b| {
        // The same position each time: the step overwrites its own cache slot.
        b.iter(|| model.forward(black_box(&[42]), 512).unwrap())
    });
    group.finish();
}

criterion_group!(benches, model);
criterion_main!(benches);
