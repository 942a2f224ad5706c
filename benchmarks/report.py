#!/usr/bin/env python3
"""Turns the JMH JSON files of one benchmarks/run.sh run into an AsciiDoc table of ratios against the raw JVM.
   report.py <results dir> <java -version line>"""
import json, os, platform, subprocess, sys, datetime

out, jdk = sys.argv[1], sys.argv[2]

def load(name):
    path = os.path.join(out, name + ".json")
    return json.load(open(path)) if os.path.exists(path) else []

def find(results, method, **params):
    for r in results:
        if r["benchmark"].endswith("." + method) and all(r.get("params", {}).get(k) == v for k, v in params.items()):
            return r
    return None

def quantile_of(pairs, q):
    """q-quantile of (value, count) pairs."""
    pairs = sorted(pairs)
    total = sum(c for _, c in pairs)
    seen = 0
    for value, count in pairs:
        seen += count
        if seen >= q * total:
            return value
    return pairs[-1][0]

def quantile(r, q):
    """q-quantile of a SampleTime result, from its raw histogram (all forks and iterations)."""
    return quantile_of([p for fork in r["primaryMetric"]["rawDataHistogram"] for it in fork for p in it], q)

def n_samples(r):
    return sum(c for fork in r["primaryMetric"]["rawDataHistogram"] for it in fork for _, c in it)

def fmt(v):
    return f"{v:,.3g}" if v < 100 else f"{v:,.0f}"

def fork_medians(r):
    """The median of each fork (each a JVM run of its own), for the spread over runs."""
    return [quantile_of([p for it in fork for p in it], 0.5) for fork in r["primaryMetric"]["rawDataHistogram"]]

def runs(values, unit):
    return "" if len(values) < 2 else f"; run medians {', '.join(fmt(v) for v in values)} {unit}"

def sample_row(label, r, base, unit, target):
    p50, p25, p75, p99 = (quantile(r, q) for q in (0.5, 0.25, 0.75, 0.99))
    ratio = "" if base is None else f"*{p50 / quantile(base, 0.5):.2f}x*"
    return (f"|{label} |{ratio} |{fmt(p50)} {unit} |{fmt(p25)}–{fmt(p75)} {unit}; p99 {fmt(p99)} {unit}{runs(fork_medians(r), unit)} "
            f"|{n_samples(r):,} |{target}")

rows = []
submit = load("submit")
raw = find(submit, "rawVirtualThreadExecutor")
mod = find(submit, "modulets")
if raw and mod:
    rows.append(sample_row("Submit-to-result, trivial job: `newVirtualThreadPerTaskExecutor().submit().get()`", raw, None, "µs", "baseline"))
    rows.append(sample_row("Submit-to-result, trivial job: `runtime.submit(spec).result().await()`", mod, raw, "µs", "≤ 1.25x"))

tp = load("throughput")
raw = find(tp, "rawVirtualThreadExecutor")
mod = find(tp, "modulets")
if raw and mod:
    batch = int(mod["params"]["batch"])
    def median(values):
        values = sorted(values)
        n = len(values)
        return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
    def tp_row(label, r, base, target):
        its = sorted(x * batch for fork in r["primaryMetric"]["rawData"] for x in fork)
        med = median(its)
        ratio = "" if base is None else f"*{med / median(x * batch for f in base['primaryMetric']['rawData'] for x in f):.2f}x*"
        forks = [median(x * batch for x in fork) for fork in r["primaryMetric"]["rawData"]]
        return (f"|{label} |{ratio} |{fmt(med)} jobs/s |{fmt(its[0])}–{fmt(its[-1])} jobs/s over {len(its)} iterations{runs(forks, 'jobs/s')} "
                f"|{len(its)} iter. |{target}")
    inflight = 8 * batch
    rows.append(tp_row(f"Throughput, 8 submitters, {inflight:,} in flight: virtual-thread executor", raw, None, "baseline"))
    rows.append(tp_row(f"Throughput, 8 submitters, {inflight:,} in flight: Modulets jobs", mod, raw, "≥ 0.8x"))

deploy = load("deploy")
raw = find(deploy, "rawWatchService")
mod = find(deploy, "modulets", delivery="events")
rescan = find(load("deploy-rescan"), "modulets", delivery="rescanOnly")
if raw:
    rows.append(sample_row("Jar renamed into the folder → `ENTRY_CREATE` taken from a bare `WatchService`", raw, None, "ms", "baseline"))
if mod:
    rows.append(sample_row("Jar renamed into the folder → first job bound to the new version (events + 1 s rescan, the default)", mod, raw, "ms", "p50 ≤ 5 ms, p99 ≤ 25 ms"))
pf = find(deploy, "pf4j")
if pf:
    rows.append(sample_row("Jar renamed into a pf4j plugins folder → `unloadPlugin` (old version), `loadPlugin(path)`, `startPlugin`, first call "
                           "(synchronous on a path handed to it; pf4j does not watch the folder)", pf, None, "ms", "comparison"))
if pf and mod:
    rows.append(f"|  ... Modulets (events, found by watching) against pf4j (handed the path) |*{quantile(mod, 0.5) / quantile(pf, 0.5):.2f}x* | "
                f"|p99: *{quantile(mod, 0.99) / quantile(pf, 0.99):.2f}x* | |")
if rescan:
    rows.append(sample_row("Same, no filesystem events reach the runtime (1 s rescan alone)", rescan, None, "ms", "reference: ≈ 500 ms p50, ≈ 1 s p99 expected"))

fc = load("firstcall")
app = find(fc, "urlClassLoaderAppParent")
plat = find(fc, "urlClassLoaderPlatformParent")
mod = find(fc, "modulets")
if app and mod:
    classes = mod["params"]["classes"]
    rows.append(sample_row(f"First call, {classes}-class module: plain `URLClassLoader`, parent = application loader", app, None, "ms", "baseline"))
    if plat:
        rows.append(sample_row(f"First call, {classes}-class module: plain `URLClassLoader`, parent = JDK platform loader", plat, app, "ms", ""))
    rows.append(sample_row(f"First call, {classes}-class module: fresh Modulets namespace", mod, app, "ms", "≤ 1.0x"))
    if plat:
        rows.append(f"|  ... the same against the platform-parent `URLClassLoader` |*{quantile(mod, 0.5) / quantile(plat, 0.5):.2f}x* | | | |")

memory = os.path.join(out, "memory.json")
if os.path.exists(memory):
    m = json.load(open(memory))
    def mem_row(label, d, base, per, target):
        per_job = (d["metaspaceAfter"] - d["metaspaceBefore"]) / m["jobs"]
        ratio = "" if base is None else f"*{per_job * m['jobs'] / (base['metaspaceAfter'] - base['metaspaceBefore']):.2f}x*"
        return (f"|{label} |{ratio} |{per_job / 1024:,.0f} KiB per {per} |metaspace +{(d['metaspaceAfter'] - d['metaspaceBefore']) / 1048576:.1f} MiB, "
                f"+{d['classesAfter'] - d['classesBefore']:,} loaded classes for {m['jobs']} jobs (after GC) |1 run |{target}")
    what = f"{m['modules']} modules of {m['classesPerModule']} classes, one updated {m['updates']} times, a job of every version running"
    rows.append(mem_row(f"Metaspace, {what}: one private `URLClassLoader` per module and job", m["privateCopies"], None, "job", "baseline"))
    rows.append(mem_row(f"Metaspace, {what}: Modulets, one namespace per version ({m['modulets']['liveNamespaces']} live)",
                        m["modulets"], m["privateCopies"], "namespace", ""))

mem = subprocess.run(["awk", "/MemTotal/ {printf \"%.1f GiB\", $2/1048576}", "/proc/meminfo"], capture_output=True, text=True).stdout
cpu = ""
try:
    cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
except (OSError, StopIteration):
    pass
load_before = open(os.path.join(out, "load-before.txt")).read().strip().split("load average:")[-1].strip()
load_after = open(os.path.join(out, "load-after.txt")).read().strip().split("load average:")[-1].strip()
commit_file = os.path.join(out, "commit.txt")  # written by run.sh before it measures
commit = (open(commit_file).read().strip() if os.path.exists(commit_file)
          else subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip())

print(f"Measured {datetime.date.today().isoformat()} on {os.cpu_count()} CPUs ({cpu}), {mem} memory, {platform.system()} "
      f"{platform.release()}; {jdk}; commit {commit}; load average {load_before} before, {load_after} after.")
print("Each ratio is Modulets' median over the baseline's median, measured in the same run (lower is better for times, higher for throughput).")
print("Spread: the interquartile range and p99 of every sample (SampleTime), or the range of iteration scores (throughput), "
      "over all runs; then the median of each run (JMH fork: a JVM of its own) where there are several.")
print()
print('[cols="5,1,2,4,1,2",options="header"]')
print("|===")
print("|Benchmark |Ratio |Median |Spread |Samples |Target")
for row in rows:
    print(row)
print("|===")
churn = os.path.join(out, "churn.txt")
if os.path.exists(churn):
    print()
    print(open(churn).read().strip())
leaky = os.path.join(out, "churn-leaky.txt")
if os.path.exists(leaky):
    print()
    print(open(leaky).read().strip())
