//! Which device the model runs on: `--device auto|cpu|cuda[:N]|metal`, checked against what
//! this build was compiled with and what the machine has, and named for the user.

use std::fmt;
use std::str::FromStr;

use anyhow::Result;
use candle_core::Device;

/// What the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DeviceChoice {
    /// A GPU when this build has one and the machine too, else the CPU.
    #[default]
    Auto,
    Cpu,
    /// The CUDA GPU with this ordinal (`nvidia-smi` numbering).
    Cuda(usize),
    Metal,
}

impl FromStr for DeviceChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "auto" => Ok(Self::Auto),
            "cpu" => Ok(Self::Cpu),
            "cuda" => Ok(Self::Cuda(0)),
            "metal" => Ok(Self::Metal),
            _ => match lower.strip_prefix("cuda:") {
                Some(n) => n.parse().map(Self::Cuda).map_err(|_| {
                    format!("`{text}`: a CUDA device is numbered from 0 (cuda:0, cuda:1, …)")
                }),
                None => Err(format!(
                    "`{text}` is not a device: use auto, cpu, cuda, cuda:N or metal"
                )),
            },
        }
    }
}

impl fmt::Display for DeviceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("auto"),
            Self::Cpu => f.write_str("cpu"),
            Self::Cuda(n) => write!(f, "cuda:{n}"),
            Self::Metal => f.write_str("metal"),
        }
    }
}

/// A device opened for the model, with what to tell the user about it.
#[derive(Debug, Clone)]
pub struct Chosen {
    pub device: Device,
    /// `cpu`, `cuda:0 (NVIDIA H100 80GB HBM3)`, `metal`.
    pub name: String,
    /// Why `auto` did not take a GPU this build could have used.
    pub note: Option<String>,
}

impl Chosen {
    fn cpu(note: Option<String>) -> Self {
        Self {
            device: Device::Cpu,
            name: "cpu".to_string(),
            note,
        }
    }

    /// The line `write` and `bench` print on stderr.
    pub fn describe(&self) -> String {
        match &self.note {
            Some(note) => format!("device: {} ({note})", self.name),
            None => format!("device: {}", self.name),
        }
    }
}

/// Opens the device `choice` names. A device this build lacks is an error naming the cargo
/// feature to enable; `auto` falls back to the CPU and says why.
pub fn choose(choice: DeviceChoice) -> Result<Chosen> {
    match choice {
        DeviceChoice::Cpu => Ok(Chosen::cpu(None)),
        DeviceChoice::Cuda(ordinal) => cuda(ordinal),
        DeviceChoice::Metal => metal(),
        DeviceChoice::Auto => {
            let mut reasons = Vec::new();
            for (built, open) in [
                (cfg!(feature = "cuda"), cuda as fn(usize) -> Result<Chosen>),
                (cfg!(feature = "metal"), |_| metal()),
            ] {
                if built {
                    match open(0) {
                        Ok(chosen) => return Ok(chosen),
                        Err(e) => reasons.push(format!("{e:#}")),
                    }
                }
            }
            Ok(Chosen::cpu(match reasons.is_empty() {
                true => None,
                false => Some(format!("no GPU could be used: {}", reasons.join("; "))),
            }))
        }
    }
}

#[cfg(feature = "cuda")]
fn cuda(ordinal: usize) -> Result<Chosen> {
    use anyhow::Context;
    let device = Device::new_cuda(ordinal).with_context(|| {
        format!(
            "CUDA device {ordinal} cannot be opened (`nvidia-smi` lists the GPUs and the driver)"
        )
    })?;
    let gpu = device
        .as_cuda_device()?
        .cuda_stream()
        .context()
        .name()
        .unwrap_or_else(|_| "unnamed GPU".to_string());
    Ok(Chosen {
        device,
        name: format!("cuda:{ordinal} ({gpu})"),
        note: None,
    })
}

#[cfg(not(feature = "cuda"))]
fn cuda(ordinal: usize) -> Result<Chosen> {
    unbuilt(DeviceChoice::Cuda(ordinal))
}

#[cfg(feature = "metal")]
fn metal() -> Result<Chosen> {
    use anyhow::Context;
    let device = Device::new_metal(0).context("the Metal device cannot be opened")?;
    Ok(Chosen {
        device,
        name: "metal".to_string(),
        note: None,
    })
}

#[cfg(not(feature = "metal"))]
fn metal() -> Result<Chosen> {
    unbuilt(DeviceChoice::Metal)
}

#[cfg(not(all(feature = "cuda", feature = "metal")))]
fn unbuilt(choice: DeviceChoice) -> Result<Chosen> {
    let why = missing_from_build(choice).unwrap_or_else(|| "not available".to_string());
    anyhow::bail!("--device {choice}: {why}")
}

/// Why this build cannot run on `choice` (a GPU whose cargo feature it was built without).
pub fn missing_from_build(choice: DeviceChoice) -> Option<String> {
    match choice {
        DeviceChoice::Cuda(_) if !cfg!(feature = "cuda") => Some(
            "this redacteur was built without CUDA; build it with `--features cuda` \
             (scripts/build-cuda.sh fetches NVIDIA's compiler and does it), or use --device cpu"
                .to_string(),
        ),
        DeviceChoice::Metal if !cfg!(feature = "metal") => Some(
            "this redacteur was built without Metal; on macOS build it with `--features \
             metal`, or use --device cpu"
                .to_string(),
        ),
        _ => None,
    }
}

/// `--device`'s parser: the spelling, and a GPU this build has, so that a wrong device fails
/// before anything is read or loaded.
pub fn parse_for_this_build(text: &str) -> Result<DeviceChoice, String> {
    let choice: DeviceChoice = text.parse()?;
    match missing_from_build(choice) {
        Some(why) => Err(why),
        None => Ok(choice),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_spelling_and_refuses_the_rest() {
        for (text, choice) in [
            ("auto", DeviceChoice::Auto),
            ("CPU", DeviceChoice::Cpu),
            ("cuda", DeviceChoice::Cuda(0)),
            ("cuda:3", DeviceChoice::Cuda(3)),
            (" metal ", DeviceChoice::Metal),
        ] {
            assert_eq!(text.parse::<DeviceChoice>(), Ok(choice), "{text}");
        }
        assert!("cuda:x"
            .parse::<DeviceChoice>()
            .unwrap_err()
            .contains("numbered from 0"));
        assert!("tpu"
            .parse::<DeviceChoice>()
            .unwrap_err()
            .contains("not a device"));
        assert_eq!(DeviceChoice::Cuda(1).to_string(), "cuda:1");
    }

    #[test]
    fn the_cpu_is_always_there() {
        let chosen = choose(DeviceChoice::Cpu).unwrap();
        assert!(chosen.device.is_cpu());
        assert_eq!(chosen.describe(), "device: cpu");
    }

    #[cfg(not(feature = "cuda"))]
    #[test]
    fn a_gpu_this_build_lacks_names_the_feature() {
        let err = format!("{:#}", choose(DeviceChoice::Cuda(0)).unwrap_err());
        assert!(
            err.starts_with("--device cuda:0: ") && err.contains("--features cuda"),
            "{err}"
        );
        assert!(parse_for_this_build("cuda:1")
            .unwrap_err()
            .contains("--features cuda"));
        assert_eq!(parse_for_this_build("cpu"), Ok(DeviceChoice::Cpu));
        // auto settles on the CPU without a word: there was no GPU to miss.
        let auto = choose(DeviceChoice::Auto).unwrap();
        assert!(auto.device.is_cpu() && auto.note.is_none());
    }

    #[cfg(not(feature = "metal"))]
    #[test]
    fn metal_without_the_feature_names_it() {
        let err = format!("{:#}", choose(DeviceChoice::Metal).unwrap_err());
        assert!(err.contains("--features metal"), "{err}");
        assert!(parse_for_this_build("metal").is_err());
    }
}
