"""Prefix and Address values: parsing, formatting, arithmetic, ordering, errors.

Expected values are worked out by hand in the comments; Azure's 5 reserved addresses per subnet
come from the Azure virtual network FAQ ("Are there any restrictions on using IP addresses
within these subnets?": network address, .1 gateway, .2 and .3 DNS, broadcast).
"""

import copy
import pickle

import pytest

import aksnet
from aksnet import Address, Prefix


# ---- parsing ---------------------------------------------------------------------------------

def test_parse_prefix_ipv4_fields():
    p = aksnet.parse_prefix("10.0.0.0/16")
    assert isinstance(p, Prefix)
    assert str(p) == "10.0.0.0/16"
    assert repr(p) == "Prefix('10.0.0.0/16')"
    assert p.version == 4
    assert p.prefix_length == 16
    assert p.network == Address("10.0.0.0")
    # last address: 10.0.0.0 + 2^16 - 1 = 10.0.255.255
    assert p.last == Address("10.0.255.255")
    assert p.num_addresses == 65536  # 2^(32-16)
    assert p.azure_usable == 65531  # 65536 - 5 reserved


def test_parse_prefix_ipv6_canonical_text():
    # RFC 5952: lower case, longest zero run compressed
    p = aksnet.parse_prefix("FD00:0:0:0:0:0:0:0/64")
    assert str(p) == "fd00::/64"
    assert p.version == 6
    assert p.prefix_length == 64
    assert p.num_addresses == 2**64  # exact, although the C count saturates at 2^64 - 1
    assert aksnet.parse_prefix("fd00::/48").num_addresses == 2**80
    assert aksnet.parse_prefix("fd00::/120").num_addresses == 256
    assert p.azure_usable == 2**64 - 5  # Azure IPv6 subnets are exactly /64


def test_prefix_constructor_equals_parse():
    assert Prefix("10.1.0.0/24") == aksnet.parse_prefix("10.1.0.0/24")
    assert Prefix(Prefix("10.1.0.0/24")) == Prefix("10.1.0.0/24")


def test_host_bits_raise_parse_error_with_suggestion():
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.parse_prefix("10.0.0.1/24")
    e = info.value
    assert isinstance(e, ValueError) and isinstance(e, aksnet.Error)
    assert e.code == aksnet.Status.EPARSE == -3
    assert "host bits" in e.message
    assert e.suggestion == "10.0.0.0/24"
    assert str(e) == e.message


def test_lenient_parse_clears_host_bits():
    assert str(aksnet.parse_prefix("10.0.0.1/24", strict=False)) == "10.0.0.0/24"


def test_allow_address_gives_host_prefix():
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_prefix("10.0.0.7")
    assert str(aksnet.parse_prefix("10.0.0.7", allow_address=True)) == "10.0.0.7/32"
    assert str(aksnet.parse_prefix("fd00::1", allow_address=True)) == "fd00::1/128"


def test_version_filter():
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_prefix("fd00::/64", version=4)
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_prefix("10.0.0.0/8", version=6)
    assert aksnet.parse_prefix("fd00::/64", version=6).version == 6
    with pytest.raises(aksnet.InvalidArgumentError):
        aksnet.parse_prefix("10.0.0.0/8", version=5)


def test_leading_zero_octet_is_ambiguous_unless_decimal_zeros():
    # "010" is octal 8 to inet_aton and decimal 10 to Terraform (CVE-2021-29921)
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_prefix("010.0.0.0/8")
    assert str(aksnet.parse_prefix("010.0.0.0/8", decimal_zeros=True)) == "10.0.0.0/8"


@pytest.mark.parametrize(
    "text",
    ["", " 10.0.0.0/8", "10.0.0.0/8 ", "10.0.0.0", "10.0.0.0/33", "10.0.0.256/32", "10.0.0/24",
     "fd00::1::/64", "fe80::/64%eth0", "10.0.0.0/08", "10.0.0.0/-1", "10.0.0.0/8\0",
     "1" * 65],
)
def test_malformed_prefixes_raise_parse_error(text):
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.parse_prefix(text)
    assert info.value.message  # the library says what is wrong


@pytest.mark.parametrize("bad", [None, 10, b"10.0.0.0/8", ["10.0.0.0/8"]])
def test_prefix_text_must_be_str(bad):
    with pytest.raises(aksnet.ArgumentTypeError) as info:
        aksnet.parse_prefix(bad)
    assert isinstance(info.value, TypeError)
    assert isinstance(info.value, aksnet.InvalidArgumentError)


def test_parse_address():
    a = aksnet.parse_address("10.1.0.10")
    assert isinstance(a, Address)
    assert str(a) == "10.1.0.10" and repr(a) == "Address('10.1.0.10')"
    assert a.version == 4
    assert a.packed == bytes([10, 1, 0, 10])
    assert int(a) == 10 * 2**24 + 1 * 2**16 + 10  # 167837706
    b = aksnet.parse_address("FD00::A")
    assert str(b) == "fd00::a" and b.version == 6
    assert int(b) == 0xFD00 << 112 | 0xA
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_address("10.1.0.10/32")
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_address("10.1.0.10", version=6)
    with pytest.raises(aksnet.ParseError):
        aksnet.parse_address("010.1.0.10")
    assert str(aksnet.parse_address("010.1.0.10", decimal_zeros=True)) == "10.1.0.10"


# ---- relations -------------------------------------------------------------------------------

def test_contains_addresses_and_prefixes():
    p = Prefix("10.0.0.0/16")
    assert "10.0.5.0/24" in p
    assert Prefix("10.0.0.0/16") in p  # a prefix contains itself
    assert "10.0.255.255" in p
    assert Address("10.1.0.0") not in p
    assert "10.0.0.0/15" not in p  # larger than p
    assert "fd00::1" not in p  # other family
    assert p.contains("10.0.1.0/24")
    with pytest.raises(aksnet.ArgumentTypeError):
        3 in p  # noqa: B015


def test_overlaps():
    p = Prefix("10.0.0.0/16")
    assert p.overlaps("10.0.0.0/8")  # contains p
    assert p.overlaps(Prefix("10.0.128.0/17"))  # inside p
    assert not p.overlaps("10.1.0.0/16")  # adjacent
    assert not p.overlaps("fd00::/8")  # other family
    with pytest.raises(aksnet.ParseError):
        p.overlaps("10.0.0.1/16")


def test_ordering_and_hashing():
    texts = ["fd00::/64", "10.0.1.0/24", "10.0.0.0/24", "10.0.0.0/16", "9.0.0.0/8"]
    # IPv4 first, then by network address, shorter first on ties
    assert [str(p) for p in sorted(Prefix(t) for t in texts)] == [
        "9.0.0.0/8", "10.0.0.0/16", "10.0.0.0/24", "10.0.1.0/24", "fd00::/64"]
    assert Prefix("10.0.0.0/16") < Prefix("10.0.0.0/24") <= Prefix("10.0.0.0/24")
    assert Prefix("10.0.1.0/24") > Prefix("10.0.0.0/16") >= Prefix("10.0.0.0/16")
    assert len({Prefix("10.0.0.0/16"), Prefix("10.0.0.0/16"), Prefix("10.0.0.0/17")}) == 2
    assert Prefix("10.0.0.0/16") != "10.0.0.0/16"  # a value, not a string
    with pytest.raises(TypeError):
        Prefix("10.0.0.0/16") < "10.0.0.0/17"  # noqa: B015
    assert sorted([Address("10.0.0.2"), Address("fd00::"), Address("10.0.0.1")]) == [
        Address("10.0.0.1"), Address("10.0.0.2"), Address("fd00::")]
    assert len({Address("10.0.0.1"), Address("10.0.0.1")}) == 1


# ---- arithmetic ------------------------------------------------------------------------------

def test_subnet_like_terraform_cidrsubnet():
    # cidrsubnet("10.0.0.0/16", 8, 3) = 10.0.3.0/24
    assert str(Prefix("10.0.0.0/16").subnet(24, 3)) == "10.0.3.0/24"
    assert str(Prefix("10.0.0.0/16").subnet(16)) == "10.0.0.0/16"
    with pytest.raises(aksnet.RangeError):
        Prefix("10.0.0.0/16").subnet(24, 256)  # only 2^8 = 256 /24s: 0..255
    with pytest.raises(aksnet.RangeError):
        Prefix("10.0.0.0/16").subnet(15)


def test_subnets_and_next():
    # a /16 holds four /18s, 2^14 = 16384 addresses = 64 third-octet steps apart
    assert [str(p) for p in Prefix("10.0.0.0/16").subnets(18)] == [
        "10.0.0.0/18", "10.0.64.0/18", "10.0.128.0/18", "10.0.192.0/18"]
    assert str(Prefix("10.0.255.0/24").next()) == "10.1.0.0/24"
    with pytest.raises(aksnet.RangeError):
        Prefix("255.255.255.0/24").next()


def test_nth_address():
    assert Prefix("10.1.0.0/16").address(10) == Address("10.1.0.10")
    assert Prefix("10.1.0.0/16").address(0) == Address("10.1.0.0")
    with pytest.raises(aksnet.RangeError):
        Prefix("10.1.0.0/16").address(65536)  # 0..65535
    with pytest.raises(aksnet.RangeError):
        Prefix("10.1.0.0/16").address(-1)


@pytest.mark.parametrize(
    "cidr,usable",
    [("10.0.0.0/8", 2**24 - 5), ("10.0.0.0/24", 251), ("10.0.0.0/28", 11), ("10.0.0.0/29", 3)],
)
def test_azure_usable(cidr, usable):
    assert Prefix(cidr).azure_usable == usable


@pytest.mark.parametrize("cidr", ["10.0.0.0/30", "10.0.0.0/32", "10.0.0.0/7", "fd00::/48"])
def test_azure_usable_outside_azure_subnet_sizes(cidr):
    # Azure subnets are /29 or larger (libaksnet plans at most /8); IPv6 subnets are /64
    with pytest.raises(aksnet.RangeError):
        Prefix(cidr).azure_usable


@pytest.mark.parametrize(
    "ips,length",
    [(1, 29), (3, 29), (4, 28), (11, 28), (12, 27), (251, 24), (252, 23), (2**24 - 5, 8)],
)
def test_length_for_ips(ips, length):
    # smallest subnet whose 2^(32-L) - 5 usable addresses hold ips: /29 holds 3, /28 11,
    # /27 27, /24 251, /23 507, /8 16777211
    assert aksnet.length_for_ips(ips) == length


def test_length_for_ips_too_many():
    with pytest.raises(aksnet.RangeError):
        aksnet.length_for_ips(2**24 - 4)  # more than a /8 holds
    with pytest.raises(aksnet.RangeError):
        aksnet.length_for_ips(-1)
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.length_for_ips(2.5)


def test_normalize_merges_and_counts_overlaps():
    n = aksnet.normalize(["10.0.1.0/24", "10.0.0.0/24", "10.0.0.0/25", "fd00::/64"])
    # 10.0.0.0/25 lies in 10.0.0.0/24 (one overlapping pair); the two /24s are siblings
    # and merge into 10.0.0.0/23; IPv6 sorts last
    assert n.prefixes == [Prefix("10.0.0.0/23"), Prefix("fd00::/64")]
    assert n.overlapping_pairs == 1
    assert aksnet.normalize([]) == ([], 0)
    with pytest.raises(aksnet.ArgumentTypeError):
        aksnet.normalize("10.0.0.0/8")
    with pytest.raises(aksnet.ParseError) as info:
        aksnet.normalize(["10.0.0.0/8", "10.0.0.1/8"])
    assert info.value.path == "prefixes[1]"


# ---- value semantics --------------------------------------------------------------------------

def test_values_are_immutable():
    p = Prefix("10.0.0.0/16")
    with pytest.raises(AttributeError):
        p.prefix_length = 8
    with pytest.raises(AttributeError):
        p._raw = b""
    a = Address("10.0.0.1")
    with pytest.raises(AttributeError):
        a.version = 6


def test_values_pickle_and_copy():
    p = Prefix("fd00:1::/64")
    a = Address("10.0.0.1")
    assert pickle.loads(pickle.dumps(p)) == p
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(p) == p and copy.copy(a) == a
