# stat: Lib/stat.py's pure-Python definitions (Krait has no _stat module).
import stat

print(stat.filemode(0o100644), stat.filemode(0o40755), stat.filemode(0o120777), stat.filemode(0o104755))
print(stat.S_ISDIR(0o40000), stat.S_ISREG(0o100000), stat.S_ISLNK(0o120000), stat.S_ISFIFO(0o10000))
print(stat.S_IMODE(0o100644), oct(stat.S_IFMT(0o100644)), stat.S_IRWXU, stat.S_IXOTH, stat.ST_MTIME)
print(stat.UF_HIDDEN, stat.FILE_ATTRIBUTE_HIDDEN, stat.SF_IMMUTABLE)
