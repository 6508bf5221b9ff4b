//! The checks' rule identifiers: one enum that the checks, the repair loop and the article
//! bench share, so that renaming a rule cannot silently break a reader of it.

use serde::Serialize;

macro_rules! rules {
    ($($variant:ident => $id:literal,)*) => {
        /// A check's stable identifier; its id (`keyphrase-density`) is what reports show and
        /// JSON carries.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            /// Every rule, in declaration order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable identifier, e.g. `keyphrase-density`.
            pub const fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }
        }
    };
}

rules! {
    Language => "language",
    RepeatedSentences => "repeated-sentences",
    Loops => "loops",
    EntitiesKept => "entities-kept",
    FiguresKept => "figures-kept",
    InventedFigures => "invented-figures",
    InventedNames => "invented-names",
    VerbatimCopies => "verbatim-copies",
    GroundedSentences => "grounded-sentences",
    ContentPrecision => "content-precision",
    LinkedWords => "linked-words",
    InventedQuotes => "invented-quotes",
    InventedSpeakers => "invented-speakers",
    ClaimsAsFacts => "claims-as-facts",
    MisplacedTitles => "misplaced-titles",
    FlippedNegations => "flipped-negations",
    InventedComparisons => "invented-comparisons",
    InventedQualifiers => "invented-qualifiers",
    SourceOverlap => "source-overlap",
    UnknownWords => "unknown-words",
    OtherWords => "other-words",
    Grammar => "grammar",
    KeyphraseTitle => "keyphrase-title",
    KeyphraseH1 => "keyphrase-h1",
    KeyphraseIntroduction => "keyphrase-introduction",
    KeyphraseDescription => "keyphrase-description",
    KeyphraseSlug => "keyphrase-slug",
    KeyphraseSubheadings => "keyphrase-subheadings",
    KeyphraseDensity => "keyphrase-density",
    TitleLength => "title-length",
    DescriptionLength => "description-length",
    SlugLength => "slug-length",
    SingleH1 => "single-h1",
    Subheadings => "subheadings",
    BodyLength => "body-length",
    SectionLength => "section-length",
    ParagraphLength => "paragraph-length",
    Readability => "readability",
    LongSentences => "long-sentences",
    ReadingEase => "reading-ease",
    TransitionWords => "transition-words",
    PassiveVoice => "passive-voice",
    ConsecutiveBeginnings => "consecutive-beginnings",
    OutboundLinks => "outbound-links",
    InternalLinks => "internal-links",
    Images => "images",
    ImageKeyphrase => "image-keyphrase",
}

impl Rule {
    /// Whether the rule judges the article against its source (it is checked only when a
    /// source is given).
    pub const fn needs_source(self) -> bool {
        matches!(
            self,
            Rule::EntitiesKept
                | Rule::FiguresKept
                | Rule::InventedFigures
                | Rule::InventedNames
                | Rule::VerbatimCopies
                | Rule::GroundedSentences
                | Rule::ContentPrecision
                | Rule::LinkedWords
                | Rule::InventedQuotes
                | Rule::InventedSpeakers
                | Rule::ClaimsAsFacts
                | Rule::MisplacedTitles
                | Rule::FlippedNegations
                | Rule::InventedComparisons
                | Rule::InventedQualifiers
                | Rule::SourceOverlap
                | Rule::UnknownWords
                | Rule::OtherWords
                | Rule::Grammar
        )
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.id())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_pad_in_reports() {
        let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
        assert_eq!(format!("{:<18}|", Rule::Loops), "loops             |");
    }
}
