#!/usr/bin/env python3
"""PyTorch CPU timing baseline for the Java port.

Times the reference forward pass of scripts/make_fixtures.py (random weights with the exact
ViT-S/8 shape: D 384, 12 blocks, 6 heads, pos grid 28) on one 224x224 image at stride 8 and 4:

  * full pass      : patch embed + pos interpolation + all 12 blocks + final norm (what the
                     reference extractor does for any layer), capturing layer 11 and 9 keys;
  * L11 key        : stop once block 11's key is computed (blocks 0-10 + norm1/qkv of block 11);
  * L9 key, qkv    : early exit once block 9's key is computed (blocks 0-8 + norm1/qkv of block 9);
  * L9 key, block  : early exit after the whole of block 9 (blocks 0-9).

Usage: /usr/bin/python3 scripts/bench_pytorch.py --threads 2 --json /tmp/bench.json
"""
import argparse
import json
import os
import platform
import resource
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_fixtures as mf  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--strides", default="8,4")
    ap.add_argument("--json", help="write the results as JSON to this path")
    a = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(a.threads)
    cfg = mf.VITS8
    sd = mf.make_weights(cfg)
    img = mf.load_input_image(mf.chelsea().crop((75, 0, 375, 300)).resize((224, 224), mf.Image.LANCZOS))

    variants = [
        ("full pass (12 blocks + norm)", dict(capture={9, 11})),
        ("L11 key (stop at qkv of block 11)", dict(capture={11}, stop_layer=11, stop_at="qkv")),
        ("L9 key, early exit at qkv of block 9", dict(capture={9}, stop_layer=9, stop_at="qkv")),
        ("L9 key, early exit after block 9", dict(capture={9}, stop_layer=9, stop_at="block")),
    ]
    results = []
    with torch.inference_mode():
        for stride in [int(s) for s in a.strides.split(",")]:
            rows, cols = mf.grid_size(224, 224, 8, stride)
            for _ in range(a.warmup):
                for _, kw in variants:
                    mf.forward(sd, cfg, img, stride, **kw)
            # interleave the variants round by round so that drifting machine load hits all alike
            times = [[] for _ in variants]
            cpu = [[] for _ in variants]
            for _ in range(a.runs):
                for vi, (_, kw) in enumerate(variants):
                    t0, c0 = time.perf_counter(), time.process_time()
                    out = mf.forward(sd, cfg, img, stride, **kw)
                    times[vi].append((time.perf_counter() - t0) * 1000.0)
                    cpu[vi].append((time.process_time() - c0) * 1000.0)
                    assert out["layers"][max(kw["capture"])]["key"].shape == (1 + rows * cols, 384)
                    del out
            for (label, _), ts, cs in zip(variants, times, cpu):
                results.append({"stride": stride, "grid": [rows, cols], "tokens": 1 + rows * cols,
                                "variant": label, "median_ms": statistics.median(ts),
                                "min_ms": min(ts), "max_ms": max(ts), "median_cpu_ms": statistics.median(cs),
                                "runs": a.runs})
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    load = os.getloadavg()
    info = {"loadavg_1_5_15_at_end": load, "torch": torch.__version__, "threads": a.threads,
            "python": platform.python_version(),
            "cpu": platform.processor() or platform.machine(), "cpu_count": os.cpu_count(),
            "image": "224x224 (chelsea crop)", "model": "random-weight ViT-S/8 (D 384, 12 blocks, 6 heads)",
            "warmup": a.warmup, "runs": a.runs, "peak_rss_mb": rss_mb}
    print("PyTorch %s, %d thread(s), %s, %d CPUs; median of %d runs after %d warm-up(s)\n"
          % (torch.__version__, a.threads, info["cpu"], os.cpu_count(), a.runs, a.warmup))
    print("| stride | grid | tokens | variant | median ms | min ms | max ms | median CPU ms (all threads) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print("| %d | %dx%d | %d | %s | %.1f | %.1f | %.1f | %.1f |" % (
            r["stride"], r["grid"][0], r["grid"][1], r["tokens"], r["variant"], r["median_ms"], r["min_ms"],
            r["max_ms"], r["median_cpu_ms"]))
    print("\npeak RSS (ru_maxrss): %.0f MiB; load average at end (1/5/15 min): %.1f %.1f %.1f"
          % ((rss_mb,) + load))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"info": info, "results": results}, f, indent=1)


if __name__ == "__main__":
    main()
