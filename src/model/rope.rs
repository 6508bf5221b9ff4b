//! Rotary position embeddings for the native CPU forward pass: the tables of the positions
//! being run, and the rotation of one head, in either layout GGUF files use.

/// Which elements of a head form the pairs that rotate together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RopeLayout {
    /// The two halves of the head (`x[j]` with `x[j + half]`): gemma3, qwen2, qwen3.
    Halves,
    /// Neighbours (`x[2j]` with `x[2j + 1]`): llama, whose query and key rows GGUF converters
    /// permute for it.
    Neighbours,
}

/// RoPE for one frequency base: the inverse frequencies, and cos and sin of the positions of
/// the current piece only (`n × head_dim / 2`), so nothing grows with the context.
pub struct Rope {
    inv_freq: Vec<f32>,
    position_scale: f32,
    layout: RopeLayout,
    cos: Vec<f32>,
    sin: Vec<f32>,
}

impl Rope {
    /// `factors` divide the frequencies one by one (Llama 3's `rope_freqs.weight`).
    pub fn new(
        head_dim: usize,
        base: f32,
        position_scale: f32,
        layout: RopeLayout,
        factors: Option<&[f32]>,
    ) -> Self {
        let half = head_dim / 2;
        let inv_freq = (0..half)
            .map(|i| {
                let f = 1.0 / base.powf((2 * i) as f32 / head_dim as f32);
                match factors {
                    Some(factors) => f / factors[i],
                    None => f,
                }
            })
            .collect();
        Self {
            inv_freq,
            position_scale,
            layout,
            cos: Vec::new(),
            sin: Vec::new(),
        }
    }

    /// Fills the tables for positions `start..start + n`.
    pub fn prepare(&mut self, start: usize, n: usize) {
        self.prepare_at(start..start + n);
    }

    /// Fills the tables for these positions, one row each.
    pub fn prepare_at(&mut self, positions: impl Iterator<Item = usize>) {
        self.cos.clear();
        self.sin.clear();
        for p in positions {
            for f in &self.inv_freq {
                let angle = p as f32 * self.position_scale * f;
                self.cos.push(angle.cos());
                self.sin.push(angle.sin());
            }
        }
    }

    /// Rotates one head of the piece's token `i`.
    pub fn apply(&self, x: &mut [f32], i: usize) {
        let half = self.inv_freq.len();
        let (cos, sin) = (&self.cos[i * half..][..half], &self.sin[i * half..][..half]);
        let rotate =
            |x1: f32, x2: f32, j: usize| (x1 * cos[j] - x2 * sin[j], x1 * sin[j] + x2 * cos[j]);
        match self.layout {
            RopeLayout::Halves => {
                let (a, b) = x.split_at_mut(half);
                for j in 0..half {
                    (a[j], b[j]) = rotate(a[j], b[j], j);
                }
            }
            RopeLayout::Neighbours => {
                for (j, pair) in x.chunks_exact_mut(2).enumerate() {
                    (pair[0], pair[1]) = rotate(pair[0], pair[1], j);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_layouts_rotate_the_same_pairs_by_the_same_angles() {
        let head: Vec<f32> = (0..8).map(|i| 1.0 + i as f32 * 0.5).collect();
        let mut halves = Rope::new(8, 10_000.0, 1.0, RopeLayout::Halves, None);
        let mut neighbours = Rope::new(8, 10_000.0, 1.0, RopeLayout::Neighbours, None);
        halves.prepare(5, 1);
        neighbours.prepare(5, 1);
        // The same head with its pairs placed as each layout reads them.
        let interleaved: Vec<f32> = (0..4).flat_map(|j| [head[j], head[j + 4]]).collect();
        let (mut a, mut b) = (head.clone(), interleaved);
        halves.apply(&mut a, 0);
        neighbours.apply(&mut b, 0);
        for j in 0..4 {
            assert!((a[j] - b[2 * j]).abs() < 1e-6 && (a[j + 4] - b[2 * j + 1]).abs() < 1e-6);
        }
        // Position 0 rotates nothing; a frequency factor of 2 at position 2 is position 1.
        let mut still = head.clone();
        halves.prepare(0, 1);
        halves.apply(&mut still, 0);
        assert_eq!(still, head);
        let mut slowed = Rope::new(8, 10_000.0, 1.0, RopeLayout::Halves, Some(&[2.0; 4]));
        slowed.prepare(2, 1);
        halves.prepare(1, 1);
        let (mut c, mut d) = (head.clone(), head.clone());
        slowed.apply(&mut c, 0);
        halves.apply(&mut d, 0);
        assert!(c.iter().zip(&d).all(|(x, y)| (x - y).abs() < 1e-6));
    }
}
