package sc.fiji.dinovit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Hugging Face transformers names: ViTModel (DINO v1, {@code layernorm_before/after},
 * {@code intermediate.dense}, {@code output.dense}) and Dinov2Model / Dinov2WithRegistersModel
 * ({@code norm1/2}, {@code mlp.fc1/2}, {@code mlp.weights_in/out}, {@code layer_scale1/2.lambda1}),
 * with or without the {@code vit.} / {@code dinov2.} prefix of the task models.
 * <p>
 * Query, key and value are concatenated into {@code attn.qkv} when all three are present with
 * compatible shapes; otherwise they are passed on under their own names so that validation lists
 * them together with the missing qkv.
 */
final class HuggingFaceMapping {

	private static final String[] MODEL_PREFIXES = { "vit.", "dinov2.", "dinov2_with_registers." };

	private static final Map<String, String> GLOBAL_NAMES = Map.of(
		"embeddings.cls_token", CanonicalNames.CLS_TOKEN,
		"embeddings.position_embeddings", CanonicalNames.POS_EMBED,
		"embeddings.register_tokens", CanonicalNames.REGISTER_TOKENS,
		"embeddings.patch_embeddings.projection.weight", CanonicalNames.PATCH_EMBED_WEIGHT,
		"embeddings.patch_embeddings.projection.bias", CanonicalNames.PATCH_EMBED_BIAS,
		"layernorm.weight", CanonicalNames.NORM_WEIGHT,
		"layernorm.bias", CanonicalNames.NORM_BIAS);

	/** Hugging Face module path inside a layer -> canonical module path inside a block. */
	private static final Map<String, String> LAYER_MODULES = new LinkedHashMap<>();
	static {
		LAYER_MODULES.put("layernorm_before", "norm1");
		LAYER_MODULES.put("layernorm_after", "norm2");
		LAYER_MODULES.put("norm1", "norm1");
		LAYER_MODULES.put("norm2", "norm2");
		LAYER_MODULES.put("attention.output.dense", "attn.proj");
		LAYER_MODULES.put("intermediate.dense", "mlp.fc1");
		LAYER_MODULES.put("output.dense", "mlp.fc2");
		LAYER_MODULES.put("mlp.fc1", "mlp.fc1");
		LAYER_MODULES.put("mlp.fc2", "mlp.fc2");
		LAYER_MODULES.put("mlp.weights_in", "mlp.w12");
		LAYER_MODULES.put("mlp.weights_out", "mlp.w3");
	}

	private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\.(.+)");
	private static final Pattern QKV_PART = Pattern.compile(
		"attention\\.attention\\.(query|key|value)\\.(weight|bias)");
	private static final Pattern LAYER_SCALE = Pattern.compile("layer_scale([12])\\.lambda1");
	private static final List<String> QKV_ORDER = List.of("query", "key", "value");

	private HuggingFaceMapping() {}

	/** Removes a leading {@code vit.}, {@code dinov2.} or {@code dinov2_with_registers.}. */
	static String stripModelPrefix(final String name) {
		for (final String prefix : MODEL_PREFIXES)
			if (name.startsWith(prefix)) return name.substring(prefix.length());
		return name;
	}

	static Map<String, TensorData> map(final Map<String, TensorData> in, final List<String> dropped) {
		final Map<String, TensorData> out = new LinkedHashMap<>();
		// canonical qkv name -> part (query/key/value) -> tensor
		final Map<String, Map<String, TensorData>> qkvParts = new TreeMap<>();
		for (final Map.Entry<String, TensorData> e : in.entrySet()) {
			final String name = stripModelPrefix(e.getKey());
			final TensorData t = e.getValue();
			if (KeyMapper.isDropped(name) || name.equals("embeddings.mask_token")) {
				dropped.add(e.getKey());
				continue;
			}
			final String global = GLOBAL_NAMES.get(name);
			if (global != null) {
				KeyMapper.put(out, global, t);
				continue;
			}
			final Matcher layer = LAYER.matcher(name);
			if (!layer.matches()) {
				KeyMapper.put(out, e.getKey(), t);
				continue;
			}
			final int index = Integer.parseInt(layer.group(1));
			final String rest = layer.group(2);
			final Matcher qkv = QKV_PART.matcher(rest);
			if (qkv.matches()) {
				final String target = CanonicalNames.block(index, "attn.qkv." + qkv.group(2));
				qkvParts.computeIfAbsent(target, k -> new LinkedHashMap<>()).put(qkv.group(1), t);
				continue;
			}
			final String blockSuffix = blockSuffix(rest);
			KeyMapper.put(out, blockSuffix == null ? e.getKey() : CanonicalNames.block(index, blockSuffix), t);
		}
		for (final Map.Entry<String, Map<String, TensorData>> e : qkvParts.entrySet())
			putQkv(out, e.getKey(), e.getValue());
		return out;
	}

	/** Canonical suffix for a Hugging Face layer-relative name, or null if unknown. */
	private static String blockSuffix(final String rest) {
		final Matcher ls = LAYER_SCALE.matcher(rest);
		if (ls.matches()) return "ls" + ls.group(1) + ".gamma";
		for (final Map.Entry<String, String> m : LAYER_MODULES.entrySet()) {
			final String param = paramOf(rest, m.getKey());
			if (param != null) return m.getValue() + "." + param;
		}
		return null;
	}

	private static String paramOf(final String rest, final String module) {
		if (!rest.startsWith(module + ".")) return null;
		final String param = rest.substring(module.length() + 1);
		return param.equals("weight") || param.equals("bias") ? param : null;
	}

	private static void putQkv(final Map<String, TensorData> out, final String target,
		final Map<String, TensorData> parts)
	{
		final List<TensorData> ordered = new ArrayList<>();
		for (final String part : QKV_ORDER)
			if (parts.containsKey(part)) ordered.add(parts.get(part));
		if (ordered.size() == QKV_ORDER.size()) {
			try {
				out.put(target, TensorConcat.alongFirstDim(target, ordered));
				return;
			}
			catch (final IllegalArgumentException incompatible) {
				// fall through: reported by validation as unexpected parts and a missing qkv
			}
		}
		for (final TensorData t : parts.values())
			out.put(t.name(), t);
	}
}
