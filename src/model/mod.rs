//! Language models: one enum over the supported architectures, chosen from the GGUF's
//! `general.architecture`, with one `forward(ids, position)` for all.

pub mod attention;
pub mod family;
pub mod gemma3;
pub mod gguf;
pub mod linear;
pub mod native;
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
    /// Any supported architecture on the CPU, natively (our kernels and buffers).
    Native(Box<native::Native>),
    /// Gemma 3 through candle's tensors (GPU devices, or weight types our kernels lack).
    Gemma3(gemma3::Gemma3, Option<native::NotNative>),
    /// qwen2, qwen3 and llama through candle-transformers' quantized models (GPU devices, or
    /// weight types our kernels lack); on the CPU, why the native path was not taken.
    Stock(stock::StockModel, Option<native::NotNative>),
}

/// `forward pass: <path>`, and on the CPU why it is not the native one.
fn slower(path: &str, why: &Option<native::NotNative>) -> String {
    match why {
        None => format!("forward pass: {path}"),
        Some(why) => format!(
            "forward pass: {path}, the slow path on the CPU (several times slower than \
             redacteur's native kernels): {}",
            why.0
        ),
    }
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
        let file = GgufFile::open(path)?;
        Self::through_candle(file, max_positions, device, None, None)
    }

    /// Loads the weights of an opened GGUF file: natively on the CPU when our kernels read
    /// them, through candle otherwise.
    pub fn from_gguf(mut file: GgufFile, max_positions: usize, device: &Device) -> Result<Self> {
        let path = file.path.clone();
        let architecture = supported_architecture(&file)?;
        let Device::Cpu = device else {
            return Self::through_candle(file, max_positions, device, None, None);
        };
        let map = file.map()?;
        let why = match family::NativeConfig::from_metadata(architecture, &file.metadata()) {
            // A configuration the native path does not read (a RoPE scaling, say) is not an
            // error: candle may still run the file.
            Err(e) if architecture != Architecture::Gemma3 => native::NotNative(format!("{e:#}")),
            config => {
                let mapped = linear::Mapped {
                    tensors: &file.tensors,
                    map: &map,
                };
                let native = native::Native::load(
                    &file.content.metadata,
                    &mut file.reader,
                    mapped,
                    config?,
                    max_positions,
                )
                .with_context(|| format!("loading the weights of `{}`", path.display()))?;
                match native {
                    Ok(model) => return Ok(Self::Native(Box::new(model))),
                    Err(why) => why,
                }
            }
        };
        Self::through_candle(file, max_positions, device, Some(&map), Some(why))
    }

    /// The file through candle's tensors: our Gemma 3 (reading `map` where our kernels
    /// can), candle-transformers' models for the others.
    fn through_candle(
        mut file: GgufFile,
        max_positions: usize,
        device: &Device,
        map: Option<&std::sync::Arc<memmap2::Mmap>>,
        why: Option<native::NotNative>,
    ) -> Result<Self> {
        let path = file.path.clone();
        let context = || format!("loading the weights of `{}`", path.display());
        let architecture = supported_architecture(&file)?;
        if let Some((name, ty)) = file.tensors.unread_by_candle() {
            let because = match &why {
                Some(why) => format!("the native path cannot take this file: {}", why.0),
                None => "here the model runs through candle".to_string(),
            };
            anyhow::bail!(
                "`{}`: tensor `{name}` is {ty}, which only redacteur's native CPU path reads, \
                 and {because}",
                path.display()
            );
        }
        match architecture {
            Architecture::Gemma3 => {
                let config = gemma3::Gemma3Config::from_metadata(&file.metadata())?;
                let mapped = map.map(|map| linear::Mapped {
                    tensors: &file.tensors,
                    map,
                });
                let model = gemma3::Gemma3::load(
                    &file.content,
                    &mut file.reader,
                    mapped,
                    config,
                    max_positions,
                    device,
                )
                .with_context(context)?;
                Ok(Self::Gemma3(model, why))
            }
            architecture => {
                let model = stock::StockModel::load(file, architecture, max_positions, device)
                    .with_context(context)?;
                Ok(Self::Stock(model, why))
            }
        }
    }

    /// Which forward pass runs the model, and on the CPU why it is not the native one: a
    /// line for the user, once a run.
    pub fn describe(&self) -> String {
        match self {
            Self::Native(m) => format!(
                "forward pass: redacteur's native CPU kernels ({})",
                m.config().architecture.name()
            ),
            Self::Gemma3(_, why) => slower("candle's tensors (gemma3)", why),
            Self::Stock(_, why) => slower("candle-transformers' quantized model", why),
        }
    }

    /// Logits of the last of `ids`, placed at `position` after the cached context.
    pub fn forward(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        match self {
            Self::Native(m) => m.forward(ids, position),
            Self::Gemma3(m, _) => m.forward(ids, position),
            Self::Stock(m, _) => m.forward(ids, position),
        }
    }

    /// Whether `forward` may start at any position up to the cached one (otherwise only at
    /// the cached position or at 0).
    pub fn can_rewind(&self) -> bool {
        matches!(self, Self::Gemma3(..) | Self::Native(_))
    }

    /// Logits of every one of `ids`, shape `(len, vocab)`.
    pub fn forward_all(&mut self, ids: &[u32], position: usize) -> Result<Tensor> {
        match self {
            Self::Native(m) => m.forward_all(ids, position),
            Self::Gemma3(m, _) => m.forward_all(ids, position),
            Self::Stock(..) => {
                anyhow::bail!(
                    "logits of every position are not computed by candle-transformers' models"
                )
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
            Self::Native(m) => m.forward_rows(ids, position, rows, each),
            Self::Gemma3(m, _) => m.forward_rows(ids, position, rows, each),
            Self::Stock(..) => {
                anyhow::bail!(
                    "logits of every position are not computed by candle-transformers' models"
                )
            }
        }
    }

    /// Whether `forward_branches` runs (the native CPU path): several continuations of the
    /// cached prefix decoded side by side, the weights read once for all.
    pub fn can_branch(&self) -> bool {
        matches!(self, Self::Native(_))
    }

    /// One token on each of several branches of the cached prefix, each at its position;
    /// see `Native::forward_branches`.
    pub fn forward_branches(
        &mut self,
        ids: &[u32],
        of: &[usize],
        positions: &[usize],
        stride: usize,
        each: &mut dyn FnMut(usize, &[f32]) -> Result<()>,
    ) -> Result<()> {
        match self {
            Self::Native(m) => m.forward_branches(ids, of, positions, stride, each),
            _ => anyhow::bail!("branches are only decoded on the native CPU path"),
        }
    }

    /// Computes only the logits of tokens written in Latin script (the rest `-inf`), where
    /// the native path has its rows in that order; says whether it does.
    pub fn set_latin_only(&mut self, on: bool) -> bool {
        match self {
            Self::Native(m) => m.set_latin_only(on),
            _ => false,
        }
    }

    pub fn clear_cache(&mut self) {
        match self {
            Self::Native(m) => m.clear_cache(),
            Self::Gemma3(m, _) => m.clear_cache(),
            Self::Stock(m, _) => m.clear_cache(),
        }
    }

    pub fn max_positions(&self) -> usize {
        match self {
            Self::Native(m) => m.max_positions(),
            Self::Gemma3(m, _) => m.max_positions(),
            Self::Stock(m, _) => m.max_positions(),
        }
    }
}
