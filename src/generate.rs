//! The generation loop: prefill, then decode token by token, streaming text through a callback
//! that can stop it. It returns the text and its statistics, and never prints.

use std::time::Instant;

use anyhow::Result;

use crate::chat::ChatFormat;
use crate::engine::{Engine, Flow, Generation, GenerationConfig, GenerationStats, PieceLikelihood};
use crate::model::Model;
use crate::sampling::{CopyGuard, Sampler, Units, Verdict};
use crate::tokenizer::TextTokenizer;

mod branches;
use branches::BRANCH_WIDTH;

/// Prefill runs in chunks of this many tokens, bounding the attention scores' memory.
const PREFILL_CHUNK: usize = 512;

/// A model and its tokenizer, with the token ids its KV cache currently holds, so that a
/// prompt sharing a prefix with the previous one only prefills what is new.
pub struct Generator {
    model: Model,
    tokenizer: TextTokenizer,
    /// How an instruction-tuned model wants its prompts framed; `None` for a base model.
    chat: Option<ChatFormat>,
    cached: Vec<u32>,
    /// What the copy guard reads of a token (see `CopyMarks`): decoded once per token id,
    /// not once per generation (the rewrite runs thousands).
    spared: std::collections::HashMap<u32, CopyMarks>,
    /// Each token's text as it reads inside a text (its leading space kept; see
    /// `piece_text` for a byte), for the word guard; made the first time a guard is asked
    /// for.
    pieces: Vec<String>,
    /// What the copy guard reads of the whole vocabulary; read the first time a guard is
    /// asked for.
    guard_vocabulary: Option<GuardVocabulary>,
    /// Each token's twins (see `GuardVocabulary::spellings`), found once per token id.
    twins: std::collections::HashMap<u32, Vec<u32>>,
}

/// What the copy guard reads of the whole vocabulary, in one pass over it.
struct GuardVocabulary {
    /// The tokens that close a quotation (« » », « ” »).
    closings: std::sync::Arc<std::collections::HashSet<u32>>,
    /// The tokens that are a comma (see `copy_guard::Units`).
    commas: std::sync::Arc<std::collections::HashSet<u32>>,
    /// The tokens of four letters or more by their text folded (case and accents), where
    /// two or more share it (see `spelling_key`).
    spellings: std::collections::HashMap<String, Vec<u32>>,
}

impl GuardVocabulary {
    fn read(tokenizer: &TextTokenizer) -> Self {
        let inner = tokenizer.inner();
        let mut closings = std::collections::HashSet::new();
        let mut commas = std::collections::HashSet::new();
        let mut spellings: std::collections::HashMap<String, Vec<u32>> = Default::default();
        for id in 0..inner.get_vocab_size(true) as u32 {
            let Some(token) = inner.id_to_token(id) else {
                continue;
            };
            let piece = piece_text(&token);
            if piece.contains(['»', '”']) {
                closings.insert(id);
            }
            if piece.trim_start() == "," {
                commas.insert(id);
            }
            if let Some(key) = spelling_key(&piece) {
                spellings.entry(key).or_default().push(id);
            }
        }
        spellings.retain(|_, ids| ids.len() > 1);
        Self {
            closings: std::sync::Arc::new(closings),
            commas: std::sync::Arc::new(commas),
            spellings,
        }
    }
}

impl Generator {
    pub fn new(model: Model, tokenizer: TextTokenizer) -> Self {
        Self {
            model,
            tokenizer,
            chat: None,
            cached: Vec::new(),
            spared: Default::default(),
            pieces: Vec::new(),
            guard_vocabulary: None,
            twins: Default::default(),
        }
    }

    /// The same generator, prompting through `chat` (an instruction-tuned model).
    pub fn with_chat(mut self, chat: Option<ChatFormat>) -> Self {
        self.chat = chat;
        self
    }

    pub fn chat(&self) -> Option<&ChatFormat> {
        self.chat.as_ref()
    }

    /// The positions the model holds: prompt and generated text together.
    pub fn context_size(&self) -> usize {
        self.model.max_positions()
    }

    pub fn tokenizer(&self) -> &TextTokenizer {
        &self.tokenizer
    }

    /// The model and tokenizer, for work other than generation (perplexity).
    pub fn into_parts(self) -> (Model, TextTokenizer) {
        (self.model, self.tokenizer)
    }

    /// Continues `prompt`, calling `on_text` with each new piece of text until it halts, the
    /// model ends the text, `max_tokens` are generated or the context is full.
    pub fn run(
        &mut self,
        prompt: &str,
        config: &GenerationConfig,
        mut on_text: impl FnMut(&str) -> Flow,
    ) -> Result<Generation> {
        let start = Instant::now();
        let mut ids = self.tokenizer.encode(prompt)?;
        let mut stats = GenerationStats {
            prompt_tokens: ids.len(),
            ..Default::default()
        };
        let limit = self.model.max_positions();
        anyhow::ensure!(
            ids.len() < limit,
            "the prompt has {} tokens, more than the {limit} the context holds",
            ids.len()
        );

        self.model.set_latin_only(config.latin_only);
        let mut logits = self.prefill(&ids, &mut stats)?;
        let mut sampler = self.sampler(config);
        self.ensure_pieces(config);
        let mut stream = self.tokenizer.stream();
        let mut text = String::new();
        let mut likelihood = Likelihood::default();
        let mut ended = false;
        let decode_start = Instant::now();
        while stats.generated_tokens < config.max_tokens && ids.len() < limit {
            // A signal stops the work at the next token; the caller writes nothing half-made.
            crate::interrupt::check()?;
            let sampling = Instant::now();
            let within = config.words.as_ref().is_some_and(|w| w.within(&text));
            sampler.pause_copy_guard(within || quoting(&text));
            let next = match &config.words {
                Some(guard) => {
                    let pieces = &self.pieces;
                    let allowed = |id: u32| {
                        pieces
                            .get(id as usize)
                            .map_or(Verdict::Allowed, |piece| guard.verdict(&text, piece))
                    };
                    sampler.sample_where(&logits, &ids, Some(&allowed))?
                }
                None => sampler.sample(&logits, &ids)?,
            };
            stats.sample_time += sampling.elapsed();
            if stats.generated_tokens == 0 {
                stats.time_to_first_token = start.elapsed();
            }
            stats.generated_tokens += 1;
            if self.tokenizer.is_stop(next) {
                ended = true;
                break;
            }
            ids.push(next);
            if let Some(logprob) = sampler.last_logprob() {
                likelihood.token(logprob);
            }
            let mut flow = Flow::Continue;
            if let Some(piece) = stream.step(next)? {
                text.push_str(&piece);
                likelihood.piece(text.len());
                let judging = Instant::now();
                flow = on_text(&piece);
                stats.callback_time += judging.elapsed();
            }
            if flow != Flow::Continue || stats.generated_tokens == config.max_tokens {
                break;
            }
            logits = self.model.forward(&[next], ids.len() - 1)?;
            self.cached.push(next);
        }
        stats.decode_time = decode_start.elapsed();
        Ok(Generation {
            text,
            ended,
            stats,
            likelihood: likelihood.pieces,
        })
    }

    /// The text of every token, made once (a few tens of milliseconds) when a word guard
    /// first needs it.
    fn ensure_pieces(&mut self, config: &GenerationConfig) {
        if config.words.is_none() || !self.pieces.is_empty() {
            return;
        }
        let inner = self.tokenizer.inner();
        self.pieces = (0..inner.get_vocab_size(true) as u32)
            .map(|id| {
                inner
                    .id_to_token(id)
                    .map_or(String::new(), |t| piece_text(&t))
            })
            .collect();
    }

    /// The sampler of `config`: its penalties, bias and copy guard.
    fn sampler(&mut self, config: &GenerationConfig) -> Sampler {
        let sampler = Sampler::new(&config.sampling)
            .with_bias(&config.favoured, config.bias)
            .with_likelihood(config.likelihood);
        if config.copy_guard_tokens == 0 {
            return sampler;
        }
        for &id in &config.copy_reference {
            let tokenizer = &self.tokenizer;
            self.spared
                .entry(id)
                .or_insert_with(|| CopyMarks::of(tokenizer, id));
        }
        let tokenizer = &self.tokenizer;
        let vocabulary = self
            .guard_vocabulary
            .get_or_insert_with(|| GuardVocabulary::read(tokenizer));
        let known = &self.spared;
        let marks = |id: u32| known.get(&id).copied().unwrap_or_default();
        // Figures and names are spared: they are the source's to keep. So is the rest of a
        // word already begun, and the word an elision opens (banning « est » after « s' »
        // left the model « s'en est qualifié », a verb the gate refuses): the copy breaks at
        // the next word's start instead.
        // So is the word that follows a figure, what it counts (« 58 ans », « 28 juin »,
        // « cinquante salariés »): banned, it left the model « Castellan, 58, était » and
        // « cinquante employés », which the gate refuses (2,211 and 2,694 tokens of
        // refusals in proces's and velo's three traces at `30fed99`).
        let spared = |previous: u32, id: u32| {
            let (previous, next) = (marks(previous), marks(id));
            next.name_or_figure
                || (previous.ends_in_letter || previous.elides) && next.continues_word
                || (previous.digits || previous.number_word) && next.opens_word
        };
        // A figure's digits and the blanks around its groups are one unit of a copy.
        let with = |mark: fn(&CopyMarks) -> bool| {
            config
                .copy_reference
                .iter()
                .copied()
                .filter(|&id| mark(&marks(id)))
                .collect()
        };
        let units = Units {
            digits: with(|m| m.digits),
            blanks: with(|m| m.blank),
            commas: vocabulary.commas.clone(),
            pieces: with(|m| m.continues_word),
        };
        let guard = CopyGuard::with_units(
            &config.copy_reference,
            config.copy_guard_tokens,
            spared,
            units,
        );
        let inner = self.tokenizer.inner();
        // A banned word is banned in every spelling: with « différence » banned the model
        // wrote « la difference », a word of no language (367 candidates refused in rugby's
        // three traces at stop 69, `def998e`).
        for &id in &config.copy_reference {
            self.twins.entry(id).or_insert_with(|| {
                let piece = inner
                    .id_to_token(id)
                    .map_or(String::new(), |t| piece_text(&t));
                spelling_key(&piece)
                    .and_then(|key| vocabulary.spellings.get(&key))
                    .cloned()
                    .unwrap_or_default()
            });
        }
        let twins = &self.twins;
        let guard = guard.with_twins(|id| twins.get(&id).map_or(&[][..], Vec::as_slice));
        sampler.with_copy_guard(guard.with_closings(vocabulary.closings.clone()))
    }

    /// Runs the part of `ids` the cache lacks and returns the logits of the last token.
    fn prefill(&mut self, ids: &[u32], stats: &mut GenerationStats) -> Result<candle_core::Tensor> {
        let started = Instant::now();
        // Reuse the common prefix, but always run at least the last token to get its logits.
        let common = self
            .cached
            .iter()
            .zip(ids)
            .take_while(|(a, b)| a == b)
            .count();
        let mut position = common.min(ids.len() - 1);
        if position < self.cached.len() && !self.model.can_rewind() {
            position = 0;
        }
        self.cached.truncate(position);
        let start = position;
        let mut logits = None;
        for chunk in ids[position..].chunks(PREFILL_CHUNK) {
            crate::interrupt::check()?;
            logits = Some(self.model.forward(chunk, position)?);
            position += chunk.len();
            self.cached.extend_from_slice(chunk);
        }
        stats.prefilled_tokens = ids.len() - start;
        stats.prefill_time = started.elapsed();
        Ok(logits.expect("a prompt has at least one token"))
    }
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

    /// `text`'s tokens, then each of its lines again as it reads after a space. A line's first
    /// word has no space before it in `text` (« \nLe Japon »), where a candidate writes it after
    /// its label's colon (« En bref : Le Japon »): without the second reading a copy of a
    /// line's start was banned one token late, once the model had written its eighth word
    /// (« Le Japon a créé un nouveau fabricant de », 201 candidates refused in the twelve
    /// articles at `8965c11`).
    fn copy_reference(&self, text: &str) -> Result<Vec<u32>> {
        let mut ids = self.tokenizer().encode_plain(text)?;
        for line in text.lines().map(str::trim_end) {
            if !line.is_empty() && !line.starts_with(char::is_whitespace) {
                ids.extend(self.tokenizer().encode_plain(&format!("\n {line}"))?);
            }
        }
        Ok(ids)
    }

    fn chat(&self) -> Option<&ChatFormat> {
        Generator::chat(self)
    }

    fn branch_width(&self) -> usize {
        match self.model.can_branch() {
            true => BRANCH_WIDTH,
            false => 1,
        }
    }

    fn run_branches(
        &mut self,
        prompt: &str,
        configs: &[GenerationConfig],
        on_text: &mut dyn FnMut(usize, &str) -> Flow,
        on_done: &mut dyn FnMut(usize, &Generation) -> Flow,
    ) -> Result<GenerationStats> {
        Generator::run_branches(self, prompt, configs, on_text, on_done)
    }
}

/// The likelihood of a generation's pieces as they come: the tokens' log-probabilities are
/// summed until they make a piece of text (an accent may take two byte tokens).
#[derive(Default)]
struct Likelihood {
    pieces: Vec<PieceLikelihood>,
    logprob: f32,
    tokens: u32,
}

impl Likelihood {
    fn token(&mut self, logprob: f32) {
        self.logprob += logprob;
        self.tokens += 1;
    }

    /// Forgets the pieces past byte `at` of the text, and the tokens not yet in a piece.
    fn truncate(&mut self, at: usize) {
        self.pieces.retain(|p| p.end <= at);
        (self.logprob, self.tokens) = (0.0, 0);
    }

    /// The tokens since the last piece made the text up to `end` (nothing is kept when no
    /// token's likelihood was).
    fn piece(&mut self, end: usize) {
        if self.tokens == 0 {
            return;
        }
        self.pieces.push(PieceLikelihood {
            end,
            logprob: std::mem::take(&mut self.logprob),
            tokens: std::mem::take(&mut self.tokens),
        });
    }
}

/// A token's text as the word guard reads it: `▁` is a space; a byte token is its character
/// when it is one (ASCII), and otherwise a mark that ends a word, since the character it
/// begins may be a space (`<0xC2>` begins U+00A0) and a name in progress must not be cut by
/// one unseen.
/// What the copy guard reads of a token of the source.
#[derive(Debug, Clone, Copy, Default)]
struct CopyMarks {
    /// It begins a figure or a name.
    name_or_figure: bool,
    /// It begins with a letter, no space before it: it goes on with a word.
    continues_word: bool,
    /// It ends with a letter: a word may go on after it.
    ends_in_letter: bool,
    /// It ends with an elision's apostrophe (« s' », « d' »): the word it opens goes with it.
    elides: bool,
    /// It is digits only, a blank before them aside: a piece of a figure.
    digits: bool,
    /// It is a blank only (before a figure's digits, between its groups).
    blank: bool,
    /// It is a cardinal in words, « un » and « une » aside (« cinquante »).
    number_word: bool,
    /// It begins a word: a space, then a letter.
    opens_word: bool,
}

impl CopyMarks {
    fn of(tokenizer: &TextTokenizer, id: u32) -> Self {
        let name_or_figure = tokenizer.decode(&[id]).is_ok_and(|t| {
            t.trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase())
        });
        let piece = tokenizer
            .inner()
            .id_to_token(id)
            .map_or(String::new(), |t| piece_text(&t));
        Self {
            name_or_figure,
            continues_word: piece.starts_with(char::is_alphabetic),
            ends_in_letter: piece.ends_with(char::is_alphabetic),
            elides: piece.ends_with(['\'', '’']),
            digits: {
                let digits = piece.trim_start();
                !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
            },
            blank: !piece.is_empty() && piece.chars().all(char::is_whitespace),
            number_word: {
                let word = piece.trim_start().to_lowercase();
                crate::facts::is_cardinal(&word) || MULTIPLIERS.contains(&word.as_str())
            },
            opens_word: piece.starts_with(' ') && piece[1..].starts_with(char::is_alphabetic),
        }
    }
}

/// What the copy guard takes two tokens for the same word by: the text of a word's piece
/// of four letters or more, lower case and accents folded, its leading space kept (« a » and
/// « à », « ou » and « où » are words of their own).
fn spelling_key(piece: &str) -> Option<String> {
    let letters = piece.trim_start();
    let word = letters.chars().count() >= 4 && letters.chars().all(char::is_alphabetic);
    word.then(|| crate::text::fold_accents(&piece.to_lowercase()))
}

/// Words that count with a figure before them (« 120 millions d'euros »).
const MULTIPLIERS: &[&str] = &["million", "millions", "milliard", "milliards"];

/// Whether `text` ends inside a quotation it opened: the copy guard waits, as a quotation
/// of the source is copied word for word, and the gate judges it whole once it closes.
pub(crate) fn quoting(text: &str) -> bool {
    let count = |c: char| text.matches(c).count();
    count('«') > count('»') || count('“') > count('”')
}

fn piece_text(token: &str) -> String {
    let byte = token
        .strip_prefix("<0x")
        .and_then(|t| t.strip_suffix('>'))
        .and_then(|hex| u8::from_str_radix(hex, 16).ok());
    match byte {
        Some(b) if b.is_ascii() => char::from(b).to_string(),
        Some(_) => char::REPLACEMENT_CHARACTER.to_string(),
        None => token.replace('▁', " "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_tokens_read_as_their_character_or_a_word_end() {
        assert_eq!(piece_text("▁Lyon"), " Lyon");
        assert_eq!(piece_text("<0x0A>"), "\n");
        assert_eq!(piece_text("<0x41>"), "A");
        assert_eq!(piece_text("<0xC2>"), "\u{FFFD}");
        // A name in progress is not cut by a byte that may begin a no-break space.
        let guard = crate::sampling::WordGuard::new(["Estaing".to_string()]);
        assert!(!guard.allows("l'hôpital Estain", &piece_text("<0xC2>")));
        assert!(guard.allows("l'hôpital", &piece_text("<0xC2>")));
    }

    #[test]
    fn a_word_spelt_otherwise_is_its_twin_and_a_short_word_is_its_own() {
        let key = |piece: &str| spelling_key(piece);
        assert_eq!(key(" différence"), key(" difference"));
        assert_eq!(key(" Différence"), key(" difference"));
        // A word's start and a word are not twins, nor are « a » and « à ».
        assert_ne!(key("différence"), key(" difference"));
        assert_eq!(key(" à"), None);
        assert_eq!(key(" 2030"), None);
    }
}
