package sc.fiji.dinovit.model;

import static sc.fiji.dinovit.model.CanonicalNames.*;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The complete set of canonical tensors, with shapes, that a model of a given {@link ModelSpec}
 * has, in official file order. With D = embedDim, H = mlpHiddenDim, p = patch size, g = pos grid:
 * <pre>
 * cls_token (1, 1, D)   pos_embed (1, 1 + g*g, D)   register_tokens (1, R, D) if R &gt; 0
 * patch_embed.proj.weight (D, 3, p, p), .bias (D)
 * blocks.i: norm1 (D), attn.qkv (3D, D) + (3D), attn.proj (D, D) + (D), ls1.gamma (D) if LayerScale,
 *           norm2 (D), MLP: mlp.fc1 (H, D) + (H), mlp.fc2 (D, H) + (D)
 *                     or SwiGLU: mlp.w12 (2H, D) + (2H), mlp.w3 (D, H) + (D), ls2.gamma (D) if LayerScale
 * norm.weight, norm.bias (D)
 * </pre>
 * The training-only {@code mask_token} is not part of it.
 */
public final class CanonicalLayout {

	/** Input channels of the patch embedding (RGB). */
	public static final int IN_CHANNELS = 3;

	private CanonicalLayout() {}

	/** Canonical name to expected shape, in official order. */
	public static Map<String, TensorShape> expectedShapes(final ModelSpec spec) {
		final long d = spec.embedDim();
		final long h = spec.mlpHiddenDim();
		final long p = spec.patchSize();
		final long g = spec.posGridSize();
		final Map<String, TensorShape> m = new LinkedHashMap<>();
		m.put(CLS_TOKEN, TensorShape.of(1, 1, d));
		m.put(POS_EMBED, TensorShape.of(1, 1 + g * g, d));
		if (spec.numRegisterTokens() > 0)
			m.put(REGISTER_TOKENS, TensorShape.of(1, spec.numRegisterTokens(), d));
		m.put(PATCH_EMBED_WEIGHT, TensorShape.of(d, IN_CHANNELS, p, p));
		m.put(PATCH_EMBED_BIAS, TensorShape.of(d));
		for (int i = 0; i < spec.depth(); i++) {
			m.put(block(i, NORM1_WEIGHT), TensorShape.of(d));
			m.put(block(i, NORM1_BIAS), TensorShape.of(d));
			m.put(block(i, QKV_WEIGHT), TensorShape.of(3 * d, d));
			m.put(block(i, QKV_BIAS), TensorShape.of(3 * d));
			m.put(block(i, PROJ_WEIGHT), TensorShape.of(d, d));
			m.put(block(i, PROJ_BIAS), TensorShape.of(d));
			if (spec.layerScale()) m.put(block(i, LS1_GAMMA), TensorShape.of(d));
			m.put(block(i, NORM2_WEIGHT), TensorShape.of(d));
			m.put(block(i, NORM2_BIAS), TensorShape.of(d));
			if (spec.mlpType() == ModelSpec.MlpType.SWIGLU) {
				m.put(block(i, W12_WEIGHT), TensorShape.of(2 * h, d));
				m.put(block(i, W12_BIAS), TensorShape.of(2 * h));
				m.put(block(i, W3_WEIGHT), TensorShape.of(d, h));
				m.put(block(i, W3_BIAS), TensorShape.of(d));
			}
			else {
				m.put(block(i, FC1_WEIGHT), TensorShape.of(h, d));
				m.put(block(i, FC1_BIAS), TensorShape.of(h));
				m.put(block(i, FC2_WEIGHT), TensorShape.of(d, h));
				m.put(block(i, FC2_BIAS), TensorShape.of(d));
			}
			if (spec.layerScale()) m.put(block(i, LS2_GAMMA), TensorShape.of(d));
		}
		m.put(NORM_WEIGHT, TensorShape.of(d));
		m.put(NORM_BIAS, TensorShape.of(d));
		return Collections.unmodifiableMap(m);
	}
}
