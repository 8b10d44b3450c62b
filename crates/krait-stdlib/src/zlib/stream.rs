//! A safe face for the C zlib (the system library, through `libz-sys`): one
//! deflate or inflate stream, stepped one call at a time. All of the module's
//! `unsafe` code is here.
//!
//! zlib keeps a pointer back to its `z_stream`, so the stream lives in a `Box` that
//! never moves. Input and output pointers are set for each call only, from slices
//! that outlive it, and never kept between calls.

use std::ffi::CStr;
use std::os::raw::{c_int, c_uint, c_void};

use libz_sys as z;

pub use z::{
    Z_BLOCK, Z_BUF_ERROR, Z_DATA_ERROR, Z_FINISH, Z_FULL_FLUSH, Z_MEM_ERROR, Z_NEED_DICT,
    Z_NO_FLUSH, Z_OK, Z_PARTIAL_FLUSH, Z_STREAM_END, Z_STREAM_ERROR, Z_SYNC_FLUSH, Z_TREES,
    Z_VERSION_ERROR,
};

/// zlib's return code of a call.
pub type Code = c_int;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deflate,
    Inflate,
}

pub struct Stream {
    z: Box<z::z_stream>,
    kind: Kind,
    /// Set from a successful init until `end`: only then does zlib hold memory.
    live: bool,
}

extern "C" {
    fn calloc(items: usize, size: usize) -> *mut c_void;
    fn free(block: *mut c_void);
}

/// zlib's allocator: C's `calloc`, refusing sizes that overflow.
unsafe extern "C" fn zalloc(_opaque: *mut c_void, items: c_uint, size: c_uint) -> *mut c_void {
    if (items as usize).checked_mul(size as usize).is_none() {
        return std::ptr::null_mut();
    }
    // SAFETY: calloc accepts any sizes and returns null when it cannot allocate.
    unsafe { calloc(items as usize, size as usize) }
}

/// zlib's deallocator, for blocks `zalloc` gave it.
unsafe extern "C" fn zfree(_opaque: *mut c_void, block: *mut c_void) {
    // SAFETY: zlib frees only blocks it had from `zalloc`, that is from `calloc`.
    unsafe { free(block) }
}

/// The version of the zlib library in use (`zlibVersion()`).
pub fn runtime_version() -> String {
    // SAFETY: zlibVersion returns a pointer to a static NUL-terminated string.
    unsafe { CStr::from_ptr(z::zlibVersion()) }
        .to_string_lossy()
        .into_owned()
}

fn new_z_stream() -> Box<z::z_stream> {
    Box::new(z::z_stream {
        next_in: std::ptr::null_mut(),
        avail_in: 0,
        total_in: 0,
        next_out: std::ptr::null_mut(),
        avail_out: 0,
        total_out: 0,
        msg: std::ptr::null_mut(),
        state: std::ptr::null_mut(),
        zalloc,
        zfree,
        opaque: std::ptr::null_mut(),
        data_type: 0,
        adler: 0,
        reserved: 0,
    })
}

const STREAM_SIZE: c_int = std::mem::size_of::<z::z_stream>() as c_int;

impl Stream {
    /// A compressor (`deflateInit2`); on failure, zlib's code and message.
    pub fn deflate(
        level: c_int,
        method: c_int,
        wbits: c_int,
        mem_level: c_int,
        strategy: c_int,
    ) -> Result<Stream, (Code, Option<String>)> {
        let mut stream = Stream {
            z: new_z_stream(),
            kind: Kind::Deflate,
            live: false,
        };
        // SAFETY: the z_stream is freshly made with our allocator and boxed, so it
        // stays where zlib's state points; version and size describe this library.
        let code = unsafe {
            z::deflateInit2_(
                &mut *stream.z,
                level,
                method,
                wbits,
                mem_level,
                strategy,
                z::zlibVersion(),
                STREAM_SIZE,
            )
        };
        stream.started(code)
    }

    /// A decompressor (`inflateInit2`).
    pub fn inflate(wbits: c_int) -> Result<Stream, (Code, Option<String>)> {
        let mut stream = Stream {
            z: new_z_stream(),
            kind: Kind::Inflate,
            live: false,
        };
        // SAFETY: as for `deflate`.
        let code =
            unsafe { z::inflateInit2_(&mut *stream.z, wbits, z::zlibVersion(), STREAM_SIZE) };
        stream.started(code)
    }

    fn started(mut self, code: Code) -> Result<Stream, (Code, Option<String>)> {
        if code == Z_OK {
            self.live = true;
            Ok(self)
        } else {
            Err((code, self.message()))
        }
    }

    /// zlib's message about the last error, if it left one.
    pub fn message(&self) -> Option<String> {
        if self.z.msg.is_null() {
            return None;
        }
        // SAFETY: zlib sets `msg` only to static NUL-terminated strings.
        let text = unsafe { CStr::from_ptr(self.z.msg) };
        Some(text.to_string_lossy().into_owned())
    }

    /// Sets the preset dictionary (`deflateSetDictionary`/`inflateSetDictionary`).
    pub fn set_dictionary(&mut self, dictionary: &[u8]) -> Code {
        let Ok(length) = c_uint::try_from(dictionary.len()) else {
            return Z_STREAM_ERROR;
        };
        // SAFETY: zlib reads `length` bytes of the slice during the call only; it
        // checks the state itself (an ended stream answers Z_STREAM_ERROR).
        unsafe {
            match self.kind {
                Kind::Deflate => z::deflateSetDictionary(&mut *self.z, dictionary.as_ptr(), length),
                Kind::Inflate => z::inflateSetDictionary(&mut *self.z, dictionary.as_ptr(), length),
            }
        }
    }

    /// One call of `deflate` or `inflate` with `flush`: reads from `input` (at most
    /// 4 GiB of it) and appends at most `room` bytes to `out`. Returns zlib's code
    /// and how much of `input` it took.
    pub fn step(
        &mut self,
        input: &[u8],
        out: &mut Vec<u8>,
        room: usize,
        flush: c_int,
    ) -> (Code, usize) {
        let avail_in = c_uint::try_from(input.len()).unwrap_or(c_uint::MAX);
        let room = c_uint::try_from(room).unwrap_or(c_uint::MAX);
        out.reserve(room as usize);
        let filled = out.len();
        self.z.next_in = input.as_ptr().cast_mut();
        self.z.avail_in = avail_in;
        // SAFETY: `reserve` made room for `room` bytes past the end of `out`.
        self.z.next_out = unsafe { out.as_mut_ptr().add(filled) };
        self.z.avail_out = room;
        // SAFETY: the pointers describe live memory for this call; deflate never
        // writes through next_in, and both check the stream's state themselves.
        let code = unsafe {
            match self.kind {
                Kind::Deflate => z::deflate(&mut *self.z, flush),
                Kind::Inflate => z::inflate(&mut *self.z, flush),
            }
        };
        let written = (room - self.z.avail_out) as usize;
        let taken = (avail_in - self.z.avail_in) as usize;
        // SAFETY: zlib wrote `written` bytes at the end of `out`, inside its capacity.
        unsafe { out.set_len(filled + written) };
        self.z.next_in = std::ptr::null_mut();
        self.z.avail_in = 0;
        self.z.next_out = std::ptr::null_mut();
        self.z.avail_out = 0;
        (code, taken)
    }

    /// Frees zlib's state (`deflateEnd`/`inflateEnd`); later calls answer
    /// Z_STREAM_ERROR.
    pub fn end(&mut self) -> Code {
        self.live = false;
        // SAFETY: ending checks the state and leaves it null, so ending twice is safe.
        unsafe {
            match self.kind {
                Kind::Deflate => z::deflateEnd(&mut *self.z),
                Kind::Inflate => z::inflateEnd(&mut *self.z),
            }
        }
    }

    /// An independent copy of the stream's state (`deflateCopy`/`inflateCopy`).
    pub fn copy(&mut self) -> Result<Stream, Code> {
        let mut copy = Stream {
            z: new_z_stream(),
            kind: self.kind,
            live: false,
        };
        // SAFETY: both streams are boxed; zlib checks the source's state and makes
        // the copy's with the source's allocator.
        let code = unsafe {
            match self.kind {
                Kind::Deflate => z::deflateCopy(&mut *copy.z, &mut *self.z),
                Kind::Inflate => z::inflateCopy(&mut *copy.z, &mut *self.z),
            }
        };
        if code != Z_OK {
            return Err(code);
        }
        copy.live = true;
        Ok(copy)
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.live {
            self.end();
        }
    }
}

/// CRC-32 of `data` continued from `value` (zlib's `crc32`).
pub fn crc32(mut value: u32, data: &[u8]) -> u32 {
    for chunk in data.chunks(c_uint::MAX as usize) {
        // SAFETY: zlib reads `chunk.len()` bytes of the chunk during the call.
        value = unsafe { z::crc32(value.into(), chunk.as_ptr(), chunk.len() as c_uint) } as u32;
    }
    value
}

/// Adler-32 of `data` continued from `value` (zlib's `adler32`).
pub fn adler32(mut value: u32, data: &[u8]) -> u32 {
    for chunk in data.chunks(c_uint::MAX as usize) {
        // SAFETY: as for `crc32`.
        value = unsafe { z::adler32(value.into(), chunk.as_ptr(), chunk.len() as c_uint) } as u32;
    }
    value
}
