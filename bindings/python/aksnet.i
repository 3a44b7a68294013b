/*
 * SWIG interface of libaksnet for Python: the private low-level module `aksnet._capi`
 * (proxy) over the extension `aksnet._aksnet`. Users import the pure-Python package
 * `aksnet`, which is built on this module; nothing here is public API.
 *
 * Layout (docs/c-library-style.md P22): module and autodoc; the C block; every directive
 * (renames, ignores, typemaps) BEFORE any declaration, because SWIG applies a directive only
 * to what it parses after it (an %exception or typemap placed late is silently ignored);
 * then the opaque handles with %extend; the hand-written glue (aksnet_py.c); and the public
 * header last. Generated wrapper code is never committed: it lives in the build tree.
 */
%define AKSNET_CAPI_DOC
"Low-level SWIG wrapper of libaksnet (private; use the `aksnet` package instead).

Prefixes and addresses are passed as 20-byte `bytes` (the fixed layout of aksnet_prefix and
aksnet_address); records come back as dicts keyed by the C member names; every negative
aksnet_status raises an aksnet.Error subclass."
%enddef
%module(package="aksnet", docstring=AKSNET_CAPI_DOC) _capi

%feature("autodoc", "2");

%{
#include <string.h>
#include <aksnet.h>
#include "aksnet_py.h"

/* SWIG defines the module init function without a prototype (-Wmissing-prototypes) */
PyMODINIT_FUNC PyInit__aksnet(void);
%}

%include <stdint.i>

/* ---- 1. names -------------------------------------------------------------------------------
 * Strip the prefixes: aksnet_prefix_parse -> prefix_parse, aksnet_py_size -> size,
 * AKSNET_MODE_KUBENET -> MODE_KUBENET. The opaque handles get explicit class names. */
%rename(PlanHandle) aksnet_plan;
%rename(ResultHandle) aksnet_result;
%rename(ComparisonHandle) aksnet_comparison;
%rename("%(regex:/^(aksnet_py_|aksnet_|AKSNET_)(.*)$/\\2/)s") "";

/* %extend methods are emitted as C functions named <struct>_<method>; the py_ prefix keeps
 * them from colliding with real API names (aksnet_plan_set_name...). Python sees them
 * without it. */
%rename(set_name) aksnet_plan::py_set_name;
%rename(set_vnet_name) aksnet_plan::py_set_vnet_name;
%rename(set_strategy) aksnet_plan::py_set_strategy;
%rename(add_address_space) aksnet_plan::py_add_address_space;
%rename(add_subnet) aksnet_plan::py_add_subnet;
%rename(add_reserved) aksnet_plan::py_add_reserved;
%rename(add_avoid) aksnet_plan::py_add_avoid;

/* ---- 2. what is not wrapped directly ------------------------------------------------------
 * Structs: values cross as bytes and dicts (typemaps below), so no struct proxies.
 * Functions with an aksnet_error * or a caller buffer, and the whole lifecycle of handles:
 * replaced by the glue in aksnet_py.c, which raises with the library's detail. */
%ignore aksnet_address;
%ignore aksnet_prefix;
%ignore aksnet_error;
%ignore aksnet_allocator;
%ignore aksnet_size_options;
%ignore aksnet_size_result;
%ignore aksnet_capacity_options;
%ignore aksnet_capacity_result;
%ignore aksnet_plan_options;
%ignore aksnet_request_options;
%ignore aksnet_cluster_options;
%ignore aksnet_pool_options;
%ignore aksnet_allocate_options;
%ignore aksnet_subnet_info;
%ignore aksnet_cluster_info;
%ignore aksnet_pool_info;
%ignore aksnet_diagnostic;
%ignore aksnet_mode_summary;
%ignore aksnet_rule_info;

%ignore aksnet_error_init;
%ignore aksnet_prefix_parse;
%ignore aksnet_address_parse;
%ignore aksnet_prefix_format;
%ignore aksnet_address_format;
%ignore aksnet_prefix_normalize;
%ignore aksnet_size_options_init;
%ignore aksnet_capacity_options_init;
%ignore aksnet_size;
%ignore aksnet_capacity;
%ignore aksnet_plan_options_init;
%ignore aksnet_request_options_init;
%ignore aksnet_cluster_options_init;
%ignore aksnet_pool_options_init;
%ignore aksnet_allocate_options_init;
%ignore aksnet_plan_new;
%ignore aksnet_plan_from_json;
%ignore aksnet_plan_from_file;
%ignore aksnet_plan_free;
%ignore aksnet_plan_last_error;
%ignore aksnet_plan_set_name;
%ignore aksnet_plan_set_vnet_name;
%ignore aksnet_plan_set_strategy;
%ignore aksnet_plan_add_address_space;
%ignore aksnet_plan_add_subnet;
%ignore aksnet_plan_add_reserved;
%ignore aksnet_plan_add_avoid;
%ignore aksnet_plan_add_request;
%ignore aksnet_plan_add_cluster;
%ignore aksnet_plan_add_pool;
%ignore aksnet_plan_to_json;
%ignore aksnet_plan_pin;
%ignore aksnet_plan_allocate;
%ignore aksnet_plan_compare;
%ignore aksnet_result_free;
%ignore aksnet_result_write;
%ignore aksnet_comparison_free;
%ignore aksnet_comparison_write;
/* macros that are not values */
%ignore AKSNET_H;
%ignore AKSNET_API;

/* ---- 3. the status typemap -------------------------------------------------------------------
 * One typemap for every function returning aksnet_status (matched by the typedef name, so
 * int-returning functions such as prefix_compare are unaffected): a negative status raises.
 * The glue has normally raised already with the library's message, path, line, column and
 * suggestion; raw API calls get an exception with the code and its aksnet_strerror text.
 * On success the status itself is not returned: the outputs (argout typemaps) are, or None.
 * Never a status in a tuple, never None with a pending exception. */
%typemap(out) aksnet_status {
  if ($1 < 0) {
    if (!PyErr_Occurred())
      aksnet_py_fail($1, NULL);
    SWIG_fail;
  }
  if (PyErr_Occurred())
    SWIG_fail;
  $result = SWIG_Py_Void();
}

/* ---- 4. input typemaps ------------------------------------------------------------------- */

/* Prefixes and addresses: 20-byte bytes, or None for NULL ("not given"). */
%typemap(in) const aksnet_prefix * (aksnet_prefix temp) {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    if (aksnet_py_prefix_arg($input, &temp) != 0)
      SWIG_fail;
    $1 = &temp;
  }
}
%typemap(in) const aksnet_address * (aksnet_address temp) {
  if ($input == Py_None) {
    $1 = NULL;
  } else {
    if (aksnet_py_address_arg($input, &temp) != 0)
      SWIG_fail;
    $1 = &temp;
  }
}

/* Text with a length: str (UTF-8) or bytes, borrowed from the argument object. */
%typemap(in) (const char *text, size_t len) (const char *ptr = NULL, size_t n = 0) {
  if (aksnet_py_text_arg($input, &ptr, &n) != 0)
    SWIG_fail;
  $1 = ($1_ltype)(uintptr_t)ptr; /* SWIG declares the local without const */
  $2 = n;
}

/* A raw Python object argument (a sequence for prefix_normalize). */
%typemap(in) PyObject *prefixes {
  $1 = $input;
}

/* ---- 5. output typemaps (numinputs=0 plus argout) --------------------------------------- */

%typemap(in, numinputs=0) aksnet_prefix *out (aksnet_prefix temp) {
  memset(&temp, 0, sizeof(temp));
  $1 = &temp;
}
%typemap(argout) aksnet_prefix *out {
  $result = SWIG_Python_AppendOutput($result, aksnet_py_prefix_obj($1));
  if ($result == NULL)
    SWIG_fail;
}
%typemap(in, numinputs=0) aksnet_address *out (aksnet_address temp) {
  memset(&temp, 0, sizeof(temp));
  $1 = &temp;
}
%typemap(argout) aksnet_address *out {
  $result = SWIG_Python_AppendOutput($result, aksnet_py_address_obj($1));
  if ($result == NULL)
    SWIG_fail;
}

/* scalar outputs */
%define AKSNET_SCALAR_OUT(TYPE, NAME, CONVERT)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp) {
  temp = 0;
  $1 = &temp;
}
%typemap(argout) TYPE *NAME {
  $result = SWIG_Python_AppendOutput($result, CONVERT(*$1));
  if ($result == NULL)
    SWIG_fail;
}
%enddef
AKSNET_SCALAR_OUT(uint64_t, out, PyLong_FromUnsignedLongLong)
AKSNET_SCALAR_OUT(uint8_t, out, PyLong_FromLong)
AKSNET_SCALAR_OUT(int, out, PyLong_FromLong)
AKSNET_SCALAR_OUT(size_t, index_out, PyLong_FromSize_t)
AKSNET_SCALAR_OUT(size_t, pinned_out, PyLong_FromSize_t)

/* Output records: `size` set to sizeof before the call (the ABI contract), a dict after. */
%define AKSNET_RECORD_OUT(TYPE, TO_DICT)
%typemap(in, numinputs=0) TYPE *out (TYPE temp) {
  memset(&temp, 0, sizeof(temp));
  temp.size = sizeof(temp);
  $1 = &temp;
}
%typemap(argout) TYPE *out {
  $result = SWIG_Python_AppendOutput($result, TO_DICT($1));
  if ($result == NULL)
    SWIG_fail;
}
%enddef
AKSNET_RECORD_OUT(aksnet_subnet_info, aksnet_py_subnet_dict)
AKSNET_RECORD_OUT(aksnet_cluster_info, aksnet_py_cluster_dict)
AKSNET_RECORD_OUT(aksnet_pool_info, aksnet_py_pool_dict)
AKSNET_RECORD_OUT(aksnet_diagnostic, aksnet_py_diagnostic_dict)
AKSNET_RECORD_OUT(aksnet_mode_summary, aksnet_py_mode_summary_dict)
AKSNET_RECORD_OUT(aksnet_rule_info, aksnet_py_rule_dict)
AKSNET_RECORD_OUT(aksnet_size_result, aksnet_py_size_dict)
AKSNET_RECORD_OUT(aksnet_capacity_result, aksnet_py_capacity_dict)

/* New Python objects made by the glue (a new reference, handed over). */
%typemap(in, numinputs=0) PyObject **out_obj (PyObject *temp) {
  temp = NULL;
  $1 = &temp;
}
%typemap(argout) PyObject **out_obj {
  $result = SWIG_Python_AppendOutput($result, *$1);
  if ($result == NULL)
    SWIG_fail;
}

/* New handles: the proxy owns them (SWIG_POINTER_OWN) and frees them exactly once, through the
 * %extend destructors below, when the last reference goes. */
%define AKSNET_HANDLE_OUT(TYPE)
%typemap(in, numinputs=0) TYPE **out (TYPE *temp) {
  temp = NULL;
  $1 = &temp;
}
%typemap(argout) TYPE **out {
  $result = SWIG_Python_AppendOutput($result,
                                     SWIG_NewPointerObj(*$1, $*1_descriptor, SWIG_POINTER_OWN));
  if ($result == NULL)
    SWIG_fail;
}
%enddef
AKSNET_HANDLE_OUT(aksnet_plan)
AKSNET_HANDLE_OUT(aksnet_result)
AKSNET_HANDLE_OUT(aksnet_comparison)

/* ---- 6. opaque handles ------------------------------------------------------------------------
 * Declared for SWIG only as empty structs (the C header keeps them opaque). No constructors:
 * handles come from the factory functions below. The destructors are the only place that frees
 * them. A borrowed handle (comparison_result) is returned without SWIG_POINTER_OWN, so it is
 * never freed by Python; the package keeps its comparison alive. */
%nodefaultctor aksnet_plan;
%nodefaultctor aksnet_result;
%nodefaultctor aksnet_comparison;
struct aksnet_plan {};
struct aksnet_result {};
struct aksnet_comparison {};

%extend aksnet_plan {
  ~aksnet_plan() { aksnet_plan_free($self); }
  aksnet_status py_set_name(const char *name) {
    return aksnet_py_plan_status($self, aksnet_plan_set_name($self, name));
  }
  aksnet_status py_set_vnet_name(const char *name) {
    return aksnet_py_plan_status($self, aksnet_plan_set_vnet_name($self, name));
  }
  aksnet_status py_set_strategy(int strategy) {
    return aksnet_py_plan_status($self, aksnet_plan_set_strategy($self, strategy));
  }
  aksnet_status py_add_address_space(const aksnet_prefix *prefix) {
    return aksnet_py_plan_status($self, aksnet_plan_add_address_space($self, prefix));
  }
  aksnet_status py_add_subnet(const char *name, const aksnet_prefix *cidr,
                              const aksnet_prefix *cidr_ipv6) {
    return aksnet_py_plan_status($self, aksnet_plan_add_subnet($self, name, cidr, cidr_ipv6));
  }
  aksnet_status py_add_reserved(const aksnet_prefix *prefix) {
    return aksnet_py_plan_status($self, aksnet_plan_add_reserved($self, prefix));
  }
  aksnet_status py_add_avoid(const aksnet_prefix *prefix) {
    return aksnet_py_plan_status($self, aksnet_plan_add_avoid($self, prefix));
  }
}
%extend aksnet_result {
  ~aksnet_result() { aksnet_result_free($self); }
}
%extend aksnet_comparison {
  ~aksnet_comparison() { aksnet_comparison_free($self); }
}

/* ---- 7. the glue (aksnet_py.c), declared here for SWIG ---------------------------------- */
aksnet_status aksnet_py_prefix_parse(aksnet_prefix *out, const char *text, size_t len,
                                     unsigned int flags);
aksnet_status aksnet_py_address_parse(aksnet_address *out, const char *text, size_t len,
                                      unsigned int flags);
aksnet_status aksnet_py_prefix_format(PyObject **out_obj, const aksnet_prefix *prefix);
aksnet_status aksnet_py_address_format(PyObject **out_obj, const aksnet_address *address);
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

/* ---- 8. the public header, last ------------------------------------------------------------ */
%include "aksnet.h"
