#!/bin/sh
# Regenerate the address maps of the example plans: docs/examples/<name>.json ->
# docs/examples/maps/<name>.svg, rendered by the built CLI with a fixed --as-of date so that
# the output is deterministic. tests/docs/test_svg_examples.py fails when a committed map
# differs from what the current CLI renders.
#
# Usage: tests/docs/regen_svg_examples.sh [PATH-TO-AKSNET-CLI]
#   The CLI defaults to $AKSNET_CLI, then build/dev/bindings/cli/aksnet.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cli=${1:-${AKSNET_CLI:-$root/build/dev/bindings/cli/aksnet}}
as_of=2026-11-26
examples=$root/docs/examples
maps=$examples/maps

if [ ! -x "$cli" ]; then
    echo "regen_svg_examples.sh: no aksnet CLI at '$cli' (build it, or pass its path)" >&2
    exit 2
fi
mkdir -p "$maps"

status=0
for plan in "$examples"/*.json; do
    [ -e "$plan" ] || continue
    name=$(basename "$plan" .json)
    out=$maps/$name.svg
    tmp=$out.tmp
    # exit status 1 means "the plan does not fit": the map is still written (and useful)
    rc=0
    "$cli" plan "$plan" --format svg --as-of "$as_of" --output "$tmp" 2>/dev/null || rc=$?
    if [ "$rc" -gt 1 ] || [ ! -s "$tmp" ]; then
        echo "regen_svg_examples.sh: $plan: aksnet plan failed (exit $rc)" >&2
        rm -f "$tmp"
        status=1
        continue
    fi
    if [ -f "$out" ] && cmp -s "$tmp" "$out"; then
        rm -f "$tmp"
    else
        mv "$tmp" "$out"
        echo "wrote docs/examples/maps/$name.svg"
    fi
done

# maps whose plan is gone
for map in "$maps"/*.svg; do
    [ -e "$map" ] || continue
    name=$(basename "$map" .svg)
    if [ ! -f "$examples/$name.json" ]; then
        rm -f "$map"
        echo "removed docs/examples/maps/$name.svg (no docs/examples/$name.json)"
    fi
done
exit $status
