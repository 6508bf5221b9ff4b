//! `redacteur models`: fetch a model into the cache, or say where it is.

use anyhow::{bail, Result};

use crate::catalogue::ModelSpec;
use crate::cli::{ModelIdArgs, ModelsCommand};
use crate::hub;

pub fn models(command: &ModelsCommand) -> Result<()> {
    let (args, offline) = match command {
        ModelsCommand::Pull(args) => (args, false),
        ModelsCommand::Path(args) => (args, true),
    };
    let spec = resolve_id(args)?;
    let mut config = hub::FetchConfig::from_env();
    if let Some(dir) = &args.cache_dir {
        config.cache_dir = dir.clone();
    }
    config.offline |= offline;
    let files = hub::fetch(&spec, &config, &mut |m| eprintln!("{m}"))?;
    println!("{}", files.display());
    Ok(())
}

fn resolve_id(args: &ModelIdArgs) -> Result<ModelSpec> {
    let spec = ModelSpec::default_model();
    match &args.id {
        Some(id) if *id != spec.id => bail!("unknown model `{id}` (known: `{}`)", spec.id),
        _ => Ok(spec),
    }
}
