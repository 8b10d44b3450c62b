//! The krait binary's memory allocator. Python programs allocate and free small
//! objects at a high rate, which mimalloc's size-class pages serve better than the
//! C library's allocator. Blocks of `HUGE` bytes and more go to the C library
//! instead: mimalloc maps memory without the kernel's commit check, so a request
//! for more memory than the machine has (`[None] * 2**40`) would succeed and the
//! process be killed when it writes there; the C library's request fails, and the
//! program gets `MemoryError`, as under CPython.
//!
//! mimalloc reserves address space 128 MiB at a time (set for its C build in
//! `.cargo/config.toml`), so that it fits beside the interpreter's stack under a
//! `ulimit -v` (`tests/memory_limit.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The size from which blocks come from the C library.
const HUGE: usize = 64 << 20;

/// The alignment every mimalloc block has, whatever its size (a word): a layout
/// asking for no more takes the plain entry points, which skip alignment checks.
const MIMALLOC_ALIGN: usize = std::mem::size_of::<usize>();

pub struct KraitAllocator;

fn is_huge(size: usize) -> bool {
    size >= HUGE
}

/// mimalloc behind the `GlobalAlloc` interface.
struct MiMalloc;

// SAFETY: mimalloc returns blocks of at least the size asked for, aligned as asked
// (by the plain calls when a word's alignment suffices), or null; `mi_free` takes
// any block it made.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation calls accept any size and alignment.
        unsafe {
            if layout.align() <= MIMALLOC_ALIGN {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if layout.align() <= MIMALLOC_ALIGN {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: the block came from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the block came from mimalloc, with this alignment.
        unsafe {
            if layout.align() <= MIMALLOC_ALIGN {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

// SAFETY: each block is freed or resized by the allocator that made it, which the
// size in its layout tells (the same on every call for one block); both delegates
// uphold `GlobalAlloc`'s contract, and a block moving between them is copied.
unsafe impl GlobalAlloc for KraitAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout is passed on unchanged.
        unsafe {
            if is_huge(layout.size()) {
                System.alloc(layout)
            } else {
                MiMalloc.alloc(layout)
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        unsafe {
            if is_huge(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block was made with this layout, so by the allocator its size
        // selects.
        unsafe {
            if is_huge(layout.size()) {
                System.dealloc(ptr, layout)
            } else {
                MiMalloc.dealloc(ptr, layout)
            }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (was_huge, is_huge_now) = (is_huge(layout.size()), is_huge(new_size));
        // SAFETY: a block staying on one side is resized by its own allocator; one
        // crossing sides is copied into a new block of the same alignment (valid
        // for `new_size`, which the caller guarantees) and the old one freed.
        unsafe {
            match (was_huge, is_huge_now) {
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => {
                    let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                    let new_ptr = self.alloc(new_layout);
                    if !new_ptr.is_null() {
                        let kept = layout.size().min(new_size);
                        std::ptr::copy_nonoverlapping(ptr, new_ptr, kept);
                        self.dealloc(ptr, layout);
                    }
                    new_ptr
                }
            }
        }
    }
}
