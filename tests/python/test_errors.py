"""Every negative status raises aksnet.Error or its subclass for the code, carrying the library's
detail (message, path, line, column, suggestion); each subclass also is the matching built-in.
"""

import pickle

import pytest

import aksnet
from aksnet import _capi, _errors

# status code -> (class, built-in it must also be) (include/aksnet.h, enum aksnet_status_code)
CLASSES = {
    -1: (aksnet.Error, Exception),
    -2: (aksnet.InvalidArgumentError, ValueError),
    -3: (aksnet.ParseError, ValueError),
    -4: (aksnet.OutOfMemoryError, MemoryError),
    -5: (aksnet.BufferTooSmallError, Exception),
    -6: (aksnet.NotFoundError, LookupError),
    -7: (aksnet.NoFitError, Exception),
    -8: (aksnet.OverlapError, ValueError),
    -9: (aksnet.RangeError, ValueError),
    -10: (aksnet.FileError, OSError),
    -11: (aksnet.ConflictError, ValueError),
}


def test_status_values_are_the_c_values():
    # the header fixes these forever
    assert [s.value for s in aksnet.Status] == [0, -1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11]
    assert aksnet.Status.EIO == _capi.EIO == -10
    assert aksnet.Status.ECONFLICT == _capi.ECONFLICT


@pytest.mark.parametrize("code", sorted(CLASSES))
def test_class_for_every_code(code):
    cls, builtin = CLASSES[code]
    e = _errors._from_status(code, "what went wrong", "/clusters/0", "did you mean", 7, 3, 9)
    assert type(e) is cls
    assert isinstance(e, aksnet.Error) and isinstance(e, builtin)
    assert e.code == code and isinstance(e.code, aksnet.Status)
    assert (e.message, e.path, e.suggestion, e.offset, e.line, e.column) == (
        "what went wrong", "/clusters/0", "did you mean", 7, 3, 9)
    assert str(e) == "what went wrong"
    assert e.strerror == _capi.strerror(code)  # the library's generic text
    assert cls.__doc__
    # every attribute survives pickling (exceptions cross process pools in notebooks)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls and back.code == code and back.path == "/clusters/0"
    assert (back.line, back.column, back.suggestion) == (3, 9, "did you mean")


def test_unknown_code_is_plain_error():
    e = _errors._from_status(-99, "odd")
    assert type(e) is aksnet.Error and e.code == -99


def test_raised_from_c_with_library_detail():
    # ParseError from a C call: the message, offset and suggestion are the library's
    with pytest.raises(aksnet.ParseError) as info:
        _capi.prefix_parse("10.0.0.1/24", 0)
    assert info.value.suggestion == "10.0.0.0/24"
    assert "host bits" in info.value.message


def test_generic_status_from_raw_calls():
    # raw API calls without detail still raise the right class with the strerror text
    h = aksnet.Plan("x", address_space=["10.0.0.0/16"]).allocate(as_of="2026-11-26")._h
    with pytest.raises(aksnet.NotFoundError) as info:
        _capi.result_subnet(h, 10**6)
    assert info.value.code == aksnet.Status.ENOTFOUND
    assert info.value.message == _capi.strerror(-6) == "not found"
    with pytest.raises(aksnet.InvalidArgumentError):
        _capi.result_write(h, 99)  # unknown format: AKSNET_EINVAL
    with pytest.raises(aksnet.InvalidArgumentError):
        _capi.result_subnet(None, 0)  # NULL result


def test_invalid_argument_from_the_library():
    plan = aksnet.Plan()
    with pytest.raises(aksnet.InvalidArgumentError) as info:
        plan.set_name("x" * 300)  # 1..256 bytes
    assert info.value.path == "name" and info.value.code == -2
    with pytest.raises(aksnet.InvalidArgumentError) as info:
        plan.allocate()  # a plan without address space
    assert info.value.path == "/vnet/address_space"


def test_parse_error_from_plan_document_has_position():
    text = '{"schema_version": 1,\n "vnet": {"address_space": ["10.0.0.1/16"]}}'
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.Plan.from_json(text)
    e = info.value
    # line 2: ' "vnet": {"address_space": [' is 28 characters, so the bad value's opening
    # quote is at column 29 (1-based)
    assert (e.line, e.column) == (2, 29)
    assert e.path == "/vnet/address_space/0"
    assert e.suggestion == "10.0.0.0/16"
    assert e.message.startswith("line 2, column 29: ")


def test_unknown_key_suggests_the_known_one():
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.Plan.from_dict({"schema_version": 1, "vnet": {"address_space": ["10.0.0.0/16"]},
                               "clusterz": []})
    assert info.value.path == "/clusterz" and "clusters" in info.value.message


def test_not_found_overlap_range_conflict_from_builders():
    plan = aksnet.Plan("x", address_space=["10.0.0.0/16"])
    with pytest.raises(aksnet.NotFoundError) as info:
        plan.add_pool(5, "p", count=3)  # no cluster 5
    assert isinstance(info.value, LookupError)
    with pytest.raises(aksnet.NotFoundError):
        plan.add_pool("nope", "p", count=3)
    with pytest.raises(aksnet.OverlapError) as info:
        plan.add_address_space("10.0.128.0/17")
    assert "overlaps" in info.value.message
    plan.add_subnet("a", "10.0.1.0/24")
    with pytest.raises(aksnet.ConflictError):
        plan.add_subnet("a", "10.0.2.0/24")
    with pytest.raises(aksnet.RangeError) as info:
        plan.add_request("r", prefix_length=40)
    assert info.value.path.endswith("prefix_length")
    with pytest.raises(aksnet.ConflictError):
        plan.add_cluster("k", network_plugin="kubenet", network_plugin_mode="overlay")


def test_file_error_is_oserror_with_filename(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(aksnet.FileError) as info:
        aksnet.Plan.from_file(missing)
    e = info.value
    assert isinstance(e, OSError) and e.code == aksnet.Status.EIO
    assert e.filename == str(missing) and str(missing) in e.message
    with pytest.raises(OSError):
        aksnet.Plan.from_file(tmp_path)  # a directory


def test_errors_are_not_returned_as_values():
    # never a status in a tuple, never None: the low-level calls return only their outputs
    b = _capi.prefix_parse("10.0.0.0/8", 0)
    assert isinstance(b, bytes) and len(b) == 20
    assert _capi.plan_new() is not None
    assert _capi.result_fits(None) == 0  # int-returning functions are not status functions


def test_out_of_memory_maps_to_memoryerror():
    # the C library cannot be driven out of memory from here; the mapping is what is tested
    e = _errors.error_class(aksnet.Status.ENOMEM)("out of memory")
    with pytest.raises(MemoryError):
        raise e
