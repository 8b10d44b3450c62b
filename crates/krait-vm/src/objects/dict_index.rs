//! A dict's hash index: the power-of-two array of entry positions its probes walk
//! (CPython's `dk_indices`), behind one pointer. Its length is stored in front of
//! the slots, so the dict payload stays within the size every object pays for.

use std::alloc::{self, Layout};
use std::ptr::NonNull;

/// The index slots, or none before the first key.
#[derive(Default)]
pub struct IndexTable(Option<NonNull<usize>>);

impl IndexTable {
    /// The layout of a table of `len` slots: its length, then the slots.
    fn layout(len: usize) -> Option<Layout> {
        let (layout, _) = Layout::new::<usize>()
            .extend(Layout::array::<u32>(len).ok()?)
            .ok()?;
        Some(layout.pad_to_align())
    }

    /// A table of `len` slots, each holding `value`; `None` when the memory cannot
    /// be had (the caller reports MemoryError).
    pub fn try_new(len: usize, value: u32) -> Option<IndexTable> {
        if len == 0 {
            return Some(IndexTable(None));
        }
        let layout = Self::layout(len)?;
        // SAFETY: the layout is not zero-sized (it holds the length word).
        let header = NonNull::new(unsafe { alloc::alloc(layout) }.cast::<usize>())?;
        // SAFETY: the block is `layout`: a length word, then room for `len` slots,
        // aligned for both; each is written before the table is used.
        unsafe {
            header.as_ptr().write(len);
            let slots = header.as_ptr().add(1).cast::<u32>();
            for i in 0..len {
                slots.add(i).write(value);
            }
        }
        Some(IndexTable(Some(header)))
    }

    #[inline]
    pub fn len(&self) -> usize {
        match self.0 {
            // SAFETY: a table's first word is its length, written at its making.
            Some(header) => unsafe { header.as_ptr().read() },
            None => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_none()
    }

    /// The slots, `len()` of them.
    #[inline]
    pub fn slots(&self) -> &[u32] {
        match self.0 {
            // SAFETY: the slots follow the length word, `len` of them, initialised
            // at the making; the borrow of `self` keeps the table alive.
            Some(header) => unsafe {
                std::slice::from_raw_parts(header.as_ptr().add(1).cast::<u32>(), self.len())
            },
            None => &[],
        }
    }

    #[inline]
    fn slots_mut(&mut self) -> &mut [u32] {
        match self.0 {
            // SAFETY: as in `slots`; `&mut self` makes this the only reference.
            Some(header) => unsafe {
                std::slice::from_raw_parts_mut(header.as_ptr().add(1).cast::<u32>(), self.len())
            },
            None => &mut [],
        }
    }
}

impl std::ops::Index<usize> for IndexTable {
    type Output = u32;

    #[inline]
    fn index(&self, i: usize) -> &u32 {
        &self.slots()[i]
    }
}

impl std::ops::IndexMut<usize> for IndexTable {
    #[inline]
    fn index_mut(&mut self, i: usize) -> &mut u32 {
        &mut self.slots_mut()[i]
    }
}

impl Clone for IndexTable {
    fn clone(&self) -> IndexTable {
        let len = self.len();
        let Some(mut copy) = IndexTable::try_new(len, 0) else {
            // As a `Box<[u32]>` clone would: the copy of a table that exists.
            alloc::handle_alloc_error(Self::layout(len).unwrap_or(Layout::new::<usize>()));
        };
        copy.slots_mut().copy_from_slice(self.slots());
        copy
    }
}

impl Drop for IndexTable {
    fn drop(&mut self) {
        if let Some(header) = self.0 {
            let layout = Self::layout(self.len()).expect("the table was made with it");
            // SAFETY: the block was allocated by `try_new` with this layout (its
            // length is the one recorded) and is dropped once.
            unsafe { alloc::dealloc(header.as_ptr().cast::<u8>(), layout) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IndexTable;

    #[test]
    fn tables_hold_their_slots() {
        let empty = IndexTable::default();
        assert!(empty.is_empty());
        assert_eq!(empty.len(), 0);
        assert_eq!(std::mem::size_of::<IndexTable>(), 8);

        let mut table = IndexTable::try_new(8, u32::MAX).expect("8 slots");
        assert_eq!(table.len(), 8);
        assert!((0..8).all(|i| table[i] == u32::MAX));
        table[3] = 7;
        table[7] = 1;
        let copy = table.clone();
        table[3] = 0;
        assert_eq!((copy[3], copy[7], copy.len()), (7, 1, 8));
        assert_eq!(table[3], 0);
        drop(table);
        assert_eq!(copy[3], 7);
    }

    #[test]
    fn an_impossible_table_is_refused() {
        assert!(IndexTable::try_new(usize::MAX / 2, 0).is_none());
        assert!(IndexTable::try_new(0, 0).is_some_and(|t| t.is_empty()));
    }
}
