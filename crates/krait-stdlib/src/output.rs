//! Output buffers for the compression modules (`_bz2`, `_lzma`): the library
//! writes into room that grows as CPython's blocks output buffer grows, and a size
//! the machine cannot hold is a MemoryError rather than an abort.

use krait_vm::{Exc, PyResult, Vm};

/// Room for `more` bytes after `produced` in `out`, or MemoryError.
pub(crate) fn grow(vm: &mut Vm, out: &mut Vec<u8>, produced: usize, more: usize) -> PyResult<()> {
    let wanted = produced
        .checked_add(more)
        .ok_or_else(|| vm.new_error(Exc::MemoryError, ""))?;
    if out.len() < wanted {
        out.try_reserve(wanted - out.len())
            .map_err(|_| vm.new_error(Exc::MemoryError, ""))?;
        out.resize(wanted, 0);
    }
    Ok(())
}

/// How much more room to give a library once `produced` bytes are out: the
/// output doubles, from 32 kB up to steps of 256 MB.
pub(crate) fn next_block(produced: usize) -> usize {
    produced.clamp(32 * 1024, 256 * 1024 * 1024)
}
