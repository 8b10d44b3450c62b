//! krait-stdlib
