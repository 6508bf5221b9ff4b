//! Language models: one enum over the supported architectures, chosen from the GGUF's
//! `general.architecture`, with one `forward(ids, position)` for all.

pub mod attention;
pub mod gemma3;
pub mod gemma3_cpu;
pub mod gguf;
pub mod linear;
mod rope;
pub mod stock;

use std::path::Path;

use anyhow::{Context, Result};
use candle_core::{Device, Tensor};

pub use gguf::GgufFile;

/// The architectures this build can run, as GGUF's `general.architecture` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Architecture {
    Gemma3,
    Llama,
    Qwen2,
    Qwen3,
}

impl Architecture {
    pub const ALL: &'static [Architecture] = &[
        Architecture::Gemma3,
        Architecture::Llama,
        Architecture::Qwen2,
        Architecture::Qwen3,
    ];

    /// The name in `general.architecture`.
    pub const fn name(self) -> &'static str {
        match self {
            Architecture::Gemma3 => "gemma3",
            Architecture::Llama => "llama",
            Architecture::Qwen2 => "qwen2",
            Architecture::Qwen3 => "qwen3",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|a| a.name() == name)
    }

    /// The names, for messages: `gemma3, llama, qwen2, qwen3`.
    pub fn names() -> String {
        Self::ALL
            .iter()
            .map(|a| a.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// An unsupported `general.architecture`; callers may branch on it.
#[derive(Debug, thiserror::Error)]
#[error(
    "`{path}`: architecture `{architecture}` is not supported (supported: {})",
    Architecture::names()
)]
pub struct UnsupportedArchitecture {
    pub path: String,
    pub architecture: String,
}

pub enum Model {
    /// Gemma 3 on the CPU, natively (our kernels and buffers).
    Gemma3Cpu(Box<gemma3_cpu::Gemma3Cpu>),
    /// Gemma 3 through candle's tensors (GPU devices, or weight types our kernels lack).
    Gemma3(gemma3::Gemma3),
    Stock(stock::StockModel),
}

/// The file's architecture, when this build can run it.
pub fn supported_architecture(file: &GgufFile) -> Result<Architecture> {
    let architecture = file.architecture()?;
    Architecture::from_name(&architecture).ok_or_else(|| {
        UnsupportedArchitecture {
            path: file.path.display().to_string(),
            architecture,
        }
        .into()
    })
}

impl Model {
    /// Loads a GGUF model onto `device`, holding at most `max_positions` of context.
    pub fn load(path: &Path, max_positions: usize, device: &Device) -> Result<Self> {
        Self::from_gguf(GgufFile::open(path)?, max_positions, device)
    }

    /// Loads a GGUF model through candle's tensors and kernels only, whatever the device (the
    /// reference the native CPU path is tested against).
    pub fn load_candle(path: &Path, max_positions: usize, device: &Device) -> Result<Self> {
        let mut file = GgufFile::open(path)?;
        let config = gemma3::Gemma3Config::from_metadata(&file.metadata())?;
        let model = gemma3::Gemma3::load(
            &file.content,
            &mut file.reader,
            None,
            config,
            max_positions,
            device,
        )?;
        Ok(Self::Gemma3(model))
    }

    /// Loads the weights of an opened GGUF file.
    pub fn from_gguf(mut file: GgufFile, max_positions: usize, device: &Device) -> Result<Self> {
        let path = file.path.clone();
        let architecture = supported_architecture(&file)?;
        match architecture {
            Architecture::Gemma3 => {
                let config = gemma3::Gemma3Config::from_metadata(&file.metadata())?;
                let map = match device {
                    Device::Cpu => Some(file.map()?),
                    _ => None,
                };
                if let Some(map) = &map {
                    let native = gemma3_cpu::Gemma3Cpu::load(
                        &file.content,
                        &mut file.reader,
                        map,
                        config.clone(),
                        max_positions,
                    )
                    .with_context(|| format!("loading the weights of `{}`", path.display()))?;
                    if let Some(model) = native {
                        return Ok(Self::Gemma3Cpu(Box::new(model)));
                    }
                }
                let model = gemma3::Gemma3::load(
                    &file.content,
                    &mut file.reader,
                    map.as_ref(),
                    config,
                    max_positions,
                    device,
                )
                .with_context(|| format!("loading the weights of `{}`", path.display()))?;
                Ok(Self::Gemma3(model))
            }
            Architecture::Llama | Architecture::Qwen2 | Architecture::Qwen3 => {
                let model = stock::StockModel::load(file, architecture, max_positions, device)
                    .with_context(|| format!("loading the weights of `{}`", path.display()))?;
                Ok(Self::Stock(model))
            }
        }
    }

    /// Logits of the last of `ids`, placed at `position` after the cached context.
    pub fn forward(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        match self {
            Self::Gemma3Cpu(m) => m.forward(ids, position),
            Self::Gemma3(m) => m.forward(ids, position),
            Self::Stock(m) => m.forward(ids, position),
        }
    }

    /// Whether `forward` may start at any position up to the cached one (otherwise only at
    /// the cached position or at 0).
    pub fn can_rewind(&self) -> bool {
        matches!(self, Self::Gemma3(_) | Self::Gemma3Cpu(_))
    }

    /// Logits of every one of `ids`, shape `(len, vocab)`.
    pub fn forward_all(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        match self {
            Self::Gemma3Cpu(m) => m.forward_all(ids, position),
            Self::Gemma3(m) => m.forward_all(ids, position),
            Self::Stock(_) => {
                anyhow::bail!("logits of every position are only computed for gemma3")
            }
        }
    }

    /// Runs `ids` at `position` and hands the logits of each position in `rows` to `each`.
    pub fn forward_rows(
        &mut self,
        ids: &[u32],
        position: usize,
        rows: std::ops::Range<usize>,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        match self {
            Self::Gemma3Cpu(m) => m.forward_rows(ids, position, rows, each),
            Self::Gemma3(m) => m.forward_rows(ids, position, rows, each),
            Self::Stock(_) => {
                anyhow::bail!("logits of every position are only computed for gemma3")
            }
        }
    }

    /// Whether `forward_branches` runs (the native CPU path): several continuations of the
    /// cached prefix decoded side by side, the weights read once for all.
    pub fn can_branch(&self) -> bool {
        matches!(self, Self::Gemma3Cpu(_))
    }

    /// One token on each of several branches of the cached prefix, each at its position;
    /// see `Gemma3Cpu::forward_branches`.
    pub fn forward_branches(
        &mut self,
        ids: &[u32],
        of: &[usize],
        positions: &[usize],
        stride: usize,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        match self {
            Self::Gemma3Cpu(m) => m.forward_branches(ids, of, positions, stride, each),
            _ => anyhow::bail!("branches are only decoded on the native CPU path"),
        }
    }

    pub fn clear_cache(&mut self) {
        match self {
            Self::Gemma3Cpu(m) => m.clear_cache(),
            Self::Gemma3(m) => m.clear_cache(),
            Self::Stock(m) => m.clear_cache(),
        }
    }

    pub fn max_positions(&self) -> usize {
        match self {
            Self::Gemma3Cpu(m) => m.max_positions(),
            Self::Gemma3(m) => m.max_positions(),
            Self::Stock(m) => m.max_positions(),
        }
    }
}
