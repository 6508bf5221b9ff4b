//! Branches of one prompt decoded side by side: each step draws the next token of every live
//! branch (the draws shared out over the thread pool), judges them one branch after another,
//! then runs the tokens through the model as one batch of rows.

use std::time::Instant;

use anyhow::Result;

use super::{Generator, Likelihood};
use crate::engine::{Flow, Generation, GenerationConfig, GenerationStats};
use crate::kernels::pool::Pool;
use crate::sampling::{Sampler, Verdict};
use crate::tokenizer::TextTokenizer;

/// Branches decoded side by side with profit on the native CPU path: a step of 4 rows costs
/// about 1.7 steps of one, as the weights are read once for all rows (`redacteur bench -p 0
/// -n 64 -b 2,3,4,6,8 -t 2` on 2 Zen 4 cores: tg64 91 t/s, tg64x4 213 t/s; 2, 3 and 6 rows
/// gain less, as the kernels take tokens by groups of 4 and 8, the rest one at a time).
pub(super) const BRANCH_WIDTH: usize = 4;

/// How much less likely (in nats: a tenth) than the token it replaces a token drawn where
/// text was taken back may be (see `Flow::Retract`).
const REPLACEMENT_MARGIN: f32 = std::f32::consts::LN_10;

impl Generator {
    /// Continues `prompt` once per config, the continuations decoded side by side as
    /// branches of the prompt's cache: each step runs one token of every live branch through
    /// the model together, so the weights are read once for all of them. At most
    /// `BRANCH_WIDTH` live at once; as one ends, the next config starts in its place.
    /// `on_text(i, piece)` steers branch `i` alone; `on_done(i, generation)` gets each as it
    /// ends, and halts the whole run (live branches dropped, the rest never started) or
    /// drains it (live branches go on, the rest never start). The
    /// statistics count all the work, dropped branches included.
    pub fn run_branches(
        &mut self,
        prompt: &str,
        configs: &[GenerationConfig],
        on_text: &mut dyn FnMut(usize, &str) -> Flow,
        on_done: &mut dyn FnMut(usize, &Generation) -> Flow,
    ) -> Result<GenerationStats> {
        if !self.model.can_branch() || configs.len() < 2 {
            return crate::engine::one_after_another(self, prompt, configs, on_text, on_done);
        }
        let start = Instant::now();
        let ids = self.tokenizer.encode(prompt)?;
        let limit = self.model.max_positions();
        anyhow::ensure!(
            ids.len() < limit,
            "the prompt has {} tokens, more than the {limit} the context holds",
            ids.len()
        );
        let mut stats = GenerationStats {
            prompt_tokens: ids.len(),
            ..Default::default()
        };
        self.model
            .set_latin_only(configs.iter().all(|c| c.latin_only));
        let first: Vec<f32> = self.prefill(&ids, &mut stats)?.to_vec1()?;
        let samplers: Vec<Sampler> = configs.iter().map(|c| self.sampler(c)).collect();
        for config in configs {
            self.ensure_pieces(config);
        }
        let mut waiting = samplers.into_iter().enumerate();
        let mut slots: Vec<Option<Live>> =
            (0..BRANCH_WIDTH.min(configs.len())).map(|_| None).collect();
        let stride = configs.iter().map(|c| c.max_tokens).max().unwrap_or(1);
        let decode_start = Instant::now();
        let (mut tokens, mut of, mut positions) = (Vec::new(), Vec::new(), Vec::new());
        let mut draining = false;
        'steps: loop {
            crate::interrupt::check()?;
            for slot in slots.iter_mut().filter(|s| s.is_none() && !draining) {
                let Some((index, sampler)) = waiting.next() else {
                    break;
                };
                *slot = Some(Live {
                    index,
                    sampler,
                    history: ids.clone(),
                    stream: self.tokenizer.stream(),
                    text: String::new(),
                    likelihood: Likelihood::default(),
                    ended: false,
                    generated: 0,
                    ends: Vec::new(),
                    banned: Vec::new(),
                    logits: first.clone(),
                });
            }
            if slots.iter().all(Option::is_none) {
                break;
            }
            let sampling = Instant::now();
            let mut draws = self.draw(&mut slots, configs, ids.len(), limit);
            stats.sample_time += sampling.elapsed();
            tokens.clear();
            of.clear();
            positions.clear();
            for (s, slot) in slots.iter_mut().enumerate() {
                let Some(live) = slot else { continue };
                let config = &configs[live.index];
                let position = ids.len() + live.ends.len();
                let mut done = true;
                if let Some(drawn) = draws[s].take() {
                    let (next, replaceable) = drawn?;
                    if stats.generated_tokens == 0 {
                        stats.time_to_first_token = start.elapsed();
                    }
                    stats.generated_tokens += 1;
                    live.generated += 1;
                    if !replaceable {
                        // Nothing near as likely could take the place of what was taken back:
                        // the branch ends.
                    } else if self.tokenizer.is_stop(next) {
                        live.ended = true;
                    } else {
                        live.history.push(next);
                        if let Some(logprob) = live.sampler.last_logprob() {
                            live.likelihood.token(logprob);
                        }
                        let mut flow = Flow::Continue;
                        if let Some(piece) = live.stream.step(next)? {
                            live.text.push_str(&piece);
                            live.likelihood.piece(live.text.len());
                            let judging = Instant::now();
                            flow = on_text(live.index, &piece);
                            stats.callback_time += judging.elapsed();
                        }
                        live.ends.push(live.text.len());
                        let mut feed = Some((next, position));
                        let mut halt = flow == Flow::Halt;
                        if let Flow::DeadEnd(at) = flow {
                            halt = true;
                            if let Some(dead_ends) = &config.dead_ends {
                                live.mark_dead_end(at, ids.len(), dead_ends);
                            }
                        }
                        if let Flow::Retract(at) = flow {
                            // The branch goes on from the token before the text taken back:
                            // fed again at its position, it gives the logits to draw from.
                            match live.retract(at, ids.len(), &self.tokenizer)? {
                                None => halt = true,
                                Some(0) => {
                                    live.logits.copy_from_slice(&first);
                                    feed = None;
                                }
                                Some(k) => {
                                    feed =
                                        Some((live.history[ids.len() + k - 1], ids.len() + k - 1))
                                }
                            }
                        }
                        done = halt || live.ends.len() == config.max_tokens;
                        if let (false, Some((token, at))) = (done, feed) {
                            tokens.push(token);
                            of.push(s);
                            positions.push(at);
                        }
                    }
                }
                if done {
                    let live = slot.take().expect("a live slot");
                    let generation = Generation {
                        text: live.text,
                        ended: live.ended,
                        stats: GenerationStats {
                            prompt_tokens: ids.len(),
                            generated_tokens: live.generated,
                            ..Default::default()
                        },
                        likelihood: live.likelihood.pieces,
                    };
                    let judging = Instant::now();
                    let flow = on_done(live.index, &generation);
                    stats.callback_time += judging.elapsed();
                    match flow {
                        Flow::Halt => break 'steps,
                        Flow::Drain => draining = true,
                        _ => {}
                    }
                }
            }
            if tokens.is_empty() {
                continue;
            }
            self.model
                .forward_branches(&tokens, &of, &positions, stride, &mut |row, logits| {
                    let live = slots[of[row]].as_mut().expect("a fed slot is live");
                    live.logits.copy_from_slice(logits);
                    Ok(())
                })?;
        }
        stats.decode_time = decode_start.elapsed();
        Ok(stats)
    }

    /// Draws the next token of every live branch that goes on (`None` for one that has its
    /// tokens or fills the context), with whether it may stand where text was taken back.
    /// Each branch's sampler, logits and text are its own, so the draws are shared out over
    /// the pool's threads and are those that one after another would give.
    fn draw(
        &self,
        slots: &mut [Option<Live>],
        configs: &[GenerationConfig],
        prompt: usize,
        limit: usize,
    ) -> Vec<Option<Result<(u32, bool)>>> {
        let mut draws: Vec<Draw> = slots
            .iter_mut()
            .map(|slot| {
                let live = slot.as_mut()?;
                let config = &configs[live.index];
                let standing = live.ends.len();
                if standing >= config.max_tokens || prompt + standing >= limit {
                    return None;
                }
                let banned = live
                    .banned
                    .iter()
                    .filter(|(at, _)| *at == standing)
                    .map(|(_, id)| *id)
                    .collect();
                let dead = config
                    .dead_ends
                    .as_ref()
                    .map(|d| d.after(&live.history[prompt..]))
                    .unwrap_or_default();
                Some(Turn {
                    sampler: &mut live.sampler,
                    logits: &live.logits,
                    history: &live.history,
                    text: &live.text,
                    banned,
                    dead,
                    config,
                    drawn: None,
                })
            })
            .collect();
        let pieces = &self.pieces;
        Pool::global().rows_mut(&mut draws, 1, |_, turn| {
            if let Some(turn) = turn[0].as_mut() {
                turn.drawn = Some(turn.draw(pieces));
            }
        });
        draws
            .into_iter()
            .map(|turn| turn.and_then(|t| t.drawn))
            .collect()
    }
}

/// One branch's draw of a step, or `None` where the branch draws no more.
type Draw<'a> = Option<Turn<'a>>;

/// What one branch's draw reads, and what it drew.
struct Turn<'a> {
    sampler: &'a mut Sampler,
    logits: &'a [f32],
    history: &'a [u32],
    text: &'a str,
    /// Tokens taken back at this position, never to be drawn there again.
    banned: Vec<u32>,
    /// Tokens that led another branch to a refusal after this one's path: any other may
    /// take their place.
    dead: Vec<u32>,
    config: &'a GenerationConfig,
    drawn: Option<Result<(u32, bool)>>,
}

impl Turn<'_> {
    fn draw(&mut self, pieces: &[String]) -> Result<(u32, bool)> {
        let (config, text, banned, logits) = (self.config, self.text, &self.banned, self.logits);
        let dead = &self.dead;
        let within = config.words.as_ref().is_some_and(|w| w.within(text));
        self.sampler
            .pause_copy_guard(within || super::quoting(text));
        // A token drawn in place of one taken back must be nearly as likely: what the model
        // would write far less readily is most often garbled.
        let floor = banned
            .iter()
            .map(|&id| logits[id as usize])
            .fold(f32::NEG_INFINITY, f32::max)
            - REPLACEMENT_MARGIN;
        let replaceable = |id: u32| !banned.contains(&id) && logits[id as usize] >= floor;
        let allowed = |id: u32| {
            if !replaceable(id) || dead.contains(&id) {
                return Verdict::Refused;
            }
            match (&config.words, pieces.get(id as usize)) {
                (Some(guard), Some(piece)) => guard.verdict(text, piece),
                _ => Verdict::Allowed,
            }
        };
        let guarded = config.words.is_some() || !banned.is_empty() || !dead.is_empty();
        let next = self.sampler.sample_values(
            logits,
            self.history,
            guarded.then_some(&allowed as &dyn Fn(u32) -> Verdict),
        )?;
        Ok((next, replaceable(next)))
    }
}

/// A branch being decoded in a slot (the slot is its tail in the model's cache).
struct Live<'t> {
    index: usize,
    sampler: Sampler,
    history: Vec<u32>,
    stream: crate::tokenizer::TokenStream<'t>,
    text: String,
    likelihood: Likelihood,
    ended: bool,
    /// Tokens drawn, those taken back included (what the branch cost).
    generated: usize,
    /// Where the text ends after each token of the branch still standing.
    ends: Vec<usize>,
    /// Tokens never to be drawn again at a position of the branch (its index among
    /// the branch's tokens): each was taken back from there.
    banned: Vec<(usize, u32)>,
    logits: Vec<f32>,
}

impl<'t> Live<'t> {
    /// Marks the token that holds byte `end - 1` of the text (the last token of what doomed
    /// the branch) a dead end after the tokens before it; nothing at 0.
    fn mark_dead_end(&self, end: usize, prompt: usize, dead_ends: &crate::engine::DeadEnds) {
        let Some(standing) = self.ends.iter().position(|&e| e >= end && end > 0) else {
            return;
        };
        if let Some(&token) = self.history.get(prompt + standing) {
            dead_ends.mark(&self.history[prompt..prompt + standing], token);
        }
    }

    /// Takes back the branch's text from byte `at` on, where a token of it ends (or at its
    /// start), and bans the token drawn there from being drawn there again. Returns how
    /// many of the branch's tokens still stand, or `None` where no token ends at `at`.
    fn retract(
        &mut self,
        at: usize,
        prompt: usize,
        tokenizer: &'t TextTokenizer,
    ) -> Result<Option<usize>> {
        let standing = match at {
            0 => 0,
            _ => match self.ends.iter().position(|&end| end == at) {
                Some(i) => i + 1,
                None => return Ok(None),
            },
        };
        let Some(&taken) = self.history.get(prompt + standing) else {
            return Ok(None);
        };
        self.banned.retain(|&(i, _)| i <= standing);
        self.banned.push((standing, taken));
        self.history.truncate(prompt + standing);
        self.ends.truncate(standing);
        self.text.truncate(at);
        self.stream = tokenizer.stream();
        for &id in &self.history[prompt..] {
            self.stream.step(id)?;
        }
        self.likelihood.truncate(at);
        Ok(Some(standing))
    }
}
