#!/bin/sh
# The public header compiles on its own as C11 and as C++ with -Wall -Wextra -pedantic -Werror
# (c-library-style P1, P12), with gcc and, when present, clang.
set -eu
inc=$1 out=$2
mkdir -p "$out"
printf '#include <aksnet.h>\nint aksnet_header_test_anchor;\n' > "$out/h.c"
cp "$out/h.c" "$out/h.cpp"
status=0
for cc in gcc clang; do
    command -v $cc >/dev/null 2>&1 || continue
    $cc -std=c11 -Wall -Wextra -pedantic -Werror -I"$inc" -c "$out/h.c" -o "$out/h-$cc.o" || status=1
    $cc -std=c99 -Wall -Wextra -pedantic -Werror -I"$inc" -c "$out/h.c" -o "$out/h99-$cc.o" || status=1
done
for cxx in g++ clang++; do
    command -v $cxx >/dev/null 2>&1 || continue
    $cxx -std=c++11 -Wall -Wextra -pedantic -Werror -I"$inc" -c "$out/h.cpp" -o "$out/h-$cxx.o" || status=1
done
[ $status -eq 0 ] && echo "ok: aksnet.h compiles alone as C11, C99 and C++11"
exit $status
