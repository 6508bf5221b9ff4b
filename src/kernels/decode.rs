//! The GGML weight layouts decoded 32 values at a time, portably: the reference the SIMD
//! decoders in `x86.rs` and `avx512.rs` are tested against, and the portable products.

use half::f16;

use super::blocks::{BlockQ8, WeightType, QK};

/// One weight sub-block decoded: value `i` is `qs[i] × scale[i / 16] + offset + halves[i /
/// 16]` (`halves`: Q2_K's offsets, one per 16 values; 0 for the other types).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SubBlock {
    pub qs: [i8; QK],
    pub scale: [f32; 2],
    pub offset: f32,
    pub halves: [f32; 2],
}

/// The f16 at byte `at` of `bytes`, as f32.
pub(super) fn half(bytes: &[u8], at: usize) -> f32 {
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

/// Q3_K's scale `k` (0..16, one per 16 values) from its 12 packed bytes: 4 low bits, then
/// 2 high bits, less 32.
pub fn q3k_scale(k: usize, scales: &[u8]) -> i8 {
    let low = match k < 8 {
        true => scales[k] & 0xF,
        false => scales[k - 8] >> 4,
    };
    let high = (scales[8 + k % 4] >> (2 * (k / 4))) & 3;
    (low | (high << 4)) as i8 - 32
}

/// The offsets `−dmin × m` of the two 16-value halves of sub-block `j` (0..8) of the Q2_K
/// superblock `b` (84 bytes: 16 bytes of scales, low nibble the scale and high nibble the
/// minimum of each 16 values; 64 bytes of 2-bit values; f16 `d`, f16 `dmin`).
pub fn q2k_mins(b: &[u8], j: usize) -> [f32; 2] {
    let dmin = half(b, 82);
    [
        -dmin * (b[2 * j] >> 4) as f32,
        -dmin * (b[2 * j + 1] >> 4) as f32,
    ]
}

/// The 16 values an IQ4_NL or IQ4_XS index stands for (ggml's `kvalues_iq4nl`).
pub const IQ4_VALUES: [i8; 16] = [
    -127, -104, -83, -65, -49, -35, -22, -10, 1, 13, 25, 38, 53, 69, 89, 113,
];

/// The 32 values of 16 bytes of IQ4 indices: the low nibbles, then the high ones.
fn iq4_values(qs: &[u8], out: &mut [i8; QK]) {
    for (j, byte) in qs[..16].iter().enumerate() {
        out[j] = IQ4_VALUES[(byte & 0xF) as usize];
        out[j + 16] = IQ4_VALUES[(byte >> 4) as usize];
    }
}

/// IQ4_XS's scale of sub-block `j` (0..8) of the superblock `b` (136 bytes: f16 `d`, the
/// scales' high 2 bits in a u16, their low 4 bits in 4 bytes, then 128 bytes of indices),
/// less 32.
pub fn iq4xs_scale(b: &[u8], j: usize) -> i32 {
    let high = u16::from_le_bytes([b[2], b[3]]);
    let low = (b[4 + j / 2] >> (4 * (j % 2))) & 0xF;
    (i32::from(low) | (i32::from((high >> (2 * j)) & 3) << 4)) - 32
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
        WeightType::Q4_0 | WeightType::Q4_1 => {
            // d, for Q4_1 then m, then 16 bytes of two values each.
            let size = ty.block_bytes();
            let b = &row[sub * size..(sub + 1) * size];
            for (j, byte) in b[size - 16..].iter().enumerate() {
                out.qs[j] = (byte & 0xF) as i8;
                out.qs[j + 16] = (byte >> 4) as i8;
            }
            let d = half(b, 0);
            out.scale = [d, d];
            out.offset = match ty {
                WeightType::Q4_0 => -8.0 * d,
                _ => half(b, 2),
            };
        }
        WeightType::Q5_1 => {
            let b = &row[sub * 24..sub * 24 + 24];
            let qh = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
            for (j, byte) in b[8..].iter().enumerate() {
                out.qs[j] = ((byte & 0xF) | ((((qh >> j) & 1) as u8) << 4)) as i8;
                out.qs[j + 16] = ((byte >> 4) | ((((qh >> (j + 16)) & 1) as u8) << 4)) as i8;
            }
            let d = half(b, 0);
            out.scale = [d, d];
            out.offset = half(b, 2);
        }
        WeightType::Q5K => {
            let b = &row[sub / 8 * 176..sub / 8 * 176 + 176];
            let j = sub % 8;
            let (d, dmin) = (half(b, 0), half(b, 2));
            let (sc, m) = q4k_scale_min(j, &b[4..16]);
            let (qh, ql) = (&b[16..48], &b[48 + 32 * (j / 2)..48 + 32 * (j / 2) + 32]);
            let shift = 4 * (j % 2);
            for l in 0..QK {
                out.qs[l] = (((ql[l] >> shift) & 0xF) | (((qh[l] >> j) & 1) << 4)) as i8;
            }
            let scale = d * sc as f32;
            out.scale = [scale, scale];
            out.offset = -dmin * m as f32;
        }
        WeightType::Q3K => {
            let b = &row[sub / 8 * 110..sub / 8 * 110 + 110];
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            let (hmask, qs) = (&b[0..32], &b[32 + 32 * n..64 + 32 * n]);
            let bit = 1u8 << (4 * n + g);
            for l in 0..QK {
                let low = ((qs[l] >> (2 * g)) & 3) as i8;
                out.qs[l] = low - if hmask[l] & bit != 0 { 0 } else { 4 };
            }
            let d = half(b, 108);
            let scales = &b[96..108];
            out.scale = [
                d * q3k_scale(2 * j, scales) as f32,
                d * q3k_scale(2 * j + 1, scales) as f32,
            ];
        }
        WeightType::Q2K => {
            // Sub-block j takes bits 2g of the 32 bytes of group n, as ggml's
            // `dequantize_row_q2_K` walks them.
            let b = &row[sub / 8 * 84..sub / 8 * 84 + 84];
            let j = sub % 8;
            let (n, g) = (j / 4, j % 4);
            for (q, byte) in out.qs.iter_mut().zip(&b[16 + 32 * n..48 + 32 * n]) {
                *q = ((byte >> (2 * g)) & 3) as i8;
            }
            let d = half(b, 80);
            out.scale = [d * (b[2 * j] & 0xF) as f32, d * (b[2 * j + 1] & 0xF) as f32];
            out.halves = q2k_mins(b, j);
        }
        WeightType::IQ4NL => {
            let b = &row[sub * 18..sub * 18 + 18];
            iq4_values(&b[2..], &mut out.qs);
            let d = half(b, 0);
            out.scale = [d, d];
        }
        WeightType::IQ4XS => {
            let b = &row[sub / 8 * 136..sub / 8 * 136 + 136];
            let j = sub % 8;
            iq4_values(&b[8 + 16 * j..], &mut out.qs);
            let scale = half(b, 0) * iq4xs_scale(b, j) as f32;
            out.scale = [scale, scale];
        }
        WeightType::F32 | WeightType::F16 | WeightType::BF16 => {
            unreachable!("float rows are not decoded in sub-blocks")
        }
    }
    out
}

/// Dequantizes a whole row (for embedding lookups and tests), with ggml's arithmetic to the
/// bit, the sign of a zero included: Q4_0 as `(q − 8) × d`, the types without an offset as
/// `q × d` alone.
pub fn dequantize_row(ty: WeightType, row: &[u8], out: &mut [f32]) {
    if ty.is_float() {
        for (i, x) in out.iter_mut().enumerate() {
            *x = super::float::value(ty, row, i);
        }
        return;
    }
    for (sub, chunk) in out.chunks_exact_mut(QK).enumerate() {
        let b = decode(ty, row, sub);
        for (i, x) in chunk.iter_mut().enumerate() {
            let scale = b.scale[i / 16];
            *x = match ty.centre() {
                Some(c) => (b.qs[i] - c) as f32 * scale,
                None if ty == WeightType::Q2K => b.qs[i] as f32 * scale + b.halves[i / 16],
                None if ty.has_offset() => b.qs[i] as f32 * scale + b.offset,
                None => b.qs[i] as f32 * scale,
            };
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
        let offset = match ty {
            WeightType::Q2K => w.halves[0] * a.halves[0] + w.halves[1] * a.halves[1],
            _ => w.offset * a.s,
        };
        total += a.d * (w.scale[0] * halves[0] as f32 + w.scale[1] * halves[1] as f32) + offset;
    }
    total
}
