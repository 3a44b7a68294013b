#!/usr/bin/env bash
# Static analysis: cppcheck and clang-tidy over the library and the CLI, zero findings.
# Usage: tests/static/run_static.sh BUILD_DIR (a configured build with compile_commands.json)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
sources=("$root"/libaksnet/*.c "$root"/bindings/cli/*.c)

echo "cppcheck $(cppcheck --version | awk '{print $2}') over ${#sources[@]} files"
cppcheck --enable=warning,style,performance,portability --std=c11 --inline-suppr --quiet \
  --suppressions-list="$here/cppcheck.supp" -I "$root/include" -I "$root/libaksnet" \
  -D__GNUC__ -j "$(nproc)" --error-exitcode=1 "${sources[@]}"
echo "cppcheck: no findings"

if [ ! -f "$build/compile_commands.json" ]; then
  echo "no compile_commands.json in $build" >&2; exit 1
fi
echo "clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p' | head -1) over ${#sources[@]} files"
printf '%s\n' "${sources[@]}" | xargs -P "$(nproc)" -n 4 \
  clang-tidy --quiet -p "$build" --config-file="$here/clang-tidy.yaml" \
  --extra-arg=-Wno-unknown-warning-option 2>/dev/null
echo "clang-tidy: no findings"
