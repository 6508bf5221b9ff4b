//! `redacteur serve`: the flags turned into the server's settings and the writer's defaults.

use anyhow::{Context, Result};

use crate::cli::ServeArgs;
use crate::render::Publication;
use crate::serve::{self, Defaults, ServeConfig};

pub fn serve(args: &ServeArgs) -> Result<()> {
    let data_dir = match &args.data_dir {
        Some(dir) => dir.clone(),
        None => dirs::data_dir()
            .context("no data directory is known for this user: give --data-dir")?
            .join("redacteur")
            .join("serve"),
    };
    // The flags' lengths are the defaults that a job's request line and options override.
    let write = args
        .quality
        .write_config(&args.sampling)
        .resolve(&Default::default(), &args.request.to_request())?;
    let defaults = Defaults {
        write,
        publication: Publication {
            // Empty: the day each job is written.
            date: String::new(),
            base_url: args.base_url.clone(),
            source_url: None,
        },
    };
    let config = ServeConfig {
        listen: args.listen,
        token: args.token.clone(),
        data_dir,
        queue: args.queue as usize,
        keep_days: args.keep_days,
        max_body: args.max_body,
        log_text: args.log_text,
    };
    serve::run(&args.model.to_config(), config, defaults)
}
