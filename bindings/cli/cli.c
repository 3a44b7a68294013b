/*
 * The aksnet command-line tool. It uses only the public header (include/aksnet.h) and the
 * shared library, like any other consumer. Exit status: 0 success, 1 the request does not fit
 * or breaks a limit (or a plan has error diagnostics), 2 usage or input error.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <aksnet.h>

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_FIT 0
#define EXIT_NOFIT 1
#define EXIT_USAGE 2

typedef struct ctx {
    FILE *out, *err;
    const char *cmd;
} ctx;

static int usage_error(ctx *c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int usage_error(ctx *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(c->err, "aksnet%s%s: ", c->cmd ? " " : "", c->cmd ? c->cmd : "");
    va_start(ap, fmt);
    vfprintf(c->err, fmt, ap);
    va_end(ap);
    fprintf(c->err, "\nTry 'aksnet help%s%s'.\n", c->cmd ? " " : "", c->cmd ? c->cmd : "");
    return EXIT_USAGE;
}

/* ---- help ------------------------------------------------------------------------------- */

static const char main_help[] =
    "aksnet - IP-address planner for Azure Kubernetes Service networking\n"
    "\n"
    "Usage: aksnet COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  size       IPs each subnet and pod range needs for a node pool in one plugin mode\n"
    "  capacity   how many nodes fit in a given subnet (and pod CIDR or pod subnet)\n"
    "  plan       lay out every subnet, service CIDR, DNS IP and pod CIDR of a plan file\n"
    "  check      validate a plan file against the AKS rules\n"
    "  compare    evaluate a plan under every plugin mode\n"
    "  rules      list every diagnostic code\n"
    "  help       show help for a command\n"
    "\n"
    "Options:\n"
    "  --version  print the library version\n"
    "  --help     show this help\n"
    "\n"
    "Plugin modes (--plugin): kubenet, azure, azure-pod-subnet, azure-static-block,\n"
    "azure-overlay, none.\n"
    "Exit status: 0 success, 1 does not fit or breaks a limit, 2 usage or input error.\n"
    "Documentation: man aksnet, docs/cli.md.\n";

static const char size_help[] =
    "Usage: aksnet size --plugin MODE --nodes N [OPTIONS]\n"
    "\n"
    "Size the node subnet, pod subnet or pod CIDR that one node pool needs, showing the\n"
    "arithmetic. Formulas and sources: docs/sizing.md.\n"
    "\n"
    "  --plugin MODE        kubenet, azure, azure-pod-subnet, azure-static-block,\n"
    "                       azure-overlay or none (required)\n"
    "  --nodes N            pool size: the node count, or the autoscaler max-count (required)\n"
    "  --max-pods M         pods per node, 10..250 (default: kubenet 110, azure 30, others 250)\n"
    "  --surge N|N%         max surge as a node count or a percentage of N, rounded up\n"
    "                       (default 10%)\n"
    "  --dataplane D        azure or cilium (default azure; cilium needs an azure* mode)\n"
    "  --expected-pods D    azure-pod-subnet only: pods expected per node (default max pods)\n"
    "  --extra-ips N        other IPs in the node subnet (ILBs, private endpoint, PLS)\n"
    "  --dual-stack         IPv4+IPv6 (kubenet then allows 200 nodes)\n"
    "  --format F           text (default) or json\n"
    "\n"
    "Exit status: 0 fits, 1 the pool breaks an AKS limit (shown in the output),\n"
    "2 usage or input error.\n";

static const char capacity_help[] =
    "Usage: aksnet capacity --plugin MODE --subnet CIDR [OPTIONS]\n"
    "\n"
    "How many nodes fit in a node subnet (and pod CIDR or pod subnet), the largest pool\n"
    "whose surge still fits, and which resource or AKS limit binds. Sources: docs/sizing.md.\n"
    "\n"
    "  --plugin MODE        as for 'aksnet size' (required)\n"
    "  --subnet CIDR        the node subnet, /8../29 (required)\n"
    "  --pod-cidr CIDR      kubenet, azure-overlay: the pod CIDR (default 10.244.0.0/16);\n"
    "                       none: accepted, not counted (AKS carves nothing from it)\n"
    "  --pod-subnet CIDR    azure-pod-subnet, azure-static-block: the pod subnet (required)\n"
    "  --max-pods M         pods per node, 10..250 (default per mode)\n"
    "  --surge N|N%         max surge (default 10%)\n"
    "  --dataplane D        azure or cilium\n"
    "  --expected-pods D    azure-pod-subnet only: pods expected per node\n"
    "  --extra-ips N        other IPs in the node subnet\n"
    "  --dual-stack         IPv4+IPv6 (kubenet then allows 200 nodes)\n"
    "  --format F           text (default) or json\n"
    "\n"
    "Exit status: 0 at least one valid pool fits, 1 none does, 2 usage or input error.\n";

static const char plan_help[] =
    "Usage: aksnet plan FILE|- [OPTIONS]\n"
    "\n"
    "Size, place and validate every subnet, service CIDR, DNS IP and pod CIDR of a plan\n"
    "(docs/plan-format.md). Exit status 1 when something does not fit or an error\n"
    "diagnostic is reported.\n"
    "\n"
    "  --strategy S         compact (default), ordered or terraform\n"
    "  --format F           text (default), json, tfvars or svg\n"
    "  --output PATH        write to PATH instead of standard output\n"
    "  --as-of YYYY-MM-DD   date for retirement rules (default today)\n"
    "  --pin-from OLD       keep every subnet where plan file OLD (an earlier version of\n"
    "                       this plan) placed it; only new subnets are allocated\n";

static const char check_help[] =
    "Usage: aksnet check FILE|- [OPTIONS]\n"
    "\n"
    "Validate a plan (including one whose CIDRs are all given, as exported from a\n"
    "deployment) and print only the diagnostics. Exit status 0 without error diagnostics,\n"
    "1 with any, 2 on input errors.\n"
    "\n"
    "  --format F           text (default) or json\n"
    "  --as-of YYYY-MM-DD   date for retirement rules (default today)\n"
    "  --strategy S         strategy for subnets the plan does not pin\n"
    "  --pin-from OLD       keep the subnets plan file OLD placed where they are\n";

static const char compare_help[] =
    "Usage: aksnet compare FILE|- [OPTIONS]\n"
    "\n"
    "Evaluate the plan's clusters under every plugin mode and data plane (keeping pools,\n"
    "features and VNet): VNet IPs, fit, node capacity, errors, warnings and migration path.\n"
    "\n"
    "  --format F           text (default) or json\n"
    "  --as-of YYYY-MM-DD   date for retirement rules (default today)\n";

static const char rules_help[] =
    "Usage: aksnet rules [--format text|json]\n"
    "\n"
    "List every diagnostic code with its highest severity, summary and source.\n";

static const char help_help[] = "Usage: aksnet help [COMMAND]\n";

static const struct {
    const char *name;
    const char *help;
} helps[] = {{"size", size_help},       {"capacity", capacity_help}, {"plan", plan_help},
             {"check", check_help},     {"compare", compare_help},   {"rules", rules_help},
             {"help", help_help}};

static const char *help_for(const char *cmd)
{
    size_t i;
    for (i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
        if (strcmp(helps[i].name, cmd) == 0)
            return helps[i].help;
    return NULL;
}

/* ---- argument helpers --------------------------------------------------------------------- */

/* Strict unsigned decimal: no sign, no spaces, no leading zeros, within max. */
static int parse_uint(ctx *c, const char *opt, const char *s, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    const char *p = s;
    if (*p == '\0')
        return usage_error(c, "%s: empty value; a whole number is expected", opt);
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return usage_error(c, "%s: '%s' is not a whole number", opt, s);
    p = s;
    if (p[0] == '0' && p[1] != '\0')
        return usage_error(c, "%s: '%s' has a leading zero", opt, s);
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return usage_error(c, "%s: '%s' is not a whole number", opt, s);
        if (v > (UINT64_MAX - 9) / 10)
            return usage_error(c, "%s: '%s' is too large (at most %llu)", opt, s,
                               (unsigned long long)max);
        v = v * 10 + (uint64_t)(*p - '0');
    }
    if (v > max)
        return usage_error(c, "%s: %s is too large (at most %llu)", opt, s,
                           (unsigned long long)max);
    *out = v;
    return 0;
}

static int parse_surge(ctx *c, const char *s, int *kind, uint32_t *value)
{
    size_t n = strlen(s);
    uint64_t v = 0;
    int rc;
    if (n > 0 && s[n - 1] == '%') {
        char tmp[16];
        if (n > sizeof(tmp))
            return usage_error(c, "--surge: '%s' is not N or N%%", s);
        memcpy(tmp, s, n - 1);
        tmp[n - 1] = '\0';
        rc = parse_uint(c, "--surge", tmp, 100, &v);
        if (rc)
            return rc;
        *kind = AKSNET_SURGE_PERCENT;
    } else {
        rc = parse_uint(c, "--surge", s, 1000000, &v);
        if (rc)
            return rc;
        *kind = AKSNET_SURGE_COUNT;
    }
    *value = (uint32_t)v;
    return 0;
}

static int parse_prefix_arg(ctx *c, const char *opt, const char *s, aksnet_prefix *out)
{
    aksnet_error e;
    aksnet_error_init(&e);
    if (aksnet_prefix_parse(out, s, strlen(s), AKSNET_PARSE_IPV4_ONLY, &e) != AKSNET_OK)
        return usage_error(c, "%s: %s", opt, e.message);
    return 0;
}

static int parse_mode(ctx *c, const char *s, int *out)
{
    if (aksnet_mode_from_name(out, s) != AKSNET_OK)
        return usage_error(c,
                           "--plugin: unknown mode '%s' (kubenet, azure, azure-pod-subnet, "
                           "azure-static-block, azure-overlay, none)",
                           s);
    return 0;
}

static int parse_dataplane(ctx *c, const char *s, int *out)
{
    if (strcmp(s, "azure") == 0)
        *out = AKSNET_DATAPLANE_AZURE;
    else if (strcmp(s, "cilium") == 0)
        *out = AKSNET_DATAPLANE_CILIUM;
    else
        return usage_error(c, "--dataplane: '%s' is not azure or cilium", s);
    return 0;
}

enum { FMT_TEXT = 1, FMT_JSON, FMT_TFVARS, FMT_SVG };

static int parse_format(ctx *c, const char *s, bool allow_plan_formats, int *out)
{
    if (strcmp(s, "text") == 0)
        *out = FMT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = FMT_JSON;
    else if (allow_plan_formats && strcmp(s, "tfvars") == 0)
        *out = FMT_TFVARS;
    else if (allow_plan_formats && strcmp(s, "svg") == 0)
        *out = FMT_SVG;
    else
        return usage_error(c, "--format: '%s' is not one of %s", s,
                           allow_plan_formats ? "text, json, tfvars, svg" : "text, json");
    return 0;
}

static int parse_date(ctx *c, const char *s, int32_t *out)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 0, m = 0, d = 0, k;
    bool leap;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return usage_error(c, "--as-of: '%s' is not a date YYYY-MM-DD", s);
    for (k = 0; k < 10; k++) {
        if (k == 4 || k == 7)
            continue;
        if (s[k] < '0' || s[k] > '9')
            return usage_error(c, "--as-of: '%s' is not a date YYYY-MM-DD", s);
        if (k < 4)
            y = y * 10 + (s[k] - '0');
        else if (k < 7)
            m = m * 10 + (s[k] - '0');
        else
            d = d * 10 + (s[k] - '0');
    }
    leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
        (m == 2 && d == 29 && !leap))
        return usage_error(c, "--as-of: '%s' is not a valid date", s);
    *out = y * 10000 + m * 100 + d;
    return 0;
}

/* Fetch the value of an option that takes one: "--opt value" or "--opt=value". */
static int take_value(ctx *c, int argc, char **argv, int *i, const char *opt, const char **val)
{
    const char *a = argv[*i];
    size_t n = strlen(opt);
    *val = "";
    if (strncmp(a, opt, n) == 0 && a[n] == '=') {
        *val = a + n + 1;
        return 0;
    }
    if (*i + 1 >= argc || argv[*i + 1] == NULL)
        return usage_error(c, "%s needs a value", opt);
    *val = argv[++*i];
    return 0;
}

static bool is_opt(const char *arg, const char *opt)
{
    size_t n = strlen(opt);
    return strncmp(arg, opt, n) == 0 && (arg[n] == '\0' || arg[n] == '=');
}

/* ---- output helpers ---------------------------------------------------------------------- */

static int emit_text(ctx *c, const char *text, const char *path)
{
    FILE *f = c->out;
    int rc = 0;
    if (path != NULL) {
        f = fopen(path, "wb");
        if (f == NULL) {
            fprintf(c->err, "aksnet %s: --output: cannot open '%s': %s\n", c->cmd, path,
                    strerror(errno));
            return EXIT_USAGE;
        }
    }
    if (fputs(text, f) == EOF)
        rc = EXIT_USAGE;
    if (path != NULL) {
        if (fclose(f) != 0)
            rc = EXIT_USAGE;
        if (rc)
            fprintf(c->err, "aksnet %s: --output: cannot write '%s'\n", c->cmd, path);
    }
    return rc;
}

static char *render_result(ctx *c, const aksnet_result *r, int format)
{
    size_t need = 0;
    char *buf;
    aksnet_status st = aksnet_result_write(NULL, 0, &need, r, format);
    if (st != AKSNET_EBUFS && st != AKSNET_OK) {
        fprintf(c->err, "aksnet %s: %s\n", c->cmd, aksnet_strerror(st));
        return NULL;
    }
    buf = malloc(need);
    if (buf == NULL) {
        fprintf(c->err, "aksnet %s: out of memory\n", c->cmd);
        return NULL;
    }
    st = aksnet_result_write(buf, need, &need, r, format);
    if (st != AKSNET_OK) {
        fprintf(c->err, "aksnet %s: %s\n", c->cmd, aksnet_strerror(st));
        free(buf);
        return NULL;
    }
    return buf;
}

static void json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch == '"' || ch == '\\')
            fprintf(f, "\\%c", ch);
        else if (ch < 0x20)
            fprintf(f, "\\u%04x", ch);
        else
            fputc(ch, f);
    }
    fputc('"', f);
}

/* ---- size and capacity --------------------------------------------------------------------- */

static const char *mode_long(int mode)
{
    switch (mode) {
    case AKSNET_MODE_KUBENET:
        return "kubenet";
    case AKSNET_MODE_AZURE_NODE_SUBNET:
        return "Azure CNI node subnet";
    case AKSNET_MODE_AZURE_POD_SUBNET:
        return "Azure CNI pod subnet, dynamic IP allocation";
    case AKSNET_MODE_AZURE_STATIC_BLOCK:
        return "Azure CNI pod subnet, static block allocation";
    case AKSNET_MODE_AZURE_OVERLAY:
        return "Azure CNI Overlay";
    case AKSNET_MODE_NONE:
        return "BYO CNI (none)";
    default:
        return "?";
    }
}

static void surge_words(char *out, size_t len, int kind, uint32_t value, uint32_t nodes)
{
    if (kind == AKSNET_SURGE_COUNT)
        snprintf(out, len, "max surge %u%s", value,
                 value > nodes ? ", capped at the pool size" : "");
    else if (kind == AKSNET_SURGE_PERCENT)
        snprintf(out, len, "%u%% of %u, rounded up", value, nodes);
    else
        snprintf(out, len, "default 10%% of %u, rounded up", nodes);
}

static const char *limit_words(int limit)
{
    switch (limit) {
    case AKSNET_LIMIT_POOL:
        return "a pool may have at most 1,000 nodes including surge";
    case AKSNET_LIMIT_CLUSTER:
        return "a cluster may have at most 5,000 nodes";
    case AKSNET_LIMIT_KUBENET:
        return "kubenet allows at most 400 nodes (200 dual-stack)";
    case AKSNET_LIMIT_SUBNET_SIZE:
        return "more IPs than the largest subnet libaksnet plans (/8; static block /12)";
    case AKSNET_LIMIT_MAX_PODS:
        return "max pods below 30 needs enough nodes for 30 pods in the pool";
    default:
        return "";
    }
}

static int cmd_size(ctx *c, int argc, char **argv)
{
    /* library field names (aksnet_error.path) and the options that set them */
    static const char *const fields[][2] = {
        {"mode", "--plugin"},          {"dataplane", "--dataplane"},
        {"max_pods", "--max-pods"},    {"max_surge", "--surge"},
        {"expected_pods", "--expected-pods"}, {"extra_ips", "--extra-ips"},
        {"nodes", "--nodes"},
    };
    aksnet_size_options o;
    aksnet_size_result r;
    aksnet_error e;
    int i, rc, format = FMT_TEXT;
    bool have_mode = false, have_nodes = false;
    uint64_t v = 0, n;
    const char *val = NULL;
    aksnet_size_options_init(&o);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(size_help, c->out);
            return 0;
        } else if (is_opt(a, "--plugin")) {
            if ((rc = take_value(c, argc, argv, &i, "--plugin", &val)) ||
                (rc = parse_mode(c, val, &o.mode)))
                return rc;
            have_mode = true;
        } else if (is_opt(a, "--nodes")) {
            if ((rc = take_value(c, argc, argv, &i, "--nodes", &val)) ||
                (rc = parse_uint(c, "--nodes", val, UINT32_MAX, &v)))
                return rc;
            o.nodes = (uint32_t)v;
            have_nodes = true;
        } else if (is_opt(a, "--max-pods")) {
            if ((rc = take_value(c, argc, argv, &i, "--max-pods", &val)) ||
                (rc = parse_uint(c, "--max-pods", val, UINT32_MAX, &v)))
                return rc;
            if (v < 10 || v > 250)
                return usage_error(c, "--max-pods: %llu is outside 10..250",
                                   (unsigned long long)v);
            o.max_pods = (uint32_t)v;
        } else if (is_opt(a, "--surge")) {
            if ((rc = take_value(c, argc, argv, &i, "--surge", &val)) ||
                (rc = parse_surge(c, val, &o.max_surge_kind, &o.max_surge)))
                return rc;
        } else if (is_opt(a, "--dataplane")) {
            if ((rc = take_value(c, argc, argv, &i, "--dataplane", &val)) ||
                (rc = parse_dataplane(c, val, &o.dataplane)))
                return rc;
        } else if (is_opt(a, "--expected-pods")) {
            if ((rc = take_value(c, argc, argv, &i, "--expected-pods", &val)) ||
                (rc = parse_uint(c, "--expected-pods", val, 250, &v)))
                return rc;
            if (v == 0)
                return usage_error(c, "--expected-pods: must be at least 1");
            o.expected_pods = (uint32_t)v;
        } else if (is_opt(a, "--extra-ips")) {
            if ((rc = take_value(c, argc, argv, &i, "--extra-ips", &val)) ||
                (rc = parse_uint(c, "--extra-ips", val, UINT32_MAX, &v)))
                return rc;
            o.extra_ips = (uint32_t)v;
        } else if (strcmp(a, "--dual-stack") == 0) {
            o.dual_stack = 1;
        } else if (is_opt(a, "--format")) {
            if ((rc = take_value(c, argc, argv, &i, "--format", &val)) ||
                (rc = parse_format(c, val, false, &format)))
                return rc;
        } else {
            return usage_error(c, "unknown argument '%s'", a);
        }
    }
    if (!have_mode)
        return usage_error(c, "--plugin is required");
    if (!have_nodes)
        return usage_error(c, "--nodes is required");
    aksnet_error_init(&e);
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    if (aksnet_size(&r, &o, &e) != AKSNET_OK) {
        const char *opt = e.path;
        size_t k;
        for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            if (strcmp(e.path, fields[k][0]) == 0)
                opt = fields[k][1];
        return usage_error(c, "%s%s%s", opt, opt[0] ? ": " : "", e.message);
    }
    n = (uint64_t)r.nodes + r.surge_nodes;
    if (format == FMT_JSON) {
        FILE *f = c->out;
        fprintf(f, "{\n  \"plugin\": \"%s\",\n  \"data_plane\": \"%s\",\n", aksnet_mode_name(r.mode),
                o.dataplane == AKSNET_DATAPLANE_CILIUM ? "cilium" : "azure");
        fprintf(f, "  \"nodes\": %u,\n  \"surge_nodes\": %u,\n  \"max_pods\": %u,\n", r.nodes,
                r.surge_nodes, r.max_pods);
        if (r.mode == AKSNET_MODE_AZURE_POD_SUBNET)
            fprintf(f, "  \"expected_pods\": %u,\n", r.expected_pods);
        fprintf(f, "  \"node_subnet\": {\"ips_required\": %llu, ",
                (unsigned long long)r.node_subnet_ips);
        if (r.node_subnet_prefix_length)
            fprintf(f, "\"prefix_length\": %u, \"usable_ips\": %llu},\n",
                    (unsigned)r.node_subnet_prefix_length,
                    (unsigned long long)r.node_subnet_usable);
        else
            fprintf(f, "\"prefix_length\": null, \"usable_ips\": null},\n");
        if (r.has_pod_subnet) {
            fprintf(f, "  \"pod_subnet\": {\"ips_required\": %llu, ",
                    (unsigned long long)r.pod_subnet_ips);
            if (r.pod_subnet_prefix_length)
                fprintf(f, "\"prefix_length\": %u, \"usable_ips\": %llu, ",
                        (unsigned)r.pod_subnet_prefix_length,
                        (unsigned long long)r.pod_subnet_usable);
            else
                fprintf(f, "\"prefix_length\": null, \"usable_ips\": null, ");
            fprintf(f, "\"ips_per_node\": %llu", (unsigned long long)r.pod_ips_per_node);
            if (r.mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
                fprintf(f, ", \"blocks_required\": %llu", (unsigned long long)r.pod_subnet_blocks);
                if (r.pod_subnet_prefix_length)
                    fprintf(f, ", \"blocks_available\": %llu",
                            (unsigned long long)r.pod_subnet_blocks_available);
                else
                    fprintf(f, ", \"blocks_available\": null");
            }
            fprintf(f, "},\n");
        } else {
            fprintf(f, "  \"pod_subnet\": null,\n");
        }
        if (r.has_pod_cidr) {
            fprintf(f, "  \"pod_cidr\": {\"addresses_required\": %llu, ",
                    (unsigned long long)r.pod_cidr_addresses_required);
            if (r.pod_cidr_prefix_length)
                fprintf(f, "\"prefix_length\": %u, \"addresses\": %llu},\n",
                        (unsigned)r.pod_cidr_prefix_length,
                        (unsigned long long)r.pod_cidr_addresses);
            else
                fprintf(f, "\"prefix_length\": null, \"addresses\": null},\n");
        } else {
            fprintf(f, "  \"pod_cidr\": null,\n");
        }
        if (r.exceeded == AKSNET_LIMIT_NONE)
            fprintf(f, "  \"exceeded\": null\n}\n");
        else
            fprintf(f, "  \"exceeded\": \"%s\"\n}\n", aksnet_limit_name(r.exceeded));
    } else {
        FILE *f = c->out;
        char sw[96];
        surge_words(sw, sizeof(sw), o.max_surge_kind, o.max_surge, r.nodes);
        fprintf(f, "Plugin mode: %s (%s)%s\n", aksnet_mode_name(r.mode), mode_long(r.mode),
                o.dataplane == AKSNET_DATAPLANE_CILIUM ? ", Cilium data plane" : "");
        fprintf(f, "Nodes: %u + %u surge (%s) = %llu\n", r.nodes, r.surge_nodes, sw,
                (unsigned long long)n);
        fprintf(f, "Max pods per node: %u%s\n", r.max_pods, o.max_pods ? "" : " (mode default)");
        if (r.mode == AKSNET_MODE_AZURE_NODE_SUBNET)
            fprintf(f, "Node subnet: (%u nodes + %u surge) x (%u max pods + 1)", r.nodes,
                    r.surge_nodes, r.max_pods);
        else
            fprintf(f, "Node subnet: %u nodes + %u surge", r.nodes, r.surge_nodes);
        if (o.extra_ips)
            fprintf(f, " + %u extra", o.extra_ips);
        if (r.node_subnet_prefix_length)
            fprintf(f, " = %llu IPs -> /%u, %llu usable\n", (unsigned long long)r.node_subnet_ips,
                    (unsigned)r.node_subnet_prefix_length,
                    (unsigned long long)r.node_subnet_usable);
        else
            fprintf(f, " = %llu IPs -> more than a /8 holds\n",
                    (unsigned long long)r.node_subnet_ips);
        if (r.mode == AKSNET_MODE_AZURE_POD_SUBNET) {
            unsigned long long want = 16ull * ((r.expected_pods + 8ull + 15) / 16);
            unsigned long long cap = 16ull * ((r.max_pods + 15ull) / 16);
            fprintf(f,
                    "Pod subnet per node: min(16 x ceil((%u expected pods + 8) / 16), "
                    "16 x ceil(%u max pods / 16)) = min(%llu, %llu) = %llu IPs\n",
                    r.expected_pods, r.max_pods, want, cap, (unsigned long long)r.pod_ips_per_node);
            fprintf(f, "Pod subnet: %llu nodes x %llu IPs = %llu IPs", (unsigned long long)n,
                    (unsigned long long)r.pod_ips_per_node, (unsigned long long)r.pod_subnet_ips);
            if (r.pod_subnet_prefix_length)
                fprintf(f, " -> /%u, %llu usable\n", (unsigned)r.pod_subnet_prefix_length,
                        (unsigned long long)r.pod_subnet_usable);
            else
                fprintf(f, " -> more than a /8 holds\n");
        }
        if (r.mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
            fprintf(f,
                    "Pod subnet: %llu nodes x ceil((%u max pods + 1) / 16) = %llu /28 blocks "
                    "(%llu IPs)",
                    (unsigned long long)n, r.max_pods, (unsigned long long)r.pod_subnet_blocks,
                    (unsigned long long)r.pod_subnet_ips);
            if (r.pod_subnet_prefix_length)
                fprintf(f, " -> /%u (2^(28-%u) - 2 = %llu blocks)\n",
                        (unsigned)r.pod_subnet_prefix_length,
                        (unsigned)r.pod_subnet_prefix_length,
                        (unsigned long long)((1ull << (28 - r.pod_subnet_prefix_length)) - 2));
            else
                fprintf(f, " -> more than a /12 holds\n");
        }
        if (r.has_pod_cidr) {
            fprintf(f, "Pod CIDR: %llu nodes x 256 (one /24 each) = %llu addresses",
                    (unsigned long long)n, (unsigned long long)r.pod_cidr_addresses_required);
            if (r.pod_cidr_prefix_length)
                fprintf(f, " -> /%u\n", (unsigned)r.pod_cidr_prefix_length);
            else
                fprintf(f, " -> more than a /8 holds\n");
        } else if (r.mode == AKSNET_MODE_NONE) {
            fprintf(f, "Pod CIDR: required but not sized (with BYO CNI, AKS assigns no per-node "
                       "pod ranges)\n");
        }
        if (r.exceeded != AKSNET_LIMIT_NONE)
            fprintf(f, "Limit exceeded: %s (%s)\n", aksnet_limit_name(r.exceeded),
                    limit_words(r.exceeded));
    }
    return r.exceeded == AKSNET_LIMIT_NONE ? EXIT_FIT : EXIT_NOFIT;
}

static int cmd_capacity(ctx *c, int argc, char **argv)
{
    static const char *const fields[][2] = {
        {"mode", "--plugin"},          {"dataplane", "--dataplane"},
        {"max_pods", "--max-pods"},    {"max_surge", "--surge"},
        {"expected_pods", "--expected-pods"}, {"extra_ips", "--extra-ips"},
        {"subnet", "--subnet"},        {"pod_subnet", "--pod-subnet"},
        {"pod_cidr", "--pod-cidr"},
    };
    aksnet_capacity_options o;
    aksnet_capacity_result r;
    aksnet_error e;
    int i, rc, format = FMT_TEXT, max_nodes_by;
    bool have_mode = false, have_subnet = false, fits;
    uint64_t v = 0, usable = 0;
    const char *val = NULL;
    char sn[AKSNET_PREFIX_STRLEN], pc[AKSNET_PREFIX_STRLEN] = "", ps[AKSNET_PREFIX_STRLEN] = "";
    uint32_t kubenet_limit;
    aksnet_capacity_options_init(&o);
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(capacity_help, c->out);
            return 0;
        } else if (is_opt(a, "--plugin")) {
            if ((rc = take_value(c, argc, argv, &i, "--plugin", &val)) ||
                (rc = parse_mode(c, val, &o.mode)))
                return rc;
            have_mode = true;
        } else if (is_opt(a, "--subnet")) {
            if ((rc = take_value(c, argc, argv, &i, "--subnet", &val)) ||
                (rc = parse_prefix_arg(c, "--subnet", val, &o.node_subnet)))
                return rc;
            have_subnet = true;
        } else if (is_opt(a, "--pod-cidr")) {
            if ((rc = take_value(c, argc, argv, &i, "--pod-cidr", &val)) ||
                (rc = parse_prefix_arg(c, "--pod-cidr", val, &o.pod_cidr)))
                return rc;
        } else if (is_opt(a, "--pod-subnet")) {
            if ((rc = take_value(c, argc, argv, &i, "--pod-subnet", &val)) ||
                (rc = parse_prefix_arg(c, "--pod-subnet", val, &o.pod_subnet)))
                return rc;
        } else if (is_opt(a, "--max-pods")) {
            if ((rc = take_value(c, argc, argv, &i, "--max-pods", &val)) ||
                (rc = parse_uint(c, "--max-pods", val, UINT32_MAX, &v)))
                return rc;
            if (v < 10 || v > 250)
                return usage_error(c, "--max-pods: %llu is outside 10..250",
                                   (unsigned long long)v);
            o.max_pods = (uint32_t)v;
        } else if (is_opt(a, "--surge")) {
            if ((rc = take_value(c, argc, argv, &i, "--surge", &val)) ||
                (rc = parse_surge(c, val, &o.max_surge_kind, &o.max_surge)))
                return rc;
        } else if (is_opt(a, "--dataplane")) {
            if ((rc = take_value(c, argc, argv, &i, "--dataplane", &val)) ||
                (rc = parse_dataplane(c, val, &o.dataplane)))
                return rc;
        } else if (is_opt(a, "--expected-pods")) {
            if ((rc = take_value(c, argc, argv, &i, "--expected-pods", &val)) ||
                (rc = parse_uint(c, "--expected-pods", val, 250, &v)))
                return rc;
            if (v == 0)
                return usage_error(c, "--expected-pods: must be at least 1");
            o.expected_pods = (uint32_t)v;
        } else if (is_opt(a, "--extra-ips")) {
            if ((rc = take_value(c, argc, argv, &i, "--extra-ips", &val)) ||
                (rc = parse_uint(c, "--extra-ips", val, UINT32_MAX, &v)))
                return rc;
            o.extra_ips = (uint32_t)v;
        } else if (strcmp(a, "--dual-stack") == 0) {
            o.dual_stack = 1;
        } else if (is_opt(a, "--format")) {
            if ((rc = take_value(c, argc, argv, &i, "--format", &val)) ||
                (rc = parse_format(c, val, false, &format)))
                return rc;
        } else {
            return usage_error(c, "unknown argument '%s'", a);
        }
    }
    if (!have_mode)
        return usage_error(c, "--plugin is required");
    if (!have_subnet)
        return usage_error(c, "--subnet is required");
    aksnet_error_init(&e);
    memset(&r, 0, sizeof(r));
    r.size = sizeof(r);
    if (aksnet_capacity(&r, &o, &e) != AKSNET_OK) {
        const char *opt = e.path;
        size_t k;
        for (k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            if (strcmp(e.path, fields[k][0]) == 0)
                opt = fields[k][1];
        return usage_error(c, "%s%s%s", opt, opt[0] ? ": " : "", e.message);
    }
    aksnet_prefix_format(sn, sizeof(sn), NULL, &o.node_subnet);
    if (o.pod_cidr.family)
        aksnet_prefix_format(pc, sizeof(pc), NULL, &o.pod_cidr);
    if (o.pod_subnet.family)
        aksnet_prefix_format(ps, sizeof(ps), NULL, &o.pod_subnet);
    aksnet_prefix_azure_usable(&usable, &o.node_subnet);
    /* which constraint gives max_nodes, in the library's tie-break order */
    kubenet_limit = o.dual_stack ? 200u : 400u;
    max_nodes_by = r.max_nodes_limited_by;
    fits = r.fits != 0;
    if (format == FMT_JSON) {
        FILE *f = c->out;
        fprintf(f, "{\n  \"plugin\": \"%s\",\n  \"node_subnet\": \"%s\",\n", aksnet_mode_name(r.mode),
                sn);
        fprintf(f, "  \"max_pods\": %u,\n  \"max_nodes\": %u,\n", r.max_pods, r.max_nodes);
        fprintf(f, "  \"max_nodes_limited_by\": \"%s\",\n", aksnet_limit_name(max_nodes_by));
        fprintf(f, "  \"max_pool_nodes\": %u,\n", r.max_pool_nodes);
        fprintf(f, "  \"surge_nodes\": %u,\n  \"limited_by\": \"%s\",\n", r.surge_nodes,
                aksnet_limit_name(r.limited_by));
        fprintf(f, "  \"node_subnet_nodes\": %u,\n", r.node_subnet_nodes);
        if (r.pod_nodes == UINT32_MAX)
            fprintf(f, "  \"pod_nodes\": null\n}\n");
        else
            fprintf(f, "  \"pod_nodes\": %u\n}\n", r.pod_nodes);
    } else {
        FILE *f = c->out;
        char sw[96];
        fprintf(f, "Plugin mode: %s (%s)\n", aksnet_mode_name(r.mode), mode_long(r.mode));
        if (r.mode == AKSNET_MODE_AZURE_NODE_SUBNET)
            fprintf(f, "Node subnet %s: (%llu usable - %u extra) / (%u max pods + 1) = %u nodes\n",
                    sn, (unsigned long long)usable, o.extra_ips, r.max_pods, r.node_subnet_nodes);
        else
            fprintf(f, "Node subnet %s: %llu usable - %u extra = %u nodes (one IP each)\n", sn,
                    (unsigned long long)usable, o.extra_ips, r.node_subnet_nodes);
        if (r.mode == AKSNET_MODE_AZURE_POD_SUBNET) {
            uint64_t pu = 0;
            uint32_t d = o.expected_pods ? o.expected_pods : r.max_pods;
            unsigned long long want = 16ull * ((d + 8ull + 15) / 16);
            unsigned long long cap = 16ull * ((r.max_pods + 15ull) / 16);
            aksnet_prefix_azure_usable(&pu, &o.pod_subnet);
            fprintf(f,
                    "Pod subnet per node: min(16 x ceil((%u expected pods + 8) / 16), "
                    "16 x ceil(%u max pods / 16)) = min(%llu, %llu) = %llu IPs\n",
                    d, r.max_pods, want, cap, want < cap ? want : cap);
            fprintf(f, "Pod subnet %s: %llu usable / %llu IPs per node = %u nodes\n", ps,
                    (unsigned long long)pu, want < cap ? want : cap, r.pod_nodes);
        } else if (r.mode == AKSNET_MODE_AZURE_STATIC_BLOCK) {
            unsigned len = o.pod_subnet.length;
            unsigned long long blocks =
                len <= 26 ? (1ull << (28 - len)) - 2 : 0; /* /27 and /28: no whole block */
            fprintf(f,
                    "Pod subnet %s: (2^(28-%u) - 2 = %llu /28 blocks) / ceil((%u max pods + 1) / "
                    "16) = %u nodes\n",
                    ps, len, blocks, r.max_pods, r.pod_nodes);
        } else if (r.mode == AKSNET_MODE_KUBENET || r.mode == AKSNET_MODE_AZURE_OVERLAY) {
            unsigned len = o.pod_cidr.family ? o.pod_cidr.length : 16;
            if (len <= 24)
                fprintf(f, "Pod CIDR %s%s: 2^(24-%u) = %u nodes (one /24 each)\n",
                        pc[0] ? pc : "10.244.0.0/16", pc[0] ? "" : " (default)", len,
                        r.pod_nodes);
            else
                fprintf(f, "Pod CIDR %s: 0 nodes (smaller than the /24 each node takes)\n", pc);
        } else if (r.mode == AKSNET_MODE_NONE) {
            fprintf(f, "Pod CIDR: not counted (with BYO CNI, AKS assigns no per-node pod "
                       "ranges)\n");
        }
        if (r.mode == AKSNET_MODE_KUBENET)
            fprintf(f, "kubenet limit: %u nodes (one route per node%s)\n", kubenet_limit,
                    o.dual_stack ? ", two when dual-stack" : "");
        if (max_nodes_by != r.limited_by)
            fprintf(f, "Max nodes at once (surge included): %u (%s)\n", r.max_nodes,
                    aksnet_limit_name(max_nodes_by));
        else
            fprintf(f, "Max nodes at once (surge included): %u\n", r.max_nodes);
        surge_words(sw, sizeof(sw), o.max_surge_kind, o.max_surge, r.max_pool_nodes);
        fprintf(f, "Largest pool: %u nodes + %u surge (%s) = %llu\n", r.max_pool_nodes,
                r.surge_nodes, sw, (unsigned long long)r.max_pool_nodes + r.surge_nodes);
        if (r.limited_by == AKSNET_LIMIT_MAX_PODS)
            fprintf(f, "Limited by: %s (%u max pods x %u nodes = %llu pods; %s)\n",
                    aksnet_limit_name(r.limited_by), r.max_pods, r.max_pool_nodes,
                    (unsigned long long)r.max_pods * r.max_pool_nodes, limit_words(r.limited_by));
        else
            fprintf(f, "Limited by: %s\n", aksnet_limit_name(r.limited_by));
        if (!fits)
            fprintf(f, "No valid pool fits.\n");
    }
    return fits ? EXIT_FIT : EXIT_NOFIT;
}

/* ---- plan, check, compare ------------------------------------------------------------------- */

static int load_plan(ctx *c, const char *path, aksnet_plan **out)
{
    aksnet_error e;
    aksnet_status st;
    aksnet_error_init(&e);
    if (path == NULL)
        return usage_error(c, "a plan FILE (or - for standard input) is required");
    if (strcmp(path, "-") == 0) {
        size_t cap = 65536, n = 0, got;
        char *buf = malloc(cap);
        if (buf == NULL) {
            fprintf(c->err, "aksnet %s: out of memory\n", c->cmd);
            return EXIT_USAGE;
        }
        while ((got = fread(buf + n, 1, cap - n, stdin)) > 0) {
            n += got;
            if (n == cap) {
                char *nb;
                if (cap >= (size_t)64 * 1024 * 1024) {
                    free(buf);
                    fprintf(c->err, "aksnet %s: -: standard input is larger than 64 MiB\n",
                            c->cmd);
                    return EXIT_USAGE;
                }
                nb = realloc(buf, cap * 2);
                if (nb == NULL) {
                    free(buf);
                    fprintf(c->err, "aksnet %s: out of memory\n", c->cmd);
                    return EXIT_USAGE;
                }
                buf = nb;
                cap *= 2;
            }
        }
        st = aksnet_plan_from_json(out, buf, n, NULL, &e);
        free(buf);
    } else {
        st = aksnet_plan_from_file(out, path, NULL, &e);
    }
    if (st != AKSNET_OK) {
        fprintf(c->err, "aksnet %s: %s: %s\n", c->cmd, path, e.message);
        if (e.suggestion[0])
            fprintf(c->err, "  suggestion: %s\n", e.suggestion);
        return EXIT_USAGE;
    }
    return 0;
}

typedef struct plan_args {
    const char *file;
    const char *output;
    const char *pin_from;
    int format;
    int strategy;
    int32_t as_of;
} plan_args;

static int parse_plan_args(ctx *c, int argc, char **argv, bool plan_formats, bool allow_output,
                           bool allow_strategy, const char *help, plan_args *pa, bool *helped)
{
    int i, rc;
    const char *val = NULL;
    memset(pa, 0, sizeof(*pa));
    pa->format = FMT_TEXT;
    *helped = false;
    for (i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(help, c->out);
            *helped = true;
            return 0;
        } else if (is_opt(a, "--format")) {
            if ((rc = take_value(c, argc, argv, &i, "--format", &val)) ||
                (rc = parse_format(c, val, plan_formats, &pa->format)))
                return rc;
        } else if (allow_output && is_opt(a, "--output")) {
            if ((rc = take_value(c, argc, argv, &i, "--output", &val)))
                return rc;
            if (val[0] == '\0')
                return usage_error(c, "--output: empty path");
            pa->output = val;
        } else if (allow_strategy && is_opt(a, "--strategy")) {
            if ((rc = take_value(c, argc, argv, &i, "--strategy", &val)))
                return rc;
            if (aksnet_strategy_from_name(&pa->strategy, val) != AKSNET_OK)
                return usage_error(c, "--strategy: '%s' is not compact, ordered or terraform", val);
        } else if (is_opt(a, "--as-of")) {
            if ((rc = take_value(c, argc, argv, &i, "--as-of", &val)) ||
                (rc = parse_date(c, val, &pa->as_of)))
                return rc;
        } else if (allow_strategy && is_opt(a, "--pin-from")) {
            if ((rc = take_value(c, argc, argv, &i, "--pin-from", &val)))
                return rc;
            if (val[0] == '\0')
                return usage_error(c, "--pin-from: empty path");
            pa->pin_from = val;
        } else if (a[0] == '-' && a[1] != '\0') {
            return usage_error(c, "unknown option '%s'", a);
        } else if (pa->file == NULL) {
            pa->file = a;
        } else {
            return usage_error(c, "unexpected argument '%s' (one plan file)", a);
        }
    }
    if (pa->file == NULL)
        return usage_error(c, "a plan FILE (or - for standard input) is required");
    return 0;
}

static int allocate(ctx *c, aksnet_plan *plan, const plan_args *pa, aksnet_result **r)
{
    aksnet_allocate_options ao;
    aksnet_status st;
    aksnet_allocate_options_init(&ao);
    ao.strategy = pa->strategy;
    ao.as_of = pa->as_of;
    if (pa->pin_from != NULL) {
        /* allocate the earlier plan the same way and keep what it placed */
        aksnet_plan *old = NULL;
        aksnet_result *prev = NULL;
        size_t pinned = 0;
        int rc = load_plan(c, pa->pin_from, &old);
        if (rc)
            return rc;
        st = aksnet_plan_allocate(&prev, old, &ao);
        if (st != AKSNET_OK) {
            const aksnet_error *e = aksnet_plan_last_error(old);
            fprintf(c->err, "aksnet %s: --pin-from %s: %s\n", c->cmd, pa->pin_from,
                    e && e->message[0] ? e->message : aksnet_strerror(st));
            aksnet_plan_free(old);
            return EXIT_USAGE;
        }
        st = aksnet_plan_pin(plan, prev, &pinned);
        aksnet_result_free(prev);
        aksnet_plan_free(old);
        if (st != AKSNET_OK) {
            fprintf(c->err, "aksnet %s: --pin-from %s: %s\n", c->cmd, pa->pin_from,
                    aksnet_strerror(st));
            return EXIT_USAGE;
        }
    }
    st = aksnet_plan_allocate(r, plan, &ao);
    if (st != AKSNET_OK) {
        const aksnet_error *e = aksnet_plan_last_error(plan);
        fprintf(c->err, "aksnet %s: %s: %s\n", c->cmd, pa->file,
                e && e->message[0] ? e->message : aksnet_strerror(st));
        return EXIT_USAGE;
    }
    return 0;
}

static size_t count_errors(const aksnet_result *r)
{
    size_t i, n = 0;
    for (i = 0; i < aksnet_result_diagnostic_count(r); i++) {
        aksnet_diagnostic d;
        d.size = sizeof(d);
        if (aksnet_result_diagnostic(&d, r, i) == AKSNET_OK && d.severity == AKSNET_SEVERITY_ERROR)
            n++;
    }
    return n;
}

static int cmd_plan(ctx *c, int argc, char **argv)
{
    plan_args pa;
    bool helped;
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    char *text;
    int rc;
    static const int fmts[] = {0, AKSNET_FORMAT_TEXT, AKSNET_FORMAT_JSON, AKSNET_FORMAT_TFVARS,
                               AKSNET_FORMAT_SVG};
    if ((rc = parse_plan_args(c, argc, argv, true, true, true, plan_help, &pa, &helped)) || helped)
        return rc;
    if ((rc = load_plan(c, pa.file, &plan)))
        return rc;
    rc = allocate(c, plan, &pa, &r);
    aksnet_plan_free(plan);
    if (rc)
        return rc;
    text = render_result(c, r, fmts[pa.format]);
    if (text == NULL) {
        aksnet_result_free(r);
        return EXIT_USAGE;
    }
    rc = emit_text(c, text, pa.output);
    free(text);
    if (rc == 0 && !aksnet_result_fits(r)) {
        if (pa.format != FMT_TEXT || pa.output != NULL) {
            size_t ne = count_errors(r);
            fprintf(c->err, "aksnet plan: %s: the plan does not fit (%zu error diagnostic%s)\n",
                    pa.file, ne, ne == 1 ? "" : "s");
        }
        rc = EXIT_NOFIT;
    }
    aksnet_result_free(r);
    return rc;
}

static int cmd_check(ctx *c, int argc, char **argv)
{
    plan_args pa;
    bool helped;
    aksnet_plan *plan = NULL;
    aksnet_result *r = NULL;
    size_t i, n, errors = 0, warnings = 0;
    int rc;
    if ((rc = parse_plan_args(c, argc, argv, false, false, true, check_help, &pa, &helped)) ||
        helped)
        return rc;
    if ((rc = load_plan(c, pa.file, &plan)))
        return rc;
    rc = allocate(c, plan, &pa, &r);
    aksnet_plan_free(plan);
    if (rc)
        return rc;
    n = aksnet_result_diagnostic_count(r);
    if (pa.format == FMT_JSON)
        fprintf(c->out, "{\n  \"diagnostics\": [");
    for (i = 0; i < n; i++) {
        aksnet_diagnostic d;
        d.size = sizeof(d);
        if (aksnet_result_diagnostic(&d, r, i) != AKSNET_OK)
            continue;
        if (d.severity == AKSNET_SEVERITY_ERROR)
            errors++;
        else if (d.severity == AKSNET_SEVERITY_WARNING)
            warnings++;
        if (pa.format == FMT_JSON) {
            fprintf(c->out, "%s\n    {\"severity\": \"%s\", \"code\": ", i ? "," : "",
                    aksnet_severity_name(d.severity));
            json_string(c->out, d.code);
            fprintf(c->out, ", \"path\": ");
            json_string(c->out, d.path);
            fprintf(c->out, ", \"message\": ");
            json_string(c->out, d.message);
            fprintf(c->out, ", \"source\": ");
            json_string(c->out, d.source);
            fprintf(c->out, "}");
        } else {
            fprintf(c->out, "%s: %s at %s: %s\n  source: %s\n", aksnet_severity_name(d.severity),
                    d.code, d.path[0] ? d.path : "/", d.message, d.source);
        }
    }
    if (pa.format == FMT_JSON)
        fprintf(c->out, "%s],\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"fits\": %s\n}\n",
                n ? "\n  " : "", errors, warnings, aksnet_result_fits(r) ? "true" : "false");
    else
        fprintf(c->out, "%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
                warnings == 1 ? "" : "s");
    rc = errors > 0 || !aksnet_result_fits(r) ? EXIT_NOFIT : EXIT_FIT;
    aksnet_result_free(r);
    return rc;
}

static int cmd_compare(ctx *c, int argc, char **argv)
{
    plan_args pa;
    bool helped;
    aksnet_plan *plan = NULL;
    aksnet_comparison *cmp = NULL;
    aksnet_allocate_options ao;
    aksnet_status st;
    size_t need = 0;
    char *buf;
    int rc;
    if ((rc = parse_plan_args(c, argc, argv, false, false, false, compare_help, &pa, &helped)) ||
        helped)
        return rc;
    if ((rc = load_plan(c, pa.file, &plan)))
        return rc;
    aksnet_allocate_options_init(&ao);
    ao.as_of = pa.as_of;
    st = aksnet_plan_compare(&cmp, plan, &ao);
    if (st != AKSNET_OK) {
        const aksnet_error *e = aksnet_plan_last_error(plan);
        fprintf(c->err, "aksnet compare: %s: %s\n", pa.file,
                e && e->message[0] ? e->message : aksnet_strerror(st));
        aksnet_plan_free(plan);
        return EXIT_USAGE;
    }
    aksnet_plan_free(plan);
    st = aksnet_comparison_write(NULL, 0, &need, cmp,
                                 pa.format == FMT_JSON ? AKSNET_FORMAT_JSON : AKSNET_FORMAT_TEXT);
    buf = (st == AKSNET_EBUFS) ? malloc(need) : NULL;
    if (buf == NULL ||
        aksnet_comparison_write(buf, need, &need, cmp,
                                pa.format == FMT_JSON ? AKSNET_FORMAT_JSON : AKSNET_FORMAT_TEXT) !=
            AKSNET_OK) {
        fprintf(c->err, "aksnet compare: cannot render the comparison\n");
        free(buf);
        aksnet_comparison_free(cmp);
        return EXIT_USAGE;
    }
    fputs(buf, c->out);
    free(buf);
    aksnet_comparison_free(cmp);
    return 0;
}

static int cmd_rules(ctx *c, int argc, char **argv)
{
    int i, rc, format = FMT_TEXT;
    const char *val = NULL;
    size_t k, n = aksnet_rule_count();
    for (i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(rules_help, c->out);
            return 0;
        } else if (is_opt(argv[i], "--format")) {
            if ((rc = take_value(c, argc, argv, &i, "--format", &val)) ||
                (rc = parse_format(c, val, false, &format)))
                return rc;
        } else {
            return usage_error(c, "unknown argument '%s'", argv[i]);
        }
    }
    if (format == FMT_JSON)
        fprintf(c->out, "[");
    for (k = 0; k < n; k++) {
        aksnet_rule_info ri;
        ri.size = sizeof(ri);
        if (aksnet_rule_get(&ri, k) != AKSNET_OK)
            continue;
        if (format == FMT_JSON) {
            fprintf(c->out, "%s\n  {\"code\": ", k ? "," : "");
            json_string(c->out, ri.code);
            fprintf(c->out, ", \"severity\": \"%s\", \"summary\": ",
                    aksnet_severity_name(ri.severity));
            json_string(c->out, ri.summary);
            fprintf(c->out, ", \"source\": ");
            json_string(c->out, ri.source);
            fprintf(c->out, "}");
        } else {
            fprintf(c->out, "%-30s %-7s %s\n", ri.code, aksnet_severity_name(ri.severity),
                    ri.summary);
        }
    }
    if (format == FMT_JSON)
        fprintf(c->out, "\n]\n");
    return 0;
}

int aksnet_cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    ctx c;
    const char *cmd;
    c.out = out;
    c.err = err;
    c.cmd = NULL;
    if (argc < 2) {
        fputs(main_help, err);
        return EXIT_USAGE;
    }
    cmd = argv[1];
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        fprintf(out, "aksnet %s\n", aksnet_version_string());
        return 0;
    }
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(main_help, out);
        return 0;
    }
    if (strcmp(cmd, "help") == 0) {
        const char *h;
        if (argc < 3) {
            fputs(main_help, out);
            return 0;
        }
        h = help_for(argv[2]);
        if (h == NULL) {
            c.cmd = "help";
            return usage_error(&c, "unknown command '%s'", argv[2]);
        }
        fputs(h, out);
        return 0;
    }
    c.cmd = cmd;
    if (strcmp(cmd, "size") == 0)
        return cmd_size(&c, argc - 2, argv + 2);
    if (strcmp(cmd, "capacity") == 0)
        return cmd_capacity(&c, argc - 2, argv + 2);
    if (strcmp(cmd, "plan") == 0)
        return cmd_plan(&c, argc - 2, argv + 2);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(&c, argc - 2, argv + 2);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(&c, argc - 2, argv + 2);
    if (strcmp(cmd, "rules") == 0)
        return cmd_rules(&c, argc - 2, argv + 2);
    c.cmd = NULL;
    return usage_error(&c, "unknown command '%s'", cmd);
}
