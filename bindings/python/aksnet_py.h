/*
 * Hand-written glue between libaksnet and CPython, used by the SWIG interface aksnet.i.
 *
 * This file and aksnet_py.c are compiled with the project's full warning set (the generated
 * wrapper gets a few narrow relaxations of its own). They call only the exported API of
 * libaksnet.so.1 (include/aksnet.h); no library source is compiled into the module.
 *
 * Conventions:
 * - Every function that returns an aksnet_status sets a Python exception when it returns a
 *   negative value (the aksnet.Error subclass for the code, carrying the library's detail),
 *   and never sets one when it returns AKSNET_OK. The SWIG status typemap relies on this.
 * - Functions returning PyObject * return a new reference, or NULL with an exception set.
 * - Prefixes and addresses travel to and from Python as `bytes` of exactly 20 bytes: the
 *   fixed, documented layout of aksnet_prefix and aksnet_address.
 */
#ifndef AKSNET_PY_H
#define AKSNET_PY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <aksnet.h>

/* ---- errors ------------------------------------------------------------------------------ */

/* Raise the aksnet.Error subclass for `code` with the detail of `err` (NULL: none) and return
 * `code`. Does nothing and returns `code` when `code` is not negative. */
aksnet_status aksnet_py_fail(aksnet_status code, const aksnet_error *err);

/* `st` from a call on `plan`: when negative, raise with aksnet_plan_last_error(plan). */
aksnet_status aksnet_py_plan_status(const aksnet_plan *plan, aksnet_status st);

/* ---- value conversions -------------------------------------------------------------------- */

/* 20-byte bytes (or any buffer of 20 bytes) -> struct; 0 or -1 with TypeError/ValueError. */
int aksnet_py_prefix_arg(PyObject *obj, aksnet_prefix *out);
int aksnet_py_address_arg(PyObject *obj, aksnet_address *out);
/* struct -> bytes, or None when the family is 0 ("not set"). */
PyObject *aksnet_py_prefix_obj(const aksnet_prefix *prefix);
PyObject *aksnet_py_address_obj(const aksnet_address *address);
/* Text argument: str (UTF-8) or bytes, borrowed from the object; 0 or -1 with TypeError. */
int aksnet_py_text_arg(PyObject *obj, const char **text, size_t *len);

/* Output records -> dict (keys are the record's member names, enums as ints). */
PyObject *aksnet_py_subnet_dict(const aksnet_subnet_info *s);
PyObject *aksnet_py_cluster_dict(const aksnet_cluster_info *c);
PyObject *aksnet_py_pool_dict(const aksnet_pool_info *p);
PyObject *aksnet_py_diagnostic_dict(const aksnet_diagnostic *d);
PyObject *aksnet_py_mode_summary_dict(const aksnet_mode_summary *m);
PyObject *aksnet_py_rule_dict(const aksnet_rule_info *r);
PyObject *aksnet_py_size_dict(const aksnet_size_result *r);
PyObject *aksnet_py_capacity_dict(const aksnet_capacity_result *r);

/* ---- functions wrapped by SWIG (see aksnet.i for their Python names) ---------------------- */

aksnet_status aksnet_py_prefix_parse(aksnet_prefix *out, const char *text, size_t len,
                                     unsigned int flags);
aksnet_status aksnet_py_address_parse(aksnet_address *out, const char *text, size_t len,
                                      unsigned int flags);
aksnet_status aksnet_py_prefix_format(PyObject **out_obj, const aksnet_prefix *prefix);
aksnet_status aksnet_py_address_format(PyObject **out_obj, const aksnet_address *address);
/* (list of 20-byte bytes, overlapping pairs) for a sequence of 20-byte bytes. */
aksnet_status aksnet_py_prefix_normalize(PyObject **out_obj, PyObject *prefixes);

aksnet_status aksnet_py_size(aksnet_size_result *out, int mode, int dataplane, uint32_t nodes,
                             uint32_t max_pods, int max_surge_kind, uint32_t max_surge,
                             uint32_t expected_pods, uint32_t extra_ips,
                             unsigned int dual_stack);
aksnet_status aksnet_py_capacity(aksnet_capacity_result *out, int mode, int dataplane,
                                 const aksnet_prefix *node_subnet, const aksnet_prefix *pod_cidr,
                                 const aksnet_prefix *pod_subnet, uint32_t max_pods,
                                 int max_surge_kind, uint32_t max_surge, uint32_t expected_pods,
                                 uint32_t extra_ips, unsigned int dual_stack);

aksnet_status aksnet_py_plan_new(aksnet_plan **out);
aksnet_status aksnet_py_plan_from_json(aksnet_plan **out, const char *text, size_t len);
aksnet_status aksnet_py_plan_from_file(aksnet_plan **out, const char *path);
aksnet_status aksnet_py_plan_to_json(PyObject **out_obj, aksnet_plan *plan);
aksnet_status aksnet_py_plan_add_request(aksnet_plan *plan, const char *name, int kind,
                                         uint8_t prefix_length, uint64_t ips,
                                         const aksnet_prefix *cidr, unsigned int ipv6,
                                         const aksnet_prefix *cidr_ipv6);
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
                                         unsigned int features, const char *kubernetes_version);
aksnet_status aksnet_py_plan_add_pool(aksnet_plan *plan, size_t cluster_index, const char *name,
                                      int mode, int os_type, const char *vm_size, uint32_t count,
                                      unsigned int autoscale, uint32_t min_count,
                                      uint32_t max_count, uint32_t max_pods, int max_surge_kind,
                                      uint32_t max_surge, uint32_t expected_pods,
                                      const char *subnet, const char *pod_subnet,
                                      int pod_allocation);
aksnet_status aksnet_py_plan_pin(size_t *pinned_out, aksnet_plan *plan,
                                 const aksnet_result *previous);
aksnet_status aksnet_py_plan_allocate(aksnet_result **out, aksnet_plan *plan, int strategy,
                                      int32_t as_of);
aksnet_status aksnet_py_plan_compare(aksnet_comparison **out, aksnet_plan *plan, int strategy,
                                     int32_t as_of);

aksnet_status aksnet_py_result_write(PyObject **out_obj, const aksnet_result *result, int format);
aksnet_status aksnet_py_comparison_write(PyObject **out_obj, const aksnet_comparison *comparison,
                                         int format);

#endif /* AKSNET_PY_H */
