//! A GGUF header read by our own reader: every tensor whatever its GGML type (IQ4_NL and
//! IQ4_XS included, which candle's reader refuses), and candle's `Content` for the metadata and
//! the tensors of the types candle reads.

use std::collections::HashMap;
use std::io::{Cursor, Read, Seek, SeekFrom};

use anyhow::{bail, Context, Result};
use candle_core::quantized::gguf_file::{self, TensorInfo};
use candle_core::quantized::GgmlDType;

/// GGML's tensor types (`ggml_type`): number, name, values per block, bytes per block.
const GGML_TYPES: [(u32, &str, u64, u64); 32] = [
    (0, "F32", 1, 4),
    (1, "F16", 1, 2),
    (2, "Q4_0", 32, 18),
    (3, "Q4_1", 32, 20),
    (6, "Q5_0", 32, 22),
    (7, "Q5_1", 32, 24),
    (8, "Q8_0", 32, 34),
    (9, "Q8_1", 32, 36),
    (10, "Q2_K", 256, 84),
    (11, "Q3_K", 256, 110),
    (12, "Q4_K", 256, 144),
    (13, "Q5_K", 256, 176),
    (14, "Q6_K", 256, 210),
    (15, "Q8_K", 256, 292),
    (16, "IQ2_XXS", 256, 66),
    (17, "IQ2_XS", 256, 74),
    (18, "IQ3_XXS", 256, 98),
    (19, "IQ1_S", 256, 50),
    (20, "IQ4_NL", 32, 18),
    (21, "IQ3_S", 256, 110),
    (22, "IQ2_S", 256, 82),
    (23, "IQ4_XS", 256, 136),
    (24, "I8", 1, 1),
    (25, "I16", 1, 2),
    (26, "I32", 1, 4),
    (27, "I64", 1, 8),
    (28, "F64", 1, 8),
    (29, "IQ1_M", 256, 56),
    (30, "BF16", 1, 2),
    (34, "TQ1_0", 256, 54),
    (35, "TQ2_0", 256, 66),
    (39, "MXFP4", 32, 17),
];

/// The name of GGML type number `id` (`IQ4_XS`), or the number itself for one we do not know.
pub fn type_name(id: u32) -> String {
    match GGML_TYPES.iter().find(|t| t.0 == id) {
        Some(t) => t.1.to_string(),
        None => format!("GGML type {id}"),
    }
}

/// Candle's name for GGML type number `id`, for the types candle reads.
fn candle_type(id: u32) -> Option<GgmlDType> {
    use GgmlDType as G;
    Some(match id {
        0 => G::F32,
        1 => G::F16,
        2 => G::Q4_0,
        3 => G::Q4_1,
        6 => G::Q5_0,
        7 => G::Q5_1,
        8 => G::Q8_0,
        9 => G::Q8_1,
        10 => G::Q2K,
        11 => G::Q3K,
        12 => G::Q4K,
        13 => G::Q5K,
        14 => G::Q6K,
        15 => G::Q8K,
        30 => G::BF16,
        _ => return None,
    })
}

/// Bounds candle's reader sets, kept so that a header is refused as it refuses it.
const MAX_COUNT: u64 = 1 << 30;
const MAX_DIMS: u32 = 4;

/// One tensor as the header describes it.
#[derive(Clone, Debug)]
pub struct TensorEntry {
    /// Its GGML type number (`ggml_type`).
    pub ggml_type: u32,
    /// Its dimensions, the slowest first (rows, then columns), as candle orders them.
    pub dims: Vec<usize>,
    /// Its bytes' offset from the start of the tensor data.
    pub offset: u64,
}

/// Every tensor of a file, and where their data starts.
#[derive(Clone, Debug, Default)]
pub struct Tensors {
    entries: HashMap<String, TensorEntry>,
    data_offset: u64,
}

impl Tensors {
    pub fn get(&self, name: &str) -> Option<&TensorEntry> {
        self.entries.get(name)
    }

    /// Every tensor, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &TensorEntry)> {
        self.entries.iter()
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// The byte of the file at which tensor `entry`'s data starts.
    pub fn start(&self, entry: &TensorEntry) -> u64 {
        self.data_offset + entry.offset
    }

    /// A tensor whose type candle's reader does not read, and that type's name, if any (the
    /// first by name, so that the message is the same from run to run).
    pub fn unread_by_candle(&self) -> Option<(&str, String)> {
        let mut names: Vec<&String> = self
            .entries
            .iter()
            .filter(|(_, e)| candle_type(e.ggml_type).is_none())
            .map(|(name, _)| name)
            .collect();
        names.sort();
        let name = names.first()?;
        Some((name.as_str(), type_name(self.entries[*name].ggml_type)))
    }
}

/// Reads a GGUF header. The metadata goes through candle's reader (fed a copy of the header
/// with its tensors left out); the tensors through ours, which knows every GGML type. First,
/// what candle's reader does not guard against: `general.alignment` of 0 (a division by zero
/// there, found by fuzzing) or not a power of two (llama.cpp refuses those too).
pub fn read_header<R: Read + Seek>(reader: &mut R) -> Result<(gguf_file::Content, Tensors)> {
    let start = reader.stream_position()?;
    let file_size = reader.seek(SeekFrom::End(0))?;
    reader.seek(SeekFrom::Start(start))?;
    let mut head = [0u8; 8];
    reader.read_exact(&mut head).context("no GGUF header")?;
    let magic = u32::from_le_bytes(read_at(&head, 0));
    // Both byte orders of "GGUF", as candle's reader takes them.
    anyhow::ensure!(
        matches!(magic, 0x4655_4747 | 0x4747_5546),
        "unknown magic 0x{magic:08x}: not a GGUF file"
    );
    let version = u32::from_le_bytes(read_at(&head, 4));
    anyhow::ensure!(
        (1..=3).contains(&version),
        "GGUF version {version}, where redacteur reads versions 1 to 3"
    );
    let wide = version >= 2;
    let tensor_count = read_length(reader, wide)?;
    let entries = read_length(reader, wide)?;
    anyhow::ensure!(
        tensor_count <= MAX_COUNT && entries <= MAX_COUNT,
        "the header declares {tensor_count} tensors and {entries} metadata entries"
    );
    // The metadata, skipped by us, then read by candle from a copy of the header that
    // declares no tensors (its errors, kept as candle's error: `errors::user_message` shows
    // its message only, not the backtrace it captures).
    let metadata_start = reader.stream_position()?;
    for _ in 0..entries {
        let key_len = read_length(reader, wide)?;
        // Read as far as the file goes (no allocation of a declared length), and compared as
        // candle compares keys, without trailing NULs.
        let mut key = Vec::new();
        reader.by_ref().take(key_len).read_to_end(&mut key)?;
        anyhow::ensure!(key.len() as u64 == key_len, "a key runs past the end");
        while key.last() == Some(&0) {
            key.pop();
        }
        let kind = u32::from_le_bytes(read_array(reader)?);
        match (key == b"general.alignment").then(|| alignment_value(reader, kind)) {
            Some(Some(alignment)) => {
                let alignment = alignment?;
                if alignment == 0 || !alignment.is_power_of_two() {
                    bail!("`general.alignment` is {alignment}, not a power of two");
                }
            }
            _ => skip_value(reader, kind, wide, 0)?,
        }
    }
    let metadata_end = reader.stream_position()?;
    anyhow::ensure!(metadata_end <= file_size, "the metadata runs past the end");
    let mut copy = head.to_vec();
    let length = |n: u64| match wide {
        true => n.to_le_bytes().to_vec(),
        false => (n as u32).to_le_bytes().to_vec(),
    };
    copy.extend(length(0));
    copy.extend(length(entries));
    reader.seek(SeekFrom::Start(metadata_start))?;
    let metadata_len = (metadata_end - metadata_start) as usize;
    let at = copy.len();
    copy.resize(at + metadata_len, 0);
    reader.read_exact(&mut copy[at..])?;
    let content = gguf_file::Content::read(&mut Cursor::new(copy)).map_err(anyhow::Error::new)?;
    let mut tensor_infos = HashMap::new();
    let mut all = HashMap::new();
    for _ in 0..tensor_count {
        let name_len = read_length(reader, wide)?;
        anyhow::ensure!(name_len <= MAX_COUNT, "a tensor name of {name_len} bytes");
        let mut name = Vec::new();
        reader.by_ref().take(name_len).read_to_end(&mut name)?;
        anyhow::ensure!(
            name.len() as u64 == name_len,
            "a tensor name runs past the end"
        );
        while name.last() == Some(&0) {
            name.pop();
        }
        let name = String::from_utf8_lossy(&name).into_owned();
        let n_dims = u32::from_le_bytes(read_array(reader)?);
        anyhow::ensure!(
            n_dims <= MAX_DIMS,
            "tensor `{name}` has {n_dims} dimensions, at most {MAX_DIMS} are allowed"
        );
        let mut dims = Vec::with_capacity(n_dims as usize);
        for _ in 0..n_dims {
            dims.push(usize::try_from(read_length(reader, wide)?).context("a dimension")?);
        }
        dims.reverse();
        let ggml_type = u32::from_le_bytes(read_array(reader)?);
        anyhow::ensure!(
            GGML_TYPES.iter().any(|t| t.0 == ggml_type),
            "tensor `{name}` is of GGML type {ggml_type}, which redacteur does not know"
        );
        let offset = u64::from_le_bytes(read_array(reader)?);
        if let Some(dtype) = candle_type(ggml_type) {
            let info = TensorInfo {
                ggml_dtype: dtype,
                shape: candle_core::Shape::from(dims.clone()),
                offset,
            };
            tensor_infos.insert(name.clone(), info);
        }
        let entry = TensorEntry {
            ggml_type,
            dims,
            offset,
        };
        all.insert(name, entry);
    }
    let position = reader.stream_position()?;
    let alignment = match content.metadata.get("general.alignment") {
        Some(value) => alignment_of(value).unwrap_or(gguf_file::DEFAULT_ALIGNMENT),
        None => gguf_file::DEFAULT_ALIGNMENT,
    };
    let data_offset = position.div_ceil(alignment) * alignment;
    let content = gguf_file::Content {
        magic: content.magic,
        metadata: content.metadata,
        tensor_infos,
        tensor_data_offset: data_offset,
    };
    let tensors = Tensors {
        entries: all,
        data_offset,
    };
    Ok((content, tensors))
}

/// `general.alignment` as candle reads it (other types leave its default).
fn alignment_of(value: &gguf_file::Value) -> Option<u64> {
    use gguf_file::Value as V;
    match value {
        V::U8(v) => Some(u64::from(*v)),
        V::U16(v) => Some(u64::from(*v)),
        V::U32(v) => Some(u64::from(*v)),
        V::I8(v) if *v >= 0 => Some(*v as u64),
        V::I16(v) if *v >= 0 => Some(*v as u64),
        V::I32(v) if *v >= 0 => Some(*v as u64),
        _ => None,
    }
}

fn read_at<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    bytes[at..at + N].try_into().expect("N bytes")
}

/// The value of `general.alignment` of GGUF type `kind`, read, for the integer types
/// candle reads it as (`None` for others: candle ignores them and uses its default, and the
/// value is skipped as any other).
fn alignment_value<R: Read>(reader: &mut R, kind: u32) -> Option<Result<u64>> {
    let value = match kind {
        0 => read_array::<_, 1>(reader).map(|b| u64::from(b[0])),
        1 => read_array::<_, 1>(reader).map(|b| b[0] as i8 as u64),
        2 => read_array(reader).map(|b| u64::from(u16::from_le_bytes(b))),
        3 => read_array(reader).map(|b| i16::from_le_bytes(b) as u64),
        4 => read_array(reader).map(|b| u64::from(u32::from_le_bytes(b))),
        5 => read_array(reader).map(|b| i32::from_le_bytes(b) as u64),
        _ => return None,
    };
    Some(value)
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

fn skip_relative<R: Seek>(reader: &mut R, bytes: u64) -> Result<()> {
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
            skip_relative(reader, len)
        }
        9 => {
            anyhow::ensure!(depth < 64, "arrays nested too deep");
            let element = u32::from_le_bytes(read_array(reader)?);
            let count = length(reader)?;
            match fixed(element) {
                Some(size) => {
                    skip_relative(reader, count.checked_mul(size).context("array too long")?)
                }
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
            Some(size) => skip_relative(reader, size),
            None => bail!("unknown value type {kind}"),
        },
    }
}

/// Fails when a tensor lies (partly) past the end of a file of `len` bytes: a truncated
/// download, which memory-mapping would otherwise turn into a crash on first use.
pub fn check_extents(tensors: &Tensors, len: u64) -> Result<()> {
    let mut furthest: Option<(u64, &str)> = None;
    for (name, entry) in &tensors.entries {
        let (_, _, block_values, block_bytes) = *GGML_TYPES
            .iter()
            .find(|t| t.0 == entry.ggml_type)
            .expect("types checked when read");
        let elements = entry
            .dims
            .iter()
            .try_fold(1u64, |n, &d| n.checked_mul(d as u64));
        let bytes = elements
            .map(|n| n / block_values)
            .and_then(|blocks| blocks.checked_mul(block_bytes));
        let end = bytes
            .and_then(|b| b.checked_add(entry.offset))
            .and_then(|e| e.checked_add(tensors.data_offset));
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
