/**
 * @file aksnet.h
 * @brief libaksnet: the IP-address planner for Azure Kubernetes Service networking.
 *
 * This is the one public header of libaksnet. It is the reference documentation of the
 * C API: every function states its ownership rules, thread-safety, the status codes it can
 * return and the release that added it.
 *
 * Conventions used throughout (see docs/c-api.md, docs/api-stability.md, docs/threading.md):
 *
 * - Every fallible function returns an ::aksnet_status: ::AKSNET_OK (0) or a negative code.
 * - Outputs come first in parameter lists, then the object operated on, then inputs.
 * - Opaque handles (::aksnet_plan, ::aksnet_result, ::aksnet_comparison) are created by a
 *   `_new`/`_from_*` function and released by the matching `_free`, which accepts NULL.
 * - Variable-size text is written into caller-owned buffers `(buf, buflen, needed)`:
 *   `*needed` always receives the full size including the terminating NUL; when `buf` is too
 *   small (or NULL with `buflen` 0) the function returns ::AKSNET_EBUFS and writes nothing
 *   that could be mistaken for a complete result (`buf[0]` is set to NUL when `buflen > 0`).
 * - Strings returned by getters are borrowed: they stay valid as long as the handle they came
 *   from, and are never freed by the caller.
 * - Transparent structs are used only for fixed-layout values (::aksnet_prefix,
 *   ::aksnet_address), versioned input options (first member `version`) and output records
 *   that the caller sizes (first member `size`, set to `sizeof` the struct). Fields are only
 *   ever appended; the library reads and writes only the fields that the given version or
 *   size contains.
 * - The library holds no global mutable state, never prints, never aborts and never exits.
 *   Distinct handles may be used from distinct threads at the same time; one handle is used
 *   by one thread at a time unless a function says otherwise. Results and comparisons are
 *   immutable once created and may be read from several threads at once.
 */
#ifndef AKSNET_H
#define AKSNET_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------ */
/** @name Export and deprecation macros
 *  @{ */

#if defined(AKSNET_BUILDING) && defined(AKSNET_STATIC)
#error "AKSNET_BUILDING and AKSNET_STATIC must not both be defined"
#endif

/**
 * @def AKSNET_API
 * @brief Marks a declaration as part of the exported ABI.
 *
 * Expands to `dllexport` while building the shared library on Windows (AKSNET_BUILDING),
 * to nothing for static builds (AKSNET_STATIC), to `dllimport` for Windows consumers and
 * to default ELF visibility on GCC and Clang. The library itself is compiled with hidden
 * visibility, so only declarations carrying this macro are exported.
 */
#if defined(AKSNET_STATIC)
#define AKSNET_API
#elif defined(_WIN32) || defined(__CYGWIN__)
#if defined(AKSNET_BUILDING)
#define AKSNET_API __declspec(dllexport)
#else
#define AKSNET_API __declspec(dllimport)
#endif
#elif defined(__GNUC__) || defined(__clang__)
#define AKSNET_API __attribute__((visibility("default")))
#else
#define AKSNET_API
#endif

/**
 * @def AKSNET_DEPRECATED
 * @brief Marks a declaration deprecated since release @p since. Define
 * AKSNET_NO_DEPRECATION_WARNINGS to silence the warnings. Nothing is deprecated in 1.0.
 */
#if defined(AKSNET_NO_DEPRECATION_WARNINGS)
#define AKSNET_DEPRECATED(since, msg)
#elif defined(__GNUC__) || defined(__clang__)
#define AKSNET_DEPRECATED(since, msg) __attribute__((deprecated("since " since ": " msg)))
#elif defined(_MSC_VER)
#define AKSNET_DEPRECATED(since, msg) __declspec(deprecated("since " since ": " msg))
#else
#define AKSNET_DEPRECATED(since, msg)
#endif

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Version
 *  The header is the single source of the version; the build reads these lines.
 *  @{ */

/** Major version: changes only when the ABI breaks (it is also the SONAME number). */
#define AKSNET_VERSION_MAJOR 1
/** Minor version: grows when API is added compatibly. */
#define AKSNET_VERSION_MINOR 0
/** Patch version: fixes only. */
#define AKSNET_VERSION_PATCH 0
/** The version as text. */
#define AKSNET_VERSION_STRING "1.0.0"
/** The version as one number: major*10000 + minor*100 + patch. */
#define AKSNET_VERSION_NUMBER \
    (AKSNET_VERSION_MAJOR * 10000 + AKSNET_VERSION_MINOR * 100 + AKSNET_VERSION_PATCH)
/** True when the header is at least version @p major.@p minor.@p patch. */
#define AKSNET_VERSION_CHECK(major, minor, patch) \
    (AKSNET_VERSION_NUMBER >= ((major) * 10000 + (minor) * 100 + (patch)))

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Opaque handles
 *  @{ */

/** A network plan: VNet, existing and requested subnets, clusters and node pools. */
typedef struct aksnet_plan aksnet_plan;
/** An immutable allocation result: every CIDR, the sizing arithmetic and diagnostics. */
typedef struct aksnet_result aksnet_result;
/** An immutable comparison of one plan evaluated under every plugin mode. */
typedef struct aksnet_comparison aksnet_comparison;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Status codes
 *  @{ */

/** Return type of every fallible function: ::AKSNET_OK or a negative ::aksnet_status_code. */
typedef int aksnet_status;

/** Status codes. The values are fixed forever; new codes are only appended. */
enum aksnet_status_code {
    AKSNET_OK = 0,          /**< Success. */
    AKSNET_ERROR = -1,      /**< Generic failure (no more specific code applies). */
    AKSNET_EINVAL = -2,     /**< Invalid argument: NULL, unknown enum value, bad option. */
    AKSNET_EPARSE = -3,     /**< Text could not be parsed (CIDR, address, JSON, date). */
    AKSNET_ENOMEM = -4,     /**< An allocation failed. */
    AKSNET_EBUFS = -5,      /**< The caller's buffer is too small; see `needed`. */
    AKSNET_ENOTFOUND = -6,  /**< A named object or an index does not exist. */
    AKSNET_ENOFIT = -7,     /**< The request does not fit in the space available. */
    AKSNET_EOVERLAP = -8,   /**< Two ranges overlap where they must not. */
    AKSNET_ERANGE = -9,     /**< A number is out of range or an operation would overflow. */
    AKSNET_EIO = -10,       /**< A file could not be opened or read. */
    AKSNET_ECONFLICT = -11  /**< Fields of the input contradict each other. */
};

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Enumerations
 *  Enumerations are passed as `int` in structs and parameters so that their size is fixed.
 *  @{ */

/** Address family of an ::aksnet_address or ::aksnet_prefix. 0 means "not set". */
enum aksnet_family {
    AKSNET_FAMILY_UNSET = 0, /**< No value (used for optional fields). */
    AKSNET_FAMILY_IPV4 = 4,  /**< IPv4. */
    AKSNET_FAMILY_IPV6 = 6   /**< IPv6. */
};

/**
 * AKS pod-networking (IPAM) mode. This is what decides how IPs are sized; see docs/sizing.md.
 */
enum aksnet_mode {
    AKSNET_MODE_UNSET = 0,              /**< Not given. */
    AKSNET_MODE_KUBENET = 1,            /**< kubenet (`networkPlugin=kubenet`). */
    AKSNET_MODE_AZURE_NODE_SUBNET = 2,  /**< Azure CNI node subnet (`azure`, no mode). */
    AKSNET_MODE_AZURE_POD_SUBNET = 3,   /**< Azure CNI pod subnet, dynamic IP allocation. */
    AKSNET_MODE_AZURE_STATIC_BLOCK = 4, /**< Azure CNI pod subnet, static /28 blocks. */
    AKSNET_MODE_AZURE_OVERLAY = 5,      /**< Azure CNI Overlay (`networkPluginMode=overlay`). */
    AKSNET_MODE_NONE = 6                /**< Bring your own CNI (`networkPlugin=none`). */
};

/** `networkPlugin` of a cluster. */
enum aksnet_plugin {
    AKSNET_PLUGIN_UNSET = 0,   /**< Not given: AKS picks by Kubernetes version. */
    AKSNET_PLUGIN_AZURE = 1,   /**< `azure`. */
    AKSNET_PLUGIN_KUBENET = 2, /**< `kubenet`. */
    AKSNET_PLUGIN_NONE = 3     /**< `none` (BYO CNI). */
};

/** `networkPluginMode` of a cluster. */
enum aksnet_plugin_mode {
    AKSNET_PLUGIN_MODE_UNSET = 0,  /**< No mode (node subnet or pod subnet with `azure`). */
    AKSNET_PLUGIN_MODE_OVERLAY = 1 /**< `overlay`. */
};

/** `networkDataplane` of a cluster. */
enum aksnet_dataplane {
    AKSNET_DATAPLANE_AZURE = 0, /**< `azure` (the default). */
    AKSNET_DATAPLANE_CILIUM = 1 /**< `cilium` (Azure CNI powered by Cilium). */
};

/** `networkPolicy` of a cluster. */
enum aksnet_policy {
    AKSNET_POLICY_NONE = 0,   /**< No network policy engine. */
    AKSNET_POLICY_AZURE = 1,  /**< Azure Network Policy Manager. */
    AKSNET_POLICY_CALICO = 2, /**< Calico. */
    AKSNET_POLICY_CILIUM = 3  /**< Cilium. */
};

/** Operating system of a node pool. */
enum aksnet_os {
    AKSNET_OS_LINUX = 0,  /**< Linux (the default). */
    AKSNET_OS_WINDOWS = 1 /**< Windows. */
};

/** Mode of a node pool. */
enum aksnet_pool_mode {
    AKSNET_POOL_MODE_UNSET = 0,  /**< Not given: the first pool of a cluster is System. */
    AKSNET_POOL_MODE_SYSTEM = 1, /**< System pool. */
    AKSNET_POOL_MODE_USER = 2    /**< User pool. */
};

/** `podIPAllocationMode` of a pool that uses a pod subnet. */
enum aksnet_pod_allocation {
    AKSNET_POD_ALLOCATION_UNSET = 0,   /**< Not given: dynamic when a pod subnet is named. */
    AKSNET_POD_ALLOCATION_DYNAMIC = 1, /**< `DynamicIndividual`. */
    AKSNET_POD_ALLOCATION_STATIC = 2   /**< `StaticBlock`. */
};

/** How a max-surge value is expressed. */
enum aksnet_surge_kind {
    AKSNET_SURGE_DEFAULT = 0, /**< Not given: the current AKS default, 10% (rounded up). */
    AKSNET_SURGE_COUNT = 1,   /**< A node count. */
    AKSNET_SURGE_PERCENT = 2  /**< A percentage of the pool size, rounded up. */
};

/** Placement strategy of the allocator; see docs/plan-format.md. */
enum aksnet_strategy {
    AKSNET_STRATEGY_DEFAULT = 0,  /**< The plan's own choice (compact when it has none). */
    AKSNET_STRATEGY_COMPACT = 1,  /**< Largest request first, lowest free aligned address. */
    AKSNET_STRATEGY_ORDERED = 2,  /**< Request order, lowest free aligned address. */
    AKSNET_STRATEGY_TERRAFORM = 3 /**< Exactly Terraform's `cidrsubnets`, request order. */
};

/** Severity of a diagnostic. */
enum aksnet_severity {
    AKSNET_SEVERITY_INFO = 0,    /**< Worth knowing. */
    AKSNET_SEVERITY_WARNING = 1, /**< Works today but risky, unsupported or retiring. */
    AKSNET_SEVERITY_ERROR = 2    /**< AKS or Azure rejects it, or it will break. */
};

/** Purpose of a subnet in a result. */
enum aksnet_purpose {
    AKSNET_PURPOSE_NODES = 1,     /**< A node subnet of one or more pools. */
    AKSNET_PURPOSE_PODS = 2,      /**< A pod subnet (dynamic or static block). */
    AKSNET_PURPOSE_REQUESTED = 3, /**< A subnet from `subnet_requests`. */
    AKSNET_PURPOSE_EXISTING = 4,  /**< An existing subnet that no pool uses. */
    AKSNET_PURPOSE_APISERVER = 5  /**< A delegated API server VNet integration subnet. */
};

/** Which resource or limit binds a sizing or capacity answer. */
enum aksnet_limit {
    AKSNET_LIMIT_NONE = 0,        /**< Nothing binds / no limit is exceeded. */
    AKSNET_LIMIT_NODE_SUBNET = 1, /**< The node subnet's usable IPs. */
    AKSNET_LIMIT_POD_CIDR = 2,    /**< The pod CIDR (one /24 per node). */
    AKSNET_LIMIT_POD_SUBNET = 3,  /**< The pod subnet's usable IPs or /28 blocks. */
    AKSNET_LIMIT_POOL = 4,        /**< 1,000 nodes per pool including surge. */
    AKSNET_LIMIT_CLUSTER = 5,     /**< 5,000 nodes per cluster. */
    AKSNET_LIMIT_KUBENET = 6,     /**< kubenet's 400 nodes (200 dual-stack). */
    AKSNET_LIMIT_SUBNET_SIZE = 7, /**< Larger than the largest subnet libaksnet plans (/8). */
    AKSNET_LIMIT_MAX_PODS = 8     /**< maxPods 10 needs room for 30 pods (3 nodes). */
};

/** Output formats of ::aksnet_result_write and ::aksnet_comparison_write. */
enum aksnet_format {
    AKSNET_FORMAT_JSON = 1,   /**< The JSON contract (docs/plan-format.md). */
    AKSNET_FORMAT_TEXT = 2,   /**< Human-readable tables showing the arithmetic. */
    AKSNET_FORMAT_TFVARS = 3, /**< JSON for a Terraform root module (docs/terraform.md). */
    AKSNET_FORMAT_SVG = 4     /**< A standalone SVG address map (results only). */
};

/** Whether a cluster can move from its current plugin mode to another one in place. */
enum aksnet_migration {
    AKSNET_MIGRATION_CURRENT = 0,    /**< This is the plan's current mode. */
    AKSNET_MIGRATION_IN_PLACE = 1,   /**< AKS supports an in-place update to this mode. */
    AKSNET_MIGRATION_NEW_CLUSTER = 2 /**< Only a new cluster gets this mode. */
};

/** Cluster feature flags (bit mask) that affect compatibility rules and sizing. */
enum aksnet_feature {
    AKSNET_FEATURE_PRIVATE_LINK_SERVICE = 1u << 0,        /**< PLS via Service annotations. */
    AKSNET_FEATURE_VIRTUAL_NODES = 1u << 1,               /**< Virtual nodes (ACI). */
    AKSNET_FEATURE_APP_GATEWAY_INGRESS = 1u << 2,         /**< AGIC add-on. */
    AKSNET_FEATURE_APP_GATEWAY_FOR_CONTAINERS = 1u << 3,  /**< Application Gateway for Containers. */
    AKSNET_FEATURE_WINDOWS = 1u << 4,                     /**< Windows pools (planned or present). */
    AKSNET_FEATURE_NAT_GATEWAY = 1u << 5,                 /**< Standard NAT Gateway outbound. */
    AKSNET_FEATURE_AVAILABILITY_SETS = 1u << 6,           /**< VM availability set pools. */
    AKSNET_FEATURE_API_SERVER_VNET_INTEGRATION = 1u << 7  /**< Delegated API server subnet. */
};

/** Flags of ::aksnet_prefix_parse and ::aksnet_address_parse (bit mask). */
enum aksnet_parse_flag {
    AKSNET_PARSE_STRICT = 0,               /**< Default: strict parsing. */
    AKSNET_PARSE_MASK_HOST_BITS = 1u << 0, /**< Lenient: clear host bits instead of failing. */
    AKSNET_PARSE_ALLOW_ADDRESS = 1u << 1,  /**< A bare address is a /32 or /128 prefix. */
    AKSNET_PARSE_IPV4_ONLY = 1u << 2,      /**< Reject IPv6. */
    AKSNET_PARSE_IPV6_ONLY = 1u << 3,      /**< Reject IPv4. */
    AKSNET_PARSE_DECIMAL_ZEROS = 1u << 4   /**< Lenient: read "010" as decimal 10 and "/08" as /8
                                                (as Terraform's parser does). */
};

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Value types
 *  @{ */

/**
 * An IPv4 or IPv6 address. Fixed layout, 20 bytes, alignment 1.
 *
 * `bytes` holds the address in network byte order: IPv4 in `bytes[0..3]` with `bytes[4..15]`
 * zero, IPv6 in all 16 bytes. `family` 0 means "no address" in optional fields.
 */
typedef struct aksnet_address {
    uint8_t family;      /**< ::aksnet_family. */
    uint8_t reserved[3]; /**< Zero. */
    uint8_t bytes[16];   /**< Address, network byte order. */
} aksnet_address;

/**
 * An IPv4 or IPv6 prefix (CIDR block). Fixed layout, 20 bytes, alignment 1.
 *
 * `bytes` holds the network address in network byte order (IPv4 in `bytes[0..3]`, the rest
 * zero); functions that produce prefixes always clear host bits. `length` is 0..32 or 0..128.
 * `family` 0 means "no prefix" in optional fields.
 */
typedef struct aksnet_prefix {
    uint8_t family;      /**< ::aksnet_family. */
    uint8_t length;      /**< Prefix length. */
    uint8_t reserved[2]; /**< Zero. */
    uint8_t bytes[16];   /**< Network address, network byte order. */
} aksnet_prefix;

/** Buffer size that holds any formatted prefix including the NUL ("ffff:...:ffff/128"). */
#define AKSNET_PREFIX_STRLEN 44
/** Buffer size that holds any formatted address including the NUL. */
#define AKSNET_ADDRESS_STRLEN 40
/** Longest text the prefix and address parsers accept (longer input is rejected). */
#define AKSNET_PREFIX_TEXT_MAX 64

/** Size of ::aksnet_error's message buffer. */
#define AKSNET_ERROR_MESSAGE_MAX 512
/** Size of ::aksnet_error's path buffer. */
#define AKSNET_ERROR_PATH_MAX 256
/** Size of ::aksnet_error's suggestion buffer. */
#define AKSNET_ERROR_SUGGESTION_MAX 64

/**
 * Detailed error information, filled by functions that take an optional `aksnet_error *`
 * and returned by ::aksnet_plan_last_error.
 *
 * Set `size` to `sizeof(aksnet_error)` before passing one in (or use ::aksnet_error_init);
 * the library writes only the members that fit in `size`, so the struct can grow.
 */
typedef struct aksnet_error {
    size_t size;                                  /**< sizeof(aksnet_error), set by the caller. */
    aksnet_status code;                           /**< The status returned, or ::AKSNET_OK. */
    char message[AKSNET_ERROR_MESSAGE_MAX];       /**< What is wrong, with the actual values. */
    char path[AKSNET_ERROR_PATH_MAX];             /**< JSON pointer, field or argument name, or
                                                       the file name of an ::AKSNET_EIO error. */
    char suggestion[AKSNET_ERROR_SUGGESTION_MAX]; /**< What was probably meant, or "". */
    size_t offset; /**< Byte offset of the problem in the parsed text (0 if unknown). */
    uint32_t line;   /**< 1-based line in the parsed document, 0 if unknown. */
    uint32_t column; /**< 1-based column in the parsed document, 0 if unknown. */
} aksnet_error;

/** Custom allocation function: like malloc(3), with the allocator's payload. */
typedef void *(*aksnet_malloc_fn)(size_t size, void *payload);
/** Custom reallocation function: like realloc(3), with the allocator's payload. */
typedef void *(*aksnet_realloc_fn)(void *ptr, size_t size, void *payload);
/** Custom free function: like free(3) (must accept NULL), with the allocator's payload. */
typedef void (*aksnet_free_fn)(void *ptr, void *payload);

/**
 * A per-handle allocator. All memory that a plan, and the results and comparisons made from
 * it, allocate goes through these functions (jansson's own allocations while parsing JSON
 * text use jansson's allocator, which libaksnet never changes). There is no process-wide
 * allocator setting.
 */
typedef struct aksnet_allocator {
    aksnet_malloc_fn malloc_fn;   /**< Required. */
    aksnet_realloc_fn realloc_fn; /**< Required. */
    aksnet_free_fn free_fn;       /**< Required. */
    void *payload;                /**< Passed to every call; must outlive every handle. */
} aksnet_allocator;

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Errors and version
 *  @{ */

/**
 * @brief Describe a status code.
 * @param[in] code Any value; unknown codes get a generic text.
 * @return Static text, never NULL.
 *
 * Ownership: the string is static; never free it.
 * Thread-safety: always safe.
 * @since 1.0
 */
AKSNET_API const char *aksnet_strerror(int code);

/**
 * @brief Initialise an ::aksnet_error: zero it and set `size`.
 * @param[out] err The struct to initialise; NULL is ignored.
 *
 * Ownership: the caller owns @p err.
 * Thread-safety: safe on distinct structs.
 * @since 1.0
 */
AKSNET_API void aksnet_error_init(aksnet_error *err);

/**
 * @brief The library version as text, e.g. "1.0.0".
 * @return Static text, never NULL. Equals ::AKSNET_VERSION_STRING of the header the library
 *         was built with.
 *
 * Ownership: static; never free it. Thread-safety: always safe.
 * @since 1.0
 */
AKSNET_API const char *aksnet_version_string(void);

/**
 * @brief The library version as a number (major*10000 + minor*100 + patch).
 * @return The runtime version number; compare with ::AKSNET_VERSION_NUMBER.
 *
 * Thread-safety: always safe.
 * @since 1.0
 */
AKSNET_API int aksnet_version_number(void);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Addresses and prefixes
 *  Strict parsing, canonical formatting and prefix arithmetic for IPv4 and IPv6.
 *  All functions here are pure: they touch only their arguments and are safe to call from
 *  any thread. None allocates memory.
 *  @{ */

/**
 * @brief Parse an IPv4 or IPv6 prefix ("10.0.0.0/16", "fd00::/64").
 *
 * Strict by default. Rejected, each with its own message naming the problem and its byte
 * offset: empty input, input longer than ::AKSNET_PREFIX_TEXT_MAX, embedded NUL, leading or
 * trailing spaces, a missing '/', a missing, signed, leading-zero or out-of-range prefix
 * length, host bits set (the message and `err->suggestion` give the network it probably
 * meant: "10.0.0.1/24" suggests "10.0.0.0/24"), an IPv4 octet with a leading zero (ambiguous
 * octal, CVE-2021-29921), an octet above 255, too few or too many octets, and for IPv6 a
 * second "::", a group of more than 4 hex digits, too many groups, a misplaced IPv4 tail and
 * zone ids ("%eth0"). Every RFC 4291 text form is accepted, including "::" and an embedded
 * IPv4 tail.
 *
 * @param[out] out The parsed prefix (network address, host bits clear). Zeroed on failure.
 * @param[in] text The text; need not be NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[in] flags ::aksnet_parse_flag bits; ::AKSNET_PARSE_STRICT (0) for the default.
 * @param[out] err Optional details (may be NULL).
 * @return ::AKSNET_OK, ::AKSNET_EPARSE (bad text), ::AKSNET_EINVAL (NULL @p out or @p text
 *         with non-zero @p len, unknown flags, ::AKSNET_PARSE_IPV4_ONLY together with
 *         ::AKSNET_PARSE_IPV6_ONLY).
 *
 * Ownership: writes only into @p out and @p err. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_parse(aksnet_prefix *out, const char *text, size_t len,
                                             unsigned int flags, aksnet_error *err);

/**
 * @brief Parse an IPv4 or IPv6 address, with the same strictness as ::aksnet_prefix_parse.
 *
 * @param[out] out The address. Zeroed on failure.
 * @param[in] text The text; need not be NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[in] flags ::AKSNET_PARSE_IPV4_ONLY, ::AKSNET_PARSE_IPV6_ONLY,
 *            ::AKSNET_PARSE_DECIMAL_ZEROS or 0.
 * @param[out] err Optional details (may be NULL).
 * @return ::AKSNET_OK, ::AKSNET_EPARSE, ::AKSNET_EINVAL.
 *
 * Ownership: writes only into @p out and @p err. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_address_parse(aksnet_address *out, const char *text, size_t len,
                                              unsigned int flags, aksnet_error *err);

/**
 * @brief Format a prefix canonically ("10.0.0.0/16"; IPv6 per RFC 5952: lower case, the
 * longest run of two or more zero groups compressed, the first on ties).
 *
 * @param[out] buf Destination, or NULL with @p buflen 0 to query the size.
 * @param[in] buflen Size of @p buf; ::AKSNET_PREFIX_STRLEN is always enough.
 * @param[out] needed Optional: receives the size needed including the NUL.
 * @param[in] prefix The prefix.
 * @return ::AKSNET_OK, ::AKSNET_EBUFS, ::AKSNET_EINVAL (NULL or invalid prefix).
 *
 * Ownership: the caller owns @p buf. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_format(char *buf, size_t buflen, size_t *needed,
                                              const aksnet_prefix *prefix);

/**
 * @brief Format an address canonically (IPv6 per RFC 5952).
 *
 * @param[out] buf Destination, or NULL with @p buflen 0 to query the size.
 * @param[in] buflen Size of @p buf; ::AKSNET_ADDRESS_STRLEN is always enough.
 * @param[out] needed Optional: receives the size needed including the NUL.
 * @param[in] address The address.
 * @return ::AKSNET_OK, ::AKSNET_EBUFS, ::AKSNET_EINVAL.
 *
 * Ownership: the caller owns @p buf. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_address_format(char *buf, size_t buflen, size_t *needed,
                                               const aksnet_address *address);

/**
 * @brief Total order on prefixes: family (IPv4 first), then network address, then length
 * (shorter first, so a prefix sorts before the prefixes it contains). NULL sorts first.
 *
 * @param[in] a First prefix.
 * @param[in] b Second prefix.
 * @return Negative, zero or positive like strcmp(3).
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API int aksnet_prefix_compare(const aksnet_prefix *a, const aksnet_prefix *b);

/**
 * @brief Whether @p outer contains every address of @p inner (a prefix contains itself).
 * @param[in] outer The containing prefix.
 * @param[in] inner The contained prefix.
 * @return 1 or 0; 0 for NULL arguments or different families.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API int aksnet_prefix_contains(const aksnet_prefix *outer, const aksnet_prefix *inner);

/**
 * @brief Whether @p prefix contains @p address.
 * @param[in] prefix The prefix.
 * @param[in] address The address.
 * @return 1 or 0; 0 for NULL arguments or different families.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API int aksnet_prefix_contains_address(const aksnet_prefix *prefix,
                                              const aksnet_address *address);

/**
 * @brief Whether two prefixes share at least one address.
 * @param[in] a First prefix.
 * @param[in] b Second prefix.
 * @return 1 or 0; 0 for NULL arguments or different families.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API int aksnet_prefix_overlaps(const aksnet_prefix *a, const aksnet_prefix *b);

/**
 * @brief First address of a prefix (its network address).
 * @param[out] out The address.
 * @param[in] prefix The prefix.
 * @return ::AKSNET_OK or ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_first(aksnet_address *out, const aksnet_prefix *prefix);

/**
 * @brief Last address of a prefix (the IPv4 broadcast address).
 * @param[out] out The address.
 * @param[in] prefix The prefix.
 * @return ::AKSNET_OK or ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_last(aksnet_address *out, const aksnet_prefix *prefix);

/**
 * @brief Number of addresses in a prefix: 2^(bits - length).
 *
 * Exact for every IPv4 prefix and for IPv6 prefixes of length 65 or more. IPv6 prefixes of
 * length 64 or less hold 2^64 or more addresses; the result then saturates at UINT64_MAX.
 *
 * @param[in] prefix The prefix.
 * @return The count, or 0 for NULL or an invalid prefix.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API uint64_t aksnet_prefix_num_addresses(const aksnet_prefix *prefix);

/**
 * @brief Addresses of an Azure subnet that resources can use: the size minus the 5 that Azure
 * reserves (network address, .1 gateway, .2 and .3 DNS, last address).
 *
 * IPv4: 2^(32 - length) - 5, defined for /8 (the largest subnet libaksnet plans; the current
 * Azure FAQ allows /2, an older revision /8: the conservative reading is used) to /29 (the
 * smallest Azure subnet, 3 usable). IPv6: Azure subnets are exactly /64, giving 2^64 - 5.
 * Source: Azure virtual network FAQ (virtual-networks-faq.md).
 *
 * @param[out] out The usable count.
 * @param[in] prefix The subnet.
 * @return ::AKSNET_OK, ::AKSNET_ERANGE (not a valid Azure subnet size), ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_azure_usable(uint64_t *out, const aksnet_prefix *prefix);

/**
 * @brief The longest IPv4 prefix length (smallest subnet) whose Azure-usable count
 * (2^(32 - length) - 5) holds @p ips addresses. Never longer than /29.
 *
 * @param[out] out The prefix length, 8..29.
 * @param[in] ips Addresses needed.
 * @return ::AKSNET_OK, ::AKSNET_ERANGE (more than a /8 holds), ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_length_for_ips(uint8_t *out, uint64_t ips);

/**
 * @brief The n-th address of a prefix (0 is the network address).
 * @param[out] out The address.
 * @param[in] prefix The prefix.
 * @param[in] n Index; must be below the number of addresses in the prefix.
 * @return ::AKSNET_OK, ::AKSNET_ERANGE, ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_nth_address(aksnet_address *out,
                                                   const aksnet_prefix *prefix, uint64_t n);

/**
 * @brief Subnet number @p k of length @p new_length inside @p prefix (like Terraform's
 * `cidrsubnet(prefix, new_length - length, k)`).
 * @param[out] out The subnet.
 * @param[in] prefix The parent prefix.
 * @param[in] new_length Length of the subnet; at least the parent's length.
 * @param[in] k Subnet number, below 2^(new_length - length).
 * @return ::AKSNET_OK, ::AKSNET_ERANGE, ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_subnet(aksnet_prefix *out, const aksnet_prefix *prefix,
                                              uint8_t new_length, uint64_t k);

/**
 * @brief The next prefix of the same length (the block just after @p prefix).
 * @param[out] out The next prefix.
 * @param[in] prefix The prefix.
 * @return ::AKSNET_OK, ::AKSNET_ERANGE (past the end of the address space), ::AKSNET_EINVAL.
 *
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_next(aksnet_prefix *out, const aksnet_prefix *prefix);

/**
 * @brief Normalise a list of prefixes in place and count the overlapping pairs it had.
 *
 * Sorts @p prefixes, counts every pair (i, j), i < j, of input prefixes that share an
 * address, then rewrites the array as the minimal sorted list of prefixes covering exactly
 * the same addresses (duplicates and contained prefixes dropped, adjacent siblings merged).
 * Runs in O(n log n) and allocates nothing. IPv4 and IPv6 may be mixed.
 *
 * @param[in,out] prefixes The list; rewritten in place.
 * @param[in] count Number of prefixes.
 * @param[out] count_out Optional: number of prefixes after normalising (<= @p count).
 * @param[out] overlapping_pairs_out Optional: number of overlapping input pairs.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL (NULL with count > 0, or an invalid prefix).
 *
 * Ownership: the caller owns the array. Thread-safety: safe on distinct arrays.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_prefix_normalize(aksnet_prefix *prefixes, size_t count,
                                                 size_t *count_out,
                                                 uint64_t *overlapping_pairs_out);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Names of enumeration values
 *  Conversions between enumeration values and the names used in plan files, JSON output
 *  and the CLI. All return static strings (never NULL; "unknown" for bad values) and are
 *  always thread-safe.
 *  @{ */

/**
 * @brief CLI name of a mode: "kubenet", "azure", "azure-pod-subnet", "azure-static-block",
 * "azure-overlay" or "none".
 * @param[in] mode An ::aksnet_mode value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_mode_name(int mode);

/**
 * @brief Parse a mode name as produced by ::aksnet_mode_name.
 * @param[out] out The ::aksnet_mode value.
 * @param[in] name NUL-terminated name.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND (unknown name), ::AKSNET_EINVAL (NULL).
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_mode_from_name(int *out, const char *name);

/**
 * @brief Name of a limit: "none", "node_subnet", "pod_cidr", "pod_subnet", "pool_limit",
 * "cluster_limit", "kubenet_limit", "subnet_size", "max_pods".
 * @param[in] limit An ::aksnet_limit value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_limit_name(int limit);

/**
 * @brief Name of a severity: "info", "warning", "error".
 * @param[in] severity An ::aksnet_severity value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_severity_name(int severity);

/**
 * @brief Name of a purpose: "nodes", "pods", "requested", "existing", "apiserver".
 * @param[in] purpose An ::aksnet_purpose value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_purpose_name(int purpose);

/**
 * @brief Name of a strategy: "default", "compact", "ordered", "terraform".
 * @param[in] strategy An ::aksnet_strategy value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_strategy_name(int strategy);

/**
 * @brief Parse a strategy name ("compact", "ordered", "terraform").
 * @param[out] out The ::aksnet_strategy value.
 * @param[in] name NUL-terminated name.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_strategy_from_name(int *out, const char *name);

/**
 * @brief Name of a migration kind: "current", "in-place", "new-cluster".
 * @param[in] migration An ::aksnet_migration value.
 * @return Static text.
 * @since 1.0
 */
AKSNET_API const char *aksnet_migration_name(int migration);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Sizing and capacity (pure functions)
 *  The formulas, with their sources, are in docs/sizing.md.
 *  @{ */

/** Current version of ::aksnet_size_options and ::aksnet_capacity_options. */
#define AKSNET_SIZE_OPTIONS_VERSION 1

/**
 * Input of ::aksnet_size: one node pool (or several identical ones summed) in one mode.
 * Initialise with ::aksnet_size_options_init.
 */
typedef struct aksnet_size_options {
    unsigned int version;    /**< ::AKSNET_SIZE_OPTIONS_VERSION. */
    int mode;                /**< ::aksnet_mode (required). */
    int dataplane;           /**< ::aksnet_dataplane (cilium needs an Azure CNI mode). */
    uint32_t nodes;          /**< Pool size P: the count, or the autoscaler max-count. */
    uint32_t max_pods;       /**< Pods per node, 10..250; 0 for the mode's default. */
    int max_surge_kind;      /**< ::aksnet_surge_kind. */
    uint32_t max_surge;      /**< Node count or percentage (0..100), per max_surge_kind. */
    uint32_t expected_pods;  /**< Dynamic pod subnet: pods expected per node; 0 = max_pods. */
    uint32_t extra_ips;      /**< Other users of the node subnet: ILBs, private endpoint, PLS. */
    unsigned int dual_stack; /**< Non-zero for IPv4+IPv6 (kubenet then allows 200 nodes). */
} aksnet_size_options;

/**
 * Output of ::aksnet_size. Set `size` to `sizeof(aksnet_size_result)` before the call.
 * Prefix lengths are 0 and counts 0 for parts the mode does not have.
 */
typedef struct aksnet_size_result {
    size_t size;                       /**< sizeof(aksnet_size_result), set by the caller. */
    int mode;                          /**< The mode sized. */
    uint32_t nodes;                    /**< P. */
    uint32_t surge_nodes;              /**< S. */
    uint32_t max_pods;                 /**< maxPods used (the default when 0 was given). */
    uint32_t expected_pods;            /**< D used (dynamic pod subnet), else 0. */
    int exceeded;                      /**< ::aksnet_limit broken, or ::AKSNET_LIMIT_NONE. */
    unsigned int has_pod_subnet;       /**< Non-zero for the two pod-subnet modes. */
    unsigned int has_pod_cidr;         /**< Non-zero for kubenet and overlay (BYO CNI: AKS
                                            carves no per-node ranges, nothing to size). */
    uint8_t node_subnet_prefix_length; /**< Smallest node subnet (longest prefix); 0 when no
                                            subnet up to /8 holds it. */
    uint8_t pod_subnet_prefix_length;  /**< Smallest pod subnet, or 0. */
    uint8_t pod_cidr_prefix_length;    /**< Smallest pod CIDR, or 0. */
    uint8_t reserved[5];               /**< Zero. */
    uint64_t node_subnet_ips;          /**< IPs the node subnet must hold. */
    uint64_t node_subnet_usable;       /**< Azure-usable IPs of that subnet. */
    uint64_t pod_ips_per_node;         /**< Pod-subnet IPs reserved per node. */
    uint64_t pod_subnet_ips;           /**< IPs the pod subnet must hold. */
    uint64_t pod_subnet_blocks;        /**< Static block: /28 blocks needed, else 0. */
    uint64_t pod_subnet_blocks_available; /**< Static block: /28 blocks the chosen pod subnet
                                               offers, 2^(28-L) - 2; else 0. */
    uint64_t pod_subnet_usable;        /**< Azure-usable IPs of that pod subnet. */
    uint64_t pod_cidr_addresses_required; /**< 256 per node. */
    uint64_t pod_cidr_addresses;       /**< Addresses of that pod CIDR. */
} aksnet_size_result;

/**
 * Input of ::aksnet_capacity. Prefixes with family 0 are "not given".
 * Initialise with ::aksnet_capacity_options_init.
 */
typedef struct aksnet_capacity_options {
    unsigned int version;     /**< ::AKSNET_SIZE_OPTIONS_VERSION. */
    int mode;                 /**< ::aksnet_mode (required). */
    int dataplane;            /**< ::aksnet_dataplane. */
    aksnet_prefix node_subnet; /**< The node subnet (required, IPv4). */
    aksnet_prefix pod_cidr;   /**< kubenet/overlay: the pod CIDR (default 10.244.0.0/16);
                                   accepted for none but not counted. */
    aksnet_prefix pod_subnet; /**< Pod-subnet modes: the pod subnet (required there). */
    uint32_t max_pods;        /**< 0 for the mode's default. */
    int max_surge_kind;       /**< ::aksnet_surge_kind. */
    uint32_t max_surge;       /**< Node count or percentage. */
    uint32_t expected_pods;   /**< Dynamic pod subnet: pods expected per node; 0 = max_pods. */
    uint32_t extra_ips;       /**< IPs of the node subnet used by other things. */
    unsigned int dual_stack;  /**< Non-zero for IPv4+IPv6. */
} aksnet_capacity_options;

/** Output of ::aksnet_capacity. Set `size` to `sizeof(aksnet_capacity_result)` first. */
typedef struct aksnet_capacity_result {
    size_t size;                /**< sizeof(aksnet_capacity_result), set by the caller. */
    int mode;                   /**< The mode evaluated. */
    uint32_t max_pods;          /**< maxPods used. */
    uint32_t max_nodes;         /**< All nodes that fit at once, surge nodes included. */
    uint32_t max_pool_nodes;    /**< Largest pool size P whose P + S(P) fits. */
    uint32_t surge_nodes;       /**< S at that P. */
    int limited_by;             /**< ::aksnet_limit that binds max_pool_nodes. */
    uint32_t node_subnet_nodes; /**< Nodes the node subnet alone holds. */
    uint32_t pod_nodes;         /**< Nodes the pod CIDR or pod subnet alone holds, or
                                     UINT32_MAX when the mode has neither to size (node
                                     subnet, none). */
    int max_nodes_limited_by;   /**< ::aksnet_limit that binds max_nodes (node subnet, pod
                                     range, kubenet or cluster limit). */
    unsigned int fits;          /**< Non-zero when a valid pool fits: at least one node, and
                                     room for 30 pods when max pods is below 30. */
} aksnet_capacity_result;

/**
 * @brief Initialise size options: version set, mode unset, everything else 0 (defaults).
 * @param[out] opts The options; NULL is ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_size_options_init(aksnet_size_options *opts);

/**
 * @brief Initialise capacity options: version set, prefixes unset, everything else 0.
 * @param[out] opts The options; NULL is ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_capacity_options_init(aksnet_capacity_options *opts);

/**
 * @brief Size the subnets and pod ranges one pool needs in one mode.
 *
 * Nodes reserved = P + S, where S = min(N, P) for a surge count N and ceil(x * P / 100) for
 * x%. Node subnet IPs: (P+S)*(maxPods+1) in node-subnet mode, else P+S; plus extra_ips.
 * Pod CIDR: 256 per node. Dynamic pod subnet: 16*ceil(0.5 + D/16) per node, at most
 * maxPods rounded up to 16. Static block: ceil((maxPods+1)/16) /28 blocks per node.
 * A limit that the pool breaks is reported in `exceeded`, not as an error status.
 *
 * @param[out] out The result; its `size` member must be set.
 * @param[in] opts The pool.
 * @param[out] err Optional details (may be NULL).
 * @return ::AKSNET_OK, ::AKSNET_EINVAL (NULL, bad version, unknown mode or data plane,
 *         cilium with kubenet or none, `size` too small), ::AKSNET_ERANGE (max_pods outside
 *         10..250, surge percent above 100, arithmetic overflow), ::AKSNET_ECONFLICT
 *         (expected_pods outside the dynamic pod subnet mode).
 *
 * Ownership: writes only into @p out and @p err. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_size(aksnet_size_result *out, const aksnet_size_options *opts,
                                     aksnet_error *err);

/**
 * @brief The inverse of ::aksnet_size: how many nodes fit in the given subnet (and pod CIDR
 * or pod subnet), and which resource or AKS limit binds. Exact at the boundary: one more node
 * would not fit.
 *
 * @param[out] out The result; its `size` member must be set.
 * @param[in] opts The subnets and pool settings.
 * @param[out] err Optional details (may be NULL).
 * @return ::AKSNET_OK, ::AKSNET_EINVAL (NULL, missing node subnet, pod subnet missing in a
 *         pod-subnet mode, IPv6 node subnet), ::AKSNET_ERANGE (bad max_pods or surge, subnet
 *         smaller than /29 or larger than /8), ::AKSNET_ECONFLICT (expected_pods outside the
 *         dynamic mode, a pod subnet or pod CIDR in a mode that has none).
 *
 * Ownership: writes only into @p out and @p err. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_capacity(aksnet_capacity_result *out,
                                         const aksnet_capacity_options *opts, aksnet_error *err);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Plans
 *  A plan is built from a JSON document (docs/plan-format.md) or programmatically.
 *  @{ */

/** Current version of ::aksnet_plan_options. */
#define AKSNET_PLAN_OPTIONS_VERSION 1
/** Current version of ::aksnet_request_options. */
#define AKSNET_REQUEST_OPTIONS_VERSION 1
/** Current version of ::aksnet_cluster_options. */
#define AKSNET_CLUSTER_OPTIONS_VERSION 1
/** Current version of ::aksnet_pool_options. */
#define AKSNET_POOL_OPTIONS_VERSION 1
/** Current version of ::aksnet_allocate_options. */
#define AKSNET_ALLOCATE_OPTIONS_VERSION 1

/** Options for creating or loading a plan. Initialise with ::aksnet_plan_options_init. */
typedef struct aksnet_plan_options {
    unsigned int version;              /**< ::AKSNET_PLAN_OPTIONS_VERSION. */
    const aksnet_allocator *allocator; /**< NULL for malloc/realloc/free. Copied. */
    unsigned int flags;                /**< Reserved; must be 0. */
} aksnet_plan_options;

/** How a subnet request is sized. */
enum aksnet_request_kind {
    AKSNET_REQUEST_PREFIX_LENGTH = 1, /**< A given prefix length. */
    AKSNET_REQUEST_IPS = 2,           /**< The smallest subnet with this many usable IPs. */
    AKSNET_REQUEST_CIDR = 3           /**< A fixed CIDR (pinned). */
};

/** A subnet request (firewall, bastion, private endpoints...). */
typedef struct aksnet_request_options {
    unsigned int version;  /**< ::AKSNET_REQUEST_OPTIONS_VERSION. */
    const char *name;      /**< Subnet name (required, unique in the plan). */
    int kind;              /**< ::aksnet_request_kind. */
    uint8_t prefix_length; /**< For ::AKSNET_REQUEST_PREFIX_LENGTH: 8..29. */
    uint64_t ips;          /**< For ::AKSNET_REQUEST_IPS: usable IPs needed (>= 1). */
    aksnet_prefix cidr;    /**< For ::AKSNET_REQUEST_CIDR. */
    unsigned int ipv6;     /**< Non-zero: also give it a /64 from an IPv6 address space. */
    aksnet_prefix cidr_ipv6; /**< For ::AKSNET_REQUEST_CIDR: its pinned IPv6 /64, or family 0. */
} aksnet_request_options;

/** A cluster. Prefixes and addresses with family 0 are "not given" (chosen by allocation). */
typedef struct aksnet_cluster_options {
    unsigned int version;             /**< ::AKSNET_CLUSTER_OPTIONS_VERSION. */
    const char *name;                 /**< Cluster name (required, unique in the plan). */
    int network_plugin;               /**< ::aksnet_plugin. */
    int network_plugin_mode;          /**< ::aksnet_plugin_mode. */
    int network_dataplane;            /**< ::aksnet_dataplane. */
    int network_policy;               /**< ::aksnet_policy. */
    unsigned int dual_stack;          /**< Non-zero for ip_families IPv4+IPv6. */
    aksnet_prefix pod_cidr;           /**< IPv4 pod CIDR. */
    aksnet_prefix pod_cidr_ipv6;      /**< IPv6 pod CIDR (dual-stack). */
    aksnet_prefix service_cidr;       /**< IPv4 service CIDR. */
    aksnet_prefix service_cidr_ipv6;  /**< IPv6 service CIDR (dual-stack). */
    aksnet_address dns_service_ip;    /**< DNS service IP. */
    unsigned int private_cluster;     /**< Non-zero: private API endpoint in the first pool's subnet. */
    uint32_t load_balancer_ips;       /**< Internal LB frontends in the first pool's subnet. */
    uint32_t private_link_service_ips; /**< PLS NAT IPs in the first pool's subnet. */
    double growth;                    /**< Node-count multiplier, 1.0..100.0; 0 means 1.0. */
    unsigned int features;            /**< ::aksnet_feature bits. */
    const char *kubernetes_version;   /**< "1.30" etc., or NULL (the current default). */
} aksnet_cluster_options;

/** A node pool of a cluster. */
typedef struct aksnet_pool_options {
    unsigned int version;  /**< ::AKSNET_POOL_OPTIONS_VERSION. */
    const char *name;      /**< Pool name (required, unique in its cluster). */
    int mode;              /**< ::aksnet_pool_mode. */
    int os_type;           /**< ::aksnet_os. */
    const char *vm_size;   /**< VM size or NULL (used for the overlay DCsv2 rule). */
    uint32_t count;        /**< Node count (initial count when autoscaling). */
    unsigned int autoscale; /**< Non-zero: cluster autoscaler with min_count..max_count. */
    uint32_t min_count;    /**< Autoscaler minimum. */
    uint32_t max_count;    /**< Autoscaler maximum (what IPs are reserved for). */
    uint32_t max_pods;     /**< 10..250, or 0 for the mode's default. */
    int max_surge_kind;    /**< ::aksnet_surge_kind. */
    uint32_t max_surge;    /**< Node count or percentage. */
    uint32_t expected_pods; /**< Dynamic pod subnet: expected pods per node, 0 = max_pods. */
    const char *subnet;    /**< Node subnet name; NULL for "<cluster>-nodes". */
    const char *pod_subnet; /**< Pod subnet name; NULL for none. */
    int pod_allocation;    /**< ::aksnet_pod_allocation. */
} aksnet_pool_options;

/** Options of ::aksnet_plan_allocate and ::aksnet_plan_compare. */
typedef struct aksnet_allocate_options {
    unsigned int version; /**< ::AKSNET_ALLOCATE_OPTIONS_VERSION. */
    int strategy;         /**< ::aksnet_strategy; ::AKSNET_STRATEGY_DEFAULT for the plan's. */
    int32_t as_of;        /**< Date for lifecycle rules as YYYYMMDD; 0 for today (UTC). */
    unsigned int flags;   /**< Reserved; must be 0. */
} aksnet_allocate_options;

/**
 * @brief Initialise plan options to their defaults. @param[out] opts NULL is ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_plan_options_init(aksnet_plan_options *opts);
/**
 * @brief Initialise request options (kind unset). @param[out] opts NULL is ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_request_options_init(aksnet_request_options *opts);
/**
 * @brief Initialise cluster options (plugin unset, growth 1.0). @param[out] opts NULL is
 * ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_cluster_options_init(aksnet_cluster_options *opts);
/**
 * @brief Initialise pool options (count 0, defaults everywhere). @param[out] opts NULL is
 * ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_pool_options_init(aksnet_pool_options *opts);
/**
 * @brief Initialise allocate options (default strategy, today). @param[out] opts NULL is
 * ignored.
 * @since 1.0
 */
AKSNET_API void aksnet_allocate_options_init(aksnet_allocate_options *opts);

/**
 * @brief Create an empty plan (no VNet address space yet, strategy compact).
 * @param[out] out The new plan; NULL on failure.
 * @param[in] opts Options, or NULL for defaults.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 *
 * Ownership: the caller owns *@p out and releases it with ::aksnet_plan_free.
 * Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_new(aksnet_plan **out, const aksnet_plan_options *opts);

/**
 * @brief Load a plan from a JSON document (docs/plan-format.md). Strict: unknown keys,
 * duplicate keys, wrong types, bad CIDRs and contradictory fields are errors; @p err names
 * the JSON pointer and the line and column.
 *
 * @param[out] out The new plan; NULL on failure (nothing partial is returned).
 * @param[in] text The document; need not be NUL-terminated.
 * @param[in] len Length of @p text in bytes.
 * @param[in] opts Options, or NULL for defaults.
 * @param[out] err Optional details (may be NULL).
 * @return ::AKSNET_OK, ::AKSNET_EPARSE (syntax, types, keys, CIDRs), ::AKSNET_ECONFLICT
 *         (contradictory fields), ::AKSNET_ERANGE (numbers out of range), ::AKSNET_EINVAL,
 *         ::AKSNET_ENOMEM.
 *
 * Ownership: the caller owns *@p out. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_from_json(aksnet_plan **out, const char *text, size_t len,
                                               const aksnet_plan_options *opts,
                                               aksnet_error *err);

/**
 * @brief Load a plan from a JSON file; like ::aksnet_plan_from_json.
 * @param[out] out The new plan; NULL on failure.
 * @param[in] path File name.
 * @param[in] opts Options, or NULL for defaults.
 * @param[out] err Optional details (may be NULL).
 * @return As ::aksnet_plan_from_json, plus ::AKSNET_EIO (cannot open or read, a directory,
 *         larger than 64 MiB).
 *
 * Ownership: the caller owns *@p out. Thread-safety: safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_from_file(aksnet_plan **out, const char *path,
                                               const aksnet_plan_options *opts,
                                               aksnet_error *err);

/**
 * @brief Free a plan. Results and comparisons made from it stay valid.
 * @param[in] plan The plan, or NULL.
 * @since 1.0
 */
AKSNET_API void aksnet_plan_free(aksnet_plan *plan);

/**
 * @brief Details of the last failed call on @p plan.
 * @param[in] plan The plan.
 * @return Borrowed pointer valid until the next call on @p plan; its `code` is ::AKSNET_OK
 *         when the last call succeeded. NULL only when @p plan is NULL.
 * @since 1.0
 */
AKSNET_API const aksnet_error *aksnet_plan_last_error(const aksnet_plan *plan);

/**
 * @brief Set the plan's name (the title of reports).
 * @param[in] plan The plan.
 * @param[in] name NUL-terminated, 1..256 bytes of UTF-8; copied.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_set_name(aksnet_plan *plan, const char *name);

/**
 * @brief Set the VNet's name.
 * @param[in] plan The plan.
 * @param[in] name NUL-terminated, 1..256 bytes; copied.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_set_vnet_name(aksnet_plan *plan, const char *name);

/**
 * @brief Set the default allocation strategy of the plan.
 * @param[in] plan The plan.
 * @param[in] strategy ::aksnet_strategy (not ::AKSNET_STRATEGY_DEFAULT).
 * @return ::AKSNET_OK, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_set_strategy(aksnet_plan *plan, int strategy);

/**
 * @brief Add an address space to the VNet.
 * @param[in] plan The plan.
 * @param[in] prefix The prefix; may not overlap another address space.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_EOVERLAP, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_address_space(aksnet_plan *plan,
                                                       const aksnet_prefix *prefix);

/**
 * @brief Add an existing subnet of the VNet (never moved).
 * @param[in] plan The plan.
 * @param[in] name Unique subnet name; copied.
 * @param[in] cidr Its IPv4 (or IPv6-only) prefix.
 * @param[in] cidr_ipv6 Its IPv6 prefix in a dual-stack subnet, or NULL.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ECONFLICT (duplicate name), ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_subnet(aksnet_plan *plan, const char *name,
                                                const aksnet_prefix *cidr,
                                                const aksnet_prefix *cidr_ipv6);

/**
 * @brief Hold a range of the VNet back: nothing is allocated in it.
 * @param[in] plan The plan.
 * @param[in] prefix The range.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_reserved(aksnet_plan *plan, const aksnet_prefix *prefix);

/**
 * @brief Add a range nothing may overlap (peered VNets, on-premises, VPN).
 * @param[in] plan The plan.
 * @param[in] prefix The range.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_avoid(aksnet_plan *plan, const aksnet_prefix *prefix);

/**
 * @brief Add a subnet request.
 * @param[in] plan The plan.
 * @param[in] request The request; strings are copied.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ERANGE, ::AKSNET_ECONFLICT, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_request(aksnet_plan *plan,
                                                 const aksnet_request_options *request);

/**
 * @brief Add a cluster.
 * @param[out] index_out Optional: the cluster's index, for ::aksnet_plan_add_pool.
 * @param[in] plan The plan.
 * @param[in] cluster The cluster; strings are copied.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ERANGE, ::AKSNET_ECONFLICT, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_cluster(size_t *index_out, aksnet_plan *plan,
                                                 const aksnet_cluster_options *cluster);

/**
 * @brief Add a node pool to a cluster.
 * @param[in] plan The plan.
 * @param[in] cluster_index Index from ::aksnet_plan_add_cluster.
 * @param[in] pool The pool; strings are copied.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOTFOUND (no such cluster),
 *         ::AKSNET_ERANGE, ::AKSNET_ECONFLICT, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_add_pool(aksnet_plan *plan, size_t cluster_index,
                                              const aksnet_pool_options *pool);

/**
 * @brief Write the plan as a JSON plan document that ::aksnet_plan_from_json reads back.
 * @param[out] buf Destination, or NULL with @p buflen 0 to query the size.
 * @param[in] buflen Size of @p buf.
 * @param[out] needed Optional: size needed including the NUL.
 * @param[in] plan The plan.
 * @return ::AKSNET_OK, ::AKSNET_EBUFS, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_to_json(char *buf, size_t buflen, size_t *needed,
                                             aksnet_plan *plan);

/**
 * @brief Pin the subnets a previous allocation placed, so that allocating this plan again
 * keeps them where they are.
 *
 * For every subnet of @p previous that was placed and is not an existing subnet, when this
 * plan names a subnet of the same name (a cluster subnet or a subnet request) that is not
 * already fixed, the subnet is pinned to the previous prefix (like a subnet request with a
 * `cidr`). Subnets that no longer exist are ignored. If the pinned prefix is now too small,
 * allocation reports `subnet-too-small` instead of moving it. This is how to keep addresses
 * stable while a plan grows, under any strategy (docs/plan-format.md, "Stability").
 *
 * @param[in] plan The plan to pin (typically the edited version of the plan that produced
 *            @p previous).
 * @param[in] previous A result of an earlier allocation.
 * @param[out] pinned_out Optional: number of subnets pinned.
 * @return ::AKSNET_OK, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 *
 * Ownership: copies what it needs from @p previous. Thread-safety: one call per plan at a
 * time; @p previous may be shared.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_pin(aksnet_plan *plan, const aksnet_result *previous,
                                         size_t *pinned_out);

/**
 * @brief Size, allocate and validate the plan.
 *
 * Every subnet, the service CIDR, DNS service IP and pod CIDR are placed without overlaps
 * (existing subnets, reserved ranges, `avoid` ranges and the ranges AKS forbids are never
 * used), then every rule runs. A plan that does not fit is still a result: see
 * ::aksnet_result_fits and the diagnostics. Deterministic for the same input.
 *
 * @param[out] out The new result; NULL on failure.
 * @param[in] plan The plan (not modified, but its last error is set).
 * @param[in] opts Options, or NULL for defaults.
 * @return ::AKSNET_OK (also when the plan does not fit), ::AKSNET_EINVAL (bad options, plan
 *         without address space), ::AKSNET_ERANGE, ::AKSNET_ENOMEM.
 *
 * Ownership: the caller owns *@p out; it does not borrow from @p plan and outlives it.
 * Thread-safety: one call per plan at a time.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_allocate(aksnet_result **out, aksnet_plan *plan,
                                              const aksnet_allocate_options *opts);

/**
 * @brief Evaluate the plan's clusters under every plugin mode, keeping pools, features and
 * the VNet: IPs consumed, fit, node capacity, diagnostics and the migration path.
 *
 * @param[out] out The new comparison; NULL on failure.
 * @param[in] plan The plan.
 * @param[in] opts Options, or NULL for defaults.
 * @return As ::aksnet_plan_allocate.
 *
 * Ownership: the caller owns *@p out; it outlives @p plan.
 * Thread-safety: one call per plan at a time.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_plan_compare(aksnet_comparison **out, aksnet_plan *plan,
                                             const aksnet_allocate_options *opts);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Results
 *  A result is immutable: every getter is safe to call from several threads at once.
 *  Records are filled into caller structs whose `size` member must be set first; their
 *  strings are borrowed from the result.
 *  @{ */

/** One subnet of a result. */
typedef struct aksnet_subnet_info {
    size_t size;                    /**< sizeof(aksnet_subnet_info), set by the caller. */
    const char *name;               /**< Subnet name. */
    aksnet_prefix cidr;             /**< Placed prefix (IPv4, or the /64 of an IPv6-only
                                         subnet); family 0 when it did not fit. */
    aksnet_prefix cidr_ipv6;        /**< IPv6 /64 of a dual-stack subnet, or family 0. */
    int purpose;                    /**< ::aksnet_purpose. */
    const char *cluster;            /**< Cluster using it, or "" (several: the first). */
    size_t node_pool_count;         /**< Number of pools using it. */
    const char *const *node_pools;  /**< Names of those pools ("cluster/pool" when shared
                                         by clusters). */
    uint64_t ips_required;          /**< IPs that its users need. */
    uint64_t usable_ips;            /**< Azure-usable IPs of the placed prefix. */
    unsigned int existing;          /**< Non-zero for an existing subnet. */
    unsigned int placed;            /**< Non-zero when it has a prefix. */
    const char *path;               /**< JSON pointer of where the plan defines or names it. */
    uint64_t blocks_required;       /**< Static-block pod subnet: /28 blocks needed, else 0. */
    uint64_t blocks_available;      /**< Static-block pod subnet: /28 blocks it offers
                                         (2^(28-L) - 2), else 0. */
} aksnet_subnet_info;

/** One cluster of a result. */
typedef struct aksnet_cluster_info {
    size_t size;                  /**< sizeof(aksnet_cluster_info), set by the caller. */
    const char *name;             /**< Cluster name. */
    int network_plugin;           /**< ::aksnet_plugin (resolved: never unset). */
    int network_plugin_mode;      /**< ::aksnet_plugin_mode. */
    int network_dataplane;        /**< ::aksnet_dataplane. */
    int network_policy;           /**< ::aksnet_policy. */
    int mode;                     /**< ::aksnet_mode of its first pool. */
    unsigned int dual_stack;      /**< Non-zero for IPv4+IPv6. */
    aksnet_prefix pod_cidr;       /**< Pod CIDR, or family 0 for modes without one. */
    aksnet_prefix pod_cidr_ipv6;  /**< IPv6 pod CIDR, or family 0. */
    aksnet_prefix service_cidr;   /**< Service CIDR. */
    aksnet_prefix service_cidr_ipv6; /**< IPv6 service CIDR, or family 0. */
    aksnet_address dns_service_ip;   /**< DNS service IP. */
    uint32_t nodes;               /**< Sum of P + S over its pools. */
    size_t pool_count;            /**< Number of pools. */
    uint64_t pod_cidr_addresses_required; /**< kubenet, overlay: 256 per node, else 0. */
} aksnet_cluster_info;

/** One node pool of a result, with its sizing arithmetic. */
typedef struct aksnet_pool_info {
    size_t size;                /**< sizeof(aksnet_pool_info), set by the caller. */
    const char *name;           /**< Pool name. */
    int mode;                   /**< ::aksnet_mode. */
    int pool_mode;              /**< ::aksnet_pool_mode (resolved). */
    int os_type;                /**< ::aksnet_os. */
    uint32_t nodes;             /**< P: count or autoscaler max, times growth, rounded up. */
    uint32_t surge_nodes;       /**< S. */
    uint32_t max_pods;          /**< maxPods (resolved default). */
    const char *subnet;         /**< Node subnet name. */
    const char *pod_subnet;     /**< Pod subnet name, or "". */
    uint64_t node_subnet_ips;   /**< IPs this pool takes in its node subnet. */
    uint64_t pod_ips;           /**< Pod-subnet IPs, or pod-CIDR addresses (256 per node). */
    unsigned int autoscale;     /**< Non-zero with the cluster autoscaler (nodes = max-count). */
    int max_surge_kind;         /**< ::aksnet_surge_kind as given. */
    uint32_t max_surge;         /**< Surge count or percentage as given. */
    uint32_t expected_pods;     /**< Dynamic pod subnet: pods planned per node, else 0. */
    uint64_t pod_ips_per_node;  /**< Pod-subnet modes: IPs reserved per node, else 0. */
} aksnet_pool_info;

/** One diagnostic. */
typedef struct aksnet_diagnostic {
    size_t size;         /**< sizeof(aksnet_diagnostic), set by the caller. */
    int severity;        /**< ::aksnet_severity. */
    const char *code;    /**< Stable kebab-case code (docs/rules.md). */
    const char *path;    /**< JSON pointer into the plan, e.g. "/clusters/0/node_pools/1". */
    const char *message; /**< What is wrong, with the actual values. */
    const char *source;  /**< The document or API rule that states it. */
} aksnet_diagnostic;

/**
 * @brief Free a result. @param[in] result The result, or NULL.
 * @since 1.0
 */
AKSNET_API void aksnet_result_free(aksnet_result *result);

/**
 * @brief Whether everything was placed and no diagnostic has severity error.
 * @param[in] result The result.
 * @return 1 or 0 (0 for NULL).
 * @since 1.0
 */
AKSNET_API int aksnet_result_fits(const aksnet_result *result);

/**
 * @brief The strategy that was used.
 * @param[in] result The result.
 * @return An ::aksnet_strategy value (never DEFAULT), or 0 for NULL.
 * @since 1.0
 */
AKSNET_API int aksnet_result_strategy(const aksnet_result *result);

/**
 * @brief Number of subnets. @param[in] result The result. @return The count (0 for NULL).
 * @since 1.0
 */
AKSNET_API size_t aksnet_result_subnet_count(const aksnet_result *result);

/**
 * @brief Read subnet @p index.
 * @param[out] out The record; `size` must be set.
 * @param[in] result The result.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND (index), ::AKSNET_EINVAL.
 * Ownership: strings are borrowed from @p result.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_subnet(aksnet_subnet_info *out,
                                              const aksnet_result *result, size_t index);

/**
 * @brief Number of clusters. @param[in] result The result. @return The count (0 for NULL).
 * @since 1.0
 */
AKSNET_API size_t aksnet_result_cluster_count(const aksnet_result *result);

/**
 * @brief Read cluster @p index.
 * @param[out] out The record; `size` must be set.
 * @param[in] result The result.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_cluster(aksnet_cluster_info *out,
                                               const aksnet_result *result, size_t index);

/**
 * @brief Read pool @p pool_index of cluster @p cluster_index.
 * @param[out] out The record; `size` must be set.
 * @param[in] result The result.
 * @param[in] cluster_index Cluster index.
 * @param[in] pool_index Pool index within the cluster.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_pool(aksnet_pool_info *out, const aksnet_result *result,
                                            size_t cluster_index, size_t pool_index);

/**
 * @brief Number of free prefixes left in the VNet. @param[in] result The result.
 * @return The count (0 for NULL).
 * @since 1.0
 */
AKSNET_API size_t aksnet_result_free_count(const aksnet_result *result);

/**
 * @brief Read free prefix @p index (maximal aligned blocks, in address order).
 * @param[out] out The prefix.
 * @param[in] result The result.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_free_prefix(aksnet_prefix *out,
                                                   const aksnet_result *result, size_t index);

/**
 * @brief Number of diagnostics. @param[in] result The result. @return The count.
 * @since 1.0
 */
AKSNET_API size_t aksnet_result_diagnostic_count(const aksnet_result *result);

/**
 * @brief Read diagnostic @p index (errors first, then warnings, then infos; stable order).
 * @param[out] out The record; `size` must be set.
 * @param[in] result The result.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_diagnostic(aksnet_diagnostic *out,
                                                  const aksnet_result *result, size_t index);

/**
 * @brief Serialise a result as JSON, text, Terraform variables or an SVG address map.
 * @param[out] buf Destination, or NULL with @p buflen 0 to query the size.
 * @param[in] buflen Size of @p buf.
 * @param[out] needed Optional: size needed including the NUL.
 * @param[in] result The result.
 * @param[in] format ::aksnet_format.
 * @return ::AKSNET_OK, ::AKSNET_EBUFS, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 *
 * Thread-safety: safe on a shared result. Allocates temporary memory with the result's
 * allocator.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_result_write(char *buf, size_t buflen, size_t *needed,
                                             const aksnet_result *result, int format);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Plugin-mode comparison
 *  @{ */

/** One row of a comparison: the plan evaluated under one plugin mode and data plane. */
typedef struct aksnet_mode_summary {
    size_t size;          /**< sizeof(aksnet_mode_summary), set by the caller. */
    const char *label;    /**< e.g. "azure-overlay" or "azure-overlay+cilium". */
    int mode;             /**< ::aksnet_mode. */
    int dataplane;        /**< ::aksnet_dataplane. */
    unsigned int fits;    /**< Non-zero when placed with no error diagnostics. */
    uint64_t vnet_ips;    /**< VNet addresses its new and used subnets consume. */
    uint32_t max_nodes;   /**< Nodes its subnets and pod ranges could hold (first cluster,
                               first pool's settings). */
    size_t errors;        /**< Error diagnostics. */
    size_t warnings;      /**< Warning diagnostics. */
    int migration;        /**< ::aksnet_migration from the plan's current mode. */
    const char *migration_note; /**< The update steps and what must be true first (in place),
                                     or why a new cluster is needed; "" for the current mode.
                                     Borrowed from the comparison. */
} aksnet_mode_summary;

/**
 * @brief Free a comparison. @param[in] comparison The comparison, or NULL.
 * @since 1.0
 */
AKSNET_API void aksnet_comparison_free(aksnet_comparison *comparison);

/**
 * @brief Number of rows. @param[in] comparison The comparison. @return The count.
 * @since 1.0
 */
AKSNET_API size_t aksnet_comparison_count(const aksnet_comparison *comparison);

/**
 * @brief Read row @p index (rows that fit first, by VNet IPs consumed; then the others).
 * @param[out] out The record; `size` must be set.
 * @param[in] comparison The comparison.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_comparison_get(aksnet_mode_summary *out,
                                               const aksnet_comparison *comparison, size_t index);

/**
 * @brief The full result behind row @p index (diagnostics, subnets...).
 * @param[in] comparison The comparison.
 * @param[in] index 0..count-1.
 * @return Borrowed result, valid as long as @p comparison; NULL for a bad index.
 * @since 1.0
 */
AKSNET_API const aksnet_result *aksnet_comparison_result(const aksnet_comparison *comparison,
                                                         size_t index);

/**
 * @brief Serialise a comparison as JSON or text.
 * @param[out] buf Destination, or NULL with @p buflen 0 to query the size.
 * @param[in] buflen Size of @p buf.
 * @param[out] needed Optional: size needed including the NUL.
 * @param[in] comparison The comparison.
 * @param[in] format ::AKSNET_FORMAT_JSON or ::AKSNET_FORMAT_TEXT.
 * @return ::AKSNET_OK, ::AKSNET_EBUFS, ::AKSNET_EINVAL, ::AKSNET_ENOMEM.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_comparison_write(char *buf, size_t buflen, size_t *needed,
                                                 const aksnet_comparison *comparison,
                                                 int format);

/** @} */

/* ------------------------------------------------------------------------------------------ */
/** @name Rule catalogue
 *  The table of every diagnostic code libaksnet can emit (docs/rules.md mirrors it).
 *  @{ */

/** One rule of the catalogue. */
typedef struct aksnet_rule_info {
    size_t size;          /**< sizeof(aksnet_rule_info), set by the caller. */
    const char *code;     /**< Stable kebab-case code. */
    int severity;         /**< Highest ::aksnet_severity it emits. */
    const char *summary;  /**< One line: what it checks. */
    const char *source;   /**< The document or API rule that states it. */
} aksnet_rule_info;

/**
 * @brief Number of rules in the catalogue. @return The count.
 * Thread-safety: always safe.
 * @since 1.0
 */
AKSNET_API size_t aksnet_rule_count(void);

/**
 * @brief Read rule @p index of the catalogue.
 * @param[out] out The record; `size` must be set. Strings are static.
 * @param[in] index 0..count-1.
 * @return ::AKSNET_OK, ::AKSNET_ENOTFOUND, ::AKSNET_EINVAL.
 * Thread-safety: always safe.
 * @since 1.0
 */
AKSNET_API aksnet_status aksnet_rule_get(aksnet_rule_info *out, size_t index);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* AKSNET_H */
