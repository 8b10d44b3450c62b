//! CPython 3.11's bytecode as data: the opcode table, code objects and their
//! constants, the location and exception tables, and the `marshal` format.
//!
//! This crate knows nothing of the VM's objects; constants are plain data here and the
//! VM turns them into values when it loads a code object.

pub mod code;
pub mod marshal;
pub mod opcode_table;
pub mod tables;

pub use code::{CodeFlags, CodeObject, Constant, LocalKind};
pub use opcode_table::Opcode;

impl Opcode {
    /// The opcode with number `byte`, if 3.11 defines one.
    #[inline]
    pub fn from_u8(byte: u8) -> Option<Opcode> {
        opcode_table::OPCODE_BY_NUMBER[byte as usize]
    }

    /// Whether the instruction uses its argument byte (`opcode >= HAVE_ARGUMENT`).
    #[inline]
    pub fn has_arg(self) -> bool {
        self as u8 >= opcode_table::HAVE_ARGUMENT
    }

    /// How many `CACHE` code units follow this instruction.
    #[inline]
    pub fn cache_entries(self) -> usize {
        opcode_table::CACHE_ENTRIES[self as usize] as usize
    }

    /// The unspecialised form of this opcode (itself for a base opcode).
    #[inline]
    pub fn base(self) -> Opcode {
        let base = opcode_table::BASE_OPCODE[self as usize];
        Opcode::from_u8(base).expect("BASE_OPCODE maps to defined opcodes only")
    }

    /// The opcode's name as `dis` prints it.
    pub fn name(self) -> &'static str {
        opcode_name(self)
    }
}

fn opcode_name(op: Opcode) -> &'static str {
    // `Debug` of a fieldless enum is its variant name; keep one static copy per opcode.
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        (0..=255u8)
            .map(|b| match Opcode::from_u8(b) {
                Some(op) => format!("{op:?}"),
                None => format!("<{b}>"),
            })
            .collect()
    });
    names[op as usize].as_str()
}
