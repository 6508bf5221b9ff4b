//! Cleaning agency copy: photo credits and captions, datelines, stock tickers, emoji and
//! markup pasted with the text are not article text.

/// Whether a paragraph is a photo credit or caption rather than article text.
pub fn is_credit_or_caption(paragraph: &str) -> bool {
    let p = paragraph.trim();
    let upper = p.to_uppercase();
    p.starts_with('©')
        || upper.starts_with("PHOTO")
        || upper.contains("FILE PHOTO")
        || upper.contains("PHOTO D'ARCHIVES")
        || upper.contains("PHOTO D’ARCHIVES")
        || (upper.contains("REUTERS /") && p.len() < 400)
        || upper.starts_with("CRÉDIT")
        || upper.starts_with("CREDIT")
}

/// Removes a leading dateline such as `TOKYO (Reuters) – ` or `PARIS, 5 mai (AFP) - `.
pub fn strip_dateline(paragraph: &str) -> &str {
    let p = paragraph.trim_start();
    for dash in [" – ", " - ", " — "] {
        if let Some((head, rest)) = p.split_once(dash) {
            let agency = head.contains('(') && head.ends_with(')');
            let shouting = head.split(['(', ',']).next().is_some_and(|city| {
                let letters: Vec<char> = city.chars().filter(|c| c.is_alphabetic()).collect();
                !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
            });
            if head.len() <= 60 && (agency || shouting) {
                return rest;
            }
        }
    }
    p
}

const EXCHANGES: &[&str] = &[
    "NYSE", "NASDAQ", "EPA", "LON", "TYO", "TSE", "ETR", "BIT", "BME", "AMS", "HK", "SWX", "TSX",
    "ASX", "KRX", "SHA", "SHE", "OTC",
];

/// Drops markup tags (`<b>`, `</p>`, `<br/>`) and what `<script>` and `<style>` hold: pasted
/// from a page, they are no words of the article (the serve page's test source gave the
/// word « Script » to a headline). A `<` not followed by a tag name and closed on its line
/// is text (« a < b »).
pub fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let name: String = after
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && (!name.is_empty() || after.starts_with('!'));
        let close = after.find('>').filter(|&c| !after[..c].contains('\n'));
        let (true, Some(close)) = (is_tag, close) else {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..open]);
        rest = &after[close + 1..];
        // What a script or a style holds goes with it.
        if !after.starts_with('/') && (name == "script" || name == "style") {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = match lower.find(&end) {
                Some(at) => rest[at..].find('>').map_or("", |c| &rest[at + c + 1..]),
                None => "",
            };
        }
        out.push(' ');
    }
    out.push_str(rest);
    out
}

/// Drops markup, stock tickers `(NYSE:IBM)`, `(NASDAQ 🙂` and emoji, and squeezes spaces.
pub fn strip_noise(text: &str) -> String {
    let text = &strip_markup(text);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let ticker = EXCHANGES.iter().any(|e| {
            after.starts_with(e)
                && after[e.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphabetic())
        });
        if !ticker {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        }
        out.push_str(rest[..open].trim_end());
        // The ticker ends at `)`, or at the emoji some feeds leave in its place.
        let end = after
            .char_indices()
            .find(|(_, c)| *c == ')' || is_emoji(*c))
            .map_or(after.len(), |(i, c)| i + c.len_utf8());
        rest = &after[end..];
    }
    out.push_str(rest);
    let no_emoji: String = out.chars().filter(|c| !is_emoji(*c)).collect();
    let mut squeezed = String::with_capacity(no_emoji.len());
    for piece in no_emoji.split(' ').filter(|s| !s.is_empty()) {
        if !squeezed.is_empty() && !piece.starts_with([',', '.', ')']) {
            squeezed.push(' ');
        }
        squeezed.push_str(piece);
    }
    squeezed
}

fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_and_captions() {
        assert!(is_credit_or_caption(
            "© Reuters. FILE PHOTO: Nishimura Yasutoshi, ministre"
        ));
        assert!(!is_credit_or_caption(
            "Les deux pays ont convenu de travailler ensemble."
        ));
    }

    #[test]
    fn datelines() {
        assert_eq!(
            strip_dateline("TOKYO (Reuters) – Les États-Unis et le Japon"),
            "Les États-Unis et le Japon"
        );
        assert_eq!(
            strip_dateline("PARIS, 5 mai (AFP) - Le gouvernement"),
            "Le gouvernement"
        );
        assert_eq!(
            strip_dateline("Le Japon – et la Corée – ont signé"),
            "Le Japon – et la Corée – ont signé"
        );
    }

    #[test]
    fn markup_is_no_text() {
        assert_eq!(
            strip_noise(
                "La pause. <script>alert(1)</script> Le buteur a <b>réussi</b> cinq<br/>pénalités."
            ),
            "La pause. Le buteur a réussi cinq pénalités."
        );
        assert_eq!(
            strip_noise("Si a < b et c > d, <!-- note --> rien."),
            "Si a < b et c > d, rien."
        );
        assert_eq!(
            strip_noise("Un <SCRIPT type=x>x()</Script>texte."),
            "Un texte."
        );
    }

    #[test]
    fn tickers_and_emoji() {
        assert_eq!(
            strip_noise("avec International Business Machines Corp (NYSE 🙂 pour développer"),
            "avec International Business Machines Corp pour développer"
        );
        assert_eq!(
            strip_noise("Micron Technology Inc (NASDAQ:MU) afin"),
            "Micron Technology Inc afin"
        );
        assert_eq!(
            strip_noise("le Groupe des Sept (G7) a"),
            "le Groupe des Sept (G7) a"
        );
    }
}
