# A module whose source has no Krait cache but a CPython 3.11 one
# (`__pycache__/NAME.cpython-311.pyc`, as the system's library ships) loads that
# cached code after checking it against the source, as a .pyc of its own.
# The cache written here holds other code than the source, so the output shows
# which one ran; a cache that no longer matches its source is not used.
import importlib
import importlib.util
import marshal
import os
import sys
import tempfile

sys.pycache_prefix = None
folder = tempfile.mkdtemp()
sys.path.insert(0, folder)
source_path = os.path.join(folder, "cached_mod.py")
with open(source_path, "w") as f:
    f.write("ORIGIN = 'source'\n")
stat = os.stat(source_path)

cache = os.path.join(folder, "__pycache__")
os.mkdir(cache)
code = compile("ORIGIN = 'cache'\n", source_path, "exec")
header = (
    importlib.util.MAGIC_NUMBER
    + (0).to_bytes(4, "little")
    + (int(stat.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little")
    + (stat.st_size & 0xFFFFFFFF).to_bytes(4, "little")
)
with open(os.path.join(cache, "cached_mod.cpython-311.pyc"), "wb") as f:
    f.write(header + marshal.dumps(code))
sys.dont_write_bytecode = True

import cached_mod

print(cached_mod.ORIGIN)
print(os.path.basename(cached_mod.__cached__).split(".")[0])

# Changed source (another size): the stale cache is ignored.
with open(source_path, "w") as f:
    f.write("ORIGIN = 'new source'\n")
del sys.modules["cached_mod"]
importlib.invalidate_caches()
import cached_mod

print(cached_mod.ORIGIN)

import shutil

shutil.rmtree(folder)
