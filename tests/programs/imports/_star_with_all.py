__all__ = ["exported", "_also_exported"]
exported = "in __all__"
_also_exported = "underscore but listed"
not_listed = "left out"
