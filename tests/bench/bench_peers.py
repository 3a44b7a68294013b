"""Python reference implementations of the benchmark workloads (docs/performance.md).

These are the tools people use today for the same jobs: the standard library's ipaddress,
and netaddr (Debian's python3-netaddr), whose IPSet is the engine of Azure IPAM and NetBox.
Each function does the whole job the C side does, from the same input text, and returns the
answer in a form the driver compares with libaksnet's.
"""

import bisect
import ipaddress
import json
import time

try:
    import netaddr
    from netaddr import IPNetwork, IPSet
except ImportError:  # reported by run_bench.py
    netaddr = None


# ---- W1 ---------------------------------------------------------------------------------------


def w1_ipaddress(lines):
    """Parse (strict) and format every CIDR: ipaddress.ip_network + str."""
    ip_network = ipaddress.ip_network
    return [str(ip_network(s)) for s in lines]


# ---- W2 ---------------------------------------------------------------------------------------


def count_overlapping_pairs(items):
    """items: (version, first, last) sorted by (version, first, -last). Prefixes either nest
    or are disjoint, so the open ones form a chain: a stack of their last addresses."""
    pairs = 0
    stack = []
    prev_version = None
    for version, first, last in items:
        if version != prev_version:
            stack = []
            prev_version = version
        while stack and stack[-1] < first:
            stack.pop()
        pairs += len(stack)
        stack.append(last)
    return pairs


def _sort_key(t):
    return (t[0], t[1], -t[2])


def w2_netaddr(lines):
    """netaddr: IPSet built in bulk (one cidr_merge, the fast path of netaddr#171), its
    CIDRs in order, and the overlapping pairs by a sweep over the same IPNetwork objects."""
    nets = [IPNetwork(s) for s in lines]
    normalized = IPSet(nets).iter_cidrs()
    items = sorted(((n.version, n.first, n.last) for n in nets), key=_sort_key)
    return normalized, count_overlapping_pairs(items)


def _range_to_cidrs(version, first, last):
    """Maximal aligned prefixes covering [first, last] as (version, first, length)."""
    bits = 32 if version == 4 else 128
    out = []
    while first <= last:
        size = (first & -first) if first else 1 << bits
        while first + size - 1 > last:
            size >>= 1
        out.append((version, first, bits - size.bit_length() + 1))
        first += size
    return out


def w2_sweep(lines):
    """ipaddress parse, one sort, a sweep for the pairs and a merge of the ranges, then the
    minimal aligned prefixes of each merged range (integers, no per-step objects)."""
    ip_network = ipaddress.ip_network
    items = []
    append = items.append
    for s in lines:
        n = ip_network(s)
        first = int(n.network_address)
        append((n.version, first, first + n.num_addresses - 1))
    items.sort(key=_sort_key)
    pairs = count_overlapping_pairs(items)
    merged = []
    for version, first, last in items:
        if merged and merged[-1][0] == version and first <= merged[-1][2] + 1:
            if last > merged[-1][2]:
                merged[-1][2] = last
        else:
            merged.append([version, first, last])
    normalized = []
    for version, first, last in merged:
        normalized.extend(_range_to_cidrs(version, first, last))
    return normalized, pairs


def cidr_text(version, first, length):
    if version == 4:
        return str(ipaddress.IPv4Network((first, length)))
    return str(ipaddress.IPv6Network((first, length)))


# ---- W3 ---------------------------------------------------------------------------------------


def w3_netaddr(vnet, existing_lines, lengths, budget_s=None):
    """First-fit over a netaddr IPSet difference, the Azure IPAM and NetBox algorithm:
    free = IPSet(vnet) - IPSet(existing); for each request in order, the first free CIDR in
    address order that is at least as large, its first sub-block of the requested length,
    removed from the set. This is exactly libaksnet's ordered strategy (the lowest aligned
    free block, in request order), so the placements must be identical.

    Stops after budget_s CPU seconds (the first k placements do not depend on later requests).
    Returns (placements as text, setup seconds, allocation seconds)."""
    t0 = time.process_time()
    free = IPSet([IPNetwork(vnet)]) - IPSet(IPNetwork(s) for s in existing_lines)
    setup = time.process_time() - t0
    out = []
    t0 = time.process_time()
    for length in lengths:
        block = None
        for cidr in free.iter_cidrs():
            if cidr.prefixlen <= length:
                block = next(cidr.subnet(length))
                break
        if block is not None:
            free.remove(block)
            out.append(str(block))
        else:
            out.append("-")
        if budget_s is not None and time.process_time() - t0 > budget_s:
            break
    return out, setup, time.process_time() - t0


class FreeList:
    """IPv4 free space as a sorted list of [first, last] ranges (phpIPAM's model), first-fit
    by a scan from the lowest address: an independent allocator for the W5 agreement check
    and a second W3 peer."""

    def __init__(self, space, used):
        ranges = []
        for first, last in sorted(used):
            if ranges and first <= ranges[-1][1] + 1:
                ranges[-1][1] = max(ranges[-1][1], last)
            else:
                ranges.append([first, last])
        free = []
        cur, end = space
        for first, last in ranges:
            if last < cur or first > end:
                continue
            if first > cur:
                free.append([cur, first - 1])
            cur = max(cur, last + 1)
        if cur <= end:
            free.append([cur, end])
        self.free = free

    def take(self, length):
        size = 1 << (32 - length)
        free = self.free
        for i, (first, last) in enumerate(free):
            a = (first + size - 1) & ~(size - 1)
            if a + size - 1 <= last:
                pieces = []
                if first < a:
                    pieces.append([first, a - 1])
                if a + size - 1 < last:
                    pieces.append([a + size, last])
                free[i:i + 1] = pieces
                return a
        return None


def _v4_range(text):
    n = ipaddress.IPv4Network(text)
    first = int(n.network_address)
    return first, first + n.num_addresses - 1


def w3_freelist(vnet, existing_lines, lengths):
    t0 = time.process_time()
    fl = FreeList(_v4_range(vnet), [_v4_range(s) for s in existing_lines])
    setup = time.process_time() - t0
    out = []
    t0 = time.process_time()
    for length in lengths:
        a = fl.take(length)
        out.append("-" if a is None else cidr_text(4, a, length))
    return out, setup, time.process_time() - t0


# ---- W5 ---------------------------------------------------------------------------------------


def w5_load(text):
    """What Python needs just to read the document: json plus ipaddress for every CIDR."""
    doc = json.loads(text)
    ip_network = ipaddress.ip_network
    vnet = doc["vnet"]
    spaces = [ip_network(s) for s in vnet["address_space"]]
    subnets = [(s["name"], ip_network(s["cidr"])) for s in vnet["subnets"]]
    requests = [(r["name"], r["prefix_length"]) for r in doc.get("subnet_requests", [])]
    return spaces, subnets, requests


def w5_placements(loaded):
    """The requests placed in order, lowest aligned free block (the ordered strategy)."""
    spaces, subnets, requests = loaded
    space = spaces[0]
    first = int(space.network_address)
    fl = FreeList((first, first + space.num_addresses - 1),
                  [(int(n.network_address), int(n.broadcast_address)) for _, n in subnets])
    out = []
    for name, length in requests:
        a = fl.take(length)
        out.append("%s %s" % (name, "-" if a is None else cidr_text(4, a, length)))
    return out


def versions():
    return {"netaddr": getattr(netaddr, "__version__", "missing") if netaddr else "missing"}
