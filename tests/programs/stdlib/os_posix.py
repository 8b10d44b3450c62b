# The posix module directly (what os re-exports): files, directories, stat, errors.
import posix

BASE = '/tmp/krait-test-os-posix'


def clean(path):
    for entry in posix.scandir(path):
        if entry.is_dir(follow_symlinks=False):
            clean(entry.path)
        else:
            posix.unlink(entry.path)
    posix.rmdir(path)


try:
    clean(BASE)
except FileNotFoundError:
    pass

posix.mkdir(BASE)
posix.chdir(BASE)
print(posix.getcwd() == BASE, posix.getcwdb() == BASE.encode())
posix.mkdir('sub')
posix.mkdir(b'sub/deeper', 0o755)

fd = posix.open('a.txt', posix.O_WRONLY | posix.O_CREAT | posix.O_TRUNC, 0o644)
print(posix.write(fd, b'hello world\n'))
posix.close(fd)
fd = posix.open('a.txt', posix.O_RDONLY)
print(posix.read(fd, 5), posix.read(fd, 100), posix.read(fd, 10))
print(posix.fstat(fd).st_size)
posix.close(fd)

st = posix.stat('a.txt')
print(type(st).__name__, len(st), st.st_size, st[6], oct(st.st_mode & 0o777))
print(type(st[8]).__name__, type(st.st_mtime).__name__, st[8] == int(st.st_mtime))
print(posix.stat(b'sub').st_mode & 0o170000 == 0o040000)

posix.symlink('a.txt', 'link')
print(posix.readlink('link'), posix.readlink(b'link'))
print(posix.lstat('link').st_mode & 0o170000 == 0o120000)
print(posix.stat('link').st_size)

print(sorted(posix.listdir()))
print(sorted(posix.listdir(b'.')))
print(sorted(posix.listdir('sub')))

with posix.scandir('.') as it:
    entries = sorted(it, key=lambda e: e.name)
for e in entries:
    print(e.name, e.path, e.is_dir(), e.is_file(), e.is_symlink(),
          e.is_file(follow_symlinks=False), e.stat().st_size if e.is_file() else '-',
          isinstance(e.inode(), int))
print(repr(entries[0]))

posix.rename('a.txt', 'b.txt')
posix.replace('b.txt', 'c.txt')
print(sorted(posix.listdir()))
print(posix.access('c.txt', posix.F_OK), posix.access('nope', posix.F_OK))
print(posix.access('c.txt', posix.R_OK | posix.W_OK))

for call in [lambda: posix.stat('nope'), lambda: posix.listdir('nope'),
             lambda: posix.mkdir('sub'), lambda: posix.rmdir('sub'),
             lambda: posix.remove('nope'),
             lambda: posix.chdir('c.txt'), lambda: posix.stat(b'nope'),
             lambda: posix.close(9999), lambda: posix.open('nope', posix.O_RDONLY),
             lambda: posix.stat(1.5), lambda: posix.readlink('c.txt')]:
    try:
        call()
    except (OSError, TypeError) as e:
        print(type(e).__name__, e, getattr(e, 'errno', None))

try:
    posix.rename('nope', 'x')
except FileNotFoundError as e:
    print(e.errno, e.filename, e.filename2)
print(posix.strerror(2), posix.strerror(13))
print(len(posix.urandom(16)), type(posix.urandom(0)))
print(posix.fspath('x'), posix.fspath(b'y'), posix.fspath(entries[0]))
try:
    posix.fspath(3)
except TypeError as e:
    print(e)
print(posix.error is OSError)
print(posix.environ.get(b'KRAIT_NOPE'), type(posix.environ))
print(posix.getpid() > 0, posix.getppid() > 0, posix.getuid() >= 0)
print(posix.cpu_count() >= 1)
old = posix.umask(0o22)
print(posix.umask(old) == 0o22)
u = posix.uname()
print(len(u), u.sysname, u[0] == u.sysname)
print(posix.isatty(fd))
posix.putenv('KRAIT_TEST_VAR', 'x')
posix.unsetenv('KRAIT_TEST_VAR')

r, w = posix.pipe()
print(posix.write(w, b'through a pipe'), posix.read(r, 7))
w2 = posix.dup(w)
posix.close(w)
posix.write(w2, b'!')
posix.close(w2)
print(posix.read(r, 100), posix.read(r, 100))
posix.close(r)
fd = posix.open('t.bin', posix.O_RDWR | posix.O_CREAT, 0o600)
posix.write(fd, b'0123456789')
print(posix.lseek(fd, 0, 1), posix.lseek(fd, 2, 0), posix.read(fd, 3))
posix.ftruncate(fd, 4)
posix.fsync(fd)
print(posix.fstat(fd).st_size, posix.lseek(fd, 0, 2))
posix.close(fd)
posix.truncate('t.bin', 2)
posix.chmod('t.bin', 0o640)
print(posix.stat('t.bin').st_size, oct(posix.stat('t.bin').st_mode & 0o777))
posix.link('t.bin', 't2.bin')
print(posix.stat('t.bin').st_nlink, posix.stat('t2.bin').st_ino == posix.stat('t.bin').st_ino)
posix.kill(posix.getpid(), 0)
print(posix.getpgrp() > 0)

print(posix.stat('t.bin', dir_fd=None, follow_symlinks=False).st_size)
print(sorted(type(st).__module__ + '.' + type(st).__name__ for st in [posix.stat('.'), posix.uname()]))

fd = posix.open('t.bin', posix.O_RDONLY)
try:
    posix.get_terminal_size(fd)
except OSError as e:
    print(type(e).__name__, e)
r, w = posix.pipe()
print(posix.dup2(w, fd) == fd, posix.dup2(w, fd, inheritable=False) == fd)
posix.write(fd, b'via dup2')
print(posix.read(r, 100))
for n in (fd, r, w):
    posix.close(n)
print([type(f()).__name__ for f in (posix.geteuid, posix.getgid, posix.getegid)])
print(type(posix.terminal_size).__name__, posix.terminal_size.__module__)

posix.utime('t.bin', (1000000000, 1500000000.25))
st = posix.stat('t.bin')
print(st.st_atime, st.st_mtime, st[7], st[8], st.st_mtime_ns)
posix.utime('t.bin', ns=(5, 2000000000123456789))
print(posix.stat('t.bin').st_atime_ns, posix.stat('t.bin').st_mtime_ns)
posix.utime('t.bin')
print(posix.stat('t.bin').st_mtime > 1500000000)
for bad in [dict(times=(1, 2), ns=(1, 2)), dict(times=3), dict(ns=(1,))]:
    try:
        posix.utime('t.bin', **bad)
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
try:
    posix.utime('nope', None)
except OSError as e:
    print(e)
print(type(posix.scandir('.')).__name__, 'ScandirIterator' in dir(posix))

print('before system', flush=True)
status = posix.system('echo from the shell; exit 3')
print(status, posix.WIFEXITED(status), posix.WEXITSTATUS(status), posix.WIFSIGNALED(status))
print(posix.waitstatus_to_exitcode(status), posix.waitstatus_to_exitcode(posix.system('kill -9 $$')))
print(posix.WTERMSIG(9), posix.WIFSIGNALED(9), posix.WIFEXITED(9))
posix.chown('t.bin', -1, -1)
posix.lchown('link', posix.getuid(), -1)
try:
    posix.chown('nope', -1, -1)
except OSError as e:
    print(e)

for cls in (posix.DirEntry, type(posix.scandir('.'))):
    try:
        cls()
    except TypeError as e:
        print(e)

posix.chdir('/')
clean(BASE)
print(sorted(n for n in posix.listdir('/tmp') if n == 'krait-test-os-posix'))
