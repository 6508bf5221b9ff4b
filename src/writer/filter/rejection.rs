//! Why the gate refused a sentence: each fault named for the user, and counted by kind.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    TooShort,
    TooLong(usize),
    Incomplete,
    NotFrench,
    Markup,
    OffTopic,
    Repeated,
    /// What a sentence of its own section already says, in other words.
    Restated,
    /// A phrase said twice within the sentence (« Gina Raimondo a rencontré … Gina
    /// Raimondo »), or a word part doubled (« ont-ils-ils »).
    Stutter(String),
    Copied(usize),
    InventedName(String),
    InventedFigure(String),
    /// A day, month or season the source does not give (« votés jeudi »).
    InventedDate(String),
    /// A past participle the source does not use, after an auxiliary: something said to have
    /// been done that the source does not tell (« le budget a été réduit »).
    InventedAction(String),
    /// Content words the source does not support, when too many of them.
    Unsupported(Vec<String>),
    /// A content word said more often than the source's mentions of it allow: restating
    /// past any use (« réservé » in every sentence of a section) is padding.
    Overused(String),
    /// Two content words said together that the source says apart (« la Région » does not
    /// « assure » the financing): the source's words, recombined into a claim it lacks.
    Unlinked(String, String),
    InventedQuote(String),
    /// A quotation standing alone, without who said it.
    Unattributed,
    /// « Nous voulons… » outside quotation marks: the article speaking as the source's
    /// speaker, or as someone the source does not name.
    FirstPerson(String),
    /// A word in no French dictionary and not in the source.
    UnknownWord(String),
    /// Someone said to speak (« selon la Ville », « a déclaré le maire ») whom the source
    /// does not give as speaking.
    UnknownSpeaker(String),
    /// What the source has a speaker say (« La Métropole assure que… »), told as fact or as
    /// said by another (see `grounding::Misattributed`).
    Misattributed(String),
    /// A title or post given to another than the source gives it to (see
    /// `grounding::Misplaced`).
    Misplaced(String),
    /// A verb given to another name of the source sentence than the one the source puts
    /// before it (see `grounding::Subjects`).
    Swapped(String),
    /// A speaker given by a pronoun (« …, a-t-il déclaré ») where neither this sentence nor
    /// the one before names one of the source's speakers.
    PronounSpeaker,
    /// Two words French elides and the sentence does not (« de euros »).
    NotElided(String),
    /// Grammar no French writer gets wrong (« une effort », « tout en réclamer »).
    Ungrammatical(String),
    /// A negation the source does not make, or one it makes that the sentence drops (« le
    /// centre-ville ne perdra plus de places »): the source's words, saying the contrary.
    Flipped(crate::grounding::Flip),
    /// A comparison the source does not make (« de plus en plus fréquenté »).
    Compared(String),
    /// A qualifier of time or extent the source does not give its word (« déjà en place »).
    Qualified(String),
    /// What the source tells as planned told as done, or the other way round (« le bilan est
    /// présenté » for the source's « sera présenté »).
    Shifted(String),
    /// A verb told without the reflexive pronoun the source gives it, or with one it does not
    /// (« a qualifié » for the source's « s'est qualifié »).
    Voice(String),
    /// A FAQ answer that shares too few content words with its question.
    Unanswered,
    /// A statement with a question mark: no interrogative, no subject after its verb.
    NotAQuestion,
    /// A question's inverted subject in a sentence that ends as a statement (« Les
    /// États-Unis et le Japon vont-ils approfondir leur coopération. »).
    AskedAsTold(String),
    /// A question that names what it asks for (« Quel est le buteur Thomas Ramos ? »).
    Answered(String),
    /// Words the source quotes, told outside quotation marks with no speaker named.
    Unquoted(String),
    /// A prison term the source gives « avec sursis », told without it.
    Unsuspended(String),
    /// A term the source always says what of (« cinq ans d'inéligibilité »), told bare.
    BareTerm(String),
    /// A noun given a complement the source never gives it (« le vainqueur de la finale »
    /// for « le vainqueur de l'autre demi-finale »).
    Complement(String),
    /// A relative clause said of a noun where the source says it of the noun's complement
    /// (« le vainqueur, qui oppose dimanche » for « le vainqueur de l'autre demi-finale, qui
    /// oppose dimanche »).
    Relative(String),
    /// The first sentence of an article, a section or a list item opening on a subject
    /// pronoun, which stands for no one named before it (« Il a réussi cinq pénalités »).
    Dangling(String),
    /// A word that leans on the sentence before (« l'effet inverse ») where neither it nor
    /// the sentence before says what the source leans it on.
    Unleaned(String),
    /// A demonstrative whose noun nothing before it in its part names (« s'aligner sur ces
    /// contrôles » after « Le ministre chinois a rencontré Raimondo »).
    Unpointed(String),
    /// A sentence the model itself found unlikely after its prompt (its mean log-probability
    /// per token, in hundredths of a nat, below the floor): garbled more often than not.
    Unlikely(i32),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooShort => write!(f, "too short"),
            Self::TooLong(n) => write!(f, "{n} words, too long"),
            Self::Incomplete => write!(f, "incomplete"),
            Self::NotFrench => write!(f, "not French"),
            Self::Markup => write!(f, "markup or list"),
            Self::OffTopic => write!(f, "shares too few words with the source"),
            Self::Repeated => write!(f, "repeats an earlier sentence"),
            Self::Restated => write!(f, "says again what its section says"),
            Self::Stutter(p) => write!(f, "says « {p} » twice"),
            Self::Copied(n) => write!(f, "copies {n} words of the source"),
            Self::InventedName(n) => write!(f, "name `{n}` is not in the source"),
            Self::InventedFigure(n) => write!(f, "figure `{n}` is not in the source"),
            Self::InventedDate(d) => write!(f, "date `{d}` is not in the source"),
            Self::InventedAction(a) => write!(f, "`{a}` tells an action the source does not"),
            Self::Unsupported(w) => write!(f, "not in the source: {}", w.join(", ")),
            Self::Overused(w) => write!(f, "says « {w} » more often than the source allows"),
            Self::Unlinked(a, b) => {
                write!(f, "says « {a} » and « {b} » together, the source apart")
            }
            Self::InventedQuote(q) => write!(f, "quotation « {q} » is not in the source"),
            Self::Unattributed => write!(f, "a quotation without who said it"),
            Self::FirstPerson(w) => write!(f, "says « {w} » outside a quotation"),
            Self::UnknownWord(w) => write!(f, "`{w}` is neither French nor in the source"),
            Self::UnknownSpeaker(w) => write!(f, "« {w} » speaks nowhere in the source"),
            Self::NotElided(w) => write!(f, "« {w} » is not elided"),
            Self::Ungrammatical(w) => write!(f, "« {w} » is not French grammar"),
            Self::PronounSpeaker => write!(f, "a pronoun speaks for no one named before"),
            Self::Misattributed(w) => write!(f, "{w} in the source"),
            Self::Misplaced(w) => write!(f, "{w}"),
            Self::Swapped(w) => write!(f, "« {w} », where the source has another do it"),
            Self::Flipped(flip) => write!(f, "{flip}"),
            Self::Compared(c) => write!(f, "compares « {c} », which the source does not"),
            Self::Qualified(q) => write!(f, "qualifies « {q} », which the source does not"),
            Self::Shifted(t) => write!(f, "tells « {t} », in a time the source does not"),
            Self::Voice(v) => write!(
                f,
                "tells « {v} », a verb the source tells otherwise (with « se » or without, in another voice or number, of another)"
            ),
            Self::Unanswered => write!(f, "an answer that shares too few words with its question"),
            Self::NotAQuestion => write!(f, "a statement with a question mark"),
            Self::AskedAsTold(w) => write!(f, "« {w} » asks a question in a statement"),
            Self::Answered(w) => write!(f, "a question that names what it asks for: « {w} »"),
            Self::Unquoted(w) => write!(f, "« {w} » are words the source quotes, told as fact"),
            Self::Complement(w) => write!(f, "« {w} »: the source gives the noun another"),
            Self::Relative(w) => write!(f, "« {w} »: the source says it of another noun"),
            Self::Dangling(w) => write!(f, "« {w} » stands for no one named before"),
            Self::Unleaned(w) => write!(f, "« {w} » of nothing said before it"),
            Self::Unpointed(w) => write!(f, "« {w} » points at nothing named before it"),
            Self::BareTerm(w) => write!(f, "« {w} » without what the source says they are of"),
            Self::Unsuspended(w) => {
                write!(
                    f,
                    "« {w} » of prison without the « avec sursis » the source gives"
                )
            }
            Self::Unlikely(h) => write!(
                f,
                "the model found it unlikely ({:.2} nats a token)",
                *h as f32 / 100.0
            ),
        }
    }
}

impl Rejection {
    /// The kind of fault, without the details, for counting.
    pub fn category(&self) -> &'static str {
        match self {
            Self::TooShort => "too short",
            Self::TooLong(_) => "too long",
            Self::Incomplete => "incomplete",
            Self::NotFrench => "not French",
            Self::Markup => "markup or list",
            Self::OffTopic => "off topic",
            Self::Repeated => "repeated",
            Self::Restated => "restates its section",
            Self::Stutter(_) => "says a phrase twice",
            Self::Copied(_) => "copied from the source",
            Self::InventedName(_) => "invented name",
            Self::InventedFigure(_) => "invented figure",
            Self::InventedDate(_) => "invented date",
            Self::InventedAction(_) => "invented action",
            Self::Unsupported(_) => "not supported by the source",
            Self::Unlinked(..) => "words the source says apart",
            Self::Overused(_) => "word said too often",
            Self::InventedQuote(_) => "invented quotation",
            Self::Unattributed => "unattributed quotation",
            Self::FirstPerson(_) => "first person outside a quotation",
            Self::UnknownWord(_) => "unknown word",
            Self::UnknownSpeaker(_) => "speaker the source does not give",
            Self::NotElided(_) => "missing elision",
            Self::Ungrammatical(_) => "grammar",
            Self::PronounSpeaker => "speaker given by a pronoun alone",
            Self::Misattributed(_) => "a speaker's claim told as fact or by another",
            Self::Misplaced(_) => "a title the source gives another",
            Self::Swapped(_) => "a deed the source gives another",
            Self::Flipped(_) => "negation the source does not make",
            Self::Compared(_) => "comparison the source does not make",
            Self::Qualified(_) => "qualifier the source does not give",
            Self::Shifted(_) => "time the source does not tell",
            Self::Voice(_) => "a verb without the pronoun the source gives it",
            Self::Unanswered => "answer off its question",
            Self::NotAQuestion => "not a question",
            Self::AskedAsTold(_) => "question told",
            Self::Answered(_) => "question answered in itself",
            Self::Unquoted(_) => "quote told as fact",
            Self::Unsuspended(_) => "suspension dropped",
            Self::BareTerm(_) => "term said bare",
            Self::Complement(_) => "another complement",
            Self::Relative(_) => "relative clause moved",
            Self::Dangling(_) => "pronoun with no one before",
            Self::Unleaned(_) => "the inverse of nothing said",
            Self::Unpointed(_) => "demonstrative of nothing named",
            Self::Unlikely(_) => "unlikely to the model",
        }
    }
}
