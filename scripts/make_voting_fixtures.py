#!/usr/bin/env python3
"""Voting-decision parity fixture (reference-behaviour.md 3.2 step 7), computed the reference's
way with numpy: per image and label, mean saliency of the label's patches > threshold gives one
vote (absent labels: mean of an empty set is NaN, no vote); salient labels need
votes >= ceil(N * percentage / 100). Writes src/test/resources/fixtures/voting/voting.json.
Run with Debian's python3 + numpy: /usr/bin/python3 scripts/make_voting_fixtures.py
"""
import json, math, os
import numpy as np

rng = np.random.default_rng(20261126)
cases = []
for n_images, k, pct, thresh in [(1, 4, 75, 0.065), (2, 5, 75, 0.065), (4, 6, 75, 0.065),
                                 (10, 8, 75, 0.065), (5, 7, 50, 0.2), (3, 3, 100, 0.05)]:
    images = []
    votes = np.zeros(k, dtype=int)
    for i in range(n_images):
        n = int(rng.integers(30, 80))
        present = rng.choice(k, size=int(rng.integers(max(1, k // 2), k + 1)), replace=False)
        labels = rng.choice(present, size=n).astype(np.int32)
        # saliency levels per label, some near the threshold but never within 1e-4 of it
        level = rng.uniform(0, 2.5 * thresh, size=k)
        sal = np.clip(level[labels] + rng.normal(0, 0.02, size=n), 0, 1).astype(np.float32)
        for l in range(k):
            m = sal[labels == l]
            with np.errstate(invalid="ignore"):
                mean = m.astype(np.float64).mean() if m.size else float("nan")
            if m.size and abs(mean - thresh) < 1e-4:
                sal[labels == l] += np.float32(2e-4)
                mean = sal[labels == l].astype(np.float64).mean()
            if mean > thresh:
                votes[l] += 1
        images.append({"labels": labels.tolist(), "saliency": [float(v) for v in sal]})
    needed = math.ceil(n_images * pct / 100)
    cases.append({"k": k, "percentage": pct, "threshold": thresh, "images": images,
                  "votes": votes.tolist(), "votes_needed": needed,
                  "salient": [l for l in range(k) if votes[l] >= needed]})
out = os.path.join(os.path.dirname(__file__), "..", "src", "test", "resources", "fixtures", "voting")
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "voting.json"), "w") as f:
    json.dump({"generator": "scripts/make_voting_fixtures.py", "numpy": np.__version__, "cases": cases}, f)
print("wrote", len(cases), "cases")
