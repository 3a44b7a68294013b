/*
 * Shared helpers of the libaksnet fuzz harnesses (tests/fuzz/fuzz_*.c).
 *
 * Every harness defines LLVMFuzzerTestOneInput and LLVMFuzzerInitialize. They are linked
 * either with libFuzzer (-fsanitize=fuzzer, AKSNET_FUZZ=ON) or with regress_main.c, a plain
 * main() that replays the committed corpus and regression inputs in every build (ctest
 * label fuzz-regression).
 *
 * A broken property (a round trip that does not round-trip, a size that does not match...)
 * calls FUZZ_CHECK, which prints what failed and aborts, so libFuzzer keeps the input as a
 * crash and the regression driver fails.
 */
#ifndef AKSNET_FUZZ_COMMON_H
#define AKSNET_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, ...)                                                                  \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: property failed: %s\n  ", __FILE__, __LINE__, #cond);      \
            fprintf(stderr, __VA_ARGS__);                                                      \
            fputc('\n', stderr);                                                               \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

/* FNV-1a over the input: a deterministic source of choices that does not consume bytes. */
static inline uint64_t fuzz_hash(const uint8_t *data, size_t size)
{
    uint64_t h = UINT64_C(14695981039346656037);
    size_t i;
    for (i = 0; i < size; i++) {
        h ^= data[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

#endif
