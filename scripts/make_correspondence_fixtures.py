#!/usr/bin/env python3
"""Make the small best-buddies / saliency-filter fixture used by CorrespondenceParityTest.

Run from the repository root with NumPy (Debian's python3-numpy will do):

    /usr/bin/python3 scripts/make_correspondence_fixtures.py

Writes src/test/resources/fixtures/correspondence/ (little-endian .npy):
  * a.npy (300, 64) float32, b.npy (280, 64) float32: descriptors of image A (grid 15x20) and
    image B (grid 14x20). B holds noisy, permuted copies of most of A's "semantic" rows, random
    rows, and decoys: for some A rows a close background copy plus a farther salient copy, so that
    the reference's saliency rule (c) and the stricter "partner is salient" rule disagree;
  * sal_a.npy (300,), sal_b.npy (280,) float32 saliencies in [0, 1], none within 1e-3 of 0.05;
  * nn_ab.npy (300,), nn_ba.npy (280,) int32: argmax of the cosine-similarity matrix per row and
    per column, computed as the reference does (L2-normalised rows, float32 matrix product,
    numpy argmax = first maximal index);
  * buddies.npy int32: A indices i with nn_ba[nn_ab[i]] == i, ascending;
  * filtered_reference.npy int32: the reference's filter, buddies with sal_a > 0.05 and
    i in {nn_ba[j] : sal_b[j] > 0.05}, ascending;
  * filtered_strict.npy int32: buddies with sal_a > 0.05 and sal_b[nn_ab[i]] > 0.05, ascending.

The data is regenerated from a fixed seed until every row and column argmax wins by a margin of at
least 1e-3 in float64, so a float32 implementation with another summation order must agree.
"""
import os

import numpy as np

OUT = os.path.join("src", "test", "resources", "fixtures", "correspondence")
N_A, N_B, DIM, THRESH = 300, 280, 64, 0.05


def make(rng):
    semantic = rng.standard_normal((220, DIM))
    a = np.concatenate([semantic, rng.standard_normal((N_A - 220, DIM))])
    a += 0.05 * rng.standard_normal(a.shape)
    perm_a = rng.permutation(N_A)
    a = a[perm_a]
    where = np.argsort(perm_a)  # where[s] = row of A holding semantic row s
    # B: 200 noisy copies of semantic rows, 20 decoy pairs (close + far copy of one row), 40 random.
    copies = rng.choice(220, size=200, replace=False)
    rows = [semantic[s] + 0.3 * rng.standard_normal(DIM) for s in copies[:180]]
    decoy_sources = copies[180:200]
    for s in decoy_sources:
        rows.append(semantic[s] + 0.2 * rng.standard_normal(DIM))  # close: will be the partner
        rows.append(semantic[s] + 0.5 * rng.standard_normal(DIM))  # farther, still nearest to s
    rows += list(rng.standard_normal((N_B - len(rows), DIM)))
    b = np.array(rows)
    is_close = np.zeros(N_B, bool)
    is_far = np.zeros(N_B, bool)
    is_close[180:220:2] = True
    is_far[181:220:2] = True
    perm_b = rng.permutation(N_B)
    b, is_close, is_far = b[perm_b], is_close[perm_b], is_far[perm_b]

    sal_a = rng.uniform(0, 1, N_A) ** 2
    sal_b = rng.uniform(0, 1, N_B) ** 2
    # Decoys: half with a background close copy and a salient far copy, half the other way round.
    sal_b[is_close] = np.where(rng.uniform(size=is_close.sum()) < 0.6, 0.01, 0.7)
    sal_b[is_far] = 0.8
    for s in decoy_sources:
        sal_a[where[s]] = 0.9
    return a.astype(np.float32), b.astype(np.float32), sal_a.astype(np.float32), sal_b.astype(np.float32)


def argmax_margin(sim, axis):
    s = np.sort(sim, axis=axis)
    top = np.take(s, -1, axis=axis)
    second = np.take(s, -2, axis=axis)
    return (top - second).min()


def main():
    rng = np.random.default_rng(20240501)
    while True:
        a, b, sal_a, sal_b = make(rng)
        na = a.astype(np.float64) / np.linalg.norm(a.astype(np.float64), axis=1, keepdims=True)
        nb = b.astype(np.float64) / np.linalg.norm(b.astype(np.float64), axis=1, keepdims=True)
        sim64 = na @ nb.T
        near = np.abs(np.concatenate([sal_a, sal_b]) - THRESH).min()
        if argmax_margin(sim64, 1) >= 1e-3 and argmax_margin(sim64, 0) >= 1e-3 and near >= 1e-3:
            break
    na32 = a / np.linalg.norm(a, axis=1, keepdims=True)
    nb32 = b / np.linalg.norm(b, axis=1, keepdims=True)
    sim = na32 @ nb32.T
    nn_ab = sim.argmax(axis=1)
    nn_ba = sim.argmax(axis=0)
    buddies = np.nonzero(nn_ba[nn_ab] == np.arange(N_A))[0]
    fg_a = sal_a > THRESH
    fg_b = sal_b > THRESH
    nearest_of_fg_b = np.zeros(N_A, bool)
    nearest_of_fg_b[nn_ba[fg_b]] = True
    reference = buddies[fg_a[buddies] & nearest_of_fg_b[buddies]]
    strict = buddies[fg_a[buddies] & fg_b[nn_ab[buddies]]]
    assert len(set(reference) ^ set(strict)) > 0, "fixture must separate the two rules"

    os.makedirs(OUT, exist_ok=True)
    f32 = {"a": a, "b": b, "sal_a": sal_a, "sal_b": sal_b}
    i32 = {"nn_ab": nn_ab, "nn_ba": nn_ba, "buddies": buddies, "filtered_reference": reference,
           "filtered_strict": strict}
    for name, arr in f32.items():
        np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr, dtype="<f4"))
    for name, arr in i32.items():
        np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr, dtype="<i4"))
    print("numpy", np.__version__, "buddies", len(buddies), "reference", len(reference), "strict",
          len(strict), "only reference", sorted(set(reference) - set(strict)),
          "only strict", sorted(set(strict) - set(reference)))


if __name__ == "__main__":
    main()
