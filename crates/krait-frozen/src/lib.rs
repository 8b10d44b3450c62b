//! Frozen modules (CPython's `Python/frozen.c`): standard-library modules compiled
//! when Krait is built and embedded as marshal data, so the import machinery
//! (`importlib._bootstrap` and `_bootstrap_external`) can run before anything can be
//! imported from a file, and so the modules every start-up needs cost no parsing.
//! The sources are CPython 3.11's own, read from its standard library at build time;
//! the modules CPython freezes for its tests of frozen imports (`__hello__`,
//! `__phello__` ...) are frozen too.

/// One frozen module.
pub struct FrozenModule {
    /// The name it is imported by (`os.path`, `_frozen_importlib`).
    pub name: &'static str,
    /// What `_imp.find_frozen` reports as its original name: its own name, the
    /// module an alias stands for (`posixpath` for `os.path`), `<PACKAGE` for a
    /// package's `__init__` imported as a module, or `None` (a module that exists
    /// only frozen).
    pub origname: Option<&'static str>,
    /// Its source is a package's `__init__.py`.
    pub is_package: bool,
    /// Its module code, in marshal format.
    pub code: &'static [u8],
}

/// Every frozen module, in CPython's order.
pub static MODULES: &[FrozenModule] = include!(concat!(env!("OUT_DIR"), "/frozen_table.rs"));

/// The frozen module called `name`.
pub fn find(name: &str) -> Option<&'static FrozenModule> {
    MODULES.iter().find(|m| m.name == name)
}
