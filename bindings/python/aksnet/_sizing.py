"""Sizing (how many IPs a pool needs) and capacity (how many nodes a subnet holds)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Union

from . import _capi
from . import _util
from ._model import Record, _OPTIONAL
from ._prefix import Prefix, as_prefix, raw_or_none

__all__ = [
    "NodeSubnetSize",
    "PodSubnetSize",
    "PodCidrSize",
    "SizeResult",
    "CapacityResult",
    "size",
    "capacity",
]

Surge = Union[int, str, None]


@dataclass(frozen=True)
class NodeSubnetSize(Record):
    """The node subnet a pool needs."""

    ips_required: int
    prefix_length: Optional[int]
    """The smallest subnet (longest prefix) that holds them; None when more than a /8 is
    needed."""
    usable_ips: Optional[int]
    """Azure-usable IPs of that subnet (size - 5); None with prefix_length."""


@dataclass(frozen=True)
class PodSubnetSize(Record):
    """The pod subnet of the two pod-subnet modes."""

    ips_required: int
    prefix_length: Optional[int]
    usable_ips: Optional[int]
    ips_per_node: int
    blocks_required: Optional[int]
    """Static block allocation: /28 blocks needed; None in the dynamic mode."""
    blocks_available: Optional[int]
    """Static block allocation: /28 blocks the subnet holds, 2**(28 - prefix_length) - 2;
    None in the dynamic mode (or when no subnet is large enough)."""

    def to_dict(self) -> Dict[str, Any]:
        d = super().to_dict()
        if self.blocks_required is None:  # the blocks exist only in the static block mode
            del d["blocks_required"], d["blocks_available"]
        return d


@dataclass(frozen=True)
class PodCidrSize(Record):
    """The pod CIDR of kubenet, overlay and BYO CNI (one /24 per node)."""

    addresses_required: int
    prefix_length: Optional[int]
    addresses: Optional[int]


@dataclass(frozen=True)
class SizeResult(Record):
    """What :func:`size` returns; ``to_dict()`` equals ``aksnet size --format json``."""

    plugin: str
    data_plane: str
    nodes: int
    """P: the pool size (count or autoscaler max-count)."""
    surge_nodes: int
    """S: surge nodes (count capped at P, or a percentage of P rounded up)."""
    max_pods: int
    expected_pods: Optional[int] = field(metadata=_OPTIONAL)
    """Dynamic pod subnet mode only: pods expected per node."""
    node_subnet: NodeSubnetSize
    pod_subnet: Optional[PodSubnetSize]
    pod_cidr: Optional[PodCidrSize]
    exceeded: Optional[str]
    """The AKS limit the pool breaks ("pool_limit", "kubenet_limit"...), or None."""

    @property
    def fits(self) -> bool:
        """True when the pool breaks no AKS limit (the CLI's exit status 0)."""
        return self.exceeded is None

    @property
    def total_nodes(self) -> int:
        """P + S: the nodes IPs are reserved for."""
        return self.nodes + self.surge_nodes


@dataclass(frozen=True)
class CapacityResult(Record):
    """What :func:`capacity` returns; ``to_dict()`` equals ``aksnet capacity --format json``."""

    plugin: str
    node_subnet: Prefix
    max_pods: int
    max_nodes: int
    """All nodes that fit at once, surge nodes included."""
    max_nodes_limited_by: str
    """What gives max_nodes: "node_subnet", "pod_cidr", "pod_subnet", "kubenet_limit" or
    "cluster_limit"."""
    max_pool_nodes: int
    """The largest pool size P whose P + S(P) fits."""
    surge_nodes: int
    """S at that P."""
    limited_by: str
    """What binds max_pool_nodes: "node_subnet", "pod_cidr", "pod_subnet", "pool_limit",
    "max_pods"..."""
    node_subnet_nodes: int
    """Nodes the node subnet alone holds."""
    pod_nodes: Optional[int]
    """Nodes the pod CIDR or pod subnet alone holds; None when the mode has neither."""

    @property
    def fits(self) -> bool:
        """Whether a valid pool fits at all: at least one node, and room for 30 pods when max
        pods is below 30."""
        return self.max_pool_nodes > 0 and self.limited_by != "max_pods"


def size(
    plugin: str,
    nodes: int,
    *,
    max_pods: Optional[int] = None,
    surge: Surge = None,
    dataplane: str = "azure",
    expected_pods: Optional[int] = None,
    extra_ips: int = 0,
    dual_stack: bool = False,
) -> SizeResult:
    """Size the node subnet, pod subnet or pod CIDR one node pool needs (``aksnet size``).

    Args:
        plugin: "kubenet", "azure", "azure-pod-subnet", "azure-static-block",
            "azure-overlay" or "none".
        nodes: the pool size: node count, or the autoscaler max-count.
        max_pods: pods per node, 10..250 (default per mode: kubenet 110, azure 30, others 250).
        surge: max surge as a node count (``1``, ``"1"``) or a percentage (``"33%"``);
            None for the AKS default of 10%.
        dataplane: "azure" or "cilium".
        expected_pods: dynamic pod subnet: pods expected per node (default max_pods).
        extra_ips: other users of the node subnet (internal load balancers, private endpoint).
        dual_stack: IPv4+IPv6 (kubenet then allows 200 nodes).

    A pool that breaks an AKS limit is not an error: see ``exceeded``. Bad arguments raise
    :class:`~aksnet.InvalidArgumentError` or :class:`~aksnet.RangeError`.

    >>> r = size(plugin="azure", nodes=50, max_pods=30, surge=1)
    >>> r.node_subnet.ips_required, r.node_subnet.prefix_length
    (1581, 21)
    """
    mode = _util.mode(plugin)
    dp = _util.choice("dataplane", dataplane, _util.DATA_PLANES)
    kind, value = _util.surge(surge)
    r = _capi.size(
        mode,
        dp,
        _util.integer("nodes", nodes),
        _util.max_pods(max_pods),
        kind,
        value,
        _util.expected_pods(expected_pods),
        _util.integer("extra_ips", extra_ips),
        int(_util.flag("dual_stack", dual_stack)),
    )
    return _size_result(r, dp)


def _or_none(prefix_length: int, value: int) -> Optional[int]:
    # a prefix length of 0 means "no subnet is large enough": the CLI writes null for both
    return value if prefix_length else None


def _size_result(r: Dict[str, Any], dp: int) -> SizeResult:
    mode = r["mode"]
    static = mode == _capi.MODE_AZURE_STATIC_BLOCK
    pod_subnet = None
    if r["has_pod_subnet"]:
        plen = r["pod_subnet_prefix_length"]
        pod_subnet = PodSubnetSize(
            ips_required=r["pod_subnet_ips"],
            prefix_length=_or_none(plen, plen),
            usable_ips=_or_none(plen, r["pod_subnet_usable"]),
            ips_per_node=r["pod_ips_per_node"],
            blocks_required=r["pod_subnet_blocks"] if static else None,
            # 2^(28 - L) /28 blocks, of which the first and the last hold Azure's 5 reserved
            # addresses (the CLI's arithmetic, bindings/cli/cli.c cmd_size)
            blocks_available=(1 << (28 - plen)) - 2 if static and 0 < plen <= 28 else None,
        )
    pod_cidr = None
    if r["has_pod_cidr"]:
        plen = r["pod_cidr_prefix_length"]
        pod_cidr = PodCidrSize(
            addresses_required=r["pod_cidr_addresses_required"],
            prefix_length=_or_none(plen, plen),
            addresses=_or_none(plen, r["pod_cidr_addresses"]),
        )
    nlen = r["node_subnet_prefix_length"]
    return SizeResult(
        plugin=_capi.mode_name(mode),
        data_plane=_util.DATA_PLANE_NAMES[dp],
        nodes=r["nodes"],
        surge_nodes=r["surge_nodes"],
        max_pods=r["max_pods"],
        expected_pods=r["expected_pods"] if mode == _capi.MODE_AZURE_POD_SUBNET else None,
        node_subnet=NodeSubnetSize(
            ips_required=r["node_subnet_ips"],
            prefix_length=_or_none(nlen, nlen),
            usable_ips=_or_none(nlen, r["node_subnet_usable"]),
        ),
        pod_subnet=pod_subnet,
        pod_cidr=pod_cidr,
        exceeded=None if r["exceeded"] == _capi.LIMIT_NONE else _capi.limit_name(r["exceeded"]),
    )


def capacity(
    plugin: str,
    subnet: Union[str, Prefix],
    *,
    pod_cidr: Union[str, Prefix, None] = None,
    pod_subnet: Union[str, Prefix, None] = None,
    max_pods: Optional[int] = None,
    surge: Surge = None,
    dataplane: str = "azure",
    expected_pods: Optional[int] = None,
    extra_ips: int = 0,
    dual_stack: bool = False,
) -> CapacityResult:
    """How many nodes fit in a node subnet (and pod CIDR or pod subnet), and which resource or
    AKS limit binds (``aksnet capacity``). Exact at the boundary: one more node would not fit.

    Args:
        plugin: the mode, as for :func:`size`.
        subnet: the node subnet (IPv4), e.g. "10.0.0.0/24".
        pod_cidr: kubenet, overlay, none: the pod CIDR (default 10.244.0.0/16).
        pod_subnet: azure-pod-subnet, azure-static-block: the pod subnet (required there).
        max_pods, surge, dataplane, expected_pods, extra_ips, dual_stack: as for :func:`size`.

    >>> c = capacity(plugin="azure", subnet="10.0.0.0/24")
    >>> c.max_nodes, c.limited_by
    (8, 'node_subnet')
    """
    mode = _util.mode(plugin)
    dp = _util.choice("dataplane", dataplane, _util.DATA_PLANES)
    kind, value = _util.surge(surge)
    node_subnet = as_prefix(subnet, "subnet")
    r = _capi.capacity(
        mode,
        dp,
        node_subnet._raw,
        raw_or_none(pod_cidr, "pod_cidr"),
        raw_or_none(pod_subnet, "pod_subnet"),
        _util.max_pods(max_pods),
        kind,
        value,
        _util.expected_pods(expected_pods),
        _util.integer("extra_ips", extra_ips),
        int(_util.flag("dual_stack", dual_stack)),
    )
    return _capacity_result(r, node_subnet, _util.flag("dual_stack", dual_stack))


def _capacity_result(r: Dict[str, Any], node_subnet: Prefix, dual_stack: bool) -> CapacityResult:
    mode = r["mode"]
    pod_nodes = r["pod_nodes"]
    # Which constraint gives max_nodes, in the library's tie-break order (the CLI's reading,
    # bindings/cli/cli.c cmd_capacity; the C record does not carry it).
    if r["max_nodes"] == r["node_subnet_nodes"]:
        by = _capi.LIMIT_NODE_SUBNET
    elif pod_nodes is not None and r["max_nodes"] == pod_nodes:
        by = (_capi.LIMIT_POD_SUBNET
              if mode in (_capi.MODE_AZURE_POD_SUBNET, _capi.MODE_AZURE_STATIC_BLOCK)
              else _capi.LIMIT_POD_CIDR)
    elif mode == _capi.MODE_KUBENET and r["max_nodes"] == (200 if dual_stack else 400):
        by = _capi.LIMIT_KUBENET
    else:
        by = _capi.LIMIT_CLUSTER
    return CapacityResult(
        plugin=_capi.mode_name(mode),
        node_subnet=node_subnet,
        max_pods=r["max_pods"],
        max_nodes=r["max_nodes"],
        max_nodes_limited_by=_capi.limit_name(by),
        max_pool_nodes=r["max_pool_nodes"],
        surge_nodes=r["surge_nodes"],
        limited_by=_capi.limit_name(r["limited_by"]),
        node_subnet_nodes=r["node_subnet_nodes"],
        pod_nodes=pod_nodes,
    )
