#!/usr/bin/python3
"""Writes the parity fixtures of the clustering / PCA / metrics tests.

Run with Debian's interpreter (it has python3-sklearn and numpy):
    /usr/bin/python3 scripts/make_cluster_fixtures.py
Output: src/test/resources/fixtures/cluster/
  metrics.json                label pairs with sklearn NMI (arithmetic) / ARI, also foreground-only
  pca_<name>_input.npy        float32 input (n x d)
  pca_<name>_components.npy   float32 sklearn components_ (n_components x d)
  pca_<name>_transformed.npy  float32 sklearn transform of the input (n x n_components)
  pca_<name>.json             explained_variance_, explained_variance_ratio_, mean_ (float64)
  kmeans_planted.npy          float32 L2-normalised points with 5 planted clusters
  kmeans_planted.json         planted labels, sklearn KMeans labels and inertia
  elbow_planted.npy           float32 L2-normalised points with 4 planted clusters
  elbow_planted.json          the elbow curve of sklearn KMeans and the k the reference rule keeps
PCA is fitted on the float32 input cast to float64, so the expected values are exact for the
float32 numbers the Java test reads.
"""
import json
import pathlib

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

OUT = pathlib.Path(__file__).resolve().parent.parent / "src/test/resources/fixtures/cluster"


def label_cases(rng):
    cases = [
        ("identical_single_cluster", [3, 3, 3, 3], [3, 3, 3, 3]),
        ("single_vs_different_single", [3, 3, 3], [7, 7, 7]),
        ("one_cluster_vs_many", [0, 0, 0, 0], [0, 1, 2, 3]),
        ("many_vs_one_cluster", [0, 1, 2, 3, 3], [5, 5, 5, 5, 5]),
        ("empty", [], []),
        ("single_sample", [5], [7]),
        ("all_unique_both", list(range(10)), list(range(9, -1, -1))),
        ("renamed_identical", [0, 0, 1, 1, 2, 2, 2], [9, 9, -4, -4, 100, 100, 100]),
        ("independent", [0, 0, 1, 1], [0, 1, 0, 1]),
        ("negative_labels", [-1, -1, 2, 2, -7, 5], [-3, -3, -3, 8, 8, 8]),
        ("two_points_split", [0, 0], [0, 1]),
        ("all_background", [0, 0, 0], [1, 2, 1]),
    ]
    for n, a, b, noise in [(50, 2, 3, 0.5), (200, 5, 5, 0.3), (1000, 10, 4, 0.2), (3000, 20, 20, 0.1),
                           (2000, 3, 7, 1.0), (500, 4, 4, 0.0)]:
        truth = rng.integers(0, a, n)
        pred = truth % b
        flip = rng.random(n) < noise
        pred[flip] = rng.integers(0, b, int(flip.sum()))
        cases.append((f"random_n{n}_a{a}_b{b}_noise{noise}", truth.tolist(), pred.tolist()))
    # label images with background 0 in the ground truth, for the foreground-only variants
    for n, parts in [(400, 3), (2500, 6)]:
        truth = rng.integers(0, parts + 1, n)
        truth[rng.random(n) < 0.4] = 0
        pred = np.where(rng.random(n) < 0.7, truth, rng.integers(0, parts + 1, n))
        cases.append((f"label_image_n{n}_parts{parts}", truth.tolist(), pred.tolist()))
    out = []
    for name, t, p in cases:
        t = np.asarray(t, dtype=np.int64)
        p = np.asarray(p, dtype=np.int64)
        fg = t != 0
        out.append({
            "name": name, "truth": t.tolist(), "predicted": p.tolist(),
            "nmi": float(normalized_mutual_info_score(t, p)),
            "ari": float(adjusted_rand_score(t, p)),
            "nmi_fg": float(normalized_mutual_info_score(t[fg], p[fg])),
            "ari_fg": float(adjusted_rand_score(t[fg], p[fg])),
        })
    return out


def structured(rng, n, d, rank, scales):
    basis, _ = np.linalg.qr(rng.normal(size=(d, rank)))
    latent = rng.normal(size=(n, rank)) * np.asarray(scales)
    x = latent @ basis.T + 0.05 * rng.normal(size=(n, d)) + rng.normal(size=d)
    return x.astype(np.float32)


def write_pca(name, x, n_components):
    pca = PCA(n_components=n_components, svd_solver="full").fit(x.astype(np.float64))
    np.save(OUT / f"pca_{name}_input.npy", x)
    np.save(OUT / f"pca_{name}_components.npy", np.ascontiguousarray(pca.components_, dtype=np.float32))
    np.save(OUT / f"pca_{name}_transformed.npy",
            np.ascontiguousarray(pca.transform(x.astype(np.float64)), dtype=np.float32))
    (OUT / f"pca_{name}.json").write_text(json.dumps({
        "n_components": n_components,
        "explained_variance": pca.explained_variance_.tolist(),
        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
        "mean": pca.mean_.tolist(),
    }))


def unit_clusters(rng, k, per_cluster, d, spread):
    centres = rng.normal(size=(k, d))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    labels = np.repeat(np.arange(k), per_cluster)
    x = centres[labels] + spread * rng.normal(size=(len(labels), d)) / np.sqrt(d)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    order = rng.permutation(len(labels))
    return x[order].astype(np.float32), labels[order]


def same_partition(a, b):
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(20260101)
    (OUT / "metrics.json").write_text(json.dumps({"sklearn": sklearn.__version__, "cases": label_cases(rng)}))

    write_pca("small", structured(rng, 500, 64, 6, [5.0, 3.0, 2.0, 1.2, 0.8, 0.5]), 4)
    write_pca("wide", structured(rng, 200, 320, 8, [6.0, 4.0, 2.5, 1.5, 1.0, 0.7, 0.5, 0.4]), 4)

    x, truth = unit_clusters(rng, 5, 120, 16, 0.3)
    km = KMeans(n_clusters=5, random_state=0, n_init=10).fit(x)
    assert same_partition(km.labels_, truth), "sklearn did not recover the planted clusters"
    np.save(OUT / "kmeans_planted.npy", x)
    (OUT / "kmeans_planted.json").write_text(json.dumps({
        "k": 5, "dim": 16, "planted": truth.tolist(), "sklearn_labels": km.labels_.tolist(),
        "sklearn_inertia": float(km.inertia_)}))

    x, truth = unit_clusters(rng, 4, 150, 32, 0.3)
    elbow = 0.975
    curve, chosen = [], 14
    for k in range(1, 15):
        km = KMeans(n_clusters=k, random_state=0, n_init=10).fit(x)
        curve.append(float(km.inertia_ / len(x)))
        if k >= 2 and curve[-1] > elbow * curve[-2]:
            chosen = k
            break
    np.save(OUT / "elbow_planted.npy", x)
    (OUT / "elbow_planted.json").write_text(json.dumps({
        "dim": 32, "planted": truth.tolist(), "elbow": elbow, "sklearn_curve": curve, "chosen_k": chosen}))
    print("elbow curve", curve, "-> k =", chosen)


if __name__ == "__main__":
    main()
