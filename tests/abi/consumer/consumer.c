/* A consumer of the installed libaksnet: prints the runtime version and sizes one pool. */
#include <aksnet.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_size_options_init(&o);
    o.mode = AKSNET_MODE_AZURE_NODE_SUBNET;
    o.nodes = 3;
    o.max_pods = 30;
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    if (aksnet_size(&r, &o, NULL) != AKSNET_OK)
        return 1;
    if (aksnet_version_number() != AKSNET_VERSION_NUMBER)
        return 2;
    printf("libaksnet %s (node subnet for 3 nodes: /%u)\n", aksnet_version_string(),
           (unsigned)r.node_subnet_prefix_length);
    return 0;
}
