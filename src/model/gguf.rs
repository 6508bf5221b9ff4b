//! Reading a GGUF file's header: metadata access with errors that name the key and the file.

use std::collections::HashMap;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use candle_core::quantized::gguf_file::{self, Value};

/// The metadata of one GGUF file.
pub struct Metadata<'a> {
    path: &'a Path,
    values: &'a HashMap<String, Value>,
}

impl<'a> Metadata<'a> {
    pub fn new(path: &'a Path, values: &'a HashMap<String, Value>) -> Self {
        Self { path, values }
    }

    fn get(&self, key: &str) -> Result<&Value> {
        self.values
            .get(key)
            .with_context(|| format!("`{}` has no metadata key `{key}`", self.path.display()))
    }

    pub fn string(&self, key: &str) -> Result<String> {
        let value = self.get(key)?;
        value
            .to_string()
            .cloned()
            .with_context(|| format!("`{}`: `{key}` is not a string", self.path.display()))
    }

    pub fn usize(&self, key: &str) -> Result<usize> {
        let value = self.get(key)?;
        let n = match value {
            Value::U8(v) => *v as u64,
            Value::U16(v) => *v as u64,
            Value::U32(v) => *v as u64,
            Value::U64(v) => *v,
            Value::I32(v) if *v >= 0 => *v as u64,
            Value::I64(v) if *v >= 0 => *v as u64,
            other => bail!(
                "`{}`: `{key}` is not a non-negative integer ({other:?})",
                self.path.display()
            ),
        };
        Ok(n as usize)
    }

    pub fn usize_opt(&self, key: &str) -> Result<Option<usize>> {
        match self.values.contains_key(key) {
            true => self.usize(key).map(Some),
            false => Ok(None),
        }
    }

    pub fn f32(&self, key: &str) -> Result<f32> {
        match self.get(key)? {
            Value::F32(v) => Ok(*v),
            Value::F64(v) => Ok(*v as f32),
            other => bail!(
                "`{}`: `{key}` is not a float ({other:?})",
                self.path.display()
            ),
        }
    }

    pub fn f32_opt(&self, key: &str) -> Result<Option<f32>> {
        match self.values.contains_key(key) {
            true => self.f32(key).map(Some),
            false => Ok(None),
        }
    }
}

/// Fails when a tensor lies (partly) past the end of a file of `len` bytes: a truncated
/// download, which memory-mapping would otherwise turn into a crash on first use.
pub fn check_extents(content: &gguf_file::Content, len: u64) -> Result<()> {
    let mut furthest: Option<(u64, &str)> = None;
    for (name, info) in &content.tensor_infos {
        let dtype = info.ggml_dtype;
        let bytes = (info.shape.elem_count() as u64 / dtype.block_size() as u64)
            .checked_mul(dtype.type_size() as u64);
        let end = bytes
            .and_then(|b| b.checked_add(info.offset))
            .and_then(|e| e.checked_add(content.tensor_data_offset));
        let Some(end) = end else {
            bail!("tensor `{name}` has an impossible size or offset");
        };
        if furthest.is_none_or(|(f, _)| end > f) {
            furthest = Some((end, name));
        }
    }
    match furthest {
        Some((end, name)) if end > len => bail!(
            "the file is truncated: it has {len} bytes, but tensor `{name}` ends at byte {end}; \
             fetch it again"
        ),
        _ => Ok(()),
    }
}

/// An opened GGUF file: its parsed header and a reader positioned for tensor loads.
pub struct GgufFile {
    pub path: PathBuf,
    pub content: gguf_file::Content,
    pub reader: BufReader<File>,
}

impl GgufFile {
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).with_context(|| format!("opening `{}`", path.display()))?;
        let mut reader = BufReader::new(file);
        let content = gguf_file::Content::read(&mut reader)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("`{}` is not a readable GGUF file", path.display()))?;
        let len = reader
            .get_ref()
            .metadata()
            .with_context(|| format!("reading `{}`", path.display()))?
            .len();
        check_extents(&content, len).with_context(|| format!("`{}`", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            content,
            reader,
        })
    }

    pub fn metadata(&self) -> Metadata<'_> {
        Metadata::new(&self.path, &self.content.metadata)
    }

    /// The whole file memory-mapped (weights are read in place, shared with the page cache).
    pub fn map(&self) -> Result<std::sync::Arc<memmap2::Mmap>> {
        // SAFETY: the map is read-only; a file changed under a running model is outside what
        // we guard against, as with llama.cpp's mmap.
        let map = unsafe { memmap2::Mmap::map(self.reader.get_ref()) }
            .with_context(|| format!("memory-mapping `{}`", self.path.display()))?;
        Ok(std::sync::Arc::new(map))
    }

    /// `general.architecture`, e.g. `gemma3`.
    pub fn architecture(&self) -> Result<String> {
        self.metadata().string("general.architecture")
    }
}
