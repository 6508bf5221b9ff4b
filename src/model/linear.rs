//! A quantized linear layer: our kernels over the memory-mapped GGUF bytes on the CPU, candle's
//! `QMatMul` on other devices or for weight types our kernels do not read.

use std::cell::RefCell;
use std::sync::Arc;

use anyhow::{Context, Result};
use candle_core::quantized::{gguf_file, QMatMul};
use candle_core::{Device, Module, Tensor};
use memmap2::Mmap;

use crate::kernels::{self, activation, Bytes, Isa, QWeight, Quantized, WeightType};
use crate::model::gguf::Tensors;

pub enum Linear {
    Native(QWeight),
    Candle(QMatMul),
}

thread_local! {
    /// Activations quantized for the kernels, reused from call to call.
    static SCRATCH: RefCell<Quantized> = RefCell::new(Quantized::default());
}

/// A file's tensors and its bytes memory-mapped: what native weights are read from.
#[derive(Clone, Copy)]
pub struct Mapped<'a> {
    pub tensors: &'a Tensors,
    pub map: &'a Arc<Mmap>,
}

/// The GGUF bytes of tensor `name` as a native weight, when our kernels read its type.
pub fn native_weight(mapped: Mapped, name: &str) -> Result<Option<QWeight>> {
    let Mapped { tensors, map } = mapped;
    let info = tensors
        .get(name)
        .with_context(|| format!("no tensor `{name}`"))?;
    let Some(ty) = WeightType::from_ggml_id(info.ggml_type) else {
        return Ok(None);
    };
    let dims = &info.dims;
    anyhow::ensure!(dims.len() == 2, "`{name}` is not a matrix ({dims:?})");
    let (rows, cols) = (dims[0], dims[1]);
    let start = tensors.start(info) as usize;
    let len = rows * ty.row_bytes(cols);
    anyhow::ensure!(
        start + len <= map.len(),
        "`{name}` ends past the end of the file ({} > {} bytes)",
        start + len,
        map.len()
    );
    let owner: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(MapBytes(map.clone()));
    let weight = QWeight::new(ty, rows, cols, Bytes::new(owner, start..start + len))
        .with_context(|| format!("`{name}`"))?;
    Ok(Some(weight))
}

/// A Q8_0 matrix read from the file (a slice at a time, so that the memory map's pages of it
/// are never touched and it is not held twice) into memory of its own as `Q8_0Pairs`, the
/// layout the 512-bit kernels read fastest; `weight` is the same matrix as mapped. Row `r`
/// of the file goes to row `row_of[r]` when an order is given. Matrices of other types, or
/// with an odd number of blocks in a row, stay as they are (`None`).
pub fn as_q8_0_pairs<R: std::io::Read + std::io::Seek>(
    tensors: &Tensors,
    reader: &mut R,
    name: &str,
    weight: &QWeight,
    row_of: Option<&[u32]>,
) -> Result<Option<QWeight>> {
    let pair_bytes = WeightType::Q8_0Pairs.block_bytes();
    if weight.ty != WeightType::Q8_0 || !weight.row_bytes().is_multiple_of(pair_bytes) {
        return Ok(None);
    }
    if let Some(order) = row_of {
        anyhow::ensure!(
            order.len() == weight.rows,
            "an order of {} rows for `{name}`",
            order.len()
        );
    }
    let start = tensors
        .get(name)
        .map(|info| tensors.start(info))
        .with_context(|| format!("no tensor `{name}`"))?;
    let len = weight.rows * weight.row_bytes();
    let row_bytes = weight.row_bytes();
    let mut pairs = vec![0u8; len];
    // Whole rows at a time, about 2 MB.
    let rows_per_slice = (2 << 20) / row_bytes + 1;
    let mut slice = vec![0u8; row_bytes * rows_per_slice];
    reader.seek(std::io::SeekFrom::Start(start))?;
    let mut row = 0;
    while row < weight.rows {
        let n = rows_per_slice.min(weight.rows - row);
        let read = &mut slice[..n * row_bytes];
        reader
            .read_exact(read)
            .with_context(|| format!("reading `{name}`"))?;
        for (i, bytes) in read.chunks_exact(row_bytes).enumerate() {
            let to = row_of.map_or(row + i, |order| order[row + i] as usize);
            kernels::blocks::repack_q8_0(bytes, &mut pairs[to * row_bytes..(to + 1) * row_bytes]);
        }
        row += n;
    }
    QWeight::new(
        WeightType::Q8_0Pairs,
        weight.rows,
        weight.cols,
        Bytes::from_vec(pairs),
    )
    .map(Some)
}

struct MapBytes(Arc<Mmap>);

impl AsRef<[u8]> for MapBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Linear {
    /// Loads tensor `name`: natively on the CPU when `map` is given and the type is one our
    /// kernels read, otherwise through candle.
    pub fn load<R: std::io::Read + std::io::Seek>(
        ct: &gguf_file::Content,
        reader: &mut R,
        mapped: Option<Mapped>,
        name: &str,
        device: &Device,
    ) -> Result<Self> {
        if let Some(mapped) = mapped {
            if let Some(w) = native_weight(mapped, name)? {
                return Ok(Self::Native(w));
            }
        }
        Ok(Self::Candle(QMatMul::from_qtensor(
            ct.tensor(reader, name, device)?,
        )?))
    }

    /// `xs` (`… × cols`) times the weight: `… × rows`.
    pub fn forward(&self, xs: &Tensor) -> candle_core::Result<Tensor> {
        Ok(Self::forward_many(&[self], xs)?.remove(0))
    }

    /// `xs` times each of `layers` (all reading the same input), natively in one pass over the
    /// thread pool when they are all native.
    pub fn forward_many(layers: &[&Self], xs: &Tensor) -> candle_core::Result<Vec<Tensor>> {
        let Some(weights) = native(layers) else {
            return layers
                .iter()
                .map(|l| match l {
                    Self::Candle(m) => m.forward(xs),
                    Self::Native(_) => Self::forward_many(&[*l], xs).map(|mut v| v.remove(0)),
                })
                .collect();
        };
        let (out, tokens, total) = native_products(&weights, xs)?;
        let mut lead = xs.dims().to_vec();
        lead.pop();
        let all = Tensor::from_vec(out, (tokens, total), xs.device())?;
        let mut column = 0;
        weights
            .iter()
            .map(|w| {
                let part = all.narrow(1, column, w.rows)?.contiguous()?;
                column += w.rows;
                let mut shape = lead.clone();
                shape.push(w.rows);
                part.reshape(shape)
            })
            .collect()
    }

    /// `gelu(xs × gate) × (xs × up)`, GELU as ggml computes it; gate and up in one pass.
    pub fn gated_gelu(gate: &Self, up: &Self, xs: &Tensor) -> candle_core::Result<Tensor> {
        let Some(weights) = native(&[gate, up]) else {
            let g = gate.forward(xs)?;
            if !g.device().is_cpu() {
                // On a GPU: candle's tanh GELU, the formula ggml's CUDA and Metal kernels use
                // (the f16 table below is ggml's CPU GELU), so nothing leaves the device.
                return g.gelu()?.mul(&up.forward(xs)?);
            }
            let values = g.flatten_all()?.to_vec1::<f32>()?;
            let values: Vec<f32> = values.into_iter().map(activation::gelu_like_ggml).collect();
            let g = Tensor::from_vec(values, g.shape(), g.device())?;
            return g.mul(&up.forward(xs)?);
        };
        let (both, tokens, total) = native_products(&weights, xs)?;
        let width = weights[0].rows;
        anyhow_free_ensure(weights[1].rows == width, "gate and up differ in width")?;
        let mut out = vec![0f32; tokens * width];
        for (o, row) in out.chunks_exact_mut(width).zip(both.chunks_exact(total)) {
            activation::gelu_times(&row[..width], &row[width..], o);
        }
        let mut shape = xs.dims().to_vec();
        *shape.last_mut().expect("at least one dimension") = width;
        Tensor::from_vec(out, shape, xs.device())
    }
}

fn anyhow_free_ensure(ok: bool, message: &str) -> candle_core::Result<()> {
    match ok {
        true => Ok(()),
        false => candle_core::bail!("{message}"),
    }
}

/// The native weights of `layers`, when all of them are native.
fn native<'a>(layers: &[&'a Linear]) -> Option<Vec<&'a QWeight>> {
    layers
        .iter()
        .map(|l| match l {
            Linear::Native(w) => Some(w),
            Linear::Candle(_) => None,
        })
        .collect()
}

/// `xs` times every weight, outputs side by side: (`tokens × Σ rows`, tokens, Σ rows).
fn native_products(
    weights: &[&QWeight],
    xs: &Tensor,
) -> candle_core::Result<(Vec<f32>, usize, usize)> {
    let cols = weights[0].cols;
    let format = weights[0].ty.activations();
    if weights.iter().any(|w| w.ty.activations() != format) {
        candle_core::bail!("weights read from one input need one activation format");
    }
    let input = xs.flatten_all()?.to_vec1::<f32>()?;
    let tokens = input.len() / cols;
    let total: usize = weights.iter().map(|w| w.rows).sum();
    let mut out = vec![0f32; tokens * total];
    SCRATCH.with_borrow_mut(|acts| {
        acts.quantize(format, &input, cols);
        kernels::matmul_many(Isa::detected(), weights, acts, &mut out);
    });
    Ok((out, tokens, total))
}
