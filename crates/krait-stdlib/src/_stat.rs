//! The `_stat` module (CPython's `Modules/_stat.c`): the file mode constants of
//! `<sys/stat.h>`, the `S_IS*` tests, `S_IMODE`, `S_IFMT` and `filemode`. `stat.py`
//! imports it over its own Python definitions, as it does in CPython.

use krait_vm::native::{add_module_functions, MethodDef};
use krait_vm::objects::dict;
use krait_vm::objects::function::Args;
use krait_vm::objects::int;
use krait_vm::objects::module::{module_dict, new_module};
use krait_vm::signature::Signature;
use krait_vm::{ObjRef, PyResult, Value, Vm};

use crate::given;

/// `mode_t` on Linux is a 32-bit unsigned int.
type Mode = u32;

const S_IFMT: Mode = 0o170000;
const S_IFSOCK: Mode = 0o140000;
const S_IFLNK: Mode = 0o120000;
const S_IFREG: Mode = 0o100000;
const S_IFBLK: Mode = 0o060000;
const S_IFDIR: Mode = 0o040000;
const S_IFCHR: Mode = 0o020000;
const S_IFIFO: Mode = 0o010000;
/// Solaris doors, event ports and BSD whiteouts: Linux has none, so 0.
const S_IFDOOR: Mode = 0;
const S_IFPORT: Mode = 0;
const S_IFWHT: Mode = 0;

const S_ISUID: Mode = 0o4000;
const S_ISGID: Mode = 0o2000;
const S_ISVTX: Mode = 0o1000;

/// Every integer constant, in the order CPython's module adds them.
const CONSTANTS: [(&str, i64); 51] = [
    ("S_IFDIR", S_IFDIR as i64),
    ("S_IFCHR", S_IFCHR as i64),
    ("S_IFBLK", S_IFBLK as i64),
    ("S_IFREG", S_IFREG as i64),
    ("S_IFIFO", S_IFIFO as i64),
    ("S_IFLNK", S_IFLNK as i64),
    ("S_IFSOCK", S_IFSOCK as i64),
    ("S_IFDOOR", S_IFDOOR as i64),
    ("S_IFPORT", S_IFPORT as i64),
    ("S_IFWHT", S_IFWHT as i64),
    ("S_ISUID", S_ISUID as i64),
    ("S_ISGID", S_ISGID as i64),
    ("S_ISVTX", S_ISVTX as i64),
    // File locking enforcement shares the set-group-ID bit.
    ("S_ENFMT", S_ISGID as i64),
    ("S_IREAD", 0o400),
    ("S_IWRITE", 0o200),
    ("S_IEXEC", 0o100),
    ("S_IRWXU", 0o700),
    ("S_IRUSR", 0o400),
    ("S_IWUSR", 0o200),
    ("S_IXUSR", 0o100),
    ("S_IRWXG", 0o070),
    ("S_IRGRP", 0o040),
    ("S_IWGRP", 0o020),
    ("S_IXGRP", 0o010),
    ("S_IRWXO", 0o007),
    ("S_IROTH", 0o004),
    ("S_IWOTH", 0o002),
    ("S_IXOTH", 0o001),
    // BSD and macOS file flags (`chflags`), as CPython defines them everywhere.
    ("UF_NODUMP", 0x0000_0001),
    ("UF_IMMUTABLE", 0x0000_0002),
    ("UF_APPEND", 0x0000_0004),
    ("UF_OPAQUE", 0x0000_0008),
    ("UF_NOUNLINK", 0x0000_0010),
    ("UF_COMPRESSED", 0x0000_0020),
    ("UF_HIDDEN", 0x0000_8000),
    ("SF_ARCHIVED", 0x0001_0000),
    ("SF_IMMUTABLE", 0x0002_0000),
    ("SF_APPEND", 0x0004_0000),
    ("SF_NOUNLINK", 0x0010_0000),
    ("SF_SNAPSHOT", 0x0020_0000),
    // Indexes into the tuple `os.stat()` returns.
    ("ST_MODE", 0),
    ("ST_INO", 1),
    ("ST_DEV", 2),
    ("ST_NLINK", 3),
    ("ST_UID", 4),
    ("ST_GID", 5),
    ("ST_SIZE", 6),
    ("ST_ATIME", 7),
    ("ST_MTIME", 8),
    ("ST_CTIME", 9),
];

const MODULE_DOC: &str = "S_IFMT_: file type bits
S_IFDIR: directory
S_IFCHR: character device
S_IFBLK: block device
S_IFREG: regular file
S_IFIFO: fifo (named pipe)
S_IFLNK: symbolic link
S_IFSOCK: socket file
S_IFDOOR: door
S_IFPORT: event port
S_IFWHT: whiteout

S_ISUID: set UID bit
S_ISGID: set GID bit
S_ENFMT: file locking enforcement
S_ISVTX: sticky bit
S_IREAD: Unix V7 synonym for S_IRUSR
S_IWRITE: Unix V7 synonym for S_IWUSR
S_IEXEC: Unix V7 synonym for S_IXUSR
S_IRWXU: mask for owner permissions
S_IRUSR: read by owner
S_IWUSR: write by owner
S_IXUSR: execute by owner
S_IRWXG: mask for group permissions
S_IRGRP: read by group
S_IWGRP: write by group
S_IXGRP: execute by group
S_IRWXO: mask for others (not in group) permissions
S_IROTH: read by others
S_IWOTH: write by others
S_IXOTH: execute by others

UF_NODUMP: do not dump file
UF_IMMUTABLE: file may not be changed
UF_APPEND: file may only be appended to
UF_OPAQUE: directory is opaque when viewed through a union stack
UF_NOUNLINK: file may not be renamed or deleted
UF_COMPRESSED: OS X: file is hfs-compressed
UF_HIDDEN: OS X: file should not be displayed
SF_ARCHIVED: file may be archived
SF_IMMUTABLE: file may not be changed
SF_APPEND: file may only be appended to
SF_NOUNLINK: file may not be renamed or deleted
SF_SNAPSHOT: file is a snapshot file

ST_MODE
ST_INO
ST_DEV
ST_NLINK
ST_UID
ST_GID
ST_SIZE
ST_ATIME
ST_MTIME
ST_CTIME

FILE_ATTRIBUTE_*: Windows file attribute constants
                   (only present on Windows)
";

/// Declares a `METH_O` function of `_stat`: its signature, and the function that
/// reads the mode argument and gives `$body` for it.
macro_rules! mode_function {
    ($sig:ident, $name:literal, $func:ident, |$vm:ident, $mode:ident| $body:expr) => {
        static $sig: Signature = Signature::unlisted("_stat", $name, "($module, mode, /)");
        fn $func($vm: &mut Vm, args: Args) -> PyResult<Value> {
            let [mode] = $sig.bind_args($vm, args)?;
            let $mode = mode_arg($vm, &given(mode))?;
            Ok($body)
        }
    };
}

/// Whether `mode` is of file type `ty`.
fn is_type(mode: Mode, ty: Mode) -> Value {
    Value::Bool(mode & S_IFMT == ty)
}

mode_function!(S_ISDIR_SIG, "S_ISDIR", s_isdir, |_vm, m| is_type(
    m, S_IFDIR
));
mode_function!(S_ISCHR_SIG, "S_ISCHR", s_ischr, |_vm, m| is_type(
    m, S_IFCHR
));
mode_function!(S_ISBLK_SIG, "S_ISBLK", s_isblk, |_vm, m| is_type(
    m, S_IFBLK
));
mode_function!(S_ISREG_SIG, "S_ISREG", s_isreg, |_vm, m| is_type(
    m, S_IFREG
));
mode_function!(S_ISFIFO_SIG, "S_ISFIFO", s_isfifo, |_vm, m| is_type(
    m, S_IFIFO
));
mode_function!(S_ISLNK_SIG, "S_ISLNK", s_islnk, |_vm, m| is_type(
    m, S_IFLNK
));
mode_function!(S_ISSOCK_SIG, "S_ISSOCK", s_issock, |_vm, m| is_type(
    m, S_IFSOCK
));
// Linux has no doors, event ports or whiteouts.
mode_function!(S_ISDOOR_SIG, "S_ISDOOR", s_isdoor, |_vm, _m| Value::Bool(
    false
));
mode_function!(S_ISPORT_SIG, "S_ISPORT", s_isport, |_vm, _m| Value::Bool(
    false
));
mode_function!(S_ISWHT_SIG, "S_ISWHT", s_iswht, |_vm, _m| Value::Bool(
    false
));
mode_function!(S_IMODE_SIG, "S_IMODE", s_imode, |_vm, m| Value::Int(
    i64::from(m & 0o7777)
));
mode_function!(S_IFMT_SIG, "S_IFMT", s_ifmt, |_vm, m| Value::Int(
    i64::from(m & S_IFMT)
));
mode_function!(FILEMODE_SIG, "filemode", filemode, |vm, m| vm
    .new_str(filemode_text(m)));

static FUNCTIONS: [MethodDef; 13] = [
    MethodDef::staticmethod("S_ISDIR", s_isdir)
        .with_signature(&S_ISDIR_SIG)
        .with_doc("S_ISDIR(mode) -> bool\n\nReturn True if mode is from a directory."),
    MethodDef::staticmethod("S_ISCHR", s_ischr)
        .with_signature(&S_ISCHR_SIG)
        .with_doc(
            "S_ISCHR(mode) -> bool\n\nReturn True if mode is from a character special device file.",
        ),
    MethodDef::staticmethod("S_ISBLK", s_isblk)
        .with_signature(&S_ISBLK_SIG)
        .with_doc(
            "S_ISBLK(mode) -> bool\n\nReturn True if mode is from a block special device file.",
        ),
    MethodDef::staticmethod("S_ISREG", s_isreg)
        .with_signature(&S_ISREG_SIG)
        .with_doc("S_ISREG(mode) -> bool\n\nReturn True if mode is from a regular file."),
    MethodDef::staticmethod("S_ISFIFO", s_isfifo)
        .with_signature(&S_ISFIFO_SIG)
        .with_doc("S_ISFIFO(mode) -> bool\n\nReturn True if mode is from a FIFO (named pipe)."),
    MethodDef::staticmethod("S_ISLNK", s_islnk)
        .with_signature(&S_ISLNK_SIG)
        .with_doc("S_ISLNK(mode) -> bool\n\nReturn True if mode is from a symbolic link."),
    MethodDef::staticmethod("S_ISSOCK", s_issock)
        .with_signature(&S_ISSOCK_SIG)
        .with_doc("S_ISSOCK(mode) -> bool\n\nReturn True if mode is from a socket."),
    MethodDef::staticmethod("S_ISDOOR", s_isdoor)
        .with_signature(&S_ISDOOR_SIG)
        .with_doc("S_ISDOOR(mode) -> bool\n\nReturn True if mode is from a door."),
    MethodDef::staticmethod("S_ISPORT", s_isport)
        .with_signature(&S_ISPORT_SIG)
        .with_doc("S_ISPORT(mode) -> bool\n\nReturn True if mode is from an event port."),
    MethodDef::staticmethod("S_ISWHT", s_iswht)
        .with_signature(&S_ISWHT_SIG)
        .with_doc("S_ISWHT(mode) -> bool\n\nReturn True if mode is from a whiteout."),
    MethodDef::staticmethod("S_IMODE", s_imode)
        .with_signature(&S_IMODE_SIG)
        .with_doc("Return the portion of the file's mode that can be set by os.chmod()."),
    MethodDef::staticmethod("S_IFMT", s_ifmt)
        .with_signature(&S_IFMT_SIG)
        .with_doc("Return the portion of the file's mode that describes the file type."),
    MethodDef::staticmethod("filemode", filemode)
        .with_signature(&FILEMODE_SIG)
        .with_doc("Convert a file's mode to a string of the form '-rwxrwxrwx'"),
];

pub fn init(vm: &mut Vm) -> PyResult<ObjRef> {
    let m = new_module(vm, "_stat");
    let d = module_dict(&m).expect("a module has a dict");
    let doc = vm.new_str(MODULE_DOC);
    dict::dict_set_str(vm, &d, "__doc__", doc);
    add_module_functions(vm, &d, "_stat", &FUNCTIONS);
    for (name, value) in CONSTANTS {
        dict::dict_set_str(vm, &d, name, Value::Int(value));
    }
    Ok(m)
}

/// A mode as `_PyLong_AsMode_t` reads one: an int (no `__index__`), not negative,
/// that fits `mode_t`.
fn mode_arg(vm: &mut Vm, v: &Value) -> PyResult<Mode> {
    let Some(n) = int::as_big(v) else {
        return Err(vm.new_type_error("an integer is required".to_owned()));
    };
    if n.sign() == num_bigint::Sign::Minus {
        return Err(
            vm.new_overflow_error("can't convert negative value to unsigned int".to_owned())
        );
    }
    let Ok(wide) = u64::try_from(&n) else {
        return Err(
            vm.new_overflow_error("Python int too large to convert to C unsigned long".to_owned())
        );
    };
    Mode::try_from(wide).map_err(|_| vm.new_overflow_error("mode out of range".to_owned()))
}

/// `filemode(mode)`: the file type's letter, then `rwx` for owner, group and
/// others, with the set-ID and sticky bits shown where the execute bit is.
fn filemode_text(mode: Mode) -> String {
    let kind = match mode & S_IFMT {
        S_IFREG => '-',
        S_IFDIR => 'd',
        S_IFLNK => 'l',
        S_IFSOCK => 's',
        S_IFIFO => 'p',
        S_IFCHR => 'c',
        S_IFBLK => 'b',
        _ => '?',
    };
    let bit = |mask: Mode, c: char| if mode & mask != 0 { c } else { '-' };
    // The execute position: lower case when executable too, upper case when not.
    let special = |exec: Mode, flag: Mode, set: char| match (mode & flag != 0, mode & exec != 0) {
        (true, true) => set,
        (true, false) => set.to_ascii_uppercase(),
        (false, true) => 'x',
        (false, false) => '-',
    };
    [
        kind,
        bit(0o400, 'r'),
        bit(0o200, 'w'),
        special(0o100, S_ISUID, 's'),
        bit(0o040, 'r'),
        bit(0o020, 'w'),
        special(0o010, S_ISGID, 's'),
        bit(0o004, 'r'),
        bit(0o002, 'w'),
        special(0o001, S_ISVTX, 't'),
    ]
    .into_iter()
    .collect()
}
