#!/bin/sh
# Install the build into a temporary prefix and build a consumer against the installed tree,
# once with pkg-config and once with find_package(aksnet 1 CONFIG) (c-library-style P20).
set -eu
src=$1 build=$2 out=$3 cc=$4
rm -rf "$out"
mkdir -p "$out"
prefix="$out/prefix"
cmake --install "$build" --prefix "$prefix" > "$out/install.log"
libdir=$(ls -d "$prefix"/lib*/ | head -n1)
libdir=${libdir%/}
test -f "$prefix/include/aksnet.h"
test -f "$libdir/libaksnet.a"
test -L "$libdir/libaksnet.so"
test -f "$libdir/pkgconfig/libaksnet.pc"
test -f "$libdir/cmake/aksnet/aksnetConfig.cmake"
# pkg-config
cflags=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags libaksnet)
libs=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --libs libaksnet)
$cc -std=c11 $cflags "$src/tests/abi/consumer/consumer.c" -o "$out/consumer-pc" $libs -Wl,-rpath,"$libdir"
"$out/consumer-pc" | grep -q "^libaksnet 1\." 
echo "ok: pkg-config consumer: $("$out/consumer-pc")"
# static via pkg-config --static
libs_static=$(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --static --libs libaksnet)
$cc -std=c11 $cflags -DAKSNET_STATIC "$src/tests/abi/consumer/consumer.c" -o "$out/consumer-static" \
    "$libdir/libaksnet.a" $(echo "$libs_static" | sed 's/-laksnet//')
"$out/consumer-static" | grep -q "^libaksnet 1\."
echo "ok: static consumer: $("$out/consumer-static")"
# find_package
cmake -S "$src/tests/abi/consumer" -B "$out/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" > "$out/cmake.log"
cmake --build "$out/cmake-build" > "$out/cmake-build.log"
"$out/cmake-build/consumer" | grep -q "^libaksnet 1\."
echo "ok: find_package consumer: $("$out/cmake-build/consumer")"
