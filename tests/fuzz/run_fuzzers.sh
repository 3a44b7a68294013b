#!/usr/bin/env bash
# Run every libFuzzer harness of libaksnet for a bounded time (CI stage "fuzz").
#
#   bash tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS
#
# BUILD_DIR is a build configured with AKSNET_FUZZ=ON (the "fuzz" preset: clang, ASan+UBSan);
# the harnesses are BUILD_DIR/tests/fuzz/fuzz_<name>. Each runs for SECONDS on a temporary
# copy of its committed seed corpus plus its regression inputs, with its dictionary, a 1 s
# per-input timeout and a 2 GiB RSS limit. Any crash, sanitizer report, leak, timeout or
# out-of-memory fails the run: the reproducer is printed (path, base64 and the command to
# replay it) and copied to BUILD_DIR/fuzz-artifacts/<name>/. Executions and coverage are
# printed per harness.
#
# Environment (optional):
#   AKSNET_FUZZ_HARNESSES  harnesses to run (default: "prefix plan cli")
#   AKSNET_FUZZ_KEEP_DIR   keep the grown corpora and logs in this directory
#   AKSNET_FUZZ_FORK       run each harness with -fork=N (N jobs, crashes still fail the run)
set -uo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
BUILD=$(cd "$1" && pwd) || { echo "no build directory $1" >&2; exit 2; }
SECS=$2
case "$SECS" in '' | *[!0-9]*) echo "SECONDS must be a whole number" >&2; exit 2 ;; esac
HERE=$(cd "$(dirname "$0")" && pwd)
HARNESSES=${AKSNET_FUZZ_HARNESSES:-prefix plan cli}

if [ -n "${AKSNET_FUZZ_KEEP_DIR:-}" ]; then
  WORK=$AKSNET_FUZZ_KEEP_DIR
  mkdir -p "$WORK"
else
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/aksnet-fuzz.XXXXXX")
  trap 'rm -rf "$WORK"' EXIT
fi

# Sanitizer settings: leaks are errors; UBSan is built without recovery (-fno-sanitize-recover).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

dict_of() {
  case "$1" in
    plan) echo "$HERE/json.dict" ;;
    *) echo "$HERE/aksnet.dict" ;;
  esac
}
max_len_of() {
  case "$1" in
    prefix) echo 257 ;;    # the harness ignores longer inputs
    plan) echo 16384 ;;    # the harness accepts 64 KiB; larger inputs mutate slowly
    cli) echo 4096 ;;
  esac
}

failed=0
summary=()
for h in $HARNESSES; do
  exe="$BUILD/tests/fuzz/fuzz_$h"
  if [ ! -x "$exe" ]; then
    echo "missing harness $exe (configure with -DAKSNET_FUZZ=ON, clang)" >&2
    exit 2
  fi
  corpus="$WORK/corpus-$h"
  artifacts="$WORK/artifacts-$h"
  log="$WORK/fuzz_$h.log"
  mkdir -p "$corpus" "$artifacts"
  for src in "$HERE/corpus/fuzz_$h" "$HERE/regressions/fuzz_$h"; do
    [ -d "$src" ] && find "$src" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$corpus/" \;
  done
  echo "==== fuzz_$h: ${SECS} s, $(find "$corpus" -type f | wc -l) seed inputs ===="
  extra=()
  if [ -n "${AKSNET_FUZZ_FORK:-}" ]; then
    extra+=("-fork=$AKSNET_FUZZ_FORK" -ignore_crashes=0 -ignore_timeouts=0 -ignore_ooms=0)
  fi
  start=$(date +%s)
  "$exe" "$corpus" \
    -max_total_time="$SECS" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
    -max_len="$(max_len_of "$h")" -dict="$(dict_of "$h")" -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${extra[@]}" >"$log" 2>&1
  rc=$?
  end=$(date +%s)
  execs=$(grep -E '^stat::number_of_executed_units' "$log" | tail -n1 | awk '{print $2}')
  if [ -z "$execs" ]; then # -fork mode prints "#N DONE ..." instead of final stats
    execs=$(grep -oE '^#[0-9]+' "$log" | tail -n1 | tr -d '#')
  fi
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n1 | awk '{print $2}')
  ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -n1 | awk '{print $2}')
  found=$(find "$artifacts" -type f | sort)
  line="fuzz_$h: ${execs:-?} executions in $((end - start)) s, cov ${cov:-?}, ft ${ft:-?}, exit $rc"
  echo "$line"
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    failed=1
    summary+=("$line  FAILED")
    echo "---- fuzz_$h FAILED; last lines of the log: ----"
    tail -n 60 "$log"
    mkdir -p "$BUILD/fuzz-artifacts/fuzz_$h"
    for f in $found; do
      cp "$f" "$BUILD/fuzz-artifacts/fuzz_$h/"
      echo "---- reproducer $(basename "$f") ($(stat -c %s "$f") bytes), kept in $BUILD/fuzz-artifacts/fuzz_$h/"
      echo "base64: $(base64 -w0 "$f")"
      echo "replay: $exe $BUILD/fuzz-artifacts/fuzz_$h/$(basename "$f")"
      echo "then add it to tests/fuzz/regressions/fuzz_$h/ once fixed"
    done
  else
    summary+=("$line")
  fi
done

echo "==== fuzzing summary ===="
printf '  %s\n' "${summary[@]}"
if [ $failed -ne 0 ]; then
  echo "fuzzing found problems (see above)"
  exit 1
fi
echo "no crash, leak, timeout, out-of-memory or sanitizer report"
