//! The inputs of a batch: files, folders (their articles, in name order) and glob patterns
//! expanded into a list of files, each with the output file it gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

/// Extensions of the files a folder's articles are read from.
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm"];

/// The files that `inputs` name, in order, each once. A file that does not exist stays in
/// the list (its failure is reported with the others); a pattern that matches nothing and an
/// empty folder are errors.
pub fn expand(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let text = input.to_string_lossy();
        if text == "-" {
            bail!("stdin (`-`) cannot be part of a batch: give files or folders");
        }
        if input.is_dir() {
            let found = folder_articles(input)?;
            if found.is_empty() {
                bail!(
                    "folder `{}` has no articles (files ending in .{})",
                    input.display(),
                    ARTICLE_EXTENSIONS.join(", .")
                );
            }
            files.extend(found);
        } else if !input.exists() && text.contains(['*', '?', '[']) {
            // As a shell does: `*` does not match a leading dot.
            let options = glob::MatchOptions {
                require_literal_leading_dot: true,
                ..Default::default()
            };
            let mut found: Vec<PathBuf> = glob::glob_with(&text, options)
                .with_context(|| format!("`{text}` is not a valid glob pattern"))?
                .filter_map(|p| p.ok())
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                bail!("pattern `{text}` matches no file");
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(f.clone()));
    Ok(files)
}

fn folder_articles(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading `{}`", dir.display()))? {
        let path = entry
            .with_context(|| format!("reading `{}`", dir.display()))?
            .path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let article = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| ARTICLE_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if path.is_file() && article && !hidden {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

/// The output file name of each input: its stem and `extension`. Two inputs that would give
/// the same name are an error, before anything is written.
pub fn output_names(files: &[PathBuf], extension: &str) -> Result<Vec<String>> {
    let mut taken: BTreeMap<String, &Path> = BTreeMap::new();
    let mut names = Vec::new();
    for file in files {
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .with_context(|| format!("`{}` has no file name", file.display()))?;
        let name = format!("{stem}.{extension}");
        if let Some(other) = taken.insert(name.clone(), file) {
            bail!(
                "`{}` and `{}` would both be written as `{name}`: rename one, or run them apart",
                other.display(),
                file.display()
            );
        }
        names.push(name);
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_and_patterns_expand_in_order_once() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", "c.html", "notes.pdf", ".hidden.txt"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let files = expand(&[
            dir.path().to_path_buf(),
            dir.path().join("a.txt"),
            dir.path().join("*.txt"),
        ])
        .unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.html"]);

        let err = expand(&[dir.path().join("*.doc")]).unwrap_err().to_string();
        assert!(err.contains("matches no file"), "{err}");
        let missing = dir.path().join("missing.txt");
        assert_eq!(expand(std::slice::from_ref(&missing)).unwrap(), [missing]);
        assert!(expand(&[PathBuf::from("-")]).is_err());
    }

    #[test]
    fn clashing_output_names_are_refused() {
        let names = output_names(&[PathBuf::from("x/a.txt"), PathBuf::from("b.html")], "md");
        assert_eq!(names.unwrap(), ["a.md", "b.md"]);
        let err = output_names(&[PathBuf::from("x/a.txt"), PathBuf::from("y/a.txt")], "md")
            .unwrap_err()
            .to_string();
        assert!(err.contains("x/a.txt") && err.contains("y/a.txt"), "{err}");
    }
}
