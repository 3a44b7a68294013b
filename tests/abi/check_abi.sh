#!/usr/bin/env bash
# ABI check of libaksnet.so.1 against the committed baseline (c-library-style P13, Part B;
# docs/api-stability.md). CI runs it after building the "abi" preset (a Debug build, so the
# library has DWARF):
#
#     bash tests/abi/check_abi.sh build/abi
#
# 1. Symbol lists (in the spirit of GnuTLS's symbol-check and curl's symbols-in-versions):
#    tests/abi/symbols-1.N.txt lists, sorted, every symbol exported under the version node
#    AKSNET_1.N. The exported symbols of the built library (nm -D) must be exactly those:
#    a removed symbol (or one moved to another node) always fails; a new symbol fails until
#    someone has reviewed it and added it to the list of the node it belongs to.
# 2. abidiff of the baseline tests/abi/libaksnet.so.1.abi (written by update_baseline.sh)
#    against the library, both as a fresh abidw dump and as the ELF binary itself, with
#    --no-added-syms. ANY non-zero abidiff status fails: a changed parameter type exits 4
#    only, never 8 (c-library-style Part B), so "4 is only possibly incompatible" would let
#    real breaks through.
#    The restriction to the public header is applied when dumping: abidw --drop-private-types
#    --headers-dir include keeps only the types aksnet.h defines (the structs behind the
#    opaque handles become declaration-only, so changing them is not an ABI change).
#    abidiff is NOT given --headers-dir1/2: the dumps are made with --no-show-locs, and with
#    no source locations abidiff --headers-dir treats every type as private and filters out
#    every struct change (verified: a field inserted in the middle of aksnet_subnet_info,
#    or appended to aksnet_plan_options, then exits 0). See docs/api-stability.md.
# 3. A canary: the baseline with one public struct member moved must make the same abidiff
#    command fail. If it does not, the comparison has gone blind and the check fails.
# 4. Enum values: the API passes enumerations as int, so their values are in no type that
#    abidiff sees (verified: renumbering AKSNET_ENOFIT exits 0). Every enumerator of the
#    released 1.0 header (tests/abi/aksnet-1.0.h) must keep its value in include/aksnet.h:
#    a generated C file of _Static_asserts is compiled against the current header.
#
# The report is printed either way. Exit status: 0 compatible, 1 a check failed, 2 usage or
# tool error.
#
#     check_abi.sh --dump BUILD_DIR OUT.abi   write the normalised abidw dump (used by
#                                              update_baseline.sh)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
include_dir="$src/include"
baseline="$here/libaksnet.so.1.abi"
suppressions="$here/libaksnet.abignore" # optional; narrow, with reasons, cleared each release

usage() {
    echo "usage: $0 BUILD_DIR" >&2
    echo "       $0 --dump BUILD_DIR OUT.abi" >&2
    exit 2
}

need_tools() {
    local t
    for t in abidw abidiff nm readelf; do
        if ! command -v "$t" >/dev/null 2>&1; then
            echo "check_abi: '$t' not found (Debian: apt-get install abigail-tools binutils)" >&2
            exit 2
        fi
    done
}

# The library of a build directory, with the checks that make an ABI comparison meaningful.
find_library() { # BUILD_DIR
    local lib="$1/libaksnet/libaksnet.so.1" soname
    if [ ! -f "$lib" ]; then
        echo "check_abi: $lib not found (build the shared library first: cmake --preset abi" \
             "&& cmake --build --preset abi)" >&2
        exit 2
    fi
    # without DWARF abidiff compares symbol names only and would miss every type change
    if ! readelf -S --wide "$lib" | grep -q '\.debug_info'; then
        echo "check_abi: $lib has no debug information; build it with -g (the abi preset" \
             "is a Debug build)" >&2
        exit 2
    fi
    soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
    if [ "$soname" != "libaksnet.so.1" ]; then
        echo "check_abi: SONAME of $lib is '$soname', expected libaksnet.so.1" >&2
        exit 1
    fi
    printf '%s\n' "$lib"
}

# abidw of the public ABI, with the machine-specific source and build paths removed so that
# the committed baseline is the same wherever it was made.
abi_dump() { # LIB OUT
    local lib=$1 out=$2 build_root
    build_root=$(cd "$(dirname "$lib")/.." && pwd)
    if ! abidw --drop-private-types --no-corpus-path --no-show-locs \
            --headers-dir "$include_dir" --out-file "$out.tmp" "$lib"; then
        echo "check_abi: abidw failed on $lib" >&2
        rm -f "$out.tmp"
        return 2
    fi
    sed -e "s|path='$src/|path='|g" -e "s|path='$build_root/|path='|g" \
        -e "s| comp-dir-path='[^']*'||g" "$out.tmp" > "$out"
    rm -f "$out.tmp"
}

if [ "${1:-}" = "--dump" ]; then
    [ $# -eq 3 ] || usage
    need_tools
    lib=$(find_library "$2") || exit $?
    abi_dump "$lib" "$3"
    exit $?
fi
[ $# -eq 1 ] || usage
need_tools
build=$(cd "$1" 2>/dev/null && pwd) || { echo "check_abi: no directory $1" >&2; exit 2; }
lib=$(find_library "$build") || exit $?
work="$build/abi-check"
mkdir -p "$work"
failures=0

echo "== libaksnet ABI check: $lib"
echo "   baseline $baseline"

# ---- 1. symbol lists -------------------------------------------------------------------------
echo
echo "-- exported symbols against tests/abi/symbols-*.txt"
: > "$work/expected"
shopt -s nullglob
lists=("$here"/symbols-*.txt)
shopt -u nullglob
if [ ${#lists[@]} -eq 0 ]; then
    echo "FAIL: no tests/abi/symbols-*.txt"
    failures=$((failures + 1))
fi
for f in "${lists[@]}"; do
    node=$(basename "$f" .txt)
    node="AKSNET_${node#symbols-}"
    # the list is part of the review: sorted (C collation), one name a line, no duplicates
    if ! grep -v '^[[:space:]]*$' "$f" | LC_ALL=C sort -c -u 2>/dev/null; then
        echo "FAIL: $(basename "$f") is not sorted and unique (LC_ALL=C sort -u)"
        failures=$((failures + 1))
    fi
    grep -v '^[[:space:]]*$' "$f" | sed "s/\$/@$node/" >> "$work/expected"
done
LC_ALL=C sort -u -o "$work/expected" "$work/expected"
# "name@@NODE" (default version) and "name@NODE" both become "name@NODE"; a symbol without
# a version node becomes "name@(none)"
nm -D --defined-only "$lib" | awk '$2 != "A" { print $3 }' |
    sed -e 's/@@/@/' -e '/@/!s/$/@(none)/' | LC_ALL=C sort -u > "$work/actual"
removed=$(LC_ALL=C comm -23 "$work/expected" "$work/actual")
added=$(LC_ALL=C comm -13 "$work/expected" "$work/actual")
if [ -n "$removed" ]; then
    echo "FAIL: symbols of a released node are missing from the library (removed, renamed or"
    echo "      moved to another node; only a SONAME bump may remove a symbol):"
    printf '  - %s\n' $removed
    failures=$((failures + 1))
fi
if [ -n "$added" ]; then
    echo "FAIL: exported symbols that no tests/abi/symbols-*.txt lists (not reviewed yet):"
    printf '  + %s\n' $added
    cat <<'EOF'
      A new symbol goes into a NEW version node AKSNET_1.N of libaksnet/libaksnet.map that
      inherits the previous node (never into a released node), is declared AKSNET_API with
      @since 1.N, and gets a row in the symbols-in-versions table of docs/api-stability.md.
      Once reviewed, list it (sorted) in tests/abi/symbols-1.N.txt, for example with
          nm -D --defined-only BUILD_DIR/libaksnet/libaksnet.so.1 | grep '@@AKSNET_1.N$' \
              | sed 's/@.*//' | LC_ALL=C sort > tests/abi/symbols-1.N.txt
      or run tests/abi/update_baseline.sh BUILD_DIR (which also regenerates the abidiff
      baseline; that is done at a release).
EOF
    failures=$((failures + 1))
fi
if [ -z "$removed" ] && [ -z "$added" ]; then
    echo "ok: $(wc -l < "$work/actual") exported symbols, each in the list of its version node"
fi

# ---- 2. abidiff against the baseline ---------------------------------------------------------
# bits of abidiff's exit status (libabigail manual)
explain() {
    local s=$1 words=""
    [ $((s & 1)) -ne 0 ] && words="$words error;"
    [ $((s & 2)) -ne 0 ] && words="$words usage error;"
    [ $((s & 4)) -ne 0 ] && words="$words ABI change (may still be incompatible: a changed parameter type exits 4 only);"
    [ $((s & 8)) -ne 0 ] && words="$words incompatible ABI change;"
    printf '%s' "${words:- none}"
}

run_abidiff() { # TITLE FILE1 FILE2 [extra abidiff options...]
    local title=$1 f1=$2 f2=$3 status
    shift 3
    echo
    echo "-- abidiff: $title"
    abidiff --no-added-syms "$@" "$f1" "$f2"
    status=$?
    echo "abidiff exit status $status:$(explain $status)"
    if [ $status -ne 0 ]; then
        failures=$((failures + 1))
    fi
}

if [ ! -f "$baseline" ]; then
    echo
    echo "FAIL: no baseline $baseline (tests/abi/update_baseline.sh BUILD_DIR writes it)"
    failures=$((failures + 1))
else
    supp=()
    if [ -f "$suppressions" ]; then
        supp=(--suppressions "$suppressions")
        echo
        echo "note: using suppressions from $suppressions:"
        sed 's/^/    /' "$suppressions"
    fi
    if abi_dump "$lib" "$work/libaksnet.so.1.abi"; then
        # the same representation on both sides: an abidw dump of each
        run_abidiff "baseline vs abidw dump of the build" "$baseline" \
            "$work/libaksnet.so.1.abi" "${supp[@]}"
    else
        failures=$((failures + 1))
    fi
    # and the binary itself, as abidiff reads it (its private types are full definitions
    # there, but declaration-only in the baseline, which abidiff does not count as a change)
    run_abidiff "baseline vs the ELF binary" "$baseline" "$lib" "${supp[@]}"

    # ---- 3. canary: the same comparison must see a moved struct member ----------------
    echo
    echo "-- canary: baseline vs the baseline with aksnet_subnet_info.cidr_ipv6 moved by 32 bits"
    awk '
        /<class-decl name=.aksnet_subnet_info. / { in_struct = 1 }
        in_struct && /<\/class-decl>/ { in_struct = 0 }
        {
            if (held != "") {
                if (in_struct && $0 ~ /<var-decl name=.cidr_ipv6. /) {
                    match(held, /layout-offset-in-bits=.[0-9]+./)
                    off = substr(held, RSTART + 23, RLENGTH - 24) + 32
                    held = substr(held, 1, RSTART - 1) "layout-offset-in-bits=\047" off "\047" \
                           substr(held, RSTART + RLENGTH)
                    changed++
                }
                print held
            }
            held = $0
        }
        END { print held; exit changed == 1 ? 0 : 3 }
    ' "$baseline" > "$work/canary.abi"
    canary_built=$?
    if [ $canary_built -ne 0 ]; then
        echo "FAIL: could not build the canary (aksnet_subnet_info.cidr_ipv6 not found once)"
        failures=$((failures + 1))
    else
        abidiff --no-added-syms "${supp[@]}" "$baseline" "$work/canary.abi" > "$work/canary.txt"
        status=$?
        if [ $status -eq 0 ]; then
            echo "FAIL: abidiff exits 0 for a moved member of a public struct: the comparison"
            echo "      is blind (options or suppressions filter real changes out)"
            failures=$((failures + 1))
        else
            echo "ok: abidiff sees it (exit status $status:$(explain $status))"
        fi
    fi
fi

# ---- 4. enumerator values of the released header ----------------------------------------
echo
echo "-- enumerator values of tests/abi/aksnet-1.0.h in include/aksnet.h"
released_header="$here/aksnet-1.0.h"
cc=${CC:-cc}
if [ ! -f "$released_header" ]; then
    echo "FAIL: $released_header is missing"
    failures=$((failures + 1))
elif ! command -v "$cc" >/dev/null 2>&1; then
    echo "FAIL: no C compiler ($cc) to check enumerator values"
    failures=$((failures + 1))
else
    {
        echo '#include <aksnet.h>'
        awk '/^(typedef )?enum [a-z_]* *\{/ { e = 1; next }
             e && /^\}/ { e = 0 }
             e' "$released_header" |
            sed -n 's/^ *\(AKSNET_[A-Z0-9_]*\) *= *\([^,/]*[^,/ ]\).*/\1 \2/p' |
            while read -r name value; do
                printf '_Static_assert((long long)(%s) == (long long)(%s), "%s changed its value");\n' \
                    "$name" "$value" "$name"
            done
    } > "$work/enum_values.c"
    n=$(grep -c '_Static_assert' "$work/enum_values.c")
    if [ "$n" -lt 50 ]; then
        echo "FAIL: found only $n enumerators in $released_header (the extraction is broken)"
        failures=$((failures + 1))
    elif "$cc" -std=c11 -fsyntax-only -I"$include_dir" "$work/enum_values.c" \
            > "$work/enum_values.log" 2>&1; then
        echo "ok: the $n enumerators of the 1.0 header keep their values"
    else
        echo "FAIL: enumerators of the released header changed or disappeared (their values"
        echo "      are ABI: appended values only, never renumbered or removed):"
        grep -E 'error' "$work/enum_values.log" | sed 's/^/    /'
        failures=$((failures + 1))
    fi
fi

echo
if [ $failures -ne 0 ]; then
    echo "ABI CHECK FAILED ($failures problem(s)). The current dump is $work/libaksnet.so.1.abi."
    echo "An incompatible change needs a new function (or a _v2) instead; see docs/api-stability.md."
    exit 1
fi
echo "ABI check passed: symbols and ABI match the 1.x baseline."
exit 0
