-m
pkg_main
a
b
