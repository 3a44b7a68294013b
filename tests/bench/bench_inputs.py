"""Deterministic inputs of the libaksnet benchmark suite (docs/performance.md).

Every generator takes a seed and a size and returns plain Python data; write_inputs() writes
them into files in the build directory once, so that the C program and the Python peers read
exactly the same bytes. Nothing here depends on the platform's random number generator
beyond random.Random (Mersenne Twister, stable across Python versions for these methods:
getrandbits, randrange with integer arguments, random()).
"""

import ipaddress
import json
import os
import random

# ---- W1: mixed IPv4/IPv6 CIDR strings --------------------------------------------------------


def _v6_text(rng, value, length):
    """One of several RFC 4291 text forms of an IPv6 prefix (all accepted by both parsers)."""
    groups = [(value >> (16 * (7 - i))) & 0xFFFF for i in range(8)]
    form = rng.randrange(10)
    if form < 6:  # canonical (RFC 5952) form
        text = str(ipaddress.IPv6Address(value))
    elif form == 6:  # fully expanded, leading zeros
        text = ":".join("%04x" % g for g in groups)
    elif form == 7:  # upper case, no compression
        text = ":".join("%X" % g for g in groups)
    elif form == 8:  # compress the first zero group only (not canonical when a longer run exists)
        text = ":".join("%x" % g for g in groups)
        if ":0:" in text:
            text = text.replace(":0:", "::", 1)
            # a second "::" cannot appear: only one replacement, and no other "::" exists
    else:  # an IPv4 tail in the last 32 bits (RFC 4291 2.2 form 3)
        tail = "%d.%d.%d.%d" % (groups[6] >> 8, groups[6] & 255, groups[7] >> 8, groups[7] & 255)
        text = ":".join("%x" % g for g in groups[:6]) + ":" + tail
    return "%s/%d" % (text, length)


def _v6_value(rng):
    """A random IPv6 address with realistic zero groups."""
    v = 0
    for _ in range(8):
        g = 0 if rng.random() < 0.35 else rng.getrandbits(16)
        v = (v << 16) | g
    return v


def w1_cidrs(seed, count, v6_share=0.10):
    """`count` CIDR strings, host bits clear, about v6_share of them IPv6.

    Excluded on purpose (documented in docs/performance.md): IPv4-mapped (::ffff:0:0/96) and
    IPv4-compatible (first 96 bits zero, last 32 not) IPv6 networks, whose canonical text
    differs between RFC 5952 section 5 (libaksnet), glibc's inet_ntop and Python's ipaddress.
    """
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        if rng.random() < v6_share:
            while True:
                length = rng.randrange(16, 129)
                v = _v6_value(rng)
                v &= ~((1 << (128 - length)) - 1) & ((1 << 128) - 1)
                top96 = v >> 32
                if top96 == 0 and v != 0:
                    continue  # IPv4-compatible: glibc prints ::a.b.c.d
                if v >> 32 == 0xFFFF:
                    continue  # IPv4-mapped
                break
            out.append(_v6_text(rng, v, length))
        else:
            length = rng.choice((8, 12, 16, 16, 20, 22, 23, 24, 24, 24, 25, 26, 27, 28, 29, 30,
                                 32, 32, 0, 18))
            v = rng.getrandbits(32)
            v &= ~((1 << (32 - length)) - 1) & 0xFFFFFFFF
            out.append("%d.%d.%d.%d/%d" % (v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255,
                                           length))
    return out


# ---- W2: an audit list with nesting and duplicates ------------------------------------------


def w2_prefixes(seed, count):
    """`count` prefixes as an IPAM export might hold them: VNet ranges, subnets inside them,
    peered ranges, duplicates (2%), 10% IPv6. Many overlap (nested); none has host bits."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        r = rng.random()
        if i > 0 and r < 0.02:
            out.append(out[rng.randrange(len(out))])
            continue
        if r < 0.12:
            length = rng.randrange(32, 65)
            v = (0xFD << 120) | (rng.getrandbits(24) << 96) | (rng.getrandbits(32) << 64)
            v &= ~((1 << (128 - length)) - 1) & ((1 << 128) - 1)
            out.append("%s/%d" % (ipaddress.IPv6Address(v), length))
        else:
            # lengths weighted like an export: few large ranges, many subnets
            length = rng.choice((12, 14, 16, 16, 18, 20, 21, 22, 23, 24, 24, 24, 25, 26, 26, 27,
                                 27, 28, 28, 29))
            v = (10 << 24) | rng.getrandbits(24)
            v &= ~((1 << (32 - length)) - 1) & 0xFFFFFFFF
            out.append(str(ipaddress.IPv4Network((v, length))))
    return out


# ---- W3/W5: a /8 VNet with N existing subnets and requests ----------------------------------

VNET = "10.0.0.0/8"
_HALF = 1 << 23  # existing subnets live in 10.0.0.0/9; the upper half starts empty


def existing_subnets(seed, n):
    """n non-overlapping subnets (/25../29) spread over 10.0.0.0/9 in address order with
    random gaps, then shuffled (an IPAM export is not sorted). Returns [(first, length)]."""
    avg_step = _HALF * 0.92 / n
    # average size of /25../29 is 49.6 addresses, alignment wastes about as much again
    gap_max = max(0, int((avg_step - 100) / 8 * 2))
    while True:
        rng = random.Random(seed)
        cursor = 0
        out = []
        for _ in range(n):
            length = rng.randrange(25, 30)
            size = 1 << (32 - length)
            if gap_max and rng.random() < 0.75:
                cursor += 8 * rng.randrange(1, gap_max + 1)
            cursor = (cursor + size - 1) & ~(size - 1)
            out.append((cursor, length))
            cursor += size
        if cursor <= _HALF:
            break
        gap_max = gap_max * 3 // 4  # too long: retry with smaller gaps (deterministic)
    rng.shuffle(out)
    base = 10 << 24
    return [(base + a, length) for a, length in out]


def requests(seed, n, lo=22, hi=28):
    """n request prefix lengths, uniform in lo..hi."""
    rng = random.Random(seed)
    return [rng.randrange(lo, hi + 1) for _ in range(n)]


def v4_text(first, length):
    return "%d.%d.%d.%d/%d" % (first >> 24, (first >> 16) & 255, (first >> 8) & 255,
                               first & 255, length)


def w5_document(seed, n_existing, n_requests):
    """A plan document (docs/plan-format.md) with n_existing subnets and n_requests subnet
    requests, ordered strategy, one subnet per line like an IPAM export."""
    subs = existing_subnets(seed, n_existing)
    reqs = requests(seed + 1, n_requests)
    lines = ['{', '  "schema_version": 1,', '  "name": "IPAM export: %d subnets",' % n_existing,
             '  "vnet": {', '    "name": "vnet-ipam-export",',
             '    "address_space": ["%s"],' % VNET, '    "subnets": [']
    for i, (first, length) in enumerate(subs):
        lines.append('      {"name": "snet-%06d", "cidr": "%s"}%s'
                     % (i, v4_text(first, length), "," if i + 1 < len(subs) else ""))
    lines.append('    ]')
    lines.append('  },')
    lines.append('  "subnet_requests": [')
    for i, length in enumerate(reqs):
        lines.append('    {"name": "req-%04d", "prefix_length": %d}%s'
                     % (i, length, "," if i + 1 < len(reqs) else ""))
    lines.append('  ],')
    lines.append('  "allocation": {"strategy": "ordered"}')
    lines.append('}')
    return "\n".join(lines) + "\n"


# ---- files ------------------------------------------------------------------------------------


def _write_lines(path, lines):
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(lines))
        f.write("\n")


def write_inputs(outdir, sizes, seed):
    """Write every input file for `sizes` (a dict, see run_bench.SIZES); returns their paths.
    Files are reused when a stamp of the parameters matches (generation takes seconds)."""
    os.makedirs(outdir, exist_ok=True)
    stamp_path = os.path.join(outdir, "inputs.stamp")
    stamp = json.dumps({"seed": seed, "sizes": sizes, "version": 3}, sort_keys=True)
    paths = {
        "w1": os.path.join(outdir, "w1_cidrs.txt"),
        "w2": os.path.join(outdir, "w2_prefixes.txt"),
        "w3_requests": os.path.join(outdir, "w3_requests.txt"),
        "w5": os.path.join(outdir, "w5_plan.json"),
    }
    for n in sizes["w3_n"]:
        paths["w3_existing_%d" % n] = os.path.join(outdir, "w3_existing_%d.txt" % n)
    try:
        with open(stamp_path, encoding="ascii") as f:
            if f.read() == stamp and all(os.path.exists(p) for p in paths.values()):
                return paths
    except OSError:
        pass
    _write_lines(paths["w1"], w1_cidrs(seed, sizes["w1"]))
    _write_lines(paths["w2"], w2_prefixes(seed + 2, sizes["w2"]))
    _write_lines(paths["w3_requests"], [str(x) for x in requests(seed + 3, sizes["w3_requests"])])
    for n in sizes["w3_n"]:
        _write_lines(paths["w3_existing_%d" % n],
                     [v4_text(a, l) for a, l in existing_subnets(seed + 4 + n, n)])
    with open(paths["w5"], "w", encoding="ascii", newline="\n") as f:
        f.write(w5_document(seed + 5, sizes["w5"], sizes["w5_requests"]))
    with open(stamp_path, "w", encoding="ascii") as f:
        f.write(stamp)
    return paths


# ---- loader equivalence documents (aksnet_bench loadcheck) -----------------------------------


def _loader_doc(elements, before='', after='', subnets_value=None):
    """A plan document whose /vnet/subnets array holds `elements` (raw JSON text, one per
    line). The "subnets" key sits alone on its line (loadcheck respells it)."""
    body = subnets_value if subnets_value is not None else (
        "[\n" + ",\n".join("      " + e for e in elements) + "\n    ]")
    return ('{\n  "schema_version": 1,%s\n  "vnet": {\n    "name": "vnet-check",\n'
            '    "address_space": ["10.0.0.0/16", "fd00:1::/48"],\n    "subnets":\n    %s\n'
            '  },\n  "subnet_requests": [{"name": "req", "prefix_length": 26}]%s\n}\n'
            % (before, body, after))


def loader_variants(seed, count):
    """Documents for the loader's fast path: valid ones, every irregularity the fast path
    must hand to jansson, truncations and random byte edits of the array. Returns
    [(name, bytes)]."""
    rng = random.Random(seed)
    ok = ['{"name": "a", "cidr": "10.0.0.0/24"}',
          '{"cidr": "10.0.1.0/24", "name": "b"}',
          '{"name": "c", "cidr": "10.0.2.0/24", "cidr_ipv6": "fd00:1:0:2::/64"}',
          '{"name": "d", "cidr_ipv6": null, "cidr": "10.0.3.0/26"}',
          '{ "name" : "e" , "cidr" : "10.0.4.0/28" }',
          '{"name":"f","cidr":"10.0.5.0/27","cidr_ipv6":"FD00:1:0:5:0:0:0:0/64"}']
    cases = {
        "plain": ok,
        "empty": [],
        "tabs-crlf": [e.replace(" ", "\t") for e in ok],
        "dup-key": ['{"name": "a", "name": "b", "cidr": "10.0.0.0/24"}'],
        "unknown-key": ['{"name": "a", "cdir": "10.0.0.0/24"}'],
        "missing-name": ['{"cidr": "10.0.0.0/24"}'],
        "missing-cidr": ['{"name": "a"}'],
        "null-name": ['{"name": null, "cidr": "10.0.0.0/24"}'],
        "null-cidr": ['{"name": "a", "cidr": null}'],
        "number-cidr": ['{"name": "a", "cidr": 10}'],
        "bool-v6": ['{"name": "a", "cidr": "10.0.0.0/24", "cidr_ipv6": true}'],
        "escape-name": ['{"name": "caf\\u00e9", "cidr": "10.0.0.0/24"}'],
        "quote-name": ['{"name": "a\\"b", "cidr": "10.0.0.0/24"}'],
        "utf8-name": ['{"name": "caf\u00e9", "cidr": "10.0.0.0/24"}'],
        "nul-escape": ['{"name": "a\\u0000b", "cidr": "10.0.0.0/24"}'],
        "host-bits": ['{"name": "a", "cidr": "10.0.0.1/24"}'],
        "bad-v6": ['{"name": "a", "cidr": "10.0.0.0/24", "cidr_ipv6": "fd00::1::/64"}'],
        "v6-in-cidr": ['{"name": "a", "cidr": "fd00:1::/64", "cidr_ipv6": "fd00:1:0:1::/64"}'],
        "dup-subnet": ['{"name": "a", "cidr": "10.0.0.0/24"}', '{"name": "a", "cidr": "10.0.1.0/24"}'],
        "dup-request-name": ['{"name": "req", "cidr": "10.0.0.0/24"}'],
        "long-name": ['{"name": "%s", "cidr": "10.0.0.0/24"}' % ("n" * 256),
                      '{"name": "%s", "cidr": "10.0.1.0/24"}' % ("m" * 257)],
        "empty-name": ['{"name": "", "cidr": "10.0.0.0/24"}'],
        "long-cidr": ['{"name": "a", "cidr": "%s"}' % ("1" * 80)],
        "not-object": ['1', '"x"', '[]', 'null'],
        "trailing-comma-array": [ok[0] + ","],
        "trailing-comma-object": ['{"name": "a", "cidr": "10.0.0.0/24",}'],
        "missing-comma": [ok[0] + " " + ok[1]],
        "empty-object": ['{}'],
        "outside-space": ['{"name": "a", "cidr": "192.168.0.0/24"}'],
        # the plain IPv4 parser of the fast path (aksnet__prefix_parse_v4_plain) and what it
        # must leave to aksnet_prefix_parse
        "leading-zero-octet": ['{"name": "a", "cidr": "10.0.01.0/24"}'],
        "leading-zero-length": ['{"name": "a", "cidr": "10.0.0.0/024"}'],
        "leading-zero-length-short": ['{"name": "a", "cidr": "10.0.0.0/08"}'],
        "length-33": ['{"name": "a", "cidr": "10.0.0.0/33"}'],
        "length-sign": ['{"name": "a", "cidr": "10.0.0.0/+24"}'],
        "octet-256": ['{"name": "a", "cidr": "10.0.256.0/24"}'],
        "octet-4-digits": ['{"name": "a", "cidr": "10.0.1000.0/24"}'],
        "five-octets": ['{"name": "a", "cidr": "10.0.0.0.0/24"}'],
        "no-length": ['{"name": "a", "cidr": "10.0.0.0"}'],
        "empty-length": ['{"name": "a", "cidr": "10.0.0.0/"}'],
        "space-in-cidr": ['{"name": "a", "cidr": " 10.0.0.0/24"}'],
        "space-after-cidr": ['{"name": "a", "cidr": "10.0.0.0/24 "}'],
        "space-before-length": ['{"name": "a", "cidr": "10.0.0.0 /24"}'],
        "edge-lengths": ['{"name": "a", "cidr": "0.0.0.0/0"}',
                         '{"name": "b", "cidr": "10.0.0.1/32"}',
                         '{"name": "c", "cidr": "255.255.255.255/32"}',
                         '{"name": "d", "cidr": "10.0.0.128/25"}'],
        "host-bits-32": ['{"name": "a", "cidr": "10.0.0.0/0"}'],
        # the name index: names that are prefixes of others, of 8 and 16 bytes, with spaces
        "name-prefixes": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                          enumerate(["ab", "a", "abc", "abcdefgh", "abcdefghi", "abcdefg",
                                     "abcdefghijklmnop", "abcdefghijklmno", " ", "a b"])],
        "dup-8-bytes": ['{"name": "abcdefgh", "cidr": "10.0.0.0/24"}',
                        '{"name": "abcdefgh", "cidr": "10.0.1.0/24"}'],
        "dup-16-bytes": ['{"name": "abcdefghijklmnop", "cidr": "10.0.0.0/24"}',
                         '{"name": "abcdefghijklmnop", "cidr": "10.0.1.0/24"}'],
        "dup-256-bytes": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % ("x" * 256, i)
                          for i in range(2)],
        "dup-after-v6": ['{"name": "a", "cidr": "10.0.0.0/24", "cidr_ipv6": "fd00:1::/64"}',
                         '{"name": "a", "cidr": "10.0.1.0/24"}'],
        # the fast path's spelling template (elements spelt like the one before them)
        "template-long-name": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                               enumerate(["a", "b", "c", "m" * 257, "d"])],
        "template-long-name-ok": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                                  enumerate(["a", "b", "c", "m" * 256, "d"])],
        "template-same-v6": ['{"name": "%s", "cidr": "10.0.%d.0/24", "cidr_ipv6": "fd00:1::/64"}'
                             % (n, i) for i, n in enumerate("abcd")],
        "template-null-v6": ['{"name": "%s", "cidr": "10.0.%d.0/24", "cidr_ipv6": null}'
                             % (n, i) for i, n in enumerate("abcd")],
        "template-then-v6": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i)
                             for i, n in enumerate("abc")] +
                            ['{"name": "d", "cidr": "10.0.3.0/24", "cidr_ipv6": "fd00:1::/64"}',
                             '{"name": "e", "cidr": "10.0.4.0/24"}'],
        "template-key-order": ['{"name": "a", "cidr": "10.0.0.0/24"}',
                               '{"name": "b", "cidr": "10.0.1.0/24"}',
                               '{"name": "c", "cidr": "10.0.2.0/24"}',
                               '{"cidr": "10.0.3.0/24", "name": "d"}',
                               '{"cidr": "10.0.4.0/24", "name": "e"}',
                               '{"cidr": "10.0.5.0/24", "name": "f"}',
                               '{"name": "g", "cidr": "10.0.6.0/24"}'],
        "template-spacing": ['{"name": "a", "cidr": "10.0.0.0/24"}',
                             '{"name": "b", "cidr": "10.0.1.0/24"}',
                             '{"name":"c","cidr":"10.0.2.0/24"}',
                             '{"name": "d", "cidr": "10.0.3.0/24"}',
                             '{"name": "e",  "cidr": "10.0.4.0/24"}'],
        "template-escape": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                            enumerate(["a", "b", "c", 'x\\"y', "d"])],
        "template-dup": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                         enumerate(["a", "b", "c", "b"])],
        # bytes after an element that differ from the learnt ones but have their length:
        # invalid JSON that only the comparison of those bytes keeps out
        "template-junk-after": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i)
                                for i, n in enumerate("abc")] +
                               ['{"name": "d", "cidr": "10.0.3.0/24"x',
                                '{"name": "e", "cidr": "10.0.4.0/24"}',
                                '{"cidr": "10.0.5.0/24", "name": "f"}'],
        "template-junk-between": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i)
                                  for i, n in enumerate("abc")] +
                                 ['{"name": "d" "cidr": "10.0.3.0/24"}',
                                  '{"name": "e", "cidr": "10.0.4.0/24"}'],
        "template-junk-before": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i)
                                 for i, n in enumerate("abc")] +
                                ['{"name": "d", "cidr": "10.0.3.0/24"}',
                                 '{"nome": "e", "cidr": "10.0.4.0/24"}'],
        "template-third-key": ['{"name": "%s", "cidr": "10.0.%d.0/24"}' % (n, i) for i, n in
                               enumerate("abc")] +
                              ['{"name": "d", "cidr": "10.0.3.0/24", "cidr": "10.0.4.0/24"}'],
        "dup-before-v6": ['{"name": "a", "cidr": "10.0.0.0/24"}',
                          '{"name": "a", "cidr": "10.0.1.0/24", "cidr_ipv6": "fd00:1::/64"}'],
    }
    docs = []
    for name, elements in sorted(cases.items()):
        docs.append((name, _loader_doc(elements)))
    docs.append(("not-array-object", _loader_doc([], subnets_value="{}")))
    docs.append(("not-array-null", _loader_doc([], subnets_value="null")))
    docs.append(("syntax-after", _loader_doc(ok, after=',\n  "clusters": [}')))
    docs.append(("syntax-before", _loader_doc(ok, before='\n  "name": tru,')))
    docs.append(("dup-top-key", _loader_doc(ok, after=',\n  "vnet": {}')))
    docs.append(("unknown-top-key", _loader_doc(ok, after=',\n  "clusterz": []')))
    docs.append(("trailing-garbage", _loader_doc(ok) + "x"))
    base = _loader_doc(ok)
    start = base.index("[\n")
    end = base.index("\n    ]") + 6
    # every truncation inside and just around the array
    for cut in range(start - 2, end + 2, 3):
        docs.append(("truncated-%d" % cut, base[:cut]))
    # random byte edits inside the array
    alphabet = '{}[]":,\\ \t\nnulltrue0123456789abcdef./-\u00e9\x00\x7f'
    for i in range(count):
        b = list(base)
        for _ in range(rng.randrange(1, 4)):
            pos = rng.randrange(start, end)
            op = rng.randrange(3)
            if op == 0:
                b[pos] = rng.choice(alphabet)
            elif op == 1:
                del b[pos]
            else:
                b.insert(pos, rng.choice(alphabet))
        docs.append(("edit-%03d" % i, "".join(b)))
    # random byte edits of an array whose elements are all spelt alike (the fast path reads
    # them through its spelling template)
    alike = _loader_doc(['{"name": "s%d", "cidr": "10.0.%d.0/24"}' % (i, i) for i in range(8)])
    a_start, a_end = alike.index("[\n"), alike.index("\n    ]") + 6
    for i in range(count):
        b = list(alike)
        for _ in range(rng.randrange(1, 3)):
            pos = rng.randrange(a_start, a_end)
            op = rng.randrange(3)
            if op == 0:
                b[pos] = rng.choice(alphabet)
            elif op == 1:
                del b[pos]
            else:
                b.insert(pos, rng.choice(alphabet))
        docs.append(("alike-edit-%03d" % i, "".join(b)))
    # edits that keep the JSON valid: characters inside strings, white space between tokens
    for i in range(count):
        b = list(base)
        for _ in range(rng.randrange(1, 4)):
            pos = rng.randrange(start, end)
            if rng.random() < 0.5 and b[pos] in " \n":
                b.insert(pos, rng.choice(" \t\r\n"))
            elif b[pos] not in '{}[]":,\\ \n\t':
                b[pos] = rng.choice("0123456789abcdefx:./-_ ")
        docs.append(("value-edit-%03d" % i, "".join(b)))
    # a larger valid list: dual-stack entries, key orders, null IPv6
    big = []
    for i in range(2000):
        parts = ['"name": "s%04d"' % i, '"cidr": "10.0.%d.%d/28"' % (i // 16, (i % 16) * 16)]
        r = rng.random()
        if r < 0.3:
            parts.append('"cidr_ipv6": "fd00:1:0:%x::/64"' % i)
        elif r < 0.4:
            parts.append('"cidr_ipv6": null')
        rng.shuffle(parts)
        big.append("{" + ", ".join(parts) + "}")
    docs.append(("large-valid", _loader_doc(big)))
    big[1500] = big[1500].replace('"cidr"', '"cidr"', 1).replace("/28", "/27", 1)
    docs.append(("large-host-bits", _loader_doc(big)))
    # duplicates far apart in a large list (the name index has grown by then), with the
    # request's name, and names that differ only in their last byte
    for at, other in ((1999, 3), (1000, 999), (1234, None)):
        dup = list(big[:1500]) + list(big[1500:])
        name = "req" if other is None else "s%04d" % other
        dup[at] = '{"name": "%s", "cidr": "10.9.0.0/28"}' % name
        docs.append(("large-dup-%d" % at, _loader_doc(dup)))
    near = ['{"name": "name-%05d", "cidr": "10.%d.%d.0/24"}' % (i, i // 256, i % 256)
            for i in range(3000)]
    docs.append(("large-near-names", _loader_doc(near)))
    near[2999] = near[2999].replace("name-02999", "name-00007")
    docs.append(("large-near-names-dup", _loader_doc(near)))
    return [(n, d.encode("utf-8")) for n, d in docs]


def write_loader_variants(outdir, seed, count):
    d = os.path.join(outdir, "loadcheck")
    os.makedirs(d, exist_ok=True)
    paths = []
    for name, data in loader_variants(seed, count):
        p = os.path.join(d, name + ".json")
        with open(p, "wb") as f:
            f.write(data)
        paths.append(p)
    return paths


def _rv_prefix4(rng, base, lo, hi):
    """A random prefix of length lo..hi inside the IPv4 prefix base."""
    net = ipaddress.ip_network(base)
    length = max(rng.randint(lo, hi), net.prefixlen)
    k = rng.randrange(0, 2 ** (length - net.prefixlen)) if length > net.prefixlen else 0
    return str(ipaddress.ip_network((int(net.network_address) + (k << (32 - length)), length)))


def _rv_prefix6(rng, lo, hi):
    length = rng.randint(lo, hi)
    a = int(ipaddress.ip_address("fd00:1234::")) + (rng.randrange(0, 2 ** 20) << (128 - 68))
    a &= ~((1 << (128 - length)) - 1)
    return str(ipaddress.ip_network((a, length)))


def rule_variants(seed, count):
    """Plans for rulecheck (tests/bench/rulecheck.c): many existing subnets that overlap,
    nest and repeat, reserved ranges equal to subnets, avoided and forbidden ranges, subnets
    outside the VNet or smaller than /29, IPv6 prefixes that are not /64, over-long names,
    requests of every kind and clusters whose pools use existing subnets. Returns
    [(name, bytes)]."""
    rng = random.Random(seed)
    out = []
    for t in range(count):
        spaces = ["10.0.0.0/16"]
        for extra, p in (("10.1.0.0/16", 0.4), ("172.30.0.0/20", 0.2), ("192.0.2.0/24", 0.1),
                         ("fd00:1234::/48", 0.3), ("8.8.0.0/16", 0.1)):
            if rng.random() < p:
                spaces.append(extra)
        pool = spaces + ["10.2.0.0/16", "169.254.0.0/16", "172.31.0.0/16", "192.0.2.0/24"]
        subnets, names = [], set()
        for i in range(rng.choice([0, 3, 20, 70, 200, 1500])):
            base = rng.choice(pool)
            cidr = _rv_prefix6(rng, 60, 70) if ":" in base else _rv_prefix4(rng, base, 16, 32)
            if subnets and rng.random() < 0.05:
                cidr = rng.choice(subnets)["cidr"]  # the same prefix twice
            name = rng.choice(["snet-%d" % i, "s%d" % i, "x" * rng.randint(60, 70) + str(i)])
            if name in names:
                name += "-d"
            names.add(name)
            s = {"name": name, "cidr": cidr}
            if ":" not in cidr and rng.random() < 0.1:
                s["cidr_ipv6"] = _rv_prefix6(rng, 62, 66)
            subnets.append(s)
        plan = {"schema_version": 1, "name": "rule-variant-%d" % t,
                "vnet": {"name": "v" * rng.choice([5, 70]), "address_space": spaces,
                         "subnets": subnets}}
        if rng.random() < 0.6:
            plan["vnet"]["reserved"] = [
                rng.choice(subnets)["cidr"] if subnets and rng.random() < 0.5
                else _rv_prefix4(rng, rng.choice(["10.0.0.0/16", "10.1.0.0/16"]), 16, 30)
                for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.5:
            plan["avoid"] = [
                rng.choice(subnets)["cidr"] if subnets and rng.random() < 0.5
                else _rv_prefix4(rng, rng.choice(["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"]),
                                 14, 28)
                for _ in range(rng.randint(1, 5))]
        reqs = []
        for i in range(rng.choice([0, 1, 5, 30])):
            r, k = {"name": "req-%d" % i}, rng.random()
            if k < 0.5:
                r["prefix_length"] = rng.randint(20, 29)
            elif k < 0.8:
                r["ips"] = rng.randint(1, 3000)
            else:
                r["cidr"] = _rv_prefix4(rng, spaces[0], 20, 29)
            if rng.random() < 0.2:
                r["ipv6"] = True
            reqs.append(r)
        if reqs:
            plan["subnet_requests"] = reqs
        clusters = []
        for i in range(rng.choice([0, 0, 1, 2])):
            c = {"name": "aks%d" % i, "kubernetes_version": rng.choice(["1.29", "1.30", "1.31"]),
                 "network_plugin": rng.choice(["azure", "kubenet", "none"]), "node_pools": []}
            if c["network_plugin"] == "azure" and rng.random() < 0.5:
                c["network_plugin_mode"] = "overlay"
            for j in range(rng.randint(1, 3)):
                p = {"name": "pool%d" % j, "count": rng.randint(1, 50),
                     "mode": "System" if j == 0 else "User"}
                if subnets and rng.random() < 0.4:
                    p["subnet"] = rng.choice(subnets)["name"]
                c["node_pools"].append(p)
            clusters.append(c)
        if clusters:
            plan["clusters"] = clusters
        plan["allocation"] = {"strategy": rng.choice(["compact", "ordered", "terraform"])}
        out.append(("rule-variant-%04d" % t, json.dumps(plan, indent=1).encode("ascii")))
    return out


def write_rule_variants(outdir, seed, count):
    d = os.path.join(outdir, "rulecheck")
    os.makedirs(d, exist_ok=True)
    paths = []
    for name, data in rule_variants(seed, count):
        p = os.path.join(d, name + ".json")
        with open(p, "wb") as f:
            f.write(data)
        paths.append(p)
    return paths
