//! A safe face for libbzip2 (through `bzip2-sys`): one compression or
//! decompression stream, stepped one call at a time. All of the module's `unsafe`
//! code is here.
//!
//! libbzip2 keeps a pointer back to its `bz_stream`, so the stream lives in a `Box`
//! that never moves. The input and output pointers are set for each call from
//! slices that outlive it and are never kept between calls.

use std::os::raw::{c_char, c_int, c_uint};

use bzip2_sys as bz;

pub use bz::{
    BZ_DATA_ERROR, BZ_DATA_ERROR_MAGIC, BZ_FINISH, BZ_IO_ERROR, BZ_MEM_ERROR, BZ_PARAM_ERROR,
    BZ_RUN, BZ_SEQUENCE_ERROR, BZ_STREAM_END, BZ_UNEXPECTED_EOF,
};

/// libbzip2's return code of a call.
pub type Code = c_int;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Compress,
    Decompress,
}

pub struct Stream {
    bz: Box<bz::bz_stream>,
    kind: Kind,
}

/// What one step did: libbzip2's code, the input bytes it read and the output
/// bytes it wrote.
pub struct Step {
    pub code: Code,
    pub consumed: usize,
    pub produced: usize,
}

fn new_bz_stream() -> Box<bz::bz_stream> {
    Box::new(bz::bz_stream {
        next_in: std::ptr::null_mut(),
        avail_in: 0,
        total_in_lo32: 0,
        total_in_hi32: 0,
        next_out: std::ptr::null_mut(),
        avail_out: 0,
        total_out_lo32: 0,
        total_out_hi32: 0,
        state: std::ptr::null_mut(),
        // libbzip2's own malloc and free.
        bzalloc: None,
        bzfree: None,
        opaque: std::ptr::null_mut(),
    })
}

impl Stream {
    /// A compressor with blocks of `level` * 100 kB (1-9).
    pub fn compressor(level: c_int) -> Result<Stream, Code> {
        let mut bz = new_bz_stream();
        // SAFETY: `bz` is a zeroed stream with default allocators; libbzip2 keeps
        // its address, which the Box keeps fixed until `Drop` ends the stream.
        let code = unsafe { bz::BZ2_bzCompressInit(&mut *bz, level, 0, 0) };
        if code != bz::BZ_OK {
            return Err(code);
        }
        Ok(Stream {
            bz,
            kind: Kind::Compress,
        })
    }

    pub fn decompressor() -> Result<Stream, Code> {
        let mut bz = new_bz_stream();
        // SAFETY: as in `compressor`.
        let code = unsafe { bz::BZ2_bzDecompressInit(&mut *bz, 0, 0) };
        if code != bz::BZ_OK {
            return Err(code);
        }
        Ok(Stream {
            bz,
            kind: Kind::Decompress,
        })
    }

    /// One call of `BZ2_bzCompress` (with `action`) or `BZ2_bzDecompress` on at
    /// most 4 GiB of `input`, writing into at most 4 GiB of `output`.
    pub fn step(&mut self, input: &[u8], output: &mut [u8], action: c_int) -> Step {
        let avail_in = input.len().min(c_uint::MAX as usize);
        let avail_out = output.len().min(c_uint::MAX as usize);
        self.bz.next_in = input.as_ptr() as *mut c_char;
        self.bz.avail_in = avail_in as c_uint;
        self.bz.next_out = output.as_mut_ptr() as *mut c_char;
        self.bz.avail_out = avail_out as c_uint;
        // SAFETY: the stream was initialised for this kind; the pointers are valid
        // for the lengths given for the duration of the call (libbzip2 only reads
        // the input and writes at most `avail_out` bytes), and are cleared after.
        let code = unsafe {
            match self.kind {
                Kind::Compress => bz::BZ2_bzCompress(&mut *self.bz, action),
                Kind::Decompress => bz::BZ2_bzDecompress(&mut *self.bz),
            }
        };
        let step = Step {
            code,
            consumed: avail_in - self.bz.avail_in as usize,
            produced: avail_out - self.bz.avail_out as usize,
        };
        self.bz.next_in = std::ptr::null_mut();
        self.bz.avail_in = 0;
        self.bz.next_out = std::ptr::null_mut();
        self.bz.avail_out = 0;
        step
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: the stream was initialised (a failed init returns no `Stream`)
        // and is ended once, here.
        unsafe {
            match self.kind {
                Kind::Compress => bz::BZ2_bzCompressEnd(&mut *self.bz),
                Kind::Decompress => bz::BZ2_bzDecompressEnd(&mut *self.bz),
            };
        }
    }
}
