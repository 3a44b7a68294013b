/* The result: everything allocation decided, owned by the result (no pointers into the plan). */
#ifndef AKSNET_RESULT_H
#define AKSNET_RESULT_H

#include "model.h"
#include "prefixset.h"
#include "sizing.h"

enum { AKSNET__ORIGIN_EXISTING = 1, AKSNET__ORIGIN_REQUEST = 2, AKSNET__ORIGIN_CLUSTER = 3 };

#define AKSNET__NONE SIZE_MAX

typedef struct aksnet__rsubnet {
    /* The first 64 bytes hold what the passes over every subnet read (placement, the rules'
     * scan, the overlap sweep): a plan can have 100,000 existing subnets. */
    aksnet_prefix cidr, cidr6; /* family 0 when not placed / none */
    uint64_t ips_required;     /* node IPs + extras, or pod IPs */
    uint64_t usable;           /* Azure-usable IPs of the placed prefix */
    bool existing, placed, pinned, has_static, has_dynamic, node_users, pod_users;
    bool too_big;              /* no Azure subnet size can hold it */
    uint8_t alloc_failed_len;  /* length it needed when allocation failed, or 0 */
    uint8_t length_needed;     /* longest prefix that holds ips_required (0: too big) */
    uint8_t length_forced;     /* request prefix_length naming this subnet, or 0 */
    bool needs_v6;
    int purpose;
    int origin;
    int largest_free;          /* largest free block (prefix length) at failure, or -1 */
    const char *name;
    const char *path;          /* JSON pointer where it is defined */
    size_t request;            /* index in plan requests, or AKSNET__NONE */
    size_t existing_index;     /* index in plan existing subnets, or AKSNET__NONE */
    const char *cluster;       /* first cluster using it, or NULL */
    size_t first_cluster;      /* index, or AKSNET__NONE */
    const char **pools;        /* "pool" or "cluster/pool" when used by several clusters */
    size_t npools, cap_pools;
    size_t *pool_refs;         /* (cluster << 16 | pool) for each user, same order as pools */
    uint64_t extra_ips;        /* private endpoint + ILB + PLS */
    uint64_t blocks_required;  /* static block pod subnets */
} aksnet__rsubnet;

typedef struct aksnet__rpool {
    const char *name;
    const char *path;
    const char *vm_size;
    int mode;      /* aksnet_mode */
    int pool_mode; /* resolved System/User */
    int os_type;
    bool autoscale;
    uint32_t count, min_count, max_count;
    bool count_given;
    uint32_t base_nodes; /* count or max-count before growth */
    uint32_t nodes;      /* P after growth */
    uint32_t surge;      /* S */
    int surge_kind;
    uint32_t surge_value;
    uint32_t max_pods;
    bool max_pods_given;
    uint32_t expected_pods;
    int pod_allocation;
    size_t subnet;     /* index into result subnets */
    size_t pod_subnet; /* or AKSNET__NONE */
    uint64_t node_ips;
    uint64_t pod_ips; /* pod subnet IPs, or pod CIDR addresses */
    uint64_t pod_ips_per_node;
    uint64_t pod_blocks;
} aksnet__rpool;

typedef struct aksnet__rcluster {
    const char *name;
    const char *path;
    int plugin, plugin_mode, dataplane, policy;
    int mode; /* of the first pool (or of the plugin when there is none) */
    bool plugin_defaulted;
    bool dual_stack;
    int k8s_major, k8s_minor; /* 0 when not given */
    const char *k8s_version;  /* as given, or NULL */
    aksnet_prefix pod_cidr, pod_cidr6, service_cidr, service_cidr6;
    aksnet_address dns;
    bool pod_given, pod6_given, service_given, service6_given, dns_given;
    bool private_cluster;
    uint32_t lb_ips, pls_ips;
    double growth;
    unsigned features;
    uint64_t nodes; /* sum P + S */
    uint64_t pod_cidr_needed; /* 256 per node, modes with a pod CIDR */
    aksnet__rpool *pools;
    size_t npools;
    size_t apiserver_subnet; /* or AKSNET__NONE */
} aksnet__rcluster;

typedef struct aksnet__rdiag {
    int severity;
    const char *code;   /* static */
    const char *path;   /* arena */
    const char *message; /* arena */
    const char *source; /* static */
    size_t seq;
} aksnet__rdiag;

struct aksnet_result {
    aksnet__alloc alloc;
    aksnet__arena strings;
    char *bulk;           /* names and JSON pointers of the existing subnets (alloc.c) */
    bool existing_placed; /* subnets[0, plan->nexisting) are the existing ones, all placed */
    int strategy;
    int32_t as_of;
    bool fits;
    const char *plan_name;
    const char *vnet_name;
    aksnet_prefix *spaces;
    size_t nspaces;
    aksnet_prefix *reserved;
    size_t nreserved;
    aksnet_prefix *avoid;
    size_t navoid;
    aksnet__rsubnet *subnets;
    size_t nsubnets, cap_subnets;
    aksnet__rcluster *clusters;
    size_t nclusters;
    aksnet_prefix *free_prefixes;
    size_t nfree, cap_free;
    aksnet__rdiag *diags;
    size_t ndiags, cap_diags;
    size_t diag_dropped; /* diagnostics beyond the per-code cap */
    struct {
        const char *code;
        size_t count;
    } codes[128];
    size_t ncodes;
};

/* Create an empty result with the given allocator. */
aksnet_status aksnet__result_new(aksnet_result **out, const aksnet__alloc *alloc);
/* Add a diagnostic (message printf-style). Returns AKSNET_ENOMEM on failure. */
aksnet_status aksnet__diag(aksnet_result *r, int severity, const char *code, const char *source,
                           const char *path, const char *fmt, ...) AKSNET_PRINTF(6, 7);
/* Order diagnostics: errors, warnings, infos; stable within a severity. */
void aksnet__diag_sort(aksnet_result *r);

/* The allocator (alloc.c) and the rules (rules.c). */
aksnet_status aksnet__allocate(aksnet_result **out, const aksnet_plan *plan, int strategy,
                               int32_t as_of);
aksnet_status aksnet__run_rules(aksnet_result *r, const aksnet_plan *plan);
/* fast 0: without the shortcuts of the rules' subnet scan (tests/bench/rulecheck.c) */
aksnet_status aksnet__run_rules_impl(aksnet_result *r, const aksnet_plan *plan, int fast);

/* Serialisers (write_*.c) into a string buffer. */
struct aksnet__strbuf;
void aksnet__write_json(struct aksnet__strbuf *b, const aksnet_result *r);
void aksnet__write_text(struct aksnet__strbuf *b, const aksnet_result *r);
void aksnet__write_tfvars(struct aksnet__strbuf *b, const aksnet_result *r);
void aksnet__write_svg(struct aksnet__strbuf *b, const aksnet_result *r);

/* Count of VNet addresses consumed by placed, non-existing subnets plus used existing ones. */
uint64_t aksnet__result_vnet_ips(const aksnet_result *r);

/* Names used in JSON and text output (write_json.c). */
const char *aksnet__plugin_name(int plugin); /* NULL when unset */
const char *aksnet__policy_name(int policy);
const char *aksnet__dataplane_name(int dataplane);
const char *aksnet__os_name(int os);
const char *aksnet__pool_mode_name(int mode);

/* Sort n 64-bit keys in place by their bits from_bit .. from_bit + bits - 1 (the keys have
 * no bit set above those; bits 0: all up to 63); keys equal there keep their order. An LSD
 * radix sort with 11-bit digits that skips digits on which every key agrees (insertion sort
 * below 64 keys): linear in n for the sets of 100,000 subnets that the allocator and the
 * rules order by address. AKSNET_ENOMEM (v unchanged) when its scratch memory cannot be
 * allocated. */
int aksnet__sort_u64(const aksnet__alloc *alloc, uint64_t *v, size_t n, unsigned from_bit,
                     unsigned bits);
/* Put an IPv4 range set in (lo, hi) order with aksnet__sort_u64, so that
 * aksnet__rangeset_normalize finds it sorted (a linear check) and skips its comparison sort.
 * Best effort: other families, small sets and a failed scratch allocation leave the set as
 * it is, for normalize to sort. */
void aksnet__rangeset_presort(aksnet__rangeset *s);

/* The forbidden ranges (concepts-network-cni-overview.md). */
extern const char *const aksnet__forbidden_ranges[4];
void aksnet__forbidden_prefix(size_t i, aksnet_prefix *out);

#endif
