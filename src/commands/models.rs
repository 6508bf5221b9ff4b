//! `redacteur models`: list the catalogue, fetch a model into the cache, or say where it is.

use anyhow::{bail, Result};

use crate::catalogue::{self, ModelChoice, ModelSpec};
use crate::cli::{ModelIdArgs, ModelsCommand};
use crate::hub::{self, FetchConfig};

pub fn models(command: &ModelsCommand) -> Result<()> {
    match command {
        ModelsCommand::List(args) => list(&args.fetch_config(true)),
        ModelsCommand::Pull(args) => {
            if args.force {
                let spec = resolve_id(args.model.id.as_deref())?;
                let config = args.model.cache.fetch_config(args.model.offline);
                if config.offline {
                    bail!("--force fetches the model again: it cannot be used offline");
                }
                for path in hub::forget(&spec, &config)? {
                    eprintln!("removed `{}`", path.display());
                }
            }
            locate(&args.model, args.model.offline)
        }
        ModelsCommand::Path(args) => locate(args, true),
    }
}

fn locate(args: &ModelIdArgs, offline: bool) -> Result<()> {
    let spec = resolve_id(args.id.as_deref())?;
    let config = args.cache.fetch_config(offline || args.offline);
    let path = hub::fetch(&spec, &config, &mut |m| eprintln!("{m}"))?;
    println!("{}", path.display());
    Ok(())
}

fn resolve_id(id: Option<&str>) -> Result<ModelSpec> {
    match id {
        None => Ok(ModelSpec::default_model()),
        Some(id) => match ModelChoice::parse(id)? {
            ModelChoice::Spec(spec) => Ok(*spec),
            ModelChoice::Path(path) => bail!(
                "`{}` is a file path: models are fetched by catalogue id or owner/repo:file",
                path.display()
            ),
        },
    }
}

/// One line per catalogue entry.
fn list(config: &FetchConfig) -> Result<()> {
    let rows: Vec<[String; 6]> = catalogue::all()?
        .into_iter()
        .map(|spec| {
            let cached = match hub::cached(&spec, config) {
                Some(_) => "yes",
                None => "no",
            };
            [
                spec.id.clone(),
                spec.size.map_or("?".to_string(), human_size),
                spec.quant.clone().unwrap_or_default(),
                spec.architecture.clone(),
                spec.licence.clone(),
                cached.to_string(),
            ]
        })
        .collect();
    let header = ["id", "size", "quant", "architecture", "licence", "cached"].map(String::from);
    let widths: Vec<usize> = (0..6)
        .map(|c| {
            std::iter::once(&header)
                .chain(&rows)
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        println!("{}", line.join("  ").trim_end());
    }
    Ok(())
}

fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        b => format!("{:.0} MiB", b as f64 / (1u64 << 20) as f64),
    }
}
