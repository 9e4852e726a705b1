#!/usr/bin/env python3
"""numpy/scikit-learn side of the algorithm benchmarks (see scripts/bench_algorithms.sh and
docs/benchmarks-algorithms.md). Builds the same synthetic inputs as
src/test/java/sc/fiji/dinovit/bench/SyntheticDescriptors.java, bit for bit (uint32 hash,
float32 arithmetic in the same order), runs one case and prints one JSON line.

Cases:
  logbin RUNS                 log-binning of a 55x73x384 grid: vectorised numpy and the
                              reference-style loop (vectorised pooling, Python loops over
                              positions and bins as in the reference's _log_bin)
  bestbuddies RUNS            normalise + matmul + argmax both ways on two 4015x6528 sets
  coseg IMAGES RUNS RESTARTS  co-segmentation clustering steps with sklearn KMeans
                              (init='random', n_init=RESTARTS, max_iter=300, tol=0: faiss-like)
Run with Debian's /usr/bin/python3 (numpy, scikit-learn); thread count from OMP_NUM_THREADS.
"""
import json
import resource
import sys
import time

import numpy as np

COSEG_ROWS, COSEG_COLS, COSEG_DIM = 28, 37, 384
COSEG_PATCHES = COSEG_ROWS * COSEG_COLS
BASE_SETS, TRUE_CLUSTERS = 4, 6
GRID_ROWS, GRID_COLS, GRID_DIM = 55, 73, 384


def fmix32(h):
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    h = h ^ (h >> np.uint32(16))
    return h


def u(stream, idx):
    """Same as SyntheticDescriptors.u: float32 in [0, 1) from uint32 indices (wrapping)."""
    idx = np.asarray(idx, dtype=np.uint32)
    with np.errstate(over="ignore"):
        h = fmix32(idx * np.uint32(0x9E3779B1) + np.uint32((stream * 0x632BE5AB) & 0xFFFFFFFF))
    return (h >> np.uint32(8)).astype(np.float32) * np.float32(2.0 ** -24)


def coseg_image(image):
    b = image % BASE_SETS
    d = COSEG_DIM
    y, x = np.meshgrid(np.arange(COSEG_ROWS), np.arange(COSEG_COLS), indexing="ij")
    m = ((y // 7 + x // 10 + b) % TRUE_CLUSTERS).reshape(-1)
    j = np.arange(d, dtype=np.int64)
    p = np.arange(COSEG_PATCHES, dtype=np.int64)[:, None]
    centre = u(1, m[:, None] * d + j) - np.float32(0.5)
    base = centre + np.float32(0.5) * (u(2, (b * COSEG_PATCHES + p) * d + j) - np.float32(0.5))
    return base + np.float32(0.25) * (u(3, (image * COSEG_PATCHES + p) * d + j) - np.float32(0.5))


def grid_a():
    n = GRID_ROWS * GRID_COLS * GRID_DIM
    return (u(4, np.arange(n, dtype=np.int64)) - np.float32(0.5)).reshape(GRID_ROWS, GRID_COLS, GRID_DIM)


def grid_b(a):
    ys = np.minimum(np.arange(GRID_ROWS) + 2, GRID_ROWS - 1)
    xs = np.minimum(np.arange(GRID_COLS) + 3, GRID_COLS - 1)
    noise = u(6, np.arange(a.size, dtype=np.int64)).reshape(a.shape) - np.float32(0.5)
    return a[ys][:, xs] + np.float32(0.3) * noise


# ------------------------------------------------------------------ log-binning (reference §2)

def box_average_3x3(a):
    """3x3 average, zero padding, padded cells not counted; summed window-row-major in float32
    (PyTorch avg_pool2d order, as Java's LogBinning does)."""
    r, c, _ = a.shape
    pad = np.zeros((r + 2, c + 2, a.shape[2]), np.float32)
    pad[1:-1, 1:-1] = a
    acc = np.zeros_like(a)
    for dy in range(3):
        for dx in range(3):
            acc += pad[dy:dy + r, dx:dx + c]
    ones = np.zeros((r + 2, c + 2), np.float32)
    ones[1:-1, 1:-1] = 1
    count = sum(ones[dy:dy + r, dx:dx + c] for dy in range(3) for dx in range(3))
    return acc / count[:, :, None]


def offsets(hierarchy=2):
    out = []
    for k in range(hierarchy):
        s = 3 ** k
        for dy in (-s, 0, s):
            for dx in (-s, 0, s):
                if k > 0 and dy == 0 and dx == 0:
                    continue
                out.append((k, dy, dx))
    return out


def log_bin_vectorised(a):
    r, c, d = a.shape
    pooled = [a, box_average_3x3(a)]
    out = np.empty((r, c, 17, d), np.float32)
    for n, (k, dy, dx) in enumerate(offsets()):
        ys = np.clip(np.arange(r) + dy, 0, r - 1)
        xs = np.clip(np.arange(c) + dx, 0, c - 1)
        out[:, :, n, :] = pooled[k][ys[:, None], xs[None, :]]
    return out.reshape(r * c, 17 * d)


def log_bin_loops(a):
    """Reference-style: pooled maps vectorised, then Python loops over every position and bin,
    one slice copy each (~68k copies for 55x73)."""
    r, c, d = a.shape
    pooled = [a, box_average_3x3(a)]
    offs = offsets()
    out = np.zeros((r * c, 17 * d), np.float32)
    for y in range(r):
        for x in range(c):
            row = out[y * c + x]
            for n, (k, dy, dx) in enumerate(offs):
                i = min(max(y + dy, 0), r - 1)
                j = min(max(x + dx, 0), c - 1)
                row[n * d:(n + 1) * d] = pooled[k][i, j]
    return out


def timed(fn, runs, warmup=1):
    for _ in range(warmup):
        out = fn()
    ms = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        ms.append((time.perf_counter() - t0) * 1e3)
    return out, ms


def case_logbin(runs):
    a = grid_a()
    vec, ms_vec = timed(lambda: log_bin_vectorised(a), runs)
    loop, ms_loop = timed(lambda: log_bin_loops(a), runs)
    return {"case": "logbin", "impl": "numpy", "grid": list(a.shape),
            "vectorised": {"median_ms": float(np.median(ms_vec)), "runs_ms": ms_vec},
            "reference_loops": {"median_ms": float(np.median(ms_loop)), "runs_ms": ms_loop},
            "loops_equal_vectorised": bool(np.array_equal(vec, loop)),
            "checksum": float(vec.sum(dtype=np.float64)), "out_dim": int(vec.shape[1])}


# ------------------------------------------------------------------ best buddies (reference §5.2)

def best_buddies(a, b):
    an = a / np.linalg.norm(a, axis=1, keepdims=True)
    bn = b / np.linalg.norm(b, axis=1, keepdims=True)
    sim = an @ bn.T
    nn_ab = sim.argmax(axis=1)
    nn_ba = sim.argmax(axis=0)
    buddies = np.nonzero(nn_ba[nn_ab] == np.arange(len(a)))[0]
    return nn_ab, buddies


def case_bestbuddies(runs):
    raw = grid_a()
    a = log_bin_vectorised(raw)
    b = log_bin_vectorised(grid_b(raw))
    (nn_ab, buddies), ms = timed(lambda: best_buddies(a, b), runs, warmup=0)
    return {"case": "bestbuddies", "impl": "numpy (normalise + float32 matmul + argmax)", "patches": len(a),
            "dim": int(a.shape[1]), "median_ms": float(np.median(ms)), "runs_ms": ms,
            "buddies": int(len(buddies)), "buddy_index_sum": int((buddies + nn_ab[buddies]).sum()),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


# ------------------------------------------------------------------ co-segmentation clustering (§3.2-3.3)

def l2_normalise(x):
    n = np.sqrt((x.astype(np.float64) ** 2).sum(axis=1, keepdims=True))
    n[n == 0] = 1
    return x * (1 / n).astype(np.float32)


def assign(x, centroids, chunk=65536):
    cn = (centroids ** 2).sum(axis=1)
    labels = np.empty(len(x), np.int64)
    dist = np.empty(len(x), np.float32)
    for s in range(0, len(x), chunk):
        xs = x[s:s + chunk]
        d2 = (xs ** 2).sum(axis=1)[:, None] + cn[None, :] - 2 * xs @ centroids.T
        labels[s:s + chunk] = d2.argmin(axis=1)
        dist[s:s + chunk] = np.maximum(d2.min(axis=1), 0)
    return labels, dist


def case_coseg(images, runs, restarts):
    from sklearn.cluster import KMeans
    totals, details = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        gen = 0.0
        blocks = []
        for i in range(images):
            g = time.perf_counter()
            img = coseg_image(i)
            gen += time.perf_counter() - g
            blocks.append(l2_normalise(img))
        allx = np.concatenate(blocks)
        del blocks
        t1 = time.perf_counter()
        train = np.concatenate([allx[i * COSEG_PATCHES:(i + 1) * COSEG_PATCHES][::100] for i in range(images)])
        t2 = time.perf_counter()
        objectives, chosen = [], None
        for k in range(1, min(14, len(train)) + 1):
            x = train
            if len(x) > 256 * k:  # faiss subsampling to 256 points per centroid
                x = x[np.random.RandomState(1234).permutation(len(x))[:256 * k]]
            km = KMeans(n_clusters=k, init="random", n_init=restarts, max_iter=300, tol=0,
                        algorithm="lloyd", random_state=1234).fit(x)
            _, dist = assign(allx, km.cluster_centers_.astype(np.float32))
            objectives.append(float(dist.astype(np.float64).mean()))
            chosen = km
            if k >= 2 and objectives[-1] > 0.975 * objectives[-2]:
                break
        t3 = time.perf_counter()
        labels, dist = assign(allx, chosen.cluster_centers_.astype(np.float32))
        t4 = time.perf_counter()
        append_ms = (t1 - t0 - gen) * 1e3
        total = append_ms + (t4 - t1) * 1e3
        totals.append(total)
        details.append({"generate_ms": gen * 1e3, "normalise_concat_ms": append_ms, "subset_ms": (t2 - t1) * 1e3,
                        "elbow_ms": (t3 - t2) * 1e3, "assign_ms": (t4 - t3) * 1e3, "total_ms": total,
                        "k": len(objectives), "objectives": objectives, "training_rows": len(train),
                        "mean_sq_dist": float(dist.astype(np.float64).mean())})
        del allx
    med = float(np.median(totals))
    return {"case": "coseg", "impl": "numpy+sklearn KMeans(init=random, n_init=%d, max_iter=300, tol=0, lloyd)"
            % restarts, "images": images, "restarts": restarts, "median_total_ms": med,
            "median_ms_per_image": med / images,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "data_mb": images * COSEG_PATCHES * COSEG_DIM * 4 / 2 ** 20, "runs": details}


def main(argv):
    case = argv[1]
    if case == "logbin":
        out = case_logbin(int(argv[2]))
    elif case == "bestbuddies":
        out = case_bestbuddies(int(argv[2]))
    elif case == "coseg":
        out = case_coseg(int(argv[2]), int(argv[3]), int(argv[4]))
    elif case == "selfcheck":  # the first values of the synthetic inputs, to compare with Java
        out = {"coseg7": coseg_image(7)[:2, :4].tolist(), "gridA": grid_a()[0, 0, :4].tolist()}
    else:
        raise SystemExit("unknown case " + case)
    import numpy
    import sklearn
    out["numpy"] = numpy.__version__
    out["sklearn"] = sklearn.__version__
    print(json.dumps(out))


if __name__ == "__main__":
    main(sys.argv)
