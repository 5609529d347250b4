"""Reads one bench/run.sh results folder and prints the figures as Markdown (and writes summary.json).

python3 summarize.py RESULTS_DIR
"""
import glob
import json
import os
import statistics
import sys

WAYS = ["repro", "raw", "pytorch"]


def windows(path, way):
    """(steps, seconds) of every timing window of one run, in order."""
    if way == "repro":
        rows = [json.loads(l) for l in open(path) if '"kind":"train"' in l]
        result, previous = [], (0, 0.0)
        for r in rows:
            result.append((r["step"] - previous[0], r["elapsed_seconds"] - previous[1]))
            previous = (r["step"], r["elapsed_seconds"])
        return result
    d = json.load(open(path))
    return [(d["window_steps"], s) for s in d["window_seconds"]]


PHASES = ["data", "forward", "backward", "clip", "optimizer", "other"]


def phase_split(folder, name, way):
    """Milliseconds per step in each phase, over every run of one way (all steps, warm-up included), or None."""
    totals, steps = {p: 0.0 for p in PHASES}, 0
    pattern = f"{name}.repro.*.profile.json" if way == "repro" else f"{name}.{way}.*.windows.json"
    for path in sorted(glob.glob(os.path.join(folder, pattern))):
        d = json.load(open(path))
        for stage in ([d["train"]] if way == "repro" else [{"steps": d.get("steps"), "seconds": d.get("phase_seconds")}]):
            if not stage.get("seconds"):
                continue
            steps += stage["steps"]
            for p in PHASES:
                totals[p] += stage["seconds"].get(p, 0.0)
    return {p: 1000 * t / steps for p, t in totals.items()} if steps else None


def flops_per_step(w):
    """Matrix-multiply FLOPs of one training step (forward x 3 for forward + backward)."""
    b, n, h, f, layers, v = w["batch"], w["length"] + 2, w["hidden"], w["ffn"], w["layers"], w["vocabulary"] + 5
    t = b * n
    forward = layers * (4 * 2 * t * h * h + 2 * 2 * t * h * f + 2 * 2 * b * n * n * h)
    if w.get("pooling", "pooler") == "pooler":
        forward += 2 * b * h * h
    if w["workload"] == "mlm":
        m = w["mask_probability"] * b * w["length"]
        forward += 2 * m * h * h + 2 * m * h * v
    else:
        forward += 2 * b * h * 2
    return 3 * forward


def slope(points):
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0, mx, my


def main(folder):
    config = json.load(open(os.path.join(folder, "config.json")))
    gemm = {k: max(float(x) for x in open(os.path.join(folder, f"gemm-{k}.txt")).read().split()) for k in ["libtorch", "openblas"]}
    summary = {"gemm_gflops": gemm, "workloads": {}}
    print(f"fp32 GEMM (2048³, {config['threads']} threads, the better of the start and the end of the run): libtorch 2.10 {gemm['libtorch']:.1f} GFLOP/s, "
          f"PyTorch 1.13.1 + OpenBLAS {gemm['openblas']:.1f} GFLOP/s\n")
    optimizer_file = os.path.join(folder, "optimizer.txt")
    if os.path.exists(optimizer_file):
        per_tensor, fused = (float(x) for x in open(optimizer_file).read().split())
        summary["adamw_step_ms"] = {"torchsharp": per_tensor, "fused": fused}
        print(f"One AdamW step over all-MiniLM-L6-v2's 22.7 M parameters ({config['threads']} threads, median of 5 alternating rounds): "
              f"TorchSharp's per-tensor optim.AdamW {per_tensor:.1f} ms, Repro's fused AdamW {fused:.1f} ms ({per_tensor / fused:.2f}x)\n")
    print("| workload | way | steps/s | examples/s | time to first step (s) | peak RSS (MiB) | GFLOP/step | utilization | windows |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, w in config["workloads"].items():
        fl = flops_per_step(w)
        figures = {}
        for way in WAYS:
            rates, launches = [], []
            for path in sorted(glob.glob(os.path.join(folder, f"{name}.{way}.*.windows*"))):
                ws = windows(path, way)[config["warmup_windows"]:]
                rates += [steps / seconds for steps, seconds in ws if steps == w["window"]]
            for path in sorted(glob.glob(os.path.join(folder, f"{name}.{way}.*.launch.json"))):
                launches.append(json.load(open(path)))
            if not rates:
                continue
            first = [l["first_step_seconds"] for l in launches if l["first_step_seconds"] is not None]
            start_file = os.path.join(folder, f"{name}.repro.start.launch.json")
            if way == "repro" and os.path.exists(start_file):
                first = [json.load(open(start_file))["first_step_seconds"]]
            sps = statistics.median(rates)
            gf = gemm["openblas" if way == "pytorch" else "libtorch"]
            figures[way] = {"steps_per_second": sps, "examples_per_second": sps * w["batch"], "windows": len(rates),
                            "first_step_seconds": statistics.median(first) if first else None,
                            "peak_rss_mib": max(l["peak_rss_mib"] for l in launches), "utilization": fl * sps / 1e9 / gf}
            f = figures[way]
            print(f"| {name} | {way} | {sps:.3f} | {f['examples_per_second']:.1f} | "
                  f"{f['first_step_seconds']:.2f} | {f['peak_rss_mib']:.0f} | {fl / 1e9:.1f} | {100 * f['utilization']:.0f}% | {len(rates)} |")
        summary["workloads"][name] = {"gflop_per_step": fl / 1e9, "ways": figures}
    print("\n| workload | repro / raw | repro / PyTorch |\n|---|---:|---:|")
    for name, s in summary["workloads"].items():
        ways = s["ways"]
        ratio = lambda other: ways["repro"]["steps_per_second"] / ways[other]["steps_per_second"] if "repro" in ways and other in ways else float("nan")
        s["repro_over_raw"], s["repro_over_pytorch"] = ratio("raw"), ratio("pytorch")
        print(f"| {name} | {s['repro_over_raw']:.3f} | {s['repro_over_pytorch']:.3f} |")

    splits = {(name, way): phase_split(folder, name, way) for name in config["workloads"] for way in WAYS}
    if any(splits.values()):
        print("\nStep split, ms per step (all steps of every run of a way; `repro run --profile`, the raw loop's and train.py's own marks):\n")
        print("| workload | way | " + " | ".join(PHASES) + " | total |\n|---|---|" + "---:|" * (len(PHASES) + 1))
        for (name, way), split in splits.items():
            if split:
                summary["workloads"].setdefault(name, {})["split_ms"] = {**summary["workloads"].get(name, {}).get("split_ms", {}), way: split}
                print(f"| {name} | {way} | " + " | ".join(f"{split[p]:.1f}" for p in PHASES) + f" | {sum(split.values()):.1f} |")

    memory = os.path.join(folder, "memory.tsv")
    if os.path.exists(memory):
        rows = [tuple(int(x) for x in l.split()) for l in open(memory) if l.strip()]
        after = [r for r in rows if r[0] > config["memory_warmup_steps"]]
        k, mx, my = slope([(s, rss) for s, rss, _ in after])
        span = after[-1][0] - after[0][0]
        growth = k * span / (my - k * (mx - after[0][0]))
        live = sorted({t for _, _, t in after})
        summary["memory"] = {"steps": rows[-1][0], "samples": len(after), "rss_slope_bytes_per_1000_steps": k * 1000,
                             "rss_growth_fraction": growth, "rss_first_mib": after[0][1] / 2**20, "rss_last_mib": after[-1][1] / 2**20,
                             "live_tensors": live}
        print(f"\nMemory ({rows[-1][0]} steps, {len(after)} samples after step {config['memory_warmup_steps']}): "
              f"RSS {after[0][1] / 2**20:.1f} → {after[-1][1] / 2**20:.1f} MiB, slope {k * 1000 / 1024:.1f} KiB per 1,000 steps, "
              f"fitted growth {100 * growth:.2f}% over {span} steps; live tensors {live[0]}–{live[-1]}")

    startup = os.path.join(folder, "startup.json")
    if os.path.exists(startup):
        st = json.load(open(startup))
        summary["startup"] = st
        print("\n| command | median wall (s) | runs |\n|---|---:|---:|")
        for cmd, times in st.items():
            print(f"| `{cmd}` | {statistics.median(times):.3f} | {len(times)} |")
    loads = [float(l.split()[0]) for l in open(os.path.join(folder, "loadavg.txt"))]
    summary["load_average"] = {"min": min(loads), "median": statistics.median(loads), "max": max(loads)}
    print(f"\n1-minute load average while measuring ({len(loads)} samples): min {min(loads):.2f}, median {statistics.median(loads):.2f}, max {max(loads):.2f}")
    json.dump(summary, open(os.path.join(folder, "summary.json"), "w"), indent=2)


if __name__ == "__main__":
    main(sys.argv[1])
