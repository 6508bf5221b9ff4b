//! Rotary position embeddings (NeoX layout) for the native CPU forward pass: the tables of
//! the positions being run, and the rotation of one head.

/// RoPE for one frequency base: the inverse frequencies, and cos and sin of the positions of
/// the current piece only (`n × head_dim / 2`), so nothing grows with the context.
pub struct Rope {
    inv_freq: Vec<f32>,
    position_scale: f32,
    cos: Vec<f32>,
    sin: Vec<f32>,
}

impl Rope {
    pub fn new(head_dim: usize, base: f32, position_scale: f32) -> Self {
        let half = head_dim / 2;
        let inv_freq = (0..half)
            .map(|i| 1.0 / base.powf((2 * i) as f32 / head_dim as f32))
            .collect();
        Self {
            inv_freq,
            position_scale,
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

    /// Rotates one head of the piece's token `i` (NeoX layout: the two halves of the head
    /// are the pairs).
    pub fn apply(&self, x: &mut [f32], i: usize) {
        let half = self.inv_freq.len();
        let (cos, sin) = (&self.cos[i * half..][..half], &self.sin[i * half..][..half]);
        let (a, b) = x.split_at_mut(half);
        for j in 0..half {
            let (x1, x2) = (a[j], b[j]);
            a[j] = x1 * cos[j] - x2 * sin[j];
            b[j] = x1 * sin[j] + x2 * cos[j];
        }
    }
}
