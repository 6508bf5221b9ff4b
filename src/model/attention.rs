//! Attention over the f16 key/value cache of one layer: query by query for short pieces
//! (decoding), as two matrix products per block of queries for prompts (scores = Q·Kᵀ, masked
//! and softmaxed, then P·V), and query by query for branches (rows decoded side by side after
//! a shared prefix, each with its own tail of keys).

use std::cell::RefCell;

use crate::kernels::pool::Pool;

use crate::kernels::vector;

/// One layer's cache: position `p` lives in slot `p % capacity`, `n_kv × head_dim` values.
pub struct Cache<'a> {
    pub keys: &'a [u16],
    pub values: &'a [u16],
    pub capacity: usize,
    /// `Some(w)`: a query sees only the last `w` positions (itself included).
    pub window: Option<usize>,
}

/// The piece whose queries attend: `n` tokens placed at `position`, their projections in
/// `qkv` (rows of `width`, queries first).
pub struct Piece<'a> {
    pub qkv: &'a [f32],
    pub width: usize,
    pub position: usize,
    pub n: usize,
}

/// Head counts of the attention.
pub struct Heads {
    pub n_head: usize,
    pub n_kv: usize,
    pub head_dim: usize,
}

/// Rows decoded side by side after a shared prefix: row `i` of the piece is on branch `of[i]`
/// at `positions[i]`. A branch's positions from `start` live in its own tail of `stride`
/// slots (`n_kv × head_dim` values each); the prefix is the cache's.
pub struct Branches<'a> {
    pub keys: &'a [u16],
    pub values: &'a [u16],
    pub start: usize,
    pub stride: usize,
    pub of: &'a [usize],
    pub positions: &'a [usize],
}

impl Branches<'_> {
    /// Key (or value) `position` (at least `start`) of `branch`, kv head `kv`, in f16.
    fn row<'b>(
        &self,
        of: &'b [u16],
        branch: usize,
        position: usize,
        kv: usize,
        heads: &Heads,
    ) -> &'b [u16] {
        let hd = heads.head_dim;
        let slot = (branch * self.stride + position - self.start) * heads.n_kv * hd + kv * hd;
        &of[slot..slot + hd]
    }
}

impl Cache<'_> {
    fn first_visible(&self, query: usize) -> usize {
        match self.window {
            Some(w) => (query + 1).saturating_sub(w),
            None => 0,
        }
    }

    /// Key (or value) `position` of kv head `kv`, in f16.
    fn row<'b>(&self, of: &'b [u16], position: usize, kv: usize, heads: &Heads) -> &'b [u16] {
        let hd = heads.head_dim;
        let slot = (position % self.capacity) * heads.n_kv * hd + kv * hd;
        &of[slot..slot + hd]
    }
}

/// Pieces at least this long (one block of queries) go through the matrix products; shorter
/// ones gain little from them. The two paths sum in different orders, which moves near-tied
/// logits by a few tenths: on the 25-token prompts of the greedy check against llama.cpp,
/// products from 16 tokens put one of llama.cpp's choices 0.44 below our best (the check
/// allows 0.35). That is within llama.cpp's own spread: its f16 and f32 caches put each
/// other's choices up to 0.86 below their best on a 160-token prompt, where the products are
/// held to 0.35 of llama.cpp's f16 runs
/// (`tests/it/model.rs::prompt_attention_stays_within_llama_cpps_own_spread`).
const PRODUCTS_FROM: usize = 64;
/// Query tokens per pair of products (bounds the score matrix).
const BLOCK: usize = 64;

type Buffers = (Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>, Vec<f32>);

thread_local! {
    static BUFFERS: RefCell<Buffers> = const {
        RefCell::new((Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new()))
    };
}

/// The attention of the piece's queries over the cache (which already holds the piece's keys
/// and values): `out` is `n × n_head × head_dim`.
pub fn attend(cache: &Cache<'_>, piece: &Piece<'_>, heads: &Heads, out: &mut [f32]) {
    if piece.n >= PRODUCTS_FROM {
        by_products(cache, piece, heads, out);
    } else {
        by_query(cache, None, piece, heads, out);
    }
}

/// The attention of branched rows (each at its own position on its own branch) over the
/// shared prefix in `cache` and their own tails, which already hold the rows' keys and values.
pub fn attend_branches(
    cache: &Cache<'_>,
    branches: &Branches<'_>,
    piece: &Piece<'_>,
    heads: &Heads,
    out: &mut [f32],
) {
    debug_assert_eq!(branches.of.len(), piece.n);
    debug_assert_eq!(branches.positions.len(), piece.n);
    by_query(cache, Some(branches), piece, heads, out);
}

/// One task per (token, kv head); the query heads sharing a kv head read each key once. With
/// `branches`, each token sits at its branch position, and keys from the branches' start are
/// its own.
fn by_query(
    cache: &Cache<'_>,
    branches: Option<&Branches<'_>>,
    piece: &Piece<'_>,
    heads: &Heads,
    out: &mut [f32],
) {
    let Piece {
        qkv,
        width,
        position,
        n,
    } = *piece;
    let (hd, n_kv) = (heads.head_dim, heads.n_kv);
    let group = heads.n_head / n_kv;
    let scale = 1.0 / (hd as f32).sqrt();
    let one = |(task, out): (usize, &mut [f32])| {
        let (i, kv) = (task / n_kv, task % n_kv);
        let p = match branches {
            Some(b) => b.positions[i],
            None => position + i,
        };
        let first = cache.first_visible(p);
        let keys = p + 1 - first;
        let q = &qkv[i * width + kv * group * hd..][..group * hd];
        let key_row = |key: usize| match branches {
            Some(b) if key >= b.start => b.row(b.keys, b.of[i], key, kv, heads),
            _ => cache.row(cache.keys, key, kv, heads),
        };
        let value_row = |key: usize| match branches {
            Some(b) if key >= b.start => b.row(b.values, b.of[i], key, kv, heads),
            _ => cache.row(cache.values, key, kv, heads),
        };
        BUFFERS.with_borrow_mut(|(scores, ..)| {
            scores.clear();
            scores.resize(group * keys, 0.0);
            for (j, key) in (first..=p).enumerate() {
                let k = key_row(key);
                for (h, qh) in q.chunks_exact(hd).enumerate() {
                    scores[h * keys + j] = vector::dot_f16(qh, k) * scale;
                }
            }
            scores.chunks_exact_mut(keys).for_each(softmax);
            out.fill(0.0);
            for (j, key) in (first..=p).enumerate() {
                let v = value_row(key);
                for (h, oh) in out.chunks_exact_mut(hd).enumerate() {
                    vector::axpy_f16(oh, scores[h * keys + j], v);
                }
            }
        });
    };
    let longest = (position + n).min(cache.window.unwrap_or(usize::MAX));
    let out = &mut out[..n * heads.n_head * hd];
    if n * heads.n_head * longest >= 16 * 1024 {
        Pool::global().chunks_mut(out, group * hd, |task, o| one((task, o)));
    } else {
        out.chunks_exact_mut(group * hd).enumerate().for_each(one);
    }
}

/// Blocks of `BLOCK` queries: the keys they see widened once, scores as one product, the
/// causal and window mask, softmax, and the output as a second product.
fn by_products(cache: &Cache<'_>, piece: &Piece<'_>, heads: &Heads, out: &mut [f32]) {
    let Piece {
        qkv,
        width,
        position,
        n,
    } = *piece;
    let (hd, n_kv) = (heads.head_dim, heads.n_kv);
    let group = heads.n_head / n_kv;
    let q_dim = heads.n_head * hd;
    let scale = 1.0 / (hd as f32).sqrt();
    // One task per kv head and block of queries, shared out over the threads (each with its
    // own buffers); gemm's own threads only when there are fewer tasks than threads.
    let tasks: Vec<(usize, usize)> = (0..n_kv)
        .flat_map(|kv| (0..n).step_by(BLOCK).map(move |t0| (kv, t0)))
        .collect();
    let pool = Pool::global();
    let threads = pool.threads();
    let parallelism = match threads {
        t if t > 1 && tasks.len() < t => gemm::Parallelism::Rayon(t),
        _ => gemm::Parallelism::None,
    };
    let out_len = out.len();
    let out_ptr = OutPtr(out.as_mut_ptr());
    let one = |&(kv, t0): &(usize, usize)| {
        BUFFERS.with_borrow_mut(|(q, k, v, s, o)| {
            let t1 = (t0 + BLOCK).min(n);
            let rows = (t1 - t0) * group;
            let last = position + t1 - 1;
            let first = cache.first_visible(position + t0);
            let keys = last + 1 - first;
            k.resize(keys * hd, 0.0);
            v.resize(keys * hd, 0.0);
            for (j, key) in (first..=last).enumerate() {
                let row = j * hd..(j + 1) * hd;
                vector::widen_f16(cache.row(cache.keys, key, kv, heads), &mut k[row.clone()]);
                vector::widen_f16(cache.row(cache.values, key, kv, heads), &mut v[row]);
            }
            // Row r = (token t0 + r / group, head kv × group + r % group).
            q.clear();
            for i in t0..t1 {
                q.extend_from_slice(&qkv[i * width + kv * group * hd..][..group * hd]);
            }
            s.resize(rows * keys, 0.0);
            // Scores: Q (rows × hd) times Kᵀ (`k` is keys × hd), scaled.
            product(s, q, k, Stored::Transposed, hd, scale, parallelism);
            // The causal and window mask: keys a query cannot see get a weight of 0.
            for (r, row) in s.chunks_exact_mut(keys).enumerate() {
                let query = position + t0 + r / group;
                let (lo, hi) = (cache.first_visible(query) - first, query + 1 - first);
                row[..lo].fill(0.0);
                row[hi..].fill(0.0);
                softmax(&mut row[lo..hi]);
            }
            o.resize(rows * hd, 0.0);
            // Output: the weights (rows × keys) times V (keys × hd).
            product(o, s, v, Stored::AsIs, keys, 1.0, parallelism);
            for (r, row) in o.chunks_exact(hd).enumerate() {
                let (i, h) = (t0 + r / group, kv * group + r % group);
                let at = i * q_dim + h * hd;
                assert!(at + hd <= out_len);
                let p = &out_ptr;
                // SAFETY: in bounds (checked); each (token, head) belongs to one task only.
                unsafe { std::ptr::copy_nonoverlapping(row.as_ptr(), p.0.add(at), hd) };
            }
        });
    };
    match threads > 1 && tasks.len() > 1 {
        true => pool.run(tasks.len(), &|i| one(&tasks[i])),
        false => tasks.iter().for_each(one),
    }
}

/// How the right-hand matrix of a `product` is stored.
#[derive(Clone, Copy, PartialEq)]
enum Stored {
    /// `inner × n`, row-major.
    AsIs,
    /// Its transpose: `n × inner`, row-major.
    Transposed,
}

/// `out` (`m × n`, row-major) = `alpha × lhs × rhs`, with `lhs` `m × inner` row-major; the
/// sizes are checked, `m` and `n` derived from them.
fn product(
    out: &mut [f32],
    lhs: &[f32],
    rhs: &[f32],
    stored: Stored,
    inner: usize,
    alpha: f32,
    parallelism: gemm::Parallelism,
) {
    let m = lhs.len() / inner;
    let n = rhs.len() / inner;
    assert!(lhs.len() == m * inner && rhs.len() == n * inner && out.len() == m * n);
    let (rhs_col, rhs_row) = match stored {
        Stored::AsIs => (1, n as isize),
        Stored::Transposed => (inner as isize, 1),
    };
    // SAFETY: the strides describe `out` (m × n), `lhs` (m × inner) and `rhs` (inner × n as
    // stored), whose lengths were checked above.
    unsafe {
        gemm::gemm(
            m,
            n,
            inner,
            out.as_mut_ptr(),
            1,
            n as isize,
            false,
            lhs.as_ptr(),
            1,
            inner as isize,
            rhs.as_ptr(),
            rhs_col,
            rhs_row,
            0.0,
            alpha,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// The output, written by several tasks at disjoint places.
struct OutPtr(*mut f32);
// SAFETY: only `by_products`' tasks write through it, each at the (token, head) rows it owns,
// bounds-checked, while the `&mut [f32]` it came from is borrowed for the call.
unsafe impl Send for OutPtr {}
// SAFETY: as above: no two tasks write the same element, and nothing reads it meanwhile.
unsafe impl Sync for OutPtr {}

/// In place; every row has at least one finite score (the query's own key).
fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0f32;
    for s in row.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    let inv = 1.0 / sum;
    row.iter_mut().for_each(|s| *s *= inv);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::tests::values as noise;
    use crate::kernels::vector::to_f16;

    /// The attention written out plainly, in f64: each query head against every key it may
    /// see (causal, within the window), softmax, weighted sum of the values.
    fn reference(cache: &Cache<'_>, piece: &Piece<'_>, heads: &Heads) -> Vec<f32> {
        let (hd, group) = (heads.head_dim, heads.n_head / heads.n_kv);
        let widen = |v: &[u16]| -> Vec<f64> {
            v.iter()
                .map(|b| half::f16::from_bits(*b).to_f64())
                .collect()
        };
        let mut out = vec![0f32; piece.n * heads.n_head * hd];
        for i in 0..piece.n {
            let p = piece.position + i;
            let first = match cache.window {
                Some(w) => (p + 1).saturating_sub(w),
                None => 0,
            };
            for h in 0..heads.n_head {
                let kv = h / group;
                let q = &piece.qkv[i * piece.width + h * hd..][..hd];
                let scores: Vec<f64> = (first..=p)
                    .map(|key| {
                        let k = widen(cache.row(cache.keys, key, kv, heads));
                        q.iter().zip(&k).map(|(a, b)| *a as f64 * b).sum::<f64>()
                            / (hd as f64).sqrt()
                    })
                    .collect();
                let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let weights: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                let total: f64 = weights.iter().sum();
                for (j, key) in (first..=p).enumerate() {
                    let v = widen(cache.row(cache.values, key, kv, heads));
                    for d in 0..hd {
                        out[(i * heads.n_head + h) * hd + d] += (weights[j] / total * v[d]) as f32;
                    }
                }
            }
        }
        out
    }

    /// Both paths (per query below `PRODUCTS_FROM` tokens, products from it), with and without
    /// a sliding window over a ring cache, against the plain reference.
    #[test]
    fn both_paths_match_a_plain_reference() {
        let heads = Heads {
            n_head: 4,
            n_kv: 2,
            head_dim: 16,
        };
        let kv_width = heads.n_kv * heads.head_dim;
        let q_width = heads.n_head * heads.head_dim;
        let width = q_width + 2 * kv_width;
        for (n, position, window) in [
            (1, 0, None),
            (5, 37, None),
            (3, 90, Some(32)),
            (PRODUCTS_FROM, 0, None),
            (PRODUCTS_FROM + 7, 20, None),
            (2 * BLOCK + 3, 150, Some(48)),
        ] {
            let capacity = match window {
                Some(w) => w + n,
                None => position + n,
            };
            let keys: Vec<u16> = noise(capacity * kv_width, 1 + n as u64)
                .into_iter()
                .map(to_f16)
                .collect();
            let values: Vec<u16> = noise(capacity * kv_width, 2 + n as u64)
                .into_iter()
                .map(to_f16)
                .collect();
            let qkv = noise(n * width, 3 + n as u64);
            let cache = Cache {
                keys: &keys,
                values: &values,
                capacity,
                window,
            };
            let piece = Piece {
                qkv: &qkv,
                width,
                position,
                n,
            };
            let mut out = vec![f32::NAN; n * q_width];
            attend(&cache, &piece, &heads, &mut out);
            let want = reference(&cache, &piece, &heads);
            for (k, (got, want)) in out.iter().zip(&want).enumerate() {
                assert!(
                    (got - want).abs() < 1e-4,
                    "n {n}, position {position}, window {window:?}: value {k} is {got}, \
                     the reference {want}"
                );
            }
        }
    }

    /// Branched rows see the shared prefix (through the window, over a ring) and their own
    /// tail only: each matches the plain reference on a cache holding its prefix and tail.
    #[test]
    fn branches_see_the_prefix_and_their_own_tail() {
        let heads = Heads {
            n_head: 4,
            n_kv: 1,
            head_dim: 16,
        };
        let kv_width = heads.n_kv * heads.head_dim;
        let width = heads.n_head * heads.head_dim + 2 * kv_width;
        for (start, tail, window) in [(1, 0, None), (40, 5, None), (90, 7, Some(32))] {
            // The rows sit at different depths of their tails.
            let depths = [tail, tail / 2, 0];
            let capacity = match window {
                Some(w) => w + 8,
                None => start,
            };
            let (stride, of) = (tail + 3, [2usize, 0, 1]);
            let f16 = |n: usize, seed: u64| -> Vec<u16> {
                noise(n, seed).into_iter().map(to_f16).collect()
            };
            let (keys, values) = (f16(capacity * kv_width, 1), f16(capacity * kv_width, 2));
            let tail_keys = f16(3 * stride * kv_width, 3);
            let tail_values = f16(3 * stride * kv_width, 4);
            let qkv = noise(of.len() * width, 5);
            let cache = Cache {
                keys: &keys,
                values: &values,
                capacity,
                window,
            };
            let positions: Vec<usize> = depths.iter().map(|d| start + d).collect();
            let branches = Branches {
                keys: &tail_keys,
                values: &tail_values,
                start,
                stride,
                of: &of,
                positions: &positions,
            };
            let piece = Piece {
                qkv: &qkv,
                width,
                position: start,
                n: of.len(),
            };
            let mut out = vec![f32::NAN; of.len() * heads.n_head * heads.head_dim];
            attend_branches(&cache, &branches, &piece, &heads, &mut out);
            for (i, &branch) in of.iter().enumerate() {
                let position = positions[i];
                // The row's own history laid out flat: prefix, then its tail.
                let (mut k, mut v) = (Vec::new(), Vec::new());
                for p in 0..=position {
                    let visible = window.is_none_or(|w| p + w > position);
                    let (kr, vr) = match (p >= start, visible) {
                        (true, _) => (
                            branches.row(&tail_keys, branch, p, 0, &heads),
                            branches.row(&tail_values, branch, p, 0, &heads),
                        ),
                        (false, true) => (
                            cache.row(&keys, p, 0, &heads),
                            cache.row(&values, p, 0, &heads),
                        ),
                        (false, false) => (&[0u16; 16][..], &[0u16; 16][..]),
                    };
                    k.extend_from_slice(kr);
                    v.extend_from_slice(vr);
                }
                let flat = Cache {
                    keys: &k,
                    values: &v,
                    capacity: position + 1,
                    window,
                };
                let own = Piece {
                    qkv: &qkv[i * width..(i + 1) * width],
                    width,
                    position,
                    n: 1,
                };
                let want = reference(&flat, &own, &heads);
                let got = &out[i * want.len()..(i + 1) * want.len()];
                for (got, want) in got.iter().zip(&want) {
                    assert!(
                        (got - want).abs() < 1e-4,
                        "start {start}, tail {tail}, row {i}: {got} against {want}"
                    );
                }
            }
        }
    }
}
