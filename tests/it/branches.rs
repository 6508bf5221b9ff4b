//! The generator's branches on the real default model: decoded side by side, each stops
//! alone, takes text back, or marks a dead end that later branches do not walk again.

use crate::model::load;

/// The generator's branches: each samples with its own settings, a branch halted by its
/// callback stops alone, each stops at its own token limit, more branches than run at once
/// start as others end, `on_done` can end the run or drain it (the branches going on end,
/// no other starts), and the prompt stays cached.
#[test]
fn branched_generations_stop_alone_and_keep_the_prompt() {
    use redacteur::engine::{Flow, Generation, GenerationConfig};
    use redacteur::generate::Generator;
    use redacteur::sampling::SamplingConfig;
    let _cores = crate::all_cores();
    let (model, tokenizer) = load(512);
    let mut generator = Generator::new(model, tokenizer);
    let config = |seed: u64, max_tokens: usize| {
        GenerationConfig::new(
            max_tokens,
            SamplingConfig {
                temperature: 0.9,
                seed,
                ..Default::default()
            },
        )
    };
    let configs = [
        config(1, 24),
        config(2, 24),
        config(3, 7),
        config(4, 24),
        config(5, 24),
        config(6, 5),
    ];
    let prompt = "Le conseil de la Métropole de Lyon a voté mercredi un plan pour";
    let mut streamed = vec![String::new(); configs.len()];
    let mut done: Vec<Option<Generation>> = vec![None; configs.len()];
    let stats = generator
        .run_branches(
            prompt,
            &configs,
            &mut |branch, piece| {
                streamed[branch].push_str(piece);
                match branch {
                    1 => Flow::Halt,
                    _ => Flow::Continue,
                }
            },
            &mut |branch, generation| {
                assert!(done[branch].is_none(), "branch {branch} ended twice");
                done[branch] = Some(generation.clone());
                Flow::Continue
            },
        )
        .unwrap();
    let done: Vec<Generation> = done
        .into_iter()
        .map(|g| g.expect("every branch ends"))
        .collect();
    for (i, generation) in done.iter().enumerate() {
        assert_eq!(
            generation.text, streamed[i],
            "branch {i} streams its own text"
        );
        assert!(!generation.text.is_empty(), "branch {i} wrote nothing");
    }
    let tokens: Vec<usize> = done.iter().map(|g| g.stats.generated_tokens).collect();
    assert!(tokens[1] <= 2, "the halted branch went on: {tokens:?}");
    assert!(
        tokens[2] <= 7 && tokens[5] <= 5,
        "a limit was passed: {tokens:?}"
    );
    assert!(
        done[0].ended || tokens[0] == 24,
        "branch 0 stopped early: {tokens:?}"
    );
    assert_eq!(stats.generated_tokens, tokens.iter().sum::<usize>());
    assert_ne!(done[0].text, done[3].text, "seeds 1 and 4 agree");

    // The first branch to end ends the run: no other is reported.
    let mut ended = 0;
    let stats = generator
        .run_branches(prompt, &configs, &mut |_, _| Flow::Continue, &mut |_, _| {
            ended += 1;
            Flow::Halt
        })
        .unwrap();
    assert_eq!(ended, 1);
    assert!(stats.generated_tokens >= 5);
    // Drained at the first end: the branches already going end as they would, and none of
    // those waiting (4 and 5: four run at once) starts.
    let mut drained = Vec::new();
    generator
        .run_branches(prompt, &configs, &mut |_, _| Flow::Continue, &mut |i, _| {
            drained.push(i);
            Flow::Drain
        })
        .unwrap();
    drained.sort_unstable();
    assert_eq!(drained, vec![0, 1, 2, 3]);
    // The prompt is still cached: running it again prefills only its last token.
    let again = generator
        .run(prompt, &config(9, 1), |_| Flow::Continue)
        .unwrap();
    assert_eq!(again.stats.prefilled_tokens, 1);
}

/// A branch that takes text back (`Flow::Retract` at a token's end) goes on from there
/// without the token it drew there: its text keeps what came before, then differs from the
/// branch that kept it; two branches taking back the same text at the same place write the
/// same, whatever slot they run in; its likelihood speaks only of the text that stands, and
/// its token count includes what it took back.
#[test]
fn a_branch_takes_back_text_and_draws_another_token() {
    use redacteur::engine::{Flow, Generation, GenerationConfig};
    use redacteur::generate::Generator;
    use redacteur::sampling::SamplingConfig;
    let _cores = crate::all_cores();
    let (model, tokenizer) = load(512);
    let mut generator = Generator::new(model, tokenizer);
    let mut greedy = GenerationConfig::new(
        16,
        SamplingConfig {
            temperature: 0.0,
            ..Default::default()
        },
    );
    greedy.likelihood = true;
    let configs = [greedy.clone(), greedy.clone(), greedy];
    let prompt = "Le conseil de la Métropole de Lyon a voté mercredi un plan pour";
    // Where each branch's text ended after each piece, and where it was taken back from.
    let mut ends = vec![Vec::<usize>::new(); configs.len()];
    let mut text = vec![String::new(); configs.len()];
    let mut taken_back = vec![None; configs.len()];
    let mut pending: Vec<Option<usize>> = vec![None; configs.len()];
    let mut done: Vec<Option<Generation>> = vec![None; configs.len()];
    generator
        .run_branches(
            prompt,
            &configs,
            &mut |branch, piece| {
                if let Some(at) = pending[branch].take() {
                    // The engine took the text back: it goes on from there.
                    text[branch].truncate(at);
                    ends[branch].retain(|&end| end <= at);
                }
                text[branch].push_str(piece);
                ends[branch].push(text[branch].len());
                match (branch, ends[branch].len()) {
                    (1 | 2, 4) if taken_back[branch].is_none() => {
                        taken_back[branch] = Some(ends[branch][1]);
                        pending[branch] = Some(ends[branch][1]);
                        Flow::Retract(ends[branch][1])
                    }
                    _ => Flow::Continue,
                }
            },
            &mut |branch, generation| {
                done[branch] = Some(generation.clone());
                Flow::Continue
            },
        )
        .unwrap();
    let done: Vec<Generation> = done.into_iter().map(|g| g.unwrap()).collect();
    let at = taken_back[1].expect("branch 1 took text back");
    assert_eq!(taken_back[2], Some(at));
    assert_eq!(done[1].text, text[1], "the branch's text is what stands");
    assert_eq!(done[1].text[..at], done[0].text[..at]);
    assert_ne!(
        done[1].text[at..].chars().take(8).collect::<String>(),
        done[0].text[at..].chars().take(8).collect::<String>(),
        "the branch wrote again what it took back"
    );
    assert_eq!(
        done[1].text, done[2].text,
        "two slots retracting alike differ"
    );
    // 16 tokens stand at the end, as many as it may have; the 2 taken back were drawn too.
    assert!(
        done[1].ended || done[1].stats.generated_tokens == 18,
        "{} tokens drawn",
        done[1].stats.generated_tokens
    );
    let pieces = &done[1].likelihood;
    assert!(!pieces.is_empty());
    assert!(pieces.windows(2).all(|w| w[0].end < w[1].end));
    assert!(pieces.last().unwrap().end <= done[1].text.len());
}

/// A branch that marks a dead end (`Flow::DeadEnd` at the end of the text that dooms it)
/// halts, and the runs of the prompt that share its `DeadEnds` never draw that text's last
/// token after that path again: greedy branches write what the first run wrote up to there,
/// then something else.
#[test]
fn a_dead_end_is_not_walked_again() {
    use redacteur::engine::{DeadEnds, Flow, Generation, GenerationConfig};
    use redacteur::generate::Generator;
    use redacteur::sampling::SamplingConfig;
    let _cores = crate::all_cores();
    let (model, tokenizer) = load(512);
    let mut generator = Generator::new(model, tokenizer);
    let dead_ends = std::sync::Arc::new(DeadEnds::default());
    let mut greedy = GenerationConfig::new(
        12,
        SamplingConfig {
            temperature: 0.0,
            ..Default::default()
        },
    );
    greedy.dead_ends = Some(dead_ends.clone());
    let configs = [greedy.clone(), greedy];
    let prompt = "Le conseil de la Métropole de Lyon a voté mercredi un plan pour";
    let mut run = |dead_end: bool| {
        let mut ends = vec![Vec::<usize>::new(); 2];
        let mut text = vec![String::new(); 2];
        let mut done: Vec<Option<Generation>> = vec![None; 2];
        generator
            .run_branches(
                prompt,
                &configs,
                &mut |branch, piece| {
                    text[branch].push_str(piece);
                    ends[branch].push(text[branch].len());
                    // The third token ends the text that dooms the branch.
                    match dead_end && ends[branch].len() == 4 {
                        true => Flow::DeadEnd(ends[branch][2]),
                        false => Flow::Continue,
                    }
                },
                &mut |branch, generation| {
                    done[branch] = Some(generation.clone());
                    Flow::Continue
                },
            )
            .unwrap();
        let at = ends[0].get(1).copied();
        let texts: Vec<String> = done.into_iter().map(|g| g.unwrap().text).collect();
        (texts, at)
    };
    let (first, at) = run(true);
    let at = at.expect("the first run wrote two pieces");
    assert_eq!(first[0], first[1]);
    assert!(
        first[0].len() > at,
        "the first run halted before its dead end"
    );
    assert_eq!(dead_ends.len(), 1, "two branches marked the same dead end");
    let (second, _) = run(false);
    assert_eq!(second[0], second[1]);
    assert_eq!(
        second[0][..at],
        first[0][..at],
        "the path before the dead end"
    );
    assert!(
        !second[0][at..].starts_with(&first[0][at..]),
        "the dead end was walked again: {:?} after {:?}",
        &second[0][at..],
        &first[0][..at]
    );
}
