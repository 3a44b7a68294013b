"""Plans, allocation results and plugin-mode comparisons."""

from __future__ import annotations

import datetime as _dt
import json
import os
from typing import (
    Any, Dict, Iterable, Iterator, List, Mapping, Optional, Sequence, Tuple, Union,
)

from . import _capi
from . import _util
from ._errors import (
    ArgumentTypeError,
    ConflictError,
    Error,
    FileError,
    InvalidArgumentError,
    NotFoundError,
)
from ._model import (
    CheckReport,
    Cluster,
    Diagnostic,
    ModeSummary,
    NodePool,
    Rule,
    Subnet,
    VNet,
)
from ._prefix import (
    Address,
    Prefix,
    address_or_none,
    as_address,
    as_prefix,
    prefix_or_none,
    raw_or_none,
)

__all__ = ["Plan", "Result", "Comparison", "rules"]

PathLike = Union[str, "os.PathLike[str]"]
PrefixLike = Union[Prefix, str]

_KINDS = ("subnets", "node_pools", "clusters", "diagnostics", "free")


def _json_default(value: Any) -> Any:
    if isinstance(value, (Prefix, Address)):
        return str(value)
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise ArgumentTypeError(
        f"plan: {type(value).__name__} {value!r} cannot be written as JSON"
    )


# ---- records -> objects ----------------------------------------------------------------------

def _diagnostic(rec: Mapping[str, Any]) -> Diagnostic:
    return Diagnostic(
        severity=_capi.severity_name(rec["severity"]),
        code=rec["code"],
        path=rec["path"],
        message=rec["message"],
        source=rec["source"],
    )


def _subnet(rec: Mapping[str, Any], doc: Mapping[str, Any]) -> Subnet:
    cidr, cidr6 = rec["cidr"], rec["cidr_ipv6"]
    if cidr is None and cidr6 is not None:
        # an IPv6-only subnet: the JSON contract gives its /64 as "cidr"
        cidr, cidr6 = cidr6, None
    return Subnet(
        name=rec["name"],
        cidr=prefix_or_none(cidr),
        cidr_ipv6=prefix_or_none(cidr6),
        purpose=_capi.purpose_name(rec["purpose"]),
        cluster=rec["cluster"] or None,
        node_pools=tuple(rec["node_pools"]),
        ips_required=rec["ips_required"],
        usable_ips=rec["usable_ips"],
        # not in aksnet_subnet_info: from the library's JSON
        blocks_required=doc.get("blocks_required"),
        blocks_available=doc.get("blocks_available"),
        existing=rec["existing"],
        placed=rec["placed"],
        path=doc["path"],
    )


def _pool(rec: Mapping[str, Any], doc: Mapping[str, Any]) -> NodePool:
    return NodePool(
        name=rec["name"],
        mode=_util.POOL_MODE_NAMES.get(rec["pool_mode"], "User"),
        os_type=_util.OS_NAMES.get(rec["os_type"], "Linux"),
        ipam_mode=_capi.mode_name(rec["mode"]),
        # not in aksnet_pool_info: from the library's JSON
        autoscale=doc["autoscale"],
        nodes=rec["nodes"],
        surge_nodes=rec["surge_nodes"],
        max_surge=doc["max_surge"],
        max_pods=rec["max_pods"],
        subnet=rec["subnet"],
        pod_subnet=rec["pod_subnet"] or None,
        node_subnet_ips=rec["node_subnet_ips"],
        pod_ips=rec["pod_ips"],
        pod_ips_per_node=doc.get("pod_ips_per_node"),
    )


def _cluster(rec: Mapping[str, Any], doc: Mapping[str, Any],
             pools: Tuple[NodePool, ...]) -> Cluster:
    return Cluster(
        name=rec["name"],
        network_plugin=_util.PLUGIN_NAMES.get(rec["network_plugin"]),
        network_plugin_mode="overlay"
        if rec["network_plugin_mode"] == _capi.PLUGIN_MODE_OVERLAY
        else None,
        network_data_plane=_util.DATA_PLANE_NAMES.get(rec["network_dataplane"], "azure"),
        network_policy=_util.POLICY_NAMES.get(rec["network_policy"], "none"),
        mode=_capi.mode_name(rec["mode"]),
        ip_families=("IPv4", "IPv6") if rec["dual_stack"] else ("IPv4",),
        pod_cidr=prefix_or_none(rec["pod_cidr"]),
        pod_cidr_ipv6=prefix_or_none(rec["pod_cidr_ipv6"]),
        service_cidr=prefix_or_none(rec["service_cidr"]),
        service_cidr_ipv6=prefix_or_none(rec["service_cidr_ipv6"]),
        dns_service_ip=address_or_none(rec["dns_service_ip"]),
        nodes=rec["nodes"],
        # not in aksnet_cluster_info: from the library's JSON
        pod_cidr_addresses_required=doc.get("pod_cidr_addresses_required"),
        node_pools=pools,
    )


# ---- Result -------------------------------------------------------------------------------------

class Result:
    """An immutable allocation result: every CIDR, the sizing arithmetic and the diagnostics.

    Made by :meth:`Plan.allocate`. It owns its C handle (freed exactly once, when the object
    goes) and does not depend on the plan: it stays valid after the plan is gone. A result of a
    comparison row keeps its :class:`Comparison` alive.

    Most attributes come from the C record getters (``aksnet_result_subnet`` and friends);
    those the records do not carry (``path``, ``autoscale``, ``max_surge``, ``as_of``, the VNet
    totals...) come from the library's own JSON output, so every object has exactly the fields
    of the JSON contract (docs/plan-format.md) and ``to_dict()`` equals ``aksnet plan --format
    json``.
    """

    def __init__(self, handle: Any, owner: Any = None) -> None:
        if not isinstance(handle, _capi.ResultHandle):
            raise ArgumentTypeError("Result objects are made by Plan.allocate(), not directly")
        self._h = handle
        self._owner = owner  # the ComparisonHandle a row result is borrowed from: kept alive
        self._text: Optional[str] = None
        self._doc: Optional[Dict[str, Any]] = None
        self._cache: Dict[str, Any] = {}

    # ---- serialisations ----------------------------------------------------------------------

    def _write(self, fmt: int) -> str:
        return _capi.result_write(self._h, fmt)

    def to_json(self) -> str:
        """The result as the library's JSON text (the contract of docs/plan-format.md)."""
        if self._text is None:
            self._text = self._write(_capi.FORMAT_JSON)
        return self._text

    def _document(self) -> Dict[str, Any]:
        if self._doc is None:
            self._doc = json.loads(self.to_json())
        return self._doc

    def to_dict(self) -> Dict[str, Any]:
        """The JSON contract as plain Python data (a fresh copy each call)."""
        return json.loads(self.to_json())

    def to_text(self) -> str:
        """The human-readable report that shows the arithmetic (``aksnet plan``)."""
        return self._write(_capi.FORMAT_TEXT)

    def to_tfvars(self) -> str:
        """JSON variables for a Terraform root module (``aksnet plan --format tfvars``)."""
        return self._write(_capi.FORMAT_TFVARS)

    def to_svg(self) -> str:
        """A standalone SVG address map of the VNet (``aksnet plan --format svg``)."""
        return self._write(_capi.FORMAT_SVG)

    def _repr_svg_(self) -> str:
        """Jupyter shows a result as its address map."""
        return self.to_svg()

    def save(self, path: PathLike, format: Optional[str] = None) -> None:
        """Write the result to ``path`` as "json", "text", "tfvars" or "svg" (default: from
        the file extension; .json, .txt, .tfvars.json/.tfvars, .svg)."""
        name = os.fspath(path)
        if format is None:
            lower = name.lower()
            format = ("tfvars" if ".tfvars" in lower else "svg" if lower.endswith(".svg")
                      else "json" if lower.endswith(".json") else "text")
        writers = {"json": self.to_json, "text": self.to_text, "tfvars": self.to_tfvars,
                   "svg": self.to_svg}
        try:
            write = writers[format]
        except KeyError:
            raise InvalidArgumentError(
                f"format: {format!r} is not json, text, tfvars or svg", path="format"
            ) from None
        with open(name, "w", encoding="utf-8") as f:
            f.write(write())

    # ---- values ------------------------------------------------------------------------------

    @property
    def fits(self) -> bool:
        """True when everything was placed and no diagnostic is an error."""
        return bool(_capi.result_fits(self._h))

    @property
    def strategy(self) -> str:
        """The strategy used: "compact", "ordered" or "terraform"."""
        return _capi.strategy_name(_capi.result_strategy(self._h))

    @property
    def as_of(self) -> _dt.date:
        """The date the lifecycle rules were evaluated for."""
        return _util.ymd_date(self._document()["as_of"])

    @property
    def name(self) -> Optional[str]:
        """The plan's name, or None."""
        return self._document()["name"]

    @property
    def libaksnet_version(self) -> str:
        """Version of the library that made the result."""
        return self._document()["libaksnet_version"]

    @property
    def vnet(self) -> VNet:
        """The VNet: name, address space and the addresses the plan uses."""
        v = self._document()["vnet"]
        return VNet(
            name=v["name"],
            address_space=tuple(Prefix(p) for p in v["address_space"]),
            ips_used=v["ips_used"],
        )

    @property
    def subnets(self) -> Tuple[Subnet, ...]:
        """Every subnet: existing, placed for node pools and pods, requested."""
        got = self._cache.get("subnets")
        if got is None:
            docs = self._document()["subnets"]
            got = tuple(
                _subnet(_capi.result_subnet(self._h, i), docs[i])
                for i in range(_capi.result_subnet_count(self._h))
            )
            self._cache["subnets"] = got
        return got

    @property
    def clusters(self) -> Tuple[Cluster, ...]:
        """Every cluster with its node pools."""
        got = self._cache.get("clusters")
        if got is None:
            docs = self._document()["clusters"]
            out = []
            for ci in range(_capi.result_cluster_count(self._h)):
                rec = _capi.result_cluster(self._h, ci)
                pools = tuple(
                    _pool(_capi.result_pool(self._h, ci, pi), docs[ci]["node_pools"][pi])
                    for pi in range(rec["pool_count"])
                )
                out.append(_cluster(rec, docs[ci], pools))
            got = tuple(out)
            self._cache["clusters"] = got
        return got

    @property
    def free(self) -> Tuple[Prefix, ...]:
        """The free space left in the VNet: maximal aligned blocks in address order."""
        return tuple(
            Prefix._from_raw(_capi.result_free_prefix(self._h, i))
            for i in range(_capi.result_free_count(self._h))
        )

    @property
    def diagnostics(self) -> Tuple[Diagnostic, ...]:
        """Findings, errors first, then warnings, then infos."""
        got = self._cache.get("diagnostics")
        if got is None:
            got = tuple(
                _diagnostic(_capi.result_diagnostic(self._h, i))
                for i in range(_capi.result_diagnostic_count(self._h))
            )
            self._cache["diagnostics"] = got
        return got

    @property
    def errors(self) -> Tuple[Diagnostic, ...]:
        """The diagnostics of severity "error"."""
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> Tuple[Diagnostic, ...]:
        """The diagnostics of severity "warning"."""
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    def subnet(self, name: str) -> Subnet:
        """The subnet called ``name`` (:class:`~aksnet.NotFoundError` if there is none)."""
        for s in self.subnets:
            if s.name == name:
                return s
        raise NotFoundError(f"no subnet named {name!r}", path="name")

    def cluster(self, name: str) -> Cluster:
        """The cluster called ``name`` (:class:`~aksnet.NotFoundError` if there is none)."""
        for c in self.clusters:
            if c.name == name:
                return c
        raise NotFoundError(f"no cluster named {name!r}", path="name")

    def records(self, kind: str = "subnets") -> List[Dict[str, Any]]:
        """Flat rows for ``pandas.DataFrame(result.records())``, csv or a table.

        ``kind`` is "subnets" (default), "node_pools" (with a "cluster" column), "clusters"
        (without their pools), "diagnostics" or "free" (prefix and size). Prefixes are text and
        lists are joined with ", ", so every value is a str, int, float, bool or None.
        """
        if kind == "subnets":
            return [s.to_record() for s in self.subnets]
        if kind == "node_pools":
            return [dict(cluster=c.name, **p.to_record()) for c in self.clusters
                    for p in c.node_pools]
        if kind == "clusters":
            return [c.to_record() for c in self.clusters]
        if kind == "diagnostics":
            return [d.to_record() for d in self.diagnostics]
        if kind == "free":
            return [{"cidr": str(p), "num_addresses": p.num_addresses} for p in self.free]
        raise InvalidArgumentError(f"kind: {kind!r} is not one of {', '.join(_KINDS)}",
                                   path="kind")

    def __repr__(self) -> str:
        return (
            f"<aksnet.Result fits={self.fits} strategy={self.strategy!r} "
            f"subnets={_capi.result_subnet_count(self._h)} "
            f"clusters={_capi.result_cluster_count(self._h)} "
            f"diagnostics={_capi.result_diagnostic_count(self._h)}>"
        )

    def __reduce__(self):
        raise TypeError("aksnet.Result cannot be pickled; keep result.to_dict() or to_json()")

    def __copy__(self) -> "Result":
        return self  # immutable

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Result":
        return self  # immutable


# ---- Comparison ---------------------------------------------------------------------------------

class Comparison:
    """One plan evaluated under every plugin mode and data plane (``aksnet compare``).

    Rows that fit come first, by VNet IPs consumed. Iterating gives :class:`ModeSummary` rows;
    ``comparison["azure-overlay"]`` picks a row by label; each row's ``result`` is the full
    :class:`Result` of that mode (it keeps the comparison alive)."""

    def __init__(self, handle: Any) -> None:
        if not isinstance(handle, _capi.ComparisonHandle):
            raise ArgumentTypeError("Comparison objects are made by Plan.compare()")
        self._h = handle
        self._modes: Optional[Tuple[ModeSummary, ...]] = None

    @property
    def modes(self) -> Tuple[ModeSummary, ...]:
        """Every row."""
        if self._modes is None:
            rows = []
            for i in range(_capi.comparison_count(self._h)):
                rec = _capi.comparison_get(self._h, i)
                # the row's result is borrowed from the comparison: it holds the handle (not this
                # object, which would make a reference cycle) so the handle outlives it
                result = Result(_capi.comparison_result(self._h, i), owner=self._h)
                rows.append(
                    ModeSummary(
                        plugin=rec["label"],
                        ipam_mode=_capi.mode_name(rec["mode"]),
                        network_data_plane=_util.DATA_PLANE_NAMES.get(rec["dataplane"], "azure"),
                        fits=rec["fits"],
                        vnet_ips=rec["vnet_ips"],
                        max_nodes=rec["max_nodes"],
                        errors=rec["errors"],
                        warnings=rec["warnings"],
                        migration=_capi.migration_name(rec["migration"]),
                        migration_note=rec["migration_note"] or "",
                        diagnostics=tuple(d for d in result.diagnostics if d.severity != "info"),
                        result=result,
                    )
                )
            self._modes = tuple(rows)
        return self._modes

    @property
    def current(self) -> Optional[str]:
        """The plan's own mode (e.g. "azure" or "azure-overlay+cilium"), None without a
        cluster."""
        for m in self.modes:
            if m.migration == "current":
                return m.plugin
        return None

    def __len__(self) -> int:
        return len(self.modes)

    def __iter__(self) -> Iterator[ModeSummary]:
        return iter(self.modes)

    def __getitem__(self, key: Union[int, str]) -> ModeSummary:
        if isinstance(key, str):
            for m in self.modes:
                if m.plugin == key:
                    return m
            raise NotFoundError(f"no comparison row {key!r}", path="key")
        return self.modes[key]

    def to_json(self) -> str:
        """The comparison as the library's JSON text (``aksnet compare --format json``)."""
        return _capi.comparison_write(self._h, _capi.FORMAT_JSON)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON contract as plain Python data."""
        return json.loads(self.to_json())

    def to_text(self) -> str:
        """The comparison table (``aksnet compare``)."""
        return _capi.comparison_write(self._h, _capi.FORMAT_TEXT)

    def records(self) -> List[Dict[str, Any]]:
        """One flat row per mode (without the diagnostics) for ``pandas.DataFrame``."""
        return [m.to_record() for m in self.modes]

    def __repr__(self) -> str:
        return f"<aksnet.Comparison current={self.current!r} modes={len(self)}>"

    def __reduce__(self):
        raise TypeError("aksnet.Comparison cannot be pickled; keep comparison.to_dict()")


# ---- Plan ---------------------------------------------------------------------------------------

class Plan:
    """A network plan: the VNet, existing and requested subnets, clusters and node pools.

    Make one from a plan document (:meth:`from_dict`, :meth:`from_json`, :meth:`from_file`;
    docs/plan-format.md) or build it (``Plan(...)`` then ``add_*``). Then :meth:`allocate`,
    :meth:`check` or :meth:`compare` it. A plan owns its C handle (freed exactly once, when the
    object goes); results and comparisons made from it do not depend on it.

    >>> plan = Plan("demo", address_space=["10.0.0.0/16"])
    >>> c = plan.add_cluster("aks", network_plugin="azure", network_plugin_mode="overlay")
    >>> _ = plan.add_pool(c, "system", count=3)
    >>> plan.allocate(as_of="2026-11-26").fits
    True
    """

    def __init__(
        self,
        name: Optional[str] = None,
        *,
        vnet_name: Optional[str] = None,
        address_space: Iterable[PrefixLike] = (),
        strategy: Optional[str] = None,
    ) -> None:
        self._h = _capi.plan_new()
        if name is not None:
            self.set_name(name)
        if vnet_name is not None:
            self.set_vnet_name(vnet_name)
        if isinstance(address_space, (str, Prefix)):
            address_space = [address_space]
        for p in address_space:
            self.add_address_space(p)
        if strategy is not None:
            self.set_strategy(strategy)

    @classmethod
    def _wrap(cls, handle: Any) -> "Plan":
        self = cls.__new__(cls)
        self._h = handle
        return self

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Plan":
        """Load a plan document from JSON text (strict: unknown or duplicate keys, wrong types,
        bad CIDRs and contradictions raise, with ``line``, ``column`` and ``path``)."""
        if not isinstance(text, (str, bytes, bytearray)):
            raise ArgumentTypeError(f"text: expected str or bytes, not {type(text).__name__}",
                                    path="text")
        if isinstance(text, bytearray):
            text = bytes(text)
        return cls._wrap(_capi.plan_from_json(text))

    @classmethod
    def from_dict(cls, document: Mapping[str, Any]) -> "Plan":
        """Load a plan document given as Python data (what ``json.load`` gives; Prefix and
        Address values are accepted too)."""
        if not isinstance(document, Mapping):
            raise ArgumentTypeError(
                f"document: expected a dict, not {type(document).__name__}", path="document"
            )
        return cls.from_json(json.dumps(document, default=_json_default))

    @classmethod
    def from_file(cls, path: PathLike) -> "Plan":
        """Load a plan document from a JSON file (:class:`~aksnet.FileError`, an ``OSError``,
        when it cannot be read)."""
        name = os.fspath(path)
        if not isinstance(name, str):
            name = os.fsdecode(name)
        if "\0" in name:
            raise InvalidArgumentError("path: contains a NUL character", path="path")
        try:
            return cls._wrap(_capi.plan_from_file(name))
        except FileError as e:
            e.filename = name  # the library names the file in the message only
            raise

    # ---- builders ------------------------------------------------------------------------------

    def set_name(self, name: str) -> "Plan":
        """Set the plan's name (the title of reports)."""
        self._h.set_name(_util.text("name", name))
        return self

    def set_vnet_name(self, name: str) -> "Plan":
        """Set the VNet's name."""
        self._h.set_vnet_name(_util.text("name", name))
        return self

    def set_strategy(self, strategy: str) -> "Plan":
        """Set the plan's allocation strategy: "compact", "ordered" or "terraform"."""
        if strategy is None:
            raise InvalidArgumentError("strategy: give compact, ordered or terraform",
                                       path="strategy")
        self._h.set_strategy(_util.strategy(strategy))
        return self

    def add_address_space(self, prefix: PrefixLike) -> "Plan":
        """Add an address space to the VNet (:class:`~aksnet.OverlapError` if it overlaps
        another)."""
        self._h.add_address_space(as_prefix(prefix, "prefix")._raw)
        return self

    def add_subnet(self, name: str, cidr: PrefixLike,
                   cidr_ipv6: Optional[PrefixLike] = None) -> "Plan":
        """Add an existing subnet of the VNet (never moved)."""
        self._h.add_subnet(_util.text("name", name), as_prefix(cidr, "cidr")._raw,
                           raw_or_none(cidr_ipv6, "cidr_ipv6"))
        return self

    def add_reserved(self, prefix: PrefixLike) -> "Plan":
        """Hold a range of the VNet back: nothing is allocated in it."""
        self._h.add_reserved(as_prefix(prefix, "prefix")._raw)
        return self

    def add_avoid(self, prefix: PrefixLike) -> "Plan":
        """Add a range nothing may overlap (peered VNets, on-premises, VPN)."""
        self._h.add_avoid(as_prefix(prefix, "prefix")._raw)
        return self

    def add_request(
        self,
        name: str,
        *,
        prefix_length: Optional[int] = None,
        ips: Optional[int] = None,
        cidr: Optional[PrefixLike] = None,
        cidr_ipv6: Optional[PrefixLike] = None,
        ipv6: bool = False,
    ) -> "Plan":
        """Request a subnet (firewall, bastion, private endpoints...): give exactly one of
        ``prefix_length`` (8..29), ``ips`` (usable IPs needed) or ``cidr`` (pinned)."""
        given = [k for k, v in (("prefix_length", prefix_length), ("ips", ips), ("cidr", cidr))
                 if v is not None]
        if len(given) != 1:
            raise ConflictError(
                "a subnet request gives exactly one of prefix_length, ips and cidr"
                + (f" (got {', '.join(given)})" if given else ""),
                path=name if isinstance(name, str) else "",
            )
        if prefix_length is not None:
            kind = _capi.REQUEST_PREFIX_LENGTH
        elif ips is not None:
            kind = _capi.REQUEST_IPS
        else:
            kind = _capi.REQUEST_CIDR
        _capi.plan_add_request(
            self._h,
            _util.text("name", name),
            kind,
            _util.optional_integer("prefix_length", prefix_length, 0, 255),
            _util.optional_integer("ips", ips, 0, _util.UINT64_MAX),
            raw_or_none(cidr, "cidr"),
            int(_util.flag("ipv6", ipv6)),
            raw_or_none(cidr_ipv6, "cidr_ipv6"),
        )
        return self

    def add_cluster(
        self,
        name: str,
        *,
        network_plugin: Optional[str] = None,
        network_plugin_mode: Optional[str] = None,
        network_data_plane: Optional[str] = None,
        network_policy: Optional[str] = None,
        ip_families: Optional[Sequence[str]] = None,
        pod_cidr: Optional[PrefixLike] = None,
        pod_cidr_ipv6: Optional[PrefixLike] = None,
        service_cidr: Optional[PrefixLike] = None,
        service_cidr_ipv6: Optional[PrefixLike] = None,
        dns_service_ip: Union[Address, str, None] = None,
        private_cluster: bool = False,
        load_balancer_ips: int = 0,
        private_link_service_ips: int = 0,
        growth: Optional[float] = None,
        features: Iterable[str] = (),
        kubernetes_version: Optional[str] = None,
        node_pools: Iterable[Mapping[str, Any]] = (),
    ) -> int:
        """Add a cluster and return its index (for :meth:`add_pool`).

        The keywords are the keys of a cluster in a plan document, with the same values:
        ``network_plugin`` "azure", "kubenet" or "none" (None: AKS's default);
        ``network_plugin_mode`` "overlay" or None; ``network_data_plane`` "azure" or "cilium";
        ``network_policy`` "none", "azure", "calico" or "cilium"; ``ip_families`` ["IPv4"] or
        ["IPv4", "IPv6"]; CIDRs and the DNS IP as text (None: chosen by allocation);
        ``features`` names such as "private_link_service", "nat_gateway";
        ``node_pools`` dicts of :meth:`add_pool` keywords.
        """
        if ip_families is None:
            dual = False
        else:
            fams = list(ip_families) if not isinstance(ip_families, str) else [ip_families]
            if fams == ["IPv4"]:
                dual = False
            elif fams == ["IPv4", "IPv6"]:
                dual = True
            else:
                raise InvalidArgumentError(
                    f"ip_families: {ip_families!r} is not ['IPv4'] or ['IPv4', 'IPv6']",
                    path="ip_families",
                )
        if growth is None:
            growth_value = 0.0
        elif isinstance(growth, bool) or not isinstance(growth, (int, float)):
            raise ArgumentTypeError(f"growth: expected a number, not {growth!r}", path="growth")
        else:
            growth_value = float(growth)
        index = _capi.plan_add_cluster(
            self._h,
            _util.text("name", name),
            _util.choice("network_plugin", network_plugin, _util.PLUGINS, optional=True,
                         default=_capi.PLUGIN_UNSET),
            _util.choice("network_plugin_mode", network_plugin_mode, _util.PLUGIN_MODES,
                         optional=True, default=_capi.PLUGIN_MODE_UNSET),
            _util.choice("network_data_plane", network_data_plane, _util.DATA_PLANES,
                         optional=True, default=_capi.DATAPLANE_AZURE),
            _util.choice("network_policy", network_policy, _util.POLICIES, optional=True,
                         default=_capi.POLICY_NONE),
            int(dual),
            raw_or_none(pod_cidr, "pod_cidr"),
            raw_or_none(pod_cidr_ipv6, "pod_cidr_ipv6"),
            raw_or_none(service_cidr, "service_cidr"),
            raw_or_none(service_cidr_ipv6, "service_cidr_ipv6"),
            None if dns_service_ip is None else as_address(dns_service_ip, "dns_service_ip")._raw,
            int(_util.flag("private_cluster", private_cluster)),
            _util.integer("load_balancer_ips", load_balancer_ips),
            _util.integer("private_link_service_ips", private_link_service_ips),
            growth_value,
            _util.names("features", features, _util.FEATURES),
            _util.text("kubernetes_version", kubernetes_version, optional=True),
        )
        if isinstance(node_pools, Mapping):
            raise ArgumentTypeError("node_pools: expected a list of dicts", path="node_pools")
        for pool in node_pools:
            if not isinstance(pool, Mapping):
                raise ArgumentTypeError("node_pools: expected a list of dicts",
                                        path="node_pools")
            self.add_pool(index, **pool)
        return index

    def _cluster_index(self, cluster: Union[int, str]) -> int:
        if isinstance(cluster, str):
            names = [c.get("name") for c in self.to_dict().get("clusters", [])]
            if cluster not in names:
                raise NotFoundError(f"cluster: no cluster named {cluster!r}", path="cluster")
            return names.index(cluster)
        return _util.integer("cluster", cluster, 0, _util.UINT64_MAX)

    def add_pool(
        self,
        cluster: Union[int, str],
        name: str,
        *,
        mode: Optional[str] = None,
        os_type: str = "Linux",
        vm_size: Optional[str] = None,
        count: Optional[int] = None,
        min_count: Optional[int] = None,
        max_count: Optional[int] = None,
        max_pods: Optional[int] = None,
        max_surge: Union[int, str, None] = None,
        expected_pods: Optional[int] = None,
        subnet: Optional[str] = None,
        pod_subnet: Optional[str] = None,
        pod_ip_allocation_mode: Optional[str] = None,
    ) -> "Plan":
        """Add a node pool to a cluster (its index from :meth:`add_cluster`, or its name).

        The keywords are those of a node pool in a plan document: ``mode`` "System" or "User"
        (None: the first pool is System); ``count``, or ``min_count`` and ``max_count`` for the
        autoscaler (IPs are reserved for the max); ``max_surge`` a node count or "33%";
        ``subnet`` the node subnet name (None: "<cluster>-nodes"); ``pod_subnet`` for the
        pod-subnet modes; ``pod_ip_allocation_mode`` "DynamicIndividual" or "StaticBlock".
        """
        index = self._cluster_index(cluster)
        if (min_count is None) != (max_count is None):
            raise ConflictError("the autoscaler needs both min_count and max_count",
                                path="min_count" if max_count is None else "max_count")
        autoscale = min_count is not None
        if not autoscale and count is None:
            raise InvalidArgumentError(
                "a node pool needs count, or min_count and max_count", path="count"
            )
        kind, surge = _util.surge(max_surge, "max_surge")
        _capi.plan_add_pool(
            self._h,
            index,
            _util.text("name", name),
            _util.choice("mode", mode, _util.POOL_MODES, optional=True,
                         default=_capi.POOL_MODE_UNSET),
            _util.choice("os_type", os_type, _util.OS_TYPES),
            _util.text("vm_size", vm_size, optional=True),
            _util.optional_integer("count", count),
            int(autoscale),
            _util.optional_integer("min_count", min_count),
            _util.optional_integer("max_count", max_count),
            _util.max_pods(max_pods),
            kind,
            surge,
            _util.expected_pods(expected_pods),
            _util.text("subnet", subnet, optional=True),
            _util.text("pod_subnet", pod_subnet, optional=True),
            _util.choice("pod_ip_allocation_mode", pod_ip_allocation_mode,
                         _util.POD_ALLOCATIONS, optional=True,
                         default=_capi.POD_ALLOCATION_UNSET),
        )
        return self

    def pin(self, previous: Result) -> int:
        """Keep the subnets an earlier allocation placed where they are.

        For every subnet ``previous`` placed (except existing ones) that this plan still has
        (a cluster subnet or a subnet request of the same name, not already fixed), pin it to
        its previous prefix, so that allocating this plan again moves nothing while the plan
        grows (``aksnet plan --pin-from``). A pinned prefix that became too small is reported
        by the ``subnet-too-small`` diagnostic instead of being moved. Returns how many
        subnets were pinned.
        """
        if not isinstance(previous, Result):
            raise ArgumentTypeError(
                f"previous: expected an aksnet.Result, not {type(previous).__name__}",
                path="previous",
            )
        return _capi.plan_pin(self._h, previous._h)

    # ---- output --------------------------------------------------------------------------------

    def to_json(self) -> str:
        """The plan as a plan document (JSON text) that :meth:`from_json` reads back."""
        return _capi.plan_to_json(self._h)

    def to_dict(self) -> Dict[str, Any]:
        """The plan document as Python data."""
        return json.loads(self.to_json())

    def copy(self) -> "Plan":
        """An independent copy (through the plan document)."""
        return Plan.from_json(self.to_json())

    def __copy__(self) -> "Plan":
        return self.copy()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Plan":
        return self.copy()

    def __reduce__(self):
        return (Plan.from_json, (self.to_json(),))

    def __repr__(self) -> str:
        try:
            d = self.to_dict()
        except Error:
            return "<aksnet.Plan>"
        spaces = ", ".join(d.get("vnet", {}).get("address_space", []))
        return (f"<aksnet.Plan name={d.get('name')!r} address_space=[{spaces}] "
                f"clusters={len(d.get('clusters', []))}>")

    # ---- evaluation ----------------------------------------------------------------------------

    def allocate(self, strategy: Optional[str] = None,
                 as_of: _util.DateLike = None) -> Result:
        """Size, place and validate every subnet, service CIDR, DNS IP and pod CIDR.

        Args:
            strategy: "compact", "ordered", "terraform" or None for the plan's own.
            as_of: date for the retirement rules (datetime.date or "YYYY-MM-DD"; None: today).

        A plan that does not fit still gives a result (``fits`` False, with diagnostics).
        """
        return Result(_capi.plan_allocate(self._h, _util.strategy(strategy),
                                          _util.date(as_of)))

    def check(self, as_of: _util.DateLike = None, strategy: Optional[str] = None) -> CheckReport:
        """Validate the plan against the AKS rules (``aksnet check``): the diagnostics with
        their counts; ``to_dict()`` equals ``aksnet check --format json``."""
        r = self.allocate(strategy=strategy, as_of=as_of)
        diags = r.diagnostics
        return CheckReport(
            diagnostics=diags,
            errors=sum(1 for d in diags if d.severity == "error"),
            warnings=sum(1 for d in diags if d.severity == "warning"),
            fits=r.fits,
            result=r,
        )

    def compare(self, as_of: _util.DateLike = None) -> Comparison:
        """Evaluate the plan's clusters under every plugin mode and data plane, keeping pools,
        features and VNet (``aksnet compare``)."""
        return Comparison(_capi.plan_compare(self._h, _capi.STRATEGY_DEFAULT, _util.date(as_of)))


def rules() -> Tuple[Rule, ...]:
    """The catalogue of every diagnostic code (``aksnet rules``)."""
    out = []
    for i in range(_capi.rule_count()):
        r = _capi.rule_get(i)
        out.append(Rule(code=r["code"], severity=_capi.severity_name(r["severity"]),
                        summary=r["summary"], source=r["source"]))
    return tuple(out)

