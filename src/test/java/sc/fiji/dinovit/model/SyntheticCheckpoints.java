package sc.fiji.dinovit.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Builds checkpoints in memory: random official-scheme weights for a spec and their Hugging Face
 * and timm renderings, written here independently of the production mapping (the inverse
 * direction, as the conversion scripts do it).
 */
final class SyntheticCheckpoints {

	private SyntheticCheckpoints() {}

	/** The tiny specs used throughout the tests (D = 128 so 2 heads). */
	static final ModelSpec V1_P8 = new ModelSpec(ModelSpec.Family.DINO_V1, 8, 128, 2, 2,
		ModelSpec.MlpType.MLP, 512, false, 0, 4);
	static final ModelSpec V2_P14 = new ModelSpec(ModelSpec.Family.DINO_V2, 14, 128, 3, 2,
		ModelSpec.MlpType.MLP, 512, true, 0, 3);
	static final ModelSpec V2_P14_REG = new ModelSpec(ModelSpec.Family.DINO_V2, 14, 128, 2, 2,
		ModelSpec.MlpType.MLP, 512, true, 4, 3);
	static final ModelSpec V2_SWIGLU_REG = new ModelSpec(ModelSpec.Family.DINO_V2, 14, 128, 2, 2,
		ModelSpec.MlpType.SWIGLU, 256, true, 4, 3);
	static final ModelSpec V2_SWIGLU = new ModelSpec(ModelSpec.Family.DINO_V2, 14, 128, 2, 2,
		ModelSpec.MlpType.SWIGLU, 256, true, 0, 3);

	/** Official state dict with random float32 values, including DINOv2's mask_token. */
	static Map<String, TensorData> official(final ModelSpec spec, final long seed) {
		final Random random = new Random(seed);
		final Map<String, TensorData> m = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorShape> e : CanonicalLayout.expectedShapes(spec).entrySet()) {
			m.put(e.getKey(), randomF32(e.getKey(), e.getValue(), random));
			if (e.getKey().equals("pos_embed") && spec.family() == ModelSpec.Family.DINO_V2)
				m.put("mask_token", randomF32("mask_token", TensorShape.of(1, spec.embedDim()), random));
		}
		return m;
	}

	static TensorData randomF32(final String name, final TensorShape shape, final Random random) {
		final ByteBuffer b = ByteBuffer.allocate((int) shape.numel() * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (long i = 0; i < shape.numel(); i++)
			b.putFloat(random.nextFloat() * 2 - 1);
		b.flip();
		return new TensorData(name, shape.dims(), DType.F32, b);
	}

	static TensorData f32(final String name, final long[] shape, final float... values) {
		final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (final float v : values)
			b.putFloat(v);
		b.flip();
		return new TensorData(name, shape, DType.F32, b);
	}

	/** Zero-filled tensors of the given shapes, all views of one shared buffer (no big allocations). */
	static Map<String, TensorData> zeroFilled(final Map<String, TensorShape> shapes) {
		long largest = 0;
		for (final TensorShape s : shapes.values())
			largest = Math.max(largest, s.numel() * 4);
		final ByteBuffer zeros = ByteBuffer.allocateDirect((int) largest);
		final Map<String, TensorData> m = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorShape> e : shapes.entrySet()) {
			final ByteBuffer view = zeros.duplicate();
			view.limit((int) e.getValue().numel() * 4);
			m.put(e.getKey(), new TensorData(e.getKey(), e.getValue().dims(), DType.F32, view.slice()));
		}
		return m;
	}

	/** Rows [from, from + count) of dimension 0, as a view. */
	static TensorData rows(final TensorData t, final String name, final long from, final long count) {
		final long[] shape = t.shape();
		final long rowBytes = t.numel() / shape[0] * t.dtype().byteSize();
		final ByteBuffer b = t.bytes();
		b.position((int) (from * rowBytes)).limit((int) ((from + count) * rowBytes));
		shape[0] = count;
		return new TensorData(name, shape, t.dtype(), b.slice());
	}

	/** Hugging Face rendering: ViTModel for DINO v1, Dinov2Model otherwise; prefix "" or "vit."... */
	static Map<String, TensorData> huggingFace(final Map<String, TensorData> official,
		final ModelSpec spec, final String prefix)
	{
		final boolean v1 = spec.family() == ModelSpec.Family.DINO_V1;
		final long d = spec.embedDim();
		final Map<String, TensorData> m = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : official.entrySet()) {
			final String name = e.getKey();
			final TensorData t = e.getValue();
			if (name.startsWith("blocks.")) {
				final String[] parts = name.split("\\.", 3);
				final String layer = prefix + "encoder.layer." + parts[1] + ".";
				final String rest = parts[2];
				if (rest.startsWith("attn.qkv.")) {
					final String param = rest.substring("attn.qkv.".length());
					final String[] qkv = { "query", "key", "value" };
					for (int k = 0; k < 3; k++) {
						final String hf = layer + "attention.attention." + qkv[k] + "." + param;
						m.put(hf, rows(t, hf, k * d, d));
					}
					continue;
				}
				final String hfRest = rest
					.replace("norm1.", v1 ? "layernorm_before." : "norm1.")
					.replace("norm2.", v1 ? "layernorm_after." : "norm2.")
					.replace("attn.proj.", "attention.output.dense.")
					.replace("mlp.fc1.", v1 ? "intermediate.dense." : "mlp.fc1.")
					.replace("mlp.fc2.", v1 ? "output.dense." : "mlp.fc2.")
					.replace("mlp.w12.", "mlp.weights_in.")
					.replace("mlp.w3.", "mlp.weights_out.")
					.replace("ls1.gamma", "layer_scale1.lambda1")
					.replace("ls2.gamma", "layer_scale2.lambda1");
				m.put(layer + hfRest, t.renamed(layer + hfRest));
				continue;
			}
			final String hf;
			switch (name) {
				case "cls_token": hf = "embeddings.cls_token"; break;
				case "pos_embed": hf = "embeddings.position_embeddings"; break;
				case "register_tokens": hf = "embeddings.register_tokens"; break;
				case "mask_token": hf = "embeddings.mask_token"; break;
				case "patch_embed.proj.weight": hf = "embeddings.patch_embeddings.projection.weight"; break;
				case "patch_embed.proj.bias": hf = "embeddings.patch_embeddings.projection.bias"; break;
				case "norm.weight": hf = "layernorm.weight"; break;
				case "norm.bias": hf = "layernorm.bias"; break;
				default: throw new IllegalArgumentException(name);
			}
			m.put(prefix + hf, t.renamed(prefix + hf));
		}
		return m;
	}

	/** timm rendering, as timm's DINOv2 conversion does it (reg4: cls folds pos row 0 in). */
	static Map<String, TensorData> timm(final Map<String, TensorData> official, final ModelSpec spec) {
		final Map<String, TensorData> m = new LinkedHashMap<>();
		final boolean reg = spec.numRegisterTokens() > 0;
		for (final Map.Entry<String, TensorData> e : official.entrySet()) {
			final String name = e.getKey();
			final TensorData t = e.getValue();
			if (name.equals("mask_token")) continue;
			if (name.equals("register_tokens")) m.put("reg_token", t.renamed("reg_token"));
			else if (reg && name.equals("cls_token")) m.put(name, clsPlusPosRow0(t, official.get("pos_embed")));
			else if (reg && name.equals("pos_embed")) {
				final long rows = t.dim(1) - 1;
				m.put(name, rows(t.renamed(name, t.dim(1), t.dim(2)), name, 1, rows).renamed(name, 1, rows,
					t.dim(2)));
			}
			else {
				final String timm = name.replace(".mlp.w12.", ".mlp.fc1.").replace(".mlp.w3.", ".mlp.fc2.");
				m.put(timm, t.renamed(timm));
			}
		}
		return m;
	}

	static TensorData clsPlusPosRow0(final TensorData cls, final TensorData pos) {
		final float[] c = cls.toFloatArray();
		final float[] p = pos.toFloatArray();
		for (int i = 0; i < c.length; i++)
			c[i] += p[i];
		return f32("cls_token", cls.shape(), c);
	}
}
