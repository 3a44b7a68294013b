#!/bin/sh
# Export surface test (c-library-style P12): the AKSNET_API declarations in the header, the
# names in the version script and the dynamic symbols of the built library must be the same
# set, and every exported symbol must carry the version node AKSNET_1.0 (or a later 1.x node).
set -eu
header=$1 map=$2 lib=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# function names declared with AKSNET_API (declarations may span lines)
grep '^AKSNET_API ' "$header" | sed 's/(.*//; s/.*[ *]//' | sort -u > "$tmp/header"
grep -o '^ *aksnet_[a-z0-9_]*;' "$map" | tr -d ' ;' | sort -u > "$tmp/map"
nm -D --defined-only "$lib" | awk '{print $3}' | grep -v '^AKSNET_' | sed 's/@.*//' | sort -u > "$tmp/nm"
status=0
if ! diff -u "$tmp/header" "$tmp/map" > "$tmp/d1"; then
    echo "header and libaksnet.map differ:"; cat "$tmp/d1"; status=1
fi
if ! diff -u "$tmp/map" "$tmp/nm" > "$tmp/d2"; then
    echo "libaksnet.map and nm -D of $lib differ:"; cat "$tmp/d2"; status=1
fi
# every symbol versioned
objdump -T "$lib" | awk '/ DF \.text/ {print $(NF-1), $NF}' | while read -r ver name; do
    case "$ver" in
        AKSNET_1.*) ;;
        *) echo "symbol $name has version '$ver', expected AKSNET_1.x"; exit 1 ;;
    esac
done || status=1
soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
if [ "$soname" != "libaksnet.so.1" ]; then
    echo "SONAME is '$soname', expected libaksnet.so.1"; status=1
fi
n=$(wc -l < "$tmp/nm")
[ $status -eq 0 ] && echo "ok: $n exported symbols, all in header, map and library; SONAME $soname"
exit $status
