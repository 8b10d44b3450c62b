//! Unit tests of `PyStr` indexing: code-point positions through the checkpoint index.

use super::PyStr;

#[test]
fn ascii_positions_are_byte_positions() {
    let s = PyStr::new("hello");
    assert!(s.is_ascii());
    assert_eq!(s.char_len(), 5);
    assert_eq!(s.char_at(4), Some('o'));
    assert_eq!(s.char_at(5), None);
    assert_eq!(s.substring(1, 3), "el");
    assert_eq!(s.byte_offset(9), 5);
}

#[test]
fn non_ascii_positions_agree_with_a_linear_walk() {
    let text: String = (0..1000)
        .map(|i| match i % 4 {
            0 => 'a',
            1 => 'é',
            2 => '€',
            _ => '😀',
        })
        .collect();
    let s = PyStr::new(&text);
    assert!(!s.is_ascii());
    assert_eq!(s.char_len(), 1000);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (index, (byte, c)) in chars.iter().enumerate() {
        assert_eq!(s.byte_offset(index), *byte, "offset of {index}");
        assert_eq!(s.char_at(index), Some(*c), "char at {index}");
    }
    assert_eq!(s.byte_offset(1000), text.len());
    assert_eq!(s.char_at(1000), None);
    assert_eq!(s.substring(998, 1000), "€😀");
    assert_eq!(s.substring(5, 2), "");
}

#[test]
fn empty_string() {
    let s = PyStr::new("");
    assert_eq!(s.char_len(), 0);
    assert_eq!(s.char_at(0), None);
    assert_eq!(s.substring(0, 3), "");
}
