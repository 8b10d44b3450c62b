# The part of `posix` written in Python, compiled when Krait is built and run in
# the module's namespace after its Rust functions are in place (see mod.rs).
error = OSError

def device_encoding(fd):
    return None

class DirEntry:
    __module__ = 'posix'

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'posix.DirEntry' instances")

    def __repr__(self):
        return '<DirEntry {!r}>'.format(self.name)

    def __fspath__(self):
        return self.path

    def inode(self):
        return self._ino

    def is_symlink(self):
        if self._kind:
            return self._kind == 'l'
        return (self.stat(follow_symlinks=False).st_mode & 0o170000) == 0o120000

    # An entry read through a descriptor has `_dir_fd` set and a bare name for
    # its path: it is stat'ed relative to that descriptor, as in CPython.
    def stat(self, *, follow_symlinks=True):
        if follow_symlinks and self._kind == 'l' or follow_symlinks and not self._kind:
            if self._stat is None:
                self._stat = stat(self.path, dir_fd=self._dir_fd)
            return self._stat
        if self._lstat is None:
            self._lstat = stat(self.path, dir_fd=self._dir_fd, follow_symlinks=False)
        return self._lstat

    def _test_mode(self, kind, mask, follow_symlinks):
        if self._kind and self._kind != 'l':
            return self._kind == kind
        if self._kind == 'l' and not follow_symlinks:
            return False
        try:
            st = self.stat(follow_symlinks=follow_symlinks)
        except FileNotFoundError:
            return False
        return (st.st_mode & 0o170000) == mask

    def is_dir(self, *, follow_symlinks=True):
        return self._test_mode('d', 0o040000, follow_symlinks)

    def is_file(self, *, follow_symlinks=True):
        return self._test_mode('f', 0o100000, follow_symlinks)

    def __class_getitem__(cls, item):
        import types
        return types.GenericAlias(cls, item)

class _ScandirIterator:
    __module__ = 'posix'

    def __new__(cls, *args, **kwargs):
        raise TypeError("cannot create 'posix.ScandirIterator' instances")

    def __iter__(self):
        return self

    def __next__(self):
        name, path, kind, ino = next(self._entries)
        entry = object.__new__(DirEntry)
        entry.name = name
        entry.path = path
        entry._kind = kind
        entry._ino = ino
        entry._dir_fd = self._dir_fd
        entry._stat = None
        entry._lstat = None
        return entry

    def close(self):
        self._entries = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.close()
        return False

def scandir(path=None):
    if path is None:
        path = '.'
    it = object.__new__(_ScandirIterator)
    it._dir_fd, entries = _scandir_entries(path)
    it._entries = iter(entries)
    return it

# Named as CPython names it, but kept out of `from posix import *`.
_ScandirIterator.__name__ = _ScandirIterator.__qualname__ = 'ScandirIterator'
