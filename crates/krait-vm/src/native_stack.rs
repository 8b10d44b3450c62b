//! The native stack guard. Python code that recurses through Rust (a `__repr__`
//! calling `repr`, a `yield from` chain, `sorted` with a key that sorts) uses the
//! Rust stack at each level, and with a high `sys.setrecursionlimit` the limit
//! alone would let it overflow, which aborts the process. So every nested entry
//! into the interpreter also checks how much of the thread's stack is left, and
//! raises RecursionError while there is still room to unwind.

use std::cell::Cell;

/// What must stay free below the point of a check: room for the deepest Rust
/// path between two checks (compiling, formatting, a slot calling a slot).
const RESERVE: usize = 1 << 20;

/// The bounds of the thread's stack the guard was set up on, found again when
/// the interpreter runs on another thread.
#[derive(Default)]
pub struct StackGuard {
    low: Cell<usize>,
    high: Cell<usize>,
    /// The lowest address a check may see: `low` plus the reserve.
    floor: Cell<usize>,
}

impl StackGuard {
    /// Whether the stack is nearly used up where this is called.
    #[inline]
    pub fn exhausted(&self) -> bool {
        let here = stack_position();
        if here < self.floor.get() {
            return self.exhausted_slow(here);
        }
        here >= self.high.get() && self.exhausted_slow(here)
    }

    /// The check outside the cached bounds: the bounds are those of another
    /// thread (or not known yet), so they are read for this one.
    #[cold]
    fn exhausted_slow(&self, here: usize) -> bool {
        if here < self.low.get() || here >= self.high.get() {
            let Some((low, high)) = current_thread_stack() else {
                // Unknown bounds: nothing to guard with.
                self.low.set(0);
                self.high.set(usize::MAX);
                self.floor.set(0);
                return false;
            };
            self.low.set(low);
            self.high.set(high);
            let usable = high - low;
            // A small stack keeps a quarter of itself in reserve.
            self.floor.set(low + RESERVE.min(usable / 4));
        }
        here < self.floor.get()
    }
}

/// An address in the current stack frame: the stack pointer, read in one
/// instruction where the architecture allows.
#[inline(always)]
pub(crate) fn stack_position() -> usize {
    #[cfg(target_arch = "x86_64")]
    {
        let sp: usize;
        // SAFETY: copies the stack pointer into a register; reads and writes no
        // memory and changes no flags (exercised by every object's death).
        unsafe {
            std::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags));
        }
        sp
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let marker = 0u8;
        std::hint::black_box(&marker) as *const u8 as usize
    }
}

/// The lowest and highest address of the calling thread's stack.
pub(crate) fn current_thread_stack() -> Option<(usize, usize)> {
    // SAFETY: `attr` is initialised by `pthread_getattr_np` for the calling thread
    // before it is read, and destroyed once; `addr` and `size` are plain outputs.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr: *mut libc::c_void = std::ptr::null_mut();
        let mut size: libc::size_t = 0;
        let rc = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (rc == 0 && size > 0).then(|| (addr as usize, addr as usize + size))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_guard_reads_the_thread_stack_and_is_not_exhausted() {
        let guard = StackGuard::default();
        assert!(!guard.exhausted());
        let (low, high) = (guard.low.get(), guard.high.get());
        assert!(low < high);
        let here = stack_position();
        assert!(low <= here && here < high);
    }

    #[test]
    fn deep_recursion_is_caught_before_the_stack_ends() {
        fn descend(guard: &StackGuard, depth: usize) -> usize {
            let padding = [0u8; 4096];
            std::hint::black_box(&padding);
            if guard.exhausted() {
                return depth;
            }
            descend(guard, depth + 1)
        }
        let depth = std::thread::Builder::new()
            .stack_size(16 << 20)
            .spawn(|| descend(&StackGuard::default(), 0))
            .expect("a thread")
            .join()
            .expect("no overflow");
        assert!(depth > 100);
    }
}
