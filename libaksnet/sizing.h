/* Sizing: pure functions from pool settings to IP counts. Sources in docs/sizing.md. */
#ifndef AKSNET_SIZING_H
#define AKSNET_SIZING_H

#include "internal.h"

/* AKS limits (aks-networking-facts.md section 1.4; AZD includes/container-service-limits.md,
 * rendered as https://learn.microsoft.com/azure/aks/quotas-skus-regions) */
#define AKSNET_POOL_NODE_LIMIT 1000u    /* nodes per VMSS pool, pool size + surge */
#define AKSNET_CLUSTER_NODE_LIMIT 5000u /* nodes per cluster */
#define AKSNET_POOL_COUNT_LIMIT 100u    /* node pools per cluster */
#define AKSNET_KUBENET_NODE_LIMIT 400u  /* 400 routes per route table, one per node */
#define AKSNET_KUBENET_DS_NODE_LIMIT 200u /* dual-stack kubenet: two routes per node */
#define AKSNET_MAX_PODS_MIN 10u
#define AKSNET_MAX_PODS_MAX 250u
#define AKSNET_MIN_PODS_PER_POOL 30u    /* maxPods 10 needs room for 30 pods per pool */
#define AKSNET_DEFAULT_SURGE_PERCENT 10u
#define AKSNET_POD_BATCH 16u            /* dynamic pod subnet batch size */
#define AKSNET_POD_REFILL 8u            /* dynamic: a new batch when fewer than 8 are free */
#define AKSNET_STATIC_BLOCK 16u         /* static block: /28 = 16 IPs */
#define AKSNET_STATIC_MAX_SUBNET 12u    /* static block: pod subnet at most /12 */
#define AKSNET_POD_CIDR_PER_NODE 256u   /* kubenet and overlay: one /24 per node */
#define AKSNET_LARGEST_SUBNET 8u        /* largest subnet or pod CIDR libaksnet plans: /8 */

typedef struct aksnet__pool_size {
    uint32_t nodes;          /* P */
    uint32_t surge;          /* S */
    uint32_t max_pods;       /* resolved */
    uint32_t expected_pods;  /* dynamic only */
    uint64_t node_ips;       /* IPs in the node subnet for this pool (no extra consumers) */
    uint64_t pod_ips_per_node;
    uint64_t pod_subnet_ips; /* pod-subnet modes */
    uint64_t pod_blocks;     /* static block */
    uint64_t pod_cidr_addrs; /* kubenet / overlay / none: 256 per node (none: a proposal only) */
} aksnet__pool_size;

uint32_t aksnet__default_max_pods(int mode);
bool aksnet__mode_valid(int mode);
/* kubenet, overlay and none: the cluster has (and, for none, must be given) a pod CIDR. */
bool aksnet__mode_has_pod_cidr(int mode);
/* kubenet and overlay: AKS carves one /24 per node from the pod CIDR, so it limits nodes.
 * Not none: with BYO CNI, AKS preassigns no per-node pod ranges (use-byo-cni.md). */
bool aksnet__mode_sizes_pod_cidr(int mode);
bool aksnet__mode_has_pod_subnet(int mode);
bool aksnet__mode_is_azure(int mode);

/* S for a pool of P nodes. ERANGE for a percentage above 100, EINVAL for an unknown kind. */
int aksnet__surge_nodes(uint32_t p, int kind, uint32_t value, uint32_t *out);

/* Size one pool. max_pods 0 means the default. Errors name fields under `path` (a JSON
 * pointer such as "/clusters/0/node_pools/1"; NULL or "" gives bare field names such as
 * "max_pods"). */
int aksnet__size_pool(aksnet__pool_size *out, int mode, uint32_t p, uint32_t max_pods,
                      int surge_kind, uint32_t surge, uint32_t expected, aksnet_error *err,
                      const char *path);

/* Dynamic pod subnet IPs per node (16*ceil(0.5 + D/16), at most maxPods rounded up to 16). */
uint64_t aksnet__dynamic_ips_per_node(uint32_t max_pods, uint32_t expected);
/* Static block: /28 blocks per node, ceil((maxPods+1)/16). */
uint64_t aksnet__static_blocks_per_node(uint32_t max_pods);
/* /28 blocks a pod subnet of this length offers: 2^(28-L) - 2 (first and last block hold
 * Azure-reserved addresses; conservative reading, docs/sizing.md). */
uint64_t aksnet__static_blocks_in(unsigned length);
/* Smallest static-block pod subnet (longest prefix, >= /12) holding `blocks`; ERANGE. */
int aksnet__static_prefix_for_blocks(uint64_t blocks, uint8_t *out);
/* Smallest pod CIDR prefix for n nodes at /24 each: 24 - ceil(log2(n)), and /24 for n <= 1.
 * Saturates at 0 (n above 2^24); aksnet_size reports more than a /8 as too large. */
unsigned aksnet__pod_cidr_length_for_nodes(uint64_t nodes);

#endif
