package sc.fiji.dinovit.testutil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.ModelWeights;
import sc.fiji.dinovit.model.checkpoint.DType;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/** Seeded random canonical weights of any architecture, for smoke tests and benchmarks. */
public final class RandomWeights {

	private RandomWeights() {}

	public static ModelSpec vitS8() {
		return new ModelSpec(ModelSpec.Family.DINO_V1, 8, 384, 12, 6, ModelSpec.MlpType.MLP, 1536, false, 0, 28);
	}

	public static ModelWeights create(final ModelSpec s, final long seed) {
		final SplittableRandom rnd = new SplittableRandom(seed);
		final Map<String, TensorData> t = new LinkedHashMap<>();
		final int d = s.embedDim();
		final int m = s.posGridSize();
		put(t, "cls_token", rnd, 0.02f, 0f, 1, 1, d);
		put(t, "pos_embed", rnd, 0.02f, 0f, 1, 1 + m * m, d);
		if (s.numRegisterTokens() > 0) put(t, "register_tokens", rnd, 0.02f, 0f, 1, s.numRegisterTokens(), d);
		put(t, "patch_embed.proj.weight", rnd, 0.02f, 0f, d, 3, s.patchSize(), s.patchSize());
		put(t, "patch_embed.proj.bias", rnd, 0.02f, 0f, d);
		for (int i = 0; i < s.depth(); i++) {
			final String p = "blocks." + i + ".";
			put(t, p + "norm1.weight", rnd, 0.05f, 1f, d);
			put(t, p + "norm1.bias", rnd, 0.02f, 0f, d);
			put(t, p + "attn.qkv.weight", rnd, 0.05f, 0f, 3 * d, d);
			put(t, p + "attn.qkv.bias", rnd, 0.02f, 0f, 3 * d);
			put(t, p + "attn.proj.weight", rnd, 0.02f, 0f, d, d);
			put(t, p + "attn.proj.bias", rnd, 0.02f, 0f, d);
			if (s.layerScale()) put(t, p + "ls1.gamma", rnd, 0.05f, 0.5f, d);
			put(t, p + "norm2.weight", rnd, 0.05f, 1f, d);
			put(t, p + "norm2.bias", rnd, 0.02f, 0f, d);
			if (s.mlpType() == ModelSpec.MlpType.MLP) {
				put(t, p + "mlp.fc1.weight", rnd, 0.02f, 0f, s.mlpHiddenDim(), d);
				put(t, p + "mlp.fc1.bias", rnd, 0.02f, 0f, s.mlpHiddenDim());
				put(t, p + "mlp.fc2.weight", rnd, 0.02f, 0f, d, s.mlpHiddenDim());
				put(t, p + "mlp.fc2.bias", rnd, 0.02f, 0f, d);
			}
			else {
				put(t, p + "mlp.w12.weight", rnd, 0.02f, 0f, 2 * s.mlpHiddenDim(), d);
				put(t, p + "mlp.w12.bias", rnd, 0.02f, 0f, 2 * s.mlpHiddenDim());
				put(t, p + "mlp.w3.weight", rnd, 0.02f, 0f, d, s.mlpHiddenDim());
				put(t, p + "mlp.w3.bias", rnd, 0.02f, 0f, d);
			}
			if (s.layerScale()) put(t, p + "ls2.gamma", rnd, 0.05f, 0.5f, d);
		}
		put(t, "norm.weight", rnd, 0.05f, 1f, d);
		put(t, "norm.bias", rnd, 0.02f, 0f, d);
		return new ModelWeights(s, t, "random weights (seed " + seed + ")");
	}

	private static void put(final Map<String, TensorData> t, final String name, final SplittableRandom rnd,
		final float std, final float mean, final long... shape)
	{
		final int n = (int) TensorData.numel(shape);
		final ByteBuffer b = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < n; i++)
			b.putFloat(i * 4, mean + std * (float) gaussian(rnd));
		t.put(name, new TensorData(name, shape, DType.F32, b));
	}

	private static double gaussian(final SplittableRandom rnd) {
		double u1 = rnd.nextDouble();
		if (u1 < 1e-300) u1 = 1e-300;
		return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rnd.nextDouble());
	}
}
