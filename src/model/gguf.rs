//! Reading a GGUF file's header: metadata access with errors that name the key and the file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
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

/// Reads a GGUF header with candle's reader, after a first pass of ours over the metadata
/// for what that reader does not guard against: `general.alignment` of 0 (a division by
/// zero there, found by fuzzing) or not a power of two (llama.cpp refuses those too).
pub fn read_content<R: Read + Seek>(reader: &mut R) -> Result<gguf_file::Content> {
    let start = reader.stream_position()?;
    let alignment = find_alignment(reader);
    reader.seek(SeekFrom::Start(start))?;
    if let Ok(Some(alignment)) = alignment {
        if alignment == 0 || !alignment.is_power_of_two() {
            bail!("`general.alignment` is {alignment}, not a power of two");
        }
    }
    // Kept as candle's error (not formatted into a string, which would carry the backtrace it
    // captures under RUST_BACKTRACE): `errors::user_message` shows its message only.
    gguf_file::Content::read(reader).map_err(anyhow::Error::new)
}

/// The value of `general.alignment`, if the metadata has one; errors are left to candle's
/// reader, which reports them better.
fn find_alignment<R: Read + Seek>(reader: &mut R) -> Result<Option<u64>> {
    let mut header = [0u8; 8];
    reader.read_exact(&mut header)?;
    let version = u32::from_le_bytes(header[4..8].try_into().expect("4 bytes"));
    let wide = version >= 2;
    let length = |reader: &mut R| read_length(reader, wide);
    let _tensors = length(reader)?;
    let entries = length(reader)?;
    for _ in 0..entries {
        let key_len = length(reader)?;
        // Read as far as the file goes (no allocation of a declared length), and compare as
        // candle does, without trailing NULs.
        let mut key = Vec::new();
        reader.by_ref().take(key_len).read_to_end(&mut key)?;
        anyhow::ensure!(key.len() as u64 == key_len, "a key runs past the end");
        while key.last() == Some(&0) {
            key.pop();
        }
        let kind = u32::from_le_bytes(read_array(reader)?);
        if key == b"general.alignment" {
            let value = match kind {
                0 => u64::from(read_array::<_, 1>(reader)?[0]),
                1 => read_array::<_, 1>(reader)?[0] as i8 as u64,
                2 => u64::from(u16::from_le_bytes(read_array(reader)?)),
                3 => i16::from_le_bytes(read_array(reader)?) as u64,
                4 => u64::from(u32::from_le_bytes(read_array(reader)?)),
                5 => i32::from_le_bytes(read_array(reader)?) as u64,
                // Other types: candle ignores them and uses its default.
                _ => return Ok(None),
            };
            return Ok(Some(value));
        }
        skip_value(reader, kind, wide, 0)?;
    }
    Ok(None)
}

/// A length: 8 bytes from GGUF version 2 on, 4 before.
fn read_length<R: Read>(reader: &mut R, wide: bool) -> Result<u64> {
    match wide {
        true => Ok(u64::from_le_bytes(read_array(reader)?)),
        false => Ok(u64::from(u32::from_le_bytes(read_array(reader)?))),
    }
}

fn read_array<R: Read, const N: usize>(reader: &mut R) -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    reader.read_exact(&mut bytes)?;
    Ok(bytes)
}

fn skip<R: Seek>(reader: &mut R, bytes: u64) -> Result<()> {
    let offset = i64::try_from(bytes).context("a length past any file")?;
    // Relative: a buffered reader keeps its buffer (262,144 token strings are skipped).
    reader.seek_relative(offset)?;
    Ok(())
}

/// Skips one metadata value of GGUF type `kind`.
fn skip_value<R: Read + Seek>(reader: &mut R, kind: u32, wide: bool, depth: usize) -> Result<()> {
    let length = |reader: &mut R| read_length(reader, wide);
    let fixed = |kind: u32| match kind {
        0 | 1 | 7 => Some(1u64),
        2 | 3 => Some(2),
        4..=6 => Some(4),
        10..=12 => Some(8),
        _ => None,
    };
    match kind {
        8 => {
            let len = length(reader)?;
            skip(reader, len)
        }
        9 => {
            anyhow::ensure!(depth < 64, "arrays nested too deep");
            let element = u32::from_le_bytes(read_array(reader)?);
            let count = length(reader)?;
            match fixed(element) {
                Some(size) => skip(reader, count.checked_mul(size).context("array too long")?),
                None => {
                    // Every element reads at least one byte: a count past the end of the
                    // file ends in an error, not a long loop.
                    for _ in 0..count {
                        skip_value(reader, element, wide, depth + 1)?;
                    }
                    Ok(())
                }
            }
        }
        kind => match fixed(kind) {
            Some(size) => skip(reader, size),
            None => bail!("unknown value type {kind}"),
        },
    }
}

/// Fails when a tensor lies (partly) past the end of a file of `len` bytes: a truncated
/// download, which memory-mapping would otherwise turn into a crash on first use.
pub fn check_extents(content: &gguf_file::Content, len: u64) -> Result<()> {
    let mut furthest: Option<(u64, &str)> = None;
    for (name, info) in &content.tensor_infos {
        let dtype = info.ggml_dtype;
        let elements = info
            .shape
            .dims()
            .iter()
            .try_fold(1u64, |n, &d| n.checked_mul(d as u64));
        let bytes = elements
            .map(|n| n / dtype.block_size() as u64)
            .and_then(|blocks| blocks.checked_mul(dtype.type_size() as u64));
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
        let content = read_content(&mut reader)
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
