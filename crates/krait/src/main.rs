//! The `krait` command: CPython 3.11's command line (`Modules/main.c`) over the
//! Krait VM. The interpreter runs on a thread with a large stack so that deep
//! recursion in Rust-level callbacks is bounded by `RecursionError`, not by the
//! platform's default main-thread stack.
//!
//! The entry point is C's `main`, not Rust's: Rust's runtime would first reopen
//! standard descriptors the parent left closed on `/dev/null`, which CPython does
//! not (a program must find descriptor 0 closed: `os.fstat(0)` fails with EBADF).
//! Signal dispositions are `_signal`'s to set (SIGPIPE ignored, as CPython's).

#![no_main]

mod allocator;
mod cli;
mod repl;

use std::io::{IsTerminal, Read};

use cli::{Command, Options};
use krait_vm::{Config, Vm};

#[global_allocator]
static ALLOCATOR: allocator::KraitAllocator = allocator::KraitAllocator;

/// Stack for the interpreter thread; nested eval loops are bounded by the
/// recursion limit, and this leaves ample room for the default of 1000.
const INTERPRETER_STACK: usize = 1 << 30;

// SAFETY: `main` is the one C entry point of the program; no other symbol of the
// binary has its name. `std::env::args_os` still sees the arguments (glibc hands
// them to std's own initialiser), and nothing here reads `argv` itself.
#[unsafe(no_mangle)]
extern "C" fn main(
    _argc: std::ffi::c_int,
    _argv: *const *const std::ffi::c_char,
) -> std::ffi::c_int {
    // An argument that is not UTF-8 is read with U+FFFD for its undecodable bytes.
    let args: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let options = match cli::parse(&args) {
        Ok(o) => o,
        Err(cli::Exit(code)) => std::process::exit(code),
    };
    let status = std::thread::Builder::new()
        .name("krait".to_owned())
        .stack_size(INTERPRETER_STACK)
        .spawn(move || run(options))
        .map(|handle| {
            krait_vm::signals::leave_signals_to_other_threads();
            handle.join().unwrap_or(1)
        })
        .unwrap_or(1);
    std::process::exit(status);
}

fn stdlib_path() -> Option<String> {
    let candidates = [
        std::env::var("KRAIT_STDLIB").ok(),
        Some("/usr/lib/python3.11".to_owned()),
        Some("/usr/local/lib/python3.11".to_owned()),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|p| std::path::Path::new(p).join("os.py").is_file())
}

fn make_config(options: &Options, argv: Vec<String>, path0: Option<String>) -> Config {
    let ignore_env = options.ignore_environment || options.isolated;
    let mut extra_paths = Vec::new();
    if !ignore_env {
        if let Ok(pp) = std::env::var("PYTHONPATH") {
            extra_paths.extend(pp.split(':').filter(|p| !p.is_empty()).map(str::to_owned));
        }
    }
    let executable = std::env::current_exe()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    // An environment variable that counts as set (not under -E, not empty).
    let env = |name: &str| {
        (!ignore_env)
            .then(|| std::env::var(name).ok())
            .flatten()
            .filter(|v| !v.is_empty())
    };
    let xoptions: Vec<(String, Option<String>)> = options
        .x_options
        .iter()
        .map(|x| match x.split_once('=') {
            Some((name, value)) => (name.to_owned(), Some(value.to_owned())),
            None => (x.clone(), None),
        })
        .collect();
    let has_x = |name: &str| xoptions.iter().any(|(n, _)| n == name);
    let dev_mode = has_x("dev") || env("PYTHONDEVMODE").is_some();
    let no_debug_ranges = has_x("no_debug_ranges") || env("PYTHONNODEBUGRANGES").is_some();
    let import_time = has_x("importtime") || env("PYTHONPROFILEIMPORTTIME").is_some();
    let mut config = Config {
        argv,
        path0: if options.isolated { None } else { path0 },
        extra_paths,
        stdlib: stdlib_path(),
        optimize: options.optimize,
        ignore_environment: ignore_env,
        isolated: options.isolated,
        no_site: options.no_site,
        no_user_site: options.no_user_site || options.isolated,
        dont_write_bytecode: options.dont_write_bytecode
            || (!ignore_env
                && std::env::var("PYTHONDONTWRITEBYTECODE").is_ok_and(|v| !v.is_empty())),
        pycache_prefix: (!ignore_env)
            .then(|| std::env::var("PYTHONPYCACHEPREFIX").ok())
            .flatten()
            .filter(|p| !p.is_empty()),
        unbuffered: options.unbuffered
            || (!ignore_env && std::env::var("PYTHONUNBUFFERED").is_ok_and(|v| !v.is_empty())),
        executable,
        warnoptions: Vec::new(),
        xoptions,
        dev_mode,
        bytes_warning: options.bytes_warning.min(2),
        no_debug_ranges,
        import_time,
    };
    config.warnoptions = warn_options(options, &config, env("PYTHONWARNINGS"));
    config
}

/// `sys.warnoptions` (CPython's `config_init_warnoptions`): later entries take
/// precedence when `warnings` reads them.
fn warn_options(options: &Options, config: &Config, env_warnings: Option<String>) -> Vec<String> {
    let mut warnoptions = Vec::new();
    if config.dev_mode {
        warnoptions.push("default".to_owned());
    }
    if let Some(env_warnings) = env_warnings {
        warnoptions.extend(
            env_warnings
                .split(',')
                .filter(|w| !w.is_empty())
                .map(str::to_owned),
        );
    }
    warnoptions.extend(options.warn_options.iter().cloned());
    match config.bytes_warning {
        0 => {}
        1 => warnoptions.push("default::BytesWarning".to_owned()),
        _ => warnoptions.push("error::BytesWarning".to_owned()),
    }
    warnoptions
}

fn new_vm(config: Config) -> Vm {
    let mut vm = Vm::new(config);
    krait_stdlib::register(&mut vm);
    if let Err(err) = vm.install_importlib() {
        let shown = krait_vm::exc::format_exception(&mut vm, &krait_vm::Value::Obj(err.0));
        eprint!("krait: cannot install the import machinery:\n{shown}");
    }
    if let Err(err) = vm.install_signal_handlers() {
        let shown = krait_vm::exc::format_exception(&mut vm, &krait_vm::Value::Obj(err.0));
        eprint!("krait: cannot set up signal handling:\n{shown}");
    }
    if let Err(err) = vm.initialize_site() {
        let shown = krait_vm::exc::format_exception(&mut vm, &krait_vm::Value::Obj(err.0));
        eprint!("Error in site:\n{shown}");
    }
    vm
}

/// Runs the command; returns the process exit status.
fn run(options: Options) -> i32 {
    match &options.command {
        Command::Script(path) => run_script(&options, path),
        Command::Code(code) => {
            let mut argv = vec!["-c".to_owned()];
            argv.extend(options.args.iter().cloned());
            let mut vm = new_vm(make_config(&options, argv, Some(String::new())));
            let result = vm.run_main_source(code, "<string>", None);
            finish(&mut vm, result)
        }
        Command::Module(name) => run_module(&options, name),
        Command::Stdin => {
            let mut argv = vec![if options.explicit_stdin {
                "-".to_owned()
            } else {
                String::new()
            }];
            argv.extend(options.args.iter().cloned());
            let mut vm = new_vm(make_config(&options, argv, Some(String::new())));
            if std::io::stdin().is_terminal() {
                let status = repl::run(&mut vm, options.quiet);
                return if vm.finish() { status } else { 120 };
            }
            let mut source = String::new();
            if std::io::stdin().read_to_string(&mut source).is_err() {
                eprintln!("krait: can't read standard input");
                return 2;
            }
            let result = vm.run_main_source(&source, "<stdin>", Some("<stdin>"));
            finish(&mut vm, result)
        }
    }
}

fn finish(vm: &mut Vm, result: krait_vm::PyResult<()>) -> i32 {
    let interrupted =
        matches!(&result, Err(err) if vm.err_matches(err, krait_vm::Exc::KeyboardInterrupt));
    let status = match result {
        Ok(()) => 0,
        Err(err) => vm.report_uncaught(err),
    };
    let flushed = vm.finish();
    if interrupted {
        // Killed by SIGINT, as CPython's process ends; 130 if SIGINT is blocked.
        vm.exit_by_sigint();
        return 130;
    }
    if flushed {
        status
    } else {
        // Output was lost (a closed pipe, a full disk): CPython's status for it.
        120
    }
}

fn run_script(options: &Options, path: &str) -> i32 {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let shown = std::path::absolute(path)
                .map(|p| p.to_string_lossy().into_owned())
                .unwrap_or_else(|_| path.to_owned());
            let errno = e.raw_os_error().unwrap_or(0);
            let text = match e.kind() {
                std::io::ErrorKind::NotFound => "No such file or directory".to_owned(),
                std::io::ErrorKind::PermissionDenied => "Permission denied".to_owned(),
                _ if errno == 21 => "Is a directory".to_owned(),
                _ => e.to_string(),
            };
            let prog = std::env::args_os()
                .next()
                .map_or_else(|| "krait".to_owned(), |a| a.to_string_lossy().into_owned());
            eprintln!("{prog}: can't open file '{shown}': [Errno {errno}] {text}");
            return 2;
        }
    };
    let absolute = std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_owned());
    let dir = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| p.parent().map(|d| d.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let mut argv = vec![path.to_owned()];
    argv.extend(options.args.iter().cloned());
    let mut vm = new_vm(make_config(options, argv, Some(dir)));
    // A `.pyc` file runs its code object directly (16-byte header, then marshal).
    if bytes.len() > 16 && bytes[2..4] == [0x0d, 0x0a] && path.ends_with(".pyc") {
        let result = match krait_bytecode::marshal::loads(&bytes[16..]) {
            Ok(krait_bytecode::Constant::Code(code)) => vm.run_main_code(code, Some(&absolute)),
            _ => {
                eprintln!("krait: bad code object in .pyc file");
                return 1;
            }
        };
        return finish(&mut vm, result);
    }
    let source = match krait_vm::source::decode_source(
        &mut vm,
        &bytes,
        &absolute,
        krait_vm::source::Origin::File,
    ) {
        Ok(source) => source,
        Err(e) => return finish(&mut vm, Err(e)),
    };
    let source = if options.skip_first_line {
        source
            .split_once('\n')
            .map(|(_, rest)| format!("\n{rest}"))
            .unwrap_or_default()
    } else {
        source
    };
    let result = vm.run_main_source(&source, &absolute, Some(&absolute));
    finish(&mut vm, result)
}

fn run_module(options: &Options, name: &str) -> i32 {
    let cwd = std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut argv = vec!["-m".to_owned()];
    argv.extend(options.args.iter().cloned());
    let mut vm = new_vm(make_config(options, argv, Some(cwd)));
    let result = vm.run_module_as_main(name);
    finish(&mut vm, result)
}
