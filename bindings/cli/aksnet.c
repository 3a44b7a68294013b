/* aksnet: command-line front end of libaksnet (see cli.c, docs/cli.md, aksnet.1). */
#include "cli.h"

int main(int argc, char **argv)
{
    return aksnet_cli_main(argc, argv, stdout, stderr);
}
