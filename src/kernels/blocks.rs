//! The GGML block layouts of the weights we multiply natively (their sizes and the activations
//! each is multiplied with), and the 8-bit activation blocks.

use half::f16;

pub use super::decode::{
    decode, dequantize_row, dot_row, iq4xs_scale, q2k_mins, q3k_scale, q4k_scale_min, SubBlock,
    IQ4_VALUES,
};

/// Values per sub-block: every product works 32 weights at a time, whatever the type.
pub const QK: usize = 32;

/// The weight types the native kernels read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WeightType {
    Q8_0,
    Q5_0,
    Q4K,
    Q6K,
    /// Q8_0 rearranged at load time: each pair of blocks as their two f16 scales side by side,
    /// then their 64 values (68 bytes per 64 values, the size of two Q8_0 blocks), so that a
    /// 512-bit kernel reads a pair with one load. Made by `repack_q8_0`.
    Q8_0Pairs,
    Q4_0,
    Q4_1,
    Q5_1,
    Q5K,
    Q3K,
    /// 2-bit values in 16-value groups, each with a 4-bit scale and a 4-bit minimum: the one
    /// type whose offset changes every 16 values rather than every 32.
    Q2K,
    /// 4-bit indices into `IQ4_VALUES`, a non-linear table of 16 signed values, with an f16
    /// scale per 32 values (ggml's `IQ4_NL`): signed, no offset.
    IQ4NL,
    /// `IQ4NL`'s values in superblocks of 256: an f16 scale, and a 6-bit scale (less 32) per
    /// 32 values (ggml's `IQ4_XS`).
    IQ4XS,
    /// Unquantized rows, multiplied by `kernels::float`.
    F32,
    F16,
    BF16,
}

impl WeightType {
    /// The type of GGML type number `id` (`ggml_type`), when the kernels read it.
    pub fn from_ggml_id(id: u32) -> Option<Self> {
        Some(match id {
            0 => Self::F32,
            1 => Self::F16,
            2 => Self::Q4_0,
            3 => Self::Q4_1,
            6 => Self::Q5_0,
            7 => Self::Q5_1,
            8 => Self::Q8_0,
            10 => Self::Q2K,
            11 => Self::Q3K,
            12 => Self::Q4K,
            13 => Self::Q5K,
            14 => Self::Q6K,
            20 => Self::IQ4NL,
            23 => Self::IQ4XS,
            30 => Self::BF16,
            _ => return None,
        })
    }

    /// Values per block as stored.
    pub fn block_values(self) -> usize {
        match self {
            Self::Q8_0 | Self::Q5_0 | Self::Q4_0 | Self::Q4_1 | Self::Q5_1 | Self::IQ4NL => 32,
            Self::Q8_0Pairs => 64,
            Self::Q4K | Self::Q6K | Self::Q5K | Self::Q3K | Self::Q2K | Self::IQ4XS => 256,
            Self::F32 | Self::F16 | Self::BF16 => 1,
        }
    }

    /// Bytes per block as stored.
    pub fn block_bytes(self) -> usize {
        match self {
            Self::Q8_0 => 34,
            Self::Q8_0Pairs => 68,
            Self::Q5_0 => 22,
            Self::Q4_0 => 18,
            Self::Q4_1 => 20,
            Self::Q5_1 => 24,
            Self::Q4K => 144,
            Self::Q5K => 176,
            Self::Q3K => 110,
            Self::Q2K => 84,
            Self::Q6K => 210,
            Self::IQ4NL => 18,
            Self::IQ4XS => 136,
            Self::F32 => 4,
            Self::F16 | Self::BF16 => 2,
        }
    }

    pub fn row_bytes(self, cols: usize) -> usize {
        cols / self.block_values() * self.block_bytes()
    }

    /// Whether the decoded values are unsigned with an additive offset per sub-block: Q4_0
    /// too, as `(q − 8) × d = q × d − 8d`, so that a product needs no sign juggling. (Q5_0 the
    /// same way changed the default model's roundings, and with them its articles; it stays
    /// signed.) Q2_K's values are unsigned too, but its offsets are per 16 values
    /// (`q2k_mins`), none per sub-block.
    pub fn has_offset(self) -> bool {
        matches!(
            self,
            Self::Q4K | Self::Q5K | Self::Q4_1 | Self::Q5_1 | Self::Q4_0
        )
    }

    /// Whether the decoded values are unsigned (`has_offset`, and Q2_K's 0..=3).
    pub fn is_unsigned(self) -> bool {
        self.has_offset() || self == Self::Q2K
    }

    /// For Q4_0, what the unsigned values decoded are above the signed ones (the offset over
    /// the scale).
    pub fn centre(self) -> Option<i8> {
        match self {
            Self::Q4_0 => Some(8),
            _ => None,
        }
    }

    /// How ggml quantizes the activations this type is multiplied with (`Q8_0` standing for
    /// ggml's `Q8_1` too: the same values, with the block sums kept beside them).
    pub fn activations(self) -> ActivationFormat {
        match (self, self.block_values()) {
            (Self::F32 | Self::F16 | Self::BF16, _) => ActivationFormat::Float(self),
            (_, 256) => ActivationFormat::Q8K,
            _ => ActivationFormat::Q8_0,
        }
    }

    /// Whether rows are stored unquantized (F32, F16, BF16).
    pub fn is_float(self) -> bool {
        matches!(self, Self::F32 | Self::F16 | Self::BF16)
    }
}

/// ggml's two activation formats: `Q8_0` (a scale per 32 values, stored as f16) for the
/// 32-value weight types, `Q8_K` (a scale per 256 values, f32) for the K-quants. We keep a
/// block per 32 values either way; with `Q8K` the 8 blocks of a group share their scale.
/// Unquantized weights take floats, rounded as ggml rounds them for the weight type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationFormat {
    Q8_0,
    Q8K,
    Float(WeightType),
}

impl ActivationFormat {
    pub fn group(self) -> usize {
        match self {
            Self::Q8_0 => QK,
            Self::Q8K => 256,
            Self::Float(_) => 1,
        }
    }
}

/// 32 activations quantized to 8 bits: value ≈ `d × qs[i]`; `offset_qs` is `qs + 128` as
/// unsigned bytes (for VNNI's unsigned × signed products); `s` is `d × Σ qs`, which weights
/// with an offset per sub-block need; `halves` the same over the first and the last 16 values
/// (Q2_K's offsets are per 16).
#[derive(Clone, Copy, Debug, Default)]
#[repr(C)]
pub struct BlockQ8 {
    pub qs: [i8; QK],
    pub offset_qs: [u8; QK],
    pub d: f32,
    pub s: f32,
    pub halves: [f32; 2],
}

/// Two consecutive activation blocks as the 512-bit kernels read them: their values + 128 as
/// unsigned bytes, and each block's scale repeated over the 8 lanes its 32 values fill.
#[derive(Clone, Copy, Debug)]
#[repr(C, align(64))]
pub struct PairQ8 {
    pub u: [u8; 2 * QK],
    pub d: [f32; 16],
}

impl Default for PairQ8 {
    fn default() -> Self {
        Self {
            u: [0; 2 * QK],
            d: [0.0; 16],
        }
    }
}

/// Tokens per tile of pairs: within a tile, the pairs of one column position lie token after
/// token, so a kernel finds token `t`'s at a fixed distance from token 0's.
pub const PAIR_TILE: usize = 16;

/// The tokens of a tile when `tokens` are quantized: `PAIR_TILE`, or all of them when fewer,
/// so that one token's pairs (decoding) lie next to one another rather than a tile apart.
pub fn tile_width(tokens: usize) -> usize {
    tokens.clamp(1, PAIR_TILE)
}

/// The blocks of up to `width` tokens (`per_token` each, an even number) as one tile of
/// pairs (`pairs[p × width + t]`), and each block's `d × Σ qs` (token after token).
pub fn pair_up(
    blocks: &[BlockQ8],
    per_token: usize,
    width: usize,
    pairs: &mut [PairQ8],
    sums: &mut [f32],
) {
    for (t, token) in blocks.chunks_exact(per_token).enumerate() {
        for (p, two) in token.chunks_exact(2).enumerate() {
            let pair = &mut pairs[p * width + t];
            pair.u[..QK].copy_from_slice(&two[0].offset_qs);
            pair.u[QK..].copy_from_slice(&two[1].offset_qs);
            pair.d[..8].fill(two[0].d);
            pair.d[8..].fill(two[1].d);
        }
    }
    for (sum, block) in sums.iter_mut().zip(blocks) {
        *sum = block.s;
    }
}

/// Quantizes `xs` (a whole number of `format` groups) into `out`, one block per 32 values,
/// with ggml's arithmetic: `quantize_row_q8_0` (scale max |x| / 127 rounded to f16) or
/// `quantize_row_q8_K` (scale from the signed extreme of 256 values, values capped at 127).
pub fn quantize_row(format: ActivationFormat, xs: &[f32], out: &mut [BlockQ8]) {
    assert_eq!(xs.len(), out.len() * QK, "quantize_row: values vs blocks");
    #[cfg(target_arch = "x86_64")]
    let fast = super::Isa::detected() != super::Isa::Portable;
    let group = format.group();
    for (chunk, blocks) in xs.chunks_exact(group).zip(out.chunks_exact_mut(group / QK)) {
        let (d, id) = match format {
            ActivationFormat::Q8_0 => {
                let amax = abs_max(chunk);
                let d = amax / 127.0;
                let id = if d == 0.0 { 0.0 } else { 1.0 / d };
                (f16::from_f32(d).to_f32(), id)
            }
            ActivationFormat::Q8K => {
                // The first value of the largest magnitude, as ggml takes it.
                let amax = abs_max(chunk);
                match amax == 0.0 {
                    true => (0.0, 0.0),
                    false => {
                        let max = *chunk.iter().find(|x| x.abs() == amax).unwrap_or(&amax);
                        let iscale = -127.0 / max;
                        (1.0 / iscale, iscale)
                    }
                }
            }
            ActivationFormat::Float(_) => unreachable!("float activations are not blocks"),
        };
        for (values, block) in chunk.chunks_exact(QK).zip(blocks.iter_mut()) {
            #[cfg(target_arch = "x86_64")]
            if fast {
                // SAFETY: every non-portable instruction set here includes AVX2.
                unsafe { super::x86::quantize_block(values, id, block) };
                block.d = d;
                block.s *= d;
                block.halves = block.halves.map(|h| h * d);
                continue;
            }
            let mut halves = [0i32; 2];
            for (i, (q, x)) in block.qs.iter_mut().zip(values).enumerate() {
                *q = nearest_int(x * id).min(127) as i8;
                halves[i / 16] += *q as i32;
            }
            for (u, q) in block.offset_qs.iter_mut().zip(&block.qs) {
                *u = (*q as u8) ^ 0x80;
            }
            block.d = d;
            block.s = d * (halves[0] + halves[1]) as f32;
            block.halves = halves.map(|h| d * h as f32);
        }
    }
}

/// The largest magnitude in `xs`, 0 for none, eight lanes at a time (the compiler vectorises
/// this form; one running maximum does not).
fn abs_max(xs: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let mut eights = xs.chunks_exact(8);
    for eight in &mut eights {
        for (m, x) in lanes.iter_mut().zip(eight) {
            *m = m.max(x.abs());
        }
    }
    let rest = eights.remainder().iter().fold(0f32, |m, x| m.max(x.abs()));
    lanes.iter().fold(rest, |m, x| m.max(*x))
}

/// ggml's `nearest_int`: rounds half to even by adding and removing 1.5 × 2^23 (no libm call;
/// exact for |x| < 2^22, which quantized values are).
#[inline(always)]
fn nearest_int(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    ((x + MAGIC) - MAGIC) as i32
}

/// Rewrites Q8_0 rows (each an even number of blocks) as `Q8_0Pairs`; `dst` is as long.
pub fn repack_q8_0(src: &[u8], dst: &mut [u8]) {
    assert_eq!(src.len(), dst.len(), "repack_q8_0: lengths");
    for (two, pair) in src.chunks_exact(68).zip(dst.chunks_exact_mut(68)) {
        pair[0..2].copy_from_slice(&two[0..2]);
        pair[2..4].copy_from_slice(&two[34..36]);
        pair[4..36].copy_from_slice(&two[2..34]);
        pair[36..68].copy_from_slice(&two[36..68]);
    }
}
