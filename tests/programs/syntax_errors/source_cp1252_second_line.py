#!/usr/bin/env python3
# vim: set fileencoding=cp1252 :
# A declaration on the second line, after a shebang: cp1252.
print("€ “quoted”")
