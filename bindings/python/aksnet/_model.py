"""Immutable result records (frozen dataclasses) whose fields are the keys of the JSON contract.

Every record has ``to_dict()``, which gives exactly the object the C library writes in its JSON
output (docs/plan-format.md, "Result JSON"): prefixes and addresses as strings, optional keys
left out when the library leaves them out.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ._prefix import Address, Prefix

__all__ = [
    "Record",
    "Diagnostic",
    "Subnet",
    "NodePool",
    "Cluster",
    "VNet",
    "ModeSummary",
    "Rule",
    "CheckReport",
]

# field metadata: leave the key out of to_dict() when the value is None (the library writes
# the key only for some modes), or leave the field out of the contract entirely
_OPTIONAL = {"optional": True}
_EXTRA = {"contract": False}
_NESTED = {"nested": True}  # a tuple of records: left out of the flat rows of to_record()


def _plain(value: Any) -> Any:
    if isinstance(value, (Prefix, Address)):
        return str(value)
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    return value


def _flat(value: Any) -> Any:
    if isinstance(value, (Prefix, Address)):
        return str(value)
    if isinstance(value, (tuple, list)):
        return ", ".join(str(_flat(v)) for v in value)
    return value


class Record:
    """Base of the result records: ``to_dict()`` (the JSON contract) and ``to_record()``."""

    def to_dict(self) -> Dict[str, Any]:
        """This record as the JSON contract has it (plain str/int/bool/None/list/dict)."""
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if not f.metadata.get("contract", True):
                continue
            v = getattr(self, f.name)
            if v is None and f.metadata.get("optional"):
                continue
            out[f.name] = _plain(v)
        return out

    def to_record(self) -> Dict[str, Any]:
        """One flat row (prefixes as text, lists joined with ", ", nested records left out):
        ready for ``pandas.DataFrame``, ``csv.DictWriter`` or a table."""
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            if not f.metadata.get("contract", True):
                continue
            v = getattr(self, f.name)
            if f.metadata.get("nested") or isinstance(v, Record):
                continue
            out[f.name] = _flat(v)
        return out


@dataclass(frozen=True)
class Diagnostic(Record):
    """A finding of the rules: ``severity`` is "error", "warning" or "info"; ``code`` is stable
    (``aksnet.rules()`` lists them); ``path`` is a JSON pointer into the plan; ``source`` is the
    document or API rule that states it."""

    severity: str
    code: str
    path: str
    message: str
    source: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.code} at {self.path or '/'}: {self.message}"


@dataclass(frozen=True)
class Subnet(Record):
    """A subnet of the result: placed, requested, existing or AKS-delegated."""

    name: str
    cidr: Optional[Prefix]
    """The placed prefix (an IPv6-only subnet's /64 too); None when it did not fit."""
    cidr_ipv6: Optional[Prefix]
    """The IPv6 /64 of a dual-stack subnet, or None."""
    purpose: str
    """"nodes", "pods", "requested", "existing" or "apiserver"."""
    cluster: Optional[str]
    node_pools: Tuple[str, ...]
    ips_required: int
    usable_ips: int
    blocks_required: Optional[int] = field(metadata=_OPTIONAL)
    """Static-block pod subnets: /28 blocks needed (else None)."""
    blocks_available: Optional[int] = field(metadata=_OPTIONAL)
    """Static-block pod subnets: /28 blocks the placed prefix holds (else None)."""
    existing: bool
    placed: bool
    path: str
    """JSON pointer of the plan entry that defines it."""

    @property
    def utilization(self) -> Optional[float]:
        """ips_required / usable_ips (None when nothing is usable)."""
        return self.ips_required / self.usable_ips if self.usable_ips else None

    def to_record(self) -> Dict[str, Any]:
        row = super().to_record()
        u = self.utilization
        row["utilization"] = round(u, 4) if u is not None else None
        return row


@dataclass(frozen=True)
class NodePool(Record):
    """A node pool of a cluster, with its sizing arithmetic."""

    name: str
    mode: str
    """"System" or "User"."""
    os_type: str
    ipam_mode: str
    autoscale: bool
    nodes: int
    """P: the count or autoscaler max-count, times growth, rounded up."""
    surge_nodes: int
    """S: extra nodes during upgrades."""
    max_surge: str
    max_pods: int
    subnet: str
    pod_subnet: Optional[str]
    node_subnet_ips: int
    pod_ips: int
    pod_ips_per_node: Optional[int] = field(metadata=_OPTIONAL)


@dataclass(frozen=True)
class Cluster(Record):
    """A cluster of the result: its resolved network profile and address ranges."""

    name: str
    network_plugin: Optional[str]
    network_plugin_mode: Optional[str]
    network_data_plane: str
    network_policy: str
    mode: str
    ip_families: Tuple[str, ...]
    pod_cidr: Optional[Prefix]
    pod_cidr_ipv6: Optional[Prefix]
    service_cidr: Optional[Prefix]
    service_cidr_ipv6: Optional[Prefix]
    dns_service_ip: Optional[Address]
    nodes: int
    pod_cidr_addresses_required: Optional[int] = field(metadata=_OPTIONAL)
    node_pools: Tuple[NodePool, ...] = field(metadata=_NESTED)


@dataclass(frozen=True)
class VNet(Record):
    """The virtual network of a result."""

    name: Optional[str]
    address_space: Tuple[Prefix, ...]
    ips_used: int
    """Addresses of the subnets this plan creates plus existing ones its clusters use."""


@dataclass(frozen=True)
class ModeSummary(Record):
    """One row of a plugin-mode comparison (``aksnet compare``)."""

    plugin: str
    """Label such as "azure-overlay" or "azure-overlay+cilium"."""
    ipam_mode: str
    network_data_plane: str
    fits: bool
    vnet_ips: int
    max_nodes: int
    errors: int
    warnings: int
    migration: str
    """"current", "in-place" or "new-cluster"."""
    migration_note: str
    """The update steps and what must be true first (in place), or why a new cluster is
    needed; "" for the current mode."""
    diagnostics: Tuple[Diagnostic, ...] = field(metadata=_NESTED)
    """Its error and warning diagnostics."""
    result: Any = field(default=None, repr=False, compare=False, metadata=_EXTRA)
    """The full :class:`~aksnet.Result` of this row."""

    def to_dict(self) -> Dict[str, Any]:
        d = super().to_dict()
        # the comparison contract lists diagnostics without their source
        d["diagnostics"] = [
            {k: v for k, v in g.to_dict().items() if k != "source"} for g in self.diagnostics
        ]
        return d


@dataclass(frozen=True)
class Rule(Record):
    """An entry of the rule catalogue (``aksnet rules``)."""

    code: str
    severity: str
    summary: str
    source: str


@dataclass(frozen=True)
class CheckReport(Record):
    """What ``Plan.check()`` (``aksnet check``) reports."""

    diagnostics: Tuple[Diagnostic, ...] = field(metadata=_NESTED)
    errors: int
    warnings: int
    fits: bool
    result: Any = field(default=None, repr=False, compare=False, metadata=_EXTRA)
    """The full :class:`~aksnet.Result` behind the report."""

    @property
    def ok(self) -> bool:
        """True when nothing is wrong: it fits and there is no error diagnostic (the CLI's exit
        status 0)."""
        return self.fits and self.errors == 0

    def records(self) -> List[Dict[str, Any]]:
        """The diagnostics as flat rows."""
        return [d.to_record() for d in self.diagnostics]
