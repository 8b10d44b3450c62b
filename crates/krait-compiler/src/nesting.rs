//! Sources nested deeper than 3.11 can read: where the parser may stop.
//!
//! CPython 3.11 refuses brackets nested more than 200 deep ("too many nested
//! parentheses", in f-string expressions too) and f-strings nested more than a few
//! deep (a quote ends the string, format specs nest two levels). The parser Krait
//! uses reads f-strings the 3.12 way and spends time quadratic in their nesting on
//! the 3.11 checks, so a fuzzed `f'{f'{f'{...` thousands deep would take seconds.
//! Such a source is an error whose first cause lies before its 201st open
//! bracket, so the parser is given only a prefix that holds that many.

use ruff_python_ast::token::TokenKind;
use ruff_python_parser::lexer::lex;
use ruff_python_parser::Mode;

/// Open brackets past which 3.11 has certainly failed.
const DEEPEST: usize = 200;

/// Where the cheap byte count looks for a cut: far enough past [`DEEPEST`] that
/// escaped braces and brackets in strings rarely hide the real depth, near enough
/// that parsing up to it costs little even at the quadratic rate.
const COUNTED_CUT: usize = 1000;

/// The length of the prefix of `source` worth parsing: all of it, unless brackets
/// (as the parser's lexer sees them, f-string braces included) nest deeper than
/// [`DEEPEST`] within it.
pub fn parse_extent(source: &str) -> usize {
    match possibly_too_deep(source) {
        Some(cut) if lexed_depth(&source[..cut]) > DEEPEST => cut,
        _ => source.len(),
    }
}

/// Where counting `{`, `(` and `[` against their closers byte by byte (strings
/// and comments included, so an overestimate for the usual source) first passes
/// [`COUNTED_CUT`]: a cheap test that rules out nearly every source at once.
fn possibly_too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in source.bytes().enumerate() {
        match byte {
            b'{' | b'(' | b'[' => {
                depth += 1;
                if depth > COUNTED_CUT {
                    return Some(at + 1);
                }
            }
            b'}' | b')' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// The deepest bracket nesting among the tokens of `text`.
fn lexed_depth(text: &str) -> usize {
    let mut lexer = lex(text, Mode::Module);
    let (mut depth, mut deepest) = (0usize, 0usize);
    loop {
        match lexer.next_token() {
            TokenKind::EndOfFile => return deepest,
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_extent;

    #[test]
    fn shallow_sources_are_read_whole() {
        for source in [
            "x = [[[1]]]\n",
            &"{".repeat(150),
            &format!("s = '{}'\n", "{".repeat(5000)),
        ] {
            assert_eq!(parse_extent(source), source.len());
        }
    }

    #[test]
    fn deep_nesting_is_cut_within_the_counted_limit() {
        let fields = format!("f\"{{{}1{}}}\"", "{1: ".repeat(3000), "}".repeat(3000));
        let strings = "f'{".repeat(3000);
        let brackets = "(".repeat(5000);
        for source in [&fields, &strings, &brackets] {
            let extent = parse_extent(source);
            assert!(extent < 5000 && extent > 200, "{extent}");
        }
    }
}
