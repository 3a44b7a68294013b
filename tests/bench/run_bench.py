#!/usr/bin/python3
"""libaksnet benchmark driver (docs/performance.md).

Generates the inputs once from a fixed seed into --workdir, runs the C program
(aksnet_bench, the public API) and the Python peers (ipaddress, netaddr) on the same files,
checks that every side gives the same answer, and prints one table: workload, libaksnet
median, peer or floor median, ratio, target, met. Exit status 1 when any answer disagrees (or
a side fails); targets that are missed are reported, never an error (timings are never
asserted). Run through the build: `cmake --build <dir> --target bench` (full sizes) or
`--target bench_smoke` (small sizes, the CI check).
"""

import argparse
import gc
import glob
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench_inputs  # noqa: E402
import bench_peers  # noqa: E402

SEED = 20250601

SIZES = {
    "full": {"w1": 1000000, "w2": 200000, "w3_n": [1000, 3000, 10000, 30000, 100000],
             "w3_requests": 5000, "w5": 100000, "w5_requests": 100},
    "smoke": {"w1": 20000, "w2": 5000, "w3_n": [100, 1000], "w3_requests": 300, "w5": 2000,
              "w5_requests": 50},
}

REPS = {
    "full": {"c": 7, "w1_py": 3, "w2_py": 3, "w3_c": 15, "w4": 20, "w5_py": 5,
             "w3_budget": 20.0, "loader_variants": 400, "rule_variants": 300},
    "smoke": {"c": 1, "w1_py": 1, "w2_py": 1, "w3_c": 1, "w4": 1, "w5_py": 1,
              "w3_budget": None, "loader_variants": 150, "rule_variants": 120},
}


class Bench:
    def __init__(self, args):
        self.args = args
        self.size = SIZES[args.size]
        self.reps = REPS[args.size]
        self.rows = []  # table rows
        self.raw = {}  # everything measured, for --json
        self.disagreements = []
        self.smoke = args.size == "smoke"

    # ---- helpers --------------------------------------------------------------------------

    def run_c(self, *argv, program=None):
        cmd = [program or self.args.bench] + [str(a) for a in argv]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise SystemExit("%s %s failed (%d): %s" % (os.path.basename(cmd[0]), argv[0],
                                                        p.returncode, p.stderr.strip()))
        return json.loads(p.stdout)

    def agree(self, what, ok, detail=""):
        status = "agree" if ok else "DISAGREE"
        print("  %-58s %s%s" % (what, status, (" (" + detail + ")") if detail and not ok else ""),
              flush=True)
        if not ok:
            self.disagreements.append(what + (": " + detail if detail else ""))

    @staticmethod
    def timeit(fn, reps, *a):
        """CPU seconds of fn(*a) for each of reps runs (GC collected before each, left on)."""
        times = []
        result = None
        for _ in range(reps):
            gc.collect()
            t0 = time.process_time()
            result = fn(*a)
            times.append(time.process_time() - t0)
        return times, result

    def row(self, workload, ours, peer_name, peer, ratio, target, met, note=""):
        self.rows.append({"workload": workload, "ours": ours, "peer_name": peer_name,
                          "peer": peer, "ratio": ratio, "target": target,
                          "met": None if self.smoke else met, "note": note})

    @staticmethod
    def first_diff(a, b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return "line %d: %r vs %r" % (i + 1, x, y)
        if len(a) != len(b):
            return "%d vs %d lines" % (len(a), len(b))
        return ""

    @staticmethod
    def read_lines(path):
        with open(path, encoding="ascii") as f:
            return f.read().splitlines()

    # ---- W1 --------------------------------------------------------------------------------

    def w1(self, paths):
        print("W1 parse+format: %d CIDR strings" % self.size["w1"], flush=True)
        wd = self.args.workdir
        out_a, out_f = os.path.join(wd, "w1_aksnet.out"), os.path.join(wd, "w1_floor.out")
        c = self.run_c("w1", paths["w1"], self.reps["c"], out_a, out_f)
        lines = self.read_lines(paths["w1"])
        py_t, py_out = self.timeit(bench_peers.w1_ipaddress, self.reps["w1_py"], lines)
        a_out, f_out = self.read_lines(out_a), self.read_lines(out_f)
        self.agree("W1 libaksnet == ipaddress (canonical text, every line)", a_out == py_out,
                   self.first_diff(a_out, py_out))
        self.agree("W1 inet_pton/inet_ntop floor == ipaddress", f_out == py_out,
                   self.first_diff(f_out, py_out))
        ours, floor, py = (statistics.median(c["aksnet"]), statistics.median(c["floor"]),
                           statistics.median(py_t))
        n = c["count"]
        self.raw["w1"] = {"c": c, "ipaddress": py_t}
        self.row("W1 parse+format %s" % fmt_count(n), fmt_time(ours), "ipaddress",
                 fmt_time(py), py / ours, ">= 50x faster", py / ours >= 50,
                 "%.0f ns/CIDR vs %.0f ns" % (ours / n * 1e9, py / n * 1e9))
        self.row("", "", "inet_pton floor", fmt_time(floor), ours / floor,
                 "<= 1.5x floor", ours / floor <= 1.5,
                 "%.0f ns/CIDR floor" % (floor / n * 1e9), )

    # ---- W2 --------------------------------------------------------------------------------

    def w2(self, paths):
        print("W2 audit: %d prefixes" % self.size["w2"], flush=True)
        out = os.path.join(self.args.workdir, "w2_aksnet.out")
        c = self.run_c("w2", paths["w2"], self.reps["c"], out)
        lines = self.read_lines(paths["w2"])
        c_norm = self.read_lines(out)
        na_t, (na_norm, na_pairs) = self.timeit(bench_peers.w2_netaddr, self.reps["w2_py"], lines)
        sw_t, (sw_norm, sw_pairs) = self.timeit(bench_peers.w2_sweep, self.reps["w2_py"], lines)
        na_text = [str(n) for n in na_norm]
        sw_text = [bench_peers.cidr_text(*t) for t in sw_norm]
        self.agree("W2 overlapping pairs: libaksnet == netaddr sweep == ipaddress sweep",
                   c["pairs"] == na_pairs == sw_pairs,
                   "%d, %d, %d" % (c["pairs"], na_pairs, sw_pairs))
        self.agree("W2 normalised list: libaksnet == netaddr IPSet.iter_cidrs()",
                   c_norm == na_text, self.first_diff(c_norm, na_text))
        self.agree("W2 normalised list: libaksnet == ipaddress sweep", c_norm == sw_text,
                   self.first_diff(c_norm, sw_text))
        ours = statistics.median(c["aksnet"])
        na, sw = statistics.median(na_t), statistics.median(sw_t)
        best = min(na, sw)
        self.raw["w2"] = {"c": c, "netaddr": na_t, "sweep": sw_t}
        n = c["count"]
        self.row("W2 audit %s (%s pairs, %s out)" % (fmt_count(n), fmt_count(c["pairs"]),
                                                     fmt_count(c["normalized"])),
                 fmt_time(ours), "netaddr IPSet", fmt_time(na), na / ours, "", None)
        self.row("", "", "ipaddress sweep", fmt_time(sw), sw / ours,
                 ">= 30x best peer", best / ours >= 30,
                 "best peer %.0fx" % (best / ours))
        self.row("  normalise only (parsed input)", fmt_time(statistics.median(
            c["aksnet_normalize_only"])), "", "", None, "", None, "info")

    # ---- W3 --------------------------------------------------------------------------------

    def w3(self, paths):
        reqs = [int(x) for x in self.read_lines(paths["w3_requests"])]
        print("W3 allocation: /8 VNet, N existing, %d requests /22../28 (ordered)" % len(reqs),
              flush=True)
        curve = []
        per_alloc_1k = None
        for n in self.size["w3_n"]:
            existing_path = paths["w3_existing_%d" % n]
            out = os.path.join(self.args.workdir, "w3_aksnet_%d.out" % n)
            c = self.run_c("w3", existing_path, paths["w3_requests"], self.reps["w3_c"], out)
            c_lines = [l.split(" ", 1)[1] for l in self.read_lines(out)]
            existing = self.read_lines(existing_path)
            gc.collect()
            na_out, na_setup, na_alloc = bench_peers.w3_netaddr(
                bench_inputs.VNET, existing, reqs, self.reps["w3_budget"])
            k = len(na_out)
            self.agree("W3 N=%d: libaksnet == netaddr first-fit (first %d placements)" % (n, k),
                       c_lines[:k] == na_out, self.first_diff(c_lines[:k], na_out))
            fl_out, fl_setup, fl_alloc = bench_peers.w3_freelist(bench_inputs.VNET, existing,
                                                                 reqs)
            self.agree("W3 N=%d: libaksnet == Python sorted free list (all %d)" % (n, len(reqs)),
                       c_lines == fl_out, self.first_diff(c_lines, fl_out))
            tree = self.run_c(existing_path, paths["w3_requests"], self.reps["w3_c"],
                              program=self.args.tree_bench)
            tree_per = statistics.median(tree["take"]) / len(reqs)
            diffs = [b - a for a, b in zip(c["allocate_baseline"], c["allocate"])]
            # 1 ns floor: at smoke sizes the difference can drown in noise
            ours = max(statistics.median(diffs) / len(reqs), 1e-9)
            na = na_alloc / k
            fl = fl_alloc / len(reqs)
            if per_alloc_1k is None:
                per_alloc_1k = ours
            curve.append({"n": n, "aksnet_per_alloc": ours, "netaddr_per_alloc": na,
                          "netaddr_requests": k, "freelist_per_alloc": fl,
                          "allocate_median": statistics.median(c["allocate"]),
                          "baseline_median": statistics.median(c["allocate_baseline"]),
                          "build_s": c["build_s"], "netaddr_setup": na_setup,
                          "freelist_setup": fl_setup, "placed": c["placed"],
                          "tree_per_take": tree_per, "free_ranges": tree["free_ranges"]})
            self.row("W3 alloc, N=%s existing" % fmt_count(n), fmt_time(ours) + "/alloc",
                     "netaddr first-fit", fmt_time(na) + "/alloc", na / ours, ">= 100x faster",
                     na / ours >= 100,
                     "netaddr timed on %d requests" % k if k < len(reqs) else "")
            self.row("", "", "Python free list", fmt_time(fl) + "/alloc", fl / ours, "", None,
                     "info")
            self.row("  free treap alone (internal)", fmt_time(tree_per) + "/take", "", "", None,
                     "", None, "info: %s free ranges" % fmt_count(tree["free_ranges"]))
        last = curve[-1]["aksnet_per_alloc"]
        self.row("W3 scaling N=%s vs N=%s" % (fmt_count(self.size["w3_n"][-1]),
                                              fmt_count(self.size["w3_n"][0])),
                 "%.2fx" % (last / per_alloc_1k), "", "", None, "<= 3x", last / per_alloc_1k <= 3,
                 "treap alone %.2fx" % (curve[-1]["tree_per_take"] / curve[0]["tree_per_take"]))
        self.raw["w3"] = curve

    # ---- W4 --------------------------------------------------------------------------------

    def w4(self):
        files = sorted(glob.glob(os.path.join(self.args.examples, "*.json")))
        print("W4 end to end: aksnet plan on %d example plans" % len(files), flush=True)
        c = self.run_c("w4", self.args.cli, self.reps["w4"], *files)
        runs = c["runs"]
        version = runs[0]
        v_med = statistics.median(version["cpu"])
        v_wall = statistics.median(version["wall"])
        self.agree("W4 aksnet --version exits 0", version["status"] == 0,
                   "status %d" % version["status"])
        self.row("W4 aksnet --version (start-up)", fmt_time(v_med), "", "", None, "", None,
                 "peak RSS %.1f MiB; wall %s" % (version["maxrss_kib"] / 1024, fmt_time(v_wall)))
        for r in runs[1:]:
            med = statistics.median(r["cpu"])
            name = os.path.basename(r["label"])
            self.agree("W4 aksnet plan %s runs (exit 0 or 1)" % name, r["status"] in (0, 1),
                       "status %d" % r["status"])
            rss = r["maxrss_kib"] / 1024
            self.row("W4 plan %s" % name.replace(".json", ""), fmt_time(med), "--version",
                     fmt_time(v_med), med / v_med, "< 2x --version; RSS < 10 MiB",
                     med / v_med < 2 and rss < 10, "peak RSS %.1f MiB; wall %s" % (
                         rss, fmt_time(statistics.median(r["wall"]))))
        self.raw["w4"] = c

    # ---- W5 --------------------------------------------------------------------------------

    def w5(self, paths):
        print("W5 load: plan JSON with %d existing subnets, %d requests" %
              (self.size["w5"], self.size["w5_requests"]), flush=True)
        out = os.path.join(self.args.workdir, "w5_aksnet.out")
        c = self.run_c("w5", paths["w5"], self.reps["c"], out)
        mem = self.run_c("w5mem", paths["w5"])
        with open(paths["w5"], encoding="utf-8") as f:
            text = f.read()
        py_t, loaded = self.timeit(bench_peers.w5_load, self.reps["w5_py"], text)
        py_place = bench_peers.w5_placements(loaded)
        c_place = self.read_lines(out)
        self.agree("W5 subnet count: libaksnet == json+ipaddress",
                   c["existing"] == len(loaded[1]) == mem["existing"],
                   "%d vs %d" % (c["existing"], len(loaded[1])))
        self.agree("W5 %d placements: libaksnet == Python free list" % len(py_place),
                   c_place == py_place, self.first_diff(c_place, py_place))
        docs = bench_inputs.write_loader_variants(self.args.workdir, SEED,
                                                  self.reps["loader_variants"])
        docs.append(paths["w5"])
        p = subprocess.run([self.args.loadcheck] + docs, capture_output=True, text=True)
        lc = json.loads(p.stdout) if p.stdout.startswith("{") else {}
        self.agree("W5 loader fast path == jansson tree path (%d documents)" % len(docs),
                   p.returncode == 0 and lc.get("differences") == 0,
                   p.stderr.strip()[-500:])
        self.raw["loadcheck"] = lc
        # the rules' shortcuts for large plans (one scan, radix-sorted overlap sweep) against
        # the rules without them, on generated plans, the example plans and the W5 document
        plans = bench_inputs.write_rule_variants(self.args.workdir, SEED,
                                                 self.reps["rule_variants"])
        plans += sorted(glob.glob(os.path.join(self.args.examples, "*.json")))
        plans.append(paths["w5"])
        p = subprocess.run([self.args.rulecheck] + plans, capture_output=True, text=True)
        rc = json.loads(p.stdout) if p.stdout.startswith("{") else {}
        self.agree("W5 rules with shortcuts == rules without (%d plans, %s diagnostics)" % (
                   len(plans), fmt_count(rc.get("diagnostics", 0))),
                   p.returncode == 0 and rc.get("differences") == 0 and
                   rc.get("sort_differences") == 0, p.stderr.strip()[-500:])
        self.raw["rulecheck"] = rc
        ours = statistics.median(c["total"])
        py = statistics.median(py_t)
        prefixes = mem["existing"] + 1  # the subnets and the address space
        per_prefix = mem["plan_retained"] / prefixes
        beyond_text = (mem["plan_retained"] - mem["name_bytes"]) / prefixes
        self.raw["w5"] = {"c": c, "mem": mem, "python_load": py_t}
        self.row("W5 load+validate+allocate %s" % fmt_count(c["existing"]), fmt_time(ours),
                 "json+ipaddress load", fmt_time(py), py / ours, ">= 20x faster", py / ours >= 20,
                 "load %s, allocate %s" % (fmt_time(statistics.median(c["load"])),
                                           fmt_time(statistics.median(c["allocate"]))))
        self.row("W5 heap per stored prefix", "%.1f B" % beyond_text, "", "", None,
                 "< 40 B beyond text", beyond_text < 40,
                 "%.1f B with names; jansson peak %s; load peak RSS %.1f MiB" % (
                     per_prefix, fmt_bytes(mem["jansson_peak"]),
                     mem["peak_rss_load_kib"] / 1024))

    # ---- report ------------------------------------------------------------------------------

    def table(self):
        head = ("workload", "libaksnet", "peer / floor", "median", "ratio", "target", "met")
        rows = []
        for r in self.rows:
            met = "-" if r["met"] is None else ("yes" if r["met"] else "NO")
            ratio = "" if r["ratio"] is None else "%.1fx" % r["ratio"]
            rows.append((r["workload"], r["ours"], r["peer_name"], r["peer"], ratio,
                         r["target"], met, r["note"]))
        widths = [max(len(h), *(len(x[i]) for x in rows)) for i, h in enumerate(head)]
        lines = ["  ".join(h.ljust(w) for h, w in zip(head, widths))]
        lines.append("  ".join("-" * w for w in widths))
        for x in rows:
            lines.append("  ".join(v.ljust(w) for v, w in zip(x, widths)) + "  " + x[7])
        return "\n".join(l.rstrip() for l in lines)

    def markdown(self):
        out = ["| workload | libaksnet | peer / floor | median | ratio | target | met | notes |",
               "|---|---:|---|---:|---:|---|---|---|"]
        for r in self.rows:
            met = "" if r["met"] is None else ("yes" if r["met"] else "**no**")
            ratio = "" if r["ratio"] is None else "%.1fx" % r["ratio"]
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                r["workload"], r["ours"], r["peer_name"], r["peer"], ratio, r["target"], met,
                r["note"]))
        return "\n".join(out)

    def curve(self):
        if "w3" not in self.raw:
            return ""
        out = ["| N existing | libaksnet µs/alloc | treap alone µs/take | netaddr µs/alloc | "
               "ratio | Python free list µs/alloc |",
               "|---:|---:|---:|---:|---:|---:|"]
        for p in self.raw["w3"]:
            out.append("| %s | %.2f | %.2f | %.0f | %.0fx | %.1f |" % (
                fmt_count(p["n"]), p["aksnet_per_alloc"] * 1e6, p["tree_per_take"] * 1e6,
                p["netaddr_per_alloc"] * 1e6, p["netaddr_per_alloc"] / p["aksnet_per_alloc"],
                p["freelist_per_alloc"] * 1e6))
        top = max(p["aksnet_per_alloc"] for p in self.raw["w3"])
        out.append("")
        out.append("```")
        for p in self.raw["w3"]:
            out.append("N=%-8s %s %.2f µs" % (fmt_count(p["n"]),
                                              "#" * max(1, round(40 * p["aksnet_per_alloc"] / top)),
                                              p["aksnet_per_alloc"] * 1e6))
        out.append("```")
        return "\n".join(out)


def fmt_time(s):
    if s >= 1:
        return "%.2f s" % s
    if s >= 1e-3:
        return "%.2f ms" % (s * 1e3)
    if s >= 1e-6:
        return "%.2f µs" % (s * 1e6)
    return "%.0f ns" % (s * 1e9)


def fmt_bytes(n):
    if n >= 2**20:
        return "%.1f MiB" % (n / 2**20)
    return "%.0f KiB" % (n / 2**10)


def fmt_count(n):
    if n >= 1000000 and n % 1000000 == 0:
        return "%dM" % (n // 1000000)
    if n >= 1000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return "{:,}".format(n)


def machine(args):
    model = "unknown"
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for l in out.splitlines():
            if l.startswith("Model name:"):
                model = l.split(":", 1)[1].strip()
    except OSError:
        pass
    libc = os.confstr("CS_GNU_LIBC_VERSION") if hasattr(os, "confstr") else ""
    return {"cpu": model, "cpus": os.cpu_count(), "os": "%s %s" % (platform.system(),
                                                                    platform.release()),
            "compiler": args.compiler, "build_type": args.build_type,
            "python": platform.python_version(), "libc": libc,
            "netaddr": bench_peers.versions()["netaddr"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bench", required=True, help="the aksnet_bench executable")
    ap.add_argument("--loadcheck", required=True, help="the aksnet_loadcheck executable")
    ap.add_argument("--rulecheck", required=True, help="the aksnet_rulecheck executable")
    ap.add_argument("--tree-bench", required=True, help="the aksnet_tree_bench executable")
    ap.add_argument("--cli", required=True, help="the aksnet executable")
    ap.add_argument("--examples", required=True, help="docs/examples")
    ap.add_argument("--size", choices=sorted(SIZES), default="smoke")
    ap.add_argument("--workdir", required=True, help="where inputs and outputs go")
    ap.add_argument("--only", default="w1,w2,w3,w4,w5", help="comma-separated workloads")
    ap.add_argument("--json", help="write every raw measurement here")
    ap.add_argument("--markdown", help="write the table and the W3 curve as markdown here")
    ap.add_argument("--build-type", default="")
    ap.add_argument("--compiler", default="")
    args = ap.parse_args()

    if bench_peers.netaddr is None:
        print("run_bench: netaddr is not importable by %s (install python3-netaddr)"
              % sys.executable, file=sys.stderr)
        return 1
    m = machine(args)
    print("machine: %s, %s CPUs, %s, %s; %s build; Python %s, netaddr %s"
          % (m["cpu"], m["cpus"], m["os"], m["libc"], (m["compiler"] + " " + m["build_type"])
             .strip(), m["python"], m["netaddr"]), flush=True)
    if args.size == "smoke":
        print("smoke run: small sizes, agreement only (timings are not meaningful here)")
    b = Bench(args)
    t0 = time.perf_counter()
    paths = bench_inputs.write_inputs(args.workdir, b.size, SEED)
    print("inputs: %s (seed %d, %.1f s)" % (args.workdir, SEED, time.perf_counter() - t0),
          flush=True)
    only = set(args.only.split(","))
    if "w1" in only:
        b.w1(paths)
    if "w2" in only:
        b.w2(paths)
    if "w3" in only:
        b.w3(paths)
    if "w4" in only:
        b.w4()
    if "w5" in only:
        b.w5(paths)
    print()
    print(b.table())
    if "w3" in b.raw:
        print()
        print("W3 scaling (time per allocation):")
        print(b.curve())
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"machine": m, "size": args.size, "seed": SEED, "rows": b.rows,
                       "raw": b.raw}, f, indent=1)
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(b.markdown() + "\n\n" + b.curve() + "\n")
    print()
    if b.disagreements:
        print("FAILED: %d disagreement(s):" % len(b.disagreements))
        for d in b.disagreements:
            print("  " + d)
        return 1
    print("all answers agree with the peers (%.0f s)" % (time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
