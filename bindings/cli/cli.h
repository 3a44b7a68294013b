/* The aksnet CLI as a function (so tests and the argument fuzzer can call it). */
#ifndef AKSNET_CLI_H
#define AKSNET_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Run the CLI with argv[0] = program name. Writes results to out and messages to err.
 * Returns the exit status: 0 success, 1 does not fit, 2 usage or input error. */
int aksnet_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
