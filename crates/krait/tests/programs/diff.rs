//! A line diff in unified style for the failure reports of the program tests: the
//! longest common subsequence of the lines that differ, printed with three lines of
//! context around each change.

/// Lines of unchanged context shown around each change.
const CONTEXT: usize = 3;
/// Above this many cells the table of common subsequences is not built; the changed
/// middle is then shown as all removed, then all added.
const TABLE_LIMIT: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq)]
enum Edit {
    Same,
    Removed,
    Added,
}

/// The diff of `expected` against `actual` as lines: `@@` hunk headers, then lines
/// prefixed with ` `, `-` or `+`. A line lacking its final newline is marked.
pub fn unified(expected: &str, actual: &str) -> Vec<String> {
    let old: Vec<&str> = expected.split_inclusive('\n').collect();
    let new: Vec<&str> = actual.split_inclusive('\n').collect();
    let script = edit_script(&old, &new);

    // Each entry: the edit, and the line's index in `old` (for Same/Removed) or `new`.
    let mut entries = Vec::with_capacity(script.len());
    let (mut i, mut j) = (0, 0);
    for edit in script {
        match edit {
            Edit::Same => {
                entries.push((edit, old[i], i, j));
                i += 1;
                j += 1;
            }
            Edit::Removed => {
                entries.push((edit, old[i], i, j));
                i += 1;
            }
            Edit::Added => {
                entries.push((edit, new[j], i, j));
                j += 1;
            }
        }
    }

    let mut lines = Vec::new();
    for (start, end) in hunks(&entries.iter().map(|entry| entry.0).collect::<Vec<_>>()) {
        let hunk = &entries[start..end];
        let old_count = hunk.iter().filter(|e| e.0 != Edit::Added).count();
        let new_count = hunk.iter().filter(|e| e.0 != Edit::Removed).count();
        let (_, _, old_start, new_start) = hunk[0];
        lines.push(format!(
            "@@ -{} +{} @@",
            hunk_range(old_start, old_count),
            hunk_range(new_start, new_count)
        ));
        for &(edit, line, _, _) in hunk {
            let sign = match edit {
                Edit::Same => ' ',
                Edit::Removed => '-',
                Edit::Added => '+',
            };
            match line.strip_suffix('\n') {
                Some(text) => lines.push(format!("{sign}{text}")),
                None => lines.push(format!("{sign}{line}    (no newline at end)")),
            }
        }
    }
    lines
}

/// A hunk's line range as unified diffs write it: 1-based, or the line before an
/// empty range.
fn hunk_range(start: usize, count: usize) -> String {
    if count == 0 {
        format!("{start},0")
    } else {
        format!("{},{count}", start + 1)
    }
}

/// The ranges of the edit script to show: each change with its context, touching
/// ranges merged.
fn hunks(script: &[Edit]) -> Vec<(usize, usize)> {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (index, edit) in script.iter().enumerate() {
        if *edit == Edit::Same {
            continue;
        }
        let start = index.saturating_sub(CONTEXT);
        let end = (index + 1 + CONTEXT).min(script.len());
        match ranges.last_mut() {
            Some(last) if start <= last.1 => last.1 = end,
            _ => ranges.push((start, end)),
        }
    }
    ranges
}

/// The shortest edit script turning `old` into `new`: common prefix and suffix, and
/// between them the longest common subsequence.
fn edit_script(old: &[&str], new: &[&str]) -> Vec<Edit> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_middle = &old[prefix..old.len() - suffix];
    let new_middle = &new[prefix..new.len() - suffix];

    let mut script = vec![Edit::Same; prefix];
    if old_middle.len() * new_middle.len() > TABLE_LIMIT {
        script.extend(std::iter::repeat_n(Edit::Removed, old_middle.len()));
        script.extend(std::iter::repeat_n(Edit::Added, new_middle.len()));
    } else {
        script.extend(common_subsequence_script(old_middle, new_middle));
    }
    script.extend(std::iter::repeat_n(Edit::Same, suffix));
    script
}

fn common_subsequence_script(old: &[&str], new: &[&str]) -> Vec<Edit> {
    // longest[i][j]: length of the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut longest = vec![0usize; (old.len() + 1) * width];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            longest[i * width + j] = if old[i] == new[j] {
                longest[(i + 1) * width + j + 1] + 1
            } else {
                longest[(i + 1) * width + j].max(longest[i * width + j + 1])
            };
        }
    }
    let mut script = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while i < old.len() && j < new.len() {
        if old[i] == new[j] {
            script.push(Edit::Same);
            i += 1;
            j += 1;
        } else if longest[(i + 1) * width + j] >= longest[i * width + j + 1] {
            script.push(Edit::Removed);
            i += 1;
        } else {
            script.push(Edit::Added);
            j += 1;
        }
    }
    script.extend(std::iter::repeat_n(Edit::Removed, old.len() - i));
    script.extend(std::iter::repeat_n(Edit::Added, new.len() - j));
    script
}
