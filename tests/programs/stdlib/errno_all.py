# errno: names, numbers and errorcode.
import errno

print(errno.ENOENT, errno.EACCES, errno.EEXIST, errno.EAGAIN, errno.EWOULDBLOCK)
print(errno.EDEADLK, errno.EDEADLOCK, errno.ENOTSUP, errno.EOPNOTSUPP)
print(errno.errorcode[errno.ENOENT], errno.errorcode[11], errno.errorcode[35], errno.errorcode[95])
names = sorted(n for n in dir(errno) if n.startswith('E'))
print(len(names), names[:5], names[-5:])
print(sum(getattr(errno, n) for n in names))
print(len(errno.errorcode), sorted(errno.errorcode)[:5], max(errno.errorcode))
print(all(getattr(errno, name) == code for code, name in errno.errorcode.items()))
print(type(errno.errorcode).__name__)
