//! Chat templates: a conversation rendered into the text an instruction-tuned model expects,
//! with the GGUF's own Jinja template (`tokenizer.chat_template`, rendered by minijinja) or a
//! built-in one (chatml, gemma, llama3, mistral). Pure functions of their inputs.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::catalogue::ChatTemplate;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Self {
        Self {
            role: Role::System,
            content: content.into(),
        }
    }

    pub fn user(content: impl Into<String>) -> Self {
        Self {
            role: Role::User,
            content: content.into(),
        }
    }
}

/// How an instruction-tuned model wants its conversation written.
#[derive(Debug, Clone, PartialEq)]
pub enum ChatFormat {
    Chatml,
    Qwen3,
    Gemma,
    Llama3,
    Mistral,
    /// A Jinja template, with the `bos_token` and `eos_token` strings it may use.
    Jinja {
        source: String,
        bos_token: String,
        eos_token: String,
    },
}

impl ChatFormat {
    /// The format a catalogue entry names; `gguf_template` is the GGUF's
    /// `tokenizer.chat_template` with its bos and eos strings. `None` for a base model.
    pub fn choose(
        template: ChatTemplate,
        gguf_template: Option<(String, String, String)>,
    ) -> Option<Self> {
        match template {
            ChatTemplate::None => None,
            ChatTemplate::Chatml => Some(Self::Chatml),
            ChatTemplate::Qwen3 => Some(Self::Qwen3),
            ChatTemplate::Gemma => Some(Self::Gemma),
            ChatTemplate::Llama3 => Some(Self::Llama3),
            ChatTemplate::Mistral => Some(Self::Mistral),
            // A GGUF without a template is a base model: continuation prompts.
            ChatTemplate::Gguf => gguf_template.map(|(source, bos_token, eos_token)| Self::Jinja {
                source,
                bos_token,
                eos_token,
            }),
        }
    }

    /// The conversation as the model's prompt, ending where the assistant's answer starts
    /// (the start-of-text token is left to the tokenizer, which adds it).
    pub fn render(&self, messages: &[Message]) -> Result<String> {
        let system: Vec<&str> = messages
            .iter()
            .filter(|m| m.role == Role::System)
            .map(|m| m.content.as_str())
            .collect();
        let turns = messages.iter().filter(|m| m.role != Role::System);
        let mut out = String::new();
        match self {
            Self::Chatml | Self::Qwen3 => {
                for m in messages {
                    let role = serde_json::to_value(m.role)?;
                    let role = role.as_str().unwrap_or("user");
                    out.push_str(&format!("<|im_start|>{role}\n{}<|im_end|>\n", m.content));
                }
                out.push_str("<|im_start|>assistant\n");
                if *self == Self::Qwen3 {
                    out.push_str("<think>\n\n</think>\n\n");
                }
            }
            Self::Gemma => {
                // Gemma has no system role: the system text opens the first user turn.
                let mut preamble = system.join("\n\n");
                for m in turns {
                    let (role, mut content) = match m.role {
                        Role::Assistant => ("model", m.content.clone()),
                        _ => ("user", m.content.clone()),
                    };
                    if role == "user" && !preamble.is_empty() {
                        content = format!("{preamble}\n\n{content}");
                        preamble.clear();
                    }
                    out.push_str(&format!("<start_of_turn>{role}\n{content}<end_of_turn>\n"));
                }
                out.push_str("<start_of_turn>model\n");
            }
            Self::Llama3 => {
                for m in messages {
                    let role = serde_json::to_value(m.role)?;
                    out.push_str(&format!(
                        "<|start_header_id|>{}<|end_header_id|>\n\n{}<|eot_id|>",
                        role.as_str().unwrap_or("user"),
                        m.content.trim()
                    ));
                }
                out.push_str("<|start_header_id|>assistant<|end_header_id|>\n\n");
            }
            Self::Mistral => {
                let mut preamble = system.join("\n\n");
                for m in turns {
                    match m.role {
                        Role::Assistant => out.push_str(&format!(" {}</s>", m.content)),
                        _ => {
                            let mut content = m.content.clone();
                            if !preamble.is_empty() {
                                content = format!("{preamble}\n\n{content}");
                                preamble.clear();
                            }
                            out.push_str(&format!("[INST] {content}[/INST]"));
                        }
                    }
                }
            }
            Self::Jinja {
                source,
                bos_token,
                eos_token,
            } => {
                out = render_jinja(source, messages, bos_token, eos_token)?;
                // The tokenizer adds the start-of-text token itself.
                if !bos_token.is_empty() {
                    if let Some(rest) = out.strip_prefix(bos_token.as_str()) {
                        out = rest.to_string();
                    }
                }
            }
        }
        Ok(out)
    }
}

fn render_jinja(
    source: &str,
    messages: &[Message],
    bos_token: &str,
    eos_token: &str,
) -> Result<String> {
    let mut env = minijinja::Environment::new();
    env.set_unknown_method_callback(minijinja_contrib::pycompat::unknown_method_callback);
    env.add_function(
        "raise_exception",
        |message: String| -> std::result::Result<String, minijinja::Error> {
            Err(minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                message,
            ))
        },
    );
    env.add_function("strftime_now", |format: String| -> String {
        // Templates use it for "today" in the system prompt; a fixed date keeps prompts
        // repeatable for a given seed.
        let _ = format;
        "1 Jan 2026".to_string()
    });
    env.add_template("chat", source)
        .context("reading the model's chat template")?;
    let template = env.get_template("chat")?;
    template
        .render(minijinja::context! {
            messages => messages,
            add_generation_prompt => true,
            bos_token => bos_token,
            eos_token => eos_token,
            enable_thinking => false,
            tools => minijinja::Value::from(()),
        })
        .context("rendering the model's chat template")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conversation() -> Vec<Message> {
        vec![
            Message::system("Tu es journaliste."),
            Message::user("Écris un titre."),
        ]
    }

    #[test]
    fn built_in_templates() {
        let m = conversation();
        assert_eq!(
            ChatFormat::Chatml.render(&m).unwrap(),
            "<|im_start|>system\nTu es journaliste.<|im_end|>\n<|im_start|>user\nÉcris un titre.<|im_end|>\n<|im_start|>assistant\n"
        );
        assert_eq!(
            ChatFormat::Gemma.render(&m).unwrap(),
            "<start_of_turn>user\nTu es journaliste.\n\nÉcris un titre.<end_of_turn>\n<start_of_turn>model\n"
        );
        assert_eq!(
            ChatFormat::Llama3.render(&m).unwrap(),
            "<|start_header_id|>system<|end_header_id|>\n\nTu es journaliste.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nÉcris un titre.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"
        );
        assert_eq!(
            ChatFormat::Mistral.render(&m).unwrap(),
            "[INST] Tu es journaliste.\n\nÉcris un titre.[/INST]"
        );
    }

    /// Qwen2.5's template (as its GGUF carries it, tools branch left out) renders as chatml.
    #[test]
    fn jinja_template_from_a_gguf() {
        let source = r#"{%- if messages[0]['role'] == 'system' %}
    {{- '<|im_start|>system\n' + messages[0]['content'] + '<|im_end|>\n' }}
{%- else %}
    {{- '<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n' }}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant") %}
        {{- '<|im_start|>' + message.role + '\n' + message.content.strip() + '<|im_end|>' + '\n' }}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\n' }}
{%- endif %}
"#;
        let format = ChatFormat::Jinja {
            source: source.to_string(),
            bos_token: String::new(),
            eos_token: "<|im_end|>".to_string(),
        };
        assert_eq!(
            format.render(&conversation()).unwrap(),
            ChatFormat::Chatml.render(&conversation()).unwrap()
        );
        let gemma = ChatFormat::Jinja {
            source:
                "{{ bos_token }}{% for m in messages %}{{ m.role }}:{{ m.content }}|{% endfor %}"
                    .to_string(),
            bos_token: "<bos>".to_string(),
            eos_token: "<eos>".to_string(),
        };
        assert_eq!(
            gemma.render(&conversation()).unwrap(),
            "system:Tu es journaliste.|user:Écris un titre.|"
        );
        let failing = ChatFormat::Jinja {
            source: "{{ raise_exception('roles must alternate') }}".to_string(),
            bos_token: String::new(),
            eos_token: String::new(),
        };
        assert!(
            format!("{:#}", failing.render(&conversation()).unwrap_err())
                .contains("roles must alternate")
        );
    }
}
