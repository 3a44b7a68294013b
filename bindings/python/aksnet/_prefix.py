"""IPv4 and IPv6 prefixes and addresses: small immutable values over libaksnet's prefix core."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, List, NamedTuple, Optional, Union

from . import _capi
from . import _util
from ._errors import ArgumentTypeError, Error, InvalidArgumentError

__all__ = [
    "Address",
    "Prefix",
    "Normalized",
    "parse_address",
    "parse_prefix",
    "normalize",
    "length_for_ips",
]

_FAMILY_VERSION = {_capi.FAMILY_IPV4: 4, _capi.FAMILY_IPV6: 6}


def _flags(version: Optional[int], decimal_zeros: bool) -> int:
    flags = 0
    if version == 4:
        flags |= _capi.PARSE_IPV4_ONLY
    elif version == 6:
        flags |= _capi.PARSE_IPV6_ONLY
    elif version is not None:
        raise InvalidArgumentError(f"version: {version!r} is not 4, 6 or None",
                                         path="version")
    if _util.flag("decimal_zeros", decimal_zeros):
        flags |= _capi.PARSE_DECIMAL_ZEROS
    return flags


class Address:
    """An IPv4 or IPv6 address (immutable, hashable, ordered: IPv4 before IPv6, then by value).

    >>> a = Address("10.1.0.10")
    >>> a.version, str(a), int(a)
    (4, '10.1.0.10', 167837706)
    """

    __slots__ = ("_raw", "_text")

    def __init__(self, address: Union[str, "Address"]) -> None:
        if isinstance(address, Address):
            raw = address._raw
        else:
            raw = parse_address(address)._raw
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_text", None)

    @classmethod
    def _from_raw(cls, raw: bytes) -> "Address":
        self = cls.__new__(cls)
        object.__setattr__(self, "_raw", bytes(raw))
        object.__setattr__(self, "_text", None)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    @property
    def version(self) -> int:
        """4 or 6."""
        return _FAMILY_VERSION[self._raw[0]]

    @property
    def packed(self) -> bytes:
        """The address in network byte order: 4 or 16 bytes."""
        return self._raw[4:8] if self.version == 4 else self._raw[4:20]

    def __int__(self) -> int:
        return int.from_bytes(self.packed, "big")

    def __str__(self) -> str:
        t = self._text
        if t is None:
            t = _capi.address_format(self._raw)
            object.__setattr__(self, "_text", t)
        return t

    def __repr__(self) -> str:
        return f"Address({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Address):
            return self._raw == other._raw
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Address, self._raw))

    def _key(self):
        return (self._raw[0], self._raw[4:20])

    def __lt__(self, other: "Address") -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: "Address") -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: "Address") -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: "Address") -> bool:
        if not isinstance(other, Address):
            return NotImplemented
        return self._key() >= other._key()

    def __reduce__(self):
        return (Address, (str(self),))


class Prefix:
    """An IPv4 or IPv6 prefix (CIDR block): immutable, hashable and ordered (IPv4 first, then
    by network address, then shorter prefixes first, so a prefix sorts before the prefixes it
    contains). ``x in prefix`` works for addresses, prefixes and their text.

    >>> p = Prefix("10.20.0.0/16")
    >>> p.prefix_length, p.num_addresses, p.azure_usable
    (16, 65536, 65531)
    >>> "10.20.8.0/22" in p, p.overlaps("10.0.0.0/8")
    (True, True)
    """

    __slots__ = ("_raw", "_text")

    def __init__(self, prefix: Union[str, "Prefix"]) -> None:
        if isinstance(prefix, Prefix):
            raw = prefix._raw
        else:
            raw = parse_prefix(prefix)._raw
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_text", None)

    @classmethod
    def _from_raw(cls, raw: bytes) -> "Prefix":
        self = cls.__new__(cls)
        object.__setattr__(self, "_raw", bytes(raw))
        object.__setattr__(self, "_text", None)
        return self

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    # ---- properties ----------------------------------------------------------------------------

    @property
    def version(self) -> int:
        """4 or 6."""
        return _FAMILY_VERSION[self._raw[0]]

    @property
    def prefix_length(self) -> int:
        """The prefix length: 0..32 or 0..128."""
        return self._raw[1]

    @property
    def network(self) -> Address:
        """The network (first) address."""
        return Address._from_raw(_capi.prefix_first(self._raw))

    @property
    def last(self) -> Address:
        """The last address (the IPv4 broadcast address)."""
        return Address._from_raw(_capi.prefix_last(self._raw))

    @property
    def num_addresses(self) -> int:
        """Number of addresses, 2**(bits - length), exact also for IPv6 prefixes of /64 or
        shorter (where the C library's 64-bit count saturates)."""
        bits = 32 if self.version == 4 else 128
        if bits - self.prefix_length >= 64:
            return 1 << (bits - self.prefix_length)
        return _capi.prefix_num_addresses(self._raw)

    @property
    def azure_usable(self) -> int:
        """Addresses Azure lets resources use in a subnet of this size: the size minus the 5
        that Azure reserves. Defined for IPv4 /8 to /29 and IPv6 /64; otherwise
        :class:`~aksnet.RangeError`. Source: Azure virtual network FAQ."""
        return _capi.prefix_azure_usable(self._raw)

    # ---- relations -----------------------------------------------------------------------------

    def __contains__(self, item: Union["Prefix", Address, str]) -> bool:
        """Whether ``item`` (an address, a prefix, or the text of either) lies inside."""
        if isinstance(item, str):
            item = parse_address(item) if "/" not in item else parse_prefix(item)
        if isinstance(item, Address):
            return bool(_capi.prefix_contains_address(self._raw, item._raw))
        if isinstance(item, Prefix):
            return bool(_capi.prefix_contains(self._raw, item._raw))
        raise ArgumentTypeError(
            f"'in <Prefix>' needs a Prefix, an Address or their text, not {type(item).__name__}"
        )

    def contains(self, item: Union["Prefix", Address, str]) -> bool:
        """Same as ``item in self``."""
        return self.__contains__(item)

    def overlaps(self, other: Union["Prefix", str]) -> bool:
        """Whether the two prefixes share at least one address (False across families)."""
        return bool(_capi.prefix_overlaps(self._raw, as_prefix(other, "other")._raw))

    # ---- arithmetic ----------------------------------------------------------------------------

    def address(self, n: int) -> Address:
        """The n-th address (0 is the network address); :class:`~aksnet.RangeError` past the
        end."""
        return Address._from_raw(
            _capi.prefix_nth_address(self._raw, _util.integer("n", n, 0, _util.UINT64_MAX))
        )

    def subnet(self, new_length: int, index: int = 0) -> "Prefix":
        """Subnet number ``index`` of length ``new_length``, like Terraform's
        ``cidrsubnet(prefix, new_length - length, index)``."""
        return Prefix._from_raw(
            _capi.prefix_subnet(
                self._raw,
                _util.integer("new_length", new_length, 0, 128),
                _util.integer("index", index, 0, _util.UINT64_MAX),
            )
        )

    def subnets(self, new_length: int) -> Iterator["Prefix"]:
        """Every subnet of length ``new_length``, in address order (a generator)."""
        first = self.subnet(new_length, 0)
        yield first
        count = 1 << (new_length - self.prefix_length)
        cur = first
        for _ in range(count - 1):
            cur = cur.next()
            yield cur

    def next(self) -> "Prefix":
        """The next block of the same length; :class:`~aksnet.RangeError` past the end of the
        address space."""
        return Prefix._from_raw(_capi.prefix_next(self._raw))

    # ---- protocol ------------------------------------------------------------------------------

    def __str__(self) -> str:
        t = self._text
        if t is None:
            t = _capi.prefix_format(self._raw)
            object.__setattr__(self, "_text", t)
        return t

    def __repr__(self) -> str:
        return f"Prefix({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Prefix):
            return self._raw == other._raw
        return NotImplemented

    def __hash__(self) -> int:
        return hash((Prefix, self._raw))

    def _cmp(self, other: object) -> int:
        if not isinstance(other, Prefix):
            return NotImplemented  # type: ignore[return-value]
        return _capi.prefix_compare(self._raw, other._raw)

    def __lt__(self, other: "Prefix") -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c < 0

    def __le__(self, other: "Prefix") -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c <= 0

    def __gt__(self, other: "Prefix") -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c > 0

    def __ge__(self, other: "Prefix") -> bool:
        c = self._cmp(other)
        return c if c is NotImplemented else c >= 0

    def __reduce__(self):
        return (Prefix, (str(self),))


def _text_arg(name: str, value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        raise ArgumentTypeError(f"{name}: expected a str, not {type(value).__name__}", path=name)
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name}: expected a str, not {type(value).__name__} {value!r}",
                                path=name)
    return value


def parse_prefix(
    text: str,
    *,
    strict: bool = True,
    allow_address: bool = False,
    version: Optional[int] = None,
    decimal_zeros: bool = False,
) -> Prefix:
    """Parse "10.0.0.0/16" or "fd00::/64" into a :class:`Prefix`.

    Strict by default: host bits, leading zeros in octets (ambiguous octal, CVE-2021-29921),
    spaces, zone ids... raise :class:`~aksnet.ParseError` whose ``message`` names the problem
    and whose ``suggestion`` gives the network probably meant.

    Args:
        strict: False clears host bits instead of failing ("10.0.0.1/24" -> 10.0.0.0/24).
        allow_address: a bare address is read as a /32 or /128.
        version: 4 or 6 to accept only that family.
        decimal_zeros: read "010" as decimal 10 (Terraform's reading).
    """
    flags = _flags(version, decimal_zeros)
    if not _util.flag("strict", strict):
        flags |= _capi.PARSE_MASK_HOST_BITS
    if _util.flag("allow_address", allow_address):
        flags |= _capi.PARSE_ALLOW_ADDRESS
    return Prefix._from_raw(_capi.prefix_parse(_text_arg("text", text), flags))


def parse_address(text: str, *, version: Optional[int] = None,
                  decimal_zeros: bool = False) -> Address:
    """Parse "10.1.0.10" or "fd00::a" into an :class:`Address` (as strict as
    :func:`parse_prefix`)."""
    return Address._from_raw(
        _capi.address_parse(_text_arg("text", text), _flags(version, decimal_zeros))
    )


def as_prefix(value: Any, name: str) -> Prefix:
    """A Prefix from a Prefix or its text; errors name the argument."""
    if isinstance(value, Prefix):
        return value
    if isinstance(value, str):
        try:
            return parse_prefix(value)
        except Error as e:
            raise type(e)(f"{name}: {e.message}", e.code, path=name,
                          suggestion=e.suggestion) from None
    raise ArgumentTypeError(
        f"{name}: expected a Prefix or a CIDR string, not {type(value).__name__} {value!r}",
        path=name,
    )


def as_address(value: Any, name: str) -> Address:
    """An Address from an Address or its text; errors name the argument."""
    if isinstance(value, Address):
        return value
    if isinstance(value, str):
        try:
            return parse_address(value)
        except Error as e:
            raise type(e)(f"{name}: {e.message}", e.code, path=name,
                          suggestion=e.suggestion) from None
    raise ArgumentTypeError(
        f"{name}: expected an Address or an IP address string, not {type(value).__name__}",
        path=name,
    )


def raw_or_none(value: Any, name: str) -> Optional[bytes]:
    """None, or the 20-byte form of a prefix argument."""
    return None if value is None else as_prefix(value, name)._raw


class Normalized(NamedTuple):
    """Result of :func:`normalize`."""

    prefixes: List[Prefix]
    """The minimal sorted list covering exactly the same addresses."""
    overlapping_pairs: int
    """How many pairs of input prefixes shared an address."""


def normalize(prefixes: Iterable[Union[Prefix, str]]) -> Normalized:
    """Sort and merge prefixes (duplicates and contained prefixes dropped, adjacent siblings
    merged) and count the overlapping input pairs. IPv4 and IPv6 may be mixed.

    >>> normalize(["10.0.1.0/24", "10.0.0.0/24", "10.0.0.0/25"])
    Normalized(prefixes=[Prefix('10.0.0.0/23')], overlapping_pairs=1)
    """
    if isinstance(prefixes, (str, Prefix)):
        raise ArgumentTypeError("prefixes: expected an iterable of prefixes, not a single one",
                                path="prefixes")
    raws = [as_prefix(p, f"prefixes[{i}]")._raw for i, p in enumerate(prefixes)]
    out, pairs = _capi.prefix_normalize(raws)
    return Normalized([Prefix._from_raw(r) for r in out], pairs)


def length_for_ips(ips: int) -> int:
    """The longest IPv4 prefix length (smallest subnet, never longer than /29) whose
    Azure-usable count 2**(32 - length) - 5 holds ``ips`` addresses.

    >>> length_for_ips(251), length_for_ips(252)
    (24, 23)
    """
    return _capi.prefix_length_for_ips(_util.integer("ips", ips, 0, _util.UINT64_MAX))


def prefix_or_none(raw: Optional[bytes]) -> Optional[Prefix]:
    """Record field (20 bytes or None) -> Prefix or None."""
    return None if raw is None else Prefix._from_raw(raw)


def address_or_none(raw: Optional[bytes]) -> Optional[Address]:
    """Record field (20 bytes or None) -> Address or None."""
    return None if raw is None else Address._from_raw(raw)
