/* The plan model: what the user said, validated for shape, not yet for AKS rules. */
#ifndef AKSNET_MODEL_H
#define AKSNET_MODEL_H

#include "internal.h"

/* A chunked string arena: strings live until the owner is freed; no per-string overhead. */
typedef struct aksnet__arena_chunk aksnet__arena_chunk;
typedef struct aksnet__arena {
    const aksnet__alloc *alloc;
    aksnet__arena_chunk *head;
    size_t used, avail;
} aksnet__arena;

void aksnet__arena_init(aksnet__arena *a, const aksnet__alloc *alloc);
void aksnet__arena_dispose(aksnet__arena *a);
char *aksnet__arena_strndup(aksnet__arena *a, const char *s, size_t n);
char *aksnet__arena_strdup(aksnet__arena *a, const char *s);
/* Room for `bytes` bytes of strings (NULs included) in the current chunk. */
aksnet_status aksnet__arena_reserve(aksnet__arena *a, size_t bytes);
/* Total bytes the arena holds (for the memory benchmark). */
size_t aksnet__arena_bytes(const aksnet__arena *a);

typedef struct aksnet__existing {
    const char *name;
    aksnet_prefix cidr;
    uint32_t v6; /* index into plan->existing_v6, or UINT32_MAX */
} aksnet__existing;

typedef struct aksnet__request {
    const char *name;
    int kind;
    uint8_t prefix_length;
    uint64_t ips;
    aksnet_prefix cidr;
    aksnet_prefix cidr6; /* pinned IPv6 /64 of a cidr request, or unset */
    bool ipv6;
    bool from_pin;       /* added or rewritten by aksnet_plan_pin: not in the user's document */
    uint64_t pinned_ips; /* an ips request's count, kept when pinning turned it into a cidr */
} aksnet__request;

typedef struct aksnet__pool {
    const char *name;
    int mode; /* aksnet_pool_mode as given */
    int os_type;
    const char *vm_size; /* or NULL */
    uint32_t count;
    bool count_given;
    bool autoscale;
    uint32_t min_count, max_count;
    uint32_t max_pods; /* 0 = default */
    int surge_kind;
    uint32_t surge;
    uint32_t expected_pods;
    const char *subnet;     /* NULL = "<cluster>-nodes" */
    const char *pod_subnet; /* or NULL */
    int pod_allocation;
} aksnet__pool;

/* Which optional keys a cluster gave explicitly (for pairing and default rules). */
enum {
    AKSNET__GIVEN_PLUGIN = 1u << 0,
    AKSNET__GIVEN_POLICY = 1u << 1,
    AKSNET__GIVEN_DATAPLANE = 1u << 2,
    AKSNET__GIVEN_PLS_IPS = 1u << 8
};

typedef struct aksnet__cluster {
    const char *name;
    int plugin, plugin_mode, dataplane, policy;
    bool dual_stack;
    aksnet_prefix pod_cidr, pod_cidr6, service_cidr, service_cidr6;
    aksnet_address dns;
    bool private_cluster;
    uint32_t lb_ips, pls_ips;
    bool pls_ips_given;
    double growth;
    unsigned features;
    const char *k8s_version; /* or NULL */
    unsigned given;
    aksnet__pool *pools;
    size_t npools, cap;
} aksnet__cluster;

#define AKSNET__NAME_REQUEST 0x80000000u

struct aksnet_plan {
    aksnet__alloc alloc;
    aksnet__arena strings;
    aksnet_error last_error;
    const char *name;      /* or NULL */
    const char *vnet_name; /* or NULL */
    int strategy;
    aksnet_prefix *spaces;
    size_t nspaces, cap_spaces;
    aksnet__existing *existing;
    size_t nexisting, cap_existing;
    aksnet_prefix *existing_v6;
    size_t nexisting_v6, cap_existing_v6;
    aksnet_prefix *reserved;
    size_t nreserved, cap_reserved;
    aksnet_prefix *avoid;
    size_t navoid, cap_avoid;
    aksnet__request *requests;
    size_t nrequests, cap_requests;
    aksnet__cluster *clusters;
    size_t nclusters, cap_clusters;
    /* hash index of existing-subnet and request names (open addressing, FNV-1a, at most 4/5
     * full): an entry is the index of the existing subnet + 1, or of the request + 1 with
     * AKSNET__NAME_REQUEST set; 0 is an empty slot */
    uint32_t *names;
    size_t nnames, cap_names;
};

/* Record an error on the plan (and in err when non-NULL); returns code. */
aksnet_status aksnet__plan_fail(aksnet_plan *plan, aksnet_status code, const char *path,
                                const char *fmt, ...) AKSNET_PRINTF(4, 5);
void aksnet__plan_ok(aksnet_plan *plan);

/* Name checks shared by the builders and the JSON loader. */
bool aksnet__name_ok(const char *s, size_t max);
/* Whether a subnet name is already used by an existing subnet or a request. */
bool aksnet__plan_subnet_name_taken(const aksnet_plan *plan, const char *name);
/* Parse a "major.minor[.patch]" Kubernetes version; false when malformed. */
bool aksnet__k8s_version_parse(const char *s, int *major, int *minor);

/* Builders used by the public API and the JSON loader. `path` names the JSON location for
 * error messages (NULL from the C API). */
aksnet_status aksnet__plan_add_space(aksnet_plan *plan, const aksnet_prefix *p, const char *path);
aksnet_status aksnet__plan_add_existing(aksnet_plan *plan, const char *name,
                                        const aksnet_prefix *cidr, const aksnet_prefix *cidr6,
                                        const char *path);
/* The bulk path of the JSON loader (model.c): room for n existing subnets, then each one
 * added without an allocation when nothing about it needs reporting (false: use
 * aksnet__plan_add_existing, which reports it). */
aksnet_status aksnet__plan_reserve_existing(aksnet_plan *plan, size_t n, size_t name_bytes);
bool aksnet__plan_add_existing_quick(aksnet_plan *plan, const char *name, size_t len,
                                     const aksnet_prefix *cidr);
aksnet_status aksnet__plan_add_reserved(aksnet_plan *plan, const aksnet_prefix *p,
                                        const char *path);
aksnet_status aksnet__plan_add_avoid(aksnet_plan *plan, const aksnet_prefix *p, const char *path);
aksnet_status aksnet__plan_add_request(aksnet_plan *plan, const aksnet_request_options *r,
                                       const char *path);
aksnet_status aksnet__plan_add_cluster(aksnet_plan *plan, const aksnet_cluster_options *c,
                                       unsigned given, const char *path, size_t *index_out);
aksnet_status aksnet__plan_add_pool(aksnet_plan *plan, size_t cluster, const aksnet_pool_options *p,
                                    bool count_given, const char *path);
/* Cross-field checks once everything is added (names of pools' subnets etc.). */
aksnet_status aksnet__plan_finish(aksnet_plan *plan);
/* Heap bytes held by the plan (arrays and strings), for the memory benchmark. */
size_t aksnet__plan_heap_bytes(const aksnet_plan *plan);
/* Shrink arrays to their size (after loading a large document). */
void aksnet__plan_shrink(aksnet_plan *plan);

/* Duplicate a plan (for compare). */
aksnet_status aksnet__plan_clone(aksnet_plan **out, const aksnet_plan *src);

#endif
