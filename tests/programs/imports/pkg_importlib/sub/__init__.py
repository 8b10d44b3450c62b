from .. import a as aa; B=2
