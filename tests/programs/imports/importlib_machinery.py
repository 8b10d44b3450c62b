# The import system is importlib's: finders, loaders, specs, and CPython's errors.
import sys, os
here = os.path.dirname(os.path.abspath(__file__))
def local(text):
    return str(text).replace(here, '<here>')
print(os, os.path, sys.modules['os.path'])
print(os.__spec__, os.__loader__)
print([f for f in sys.meta_path if f.__module__.startswith('_frozen')], sys.path_hooks[0], type(sys.implementation))
import pkg_importlib.sub
print(local(pkg_importlib.sub.aa), pkg_importlib.sub.B)
print(local(pkg_importlib.__spec__.submodule_search_locations))
print(pkg_importlib.__loader__.__class__.__name__, local(pkg_importlib.__file__))
print(pkg_importlib.__spec__.parent, pkg_importlib.sub.__spec__.parent, pkg_importlib.a.__package__)
try:
    import nonexistent_mod
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    from os import nothing_here
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    import pkg_importlib.nope
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    import os.path.nope
except ImportError as e:
    print(type(e).__name__, e)
import importlib, importlib.util
m = importlib.import_module('pkg_importlib.a')
print(m.A, importlib.util.find_spec('pkg_importlib.a').name)
print(importlib.import_module('.a', 'pkg_importlib') is m)
print(__import__('pkg_importlib.sub', fromlist=['x']).B)
sys.modules['blocked'] = None
try:
    import blocked
except ImportError as e:
    print(type(e).__name__, e)
class Finder:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name == 'virtual_mod':
            return importlib.util.spec_from_loader(name, Loader())
class Loader:
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        module.value = 42
sys.meta_path.append(Finder)
import virtual_mod
print(virtual_mod.value, virtual_mod.__spec__.name, virtual_mod.__loader__.__class__.__name__)
try:
    import _raises_import_error
except ImportError as e:
    print('custom', e)
import _raises_on_import
