//! Prompts: for a base model, continuation-style texts whose natural next line is what we
//! want (a headline, a subheading, a paragraph); for an instruction-tuned model, the same
//! requests as a conversation in its chat template, the answer started with what is already
//! written. Pure functions of their inputs.

use anyhow::Result;

use crate::chat::{ChatFormat, Message};

/// The brief an instruction-tuned model gets as its system message.
const SYSTEM: &str = "Tu es journaliste dans une rédaction française. Tu écris en français \
correct et sobre, uniquement à partir des faits qu'on te donne : tu n'inventes ni nom, ni \
chiffre, ni citation.";

/// How prompts are framed for the model in use.
#[derive(Debug, Clone)]
pub enum PromptStyle {
    /// A base model: texts it continues.
    Continuation,
    /// An instruction-tuned model: a conversation in its chat template.
    Chat(ChatFormat),
}

impl PromptStyle {
    pub fn new(chat: Option<&ChatFormat>) -> Self {
        match chat {
            Some(format) => Self::Chat(format.clone()),
            None => Self::Continuation,
        }
    }

    fn ask(format: &ChatFormat, request: String) -> Result<String> {
        format.render(&[Message::system(SYSTEM), Message::user(request)])
    }

    /// A request for one line of text: `what` (with its constraints), answered alone.
    fn one_line(format: &ChatFormat, what: &str, answer: &str, text: &str) -> Result<String> {
        Self::ask(
            format,
            format!(
                "Propose {what} pour ce texte. Réponds par {answer} seul, sur une ligne, sans \
                 guillemets.\n\nTexte : {text}"
            ),
        )
    }

    /// A prompt whose answer is a French headline for `text`.
    pub fn headline(&self, text: &str) -> Result<String> {
        match self {
            Self::Continuation => Ok(headline(text)),
            Self::Chat(format) => Self::one_line(
                format,
                "un titre d'article en français, de moins de 70 caractères,",
                "le titre",
                text,
            ),
        }
    }

    /// A prompt whose answer is a French subheading for `text`.
    pub fn subheading(&self, text: &str) -> Result<String> {
        match self {
            Self::Continuation => Ok(subheading(text)),
            Self::Chat(format) => Self::one_line(
                format,
                "un intertitre d'article en français, de quelques mots,",
                "l'intertitre",
                text,
            ),
        }
    }

    /// A prompt whose answer is `sentence` said again in other words, with nothing added.
    pub fn rewrite(&self, sentence: &str) -> Result<String> {
        match self {
            Self::Continuation => Ok(rewrite(sentence)),
            Self::Chat(format) => Self::ask(
                format,
                format!(
                    "Reformule cette phrase en français, en phrases courtes, sans rien \
                     ajouter ni retirer : garde les noms, les chiffres et les faits, change \
                     l'ordre et les tournures. Réponds par la reformulation seule, sur une \
                     ligne.\n\nPhrase : {sentence}"
                ),
            ),
        }
    }

    /// A prompt whose answer is the gist of `sentence` in one short sentence.
    pub fn gist(&self, sentence: &str) -> Result<String> {
        match self {
            Self::Continuation => Ok(labelled(
                REWRITE_EXAMPLES,
                GIST_ANSWERS,
                "En bref",
                sentence,
            )),
            Self::Chat(format) => Self::one_line(
                format,
                "l'essentiel en une phrase courte (moins de quinze mots), sans rien ajouter,",
                "la phrase",
                sentence,
            ),
        }
    }

    /// A prompt whose answer is a question that `sentence` answers.
    pub fn question(&self, sentence: &str) -> Result<String> {
        match self {
            Self::Continuation => Ok(labelled(
                REWRITE_EXAMPLES,
                QUESTION_ANSWERS,
                "Question",
                sentence,
            )),
            Self::Chat(format) => Self::one_line(
                format,
                "une question de lecteur à laquelle ce texte répond, sans rien ajouter,",
                "la question",
                sentence,
            ),
        }
    }

    /// A prompt whose continuation is the next sentences of a section.
    pub fn section(&self, ctx: &SectionContext<'_>) -> Result<String> {
        let format = match self {
            Self::Continuation => return Ok(section(ctx)),
            Self::Chat(format) => format,
        };
        let mut request = String::from("Notes de la rédaction (faits vérifiés) :\n");
        for fact in ctx.facts {
            request.push_str(&format!("- {fact}\n"));
        }
        if let Some(keyphrase) = ctx.keyphrase {
            request.push_str(&format!("\nEmploie l'expression « {keyphrase} ».\n"));
        }
        let part = match ctx.heading {
            Some(heading) => format!("la partie « {heading} »"),
            None => "l'introduction".to_string(),
        };
        request.push_str(&format!(
            "\nÉcris {part} de l'article « {} » : des paragraphes de prose en français, avec \
             les seuls faits des notes, reformulés. Pas de titre, pas de liste, pas de mise en \
             forme.",
            ctx.title
        ));
        let mut prompt = Self::ask(format, request)?;
        prompt.push_str(&ctx.written.join(" "));
        Ok(prompt)
    }
}

/// Worked examples for the headline and subheading prompts, written for redacteur; their
/// names are not in any source, so the sentence gate drops anything copied from them.
const HEADLINE_EXAMPLES: &[(&str, &str)] = &[
    (
        "La région a inauguré lundi une nouvelle ligne de tramway qui relie la gare au campus. Les travaux ont duré trois ans et la ligne doit transporter des milliers d'étudiants chaque jour.",
        "Tramway : une nouvelle ligne relie enfin la gare au campus",
    ),
    (
        "Les producteurs de lait ont manifesté devant la préfecture pour réclamer de meilleurs prix. Ils dénoncent des coûts de production en hausse et des marges en baisse.",
        "Prix du lait : les producteurs manifestent devant la préfecture",
    ),
];

const HEADING_EXAMPLES: &[(&str, &str)] = &[
    (
        "Les travaux ont duré trois ans et ont mobilisé plusieurs entreprises locales. Le chantier a connu des retards à cause des intempéries.",
        "Un chantier de trois ans",
    ),
    (
        "Les éleveurs dénoncent la hausse du prix des aliments pour le bétail et de l'énergie, qui réduit leurs revenus.",
        "Des coûts de production en hausse",
    ),
];

/// Worked reformulations, written for redacteur: the same facts, names and figures in
/// another order and other turns, in short sentences, with nothing added.
const REWRITE_EXAMPLES: &[(&str, &str)] = &[
    (
        "Le conseil départemental a voté jeudi une enveloppe de 3 millions d'euros pour rénover les collèges du nord du département avant la rentrée 2027.",
        "Les collèges du nord du département seront rénovés avant la rentrée 2027. Jeudi, le conseil départemental a voté pour cela 3 millions d'euros.",
    ),
    (
        "Selon la directrice de l'école, Marie Dupont, les inscriptions ont augmenté de 12 % en un an, un record pour l'établissement.",
        "En un an, l'établissement a vu ses inscriptions augmenter de 12 %. C'est un record, d'après Marie Dupont, qui dirige l'école.",
    ),
    (
        "Les agriculteurs dénoncent la hausse du prix des engrais, qui pèse sur leurs revenus depuis deux ans.",
        "Le prix des engrais est en hausse. Depuis deux ans, il pèse sur les revenus des agriculteurs, qui le dénoncent.",
    ),
    // A quotation is kept word for word, inside its marks; the words around it change.
    (
        "« Aucune classe ne fermera à la rentrée », a promis mardi le maire, Paul Martin, devant le conseil municipal.",
        "Mardi, devant le conseil municipal, le maire Paul Martin s'est engagé : « Aucune classe ne fermera à la rentrée ».",
    ),
];

/// The gist of each of `REWRITE_EXAMPLES`, in a short sentence.
const GIST_ANSWERS: &[&str] = &[
    "Les collèges du nord du département seront rénovés avant la rentrée 2027.",
    "Les inscriptions à l'école ont augmenté de 12 % en un an.",
    "Le prix des engrais pèse sur le revenu des agriculteurs.",
    "Le maire promet qu'aucune classe ne fermera à la rentrée.",
];

/// A question each of `REWRITE_EXAMPLES` answers.
const QUESTION_ANSWERS: &[&str] = &[
    "Quand les collèges du nord du département seront-ils rénovés ?",
    "De combien les inscriptions à l'école ont-elles augmenté ?",
    "Pourquoi les agriculteurs dénoncent-ils le prix des engrais ?",
    "Des classes fermeront-elles à la rentrée ?",
];

/// Few-shot pairs of `sentences` and `answers` under `label`, then `sentence` to answer.
fn labelled(sentences: &[(&str, &str)], answers: &[&str], label: &str, sentence: &str) -> String {
    let mut prompt = String::new();
    for ((example, _), answer) in sentences.iter().zip(answers) {
        prompt.push_str(&format!("Phrase : {example}\n{label} : {answer}\n\n"));
    }
    prompt.push_str(&format!("Phrase : {sentence}\n{label} :"));
    prompt
}

/// The texts and answers of the worked examples, which a proposal must not repeat.
pub fn example_texts() -> impl Iterator<Item = &'static str> {
    HEADLINE_EXAMPLES
        .iter()
        .chain(HEADING_EXAMPLES)
        .chain(REWRITE_EXAMPLES)
        .flat_map(|(text, answer)| [*text, *answer])
        .chain(GIST_ANSWERS.iter().copied())
        .chain(QUESTION_ANSWERS.iter().copied())
}

fn few_shot(examples: &[(&str, &str)], label: &str, text: &str) -> String {
    let mut prompt = String::new();
    for (example, answer) in examples {
        prompt.push_str(&format!("Texte : {example}\n{label} : {answer}\n\n"));
    }
    prompt.push_str(&format!("Texte : {text}\n{label} :"));
    prompt
}

/// A prompt whose continuation is a French headline for `text`.
pub fn headline(text: &str) -> String {
    few_shot(HEADLINE_EXAMPLES, "Titre", text)
}

/// A prompt whose continuation is a French subheading for `text`.
pub fn subheading(text: &str) -> String {
    few_shot(HEADING_EXAMPLES, "Intertitre", text)
}

/// A prompt whose continuation is `sentence` reformulated. The worked examples come first
/// and never change, so that the engine's prompt cache keeps them from one sentence to the
/// next.
pub fn rewrite(sentence: &str) -> String {
    let answers: Vec<&str> = REWRITE_EXAMPLES.iter().map(|(_, a)| *a).collect();
    labelled(REWRITE_EXAMPLES, &answers, "Reformulation", sentence)
}

/// What a section prompt is built from.
#[derive(Debug, Clone)]
pub struct SectionContext<'a> {
    pub title: &'a str,
    /// `None` for the introduction, which has no subheading.
    pub heading: Option<&'a str>,
    /// The source facts this section develops.
    pub facts: &'a [String],
    /// A focus keyphrase to name in the notes, when the section must carry it.
    pub keyphrase: Option<&'a str>,
    /// Sentences of this section already written and kept.
    pub written: &'a [String],
}

/// A prompt whose continuation is the next sentences of a section: the facts as editor's
/// notes, then the article so far, ending where the model should write.
pub fn section(ctx: &SectionContext<'_>) -> String {
    let mut prompt = String::from("Notes de la rédaction (faits vérifiés) :\n");
    for fact in ctx.facts {
        prompt.push_str(&format!("- {fact}\n"));
    }
    if let Some(keyphrase) = ctx.keyphrase {
        prompt.push_str(&format!("Mot-clé à employer : {keyphrase}\n"));
    }
    prompt.push_str("\nArticle rédigé à partir de ces notes :\n\n");
    prompt.push_str(&format!("# {}\n\n", ctx.title));
    if let Some(heading) = ctx.heading {
        prompt.push_str(&format!("## {heading}\n\n"));
    }
    // No trailing space: the model's next token carries its own leading space.
    prompt.push_str(&ctx.written.join(" "));
    prompt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_prompt_ends_at_the_label() {
        let p = headline("Le Japon et les États-Unis coopèrent.");
        assert!(p.ends_with("Texte : Le Japon et les États-Unis coopèrent.\nTitre :"));
        assert_eq!(p.matches("Titre :").count(), 3);
    }

    #[test]
    fn chat_section_prompt_continues_the_answer() {
        let facts = vec!["Le Japon coopère avec les États-Unis.".to_string()];
        let written = vec!["Une première phrase.".to_string()];
        let style = PromptStyle::new(Some(&ChatFormat::Chatml));
        let p = style
            .section(&SectionContext {
                title: "Un titre",
                heading: None,
                facts: &facts,
                keyphrase: Some("coopération"),
                written: &written,
            })
            .unwrap();
        assert!(
            p.starts_with("<|im_start|>system\nTu es journaliste"),
            "{p}"
        );
        assert!(
            p.contains("- Le Japon coopère avec les États-Unis.\n"),
            "{p}"
        );
        assert!(
            p.contains("« coopération »") && p.contains("l'introduction"),
            "{p}"
        );
        assert!(
            p.ends_with("<|im_start|>assistant\nUne première phrase."),
            "{p}"
        );
        let base = PromptStyle::new(None).headline("Un texte.").unwrap();
        assert_eq!(base, headline("Un texte."));
    }

    #[test]
    fn section_prompt_snapshot() {
        let facts = vec!["Le Japon coopère avec les États-Unis.".to_string()];
        let written = vec!["Une première phrase.".to_string()];
        let p = section(&SectionContext {
            title: "Un titre",
            heading: Some("Un intertitre"),
            facts: &facts,
            keyphrase: None,
            written: &written,
        });
        assert_eq!(
            p,
            "Notes de la rédaction (faits vérifiés) :\n- Le Japon coopère avec les États-Unis.\n\n\
             Article rédigé à partir de ces notes :\n\n# Un titre\n\n## Un intertitre\n\nUne première phrase."
        );
    }
}
