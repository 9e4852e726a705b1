#!/usr/bin/env python3
"""Writes small CPython pickles used by RestrictedUnpicklerTest (no torch needed).

They check that the Java unpickler reads what CPython's pickler really writes for the
plain-data parts of training checkpoints (DINO's argparse `args`, numbers, containers),
at protocol 2 (torch.save's default) and protocol 5.

Usage: python3 scripts/make_pickle_fixtures.py  (writes src/test/resources/checkpoint/)
"""
import argparse
import collections
import os
import pickle

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "checkpoint")


def payload():
    args = argparse.Namespace(arch="vit_small", patch_size=8, lr=0.0005, use_fp16=False,
                              data_path="/path/to/imagenet/train", local_crops_scale=(0.05, 0.4),
                              optimizer=None, out_dim=65536, seed=0)
    meta = collections.OrderedDict([("", {"version": 1}), ("blocks.0", {"version": 1})])
    d = {
        "args": args,
        "epoch": 100,
        "big": 2 ** 70,
        "negative": -123456789012,
        "pi": 3.14159,
        "raw": b"\x00\x01\xfe\xff",
        "unicode": "caf\u00e9 \u2603",
        "tags": {"a", "b"},
        "frozen": frozenset([1]),
        "meta": meta,
        "shared": [meta, meta],
    }
    try:  # a NumPy scalar, as training loops often store metrics (optional)
        import numpy
        d["best_acc"] = numpy.float64(76.125)
    except ImportError:
        pass
    return d


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for proto in (2, 5):
        with open(os.path.join(OUT, f"cpython_protocol{proto}.pkl"), "wb") as f:
            pickle.dump(payload(), f, protocol=proto)
