"""Argument checking and name tables shared by the aksnet modules (private)."""

from __future__ import annotations

import datetime as _dt
import numbers
import re
from typing import Any, Dict, Iterable, Mapping, Optional, Tuple, Union

from . import _capi
from ._errors import ArgumentTypeError, InvalidArgumentError, ParseError, RangeError

UINT32_MAX = 2**32 - 1
UINT64_MAX = 2**64 - 1

DateLike = Union[_dt.date, str, None]

# ---- name tables (the names of plan documents, JSON output and the CLI) ------------------------

MODES: Tuple[str, ...] = (
    "kubenet",
    "azure",
    "azure-pod-subnet",
    "azure-static-block",
    "azure-overlay",
    "none",
)
DATA_PLANES: Dict[str, int] = {"azure": _capi.DATAPLANE_AZURE, "cilium": _capi.DATAPLANE_CILIUM}
PLUGINS: Dict[str, int] = {
    "azure": _capi.PLUGIN_AZURE,
    "kubenet": _capi.PLUGIN_KUBENET,
    "none": _capi.PLUGIN_NONE,
}
PLUGIN_MODES: Dict[str, int] = {"overlay": _capi.PLUGIN_MODE_OVERLAY}
POLICIES: Dict[str, int] = {
    "none": _capi.POLICY_NONE,
    "azure": _capi.POLICY_AZURE,
    "calico": _capi.POLICY_CALICO,
    "cilium": _capi.POLICY_CILIUM,
}
OS_TYPES: Dict[str, int] = {"Linux": _capi.OS_LINUX, "Windows": _capi.OS_WINDOWS}
POOL_MODES: Dict[str, int] = {"System": _capi.POOL_MODE_SYSTEM, "User": _capi.POOL_MODE_USER}
POD_ALLOCATIONS: Dict[str, int] = {
    "DynamicIndividual": _capi.POD_ALLOCATION_DYNAMIC,
    "StaticBlock": _capi.POD_ALLOCATION_STATIC,
}
FEATURES: Dict[str, int] = {
    "private_link_service": _capi.FEATURE_PRIVATE_LINK_SERVICE,
    "virtual_nodes": _capi.FEATURE_VIRTUAL_NODES,
    "app_gateway_ingress": _capi.FEATURE_APP_GATEWAY_INGRESS,
    "app_gateway_for_containers": _capi.FEATURE_APP_GATEWAY_FOR_CONTAINERS,
    "windows": _capi.FEATURE_WINDOWS,
    "nat_gateway": _capi.FEATURE_NAT_GATEWAY,
    "availability_sets": _capi.FEATURE_AVAILABILITY_SETS,
    "api_server_vnet_integration": _capi.FEATURE_API_SERVER_VNET_INTEGRATION,
}
STRATEGIES: Tuple[str, ...] = ("compact", "ordered", "terraform")

# reverse tables for records (C enum value -> name used in the JSON contract)
PLUGIN_NAMES = {v: k for k, v in PLUGINS.items()}
POLICY_NAMES = {v: k for k, v in POLICIES.items()}
DATA_PLANE_NAMES = {v: k for k, v in DATA_PLANES.items()}
OS_NAMES = {v: k for k, v in OS_TYPES.items()}
POOL_MODE_NAMES = {v: k for k, v in POOL_MODES.items()}


# ---- checks -----------------------------------------------------------------------------------

def _type_error(name: str, expected: str, value: Any) -> ArgumentTypeError:
    return ArgumentTypeError(
        f"{name}: expected {expected}, not {type(value).__name__} {value!r}", path=name
    )


def integer(name: str, value: Any, minimum: int = 0, maximum: int = UINT32_MAX) -> int:
    """A whole number in [minimum, maximum] (bool is refused: True is not a node count)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise _type_error(name, "a whole number", value)
    value = int(value)
    if value < minimum or value > maximum:
        raise RangeError(f"{name}: {value} is outside {minimum}..{maximum}", path=name)
    return int(value)


def optional_integer(
    name: str, value: Any, minimum: int = 0, maximum: int = UINT32_MAX, default: int = 0
) -> int:
    """As :func:`integer`, with None meaning "not given" (``default``, the C library's 0)."""
    if value is None:
        return default
    return integer(name, value, minimum, maximum)


def max_pods(value: Any) -> int:
    """Pods per node: None for the mode's default (the C library's 0); the library checks
    10..250, but an explicit 0 would silently mean "default", so it is refused here."""
    if value is None:
        return 0
    if integer("max_pods", value) == 0:
        raise RangeError("max_pods: 0 is outside 10..250 (None for the mode's default)",
                         path="max_pods")
    return int(value)


def expected_pods(value: Any) -> int:
    """Pods expected per node (dynamic pod subnet): None for max_pods (the C library's 0);
    an explicit 0 is refused for the same reason as for max_pods."""
    if value is None:
        return 0
    if integer("expected_pods", value) == 0:
        raise RangeError("expected_pods: must be at least 1 (None for max_pods)",
                         path="expected_pods")
    return int(value)


def flag(name: str, value: Any) -> bool:
    """A bool (0 and 1 are accepted too)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    raise _type_error(name, "True or False", value)


def text(name: str, value: Any, optional: bool = False) -> Optional[str]:
    """A non-empty str without NUL characters (None when optional and not given)."""
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise _type_error(name, "a str", value)
    if "\0" in value:
        raise InvalidArgumentError(f"{name}: {value!r} contains a NUL character", path=name)
    return value


def choice(name: str, value: Any, table: Mapping[str, int], optional: bool = False,
           default: int = 0) -> int:
    """A name from ``table`` -> its C value."""
    if value is None and optional:
        return default
    if not isinstance(value, str):
        raise _type_error(name, "one of " + ", ".join(table), value)
    try:
        return table[value]
    except KeyError:
        raise InvalidArgumentError(
            f"{name}: {value!r} is not one of {', '.join(table)}", path=name
        ) from None


def mode(value: Any, name: str = "plugin") -> int:
    """A plugin mode name ("kubenet", "azure", "azure-pod-subnet", "azure-static-block",
    "azure-overlay", "none") -> aksnet_mode."""
    if not isinstance(value, str):
        raise _type_error(name, "one of " + ", ".join(MODES), value)
    try:
        return _capi.mode_from_name(text(name, value))
    except LookupError:
        raise InvalidArgumentError(
            f"{name}: unknown mode {value!r} ({', '.join(MODES)})", path=name
        ) from None


def strategy(value: Any) -> int:
    """None (the plan's own choice) or "compact", "ordered", "terraform" -> aksnet_strategy."""
    if value is None:
        return _capi.STRATEGY_DEFAULT
    if not isinstance(value, str):
        raise _type_error("strategy", "one of " + ", ".join(STRATEGIES), value)
    try:
        return _capi.strategy_from_name(text("strategy", value))
    except LookupError:
        raise InvalidArgumentError(
            f"strategy: {value!r} is not compact, ordered or terraform", path="strategy"
        ) from None


_SURGE = re.compile(r"(0|[1-9][0-9]*)(%?)")


def surge(value: Any, name: str = "surge") -> Tuple[int, int]:
    """Max surge: None (the AKS default, 10%), a node count (int or "3") or a percentage
    ("33%") -> (aksnet_surge_kind, value)."""
    if value is None:
        return _capi.SURGE_DEFAULT, 0
    if isinstance(value, str):
        m = _SURGE.fullmatch(value)
        if m is None:
            raise ParseError(f"{name}: {value!r} is not a node count or a percentage such as "
                             "'33%'", path=name)
        n = int(m.group(1))
        if m.group(2):
            return _capi.SURGE_PERCENT, integer(name, n, 0, 100)
        return _capi.SURGE_COUNT, integer(name, n)
    return _capi.SURGE_COUNT, integer(name, value)


def date(value: DateLike) -> int:
    """None (today, UTC), a datetime.date or "YYYY-MM-DD" -> YYYYMMDD (0 for today)."""
    if value is None:
        return 0
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ParseError(f"as_of: {value!r} is not a date YYYY-MM-DD", path="as_of")
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            raise ParseError(f"as_of: {value!r} is not a valid date", path="as_of") from None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if not isinstance(value, _dt.date):
        raise _type_error("as_of", "a datetime.date or 'YYYY-MM-DD'", value)
    return value.year * 10000 + value.month * 100 + value.day


def ymd_date(text_value: str) -> _dt.date:
    """"YYYY-MM-DD" (as written by the library) -> datetime.date."""
    return _dt.date.fromisoformat(text_value)


def names(name: str, values: Optional[Iterable[Any]], table: Mapping[str, int]) -> int:
    """A list of names -> the OR of their bits (feature flags)."""
    bits = 0
    if values is None:
        return 0
    if isinstance(values, str):
        raise _type_error(name, "a list of names", values)
    for v in values:
        bits |= choice(name, v, table)
    return bits
