//! The krait binary's memory allocator. Python programs allocate and free small
//! objects at a high rate, which mimalloc's size-class pages serve better than the
//! C library's allocator. Blocks of `HUGE` bytes and more go to the C library
//! instead: mimalloc maps memory without the kernel's commit check, so a request
//! for more memory than the machine has (`[None] * 2**40`) would succeed and the
//! process be killed when it writes there; the C library's request fails, and the
//! program gets `MemoryError`, as under CPython.
//!
//! Small blocks freed by a thread are kept on that thread's free lists and handed out
//! again by its next allocations of their size, as CPython's object allocator does
//! with its pools: a Python program frees and remakes objects of one size all the
//! time, and mimalloc defers each free to a second list it only takes back on a
//! slower path, which a page full of live objects takes at every allocation.
//!
//! mimalloc reserves address space 128 MiB at a time (set for its C build in
//! `.cargo/config.toml`), so that it fits beside the interpreter's stack under a
//! `ulimit -v` (`tests/memory_limit.rs`).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The size from which blocks come from the C library.
const HUGE: usize = 64 << 20;

/// The alignment every mimalloc block has, whatever its size (a word): a layout
/// asking for no more takes the plain entry points, which skip alignment checks.
const MIMALLOC_ALIGN: usize = std::mem::size_of::<usize>();

/// Blocks of up to this many bytes are recycled.
const RECYCLED_MAX: usize = 256;

/// The recycled sizes go in steps of this many bytes; a block is made at its
/// step's full size, so any block of a step serves any request of that step.
const STEP: usize = 16;

const SIZE_CLASSES: usize = RECYCLED_MAX / STEP;

/// The bytes a thread keeps at most per size class: freeing a large structure
/// returns the rest to mimalloc, and a thread that ends leaves at most this much
/// per class unreturned.
const KEPT_BYTES: usize = 16 << 10;

/// One thread's recycled blocks: per size class a stack threaded through the
/// blocks themselves (each free block's first word points to the next).
struct FreeLists {
    heads: [*mut u8; SIZE_CLASSES],
    /// How many more blocks each class may keep.
    room: [usize; SIZE_CLASSES],
}

const fn initial_room() -> [usize; SIZE_CLASSES] {
    let mut room = [0; SIZE_CLASSES];
    let mut class = 0;
    while class < SIZE_CLASSES {
        room[class] = KEPT_BYTES / ((class + 1) * STEP);
        class += 1;
    }
    room
}

thread_local! {
    // No destructor, so access needs no registration (and may happen at any point
    // of a thread's life, as allocation can).
    static FREE_LISTS: UnsafeCell<FreeLists> = const {
        UnsafeCell::new(FreeLists {
            heads: [std::ptr::null_mut(); SIZE_CLASSES],
            room: initial_room(),
        })
    };
}

/// The size class of a recycled request, or `None` for a block mimalloc serves
/// directly (larger, or aligned beyond a word).
#[inline(always)]
fn size_class(layout: Layout) -> Option<usize> {
    (layout.size() <= RECYCLED_MAX && layout.align() <= MIMALLOC_ALIGN)
        .then(|| layout.size().saturating_sub(1) / STEP)
}

/// The size a recycled class's blocks are made at.
#[inline(always)]
fn class_size(class: usize) -> usize {
    (class + 1) * STEP
}

/// Runs `f` on this thread's free lists.
#[inline(always)]
fn with_free_lists<R>(f: impl FnOnce(&mut FreeLists) -> R) -> R {
    // SAFETY: the lists belong to this thread, and `f` (below: pointer pushes and
    // pops, no allocation) cannot reenter the allocator, so this is the only
    // reference to them while it lives.
    FREE_LISTS.with(|lists| f(unsafe { &mut *lists.get() }))
}

/// A recycled block of `class`, else a new one from mimalloc.
#[inline(always)]
fn alloc_small(class: usize) -> *mut u8 {
    let reused = with_free_lists(|lists| {
        let head = lists.heads[class];
        if !head.is_null() {
            // SAFETY: a block on a free list holds the next block's address in its
            // first word (written by `free_small`) and belongs to no one else.
            lists.heads[class] = unsafe { head.cast::<*mut u8>().read() };
            lists.room[class] += 1;
        }
        head
    });
    if !reused.is_null() {
        return reused;
    }
    // SAFETY: any size may be asked of mimalloc.
    unsafe { mi::mi_malloc(class_size(class)).cast() }
}

/// Keeps `ptr`, a block of `class`, for reuse, or returns it to mimalloc when
/// the class holds enough.
///
/// # Safety
/// `ptr` was allocated for a request of `class` and is no longer used.
#[inline(always)]
unsafe fn free_small(ptr: *mut u8, class: usize) {
    let kept = with_free_lists(|lists| {
        if lists.room[class] == 0 {
            return false;
        }
        // SAFETY: the block is at least a word long and aligned to one, and now
        // ours: its first word links it into the list.
        unsafe { ptr.cast::<*mut u8>().write(lists.heads[class]) };
        lists.heads[class] = ptr;
        lists.room[class] -= 1;
        true
    });
    if !kept {
        // SAFETY: the block came from mimalloc (by `alloc_small` or a resize).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }
}

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
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if let Some(class) = size_class(layout) {
            return alloc_small(class);
        }
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
        if let Some(class) = size_class(layout) {
            // Made at its class's size, so that it may be recycled when freed.
            // SAFETY: any size may be asked of mimalloc.
            return unsafe { mi::mi_zalloc(class_size(class)).cast() };
        }
        // SAFETY: as for `alloc`.
        unsafe {
            if is_huge(layout.size()) {
                System.alloc_zeroed(layout)
            } else {
                MiMalloc.alloc_zeroed(layout)
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the block was made with this layout, so by the allocator its size
        // selects (for a small one, at its class's size).
        unsafe {
            if let Some(class) = size_class(layout) {
                free_small(ptr, class)
            } else if is_huge(layout.size()) {
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
            let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
            if let Some(class) = size_class(layout) {
                if size_class(new_layout) == Some(class) {
                    // The block was made at its class's full size.
                    return ptr;
                }
            }
            if size_class(layout).is_some() || size_class(new_layout).is_some() {
                // A recycled block is made at its class's size, not the one asked:
                // resized by copying, so that each side keeps to its rule.
                return self.move_block(ptr, layout, new_layout);
            }
            match (was_huge, is_huge_now) {
                (false, false) => MiMalloc.realloc(ptr, layout, new_size),
                (true, true) => System.realloc(ptr, layout, new_size),
                _ => self.move_block(ptr, layout, new_layout),
            }
        }
    }
}

impl KraitAllocator {
    /// Resizes by copying into a new block of `new_layout` and freeing the old.
    ///
    /// # Safety
    /// As for `GlobalAlloc::realloc`: `ptr` was made with `layout`, and
    /// `new_layout` has the same alignment and a valid size.
    unsafe fn move_block(&self, ptr: *mut u8, layout: Layout, new_layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises; the copy stays within both blocks.
        unsafe {
            let new_ptr = self.alloc(new_layout);
            if !new_ptr.is_null() {
                let kept = layout.size().min(new_layout.size());
                std::ptr::copy_nonoverlapping(ptr, new_ptr, kept);
                self.dealloc(ptr, layout);
            }
            new_ptr
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(size: usize) -> Layout {
        Layout::from_size_align(size, 8).unwrap()
    }

    #[test]
    fn a_freed_small_block_serves_the_next_request_of_its_class() {
        let a = KraitAllocator;
        // SAFETY: each block is used within its size and freed once, with the
        // layout it was made with (or resized to).
        unsafe {
            let first = a.alloc(layout(150));
            first.write_bytes(0xab, 150);
            a.dealloc(first, layout(150));
            // 145..=160 bytes are one class: the block comes back at once.
            let second = a.alloc(layout(160));
            assert_eq!(first, second);
            second.write_bytes(0xcd, 160);
            // Growing within the class keeps the block; past it moves the bytes.
            let same = a.realloc(second, layout(160), 152);
            assert_eq!(same, second);
            let moved = a.realloc(same, layout(152), 400);
            assert!(std::slice::from_raw_parts(moved, 152)
                .iter()
                .all(|&b| b == 0xcd));
            a.dealloc(moved, layout(400));
            let zeroed = a.alloc_zeroed(layout(40));
            assert!(std::slice::from_raw_parts(zeroed, 40)
                .iter()
                .all(|&b| b == 0));
            a.dealloc(zeroed, layout(40));
        }
    }

    #[test]
    fn each_class_keeps_a_bounded_number_of_blocks() {
        let a = KraitAllocator;
        let count = KEPT_BYTES / 32 + 100;
        // SAFETY: as above.
        unsafe {
            let blocks: Vec<*mut u8> = (0..count).map(|_| a.alloc(layout(32))).collect();
            for &b in &blocks {
                a.dealloc(b, layout(32));
            }
            let kept = with_free_lists(|lists| KEPT_BYTES / 32 - lists.room[1]);
            assert_eq!(kept, KEPT_BYTES / 32);
            // Aligned requests bypass the lists both ways.
            let wide = Layout::from_size_align(32, 32).unwrap();
            let b = a.alloc(wide);
            assert_eq!(b as usize % 32, 0);
            a.dealloc(b, wide);
            assert_eq!(with_free_lists(|lists| lists.room[1]), 0);
        }
    }
}
