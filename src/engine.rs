//! What the writer asks of a language model, wherever it runs: continue a prompt with text
//! streamed through a callback that can stop it, the context it holds, and token counts. The
//! local `Generator` and the OpenAI-compatible `remote::Remote` both answer it.

use anyhow::Result;

use crate::chat::ChatFormat;
use crate::generate::{Flow, Generation, GenerationConfig, Generator};

pub trait Engine: Send {
    /// Continues `prompt`, calling `on_text` with each new piece of text until it halts, the
    /// model ends the text, or `config.max_tokens` are generated.
    fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Generation>;

    /// The positions the model holds: prompt and generated text together.
    fn context_size(&self) -> usize;

    /// Tokens `text` takes (exact where the engine has the model's tokenizer).
    fn count_tokens(&self, text: &str) -> Result<usize>;

    /// The token ids of `text` that the copy guard compares generated tokens against; empty
    /// where the engine samples elsewhere (the sentence gate still refuses copied sentences).
    fn copy_reference(&self, text: &str) -> Result<Vec<u32>>;

    /// How an instruction-tuned model wants its prompts framed; `None` for a base model.
    fn chat(&self) -> Option<&ChatFormat>;
}

impl Engine for Generator {
    fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        on_text: &mut dyn FnMut(&str) -> Flow,
    ) -> Result<Generation> {
        Generator::run(self, prompt, config, on_text)
    }

    fn context_size(&self) -> usize {
        Generator::context_size(self)
    }

    fn count_tokens(&self, text: &str) -> Result<usize> {
        Ok(self.tokenizer().encode_plain(text)?.len())
    }

    fn copy_reference(&self, text: &str) -> Result<Vec<u32>> {
        self.tokenizer().encode_plain(text)
    }

    fn chat(&self) -> Option<&ChatFormat> {
        Generator::chat(self)
    }
}
