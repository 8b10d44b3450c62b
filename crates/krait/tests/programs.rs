//! Differential tests: every program under `tests/programs` is run with krait and its
//! stdout, stderr and exit status are compared with the records python3.11 made
//! (`scripts/regen-expected`). The conventions are in `tests/programs/README.md`;
//! `discover` and `Program::load` must agree with that script.
//!
//! `KRAIT_TEST_BIN` runs another binary instead of krait; `KRAIT_TEST_FILTER` runs only
//! the tests whose name contains the given text.

#[path = "programs/diff.rs"]
mod diff;

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{self, Read, Write};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

/// A program still running after this long is killed and fails.
const TIMEOUT: Duration = Duration::from_secs(10);
/// The address space, in KiB, of the programs under `robustness/`.
const ROBUSTNESS_ADDRESS_SPACE_KIB: u64 = 4_000_000;
/// How many diff lines one failure may print.
const DIFF_LINE_CAP: usize = 40;
const TEST_EXTENSIONS: [&str; 2] = ["py", "cmd"];

/// One test: what to run, and what python3.11 printed when it ran it.
struct Program {
    /// The path below `tests/programs` without extension, e.g. `classes/mro_diamond`.
    name: String,
    dir: PathBuf,
    args: Vec<String>,
    stdin: Vec<u8>,
    expected: Option<Outcome>,
}

#[derive(PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    ending: Ending,
}

#[derive(Clone, Copy, PartialEq)]
enum Ending {
    Exited(i32),
    Signalled(i32),
    TimedOut,
}

#[test]
fn programs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let root = fs::canonicalize(&root).expect("tests/programs exists in the repository");
    let binary = krait_binary();
    let filter = env::var("KRAIT_TEST_FILTER").unwrap_or_default();

    let mut stems = Vec::new();
    discover(&root, &mut stems);
    let programs: Vec<Program> = stems
        .iter()
        .map(|stem| Program::load(&root, stem))
        .filter(|program| program.name.contains(&filter))
        .collect();
    assert!(
        !programs.is_empty(),
        "no test program matches KRAIT_TEST_FILTER={filter:?}"
    );

    let known = known_failures(&root);
    let reports = run_all(&binary, &programs);
    let _ = fs::remove_dir_all(pycache_prefix());
    let (mut passed, mut failed, mut known_failed) = (0, 0, 0);
    for (program, report) in programs.iter().zip(&reports) {
        let is_known = known.contains(&program.name);
        match (report, is_known) {
            (None, false) => passed += 1,
            (None, true) => {
                failed += 1;
                println!(
                    "PASS {} is listed in known-failures.txt: remove it from the list\n",
                    program.name
                );
            }
            (Some(_), true) => known_failed += 1,
            (Some(report), false) => {
                failed += 1;
                println!("{report}");
            }
        }
    }
    println!("{passed} passed, {failed} failed, {known_failed} known failures");
    assert_eq!(failed, 0, "{failed} of {} programs failed", programs.len());
}

/// Tests expected to fail for now, one name per line in `known-failures.txt`, each
/// with the reason after a `#`. A listed test that passes is reported, so the list
/// only shrinks.
fn known_failures(root: &Path) -> Vec<String> {
    let text = fs::read_to_string(root.join("known-failures.txt")).unwrap_or_default();
    text.lines()
        .map(|line| line.split('#').next().unwrap_or("").trim().to_owned())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The binary under test, made absolute because each program runs in its own folder.
fn krait_binary() -> PathBuf {
    let binary = env::var_os("KRAIT_TEST_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_krait")));
    fs::canonicalize(&binary).unwrap_or_else(|err| panic!("{}: {err}", binary.display()))
}

/// Collects test stems (paths without extension) below `dir`. Folders whose name starts
/// with `_` or `.`, and packages (folders with `__init__.py`), hold helper modules; so
/// do files whose name starts with `_`.
fn discover(dir: &Path, stems: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("{}: {err}", dir.display()))
        .map(|entry| entry.expect("a readable folder entry").path())
        .collect();
    entries.sort();
    let mut subdirs = Vec::new();
    for path in entries {
        let file_name = path.file_name().unwrap_or_default().to_string_lossy();
        if path.is_dir() {
            let helper = file_name.starts_with(['_', '.']) || path.join("__init__.py").exists();
            if !helper {
                subdirs.push(path);
            }
        } else if !file_name.starts_with('_') && has_extension(&path, &TEST_EXTENSIONS) {
            let stem = path.with_extension("");
            if !stems.contains(&stem) {
                stems.push(stem);
            }
        }
    }
    for subdir in subdirs {
        discover(&subdir, stems);
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    let extension = path.extension().unwrap_or_default();
    extensions.iter().any(|wanted| extension == *wanted)
}

impl Program {
    fn load(root: &Path, stem: &Path) -> Program {
        let name = stem.strip_prefix(root).expect("stems lie below the root");
        let dir = stem.parent().expect("a stem has a folder").to_path_buf();
        let file_name = stem
            .file_name()
            .expect("a stem has a name")
            .to_string_lossy();
        let args = match read_lines(&with_suffix(stem, "cmd")) {
            Some(command_line) => command_line,
            None => {
                let mut args = vec![format!("{file_name}.py")];
                args.extend(read_lines(&with_suffix(stem, "args")).unwrap_or_default());
                args
            }
        };
        Program {
            name: name.to_string_lossy().into_owned(),
            args,
            stdin: fs::read(with_suffix(stem, "stdin")).unwrap_or_default(),
            expected: load_expected(stem),
            dir,
        }
    }

    /// The command as a reader would type it in the program's folder.
    fn command(&self) -> String {
        let mut command = String::from("krait");
        for arg in &self.args {
            command.push(' ');
            command.push_str(arg);
        }
        command
    }

    /// Runs the program and describes how it failed, or returns `None` if it passed.
    fn check(&self, binary: &Path) -> Option<String> {
        let Some(expected) = &self.expected else {
            return Some(format!(
                "FAIL {}: no records; run scripts/regen-expected {}\n",
                self.name, self.name
            ));
        };
        let actual = match self.run(binary) {
            Ok(outcome) => outcome,
            Err(err) => return Some(format!("FAIL {}: cannot run: {err}\n", self.name)),
        };
        // A signal ends a program as intended only where CPython's ended so too
        // (an uncaught KeyboardInterrupt re-raises SIGINT).
        let crashed = actual.stderr.contains("panicked at")
            || matches!(actual.ending, Ending::Exited(101))
            || (matches!(actual.ending, Ending::Signalled(_)) && actual.ending != expected.ending);
        if !crashed && actual == *expected {
            return None;
        }
        Some(self.describe_failure(expected, &actual))
    }

    fn run(&self, binary: &Path) -> io::Result<Outcome> {
        // Hostile programs run with 4 GB of address space, as a small machine
        // has: none may abort on an allocation there.
        let mut command = if self.name.starts_with("robustness/") {
            let mut limited = Command::new("/bin/sh");
            limited
                .arg("-c")
                .arg(format!(
                    "ulimit -v {ROBUSTNESS_ADDRESS_SPACE_KIB} && exec \"$0\" \"$@\""
                ))
                .arg(binary);
            limited
        } else {
            Command::new(binary)
        };
        let mut child = command
            .args(&self.args)
            .current_dir(&self.dir)
            .env_clear()
            .env(
                "PATH",
                env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/bin:/bin")),
            )
            .env("LC_ALL", "C.UTF-8")
            .env("PYTHONHASHSEED", "0")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            // No `.pyc` a Krait with another compiler wrote is read back.
            .env("PYTHONPYCACHEPREFIX", pycache_prefix())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // Its own process group, so that a timeout kills any children with it.
            .process_group(0)
            .spawn()?;
        let (stdout, stderr, ending) = thread::scope(|scope| {
            let mut stdin = child.stdin.take().expect("stdin is piped");
            let input = &self.stdin;
            // A program that exits without reading its input closes the pipe; that is fine.
            scope.spawn(move || stdin.write_all(input));
            let stdout = child.stdout.take().expect("stdout is piped");
            let stderr = child.stderr.take().expect("stderr is piped");
            let stdout = scope.spawn(move || read_all(stdout));
            let stderr = scope.spawn(move || read_all(stderr));
            let ending = wait_with_timeout(&mut child);
            let stdout = stdout.join().expect("the stdout reader does not panic");
            let stderr = stderr.join().expect("the stderr reader does not panic");
            (stdout, stderr, ending)
        });
        Ok(Outcome {
            stdout: self.normalise(&stdout),
            stderr: self.normalise(&stderr),
            ending: ending?,
        })
    }

    /// Replaces the program's absolute folder by `$DIR`, as the records do: CPython
    /// prints absolute paths in tracebacks.
    fn normalise(&self, output: &[u8]) -> String {
        let mut text = String::from_utf8_lossy(output).into_owned();
        let canonical = fs::canonicalize(&self.dir).unwrap_or_else(|_| self.dir.clone());
        for dir in [canonical, self.dir.clone()] {
            text = text.replace(&format!("{}/", dir.display()), "$DIR/");
        }
        text
    }

    fn describe_failure(&self, expected: &Outcome, actual: &Outcome) -> String {
        let mut report = format!("FAIL {}  ({})\n", self.name, self.command());
        if actual.stderr.contains("panicked at") {
            report.push_str("  krait panicked\n");
        }
        if actual.ending != expected.ending {
            report.push_str(&format!(
                "  exit: expected {}, got {}\n",
                expected.ending.describe(),
                actual.ending.describe()
            ));
        }
        let mut budget = DIFF_LINE_CAP;
        for (stream, expected, actual) in [
            ("stdout", &expected.stdout, &actual.stdout),
            ("stderr", &expected.stderr, &actual.stderr),
        ] {
            if expected != actual {
                report.push_str(&format!("  {stream} differs (-expected +actual):\n"));
                let lines = diff::unified(expected, actual);
                for line in lines.iter().take(budget) {
                    report.push_str(&format!("    {line}\n"));
                }
                if lines.len() > budget {
                    report.push_str(&format!("    ... {} more lines\n", lines.len() - budget));
                }
                budget = budget.saturating_sub(lines.len());
            }
        }
        report
    }
}

impl Ending {
    fn describe(self) -> String {
        match self {
            Ending::Exited(code) => format!("exit status {code}"),
            Ending::Signalled(signal) => format!("killed by signal {signal}"),
            Ending::TimedOut => format!("timed out after {} s", TIMEOUT.as_secs()),
        }
    }
}

/// Reads a file of one argument per line; `None` if it does not exist.
fn read_lines(path: &Path) -> Option<Vec<String>> {
    let text = fs::read_to_string(path).ok()?;
    let text = text.strip_suffix('\n').unwrap_or(&text);
    if text.is_empty() {
        return Some(Vec::new());
    }
    Some(text.split('\n').map(str::to_owned).collect())
}

fn load_expected(stem: &Path) -> Option<Outcome> {
    let read = |extension| fs::read_to_string(with_suffix(stem, extension)).ok();
    let code: i32 = read("exit")?.trim().parse().ok()?;
    Some(Outcome {
        stdout: read("stdout")?,
        stderr: read("stderr")?,
        // A negative status records death by that signal, as Python's subprocess
        // reports it.
        ending: if code < 0 {
            Ending::Signalled(-code)
        } else {
            Ending::Exited(code)
        },
    })
}

/// `stem` with `.extension` appended; `Path::with_extension` would cut a dotted name.
fn with_suffix(stem: &Path, extension: &str) -> PathBuf {
    let mut path = stem.as_os_str().to_owned();
    path.push(".");
    path.push(extension);
    PathBuf::from(path)
}

fn read_all(mut stream: impl Read) -> Vec<u8> {
    let mut bytes = Vec::new();
    // A read error leaves what was read so far; the comparison then shows the loss.
    let _ = stream.read_to_end(&mut bytes);
    bytes
}

/// Waits for the child, killing it once it has run for `TIMEOUT`.
fn wait_with_timeout(child: &mut Child) -> io::Result<Ending> {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(ending_of(status));
        }
        if Instant::now() >= deadline {
            kill_process_group(child);
            child.wait()?;
            return Ok(Ending::TimedOut);
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// Kills the child's process group: children it started would otherwise keep its
/// output pipes open, and the readers waiting.
fn kill_process_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let killed = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stderr(Stdio::null())
        .status();
    if !killed.is_ok_and(|status| status.success()) {
        // Without a usable `kill` command, at least the child itself goes.
        let _ = child.kill();
    }
}

/// An empty folder for the programs' bytecode caches, made once per test run.
fn pycache_prefix() -> &'static Path {
    static PREFIX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PREFIX.get_or_init(|| {
        let dir = env::temp_dir().join(format!("krait-test-pycache-{}", std::process::id()));
        let _ = fs::create_dir_all(&dir);
        dir
    })
}

fn ending_of(status: ExitStatus) -> Ending {
    match (status.code(), status.signal()) {
        (Some(code), _) => Ending::Exited(code),
        (None, Some(signal)) => Ending::Signalled(signal),
        (None, None) => unreachable!("a finished process either exited or was signalled"),
    }
}

/// Runs the programs on a pool of threads; the result at index `i` is the failure
/// report of `programs[i]`, if it failed.
fn run_all(binary: &Path, programs: &[Program]) -> Vec<Option<String>> {
    let workers = thread::available_parallelism().map_or(2, |n| n.get());
    let next = AtomicUsize::new(0);
    let reports = Mutex::new(vec![None; programs.len()]);
    thread::scope(|scope| {
        for _ in 0..workers.min(programs.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(program) = programs.get(index) else {
                    break;
                };
                let report = program.check(binary);
                reports.lock().expect("no worker panics holding the lock")[index] = report;
            });
        }
    });
    reports
        .into_inner()
        .expect("no worker panicked holding the lock")
}
