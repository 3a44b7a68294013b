"""aksnet: plan IP addresses for Azure Kubernetes Service (AKS) networking.

A Python binding of libaksnet (the C library behind the ``aksnet`` command). It answers the
questions of a capacity planning session:

How big must the subnets be?
    ``aksnet.size(plugin="azure", nodes=50, max_pods=30, surge=1)`` sizes the node subnet, pod
    subnet or pod CIDR of one node pool; ``aksnet.capacity(plugin="azure",
    subnet="10.0.0.0/24")`` says how many nodes a subnet holds and what binds.

Where does everything go?
    ``plan = aksnet.Plan.from_file("plan.json")`` (or ``from_dict``, ``from_json``, or built
    with ``Plan(...)`` and ``add_*``), then ``result = plan.allocate(as_of="2026-11-26")``
    places every subnet, service CIDR, DNS IP and pod CIDR. ``result.fits``,
    ``result.subnets``, ``result.clusters``, ``result.free`` and ``result.diagnostics`` are
    plain immutable Python objects with the fields of the JSON contract; ``result.records()``
    gives flat rows for ``pandas.DataFrame``; ``to_dict()``, ``to_json()``, ``to_text()``,
    ``to_tfvars()`` and ``to_svg()`` give the CLI's outputs (in Jupyter a result shows as its
    address map).

Which plugin mode?
    ``plan.compare()`` evaluates the plan under every plugin mode and data plane;
    ``plan.check()`` validates it against the AKS rules (``aksnet.rules()`` lists them).

Addresses
    ``aksnet.parse_prefix("10.0.0.0/16")`` gives a hashable, ordered :class:`Prefix` with
    ``network``, ``prefix_length``, ``num_addresses``, ``azure_usable``, ``in`` and
    ``overlaps()``.

Errors
    Every failure raises :class:`aksnet.Error` (``code``, ``message``, ``path``,
    ``suggestion``, ``line``, ``column``) or a subclass that also inherits the matching
    built-in: :class:`ParseError` and :class:`InvalidArgumentError` are ``ValueError``,
    :class:`NotFoundError` is ``LookupError``, :class:`FileError` is ``OSError``,
    :class:`OutOfMemoryError` is ``MemoryError``.

Objects own their C handles and free them exactly once; results and comparisons stay valid
after their plan is gone. The module reaches the C library only through its exported ABI
(libaksnet.so.1). See docs/python.md for the guide.
"""

from __future__ import annotations

from ._errors import (
    ArgumentTypeError,
    BufferTooSmallError,
    ConflictError,
    Error,
    FileError,
    InvalidArgumentError,
    NoFitError,
    NotFoundError,
    OutOfMemoryError,
    OverlapError,
    ParseError,
    RangeError,
    Status,
)

from . import _capi
from ._prefix import (
    Address,
    Normalized,
    Prefix,
    length_for_ips,
    normalize,
    parse_address,
    parse_prefix,
)
from ._sizing import (
    CapacityResult,
    NodeSubnetSize,
    PodCidrSize,
    PodSubnetSize,
    SizeResult,
    capacity,
    size,
)
from ._model import (
    CheckReport,
    Cluster,
    Diagnostic,
    ModeSummary,
    NodePool,
    Record,
    Rule,
    Subnet,
    VNet,
)
from ._plan import Comparison, Plan, Result, rules
from ._util import DATA_PLANES as _DATA_PLANES
from ._util import MODES as _MODES
from ._util import STRATEGIES as _STRATEGIES

__version__: str = _capi.version_string()
"""Version of the libaksnet library loaded at run time, e.g. "1.0.0"."""

version_info = tuple(
    int(x) for x in divmod(_capi.version_number() // 100, 100) + (_capi.version_number() % 100,)
)
"""The library version as a tuple of ints, e.g. (1, 0, 0)."""

MODES = _MODES
"""Plugin mode names accepted by size(), capacity() and used in results."""
DATA_PLANES = tuple(_DATA_PLANES)
"""Data plane names: "azure" and "cilium"."""
STRATEGIES = _STRATEGIES
"""Allocation strategies: "compact", "ordered" and "terraform"."""

__all__ = [
    "__version__",
    "version_info",
    "MODES",
    "DATA_PLANES",
    "STRATEGIES",
    # errors
    "Error",
    "InvalidArgumentError",
    "ArgumentTypeError",
    "ParseError",
    "OutOfMemoryError",
    "BufferTooSmallError",
    "NotFoundError",
    "NoFitError",
    "OverlapError",
    "RangeError",
    "FileError",
    "ConflictError",
    "Status",
    # addresses
    "Address",
    "Prefix",
    "Normalized",
    "parse_address",
    "parse_prefix",
    "normalize",
    "length_for_ips",
    # sizing
    "size",
    "capacity",
    "SizeResult",
    "CapacityResult",
    "NodeSubnetSize",
    "PodSubnetSize",
    "PodCidrSize",
    # plans
    "Plan",
    "Result",
    "Comparison",
    "rules",
    "Record",
    "Subnet",
    "Cluster",
    "NodePool",
    "VNet",
    "Diagnostic",
    "ModeSummary",
    "Rule",
    "CheckReport",
]
