# os.posix_spawn and os.posix_spawnp: argv, env, file actions, attributes, and errors;
# os.execve of a descriptor (fexecve) and its argument errors.
import os, signal, sys, tempfile

def run(spawn, path, argv, env, **kw):
    pid = spawn(path, argv, env, **kw)
    _, status = os.waitpid(pid, 0)
    return type(pid).__name__, os.waitstatus_to_exitcode(status)

def show(label, f):
    try:
        print(label, f())
    except OSError as e:
        print(label, type(e).__name__, e.errno, e.strerror, e.filename)
    except Exception as e:
        print(label, type(e).__name__, e)

def status_line(path, key):
    with open(path) as f:
        return [l.split()[1] for l in f if l.startswith(key + ":")][0]

with tempfile.TemporaryDirectory() as top:
    out = os.path.join(top, "out")
    to_out = (os.POSIX_SPAWN_OPEN, 1, out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    def output():
        with open(out) as f:
            return f.read()
    print(run(os.posix_spawn, "/bin/sh", ["sh", "-c", "echo $FOO $#; exit 3", "x", "y"],
              {"FOO": "bar"}, file_actions=[to_out]), repr(output()))
    print(run(os.posix_spawnp, "sh", ("sh", "-c", "echo spawnp"), {b"K": b"v"},
              file_actions=(to_out,)), repr(output()))
    fd = os.open(out, os.O_WRONLY | os.O_TRUNC)
    print(run(os.posix_spawn, "/bin/sh", ["sh", "-c", "echo dup2"], os.environ,
              file_actions=[(os.POSIX_SPAWN_DUP2, fd, 1)]), repr(output()))
    os.close(fd)
    print(run(os.posix_spawn, "/bin/sh", ["sh", "-c", "[ -e /proc/$$/fd/0 ] && echo open || echo closed"],
              {}, file_actions=[to_out, (os.POSIX_SPAWN_CLOSE, 0)]), repr(output()))
    cat = ["cat", "/proc/self/stat"]
    def ids():
        fields = output().split()
        return fields[0] == fields[4], fields[0] == fields[5]   # group leader, session leader
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out]); print(ids())
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out], setpgroup=0); print(ids())
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out], setsid=True); print(ids())
    print(run(os.posix_spawn, "/bin/true", ["true"], {}, resetids=1))
    cat = ["cat", "/proc/self/status"]
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out],
        setsigmask=[signal.SIGUSR1, signal.SIGUSR2])
    print(status_line(out, "SigBlk"))
    signal.signal(signal.SIGUSR1, signal.SIG_IGN)
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out])
    print(int(status_line(out, "SigIgn"), 16) >> 9 & 1)
    run(os.posix_spawn, "/bin/cat", cat, {}, file_actions=[to_out], setsigdef=[signal.SIGUSR1])
    print(int(status_line(out, "SigIgn"), 16) >> 9 & 1)
    signal.signal(signal.SIGUSR1, signal.SIG_DFL)
    print(run(os.posix_spawn, "/bin/true", ["true"], {}, scheduler=(None, os.sched_param(0))))
    print(run(os.posix_spawn, "/bin/true", ["true"], {},
              scheduler=(os.SCHED_OTHER, os.sched_param(0)), file_actions=None))
    # Errors
    true = "/bin/true"
    show("missing", lambda: os.posix_spawn(top and "/nonexistent/x", ["x"], {}))
    show("not found", lambda: os.posix_spawnp("no-such-program-krait", ["x"], {}))
    show("argv type", lambda: os.posix_spawn(true, "true", {}))
    show("argv empty", lambda: os.posix_spawnp(true, [], {}))
    show("argv0 empty", lambda: os.posix_spawn(true, [""], {}))
    show("argv item", lambda: os.posix_spawn(true, ["true", 3], {}))
    show("env type", lambda: os.posix_spawn(true, ["true"], 3))
    show("env key", lambda: os.posix_spawn(true, ["true"], {"A=B": "c"}))
    show("env empty key", lambda: os.posix_spawn(true, ["true"], {"": "c"}))
    show("path fd", lambda: os.posix_spawn(3, ["true"], {}))
    show("actions int", lambda: os.posix_spawn(true, ["true"], {}, file_actions=5))
    show("action list", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[[1, 2]]))
    show("action empty", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[()]))
    show("action tag", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(9,)]))
    show("action str tag", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[("a",)]))
    show("open short", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(0, 1, "p")]))
    show("open mode", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(0, 1, "p", 0, 1.5)]))
    show("open path", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(0, 1, 2, 0, 0)]))
    show("close long", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(1, 2, 3)]))
    show("close bad", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(1, -1)]))
    show("close float", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(1, 1.0)]))
    show("dup2 short", lambda: os.posix_spawn(true, ["true"], {}, file_actions=[(2, 1)]))
    show("setpgroup", lambda: os.posix_spawn(true, ["true"], {}, setpgroup="x"))
    show("sigmask", lambda: os.posix_spawn(true, ["true"], {}, setsigmask=[0]))
    show("sigdef", lambda: os.posix_spawn(true, ["true"], {}, setsigdef=5))
    show("resetids", lambda: os.posix_spawn(true, ["true"], {}, resetids=1.5))
    show("scheduler len", lambda: os.posix_spawn(true, ["true"], {}, scheduler=(1,)))
    show("scheduler param", lambda: os.posix_spawn(true, ["true"], {}, scheduler=(None, 5)))
    show("positional", lambda: os.posix_spawn(true, ["true"], {}, []))
fd = os.open("/bin/sh", os.O_RDONLY)
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    try:
        os.execve(fd, ["sh", "-c", "exit 7"], {"A": "b"})
    finally:
        os._exit(99)
print("fexecve", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
os.close(fd)
show("execve argv", lambda: os.execve("/bin/true", "x", {}))
show("execve empty", lambda: os.execve("/bin/true", (), {}))
show("execve env", lambda: os.execve("/bin/true", ["true"], None))
show("execve first", lambda: os.execve("/bin/true", [b""], {}))
show("execve missing", lambda: os.execve("/nonexistent/x", ["x"], {}))
show("execve bad fd", lambda: os.execve(9999, ["x"], {}))
show("execve path", lambda: os.execve(2.5, ["x"], {}))
print(os.POSIX_SPAWN_OPEN, os.POSIX_SPAWN_CLOSE, os.POSIX_SPAWN_DUP2)
print(os.posix_spawn.__text_signature__ == os.posix_spawnp.__text_signature__.replace("\n ", "\n"))
