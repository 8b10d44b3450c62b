//! The `pwd` and `grp` modules (CPython's `Modules/pwdmodule.c` and
//! `grpmodule.c`): the password and group databases through the C library's
//! reentrant lookups, each entry a struct sequence (`struct_passwd`,
//! `struct_group`).

use std::ffi::{CStr, CString};
use std::os::raw::c_char;

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::objects::str_methods::{argument_type_name, fs_decode, fs_encode};
use krait_vm::objects::{set_type_attr, structseq};
use krait_vm::signature::Signature;
use krait_vm::{abstract_, Exc, ObjRef, PyErr, PyResult, Value, Vm};

use crate::given;
use crate::posix::{id_arg, id_number, id_value};

// ---------------------------------------------------------------------------
// Reading entries

/// A string field of an entry: decoded as file names are, `None` when absent.
fn text_field(vm: &mut Vm, p: *const c_char) -> Value {
    if p.is_null() {
        return Value::None;
    }
    // SAFETY: a non-null field of an entry the C library filled is a
    // NUL-terminated string that lives as long as the entry's buffer, which the
    // caller holds.
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    fs_decode(vm, bytes)
}

/// A name argument (Argument Clinic's `unicode`), encoded for the C library.
fn name_arg(vm: &mut Vm, v: &Value, what: &str) -> PyResult<(Value, CString)> {
    let Some(text) = v.as_obj().and_then(|o| o.str_data()) else {
        let given = argument_type_name(vm, v);
        return Err(vm.new_type_error(format!("{what} must be str, not {given}")));
    };
    let bytes = fs_encode(vm, text)?;
    let name =
        CString::new(bytes).map_err(|_| vm.new_value_error("embedded null byte".to_owned()))?;
    Ok((v.clone(), name))
}

/// A reentrant lookup of the C library (`getpwuid_r`, `getgrnam_r` ...): the key,
/// the entry to fill, the buffer for its strings and that buffer's length, and
/// where to put the result (NULL when there is no such entry).
type Lookup<K, T> =
    unsafe extern "C" fn(K, *mut T, *mut c_char, libc::size_t, *mut *mut T) -> libc::c_int;

/// The entry `lookup` finds for `key`, with the buffer its strings are in (keep
/// it while the entry is read); the buffer grows while the C library says it is
/// too small. `None`: no such entry.
fn lookup_entry<K: Copy, T>(
    vm: &mut Vm,
    size_name: libc::c_int,
    lookup: Lookup<K, T>,
    key: K,
) -> PyResult<Option<(T, Vec<c_char>)>> {
    let mut buffer = initial_buffer(size_name);
    loop {
        // SAFETY: all zero bits is a valid `passwd` or `group`, which the lookup
        // fills.
        let mut entry: T = unsafe { std::mem::zeroed() };
        let mut result: *mut T = std::ptr::null_mut();
        // SAFETY: `entry`, `buffer` and `result` are live for the call, the length
        // given is the buffer's, and a key that is a string is NUL-terminated and
        // outlives the call (the caller holds it).
        let status = unsafe {
            lookup(
                key,
                &mut entry,
                buffer.as_mut_ptr(),
                buffer.len(),
                &mut result,
            )
        };
        if status == libc::ERANGE {
            if buffer.len() >= 1 << 30 {
                return Err(vm.new_error(Exc::MemoryError, ""));
            }
            let larger = buffer.len() * 2;
            buffer.resize(larger, 0);
            continue;
        }
        // Moving the entry keeps its pointers into the buffer's heap memory.
        return Ok((status == 0 && !result.is_null()).then_some((entry, buffer)));
    }
}

/// Every entry of a database, read with `set`/`next`/`end` (`getpwent` ...).
fn all_entries<T>(
    vm: &mut Vm,
    set: unsafe extern "C" fn(),
    next: unsafe extern "C" fn() -> *mut T,
    end: unsafe extern "C" fn(),
    make: fn(&mut Vm, &T) -> PyResult<Value>,
) -> PyResult<Value> {
    let mut entries = Vec::new();
    // SAFETY: the enumeration runs start to end here, with no Python code in
    // between that could start another; each entry is read before the next call.
    unsafe { set() };
    let result = loop {
        // SAFETY: as above.
        let p = unsafe { next() };
        if p.is_null() {
            break Ok(());
        }
        // SAFETY: a non-null result points to the C library's current entry.
        match make(vm, unsafe { &*p }) {
            Ok(entry) => entries.push(entry),
            Err(e) => break Err(e),
        }
    };
    // SAFETY: ends the enumeration begun above.
    unsafe { end() };
    result.map(|()| vm.new_list(entries))
}

/// The size the C library suggests for a lookup's buffer, or 1 KiB.
fn initial_buffer(name: libc::c_int) -> Vec<c_char> {
    // SAFETY: sysconf only reads a configuration value.
    let size = unsafe { libc::sysconf(name) };
    let size = usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(1024);
    vec![0; size]
}

fn key_error(vm: &mut Vm, message: String) -> PyErr {
    vm.new_error(Exc::KeyError, message)
}

// ---------------------------------------------------------------------------
// pwd

static GETPWUID: Signature = Signature::of("pwd", "getpwuid", "($module, uidobj, /)");
static GETPWNAM: Signature = Signature::of("pwd", "getpwnam", "($module, name, /)");
static GETPWALL: Signature = Signature::of("pwd", "getpwall", "($module, /)");

static PWD_FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("getpwuid", getpwuid)
        .with_signature(&GETPWUID)
        .with_doc(
            "Return the password database entry for the given numeric user ID.\n\n\
             See `help(pwd)` for more on password database entries.",
        ),
    MethodDef::staticmethod("getpwnam", getpwnam)
        .with_signature(&GETPWNAM)
        .with_doc(
            "Return the password database entry for the given user name.\n\n\
             See `help(pwd)` for more on password database entries.",
        ),
    MethodDef::staticmethod("getpwall", getpwall)
        .with_signature(&GETPWALL)
        .with_doc(
            "Return a list of all available password database entries, in arbitrary order.\n\n\
             See help(pwd) for more on password database entries.",
        ),
];

const PWD_DOC: &str = "This module provides access to the Unix password database.
It is available on all Unix versions.

Password database entries are reported as 7-tuples containing the following
items from the password database (see `<pwd.h>'), in order:
pw_name, pw_passwd, pw_uid, pw_gid, pw_gecos, pw_dir, pw_shell.
The uid and gid items are integers, all others are strings. An
exception is raised if the entry asked for cannot be found.";

const STRUCT_PASSWD_FIELDS: [&str; 7] = [
    "pw_name",
    "pw_passwd",
    "pw_uid",
    "pw_gid",
    "pw_gecos",
    "pw_dir",
    "pw_shell",
];

const STRUCT_PASSWD_DOC: &str = "pwd.struct_passwd: Results from getpw*() routines.

This object may be accessed either as a tuple of
  (pw_name,pw_passwd,pw_uid,pw_gid,pw_gecos,pw_dir,pw_shell)
or via the object attributes as named in the above tuple.";

struct PwdState {
    struct_passwd: ObjRef,
}

pub fn init_pwd(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "pwd");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(PWD_DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "pwd", &PWD_FUNCTIONS);
    let struct_passwd = structseq::new_type(vm, "pwd", "struct_passwd", &STRUCT_PASSWD_FIELDS);
    let doc = vm.new_str(STRUCT_PASSWD_DOC);
    set_type_attr(vm, &struct_passwd, "__doc__", doc);
    dict::dict_set_str(vm, &d, "struct_passwd", Value::Obj(struct_passwd.clone()));
    vm.set_module_state(PwdState { struct_passwd });
    Ok(m)
}

/// A `struct_passwd` of an entry the C library filled.
fn passwd_entry(vm: &mut Vm, p: &libc::passwd) -> PyResult<Value> {
    let values = vec![
        text_field(vm, p.pw_name),
        text_field(vm, p.pw_passwd),
        id_value(p.pw_uid),
        id_value(p.pw_gid),
        text_field(vm, p.pw_gecos),
        text_field(vm, p.pw_dir),
        text_field(vm, p.pw_shell),
    ];
    let state = vm
        .module_state::<PwdState>()
        .ok_or_else(|| vm.new_runtime_error("pwd is not initialised".to_owned()))?;
    Ok(structseq::new(vm, &state.struct_passwd, values))
}

fn getpwuid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [uid] = GETPWUID.bind_args(vm, args)?;
    let uid = match id_arg(vm, &given(uid), "uid") {
        Ok(uid) => uid,
        Err(e) if vm.err_matches(&e, Exc::OverflowError) => {
            return Err(key_error(vm, "getpwuid(): uid not found".to_owned()));
        }
        Err(e) => return Err(e),
    };
    match lookup_entry(vm, libc::_SC_GETPW_R_SIZE_MAX, libc::getpwuid_r, uid)? {
        Some((entry, _buffer)) => passwd_entry(vm, &entry),
        None => {
            let shown = id_number(uid);
            Err(key_error(vm, format!("getpwuid(): uid not found: {shown}")))
        }
    }
}

fn getpwnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = GETPWNAM.bind_args(vm, args)?;
    let (name_obj, name) = name_arg(vm, &given(name), "getpwnam() argument")?;
    let key = name.as_ptr();
    match lookup_entry(vm, libc::_SC_GETPW_R_SIZE_MAX, libc::getpwnam_r, key)? {
        Some((entry, _buffer)) => passwd_entry(vm, &entry),
        None => {
            let shown = abstract_::repr_string(vm, &name_obj)?;
            Err(key_error(
                vm,
                format!("getpwnam(): name not found: {shown}"),
            ))
        }
    }
}

fn getpwall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETPWALL.bind_args(vm, args)?;
    all_entries(
        vm,
        libc::setpwent,
        libc::getpwent,
        libc::endpwent,
        passwd_entry,
    )
}

// ---------------------------------------------------------------------------
// grp

static GETGRGID: Signature = Signature::of("grp", "getgrgid", "($module, /, id)");
static GETGRNAM: Signature = Signature::of("grp", "getgrnam", "($module, /, name)");
static GETGRALL: Signature = Signature::of("grp", "getgrall", "($module, /)");

static GRP_FUNCTIONS: [MethodDef; 3] = [
    MethodDef::staticmethod("getgrgid", getgrgid)
        .with_signature(&GETGRGID)
        .with_doc(
            "Return the group database entry for the given numeric group ID.\n\n\
             If id is not valid, raise KeyError.",
        ),
    MethodDef::staticmethod("getgrnam", getgrnam)
        .with_signature(&GETGRNAM)
        .with_doc(
            "Return the group database entry for the given group name.\n\n\
             If name is not valid, raise KeyError.",
        ),
    MethodDef::staticmethod("getgrall", getgrall)
        .with_signature(&GETGRALL)
        .with_doc(
            "Return a list of all available group entries, in arbitrary order.\n\n\
             An entry whose name starts with '+' or '-' represents an instruction\n\
             to use YP/NIS and may not be accessible via getgrnam or getgrgid.",
        ),
];

const GRP_DOC: &str = "Access to the Unix group database.

Group entries are reported as 4-tuples containing the following fields
from the group database, in order:

  gr_name   - name of the group
  gr_passwd - group password (encrypted); often empty
  gr_gid    - numeric ID of the group
  gr_mem    - list of members

The gid is an integer, name and password are strings.  (Note that most
users are not explicitly listed as members of the groups they are in
according to the password database.  Check both databases to get
complete membership information.)";

const STRUCT_GROUP_FIELDS: [&str; 4] = ["gr_name", "gr_passwd", "gr_gid", "gr_mem"];

const STRUCT_GROUP_DOC: &str = "grp.struct_group: Results from getgr*() routines.

This object may be accessed either as a tuple of
  (gr_name,gr_passwd,gr_gid,gr_mem)
or via the object attributes as named in the above tuple.
";

struct GrpState {
    struct_group: ObjRef,
}

pub fn init_grp(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "grp");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(GRP_DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "grp", &GRP_FUNCTIONS);
    let struct_group = structseq::new_type(vm, "grp", "struct_group", &STRUCT_GROUP_FIELDS);
    let doc = vm.new_str(STRUCT_GROUP_DOC);
    set_type_attr(vm, &struct_group, "__doc__", doc);
    dict::dict_set_str(vm, &d, "struct_group", Value::Obj(struct_group.clone()));
    vm.set_module_state(GrpState { struct_group });
    Ok(m)
}

/// A `struct_group` of an entry the C library filled.
fn group_entry(vm: &mut Vm, g: &libc::group) -> PyResult<Value> {
    let mut members = Vec::new();
    let mut at = g.gr_mem;
    // SAFETY: `gr_mem` is a NULL-terminated array of NUL-terminated strings in
    // the entry's buffer, which the caller holds.
    while !at.is_null() && !unsafe { *at }.is_null() {
        // SAFETY: as above; `at` is before the terminating NULL.
        members.push(text_field(vm, unsafe { *at }));
        // SAFETY: as above: the next element exists, at worst the NULL.
        at = unsafe { at.add(1) };
    }
    let values = vec![
        text_field(vm, g.gr_name),
        text_field(vm, g.gr_passwd),
        id_value(g.gr_gid),
        vm.new_list(members),
    ];
    let state = vm
        .module_state::<GrpState>()
        .ok_or_else(|| vm.new_runtime_error("grp is not initialised".to_owned()))?;
    Ok(structseq::new(vm, &state.struct_group, values))
}

fn getgrgid(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [id] = GETGRGID.bind_args(vm, args)?;
    let gid = id_arg(vm, &given(id), "gid")?;
    match lookup_entry(vm, libc::_SC_GETGR_R_SIZE_MAX, libc::getgrgid_r, gid)? {
        Some((entry, _buffer)) => group_entry(vm, &entry),
        None => {
            let shown = id_number(gid);
            Err(key_error(vm, format!("getgrgid(): gid not found: {shown}")))
        }
    }
}

fn getgrnam(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [name] = GETGRNAM.bind_args(vm, args)?;
    let (name_obj, name) = name_arg(vm, &given(name), "getgrnam() argument 'name'")?;
    let key = name.as_ptr();
    match lookup_entry(vm, libc::_SC_GETGR_R_SIZE_MAX, libc::getgrnam_r, key)? {
        Some((entry, _buffer)) => group_entry(vm, &entry),
        None => {
            let shown = abstract_::repr_string(vm, &name_obj)?;
            Err(key_error(
                vm,
                format!("getgrnam(): name not found: {shown}"),
            ))
        }
    }
}

fn getgrall(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [] = GETGRALL.bind_args(vm, args)?;
    all_entries(
        vm,
        libc::setgrent,
        libc::getgrent,
        libc::endgrent,
        group_entry,
    )
}
