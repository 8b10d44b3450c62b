# os, posixpath and stat on top of posix: paths, walking, environment, errors.
import os
import stat

BASE = '/tmp/krait-test-os-basics'


def remove_tree(top):
    for root, dirs, files in os.walk(top, topdown=False):
        for name in files:
            os.remove(os.path.join(root, name))
        for name in dirs:
            path = os.path.join(root, name)
            if os.path.islink(path):
                os.unlink(path)
            else:
                os.rmdir(path)
    os.rmdir(top)


if os.path.exists(BASE):
    remove_tree(BASE)

os.makedirs(os.path.join(BASE, 'a', 'b', 'c'))
os.makedirs(os.path.join(BASE, 'a', 'b'), exist_ok=True)
os.mkdir(os.path.join(BASE, 'd'))
for rel, text in [('top.txt', 'top'), ('a/one.txt', 'one!'), ('a/b/two.py', 'print(2)\n'),
                  ('d/empty', '')]:
    with open(os.path.join(BASE, rel), 'w') as f:
        f.write(text)

print(sorted(os.listdir(BASE)))
for root, dirs, files in os.walk(BASE):
    dirs.sort()
    print(os.path.relpath(root, BASE), dirs, sorted(files))
print([os.path.relpath(r, BASE) for r, _, _ in os.walk(BASE, topdown=False)
       if not r.endswith('d')][:2])

p = os.path.join(BASE, 'a', 'one.txt')
print(os.stat(p).st_size, os.path.getsize(p), os.path.isfile(p), os.path.isdir(p))
print(stat.S_ISREG(os.stat(p).st_mode), stat.S_ISDIR(os.stat(BASE).st_mode))
print(stat.filemode(os.stat(BASE).st_mode)[0])
print(os.path.exists(os.path.join(BASE, 'nope')), os.path.lexists(p))
print(os.path.basename(p), os.path.dirname(p) == os.path.join(BASE, 'a'))
print(os.path.splitext('x/y.tar.gz'), os.path.split('/a/b/c'), os.path.normpath('a//b/../c/.'))
print(os.path.isabs('/x'), os.path.join('a', '/b', 'c'), os.path.commonprefix(['abc', 'abd']))
print(os.path.abspath('.') == os.getcwd(), os.fspath(os.path.join(BASE, 'x'))[-1])

os.symlink(os.path.join(BASE, 'top.txt'), os.path.join(BASE, 'lnk'))
print(os.path.islink(os.path.join(BASE, 'lnk')), os.path.realpath(os.path.join(BASE, 'lnk')) == os.path.join(BASE, 'top.txt'))
os.rename(os.path.join(BASE, 'top.txt'), os.path.join(BASE, 'top2.txt'))
print(os.path.exists(os.path.join(BASE, 'lnk')), sorted(os.listdir(BASE)))

with os.scandir(BASE) as it:
    print(sorted((e.name, e.is_dir(), e.is_file(), e.is_symlink()) for e in it))

old = os.getcwd()
os.chdir(BASE)
print(sorted(os.listdir()), os.path.exists('a/b/two.py'))
os.chdir(old)

print(os.environ.get('KRAIT_NOPE'), 'KRAIT_NOPE' in os.environ)
os.environ['KRAIT_SET'] = 'value'
print(os.environ['KRAIT_SET'], os.getenv('KRAIT_SET'), os.environb[b'KRAIT_SET'])
del os.environ['KRAIT_SET']
print(os.getenv('KRAIT_SET', 'gone'))

for call in [lambda: os.stat(os.path.join(BASE, 'missing')),
             lambda: os.listdir('krait-no-such-dir'),
             lambda: os.mkdir(BASE),
             lambda: os.rmdir(os.path.join(BASE, 'a')),
             lambda: os.remove('krait-no-such-file')]:
    try:
        call()
    except OSError as e:
        print(type(e).__name__, e.errno, e.strerror, os.path.basename(e.filename))

print(os.sep, os.pathsep, os.curdir, os.pardir, repr(os.linesep), os.name)
print(os.strerror(2), os.SEEK_END, os.F_OK, callable(os.urandom))
print(os.fsencode('abc'), os.fsdecode(b'abc'))
try:
    os.get_terminal_size(os.open(os.devnull, os.O_RDONLY))
except OSError as e:
    print(type(e).__name__, e.errno)

remove_tree(BASE)
print(os.path.exists(BASE))
try:
    os.rename('/nonexistent-krait-source', '/tmp/nonexistent-krait-target')
except OSError as e:
    print(type(e).__name__, e)
print(OSError(2, 'msg', 'a', None, 'b'))
