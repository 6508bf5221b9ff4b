//! Criterion benches of the quantized matrix products, one weight type at a time: a
//! 32768 × 2048 matrix (four of Llama 3.2 1B's feed-forward matrices; 38-71 MB, more than the
//! last-level caches here, though hardly more for the 4-bit types: on a Zen 5 guest with
//! 32 MiB of L3, a Q4_0 matrix four times taller read 1.2× slower per byte, BENCHMARKS.md)
//! times one
//! token (decoding), times 4 (the writer's candidates decoded side by side) and times 64
//! tokens (prefill), with throughput in weight bytes, so that the types compare as
//! memory-bound products should: by bytes per second. `Q8_0Pairs` is the layout the
//! embedding takes when it is the output projection too.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use redacteur::kernels::{matmul, Bytes, Isa, QWeight, Quantized, WeightType};

const ROWS: usize = 32768;
const COLS: usize = 2048;

/// A matrix of `ty` with pseudo-random bytes; every f16 scale field reads as a small normal
/// number whatever the bytes, since the products' speed does not depend on the values.
fn matrix(ty: WeightType) -> QWeight {
    let len = ROWS * ty.row_bytes(COLS);
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // Bytes below 0x3c keep f16 scales (their high byte) finite and small.
            (state >> 56) as u8 % 0x3c
        })
        .collect();
    QWeight::new(ty, ROWS, COLS, Bytes::from_vec(bytes)).expect("a whole number of blocks")
}

fn products(c: &mut Criterion) {
    let isa = Isa::detected();
    let mut group = c.benchmark_group(format!("matmul {ROWS}x{COLS} ({})", isa.name()));
    group.sample_size(20);
    for ty in [
        WeightType::Q8_0,
        WeightType::Q5_0,
        WeightType::Q4K,
        WeightType::Q6K,
        WeightType::Q4_0,
        WeightType::Q4_1,
        WeightType::Q5_1,
        WeightType::Q5K,
        WeightType::Q3K,
        WeightType::Q8_0Pairs,
    ] {
        let w = matrix(ty);
        group.throughput(Throughput::Bytes((ROWS * w.row_bytes()) as u64));
        for tokens in [1, 4, 64] {
            let xs: Vec<f32> = (0..tokens * COLS).map(|i| (i % 17) as f32 - 8.0).collect();
            let mut acts = Quantized::default();
            acts.quantize(ty.activations(), &xs, COLS);
            let mut out = vec![0f32; tokens * ROWS];
            group.bench_function(format!("{ty:?} x{tokens}"), |b| {
                b.iter(|| matmul(isa, black_box(&w), black_box(&acts), &mut out))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, products);
criterion_main!(benches);
