//! A GGUF file opened: its header (`header`), metadata access with errors that name the key
//! and the file, and the file memory-mapped.

mod header;

pub use header::{check_extents, read_header, type_name, TensorEntry, Tensors};

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

    pub fn string_opt(&self, key: &str) -> Result<Option<String>> {
        match self.values.contains_key(key) {
            true => self.string(key).map(Some),
            false => Ok(None),
        }
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

/// An opened GGUF file: its parsed header and a reader positioned for tensor loads.
pub struct GgufFile {
    pub path: PathBuf,
    /// For candle: the metadata, and the tensors of the types candle reads.
    pub content: gguf_file::Content,
    /// Every tensor, whatever its type.
    pub tensors: Tensors,
    pub reader: BufReader<File>,
}

impl GgufFile {
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).with_context(|| format!("opening `{}`", path.display()))?;
        let mut reader = BufReader::new(file);
        let (content, tensors) = read_header(&mut reader)
            .with_context(|| format!("`{}` is not a readable GGUF file", path.display()))?;
        let len = reader
            .get_ref()
            .metadata()
            .with_context(|| format!("reading `{}`", path.display()))?
            .len();
        check_extents(&tensors, len).with_context(|| format!("`{}`", path.display()))?;
        Ok(Self {
            path: path.to_path_buf(),
            content,
            tensors,
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
