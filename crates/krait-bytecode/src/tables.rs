//! Decoders for a code object's side tables: the exception table
//! (`Objects/exception_handling_notes.txt`) and the location table
//! (`Objects/locations.md`). The compiler's assembler writes them; the VM, `dis` and
//! tracebacks read them through these.

/// One exception-table entry: instructions `start..end` (code units) jump to `target`
/// with the operand stack cut to `depth`, pushing the offset of the raising
/// instruction first when `lasti` is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExceptionEntry {
    pub start: u32,
    pub end: u32,
    pub target: u32,
    pub depth: u32,
    pub lasti: bool,
}

struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    /// Exception-table varint: 6-bit chunks, most significant first, bit 6 = more.
    fn varint_be(&mut self) -> Option<u32> {
        let mut b = self.next()?;
        let mut value = (b & 63) as u32;
        while b & 64 != 0 {
            b = self.next()?;
            value = value.checked_shl(6)? | (b & 63) as u32;
        }
        Some(value)
    }

    /// Location-table varint: 6-bit chunks, least significant first, bit 6 = more.
    fn varint_le(&mut self) -> Option<u32> {
        let mut b = self.next()?;
        let mut value = (b & 63) as u32;
        let mut shift = 6;
        while b & 64 != 0 {
            b = self.next()?;
            value |= ((b & 63) as u32).checked_shl(shift)?;
            shift += 6;
        }
        Some(value)
    }

    fn svarint_le(&mut self) -> Option<i32> {
        let v = self.varint_le()?;
        Some(if v & 1 != 0 {
            -((v >> 1) as i32)
        } else {
            (v >> 1) as i32
        })
    }
}

/// Parses `co_exceptiontable`; `None` if it is malformed.
pub fn parse_exception_table(data: &[u8]) -> Option<Vec<ExceptionEntry>> {
    let mut cursor = Cursor { data, pos: 0 };
    let mut entries = Vec::new();
    while cursor.pos < data.len() {
        let start = cursor.varint_be()?;
        let length = cursor.varint_be()?;
        let target = cursor.varint_be()?;
        let depth_lasti = cursor.varint_be()?;
        entries.push(ExceptionEntry {
            start,
            end: start.checked_add(length)?,
            target,
            depth: depth_lasti >> 1,
            lasti: depth_lasti & 1 != 0,
        });
    }
    Some(entries)
}

/// The source position of one instruction; `None` fields are unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: Option<u32>,
    pub end_line: Option<u32>,
    pub col: Option<u32>,
    pub end_col: Option<u32>,
}

/// Decodes `co_linetable` into one position per code unit (`co_positions()`).
/// A malformed table yields positions only as far as it could be read.
pub fn decode_positions(linetable: &[u8], firstlineno: u32, code_units: usize) -> Vec<Position> {
    let mut out = Vec::with_capacity(code_units);
    for (length, position) in decode_entries(linetable, firstlineno, code_units) {
        out.extend(std::iter::repeat_n(position, length));
    }
    out.truncate(code_units);
    out
}

/// Decodes `co_linetable` into its entries: how many code units each covers and
/// their position (`co_lines()` yields one range per entry). A malformed table
/// yields entries only as far as it could be read.
pub fn decode_entries(
    linetable: &[u8],
    firstlineno: u32,
    code_units: usize,
) -> Vec<(usize, Position)> {
    let mut out = Vec::new();
    let mut covered = 0;
    let mut cursor = Cursor {
        data: linetable,
        pos: 0,
    };
    let mut line = firstlineno as i64;
    while covered < code_units {
        let Some(first) = cursor.next() else { break };
        if first & 0x80 == 0 {
            break;
        }
        let code = (first >> 3) & 15;
        let length = (first & 7) as usize + 1;
        let position = match code {
            15 => Some(Position::default()),
            14 => (|| {
                line += cursor.svarint_le()? as i64;
                let end_line = line + cursor.varint_le()? as i64;
                let col = cursor.varint_le()?;
                let end_col = cursor.varint_le()?;
                Some(Position {
                    line: Some(line as u32),
                    end_line: Some(end_line as u32),
                    col: col.checked_sub(1),
                    end_col: end_col.checked_sub(1),
                })
            })(),
            13 => cursor.svarint_le().map(|delta| {
                line += delta as i64;
                Position {
                    line: Some(line as u32),
                    end_line: Some(line as u32),
                    col: None,
                    end_col: None,
                }
            }),
            10..=12 => {
                line += (code - 10) as i64;
                (|| {
                    let col = cursor.next()? as u32;
                    let end_col = cursor.next()? as u32;
                    Some(Position {
                        line: Some(line as u32),
                        end_line: Some(line as u32),
                        col: Some(col),
                        end_col: Some(end_col),
                    })
                })()
            }
            _ => cursor.next().map(|second| {
                let col = code as u32 * 8 + ((second >> 4) & 7) as u32;
                Position {
                    line: Some(line as u32),
                    end_line: Some(line as u32),
                    col: Some(col),
                    end_col: Some(col + (second & 15) as u32),
                }
            }),
        };
        let Some(position) = position else { break };
        let length = length.min(code_units - covered);
        covered += length;
        out.push((length, position));
    }
    out
}

/// `co_linetable` with the columns and end lines dropped, as code objects keep it
/// under `-X no_debug_ranges`: each entry keeps its length and line delta, in the
/// short "no columns" form. A malformed tail is dropped.
pub fn remove_column_info(linetable: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(linetable.len());
    let mut cursor = Cursor {
        data: linetable,
        pos: 0,
    };
    while let Some(first) = cursor.next() {
        if first & 0x80 == 0 {
            break;
        }
        let code = (first >> 3) & 15;
        let delta = match code {
            15 => {
                out.push(first);
                continue;
            }
            13 | 14 => cursor.svarint_le(),
            10..=12 => Some((code - 10) as i32),
            _ => Some(0),
        };
        let Some(delta) = delta else { break };
        out.push(0x80 | (13 << 3) | (first & 7));
        write_signed_varint_le(&mut out, delta);
        // Skip the rest of the entry: its bytes are the ones without the top bit.
        while cursor.data.get(cursor.pos).is_some_and(|b| b & 0x80 == 0) {
            cursor.pos += 1;
        }
    }
    out
}

/// Writes a location-table varint: 6-bit chunks, least significant first, bit 6 =
/// more.
pub fn write_varint_le(out: &mut Vec<u8>, mut value: u32) {
    while value >= 64 {
        out.push(0x40 | (value & 63) as u8);
        value >>= 6;
    }
    out.push(value as u8);
}

/// Writes a signed location-table varint: the magnitude shifted left, the sign in
/// bit 0.
pub fn write_signed_varint_le(out: &mut Vec<u8>, value: i32) {
    let zigzag = if value < 0 {
        (value.unsigned_abs() << 1) | 1
    } else {
        (value as u32) << 1
    };
    write_varint_le(out, zigzag);
}
