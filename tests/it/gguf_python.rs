//! The native kernels' dequantization against llama.cpp's own Python reader (`gguf.quants` of
//! PyPI's `gguf`), bit for bit, for every weight type the kernels read.

use std::process::Command;

use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};
use redacteur::kernels::blocks::dequantize_row;
use redacteur::kernels::WeightType;

/// The version of PyPI's `gguf` the rows are compared with (llama.cpp's `gguf-py`).
const GGUF_PY: &str = "0.17.1";

/// Each type as candle names it (`None`: candle lacks it, and `iq4::quantize` makes its
/// blocks), as `gguf` names it, and as the kernels name it.
const TYPES: [(Option<GgmlDType>, &str, WeightType); 15] = [
    (Some(GgmlDType::Q8_0), "Q8_0", WeightType::Q8_0),
    (Some(GgmlDType::Q5_0), "Q5_0", WeightType::Q5_0),
    (Some(GgmlDType::Q5_1), "Q5_1", WeightType::Q5_1),
    (Some(GgmlDType::Q4_0), "Q4_0", WeightType::Q4_0),
    (Some(GgmlDType::Q4_1), "Q4_1", WeightType::Q4_1),
    (Some(GgmlDType::Q2K), "Q2_K", WeightType::Q2K),
    (Some(GgmlDType::Q3K), "Q3_K", WeightType::Q3K),
    (Some(GgmlDType::Q4K), "Q4_K", WeightType::Q4K),
    (Some(GgmlDType::Q5K), "Q5_K", WeightType::Q5K),
    (Some(GgmlDType::Q6K), "Q6_K", WeightType::Q6K),
    (None, "IQ4_NL", WeightType::IQ4NL),
    (None, "IQ4_XS", WeightType::IQ4XS),
    (Some(GgmlDType::F16), "F16", WeightType::F16),
    (Some(GgmlDType::BF16), "BF16", WeightType::BF16),
    (Some(GgmlDType::F32), "F32", WeightType::F32),
];

/// Reads `in` (rows of quantized bytes) as `type`, writes the values as little-endian f32.
const DEQUANTIZE: &str = r#"
import sys, numpy as np
from gguf import GGMLQuantizationType
from gguf.quants import dequantize
name, rows, path_in, path_out = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
data = np.fromfile(path_in, dtype=np.uint8).reshape(rows, -1)
values = dequantize(data, GGMLQuantizationType[name]).astype("<f4")
values.tofile(path_out)
"#;

/// Values with a spread of magnitudes, some rows of a sub-block all of one sign, and exact
/// zeros: what makes a scale or a minimum take its extremes.
fn values(n: usize) -> Vec<f32> {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    (0..n)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f32 / (1u64 << 53) as f32 - 0.5;
            match (i / 64) % 4 {
                0 => u * 3.0,
                1 => u.abs() * 0.02,
                2 if i % 5 == 0 => 0.0,
                _ => u * if i % 7 == 0 { 40.0 } else { 1.0 },
            }
        })
        .collect()
}

#[test]
fn every_weight_type_dequantizes_as_gguf_py_does() {
    let python = crate::python_venv(
        &format!("python-gguf-{GGUF_PY}"),
        &format!("gguf=={GGUF_PY}"),
        "gguf.quants",
        &[],
    );
    let dir = tempfile::tempdir().unwrap();
    let (rows, cols) = (6, 1024);
    let xs = Tensor::from_vec(values(rows * cols), (rows, cols), &Device::Cpu).unwrap();
    for (dtype, name, ty) in TYPES {
        let bytes = match dtype {
            Some(dtype) => QTensor::quantize(&xs, dtype)
                .unwrap()
                .data()
                .unwrap()
                .to_vec(),
            None => crate::iq4::quantize(ty, &values(rows * cols)),
        };
        let (path_in, path_out) = (
            dir.path().join(name),
            dir.path().join(format!("{name}.f32")),
        );
        std::fs::write(&path_in, &bytes).unwrap();
        let output = Command::new(&python)
            .args(["-c", DEQUANTIZE, name, &rows.to_string()])
            .arg(&path_in)
            .arg(&path_out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "gguf.quants on {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let theirs: Vec<f32> = std::fs::read(&path_out)
            .unwrap()
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().unwrap()))
            .collect();
        assert_eq!(theirs.len(), rows * cols, "{name}: values from gguf.quants");
        let row_bytes = ty.row_bytes(cols);
        let mut ours = vec![0f32; cols];
        for r in 0..rows {
            dequantize_row(ty, &bytes[r * row_bytes..(r + 1) * row_bytes], &mut ours);
            for (c, (a, b)) in ours.iter().zip(&theirs[r * cols..]).enumerate() {
                assert_eq!(
                    a.to_bits(),
                    b.to_bits(),
                    "{name} row {r} value {c}: ours {a}, gguf.quants {b}"
                );
            }
        }
    }
}
