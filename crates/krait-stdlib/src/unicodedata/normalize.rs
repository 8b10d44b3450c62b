//! The normalization forms NFC, NFD, NFKC and NFKD (Unicode Standard Annex #15), as
//! CPython's `unicodedata.normalize` computes them; under `ucd_3_2_0` characters
//! added since 3.2.0 do not decompose.

use super::records::{composition, properties, Version};

/// Hangul syllables are made of jamo by arithmetic, not by table.
const S_BASE: u32 = 0xAC00;
const L_BASE: u32 = 0x1100;
const V_BASE: u32 = 0x1161;
const T_BASE: u32 = 0x11A7;
const L_COUNT: u32 = 19;
const V_COUNT: u32 = 21;
const T_COUNT: u32 = 28;
const S_COUNT: u32 = L_COUNT * V_COUNT * T_COUNT;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Form {
    Nfc,
    Nfkc,
    Nfd,
    Nfkd,
}

impl Form {
    pub fn from_name(name: &str) -> Option<Form> {
        match name {
            "NFC" => Some(Form::Nfc),
            "NFKC" => Some(Form::Nfkc),
            "NFD" => Some(Form::Nfd),
            "NFKD" => Some(Form::Nfkd),
            _ => None,
        }
    }

    fn compatibility(self) -> bool {
        matches!(self, Form::Nfkc | Form::Nfkd)
    }

    fn composed(self) -> bool {
        matches!(self, Form::Nfc | Form::Nfkc)
    }
}

/// `text` in normal form `form`.
pub fn normalize(version: Version, form: Form, text: &str) -> String {
    // ASCII is in every normal form.
    if text.is_ascii() {
        return text.to_owned();
    }
    let mut points = decompose(version, text, form.compatibility());
    if form.composed() {
        points = compose(&points);
    }
    points.into_iter().filter_map(char::from_u32).collect()
}

/// The full decomposition of `text`, canonically ordered.
fn decompose(version: Version, text: &str, compatibility: bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len());
    let mut pending = Vec::new();
    for c in text.chars() {
        pending.push(c as u32);
        while let Some(cp) = pending.pop() {
            if (S_BASE..S_BASE + S_COUNT).contains(&cp) {
                push_hangul_jamo(cp, &mut out);
                continue;
            }
            if let Some(replacement) = version.decomposition_correction(cp) {
                pending.push(replacement);
                continue;
            }
            match version.decomposition(cp) {
                Some((tag, points)) if tag.is_empty() || compatibility => {
                    pending.extend(points.iter().rev());
                }
                _ => out.push(cp),
            }
        }
    }
    order_canonically(&mut out);
    out
}

fn push_hangul_jamo(syllable: u32, out: &mut Vec<u32>) {
    let index = syllable - S_BASE;
    out.push(L_BASE + index / (V_COUNT * T_COUNT));
    out.push(V_BASE + index % (V_COUNT * T_COUNT) / T_COUNT);
    let trail = index % T_COUNT;
    if trail != 0 {
        out.push(T_BASE + trail);
    }
}

fn combining_class(cp: u32) -> u8 {
    properties(cp).combining
}

/// Sorts each run of combining marks by combining class, keeping the order of marks
/// of one class.
fn order_canonically(points: &mut [u32]) {
    let mut start = 0;
    while start < points.len() {
        let run = points[start..]
            .iter()
            .take_while(|&&cp| combining_class(cp) != 0)
            .count();
        if run > 1 {
            points[start..start + run].sort_by_key(|&cp| combining_class(cp));
        }
        start += run.max(1);
    }
}

/// Canonical composition of decomposed, ordered `points`: each character joins the
/// last starter before it when nothing between them blocks it.
fn compose(points: &[u32]) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(points.len());
    let mut starter: Option<usize> = None;
    for &cp in points {
        let class = combining_class(cp);
        if let Some(at) = starter {
            let adjacent = at + 1 == out.len();
            let unblocked = adjacent
                || out
                    .last()
                    .map(|&last| combining_class(last))
                    .is_some_and(|last| last != 0 && last < class);
            if unblocked {
                if let Some(composite) = out.get(at).and_then(|&first| compose_pair(first, cp)) {
                    out[at] = composite;
                    continue;
                }
            }
        }
        if class == 0 {
            starter = Some(out.len());
        }
        out.push(cp);
    }
    out
}

fn compose_pair(first: u32, second: u32) -> Option<u32> {
    let leading = (L_BASE..L_BASE + L_COUNT).contains(&first);
    if leading && (V_BASE..V_BASE + V_COUNT).contains(&second) {
        let l = first - L_BASE;
        let v = second - V_BASE;
        return Some(S_BASE + (l * V_COUNT + v) * T_COUNT);
    }
    let lv_syllable =
        (S_BASE..S_BASE + S_COUNT).contains(&first) && (first - S_BASE).is_multiple_of(T_COUNT);
    if lv_syllable && (T_BASE + 1..T_BASE + T_COUNT).contains(&second) {
        return Some(first + (second - T_BASE));
    }
    composition(first, second)
}
