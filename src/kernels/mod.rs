//! Quantized matrix products on the CPU: weight rows kept as the GGUF stores them (memory-mapped),
//! activations quantized to 8 bits on the fly, SIMD paths chosen at run time (AVX-512 VNNI,
//! AVX2, or portable code), rows shared out over the thread pool.

pub mod activation;
#[cfg(target_arch = "x86_64")]
mod avx512;
pub mod blocks;
mod decode;
pub mod float;
#[cfg(target_arch = "x86_64")]
mod one_token;
#[cfg(target_arch = "x86_64")]
mod one_token_iq4xs;
#[cfg(target_arch = "x86_64")]
mod one_token_k;
#[cfg(target_arch = "x86_64")]
mod one_token_q8;
pub mod pool;
#[cfg(target_arch = "x86_64")]
mod tiled;
#[cfg(target_arch = "x86_64")]
mod tiled_unpack;
pub mod vector;
#[cfg(target_arch = "x86_64")]
mod x86;
#[cfg(target_arch = "x86_64")]
mod x86_decode;
#[cfg(target_arch = "x86_64")]
mod x86_k;

use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub use blocks::{ActivationFormat, BlockQ8, PairQ8, WeightType, PAIR_TILE, QK};

/// The instruction set the kernels use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Isa {
    Portable,
    #[cfg(target_arch = "x86_64")]
    X86(x86::Level),
}

impl Isa {
    pub fn name(self) -> &'static str {
        match self {
            Self::Portable => "portable",
            #[cfg(target_arch = "x86_64")]
            Self::X86(x86::Level::Avx2) => "avx2",
            #[cfg(target_arch = "x86_64")]
            Self::X86(x86::Level::Avx512Vnni) => "avx512-vnni",
        }
    }

    /// The best this CPU has, or what `REDACTEUR_ISA` (`portable`, `avx2`) asks for when the
    /// CPU has it; detected once.
    pub fn detected() -> Self {
        static ISA: OnceLock<Isa> = OnceLock::new();
        *ISA.get_or_init(|| {
            let best = Self::best();
            match std::env::var("REDACTEUR_ISA").as_deref() {
                Ok("portable") => Self::Portable,
                #[cfg(target_arch = "x86_64")]
                Ok("avx2") if best != Self::Portable => Self::X86(x86::Level::Avx2),
                _ => best,
            }
        })
    }

    fn best() -> Self {
        #[cfg(target_arch = "x86_64")]
        if let Some(level) = x86::detect() {
            return Self::X86(level);
        }
        Self::Portable
    }

    /// Whether this CPU has what `self` needs.
    pub fn runs_here(self) -> bool {
        match self {
            Self::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Self::X86(x86::Level::Avx2) => x86::detect().is_some(),
            #[cfg(target_arch = "x86_64")]
            Self::X86(x86::Level::Avx512Vnni) => x86::detect() == Some(x86::Level::Avx512Vnni),
        }
    }

    /// Every instruction set this CPU can run (for tests that compare them).
    pub fn available() -> Vec<Self> {
        let mut all = vec![Self::Portable];
        #[cfg(target_arch = "x86_64")]
        match x86::detect() {
            Some(x86::Level::Avx512Vnni) => {
                all.push(Self::X86(x86::Level::Avx2));
                all.push(Self::X86(x86::Level::Avx512Vnni));
            }
            Some(x86::Level::Avx2) => all.push(Self::X86(x86::Level::Avx2)),
            None => {}
        }
        all
    }
}

/// Bytes that stay alive as long as a weight uses them: a memory map or an owned buffer.
#[derive(Clone)]
pub struct Bytes {
    owner: Arc<dyn AsRef<[u8]> + Send + Sync>,
    range: Range<usize>,
}

impl Bytes {
    pub fn new(owner: Arc<dyn AsRef<[u8]> + Send + Sync>, range: Range<usize>) -> Self {
        assert!(
            range.end <= (*owner).as_ref().len(),
            "byte range past the end"
        );
        Self { owner, range }
    }

    pub fn from_vec(bytes: Vec<u8>) -> Self {
        let len = bytes.len();
        Self::new(Arc::new(bytes), 0..len)
    }

    pub fn as_slice(&self) -> &[u8] {
        &(*self.owner).as_ref()[self.range.clone()]
    }
}

/// A weight matrix `rows × cols` in a GGML quantized layout, one row per output.
#[derive(Clone)]
pub struct QWeight {
    pub ty: WeightType,
    pub rows: usize,
    pub cols: usize,
    bytes: Bytes,
}

impl QWeight {
    pub fn new(ty: WeightType, rows: usize, cols: usize, bytes: Bytes) -> anyhow::Result<Self> {
        anyhow::ensure!(
            cols.is_multiple_of(ty.block_values()),
            "a {ty:?} row of {cols} values is not a whole number of blocks"
        );
        let want = rows * ty.row_bytes(cols);
        anyhow::ensure!(
            bytes.as_slice().len() == want,
            "a {ty:?} matrix {rows}×{cols} takes {want} bytes, not {}",
            bytes.as_slice().len()
        );
        Ok(Self {
            ty,
            rows,
            cols,
            bytes,
        })
    }

    pub fn row_bytes(&self) -> usize {
        self.ty.row_bytes(self.cols)
    }

    /// The first `rows` rows, sharing these bytes.
    pub fn first_rows(&self, rows: usize) -> Self {
        assert!(rows <= self.rows, "{rows} rows of {}", self.rows);
        let start = self.bytes.range.start;
        Self {
            bytes: Bytes {
                owner: self.bytes.owner.clone(),
                range: start..start + rows * self.row_bytes(),
            },
            rows,
            ..self.clone()
        }
    }

    pub fn row(&self, r: usize) -> &[u8] {
        let n = self.row_bytes();
        &self.bytes.as_slice()[r * n..(r + 1) * n]
    }

    /// Row `r` as f32 (an embedding lookup).
    pub fn dequantize_row(&self, r: usize, out: &mut [f32]) {
        blocks::dequantize_row(self.ty, self.row(r), out);
    }
}

/// Activations of several tokens quantized for the kernels, reused across calls.
pub struct Quantized {
    blocks: Vec<BlockQ8>,
    /// The same blocks in pairs for the 512-bit kernels (when the instruction set has them
    /// and a row is an even number of blocks), with each block's `d × Σ qs`.
    pairs: Vec<PairQ8>,
    sums: Vec<f32>,
    /// Whole groups of 16 tokens transposed for the integer prompt products (with the
    /// pairs).
    #[cfg(target_arch = "x86_64")]
    tiles: tiled::TokenTiles,
    /// A single token laid out for the 4-bit types' one-token products.
    #[cfg(target_arch = "x86_64")]
    one: one_token::OneToken,
    /// One token's `Q8K` activations as the 512-bit Q4_K, Q5_K and Q6_K products read them.
    #[cfg(target_arch = "x86_64")]
    one_k: one_token_k::KToken,
    /// The activations themselves, rounded for float weights (`ActivationFormat::Float`).
    floats: Vec<f32>,
    tokens: usize,
    cols: usize,
    format: ActivationFormat,
}

impl Default for Quantized {
    fn default() -> Self {
        Self {
            blocks: Vec::new(),
            pairs: Vec::new(),
            sums: Vec::new(),
            #[cfg(target_arch = "x86_64")]
            tiles: tiled::TokenTiles::default(),
            #[cfg(target_arch = "x86_64")]
            one: one_token::OneToken::default(),
            #[cfg(target_arch = "x86_64")]
            one_k: one_token_k::KToken::default(),
            floats: Vec::new(),
            tokens: 0,
            cols: 0,
            format: ActivationFormat::Q8_0,
        }
    }
}

impl Quantized {
    /// Quantizes `xs` (`tokens × cols`, row-major) in `format`.
    pub fn quantize(&mut self, format: ActivationFormat, xs: &[f32], cols: usize) {
        assert!(cols.is_multiple_of(format.group()) && xs.len().is_multiple_of(cols));
        self.tokens = xs.len() / cols;
        self.cols = cols;
        self.format = format;
        #[cfg(target_arch = "x86_64")]
        {
            self.tiles.clear();
            self.one.clear();
            self.one_k.clear();
        }
        if let ActivationFormat::Float(ty) = format {
            self.floats.clear();
            self.floats
                .extend(xs.iter().map(|x| float::round_for(ty, *x)));
            self.blocks.clear();
            self.pairs.clear();
            self.sums.clear();
            return;
        }
        let per_token = cols / QK;
        self.blocks.resize(xs.len() / QK, BlockQ8::default());
        let paired = Self::pairs_wanted() && per_token.is_multiple_of(2);
        let width = blocks::tile_width(self.tokens);
        let tiles = self.tokens.div_ceil(width);
        let (pairs, sums) = match paired {
            true => (tiles * width * per_token / 2, xs.len() / QK),
            false => (0, 0),
        };
        self.pairs.resize(pairs, PairQ8::default());
        self.sums.resize(sums, 0.0);
        if self.tokens >= 16 {
            pool::Pool::global().rows_mut(&mut self.blocks, per_token, |i, b| {
                blocks::quantize_row(format, &xs[i * cols..][..cols], b)
            });
        } else {
            blocks::quantize_row(format, xs, &mut self.blocks);
        }
        #[cfg(target_arch = "x86_64")]
        if self.tokens == 1 && one_token::OneToken::wanted(format, cols) {
            self.one.build(&self.blocks);
        }
        #[cfg(target_arch = "x86_64")]
        if self.tokens == 1 && one_token_k::KToken::wanted(format) {
            self.one_k.build(&self.blocks);
        }
        if paired {
            let tile = width * per_token;
            let all = &self.blocks;
            pool::Pool::global().rows_mut2(
                &mut self.pairs,
                tile / 2,
                &mut self.sums,
                tile,
                |i, p, s| blocks::pair_up(&all[i * tile..][..s.len()], per_token, width, p, s),
            );
            #[cfg(target_arch = "x86_64")]
            if self.tokens >= tiled::GROUP {
                self.tiles.build(&self.blocks, self.tokens, cols);
            }
        }
    }

    /// Whether this CPU's kernels read pairs.
    fn pairs_wanted() -> bool {
        #[cfg(target_arch = "x86_64")]
        return x86::detect() == Some(x86::Level::Avx512Vnni);
        #[cfg(not(target_arch = "x86_64"))]
        false
    }

    pub fn tokens(&self) -> usize {
        self.tokens
    }
}

/// The output of `matmul_many`, written by several tasks at once.
struct OutPtr(*mut f32);
// SAFETY: the pointer is only written through by `matmul_many`'s tasks, each at its own
// columns of every token, while the `&mut [f32]` it came from is borrowed for the call.
unsafe impl Send for OutPtr {}
// SAFETY: as above: no two tasks write the same element, and nothing reads it meanwhile.
unsafe impl Sync for OutPtr {}

/// `out[t × out_stride + r]` = row `r` of `w` · token `t`, for all rows and tokens.
///
/// # Safety
/// `isa` runs on this CPU (`Isa::runs_here`); `rows` lie within `w`; `acts` has `w`'s width
/// and format; `out` has room for `acts.tokens` rows of `out_stride`, of which this call
/// writes `rows.len()` columns, written by no one else meanwhile.
unsafe fn rows_times_tokens(
    isa: Isa,
    w: &QWeight,
    rows: Range<usize>,
    acts: &Quantized,
    out: *mut f32,
    out_stride: usize,
) {
    if w.ty.is_float() {
        // SAFETY: the caller's contract.
        let (bytes, cols) = (w.bytes.as_slice(), acts.cols);
        let rb = w.row_bytes();
        return unsafe {
            float::rows_times_tokens(
                isa,
                w.ty,
                bytes,
                rb,
                rows,
                &acts.floats,
                cols,
                out,
                out_stride,
            )
        };
    }
    match isa {
        #[cfg(target_arch = "x86_64")]
        // SAFETY: the caller's contract: the features, the rows and the room.
        Isa::X86(level) => unsafe {
            // Whole groups of 16 tokens first, summed in integers; then groups of 4 and 8
            // tokens through the 512-bit kernels where the activations were paired for them;
            // the rest 256 bits at a time.
            let vnni = level == x86::Level::Avx512Vnni && !acts.pairs.is_empty();
            let tiled = match vnni && acts.tiles.groups > 0 && tiled::reads(w.ty) {
                true => tiled::run(
                    w.ty,
                    w.bytes.as_slice(),
                    w.row_bytes(),
                    rows.clone(),
                    &acts.tiles,
                    out,
                    out_stride,
                ),
                false => 0,
            };
            // Pairs lie in tiles of `PAIR_TILE` tokens (as many as a group), or of all the
            // tokens when fewer.
            let per_row = acts.cols / QK / 2;
            let done = tiled
                + match vnni && acts.tokens > tiled && avx512::reads(w.ty) {
                    true => avx512::run(
                        w.ty,
                        w.bytes.as_slice(),
                        w.row_bytes(),
                        rows.clone(),
                        &acts.pairs[tiled * per_row..],
                        &acts.sums[tiled * 2 * per_row..],
                        blocks::tile_width(acts.tokens),
                        acts.tokens - tiled,
                        out.add(tiled * out_stride),
                        out_stride,
                    ),
                    false => 0,
                };
            let one = level == x86::Level::Avx512Vnni && acts.one.ready();
            if acts.tokens == 1 && one && one_token::reads(w.ty) {
                let (bytes, rb) = (w.bytes.as_slice(), w.row_bytes());
                return one_token::run(w.ty, bytes, rb, rows, &acts.one, out);
            }
            if acts.tokens == 1 && one && one_token_iq4xs::reads(w.ty) {
                let (bytes, rb) = (w.bytes.as_slice(), w.row_bytes());
                return one_token_iq4xs::run(bytes, rb, rows, &acts.one, out);
            }
            let one_k = level == x86::Level::Avx512Vnni && acts.one_k.ready();
            if acts.tokens == 1 && one_k && one_token_k::reads(w.ty) {
                let (bytes, rb) = (w.bytes.as_slice(), w.row_bytes());
                return one_token_k::run(w.ty, bytes, rb, rows, &acts.one_k, out);
            }
            if acts.tokens == 1 && level == x86::Level::Avx512Vnni && one_token_q8::reads(w.ty) {
                let (bytes, rb) = (w.bytes.as_slice(), w.row_bytes());
                return one_token_q8::run(bytes, rb, rows, &acts.blocks, out);
            }
            let per_token = acts.cols / QK;
            x86::rows_times_tokens(
                level,
                w.ty,
                w.bytes.as_slice(),
                w.row_bytes(),
                rows,
                &acts.blocks[done * per_token..],
                acts.tokens - done,
                out.add(done * out_stride),
                out_stride,
            )
        },
        Isa::Portable => {
            let per_token = acts.cols / QK;
            for t in 0..acts.tokens {
                let a = &acts.blocks[t * per_token..(t + 1) * per_token];
                for (i, r) in rows.clone().enumerate() {
                    // SAFETY: as above.
                    unsafe { *out.add(t * out_stride + i) = blocks::dot_row(w.ty, w.row(r), a) };
                }
            }
        }
    }
}

/// `out` (`tokens × Σ rows`, row-major) = the activations times each of `weights` (all with
/// `acts`' width), their outputs side by side; rows are shared out over the thread pool.
pub fn matmul_many(isa: Isa, weights: &[&QWeight], acts: &Quantized, out: &mut [f32]) {
    // What the kernels' contract needs, checked once per call: they read and write through
    // raw pointers.
    assert!(isa.runs_here(), "{} does not run on this CPU", isa.name());
    let total: usize = weights.iter().map(|w| w.rows).sum();
    assert_eq!(out.len(), total * acts.tokens, "output size");
    match acts.format {
        ActivationFormat::Float(_) => assert_eq!(acts.floats.len(), acts.tokens * acts.cols),
        _ => assert_eq!(
            acts.blocks.len(),
            acts.tokens * acts.cols / QK,
            "activations"
        ),
    }
    for w in weights {
        assert_eq!(w.cols, acts.cols, "weight width vs activations");
        assert_eq!(
            w.bytes.as_slice().len(),
            w.rows * w.row_bytes(),
            "weight bytes vs rows × cols"
        );
        assert_eq!(
            w.ty.activations(),
            acts.format,
            "activation format of {:?}",
            w.ty
        );
    }
    // Tasks of `chunk` rows, enough of them to balance the threads.
    let pool = pool::Pool::global();
    let threads = pool.threads();
    let chunk = (total / (threads * 8)).clamp(8, 256);
    let mut tasks = Vec::new();
    let mut column = 0;
    for (i, w) in weights.iter().enumerate() {
        let mut r = 0;
        while r < w.rows {
            let end = (r + chunk).min(w.rows);
            tasks.push((i, r..end, column + r));
            r = end;
        }
        column += w.rows;
    }
    let ptr = OutPtr(out.as_mut_ptr());
    let run = |(i, rows, at): &(usize, Range<usize>, usize)| {
        let p = &ptr;
        // SAFETY: `isa` runs here and the sizes were checked above; each task writes its own
        // columns `at..at + rows.len()` of every token.
        unsafe { rows_times_tokens(isa, weights[*i], rows.clone(), acts, p.0.add(*at), total) }
    };
    pool.run(tasks.len(), &|i| run(&tasks[i]));
}

/// `out` (`tokens × rows`) = the activations times `w`.
pub fn matmul(isa: Isa, w: &QWeight, acts: &Quantized, out: &mut [f32]) {
    matmul_many(isa, &[w], acts, out)
}

#[cfg(test)]
pub(crate) mod tests;
