#!/usr/bin/env bash
# Regenerate the ABI baseline from a Debug build of the shared library (the "abi" preset).
# Used only at a release (docs/api-stability.md, "Releasing"):
#
#     cmake --preset abi && cmake --build --preset abi
#     bash tests/abi/update_baseline.sh build/abi
#     git diff tests/abi        # review: every change must be an intended, compatible one
#
# Writes tests/abi/libaksnet.so.1.abi (abidw, private types dropped, no paths) and the
# symbol list of the CURRENT version node, tests/abi/symbols-MAJOR.MINOR.txt, with the
# version read from include/aksnet.h. Lists of older nodes are released and frozen: the
# script never rewrites them, and refuses to run when the library no longer matches them.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
lib="$1/libaksnet/libaksnet.so.1"
[ -f "$lib" ] || { echo "update_baseline: $lib not found" >&2; exit 2; }

major=$(sed -n 's/^#define AKSNET_VERSION_MAJOR \([0-9]*\)$/\1/p' "$src/include/aksnet.h")
minor=$(sed -n 's/^#define AKSNET_VERSION_MINOR \([0-9]*\)$/\1/p' "$src/include/aksnet.h")
[ -n "$major" ] && [ -n "$minor" ] || { echo "update_baseline: no version in aksnet.h" >&2; exit 2; }
node="AKSNET_$major.$minor"
list="$here/symbols-$major.$minor.txt"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' | sed 's/@@/@/' | LC_ALL=C sort -u \
    > "$tmp/actual"

# released lists must still hold exactly
for f in "$here"/symbols-*.txt; do
    [ -e "$f" ] || continue
    [ "$f" = "$list" ] && continue
    n=$(basename "$f" .txt)
    n="AKSNET_${n#symbols-}"
    grep '@'"$n"'$' "$tmp/actual" | sed 's/@.*//' > "$tmp/now"
    if ! diff -u "$f" "$tmp/now" > "$tmp/diff"; then
        echo "update_baseline: the symbols of released node $n changed; that is an ABI break," >&2
        echo "not something to record in a baseline:" >&2
        cat "$tmp/diff" >&2
        exit 1
    fi
done
if grep -v '@AKSNET_' "$tmp/actual" > "$tmp/unversioned"; then
    echo "update_baseline: exported symbols without a version node:" >&2
    cat "$tmp/unversioned" >&2
    exit 1
fi

grep '@'"$node"'$' "$tmp/actual" | sed 's/@.*//' > "$list" || true
if [ ! -s "$list" ]; then
    rm -f "$list"
    echo "no symbols in node $node (nothing added in $major.$minor): no list written"
else
    echo "wrote $list: $(wc -l < "$list") symbols of $node"
fi

bash "$here/check_abi.sh" --dump "$1" "$here/libaksnet.so.1.abi"
echo "wrote $here/libaksnet.so.1.abi"

# the new baseline must pass the check it is for
bash "$here/check_abi.sh" "$1"
echo "Review the change with: git diff --stat tests/abi && git diff tests/abi/symbols-*.txt"
