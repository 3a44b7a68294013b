/*
 * Hand-written glue between libaksnet and CPython; see aksnet_py.h for the conventions.
 * Compiled with the project's full warning set.
 */
#include "aksnet_py.h"

#include <string.h>

/* ---- errors ------------------------------------------------------------------------------ */

/* The exception classes live in the pure-Python module aksnet._errors (so that they can mix in
 * the built-in exceptions and carry docstrings); it is imported when the first error is raised
 * (aksnet/__init__.py has always imported it already, so this is a sys.modules lookup). */
static void raise_detail(aksnet_status code, const char *message, const char *path,
                         const char *suggestion, size_t offset, unsigned long line,
                         unsigned long column)
{
    PyObject *mod, *factory, *exc;
    mod = PyImport_ImportModule("aksnet._errors");
    if (mod == NULL) {
        /* aksnet._errors is missing: still raise something that says what went wrong */
        PyErr_Clear();
        PyErr_Format(PyExc_RuntimeError, "libaksnet error %d: %s", (int)code, message);
        return;
    }
    factory = PyObject_GetAttrString(mod, "_from_status");
    Py_DECREF(mod);
    if (factory == NULL)
        return;
    exc = PyObject_CallFunction(factory, "isssnkk", (int)code, message, path, suggestion,
                                (Py_ssize_t)offset, line, column);
    Py_DECREF(factory);
    if (exc == NULL)
        return;
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
}

aksnet_status aksnet_py_fail(aksnet_status code, const aksnet_error *err)
{
    if (code >= 0)
        return code;
    if (err != NULL && err->message[0] != '\0')
        raise_detail(code, err->message, err->path, err->suggestion, err->offset, err->line,
                     err->column);
    else
        raise_detail(code, aksnet_strerror(code), "", "", 0, 0, 0);
    return code;
}

aksnet_status aksnet_py_plan_status(const aksnet_plan *plan, aksnet_status st)
{
    const aksnet_error *e;
    if (st >= 0)
        return st;
    e = aksnet_plan_last_error(plan);
    /* only use the plan's detail when it describes this failure */
    return aksnet_py_fail(st, (e != NULL && e->code == st) ? e : NULL);
}

/* ---- value conversions -------------------------------------------------------------------- */

static int raw20_arg(PyObject *obj, void *out, const char *what)
{
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) != 0) {
        PyErr_Clear();
        PyErr_Format(PyExc_TypeError, "%s: expected 20 bytes, not %.100s", what,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (view.len != 20) {
        PyErr_Format(PyExc_ValueError, "%s: expected 20 bytes, got %zd", what, view.len);
        PyBuffer_Release(&view);
        return -1;
    }
    memcpy(out, view.buf, 20);
    PyBuffer_Release(&view);
    return 0;
}

int aksnet_py_prefix_arg(PyObject *obj, aksnet_prefix *out)
{
    return raw20_arg(obj, out, "prefix");
}

int aksnet_py_address_arg(PyObject *obj, aksnet_address *out)
{
    return raw20_arg(obj, out, "address");
}

PyObject *aksnet_py_prefix_obj(const aksnet_prefix *prefix)
{
    if (prefix->family == 0)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)prefix, (Py_ssize_t)sizeof(*prefix));
}

PyObject *aksnet_py_address_obj(const aksnet_address *address)
{
    if (address->family == 0)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize((const char *)address, (Py_ssize_t)sizeof(*address));
}

int aksnet_py_text_arg(PyObject *obj, const char **text, size_t *len)
{
    Py_ssize_t n = 0;
    if (PyUnicode_Check(obj)) {
        /* the UTF-8 form is cached in the str object: borrowed, nothing to free */
        *text = PyUnicode_AsUTF8AndSize(obj, &n);
        if (*text == NULL)
            return -1;
    } else if (PyBytes_Check(obj)) {
        char *p = NULL;
        if (PyBytes_AsStringAndSize(obj, &p, &n) != 0)
            return -1;
        *text = p;
    } else {
        PyErr_Format(PyExc_TypeError, "expected str or bytes, not %.100s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    *len = (size_t)n;
    return 0;
}

/* d[key] = value, stealing `value`; -1 when value is NULL or the insertion fails. */
static int put(PyObject *d, const char *key, PyObject *value)
{
    int rc;
    if (value == NULL)
        return -1;
    rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

static PyObject *str_or_none(const char *s)
{
    if (s == NULL)
        Py_RETURN_NONE;
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "replace");
}

static PyObject *u64(uint64_t v)
{
    return PyLong_FromUnsignedLongLong((unsigned long long)v);
}

static PyObject *finish(PyObject *d, int failed)
{
    if (failed) {
        Py_XDECREF(d);
        return NULL;
    }
    return d;
}

PyObject *aksnet_py_subnet_dict(const aksnet_subnet_info *s)
{
    PyObject *d = PyDict_New(), *pools;
    size_t i;
    int bad = d == NULL;
    if (bad)
        return NULL;
    pools = PyList_New((Py_ssize_t)s->node_pool_count);
    for (i = 0; pools != NULL && i < s->node_pool_count; i++) {
        PyObject *n = str_or_none(s->node_pools[i]);
        if (n == NULL) {
            Py_CLEAR(pools);
            break;
        }
        PyList_SET_ITEM(pools, (Py_ssize_t)i, n);
    }
    bad = put(d, "name", str_or_none(s->name)) || put(d, "cidr", aksnet_py_prefix_obj(&s->cidr)) ||
          put(d, "cidr_ipv6", aksnet_py_prefix_obj(&s->cidr_ipv6)) ||
          put(d, "purpose", PyLong_FromLong(s->purpose)) ||
          put(d, "cluster", str_or_none(s->cluster)) || put(d, "node_pools", pools) ||
          put(d, "ips_required", u64(s->ips_required)) ||
          put(d, "usable_ips", u64(s->usable_ips)) ||
          put(d, "existing", PyBool_FromLong(s->existing != 0)) ||
          put(d, "placed", PyBool_FromLong(s->placed != 0));
    return finish(d, bad);
}

PyObject *aksnet_py_cluster_dict(const aksnet_cluster_info *c)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "name", str_or_none(c->name)) ||
          put(d, "network_plugin", PyLong_FromLong(c->network_plugin)) ||
          put(d, "network_plugin_mode", PyLong_FromLong(c->network_plugin_mode)) ||
          put(d, "network_dataplane", PyLong_FromLong(c->network_dataplane)) ||
          put(d, "network_policy", PyLong_FromLong(c->network_policy)) ||
          put(d, "mode", PyLong_FromLong(c->mode)) ||
          put(d, "dual_stack", PyBool_FromLong(c->dual_stack != 0)) ||
          put(d, "pod_cidr", aksnet_py_prefix_obj(&c->pod_cidr)) ||
          put(d, "pod_cidr_ipv6", aksnet_py_prefix_obj(&c->pod_cidr_ipv6)) ||
          put(d, "service_cidr", aksnet_py_prefix_obj(&c->service_cidr)) ||
          put(d, "service_cidr_ipv6", aksnet_py_prefix_obj(&c->service_cidr_ipv6)) ||
          put(d, "dns_service_ip", aksnet_py_address_obj(&c->dns_service_ip)) ||
          put(d, "nodes", PyLong_FromUnsignedLong(c->nodes)) ||
          put(d, "pool_count", PyLong_FromSize_t(c->pool_count));
    return finish(d, bad);
}

PyObject *aksnet_py_pool_dict(const aksnet_pool_info *p)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "name", str_or_none(p->name)) || put(d, "mode", PyLong_FromLong(p->mode)) ||
          put(d, "pool_mode", PyLong_FromLong(p->pool_mode)) ||
          put(d, "os_type", PyLong_FromLong(p->os_type)) ||
          put(d, "nodes", PyLong_FromUnsignedLong(p->nodes)) ||
          put(d, "surge_nodes", PyLong_FromUnsignedLong(p->surge_nodes)) ||
          put(d, "max_pods", PyLong_FromUnsignedLong(p->max_pods)) ||
          put(d, "subnet", str_or_none(p->subnet)) ||
          put(d, "pod_subnet", str_or_none(p->pod_subnet)) ||
          put(d, "node_subnet_ips", u64(p->node_subnet_ips)) || put(d, "pod_ips", u64(p->pod_ips));
    return finish(d, bad);
}

PyObject *aksnet_py_diagnostic_dict(const aksnet_diagnostic *g)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "severity", PyLong_FromLong(g->severity)) ||
          put(d, "code", str_or_none(g->code)) || put(d, "path", str_or_none(g->path)) ||
          put(d, "message", str_or_none(g->message)) ||
          put(d, "source", str_or_none(g->source));
    return finish(d, bad);
}

PyObject *aksnet_py_mode_summary_dict(const aksnet_mode_summary *m)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "label", str_or_none(m->label)) || put(d, "mode", PyLong_FromLong(m->mode)) ||
          put(d, "dataplane", PyLong_FromLong(m->dataplane)) ||
          put(d, "fits", PyBool_FromLong(m->fits != 0)) || put(d, "vnet_ips", u64(m->vnet_ips)) ||
          put(d, "max_nodes", PyLong_FromUnsignedLong(m->max_nodes)) ||
          put(d, "errors", PyLong_FromSize_t(m->errors)) ||
          put(d, "warnings", PyLong_FromSize_t(m->warnings)) ||
          put(d, "migration", PyLong_FromLong(m->migration)) ||
          put(d, "migration_note", str_or_none(m->migration_note));
    return finish(d, bad);
}

PyObject *aksnet_py_rule_dict(const aksnet_rule_info *r)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "code", str_or_none(r->code)) ||
          put(d, "severity", PyLong_FromLong(r->severity)) ||
          put(d, "summary", str_or_none(r->summary)) || put(d, "source", str_or_none(r->source));
    return finish(d, bad);
}

PyObject *aksnet_py_size_dict(const aksnet_size_result *r)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "mode", PyLong_FromLong(r->mode)) ||
          put(d, "nodes", PyLong_FromUnsignedLong(r->nodes)) ||
          put(d, "surge_nodes", PyLong_FromUnsignedLong(r->surge_nodes)) ||
          put(d, "max_pods", PyLong_FromUnsignedLong(r->max_pods)) ||
          put(d, "expected_pods", PyLong_FromUnsignedLong(r->expected_pods)) ||
          put(d, "node_subnet_ips", u64(r->node_subnet_ips)) ||
          put(d, "node_subnet_prefix_length", PyLong_FromLong(r->node_subnet_prefix_length)) ||
          put(d, "node_subnet_usable", u64(r->node_subnet_usable)) ||
          put(d, "has_pod_subnet", PyBool_FromLong(r->has_pod_subnet != 0)) ||
          put(d, "pod_ips_per_node", u64(r->pod_ips_per_node)) ||
          put(d, "pod_subnet_ips", u64(r->pod_subnet_ips)) ||
          put(d, "pod_subnet_blocks", u64(r->pod_subnet_blocks)) ||
          put(d, "pod_subnet_prefix_length", PyLong_FromLong(r->pod_subnet_prefix_length)) ||
          put(d, "pod_subnet_usable", u64(r->pod_subnet_usable)) ||
          put(d, "has_pod_cidr", PyBool_FromLong(r->has_pod_cidr != 0)) ||
          put(d, "pod_cidr_addresses_required", u64(r->pod_cidr_addresses_required)) ||
          put(d, "pod_cidr_prefix_length", PyLong_FromLong(r->pod_cidr_prefix_length)) ||
          put(d, "pod_cidr_addresses", u64(r->pod_cidr_addresses)) ||
          put(d, "exceeded", PyLong_FromLong(r->exceeded));
    return finish(d, bad);
}

PyObject *aksnet_py_capacity_dict(const aksnet_capacity_result *r)
{
    PyObject *d = PyDict_New();
    int bad;
    if (d == NULL)
        return NULL;
    bad = put(d, "mode", PyLong_FromLong(r->mode)) ||
          put(d, "max_pods", PyLong_FromUnsignedLong(r->max_pods)) ||
          put(d, "max_nodes", PyLong_FromUnsignedLong(r->max_nodes)) ||
          put(d, "max_pool_nodes", PyLong_FromUnsignedLong(r->max_pool_nodes)) ||
          put(d, "surge_nodes", PyLong_FromUnsignedLong(r->surge_nodes)) ||
          put(d, "limited_by", PyLong_FromLong(r->limited_by)) ||
          put(d, "node_subnet_nodes", PyLong_FromUnsignedLong(r->node_subnet_nodes)) ||
          put(d, "pod_nodes", r->pod_nodes == UINT32_MAX
                                  ? (Py_INCREF(Py_None), Py_None)
                                  : PyLong_FromUnsignedLong(r->pod_nodes));
    return finish(d, bad);
}

/* ---- prefixes and addresses --------------------------------------------------------------- */

aksnet_status aksnet_py_prefix_parse(aksnet_prefix *out, const char *text, size_t len,
                                     unsigned int flags)
{
    aksnet_error e;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_prefix_parse(out, text, len, flags, &e), &e);
}

aksnet_status aksnet_py_address_parse(aksnet_address *out, const char *text, size_t len,
                                      unsigned int flags)
{
    aksnet_error e;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_address_parse(out, text, len, flags, &e), &e);
}

aksnet_status aksnet_py_prefix_format(PyObject **out_obj, const aksnet_prefix *prefix)
{
    char buf[AKSNET_PREFIX_STRLEN];
    aksnet_status st = aksnet_prefix_format(buf, sizeof(buf), NULL, prefix);
    if (st != AKSNET_OK)
        return aksnet_py_fail(st, NULL);
    *out_obj = PyUnicode_FromString(buf);
    return *out_obj ? AKSNET_OK : AKSNET_ENOMEM;
}

aksnet_status aksnet_py_address_format(PyObject **out_obj, const aksnet_address *address)
{
    char buf[AKSNET_ADDRESS_STRLEN];
    aksnet_status st = aksnet_address_format(buf, sizeof(buf), NULL, address);
    if (st != AKSNET_OK)
        return aksnet_py_fail(st, NULL);
    *out_obj = PyUnicode_FromString(buf);
    return *out_obj ? AKSNET_OK : AKSNET_ENOMEM;
}

aksnet_status aksnet_py_prefix_normalize(PyObject **out_obj, PyObject *prefixes)
{
    PyObject *seq, *list = NULL;
    aksnet_prefix *arr = NULL;
    Py_ssize_t n, i;
    size_t count = 0;
    uint64_t pairs = 0;
    aksnet_status st;
    seq = PySequence_Fast(prefixes, "normalize: expected a sequence of prefixes");
    if (seq == NULL)
        return AKSNET_EINVAL;
    n = PySequence_Fast_GET_SIZE(seq);
    arr = PyMem_Malloc(n > 0 ? (size_t)n * sizeof(*arr) : 1);
    if (arr == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return AKSNET_ENOMEM;
    }
    for (i = 0; i < n; i++) {
        if (aksnet_py_prefix_arg(PySequence_Fast_GET_ITEM(seq, i), &arr[i]) != 0) {
            Py_DECREF(seq);
            PyMem_Free(arr);
            return AKSNET_EINVAL;
        }
    }
    Py_DECREF(seq);
    st = aksnet_prefix_normalize(arr, (size_t)n, &count, &pairs);
    if (st != AKSNET_OK) {
        PyMem_Free(arr);
        return aksnet_py_fail(st, NULL);
    }
    list = PyList_New((Py_ssize_t)count);
    for (i = 0; list != NULL && i < (Py_ssize_t)count; i++) {
        PyObject *b = aksnet_py_prefix_obj(&arr[i]);
        if (b == NULL)
            Py_CLEAR(list);
        else
            PyList_SET_ITEM(list, i, b);
    }
    PyMem_Free(arr);
    if (list == NULL)
        return AKSNET_ENOMEM;
    *out_obj = Py_BuildValue("(NK)", list, (unsigned long long)pairs);
    return *out_obj ? AKSNET_OK : AKSNET_ENOMEM;
}

/* ---- sizing ------------------------------------------------------------------------------- */

aksnet_status aksnet_py_size(aksnet_size_result *out, int mode, int dataplane, uint32_t nodes,
                             uint32_t max_pods, int max_surge_kind, uint32_t max_surge,
                             uint32_t expected_pods, uint32_t extra_ips, unsigned int dual_stack)
{
    aksnet_size_options o;
    aksnet_error e;
    aksnet_size_options_init(&o);
    o.mode = mode;
    o.dataplane = dataplane;
    o.nodes = nodes;
    o.max_pods = max_pods;
    o.max_surge_kind = max_surge_kind;
    o.max_surge = max_surge;
    o.expected_pods = expected_pods;
    o.extra_ips = extra_ips;
    o.dual_stack = dual_stack;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_size(out, &o, &e), &e);
}

aksnet_status aksnet_py_capacity(aksnet_capacity_result *out, int mode, int dataplane,
                                 const aksnet_prefix *node_subnet, const aksnet_prefix *pod_cidr,
                                 const aksnet_prefix *pod_subnet, uint32_t max_pods,
                                 int max_surge_kind, uint32_t max_surge, uint32_t expected_pods,
                                 uint32_t extra_ips, unsigned int dual_stack)
{
    aksnet_capacity_options o;
    aksnet_error e;
    aksnet_capacity_options_init(&o);
    o.mode = mode;
    o.dataplane = dataplane;
    if (node_subnet)
        o.node_subnet = *node_subnet;
    if (pod_cidr)
        o.pod_cidr = *pod_cidr;
    if (pod_subnet)
        o.pod_subnet = *pod_subnet;
    o.max_pods = max_pods;
    o.max_surge_kind = max_surge_kind;
    o.max_surge = max_surge;
    o.expected_pods = expected_pods;
    o.extra_ips = extra_ips;
    o.dual_stack = dual_stack;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_capacity(out, &o, &e), &e);
}

/* ---- plans -------------------------------------------------------------------------------- */

aksnet_status aksnet_py_plan_new(aksnet_plan **out)
{
    return aksnet_py_fail(aksnet_plan_new(out, NULL), NULL);
}

aksnet_status aksnet_py_plan_from_json(aksnet_plan **out, const char *text, size_t len)
{
    aksnet_error e;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_plan_from_json(out, text, len, NULL, &e), &e);
}

aksnet_status aksnet_py_plan_from_file(aksnet_plan **out, const char *path)
{
    aksnet_error e;
    aksnet_error_init(&e);
    return aksnet_py_fail(aksnet_plan_from_file(out, path, NULL, &e), &e);
}

/* The (buf, buflen, needed) two-call pattern into a new str. `write` is one of the writers
 * below; `obj` and `format` are passed through. */
typedef aksnet_status (*writer_fn)(char *buf, size_t buflen, size_t *needed, const void *obj,
                                   int format);

static aksnet_status write_str(PyObject **out_obj, writer_fn write, const void *obj, int format)
{
    size_t need = 0, again = 0;
    char *buf;
    aksnet_status st = write(NULL, 0, &need, obj, format);
    if (st != AKSNET_EBUFS && st != AKSNET_OK)
        return aksnet_py_fail(st, NULL);
    if (need == 0) /* the contract says `needed` includes the NUL: never 0 on success */
        return aksnet_py_fail(AKSNET_ERROR, NULL);
    buf = PyMem_Malloc(need);
    if (buf == NULL) {
        PyErr_NoMemory();
        return AKSNET_ENOMEM;
    }
    st = write(buf, need, &again, obj, format);
    if (st != AKSNET_OK) {
        PyMem_Free(buf);
        return aksnet_py_fail(st, NULL);
    }
    *out_obj = PyUnicode_DecodeUTF8(buf, (Py_ssize_t)strnlen(buf, need), "replace");
    PyMem_Free(buf);
    return *out_obj ? AKSNET_OK : AKSNET_ENOMEM;
}

static aksnet_status plan_writer(char *buf, size_t buflen, size_t *needed, const void *obj,
                                 int format)
{
    (void)format;
    /* aksnet_plan_to_json takes a non-const plan (it records its last error) */
    return aksnet_plan_to_json(buf, buflen, needed, (aksnet_plan *)(uintptr_t)obj);
}

static aksnet_status result_writer(char *buf, size_t buflen, size_t *needed, const void *obj,
                                   int format)
{
    return aksnet_result_write(buf, buflen, needed, obj, format);
}

static aksnet_status comparison_writer(char *buf, size_t buflen, size_t *needed,
                                       const void *obj, int format)
{
    return aksnet_comparison_write(buf, buflen, needed, obj, format);
}

aksnet_status aksnet_py_plan_to_json(PyObject **out_obj, aksnet_plan *plan)
{
    return write_str(out_obj, plan_writer, plan, 0);
}

aksnet_status aksnet_py_result_write(PyObject **out_obj, const aksnet_result *result, int format)
{
    return write_str(out_obj, result_writer, result, format);
}

aksnet_status aksnet_py_comparison_write(PyObject **out_obj, const aksnet_comparison *comparison,
                                         int format)
{
    return write_str(out_obj, comparison_writer, comparison, format);
}

aksnet_status aksnet_py_plan_add_request(aksnet_plan *plan, const char *name, int kind,
                                         uint8_t prefix_length, uint64_t ips,
                                         const aksnet_prefix *cidr, unsigned int ipv6,
                                         const aksnet_prefix *cidr_ipv6)
{
    aksnet_request_options o;
    aksnet_request_options_init(&o);
    o.name = name;
    o.kind = kind;
    o.prefix_length = prefix_length;
    o.ips = ips;
    if (cidr)
        o.cidr = *cidr;
    o.ipv6 = ipv6;
    if (cidr_ipv6)
        o.cidr_ipv6 = *cidr_ipv6;
    return aksnet_py_plan_status(plan, aksnet_plan_add_request(plan, &o));
}

aksnet_status aksnet_py_plan_add_cluster(size_t *index_out, aksnet_plan *plan, const char *name,
                                         int network_plugin, int network_plugin_mode,
                                         int network_dataplane, int network_policy,
                                         unsigned int dual_stack, const aksnet_prefix *pod_cidr,
                                         const aksnet_prefix *pod_cidr_ipv6,
                                         const aksnet_prefix *service_cidr,
                                         const aksnet_prefix *service_cidr_ipv6,
                                         const aksnet_address *dns_service_ip,
                                         unsigned int private_cluster, uint32_t load_balancer_ips,
                                         uint32_t private_link_service_ips, double growth,
                                         unsigned int features, const char *kubernetes_version)
{
    aksnet_cluster_options o;
    aksnet_cluster_options_init(&o);
    o.name = name;
    o.network_plugin = network_plugin;
    o.network_plugin_mode = network_plugin_mode;
    o.network_dataplane = network_dataplane;
    o.network_policy = network_policy;
    o.dual_stack = dual_stack;
    if (pod_cidr)
        o.pod_cidr = *pod_cidr;
    if (pod_cidr_ipv6)
        o.pod_cidr_ipv6 = *pod_cidr_ipv6;
    if (service_cidr)
        o.service_cidr = *service_cidr;
    if (service_cidr_ipv6)
        o.service_cidr_ipv6 = *service_cidr_ipv6;
    if (dns_service_ip)
        o.dns_service_ip = *dns_service_ip;
    o.private_cluster = private_cluster;
    o.load_balancer_ips = load_balancer_ips;
    o.private_link_service_ips = private_link_service_ips;
    o.growth = growth;
    o.features = features;
    o.kubernetes_version = kubernetes_version;
    return aksnet_py_plan_status(plan, aksnet_plan_add_cluster(index_out, plan, &o));
}

aksnet_status aksnet_py_plan_add_pool(aksnet_plan *plan, size_t cluster_index, const char *name,
                                      int mode, int os_type, const char *vm_size, uint32_t count,
                                      unsigned int autoscale, uint32_t min_count,
                                      uint32_t max_count, uint32_t max_pods, int max_surge_kind,
                                      uint32_t max_surge, uint32_t expected_pods,
                                      const char *subnet, const char *pod_subnet,
                                      int pod_allocation)
{
    aksnet_pool_options o;
    aksnet_pool_options_init(&o);
    o.name = name;
    o.mode = mode;
    o.os_type = os_type;
    o.vm_size = vm_size;
    o.count = count;
    o.autoscale = autoscale;
    o.min_count = min_count;
    o.max_count = max_count;
    o.max_pods = max_pods;
    o.max_surge_kind = max_surge_kind;
    o.max_surge = max_surge;
    o.expected_pods = expected_pods;
    o.subnet = subnet;
    o.pod_subnet = pod_subnet;
    o.pod_allocation = pod_allocation;
    return aksnet_py_plan_status(plan, aksnet_plan_add_pool(plan, cluster_index, &o));
}

aksnet_status aksnet_py_plan_pin(size_t *pinned_out, aksnet_plan *plan,
                                 const aksnet_result *previous)
{
    return aksnet_py_plan_status(plan, aksnet_plan_pin(plan, previous, pinned_out));
}

static void allocate_options(aksnet_allocate_options *o, int strategy, int32_t as_of)
{
    aksnet_allocate_options_init(o);
    o->strategy = strategy;
    o->as_of = as_of;
}

aksnet_status aksnet_py_plan_allocate(aksnet_result **out, aksnet_plan *plan, int strategy,
                                      int32_t as_of)
{
    aksnet_allocate_options o;
    allocate_options(&o, strategy, as_of);
    return aksnet_py_plan_status(plan, aksnet_plan_allocate(out, plan, &o));
}

aksnet_status aksnet_py_plan_compare(aksnet_comparison **out, aksnet_plan *plan, int strategy,
                                     int32_t as_of)
{
    aksnet_allocate_options o;
    allocate_options(&o, strategy, as_of);
    return aksnet_py_plan_status(plan, aksnet_plan_compare(out, plan, &o));
}
