# Relative imports inside a package and its subpackage.
import pkg_rel
print(pkg_rel.VERSION, pkg_rel.utils.shout())
from pkg_rel.sub import leaf
print(leaf.leaf_info())
import pkg_rel.sub.leaf as leaf_alias
print(leaf_alias is leaf, pkg_rel.sub.PARENT_VERSION)
print(pkg_rel.__name__, pkg_rel.__package__, pkg_rel.core.__package__, pkg_rel.sub.__package__)
print(hasattr(pkg_rel, "__path__"), hasattr(pkg_rel.core, "__path__"))
