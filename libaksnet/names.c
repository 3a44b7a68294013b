/* Names of enumeration values, as used in plan files, JSON output and the CLI. */
#include "internal.h"

#include <string.h>

static const char *const mode_names[] = {
    "unset", "kubenet", "azure", "azure-pod-subnet", "azure-static-block", "azure-overlay", "none",
};

const char *aksnet_mode_name(int mode)
{
    if (mode < 0 || (size_t)mode >= AKSNET_ARRAY_LEN(mode_names))
        return "unknown";
    return mode_names[mode];
}

aksnet_status aksnet_mode_from_name(int *out, const char *name)
{
    size_t i;
    if (out == NULL || name == NULL)
        return AKSNET_EINVAL;
    for (i = 1; i < AKSNET_ARRAY_LEN(mode_names); i++) {
        if (strcmp(name, mode_names[i]) == 0) {
            *out = (int)i;
            return AKSNET_OK;
        }
    }
    return AKSNET_ENOTFOUND;
}

const char *aksnet_limit_name(int limit)
{
    static const char *const names[] = {
        "none",          "node_subnet",   "pod_cidr",    "pod_subnet", "pool_limit",
        "cluster_limit", "kubenet_limit", "subnet_size", "max_pods",
    };
    if (limit < 0 || (size_t)limit >= AKSNET_ARRAY_LEN(names))
        return "unknown";
    return names[limit];
}

const char *aksnet_severity_name(int severity)
{
    switch (severity) {
    case AKSNET_SEVERITY_INFO:
        return "info";
    case AKSNET_SEVERITY_WARNING:
        return "warning";
    case AKSNET_SEVERITY_ERROR:
        return "error";
    default:
        return "unknown";
    }
}

const char *aksnet_purpose_name(int purpose)
{
    switch (purpose) {
    case AKSNET_PURPOSE_NODES:
        return "nodes";
    case AKSNET_PURPOSE_PODS:
        return "pods";
    case AKSNET_PURPOSE_REQUESTED:
        return "requested";
    case AKSNET_PURPOSE_EXISTING:
        return "existing";
    case AKSNET_PURPOSE_APISERVER:
        return "apiserver";
    default:
        return "unknown";
    }
}

static const char *const strategy_names[] = {"default", "compact", "ordered", "terraform"};

const char *aksnet_strategy_name(int strategy)
{
    if (strategy < 0 || (size_t)strategy >= AKSNET_ARRAY_LEN(strategy_names))
        return "unknown";
    return strategy_names[strategy];
}

aksnet_status aksnet_strategy_from_name(int *out, const char *name)
{
    size_t i;
    if (out == NULL || name == NULL)
        return AKSNET_EINVAL;
    for (i = 1; i < AKSNET_ARRAY_LEN(strategy_names); i++) {
        if (strcmp(name, strategy_names[i]) == 0) {
            *out = (int)i;
            return AKSNET_OK;
        }
    }
    return AKSNET_ENOTFOUND;
}

const char *aksnet_migration_name(int migration)
{
    switch (migration) {
    case AKSNET_MIGRATION_CURRENT:
        return "current";
    case AKSNET_MIGRATION_IN_PLACE:
        return "in-place";
    case AKSNET_MIGRATION_NEW_CLUSTER:
        return "new-cluster";
    default:
        return "unknown";
    }
}
