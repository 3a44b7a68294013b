"""The public surface: names, docstrings, help(), type hints, version, docstring examples, and
the build: the module reaches the C library only through libaksnet.so.1.
"""

import doctest
import importlib
import inspect
import os
import pydoc
import re
import subprocess
from pathlib import Path

import pytest

import aksnet
from aksnet import _capi


def _public_members(obj):
    for name, member in inspect.getmembers(obj):
        if name.startswith("_"):
            continue
        if inspect.isfunction(member) or isinstance(member, property):
            yield name, member


def test_all_names_exist_and_are_documented():
    assert "_capi" not in aksnet.__all__
    for name in aksnet.__all__:
        obj = getattr(aksnet, name)
        if name in ("__version__", "version_info", "MODES", "DATA_PLANES", "STRATEGIES"):
            continue
        assert inspect.getdoc(obj), f"aksnet.{name} has no docstring"
        if inspect.isclass(obj):
            for member_name, member in _public_members(obj):
                assert inspect.getdoc(member), f"aksnet.{name}.{member_name} has no docstring"


def test_help_is_useful():
    text = pydoc.render_doc(aksnet, renderer=pydoc.plaintext)
    for needle in ("aksnet.size(", "Plan.from_file", "result.records()", "ParseError",
                   "class Prefix", "class Result", "capacity(plugin", "to_tfvars"):
        assert needle in text, needle


def test_type_hints_on_public_functions():
    for name in ("size", "capacity", "parse_prefix", "parse_address", "normalize",
                 "length_for_ips", "rules"):
        sig = inspect.signature(getattr(aksnet, name))
        assert sig.return_annotation is not inspect.Signature.empty, name
    for meth in (aksnet.Plan.allocate, aksnet.Plan.check, aksnet.Plan.compare,
                 aksnet.Plan.add_cluster, aksnet.Plan.add_pool, aksnet.Result.records):
        sig = inspect.signature(meth)
        assert sig.return_annotation is not inspect.Signature.empty, meth.__qualname__
    assert (Path(aksnet.__file__).parent / "py.typed").exists()  # PEP 561 marker


def test_version_from_the_library():
    assert aksnet.__version__ == _capi.version_string()
    assert re.fullmatch(r"\d+\.\d+\.\d+", aksnet.__version__)
    assert ".".join(map(str, aksnet.version_info)) == aksnet.__version__
    # the C header's AKSNET_VERSION_NUMBER: major * 10000 + minor * 100 + patch
    major, minor, patch = aksnet.version_info
    assert _capi.version_number() == major * 10000 + minor * 100 + patch


def test_name_tables():
    assert aksnet.MODES == ("kubenet", "azure", "azure-pod-subnet", "azure-static-block",
                            "azure-overlay", "none")
    for i, name in enumerate(aksnet.MODES, start=1):
        assert _capi.mode_name(i) == name  # enum aksnet_mode values 1..6
    assert aksnet.DATA_PLANES == ("azure", "cilium")
    assert aksnet.STRATEGIES == ("compact", "ordered", "terraform")


@pytest.mark.parametrize("module", ["aksnet._prefix", "aksnet._sizing", "aksnet._plan",
                                    "aksnet._model", "aksnet._errors", "aksnet"])
def test_docstring_examples_run(module):
    mod = importlib.import_module(module)
    failures, _ = doctest.testmod(mod, optionflags=doctest.ELLIPSIS)
    assert failures == 0


def test_module_links_the_shared_library_only():
    so = Path(_capi._aksnet.__file__)
    assert so.name.startswith("_aksnet")
    out = subprocess.run(["readelf", "-d", "-W", str(so)], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("readelf not available")
    assert re.search(r"NEEDED.*\[libaksnet\.so\.1\]", out.stdout), out.stdout
    syms = subprocess.run(["nm", "-D", "--defined-only", str(so)], capture_output=True,
                          text=True).stdout
    # the only export is the module init: no library code is compiled into the module
    defined = {line.split()[-1] for line in syms.splitlines() if line.strip()}
    assert "PyInit__aksnet" in defined
    assert not any(s.startswith("aksnet_") for s in defined), sorted(defined)[:10]
    undefined = subprocess.run(["nm", "-D", "--undefined-only", str(so)], capture_output=True,
                               text=True).stdout
    assert "aksnet_plan_allocate" in undefined  # resolved from libaksnet.so.1 at load time


def test_generated_code_lives_in_the_build_tree():
    src = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
    binding = src / "bindings" / "python"
    assert not list(binding.rglob("*_wrap.c")) and not (binding / "aksnet" / "_capi.py").exists()


# C functions that the binding deliberately does not use, with the reason
NOT_BOUND = {
    "aksnet_plan_options_init": "plans use the default allocator (options NULL); custom C "
                                "allocators make no sense from Python",
}


def test_every_c_function_is_bound():
    """Every AKSNET_API function of include/aksnet.h is wrapped directly (a _capi function of
    the same name without the prefix) or called by the glue (aksnet_py.c, the %extend bodies
    of aksnet.i). A function added to the header makes this fail until the binding decides."""
    src = Path(os.environ.get("AKSNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
    header = (src / "include" / "aksnet.h").read_text()
    functions = set(re.findall(r"AKSNET_API\b[^;(]*?\b(aksnet_\w+)\s*\(", header))
    assert len(functions) > 60
    interface = (src / "bindings" / "python" / "aksnet.i").read_text()
    glue = (src / "bindings" / "python" / "aksnet_py.c").read_text()
    ignored = set(re.findall(r"^%ignore (aksnet_\w+);", interface, flags=re.M))
    missing = []
    for name in sorted(functions):
        raw = name not in ignored and callable(getattr(_capi, name[len("aksnet_"):], None))
        extend = interface[interface.index("%extend aksnet_plan {"):]  # the %extend blocks onwards
        called = re.search(rf"\b{name}\s*\(", glue + extend)
        if not (raw or called or name in NOT_BOUND):
            missing.append(name)
    assert not missing, f"not reachable from Python: {missing}"
