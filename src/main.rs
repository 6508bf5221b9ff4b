//! The `redacteur` binary: parse arguments, run, turn an error into an exit code.

use std::process::ExitCode;

use clap::Parser;
use redacteur::cli::{Cli, Command};
use redacteur::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Write(args) => commands::write(args),
        Command::Check(args) => commands::check(args),
        Command::Bench(args) => commands::bench(args),
        Command::Perplexity(args) => commands::perplexity(args),
        Command::Models(command) => commands::models(command),
        Command::Serve(args) => commands::serve(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed stdout pipe (`redacteur write x | head`) is not an error.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {}", redacteur::errors::user_message(&err));
            match redacteur::interrupt::is_interrupted(&err) {
                true => ExitCode::from(redacteur::interrupt::EXIT_STATUS),
                false => ExitCode::FAILURE,
            }
        }
    }
}
