#!/usr/bin/env python3
"""Generate the Python-side parity fixtures for the Java "DINO ViT Features" plugin.

Run with Debian's interpreter (it has python3-torch, numpy, Pillow, scikit-image):

    /usr/bin/python3 scripts/make_fixtures.py            # writes src/test/resources/fixtures/
    /usr/bin/python3 scripts/make_fixtures.py --full-vits8 /tmp/dino-full   # opt-in, ~90 MB, not committed

The script contains its own re-implementation of the DINO v1 / DINOv2 vision transformers
(facebookresearch/dino vision_transformer.py, facebookresearch/dinov2 models/vision_transformer.py)
with the dino-vit-features stride-aware patch grid, so no hub/timm/transformers is needed.
Everything is deterministic (fixed seeds, fixed inputs). See docs/fixtures.md for the layout.
"""
import argparse
import collections
import json
import math
import os
import shutil
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(REPO, "src", "test", "resources", "fixtures")

IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
LN_EPS = 1e-6
HEAD_DIM = 64

# --------------------------------------------------------------------------------------------
# Model configurations
# --------------------------------------------------------------------------------------------

def swiglu_hidden(dim):
    return (int(4 * dim * 2 / 3) + 7) // 8 * 8


MODELS = collections.OrderedDict([
    ("v1_p8", dict(family="dino_v1", patch=8, dim=128, depth=3, heads=2, mlp="mlp", hidden=512,
                   layerscale=False, registers=0, grid=28, seed=1001)),
    ("v2reg_p14", dict(family="dinov2", patch=14, dim=128, depth=3, heads=2, mlp="mlp", hidden=512,
                       layerscale=True, registers=4, grid=37, seed=1002)),
    ("v2_p14", dict(family="dinov2", patch=14, dim=128, depth=3, heads=2, mlp="mlp", hidden=512,
                    layerscale=True, registers=0, grid=37, seed=1003)),
    ("v2swiglu_p14", dict(family="dinov2", patch=14, dim=128, depth=2, heads=2, mlp="swiglu",
                          hidden=swiglu_hidden(128), layerscale=True, registers=0, grid=37, seed=1004)),
])

VITS8 = dict(family="dino_v1", patch=8, dim=384, depth=12, heads=6, mlp="mlp", hidden=1536,
             layerscale=False, registers=0, grid=28, seed=2001)


# --------------------------------------------------------------------------------------------
# Random weights (official key names)
# --------------------------------------------------------------------------------------------

def _tn(gen, shape, std):
    """Truncated normal (to +-2 std) via fmod, deterministic with the generator."""
    return torch.fmod(torch.randn(shape, generator=gen, dtype=torch.float64), 2.0).mul_(std).float()


def _smooth_grid(gen, m, dim, amp):
    """A smooth, low-frequency (<= ~2 cycles per grid) field of shape (m*m, dim)."""
    yy, xx = torch.meshgrid(torch.arange(m, dtype=torch.float64), torch.arange(m, dtype=torch.float64),
                            indexing="ij")
    out = torch.zeros(m, m, dim, dtype=torch.float64)
    for _ in range(3):
        fy = torch.rand(dim, generator=gen, dtype=torch.float64) * 2.0
        fx = torch.rand(dim, generator=gen, dtype=torch.float64) * 2.0
        py = torch.rand(dim, generator=gen, dtype=torch.float64) * 2 * math.pi
        px = torch.rand(dim, generator=gen, dtype=torch.float64) * 2 * math.pi
        a = torch.randn(dim, generator=gen, dtype=torch.float64) * amp / math.sqrt(3)
        out += a * torch.sin(2 * math.pi * fy * yy[..., None] / m + py) * \
            torch.cos(2 * math.pi * fx * xx[..., None] / m + px)
    return out.reshape(m * m, dim).float()


def make_weights(cfg, seed=None):
    """A state dict with official (facebookresearch) key names.

    Init is "realistic" (truncated normals, LayerNorm ~1, LayerScale in [0.1, 1]) but scaled so the
    tiny models are non-degenerate: attention logits have std ~2 (peaky, content dependent), the
    MLP pre-activations reach the non-linear part of GELU/SiLU, and pos_embed has a smooth
    low-frequency component (amplitude ~0.5) so interpolation differences are visible.
    """
    gen = torch.Generator().manual_seed(cfg["seed"] if seed is None else seed)
    D, p, M, hid = cfg["dim"], cfg["patch"], cfg["grid"], cfg["hidden"]
    sd = collections.OrderedDict()
    sd["cls_token"] = _tn(gen, (1, 1, D), 0.1)
    pos = _tn(gen, (1, 1 + M * M, D), 0.02)
    pos[0, 1:] += _smooth_grid(gen, M, D, 0.5)
    sd["pos_embed"] = pos
    if cfg["family"] == "dinov2":
        if cfg["registers"]:
            sd["register_tokens"] = _tn(gen, (1, cfg["registers"], D), 0.1)
        sd["mask_token"] = _tn(gen, (1, D), 0.02)
    sd["patch_embed.proj.weight"] = _tn(gen, (D, 3, p, p), 0.04 * 8.0 / p)
    sd["patch_embed.proj.bias"] = _tn(gen, (D,), 0.02)

    def ln(name):
        sd[name + ".weight"] = 1.0 + _tn(gen, (D,), 0.1)
        sd[name + ".bias"] = _tn(gen, (D,), 0.05)

    qkv_std = math.sqrt(2.0 / D)  # q.k * 0.125 over 64 dims -> logit std ~ 2
    for i in range(cfg["depth"]):
        b = "blocks.%d." % i
        ln(b + "norm1")
        sd[b + "attn.qkv.weight"] = _tn(gen, (3 * D, D), qkv_std)
        sd[b + "attn.qkv.bias"] = _tn(gen, (3 * D,), 0.05)
        sd[b + "attn.proj.weight"] = _tn(gen, (D, D), 0.05)
        sd[b + "attn.proj.bias"] = _tn(gen, (D,), 0.02)
        if cfg["layerscale"]:
            sd[b + "ls1.gamma"] = (0.1 + 0.9 * torch.rand(D, generator=gen, dtype=torch.float64)).float()
        ln(b + "norm2")
        if cfg["mlp"] == "mlp":
            sd[b + "mlp.fc1.weight"] = _tn(gen, (hid, D), 0.08)
            sd[b + "mlp.fc1.bias"] = _tn(gen, (hid,), 0.05)
            sd[b + "mlp.fc2.weight"] = _tn(gen, (D, hid), 0.04)
            sd[b + "mlp.fc2.bias"] = _tn(gen, (D,), 0.02)
        else:
            sd[b + "mlp.w12.weight"] = _tn(gen, (2 * hid, D), 0.08)
            sd[b + "mlp.w12.bias"] = _tn(gen, (2 * hid,), 0.05)
            sd[b + "mlp.w3.weight"] = _tn(gen, (D, hid), 0.06)
            sd[b + "mlp.w3.bias"] = _tn(gen, (D,), 0.02)
        if cfg["layerscale"]:
            sd[b + "ls2.gamma"] = (0.1 + 0.9 * torch.rand(D, generator=gen, dtype=torch.float64)).float()
    ln("norm")
    return sd


# --------------------------------------------------------------------------------------------
# The reference forward pass
# --------------------------------------------------------------------------------------------

def grid_size(H, W, p, s):
    return 1 + (H - p) // s, 1 + (W - p) // s


def interpolate_pos_encoding(pos_embed, cfg, rows, cols, H, W):
    """Exactly the original interpolate_pos_encoding, with the stride-aware grid (rows, cols).

    DINO v1 and DINOv2 without registers: bicubic, scale_factor ((rows+0.1)/M, (cols+0.1)/M),
    align_corners False, no antialias. DINOv2 with registers: size (rows, cols), antialias True.
    Early exit (returned unchanged) when rows*cols == N and H == W (pixel sizes).
    """
    N = pos_embed.shape[1] - 1
    D = pos_embed.shape[2]
    if rows * cols == N and H == W:
        return pos_embed
    M = int(math.sqrt(N))
    assert M * M == N
    class_pos = pos_embed[:, :1]
    patch_pos = pos_embed[:, 1:].reshape(1, M, M, D).permute(0, 3, 1, 2)
    if cfg["registers"] > 0:  # dinov2 *_reg: interpolate_offset 0, interpolate_antialias True
        out = F.interpolate(patch_pos, size=(rows, cols), mode="bicubic", antialias=True,
                            align_corners=False)
    else:
        out = F.interpolate(patch_pos, scale_factor=(float(rows + 0.1) / M, float(cols + 0.1) / M),
                            mode="bicubic", align_corners=False)
    assert tuple(out.shape[-2:]) == (rows, cols), (out.shape, rows, cols)
    return torch.cat([class_pos, out.permute(0, 2, 3, 1).reshape(1, rows * cols, D)], dim=1)


def _mlp(h, sd, b, cfg):
    if cfg["mlp"] == "mlp":
        h = F.linear(h, sd[b + "mlp.fc1.weight"], sd[b + "mlp.fc1.bias"])
        h = F.gelu(h)  # exact (erf)
        return F.linear(h, sd[b + "mlp.fc2.weight"], sd[b + "mlp.fc2.bias"])
    x12 = F.linear(h, sd[b + "mlp.w12.weight"], sd[b + "mlp.w12.bias"])
    x1, x2 = x12.chunk(2, dim=-1)
    return F.linear(F.silu(x1) * x2, sd[b + "mlp.w3.weight"], sd[b + "mlp.w3.bias"])


def forward(sd, cfg, img, stride, capture=None, stop_layer=None, stop_at="qkv"):
    """Reference forward pass.

    img: (1, 3, H, W) normalised input. capture: set of layer indices whose facets to record (None =
    all). stop_layer/stop_at: early exit after block `stop_layer`'s qkv ("qkv") or after the whole
    block ("block"). Returns dict with 'pos_embed', 'grid', per-layer 'query','key','value','token',
    'attn' (heads, t, t) and 'final_norm' (if the pass ran to the end).
    """
    D, p, heads = cfg["dim"], cfg["patch"], cfg["heads"]
    _, _, H, W = img.shape
    rows, cols = grid_size(H, W, p, stride)
    x = F.conv2d(img, sd["patch_embed.proj.weight"], sd["patch_embed.proj.bias"], stride=stride)
    assert tuple(x.shape[-2:]) == (rows, cols)
    x = x.flatten(2).transpose(1, 2)  # (1, rows*cols, D), row-major
    x = torch.cat([sd["cls_token"].expand(1, -1, -1), x], dim=1)
    pos = interpolate_pos_encoding(sd["pos_embed"], cfg, rows, cols, H, W)
    x = x + pos
    R = cfg["registers"]
    if R:
        x = torch.cat([x[:, :1], sd["register_tokens"].expand(1, -1, -1), x[:, 1:]], dim=1)
    t = x.shape[1]
    out = {"pos_embed": pos[0], "grid": (rows, cols), "layers": {}}
    scale = HEAD_DIM ** -0.5
    for i in range(cfg["depth"]):
        b = "blocks.%d." % i
        want = capture is None or i in capture
        h = F.layer_norm(x, (D,), sd[b + "norm1.weight"], sd[b + "norm1.bias"], LN_EPS)
        qkv = F.linear(h, sd[b + "attn.qkv.weight"], sd[b + "attn.qkv.bias"])  # (1, t, 3D)
        rec = {}
        if want:
            rec["query"] = qkv[0, :, :D]
            rec["key"] = qkv[0, :, D:2 * D]
            rec["value"] = qkv[0, :, 2 * D:]
            out["layers"][i] = rec
        if stop_layer == i and stop_at == "qkv":
            return out
        qkv = qkv.reshape(1, t, 3, heads, D // heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = ((q @ k.transpose(-2, -1)) * scale).softmax(dim=-1)  # (1, heads, t, t)
        a = (attn @ v).transpose(1, 2).reshape(1, t, D)
        a = F.linear(a, sd[b + "attn.proj.weight"], sd[b + "attn.proj.bias"])
        if cfg["layerscale"]:
            a = a * sd[b + "ls1.gamma"]
        x = x + a
        h = F.layer_norm(x, (D,), sd[b + "norm2.weight"], sd[b + "norm2.bias"], LN_EPS)
        m = _mlp(h, sd, b, cfg)
        if cfg["layerscale"]:
            m = m * sd[b + "ls2.gamma"]
        x = x + m
        if want:
            rec["attn"] = attn[0]
            rec["token"] = x[0]
        if stop_layer == i:
            return out
    out["final_norm"] = F.layer_norm(x, (D,), sd["norm.weight"], sd["norm.bias"], LN_EPS)[0]
    return out


def saliency(attn, prefix, heads=None):
    """attn (h, t, t) of the last layer: CLS query row, patch keys only, mean over heads, min-max."""
    a = attn[:, 0, prefix:]
    if heads is not None:
        a = a[list(heads)]
    a = a.mean(dim=0)
    return (a - a.min()) / (a.max() - a.min())


def log_bin(desc, rows, cols, hierarchy=2):
    """Log-binning (dino-vit-features _log_bin), vectorised. desc (rows*cols, C) -> (rows*cols, 17C)."""
    C = desc.shape[1]
    fmap = desc.t().reshape(1, C, rows, cols)
    pooled = []
    for k in range(hierarchy):
        w = 3 ** k
        pooled.append(F.avg_pool2d(fmap, w, stride=1, padding=w // 2, count_include_pad=False))
    ys = torch.arange(rows)[:, None].expand(rows, cols).reshape(-1)
    xs = torch.arange(cols)[None, :].expand(rows, cols).reshape(-1)
    parts = []
    for k in range(hierarchy):
        ks = 3 ** k
        for dy in (-ks, 0, ks):
            for dx in (-ks, 0, ks):
                if k != 0 and dy == 0 and dx == 0:
                    continue
                yi = (ys + dy).clamp(0, rows - 1)
                xi = (xs + dx).clamp(0, cols - 1)
                parts.append(pooled[k][0][:, yi, xi].t())  # (rows*cols, C)
    return torch.cat(parts, dim=1)


def log_bin_loops(desc, rows, cols, hierarchy=2):
    """Literal port of the reference's nested loops (used only to check log_bin)."""
    C = desc.shape[1]
    bin_x = desc.t().reshape(1, C, rows, cols)
    avg_pools = []
    for k in range(hierarchy):
        win = 3 ** k
        avg_pools.append(torch.nn.AvgPool2d(win, stride=1, padding=win // 2, count_include_pad=False)(bin_x))
    nb = 1 + 8 * hierarchy
    out = torch.zeros((1, C * nb, rows, cols), dtype=desc.dtype)
    for y in range(rows):
        for x in range(cols):
            part = 0
            for k in range(hierarchy):
                ks = 3 ** k
                for i in range(y - ks, y + ks + 1, ks):
                    for j in range(x - ks, x + ks + 1, ks):
                        if i == y and j == x and k != 0:
                            continue
                        ti = max(0, min(i, rows - 1))
                        tj = max(0, min(j, cols - 1))
                        out[:, part * C:(part + 1) * C, y, x] = avg_pools[k][:, :, ti, tj]
                        part += 1
    return out.flatten(2).permute(0, 2, 1)[0]


# --------------------------------------------------------------------------------------------
# Independent checks of the pos-embed interpolation against the written spec
# --------------------------------------------------------------------------------------------

def _cubic_weights(t, A):
    def cc1(x):
        return ((A + 2) * x - (A + 3)) * x * x + 1

    def cc2(x):
        return ((A * x - 5 * A) * x + 8 * A) * x - 4 * A
    return [cc2(t + 1), cc1(t), cc1(1 - t), cc2(2 - t)]


def _plain_bicubic_matrix(n_in, n_out, step):
    Wm = np.zeros((n_out, n_in))
    for i in range(n_out):
        real = step * (i + 0.5) - 0.5
        idx = min(int(math.floor(real)), n_in - 1)
        t = min(max(real - idx, 0.0), 1.0)
        for o, w in zip(range(-1, 3), _cubic_weights(t, -0.75)):
            Wm[i, min(max(idx + o, 0), n_in - 1)] += w
    return Wm


def _aa_bicubic_matrix(n_in, n_out):
    a = -0.5

    def K(x):
        x = abs(x)
        if x < 1:
            return ((a + 2) * x - (a + 3)) * x * x + 1
        if x < 2:
            return (((x - 5) * x + 8) * x - 4) * a
        return 0.0
    scale = n_in / n_out
    support = 2 * scale if scale >= 1 else 2.0
    invscale = 1 / scale if scale >= 1 else 1.0
    Wm = np.zeros((n_out, n_in))
    for i in range(n_out):
        center = scale * (i + 0.5)
        xmin = max(int(center - support + 0.5), 0)
        xmax = min(int(center + support + 0.5), n_in)
        ws = np.array([K((j + xmin - center + 0.5) * invscale) for j in range(xmax - xmin)])
        Wm[i, xmin:xmax] = ws / ws.sum()
    return Wm


def check_interpolation_spec():
    """Compare torch's interpolation with the matrix form of the spec (weights-formats-djl.md 1.6/2.5)."""
    gen = torch.Generator().manual_seed(7)
    M = 37
    g = torch.randn(1, 5, M, M, generator=gen, dtype=torch.float64)
    worst = 0.0
    for rows, cols in [(4, 5), (7, 9), (16, 16), (40, 45), (37, 38), (3, 60)]:
        ref = F.interpolate(g, scale_factor=((rows + 0.1) / M, (cols + 0.1) / M), mode="bicubic",
                            align_corners=False)
        Wy = _plain_bicubic_matrix(M, rows, M / (rows + 0.1))
        Wx = _plain_bicubic_matrix(M, cols, M / (cols + 0.1))
        mine = np.einsum("yi,bcij,xj->bcyx", Wy, g.numpy(), Wx)
        worst = max(worst, float(np.abs(mine - ref.numpy()).max()))
        ref = F.interpolate(g, size=(rows, cols), mode="bicubic", antialias=True, align_corners=False)
        Wy = _aa_bicubic_matrix(M, rows)
        Wx = _aa_bicubic_matrix(M, cols)
        mine = np.einsum("yi,bcij,xj->bcyx", Wy, g.numpy(), Wx)
        worst = max(worst, float(np.abs(mine - ref.numpy()).max()))
    assert worst < 1e-9, "torch interpolation differs from the documented formulas: %g" % worst
    return worst


# --------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------

def save_npy(path, arr):
    arr = np.ascontiguousarray(np.asarray(arr, dtype="<f4"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, arr, allow_pickle=False)


def _tensor_bytes(t, dtype):
    t = t.detach().contiguous()
    if dtype == "F32":
        return t.float().numpy().astype("<f4").tobytes()
    if dtype == "F16":
        return t.to(torch.float16).numpy().astype("<f2").tobytes()
    if dtype == "BF16":
        return t.to(torch.bfloat16).view(torch.int16).numpy().astype("<i2").tobytes()
    raise ValueError(dtype)


def write_safetensors(path, tensors, dtype="F32"):
    header = collections.OrderedDict()
    header["__metadata__"] = {"format": "pt"}
    blobs = []
    off = 0
    for name in sorted(tensors):
        b = _tensor_bytes(tensors[name], dtype)
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """Minimal reader, only for self-checks."""
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    base = 8 + n
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        s, e = v["data_offsets"]
        raw = data[base + s: base + e]
        if v["dtype"] == "F32":
            a = torch.from_numpy(np.frombuffer(raw, "<f4").copy())
        elif v["dtype"] == "F16":
            a = torch.from_numpy(np.frombuffer(raw, "<f2").copy()).float()
        else:
            a = torch.from_numpy(np.frombuffer(raw, "<i2").copy()).view(torch.bfloat16).float()
        out[k] = a.reshape(v["shape"])
    return out


def _clone_dict(d):
    return collections.OrderedDict((k, v.detach().clone().contiguous()) for k, v in d.items())


def to_hf(sd, cfg):
    D = cfg["dim"]
    out = collections.OrderedDict()
    v2 = cfg["family"] == "dinov2"
    out["embeddings.cls_token"] = sd["cls_token"]
    if v2:
        out["embeddings.mask_token"] = sd["mask_token"]
        if cfg["registers"]:
            out["embeddings.register_tokens"] = sd["register_tokens"]
    out["embeddings.position_embeddings"] = sd["pos_embed"]
    out["embeddings.patch_embeddings.projection.weight"] = sd["patch_embed.proj.weight"]
    out["embeddings.patch_embeddings.projection.bias"] = sd["patch_embed.proj.bias"]
    for i in range(cfg["depth"]):
        b, h = "blocks.%d." % i, "encoder.layer.%d." % i
        n1, n2 = ("norm1", "norm2") if v2 else ("layernorm_before", "layernorm_after")
        for wb in ("weight", "bias"):
            out[h + n1 + "." + wb] = sd[b + "norm1." + wb]
            qkv = sd[b + "attn.qkv." + wb]
            for j, nm in enumerate(("query", "key", "value")):
                out[h + "attention.attention." + nm + "." + wb] = qkv[j * D:(j + 1) * D]
            out[h + "attention.output.dense." + wb] = sd[b + "attn.proj." + wb]
            out[h + n2 + "." + wb] = sd[b + "norm2." + wb]
            if not v2:
                out[h + "intermediate.dense." + wb] = sd[b + "mlp.fc1." + wb]
                out[h + "output.dense." + wb] = sd[b + "mlp.fc2." + wb]
            elif cfg["mlp"] == "mlp":
                out[h + "mlp.fc1." + wb] = sd[b + "mlp.fc1." + wb]
                out[h + "mlp.fc2." + wb] = sd[b + "mlp.fc2." + wb]
            else:
                out[h + "mlp.weights_in." + wb] = sd[b + "mlp.w12." + wb]
                out[h + "mlp.weights_out." + wb] = sd[b + "mlp.w3." + wb]
        if cfg["layerscale"]:
            out[h + "layer_scale1.lambda1"] = sd[b + "ls1.gamma"]
            out[h + "layer_scale2.lambda1"] = sd[b + "ls2.gamma"]
    out["layernorm.weight"] = sd["norm.weight"]
    out["layernorm.bias"] = sd["norm.bias"]
    return _clone_dict(out)


def to_timm(sd, cfg):
    out = collections.OrderedDict()
    src = collections.OrderedDict(sd)
    src.pop("mask_token", None)
    if "register_tokens" in src:
        out["reg_token"] = src.pop("register_tokens")
        out["cls_token"] = src.pop("cls_token") + src["pos_embed"][:, 0]
        out["pos_embed"] = src.pop("pos_embed")[:, 1:]
    for k, v in src.items():
        if ".mlp.w12." in k:
            k = k.replace(".mlp.w12.", ".mlp.fc1.")
        elif ".mlp.w3." in k:
            k = k.replace(".mlp.w3.", ".mlp.fc2.")
        out[k] = v
    return _clone_dict(out)


def from_timm(tsd, cfg):
    """Canonical equivalent of a timm dict (weights-formats-djl.md 3.4), for the self-check."""
    out = collections.OrderedDict()
    for k, v in tsd.items():
        if cfg["mlp"] == "swiglu":
            k = k.replace(".mlp.fc1.", ".mlp.w12.").replace(".mlp.fc2.", ".mlp.w3.")
        if k == "reg_token":
            k = "register_tokens"
        out[k] = v
    if "register_tokens" in out:
        D = cfg["dim"]
        out["pos_embed"] = torch.cat([torch.zeros(1, 1, D), out["pos_embed"]], dim=1)
    return out


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

def chelsea():
    import skimage.data
    return Image.fromarray(skimage.data.chelsea())  # 451x300 RGB


def make_images(img_dir):
    os.makedirs(img_dir, exist_ok=True)
    c = chelsea()
    c.save(os.path.join(img_dir, "chelsea.png"))
    small = c.crop((60, 20, 370, 270)).resize((72, 58), Image.LANCZOS)  # 310x250 -> 72x58
    small.save(os.path.join(img_dir, "small.png"))
    sq = c.crop((75, 0, 375, 300))
    sq.resize((56, 56), Image.LANCZOS).save(os.path.join(img_dir, "square.png"))
    sq.resize((224, 224), Image.LANCZOS).save(os.path.join(img_dir, "square224.png"))
    c.convert("L").save(os.path.join(img_dir, "chelsea_L.png"))


def load_input(path):
    """Pillow RGB -> float32 /255 -> ImageNet normalisation (torchvision ToTensor+Normalize), (1,3,H,W)."""
    return load_input_image(Image.open(path))


def load_input_image(im):
    a = np.asarray(im.convert("RGB"))
    t = torch.from_numpy(a.copy()).permute(2, 0, 1).float().div(255)
    mean = torch.tensor(IMAGENET_MEAN, dtype=torch.float32)[:, None, None]
    std = torch.tensor(IMAGENET_STD, dtype=torch.float32)[:, None, None]
    return ((t - mean) / std).unsqueeze(0).contiguous()


def make_resize_fixtures(img_dir, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    c = Image.open(os.path.join(img_dir, "chelsea.png"))
    g = Image.open(os.path.join(img_dir, "chelsea_L.png"))
    W0, H0 = c.size
    cases = []

    def shorter(load):
        # reference: shorter side = load, longer = int(load * long / short) (float64, truncated)
        if H0 <= W0:
            return int(load * W0 / H0), load
        return load, int(load * H0 / W0)
    for src_name, im, load, size in [("chelsea.png", c, 64, None), ("chelsea.png", c, 224, None),
                                     ("chelsea.png", c, 400, None), ("chelsea.png", c, None, (120, 97)),
                                     ("chelsea_L.png", g, 100, None)]:
        W, H = size if size else shorter(load)
        r = im.resize((W, H), Image.LANCZOS)
        stem = "chelsea_L" if im.mode == "L" else "chelsea"
        name = "%s_lanczos_%dx%d.png" % (stem, W, H)
        r.save(os.path.join(out_dir, name))
        cases.append({"input": "images/" + src_name, "mode": im.mode, "shorter_side": load,
                      "width": W, "height": H, "output": "expected/resize/" + name})
    return cases


# --------------------------------------------------------------------------------------------
# Fixture generation
# --------------------------------------------------------------------------------------------

def _np(t):
    return t.detach().float().numpy()


def write_case(outdir, cfg, res, img, stride, layers, with_binned=True, facets=("key", "query", "value", "token")):
    rows, cols = res["grid"]
    _, _, H, W = img.shape
    os.makedirs(outdir, exist_ok=True)
    files = collections.OrderedDict()  # name -> shape (None for json)

    def put(name, arr):
        save_npy(os.path.join(outdir, name), arr)
        files[name] = list(np.shape(arr))
    put("input.npy", _np(img[0]))
    put("pos_embed.npy", _np(res["pos_embed"]))
    with open(os.path.join(outdir, "grid.json"), "w") as f:
        json.dump({"rows": rows, "cols": cols, "height": H, "width": W, "patch": cfg["patch"],
                   "stride": stride}, f, indent=1)
    files["grid.json"] = None
    prefix = 1 + cfg["registers"]
    last = cfg["depth"] - 1
    for L in layers:
        rec = res["layers"][L]
        for fa in facets:
            put("%s_l%d.npy" % (fa, L), _np(rec[fa]))
        put("attn_cls_l%d.npy" % L, _np(rec["attn"][:, 0, :]))
    attn = res["layers"][last]["attn"]
    put("saliency.npy", _np(saliency(attn, prefix)))
    put("saliency_h0.npy", _np(saliency(attn, prefix, heads=[0])))
    if with_binned:
        put("binned_key_l%d.npy" % last, _np(log_bin(res["layers"][last]["key"][prefix:], rows, cols)))
    put("final_norm.npy", _np(res["final_norm"]))
    return files


def compare(a, b):
    """max abs diff and max abs value over all recorded tensors of two forward results."""
    worst, mag = 0.0, 0.0
    pairs = [(a["pos_embed"], b["pos_embed"]), (a["final_norm"], b["final_norm"])]
    for L in a["layers"]:
        for k in a["layers"][L]:
            pairs.append((a["layers"][L][k], b["layers"][L][k]))
    for x, y in pairs:
        worst = max(worst, float((x.double() - y.double()).abs().max()))
        mag = max(mag, float(y.abs().max()))
    return worst, mag


def to_dtype(sd, dt):
    return collections.OrderedDict((k, v.to(dt)) for k, v in sd.items())


def roundtrip_check(sd, cfg, d):
    """Read back everything we wrote and check it maps to the same canonical weights."""
    off = torch.load(os.path.join(d, "official.pth"))
    assert list(off.keys()) == list(sd.keys())
    for k in sd:
        assert torch.equal(off[k], sd[k]), k
    hf = read_safetensors(os.path.join(d, "hf.safetensors"))
    ref = to_hf(sd, cfg)
    assert set(hf) == set(ref)
    for k in ref:
        assert torch.equal(hf[k], ref[k]), k
    tm = from_timm(read_safetensors(os.path.join(d, "timm.safetensors")), cfg)
    if cfg["registers"]:
        # timm folding: cls + pos[0] with a zero class row must give the same tokens
        assert torch.allclose(tm["cls_token"] + tm["pos_embed"][:, 0], sd["cls_token"] + sd["pos_embed"][:, 0],
                              atol=0, rtol=0)
        assert torch.equal(tm["pos_embed"][:, 1:], sd["pos_embed"][:, 1:])
    else:
        for k in tm:
            assert torch.equal(tm[k], sd[k]), k


def generate(fixtures):
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(4, os.cpu_count() or 1)))
    if os.path.isdir(fixtures):
        if os.listdir(fixtures) and not os.path.exists(os.path.join(fixtures, "manifest.json")):
            sys.exit("refusing to overwrite %s: not empty and has no manifest.json" % fixtures)
        shutil.rmtree(fixtures)
    img_dir = os.path.join(fixtures, "images")
    make_images(img_dir)
    resize_cases = make_resize_fixtures(img_dir, os.path.join(fixtures, "expected", "resize"))
    interp_err = check_interpolation_spec()

    images = {n: load_input(os.path.join(img_dir, n + ".png")) for n in ("small", "square", "square224")}
    manifest = collections.OrderedDict()
    manifest["generator"] = "scripts/make_fixtures.py"
    manifest["torch_version"] = torch.__version__
    manifest["conventions"] = {
        "npy": "float32 little-endian C order, npy format 1.0",
        "qkv_channel_order": "native head-major: channel = head*64 + j",
        "token": "block output before the final norm",
        "tokens": "all t tokens: [CLS], registers (v2reg), patches row-major",
        "attn_cls": "(heads, t) post-softmax attention of the [CLS] query row",
        "saliency": "last layer, CLS row, patch keys only (registers excluded), mean over heads, min-max",
        "binned": "hierarchy 2, 17 blocks of D (level 0 3x3 dy-outer dx-inner incl centre; level 1 3x3 "
                  "avg pool count_include_pad=False at offsets +-3 skipping centre; clamped), head-major channels",
        "input": "RGB/255, ImageNet mean (0.485,0.456,0.406) std (0.229,0.224,0.225), float32",
        "layer_norm_eps": LN_EPS,
    }
    manifest["images"] = {
        "chelsea.png": {"width": 451, "height": 300, "source": "skimage.data.chelsea()"},
        "chelsea_L.png": {"width": 451, "height": 300, "source": "chelsea.png converted to 'L' by Pillow"},
        "small.png": {"width": 72, "height": 58, "source": "chelsea crop (60,20,370,270) Pillow LANCZOS"},
        "square.png": {"width": 56, "height": 56, "source": "chelsea crop (75,0,375,300) Pillow LANCZOS"},
        "square224.png": {"width": 224, "height": 224, "source": "chelsea crop (75,0,375,300) Pillow LANCZOS"},
    }
    manifest["resize"] = resize_cases
    manifest["pos_interp_spec_check_max_abs_diff"] = interp_err
    manifest["models"] = collections.OrderedDict()
    overall = {"max_abs_diff_f32_vs_f64": 0.0, "max_abs_value": 0.0}

    for name, cfg in MODELS.items():
        sd = make_weights(cfg)
        mdir = os.path.join(fixtures, "models", name)
        os.makedirs(mdir, exist_ok=True)
        torch.save(_clone_dict(sd), os.path.join(mdir, "official.pth"))
        write_safetensors(os.path.join(mdir, "hf.safetensors"), to_hf(sd, cfg))
        write_safetensors(os.path.join(mdir, "timm.safetensors"), to_timm(sd, cfg))
        wfiles = ["official.pth", "hf.safetensors", "timm.safetensors"]
        if name == "v1_p8":
            student = make_weights(cfg, seed=cfg["seed"] + 50000)
            # like a real DINO training checkpoint, the backbone keys come with (small) projection-head
            # keys that a loader must ignore
            hg = torch.Generator().manual_seed(cfg["seed"] + 60000)

            def with_head(d):
                o = collections.OrderedDict(("module.backbone." + k, v.clone()) for k, v in d.items())
                o["module.head.mlp.0.weight"] = _tn(hg, (16, cfg["dim"]), 0.02)
                o["module.head.mlp.0.bias"] = torch.zeros(16)
                o["module.head.last_layer.weight_g"] = torch.ones(8, 1)
                o["module.head.last_layer.weight_v"] = _tn(hg, (8, 16), 0.02)
                return o
            ck = {"teacher": with_head(sd), "student": with_head(student),
                  "epoch": 3, "args": argparse.Namespace(arch="vit_small", patch_size=8)}
            torch.save(ck, os.path.join(mdir, "full_checkpoint.pth"))
            torch.save(collections.OrderedDict(("vit." + k, v) for k, v in to_hf(sd, cfg).items()),
                       os.path.join(mdir, "hf.bin"))
            wfiles += ["full_checkpoint.pth", "hf.bin"]
        low = name in ("v1_p8", "v2reg_p14")
        if low:
            write_safetensors(os.path.join(mdir, "official_f16.safetensors"), sd, "F16")
            write_safetensors(os.path.join(mdir, "official_bf16.safetensors"), sd, "BF16")
            wfiles += ["official_f16.safetensors", "official_bf16.safetensors"]
        roundtrip_check(sd, cfg, mdir)

        p = cfg["patch"]
        depth = cfg["depth"]
        last = depth - 1
        sd64 = to_dtype(sd, torch.float64)
        mm = collections.OrderedDict()
        mm.update({k: cfg[k] for k in ("family", "patch", "dim", "depth", "heads", "mlp", "hidden",
                                       "layerscale", "registers", "grid")})
        mm["head_dim"] = HEAD_DIM
        mm["weights"] = ["models/%s/%s" % (name, f) for f in wfiles]
        mm["cases"] = []
        tol = {"max_abs_diff_f32_vs_f64": 0.0, "max_abs_value": 0.0}
        plan = [("small", p, list(range(depth)), True), ("small", p // 2, list(range(depth)), True),
                ("square", p, list(range(depth)), True), ("square", p // 2, list(range(depth)), True)]
        if name == "v1_p8":
            plan.append(("square224", 8, [last], False))
        for img_name, stride, layers, binned in plan:
            img = images[img_name]
            res = forward(sd, cfg, img, stride)
            res64 = forward(sd64, cfg, img.double(), stride)
            d, mag = compare(res, res64)
            tol["max_abs_diff_f32_vs_f64"] = max(tol["max_abs_diff_f32_vs_f64"], d)
            tol["max_abs_value"] = max(tol["max_abs_value"], mag)
            if binned:  # the vectorised binning must equal the reference loops exactly
                kp = res["layers"][last]["key"][1 + cfg["registers"]:]
                assert torch.equal(log_bin(kp, *res["grid"]), log_bin_loops(kp, *res["grid"]))
            case_dir = "expected/%s/%s_s%d" % (name, img_name, stride)
            files = write_case(os.path.join(fixtures, case_dir), cfg, res, img, stride, layers, binned)
            rows, cols = res["grid"]
            mm["cases"].append({"image": "images/%s.png" % img_name, "stride": stride, "dir": case_dir,
                                "rows": rows, "cols": cols, "tokens": 1 + cfg["registers"] + rows * cols,
                                "layers": layers, "binned": binned,
                                "pos_embed_interpolated": not (rows * cols == cfg["grid"] ** 2 and
                                                               img.shape[2] == img.shape[3]),
                                "max_abs_diff_f32_vs_f64": d, "files": files})
        if low:
            mm["low_precision"] = []
            for tag, dt in (("f16", torch.float16), ("bf16", torch.bfloat16)):
                sdr = collections.OrderedDict((k, v.to(dt).float()) for k, v in sd.items())
                for stride in (p, p // 2):
                    img = images["small"]
                    res = forward(sdr, cfg, img, stride)
                    full = forward(sd, cfg, img, stride)
                    case_dir = "expected/%s_%s/small_s%d" % (name, tag, stride)
                    out = os.path.join(fixtures, case_dir)
                    kl, tl = _np(res["layers"][last]["key"]), _np(res["layers"][last]["token"])
                    save_npy(os.path.join(out, "key_l%d.npy" % last), kl)
                    save_npy(os.path.join(out, "token_l%d.npy" % last), tl)
                    dk = float((res["layers"][last]["key"] - full["layers"][last]["key"]).abs().max())
                    dtok = float((res["layers"][last]["token"] - full["layers"][last]["token"]).abs().max())
                    mm["low_precision"].append({
                        "weights": "models/%s/official_%s.safetensors" % (name, tag), "image": "images/small.png",
                        "stride": stride, "dir": case_dir,
                        "files": {"key_l%d.npy" % last: list(kl.shape), "token_l%d.npy" % last: list(tl.shape)},
                        "note": "float32 forward with weights rounded to %s (round-to-nearest-even) and widened" % tag,
                        "max_abs_diff_vs_float32_weights": {"key": dk, "token": dtok}})
        mm["tolerance"] = tol
        overall["max_abs_diff_f32_vs_f64"] = max(overall["max_abs_diff_f32_vs_f64"], tol["max_abs_diff_f32_vs_f64"])
        overall["max_abs_value"] = max(overall["max_abs_value"], tol["max_abs_value"])
        manifest["models"][name] = mm
        print("%-14s f32 vs f64 max abs diff %.3g (max |value| %.3g)" %
              (name, tol["max_abs_diff_f32_vs_f64"], tol["max_abs_value"]))
    manifest["tolerance"] = overall
    manifest["tolerance"]["recommended_java_abs_tolerance"] = 1e-4
    with open(os.path.join(fixtures, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
    total = 0
    for root, _, fs in os.walk(fixtures):
        total += sum(os.path.getsize(os.path.join(root, x)) for x in fs)
    print("fixtures written to %s (%.2f MB)" % (fixtures, total / 1e6))


def generate_full_vits8(outdir):
    """Opt-in full-size check: random weights with the exact ViT-S/8 shape (not committed)."""
    torch.manual_seed(0)
    torch.set_num_threads(max(1, min(8, os.cpu_count() or 1)))
    cfg = VITS8
    os.makedirs(outdir, exist_ok=True)
    sd = make_weights(cfg)
    torch.save(_clone_dict(sd), os.path.join(outdir, "official.pth"))
    sq = chelsea().crop((75, 0, 375, 300)).resize((224, 224), Image.LANCZOS)
    sq.save(os.path.join(outdir, "image.png"))
    img = load_input(os.path.join(outdir, "image.png"))
    stride = 4
    with torch.inference_mode():
        res = forward(sd, cfg, img, stride, capture={9, 11})
        res64 = forward(to_dtype(sd, torch.float64), cfg, img.double(), stride, capture={9, 11})
    rows, cols = res["grid"]
    save_npy(os.path.join(outdir, "input.npy"), _np(img[0]))
    save_npy(os.path.join(outdir, "pos_embed.npy"), _np(res["pos_embed"]))
    for L in (9, 11):
        save_npy(os.path.join(outdir, "key_l%d.npy" % L), _np(res["layers"][L]["key"]))
    attn = res["layers"][11]["attn"]
    save_npy(os.path.join(outdir, "attn_cls_l11.npy"), _np(attn[:, 0, :]))
    save_npy(os.path.join(outdir, "saliency_h0245.npy"), _np(saliency(attn, 1, heads=[0, 2, 4, 5])))
    save_npy(os.path.join(outdir, "saliency.npy"), _np(saliency(attn, 1)))
    save_npy(os.path.join(outdir, "binned_key_l9.npy"), _np(log_bin(res["layers"][9]["key"][1:], rows, cols)))
    diffs = {}
    for L in (9, 11):
        diffs["key_l%d" % L] = float((res["layers"][L]["key"].double() - res64["layers"][L]["key"]).abs().max())
    diffs["attn_cls_l11"] = float((attn[:, 0].double() - res64["layers"][11]["attn"][:, 0]).abs().max())
    diffs["saliency_h0245"] = float((saliency(attn, 1, [0, 2, 4, 5]).double() -
                                     saliency(res64["layers"][11]["attn"], 1, [0, 2, 4, 5])).abs().max())
    meta = {"model": {k: cfg[k] for k in ("family", "patch", "dim", "depth", "heads", "hidden", "grid")},
            "image": "image.png", "height": 224, "width": 224, "stride": stride, "rows": rows, "cols": cols,
            "tokens": 1 + rows * cols,
            "files": {"input.npy": [3, 224, 224], "pos_embed.npy": [1 + rows * cols, 384],
                      "key_l9.npy": [1 + rows * cols, 384], "key_l11.npy": [1 + rows * cols, 384],
                      "attn_cls_l11.npy": [6, 1 + rows * cols], "saliency_h0245.npy": [rows * cols],
                      "saliency.npy": [rows * cols], "binned_key_l9.npy": [rows * cols, 17 * 384]},
            "channel_order": "head-major (head*64 + j); binned = 17 blocks of 384 in head-major order",
            "max_abs_diff_f32_vs_f64": diffs,
            "max_abs_key": {"l9": float(res64["layers"][9]["key"].abs().max()),
                            "l11": float(res64["layers"][11]["key"].abs().max())}}
    with open(os.path.join(outdir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta["max_abs_diff_f32_vs_f64"]))
    print("full ViT-S/8 fixture written to", outdir)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=FIXTURES, help="fixtures directory (default: %(default)s)")
    ap.add_argument("--full-vits8", metavar="OUTDIR", help="write the opt-in full-size ViT-S/8 fixture instead")
    a = ap.parse_args(argv)
    if a.full_vits8:
        generate_full_vits8(a.full_vits8)
    else:
        with torch.inference_mode():
            generate(a.out)


if __name__ == "__main__":
    main()
