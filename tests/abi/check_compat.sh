#!/bin/sh
# Compatibility test: a program built against the released 1.0 header (a committed copy,
# tests/abi/aksnet-1.0.h) runs against the current library (docs/api-stability.md).
set -eu
abi=$1 lib=$2 out=$3 cc=$4 extra=${5:-}
mkdir -p "$out/include"
cp "$abi/aksnet-1.0.h" "$out/include/aksnet.h"
libdir=$(dirname "$lib")
# shellcheck disable=SC2086  # $extra is a list of compiler flags
$cc $extra -std=c11 -Wall -Wextra -I"$out/include" "$abi/compat_1_0.c" -o "$out/compat_1_0" \
    -L"$libdir" -laksnet -Wl,-rpath,"$libdir"
"$out/compat_1_0"
