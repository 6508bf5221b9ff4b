//! The GGML block layouts of the weights we multiply natively, decoded 32 values at a time, and
//! the 8-bit activation blocks they are multiplied with.

use half::f16;

/// Values per sub-block: every product works 32 weights at a time, whatever the type.
pub const QK: usize = 32;

/// The weight types the native kernels read (the default model's: Q8_0, Q5_0, Q4_K, Q6_K).
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
}

impl WeightType {
    pub fn from_ggml(dtype: candle_core::quantized::GgmlDType) -> Option<Self> {
        use candle_core::quantized::GgmlDType as G;
        match dtype {
            G::Q8_0 => Some(Self::Q8_0),
            G::Q5_0 => Some(Self::Q5_0),
            G::Q4K => Some(Self::Q4K),
            G::Q6K => Some(Self::Q6K),
            _ => None,
        }
    }

    /// Values per block as stored.
    pub fn block_values(self) -> usize {
        match self {
            Self::Q8_0 | Self::Q5_0 => 32,
            Self::Q8_0Pairs => 64,
            Self::Q4K | Self::Q6K => 256,
        }
    }

    /// Bytes per block as stored.
    pub fn block_bytes(self) -> usize {
        match self {
            Self::Q8_0 => 34,
            Self::Q8_0Pairs => 68,
            Self::Q5_0 => 22,
            Self::Q4K => 144,
            Self::Q6K => 210,
        }
    }

    pub fn row_bytes(self, cols: usize) -> usize {
        cols / self.block_values() * self.block_bytes()
    }

    /// Whether the decoded values are unsigned (0..15) with an additive offset per sub-block.
    pub fn has_offset(self) -> bool {
        self == Self::Q4K
    }

    /// How ggml quantizes the activations this type is multiplied with.
    pub fn activations(self) -> ActivationFormat {
        match self {
            Self::Q8_0 | Self::Q5_0 | Self::Q8_0Pairs => ActivationFormat::Q8_0,
            Self::Q4K | Self::Q6K => ActivationFormat::Q8K,
        }
    }
}

/// ggml's two activation formats: `Q8_0` (a scale per 32 values, stored as f16) for the
/// 32-value weight types, `Q8_K` (a scale per 256 values, f32) for the K-quants. We keep a
/// block per 32 values either way; with `Q8K` the 8 blocks of a group share their scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivationFormat {
    Q8_0,
    Q8K,
}

impl ActivationFormat {
    pub fn group(self) -> usize {
        match self {
            Self::Q8_0 => QK,
            Self::Q8K => 256,
        }
    }
}

/// 32 activations quantized to 8 bits: value ≈ `d × qs[i]`; `offset_qs` is `qs + 128` as
/// unsigned bytes (for VNNI's unsigned × signed products); `s` is `d × Σ qs`, which weights
/// with an offset per sub-block need.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C)]
pub struct BlockQ8 {
    pub qs: [i8; QK],
    pub offset_qs: [u8; QK],
    pub d: f32,
    pub s: f32,
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

/// The blocks of up to `PAIR_TILE` tokens (`per_token` each, an even number) as one tile of
/// pairs (`pairs[p × PAIR_TILE + t]`), and each block's `d × Σ qs` (token after token).
pub fn pair_up(blocks: &[BlockQ8], per_token: usize, pairs: &mut [PairQ8], sums: &mut [f32]) {
    for (t, token) in blocks.chunks_exact(per_token).enumerate() {
        for (p, two) in token.chunks_exact(2).enumerate() {
            let pair = &mut pairs[p * PAIR_TILE + t];
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
                let amax = chunk.iter().fold(0f32, |m, x| m.max(x.abs()));
                let d = amax / 127.0;
                let id = if d == 0.0 { 0.0 } else { 1.0 / d };
                (f16::from_f32(d).to_f32(), id)
            }
            ActivationFormat::Q8K => {
                let (mut amax, mut max) = (0f32, 0f32);
                for x in chunk {
                    if x.abs() > amax {
                        amax = x.abs();
                        max = *x;
                    }
                }
                match amax == 0.0 {
                    true => (0.0, 0.0),
                    false => {
                        let iscale = -127.0 / max;
                        (1.0 / iscale, iscale)
                    }
                }
            }
        };
        for (values, block) in chunk.chunks_exact(QK).zip(blocks.iter_mut()) {
            #[cfg(target_arch = "x86_64")]
            if fast {
                // SAFETY: every non-portable instruction set here includes AVX2.
                unsafe { super::x86::quantize_block(values, id, block) };
                block.d = d;
                block.s *= d;
                continue;
            }
            let mut sum = 0i32;
            for (q, x) in block.qs.iter_mut().zip(values) {
                *q = nearest_int(x * id).min(127) as i8;
                sum += *q as i32;
            }
            for (u, q) in block.offset_qs.iter_mut().zip(&block.qs) {
                *u = (*q as u8) ^ 0x80;
            }
            block.d = d;
            block.s = d * sum as f32;
        }
    }
}

/// ggml's `nearest_int`: rounds half to even by adding and removing 1.5 × 2^23 (no libm call;
/// exact for |x| < 2^22, which quantized values are).
#[inline(always)]
fn nearest_int(x: f32) -> i32 {
    const MAGIC: f32 = 12_582_912.0;
    ((x + MAGIC) - MAGIC) as i32
}

/// One weight sub-block decoded: value `i` is `qs[i] × scale[i / 16] + offset`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SubBlock {
    pub qs: [i8; QK],
    pub scale: [f32; 2],
    pub offset: f32,
}

fn half(bytes: &[u8], at: usize) -> f32 {
    f16::from_bits(u16::from_le_bytes([bytes[at], bytes[at + 1]])).to_f32()
}

/// Q4_K's 6-bit scale and min of sub-block `j` (0..8), packed in 12 bytes.
pub fn q4k_scale_min(j: usize, scales: &[u8]) -> (u8, u8) {
    if j < 4 {
        (scales[j] & 63, scales[j + 4] & 63)
    } else {
        (
            (scales[j + 4] & 0xF) | ((scales[j - 4] >> 6) << 4),
            (scales[j + 4] >> 4) | ((scales[j] >> 6) << 4),
        )
    }
}

/// Decodes sub-block `sub` (32 values) of a weight row stored as `ty`.
pub fn decode(ty: WeightType, row: &[u8], sub: usize) -> SubBlock {
    let mut out = SubBlock::default();
    match ty {
        WeightType::Q8_0 => {
            let b = &row[sub * 34..sub * 34 + 34];
            let d = half(b, 0);
            for (q, byte) in out.qs.iter_mut().zip(&b[2..]) {
                *q = *byte as i8;
            }
            out.scale = [d, d];
        }
        WeightType::Q8_0Pairs => {
            let (b, half_of) = (&row[sub / 2 * 68..sub / 2 * 68 + 68], sub % 2);
            let d = half(b, 2 * half_of);
            for (q, byte) in out.qs.iter_mut().zip(&b[4 + 32 * half_of..]) {
                *q = *byte as i8;
            }
            out.scale = [d, d];
        }
        WeightType::Q5_0 => {
            let b = &row[sub * 22..sub * 22 + 22];
            let d = half(b, 0);
            let qh = u32::from_le_bytes([b[2], b[3], b[4], b[5]]);
            let qs = &b[6..22];
            for (j, byte) in qs.iter().enumerate() {
                let lo = (byte & 0xF) | ((((qh >> j) & 1) as u8) << 4);
                let hi = (byte >> 4) | ((((qh >> (j + 16)) & 1) as u8) << 4);
                out.qs[j] = lo as i8 - 16;
                out.qs[j + 16] = hi as i8 - 16;
            }
            out.scale = [d, d];
        }
        WeightType::Q4K => {
            let b = &row[sub / 8 * 144..sub / 8 * 144 + 144];
            let j = sub % 8;
            let (d, dmin) = (half(b, 0), half(b, 2));
            let (sc, m) = q4k_scale_min(j, &b[4..16]);
            let qs = &b[16 + 32 * (j / 2)..16 + 32 * (j / 2) + 32];
            let shift = 4 * (j % 2);
            for (q, byte) in out.qs.iter_mut().zip(qs) {
                *q = ((byte >> shift) & 0xF) as i8;
            }
            let scale = d * sc as f32;
            out.scale = [scale, scale];
            out.offset = -dmin * m as f32;
        }
        WeightType::Q6K => {
            let b = &row[sub / 8 * 210..sub / 8 * 210 + 210];
            let (ql, qh, scales) = (&b[0..128], &b[128..192], &b[192..208]);
            let d = half(b, 208);
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            let ql = &ql[n * 64 + 32 * (g % 2)..][..32];
            let qh = &qh[n * 32..][..32];
            let lo_shift = 4 * (g / 2);
            for l in 0..QK {
                let q = ((ql[l] >> lo_shift) & 0xF) | (((qh[l] >> (2 * g)) & 3) << 4);
                out.qs[l] = q as i8 - 32;
            }
            let s = n * 8 + 2 * g;
            out.scale = [d * scales[s] as i8 as f32, d * scales[s + 1] as i8 as f32];
        }
    }
    out
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

/// Dequantizes a whole row (for embedding lookups and tests).
pub fn dequantize_row(ty: WeightType, row: &[u8], out: &mut [f32]) {
    for (sub, chunk) in out.chunks_exact_mut(QK).enumerate() {
        let b = decode(ty, row, sub);
        for (i, x) in chunk.iter_mut().enumerate() {
            *x = b.qs[i] as f32 * b.scale[i / 16] + b.offset;
        }
    }
}

/// The portable product of one weight row with one token's activations.
pub fn dot_row(ty: WeightType, row: &[u8], acts: &[BlockQ8]) -> f32 {
    let mut total = 0f32;
    for (sub, a) in acts.iter().enumerate() {
        let w = decode(ty, row, sub);
        let mut halves = [0i32; 2];
        for i in 0..QK {
            halves[i / 16] += w.qs[i] as i32 * a.qs[i] as i32;
        }
        total +=
            a.d * (w.scale[0] * halves[0] as f32 + w.scale[1] * halves[1] as f32) + w.offset * a.s;
    }
    total
}
