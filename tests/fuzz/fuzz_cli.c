/*
 * Fuzz harness: the aksnet command line (aksnet_cli_main, bindings/cli/cli.c) as a function.
 *
 * Input: the arguments after the program name, separated by NUL bytes (at most 32
 * arguments, 4 KiB). Standard output and standard error are in-memory streams.
 *
 * The CLI must never touch files the fuzzer names, so the arguments are made safe first:
 *  - `--output PATH` and `--output=PATH` are dropped (nothing is ever written);
 *  - for plan, check and compare every positional argument other than "-", and the value
 *    of --pin-from, is replaced by one of the fixed plan files in tests/fuzz/cli-plans/
 *    (chosen by the argument's first byte), valid and invalid ones;
 *  - "-" reads standard input, which is /dev/null here (an empty document).
 * (The harness does not chdir to a scratch directory: libFuzzer resolves the corpus and
 * artifact paths after LLVMFuzzerInitialize, relative to the working directory.)
 *
 * Properties: the exit status is 0, 1 or 2; a status of 2 (usage or input error) comes
 * with a message on standard error and nothing at all on standard output (no partial plan).
 */
#define _POSIX_C_SOURCE 200809L
#include "fuzz_common.h"

#include "cli.h"

#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#ifndef AKSNET_FUZZ_CLI_PLANS
#error "AKSNET_FUZZ_CLI_PLANS (the directory of tests/fuzz/cli-plans) must be defined"
#endif

#define MAX_INPUT 4096
#define MAX_ARGS 32

/* Fixed list: the mapping from argument to file must not change, or regression inputs
 * would replay differently. Append only. */
static const char *const plan_names[] = {
    "valid-node-subnet.json", "valid-dual-stack.json",  "valid-kubenet.json",
    "valid-overlay.json",     "nofit.json",             "bad-host-bits.json",
    "bad-syntax.json",        "empty.json",             "valid-static-block.json",
    "valid-terraform.json",
};
#define NPLANS (sizeof(plan_names) / sizeof(plan_names[0]))
static char plan_paths[NPLANS][1024];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i;
    (void)argc;
    (void)argv;
    for (i = 0; i < NPLANS; i++) {
        int n = snprintf(plan_paths[i], sizeof(plan_paths[i]), "%s/%s", AKSNET_FUZZ_CLI_PLANS,
                         plan_names[i]);
        FUZZ_CHECK(n > 0 && (size_t)n < sizeof(plan_paths[i]), "plan path too long");
        FUZZ_CHECK(access(plan_paths[i], R_OK) == 0, "missing %s", plan_paths[i]);
    }
    /* standard input is empty: "-" reads an empty document and never blocks */
    FUZZ_CHECK(freopen("/dev/null", "r", stdin) != NULL, "cannot reopen stdin");
    return 0;
}

static const char *map_plan(const char *arg)
{
    return plan_paths[(unsigned char)arg[0] % NPLANS];
}

static bool takes_value(const char *a)
{
    return strcmp(a, "--format") == 0 || strcmp(a, "--strategy") == 0 ||
           strcmp(a, "--as-of") == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char buf[MAX_INPUT + 1];
    char *args[MAX_ARGS + 1], *argv[MAX_ARGS + 2];
    char pin_opt[1100];
    size_t nargs = 0, i, start;
    int argc = 0, rc;
    bool file_cmd;
    char *outtext = NULL, *errtext = NULL;
    size_t outlen = 0, errlen = 0;
    FILE *out, *err;

    if (size > MAX_INPUT)
        return 0;
    memcpy(buf, data, size);
    buf[size] = '\0';
    start = 0;
    for (i = 0; i <= size && nargs < MAX_ARGS; i++) {
        if (i == size || buf[i] == '\0') {
            buf[i] = '\0';
            args[nargs++] = buf + start;
            start = i + 1;
        }
    }
    if (size == 0)
        nargs = 0;

    argv[argc++] = (char *)(uintptr_t) "aksnet";
    file_cmd = nargs > 0 && (strcmp(args[0], "plan") == 0 || strcmp(args[0], "check") == 0 ||
                             strcmp(args[0], "compare") == 0);
    for (i = 0; i < nargs; i++) {
        char *a = args[i];
        if (!file_cmd || i == 0) {
            argv[argc++] = a;
            continue;
        }
        if (strcmp(a, "--output") == 0) {
            i++; /* drop the option and its value */
            continue;
        }
        if (strncmp(a, "--output=", 9) == 0)
            continue;
        if (strcmp(a, "--pin-from") == 0) {
            argv[argc++] = a;
            if (i + 1 < nargs) {
                i++;
                argv[argc++] = (char *)(uintptr_t)map_plan(args[i]);
            }
            continue;
        }
        if (strncmp(a, "--pin-from=", 11) == 0) {
            snprintf(pin_opt, sizeof(pin_opt), "--pin-from=%s", map_plan(a + 11));
            argv[argc++] = pin_opt;
            continue;
        }
        if (takes_value(a)) {
            argv[argc++] = a;
            if (i + 1 < nargs)
                argv[argc++] = args[++i];
            continue;
        }
        if (a[0] == '-' && a[1] != '\0') {
            argv[argc++] = a;
            continue;
        }
        argv[argc++] = strcmp(a, "-") == 0 ? a : (char *)(uintptr_t)map_plan(a);
    }
    argv[argc] = NULL;

    out = open_memstream(&outtext, &outlen);
    err = open_memstream(&errtext, &errlen);
    FUZZ_CHECK(out != NULL && err != NULL, "open_memstream failed");
    rc = aksnet_cli_main(argc, argv, out, err);
    fclose(out);
    fclose(err);
    FUZZ_CHECK(rc == 0 || rc == 1 || rc == 2, "exit status %d", rc);
    if (rc == 2) {
        FUZZ_CHECK(errlen > 0, "exit status 2 without a message");
        FUZZ_CHECK(outlen == 0, "exit status 2 after writing %zu bytes of output:\n%.300s",
                   outlen, outtext);
    }
    free(outtext);
    free(errtext);
    return 0;
}
