//! A safe face for liblzma (through `lzma-sys`): coding streams, filter chains
//! with their options, and filter properties. All of the module's `unsafe` code is
//! here.
//!
//! liblzma keeps pointers into its `lzma_stream` and reads filter options while a
//! coder is set up, so streams live in a `Box` that never moves and a chain owns
//! its options in boxes until the coder is made. Input and output pointers are set
//! for each call from slices that outlive it.

use std::os::raw::c_void;

use lzma_sys as lz;

pub use lz::{
    LZMA_BUF_ERROR, LZMA_DATA_ERROR, LZMA_FILTER_ARM, LZMA_FILTER_ARMTHUMB, LZMA_FILTER_IA64,
    LZMA_FILTER_LZMA1, LZMA_FILTER_LZMA2, LZMA_FILTER_POWERPC, LZMA_FILTER_SPARC, LZMA_FILTER_X86,
    LZMA_FINISH, LZMA_FORMAT_ERROR, LZMA_GET_CHECK, LZMA_MEMLIMIT_ERROR, LZMA_MEM_ERROR,
    LZMA_NO_CHECK, LZMA_OK, LZMA_OPTIONS_ERROR, LZMA_PROG_ERROR, LZMA_RUN, LZMA_STREAM_END,
    LZMA_UNSUPPORTED_CHECK,
};

/// liblzma's return code of a call.
pub type Code = lz::lzma_ret;

/// The delta filter's ID, which `lzma-sys` does not declare.
pub const LZMA_FILTER_DELTA: u64 = 0x03;
/// At most this many filters in a chain (`LZMA_FILTERS_MAX`).
pub const FILTERS_MAX: usize = 4;

/// liblzma's `lzma_options_delta`, which `lzma-sys` does not declare.
#[repr(C)]
struct DeltaOptions {
    /// `LZMA_DELTA_TYPE_BYTE`, the only type.
    kind: u32,
    dist: u32,
    reserved_int: [u32; 8],
    reserved_ptr: [*mut c_void; 2],
}

/// The options of one filter, as the module reads them from a filter specifier.
#[derive(Clone, Copy, Debug)]
pub enum FilterOptions {
    Lzma {
        dict_size: u32,
        lc: u32,
        lp: u32,
        pb: u32,
        mode: u32,
        nice_len: u32,
        mf: u32,
        depth: u32,
    },
    Delta {
        dist: u32,
    },
    Bcj {
        start_offset: u32,
    },
}

#[derive(Clone, Copy, Debug)]
pub struct Filter {
    pub id: u64,
    pub options: FilterOptions,
}

/// The LZMA options a preset (0-9, with `PRESET_EXTREME`) stands for, or `None`
/// for an invalid preset.
pub fn lzma_preset(preset: u32) -> Option<FilterOptions> {
    let options = lzma_options_for(preset)?;
    Some(FilterOptions::Lzma {
        dict_size: options.dict_size,
        lc: options.lc,
        lp: options.lp,
        pb: options.pb,
        mode: options.mode,
        nice_len: options.nice_len,
        mf: options.mf,
        depth: options.depth,
    })
}

fn zeroed_lzma_options() -> lz::lzma_options_lzma {
    // SAFETY: `lzma_options_lzma` is a C struct of integers and pointers, for
    // which all zero bits are valid (null pointers, zero values).
    unsafe { std::mem::MaybeUninit::zeroed().assume_init() }
}

fn lzma_options_for(preset: u32) -> Option<lz::lzma_options_lzma> {
    let mut options = zeroed_lzma_options();
    // SAFETY: `options` is a valid struct that liblzma fills in.
    let failed = unsafe { lz::lzma_lzma_preset(&mut options, preset) };
    (failed == 0).then_some(options)
}

/// Options in the memory layout liblzma reads, kept alive with the chain.
enum OwnedOptions {
    Lzma(Box<lz::lzma_options_lzma>),
    Delta(Box<DeltaOptions>),
    Bcj(Box<lz::lzma_options_bcj>),
}

impl OwnedOptions {
    fn new(options: &FilterOptions) -> OwnedOptions {
        match *options {
            FilterOptions::Lzma {
                dict_size,
                lc,
                lp,
                pb,
                mode,
                nice_len,
                mf,
                depth,
            } => {
                let mut o = zeroed_lzma_options();
                o.dict_size = dict_size;
                o.lc = lc;
                o.lp = lp;
                o.pb = pb;
                o.mode = mode;
                o.nice_len = nice_len;
                o.mf = mf;
                o.depth = depth;
                OwnedOptions::Lzma(Box::new(o))
            }
            FilterOptions::Delta { dist } => OwnedOptions::Delta(Box::new(DeltaOptions {
                kind: 0,
                dist,
                reserved_int: [0; 8],
                reserved_ptr: [std::ptr::null_mut(); 2],
            })),
            FilterOptions::Bcj { start_offset } => {
                OwnedOptions::Bcj(Box::new(lz::lzma_options_bcj { start_offset }))
            }
        }
    }

    fn pointer(&mut self) -> *mut c_void {
        match self {
            OwnedOptions::Lzma(o) => &mut **o as *mut lz::lzma_options_lzma as *mut c_void,
            OwnedOptions::Delta(o) => &mut **o as *mut DeltaOptions as *mut c_void,
            OwnedOptions::Bcj(o) => &mut **o as *mut lz::lzma_options_bcj as *mut c_void,
        }
    }
}

/// A filter chain in liblzma's form: the filters, then an `LZMA_VLI_UNKNOWN` end.
struct Chain {
    _options: Vec<OwnedOptions>,
    filters: Vec<lz::lzma_filter>,
}

impl Chain {
    fn new(filters: &[Filter]) -> Chain {
        let mut options: Vec<OwnedOptions> = filters
            .iter()
            .map(|f| OwnedOptions::new(&f.options))
            .collect();
        let mut raw: Vec<lz::lzma_filter> = filters
            .iter()
            .zip(options.iter_mut())
            .map(|(f, o)| lz::lzma_filter {
                id: f.id,
                options: o.pointer(),
            })
            .collect();
        raw.push(lz::lzma_filter {
            id: lz::LZMA_VLI_UNKNOWN,
            options: std::ptr::null_mut(),
        });
        Chain {
            _options: options,
            filters: raw,
        }
    }
}

pub struct Stream {
    lz: Box<lz::lzma_stream>,
}

/// What one step did: liblzma's code, the input bytes it read and the output
/// bytes it wrote, and whether it used all the room it had for output.
pub struct Step {
    pub code: Code,
    pub consumed: usize,
    pub produced: usize,
    pub output_full: bool,
}

/// How a coder is made.
pub enum Setup<'a> {
    Easy { preset: u32, check: u32 },
    XzEncoder { filters: &'a [Filter], check: u32 },
    AloneEncoder { options: FilterOptions },
    RawEncoder { filters: &'a [Filter] },
    AutoDecoder { memlimit: u64, flags: u32 },
    XzDecoder { memlimit: u64, flags: u32 },
    AloneDecoder { memlimit: u64 },
    RawDecoder { filters: &'a [Filter] },
}

impl Stream {
    pub fn new(setup: Setup) -> Result<Stream, Code> {
        // SAFETY: all zero bits is `LZMA_STREAM_INIT`, liblzma's initial state.
        let mut lz: Box<lz::lzma_stream> =
            Box::new(unsafe { std::mem::MaybeUninit::zeroed().assume_init() });
        let stream = &mut *lz as *mut lz::lzma_stream;
        // SAFETY: `stream` is a fresh stream whose Box keeps its address until
        // `Drop` ends it; each chain and option struct lives until the call returns,
        // and liblzma copies what it keeps of them.
        let code = unsafe {
            match setup {
                Setup::Easy { preset, check } => lz::lzma_easy_encoder(stream, preset, check),
                Setup::XzEncoder { filters, check } => {
                    let chain = Chain::new(filters);
                    lz::lzma_stream_encoder(stream, chain.filters.as_ptr(), check)
                }
                Setup::AloneEncoder { options } => {
                    let mut owned = OwnedOptions::new(&options);
                    let pointer = owned.pointer() as *const lz::lzma_options_lzma;
                    lz::lzma_alone_encoder(stream, pointer)
                }
                Setup::RawEncoder { filters } => {
                    let chain = Chain::new(filters);
                    lz::lzma_raw_encoder(stream, chain.filters.as_ptr())
                }
                Setup::AutoDecoder { memlimit, flags } => {
                    lz::lzma_auto_decoder(stream, memlimit, flags)
                }
                Setup::XzDecoder { memlimit, flags } => {
                    lz::lzma_stream_decoder(stream, memlimit, flags)
                }
                Setup::AloneDecoder { memlimit } => lz::lzma_alone_decoder(stream, memlimit),
                Setup::RawDecoder { filters } => {
                    let chain = Chain::new(filters);
                    lz::lzma_raw_decoder(stream, chain.filters.as_ptr())
                }
            }
        };
        let stream = Stream { lz };
        if code != lz::LZMA_OK {
            return Err(code);
        }
        Ok(stream)
    }

    /// One `lzma_code` call with `action` on `input`, writing into `output`.
    pub fn step(&mut self, input: &[u8], output: &mut [u8], action: lz::lzma_action) -> Step {
        self.lz.next_in = input.as_ptr();
        self.lz.avail_in = input.len();
        self.lz.next_out = output.as_mut_ptr();
        self.lz.avail_out = output.len();
        // SAFETY: the stream was set up by `new`; the pointers are valid for the
        // lengths given during the call (liblzma reads the input and writes at most
        // `avail_out` bytes) and are cleared after it.
        let code = unsafe { lz::lzma_code(&mut *self.lz, action) };
        let step = Step {
            code,
            consumed: input.len() - self.lz.avail_in,
            produced: output.len() - self.lz.avail_out,
            output_full: self.lz.avail_out == 0,
        };
        self.lz.next_in = std::ptr::null();
        self.lz.avail_in = 0;
        self.lz.next_out = std::ptr::null_mut();
        self.lz.avail_out = 0;
        step
    }

    /// The integrity check of the stream being decoded (`lzma_get_check`).
    pub fn check(&self) -> u32 {
        // SAFETY: the stream is set up; liblzma only reads it.
        unsafe { lz::lzma_get_check(&*self.lz) }
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        // SAFETY: ending a stream frees what liblzma allocated for it (nothing, if
        // setting it up failed); it is ended once, here.
        unsafe { lz::lzma_end(&mut *self.lz) }
    }
}

/// `lzma_check_is_supported`.
pub fn check_is_supported(check: u32) -> bool {
    // SAFETY: a pure function of its argument.
    unsafe { lz::lzma_check_is_supported(check) != 0 }
}

/// The properties liblzma stores for `filter` in a container header.
pub fn encode_properties(filter: &Filter) -> Result<Vec<u8>, Code> {
    let chain = Chain::new(std::slice::from_ref(filter));
    let raw = &chain.filters[0];
    let mut size: u32 = 0;
    // SAFETY: `raw` points at options that live as long as `chain`.
    let code = unsafe { lz::lzma_properties_size(&mut size, raw) };
    if code != lz::LZMA_OK {
        return Err(code);
    }
    let mut out = vec![0u8; size as usize];
    // SAFETY: `out` has the room `lzma_properties_size` asked for.
    let code = unsafe { lz::lzma_properties_encode(raw, out.as_mut_ptr()) };
    if code != lz::LZMA_OK {
        return Err(code);
    }
    Ok(out)
}

extern "C" {
    fn free(block: *mut c_void);
}

/// The filter that properties `props` describe for filter `id`; `None` options
/// for a BCJ filter whose properties are empty.
pub fn decode_properties(id: u64, props: &[u8]) -> Result<Option<FilterOptions>, Code> {
    let mut raw = lz::lzma_filter {
        id,
        options: std::ptr::null_mut(),
    };
    // SAFETY: liblzma reads `props.len()` bytes and allocates the options with
    // malloc (no allocator given), which are read and freed below.
    let code = unsafe {
        lz::lzma_properties_decode(&mut raw, std::ptr::null(), props.as_ptr(), props.len())
    };
    if code != lz::LZMA_OK {
        return Err(code);
    }
    if raw.options.is_null() {
        return Ok(None);
    }
    // SAFETY: for each filter ID liblzma allocates the matching options struct.
    let options = unsafe {
        match id {
            lz::LZMA_FILTER_LZMA1 | lz::LZMA_FILTER_LZMA2 => {
                let o = &*(raw.options as *const lz::lzma_options_lzma);
                FilterOptions::Lzma {
                    dict_size: o.dict_size,
                    lc: o.lc,
                    lp: o.lp,
                    pb: o.pb,
                    mode: o.mode,
                    nice_len: o.nice_len,
                    mf: o.mf,
                    depth: o.depth,
                }
            }
            LZMA_FILTER_DELTA => FilterOptions::Delta {
                dist: (*(raw.options as *const DeltaOptions)).dist,
            },
            _ => FilterOptions::Bcj {
                start_offset: (*(raw.options as *const lz::lzma_options_bcj)).start_offset,
            },
        }
    };
    // SAFETY: the block came from liblzma's malloc and is not used after.
    unsafe { free(raw.options) };
    Ok(Some(options))
}
