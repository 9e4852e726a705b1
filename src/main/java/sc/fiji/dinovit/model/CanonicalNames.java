package sc.fiji.dinovit.model;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical tensor names: those of the official DINO / DINOv2 code
 * ({@code vision_transformer.py}, {@code block_chunks=0}). Every other naming scheme is mapped
 * onto these by {@link KeyMapper}.
 * <p>
 * Per-block names are {@code blocks.<i>.<suffix>}, built with {@link #block(int, String)} from
 * the suffix constants of this class, e.g. {@code block(3, QKV_WEIGHT)} is
 * {@code blocks.3.attn.qkv.weight}.
 */
public final class CanonicalNames {

	private CanonicalNames() {}

	public static final String CLS_TOKEN = "cls_token";
	/** Position embeddings (1, 1 + grid^2, D), the first row belongs to [CLS]. */
	public static final String POS_EMBED = "pos_embed";
	public static final String REGISTER_TOKENS = "register_tokens";
	/** Training-only DINOv2 tensor; dropped by the mapping. */
	public static final String MASK_TOKEN = "mask_token";
	public static final String PATCH_EMBED_WEIGHT = "patch_embed.proj.weight";
	public static final String PATCH_EMBED_BIAS = "patch_embed.proj.bias";
	public static final String NORM_WEIGHT = "norm.weight";
	public static final String NORM_BIAS = "norm.bias";

	/** Prefix of every per-block tensor. */
	public static final String BLOCKS_PREFIX = "blocks.";

	public static final String NORM1_WEIGHT = "norm1.weight";
	public static final String NORM1_BIAS = "norm1.bias";
	/** Fused attention input projection (3D, D), rows q | k | v. */
	public static final String QKV_WEIGHT = "attn.qkv.weight";
	public static final String QKV_BIAS = "attn.qkv.bias";
	public static final String PROJ_WEIGHT = "attn.proj.weight";
	public static final String PROJ_BIAS = "attn.proj.bias";
	public static final String LS1_GAMMA = "ls1.gamma";
	public static final String NORM2_WEIGHT = "norm2.weight";
	public static final String NORM2_BIAS = "norm2.bias";
	public static final String FC1_WEIGHT = "mlp.fc1.weight";
	public static final String FC1_BIAS = "mlp.fc1.bias";
	public static final String FC2_WEIGHT = "mlp.fc2.weight";
	public static final String FC2_BIAS = "mlp.fc2.bias";
	/** SwiGLU input projection (2H, D): rows [0, H) are x1 (through SiLU), rows [H, 2H) are x2. */
	public static final String W12_WEIGHT = "mlp.w12.weight";
	public static final String W12_BIAS = "mlp.w12.bias";
	public static final String W3_WEIGHT = "mlp.w3.weight";
	public static final String W3_BIAS = "mlp.w3.bias";
	public static final String LS2_GAMMA = "ls2.gamma";

	private static final Pattern BLOCK_NAME = Pattern.compile("blocks\\.(\\d+)\\.(.+)");

	/** {@code blocks.<index>.<suffix>}. */
	public static String block(final int index, final String suffix) {
		return BLOCKS_PREFIX + index + "." + suffix;
	}

	/** The block index of a per-block name, or empty for any other name. */
	public static OptionalInt blockIndex(final String name) {
		final Matcher m = BLOCK_NAME.matcher(name);
		if (!m.matches()) return OptionalInt.empty();
		try {
			return OptionalInt.of(Integer.parseInt(m.group(1)));
		}
		catch (final NumberFormatException e) {
			return OptionalInt.empty();
		}
	}
}
