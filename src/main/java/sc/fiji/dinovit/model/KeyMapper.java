package sc.fiji.dinovit.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Renames a checkpoint's tensors from any {@link NamingScheme} to the {@link CanonicalNames},
 * converting where the schemes differ in more than names:
 * <ul>
 * <li>Hugging Face: separate query / key / value projections are concatenated (rows q | k | v)
 * into {@code attn.qkv}, in new heap buffers.</li>
 * <li>timm: packed SwiGLU {@code mlp.fc1/fc2} become {@code mlp.w12/w3}; {@code reg_token}
 * becomes {@code register_tokens}; a {@code pos_embed} without the class row (timm reg4, whose
 * {@code cls_token} already holds the class position embedding) gets a zero class row prepended,
 * which gives exactly the same forward pass.</li>
 * </ul>
 * Classification heads, poolers, the training-only mask token, timm's {@code fc_norm} and integer
 * {@code position_ids} buffers are dropped without complaint. Unrecognised names are kept as
 * they are; {@link ModelWeightsLoader} reports them.
 * <p>
 * Wrapper prefixes {@code module.} (DataParallel) and {@code backbone.} are removed when every
 * name carries them.
 */
public final class KeyMapper {

	private static final String[] WRAPPER_PREFIXES = { "module.", "backbone." };

	private KeyMapper() {}

	/** Removes wrappers, detects the naming scheme and maps to canonical names. */
	public static CanonicalTensors toCanonical(final Map<String, TensorData> tensors) {
		final Map<String, TensorData> unwrapped = stripWrapperPrefixes(tensors);
		return toCanonical(unwrapped, NamingScheme.detect(shapesOf(unwrapped)));
	}

	/** Maps to canonical names under a known scheme (wrapper prefixes are still removed). */
	public static CanonicalTensors toCanonical(final Map<String, TensorData> tensors,
		final NamingScheme scheme)
	{
		final Map<String, TensorData> unwrapped = stripWrapperPrefixes(tensors);
		final List<String> dropped = new ArrayList<>();
		final Map<String, TensorData> canonical;
		switch (scheme) {
			case HUGGING_FACE:
				canonical = HuggingFaceMapping.map(unwrapped, dropped);
				break;
			case TIMM:
				canonical = TimmMapping.map(unwrapped, dropped);
				break;
			default:
				canonical = OfficialMapping.map(unwrapped, dropped);
		}
		return new CanonicalTensors(scheme, canonical, dropped);
	}

	/**
	 * Removes {@code module.} and {@code backbone.} (in any nesting) as long as every name
	 * starts with it.
	 */
	public static Map<String, TensorData> stripWrapperPrefixes(final Map<String, TensorData> tensors) {
		Map<String, TensorData> current = tensors;
		boolean stripped = true;
		while (stripped && !current.isEmpty()) {
			stripped = false;
			for (final String prefix : WRAPPER_PREFIXES) {
				if (current.keySet().stream().allMatch(k -> k.startsWith(prefix))) {
					final Map<String, TensorData> next = new LinkedHashMap<>();
					for (final Map.Entry<String, TensorData> e : current.entrySet()) {
						final String name = e.getKey().substring(prefix.length());
						next.put(name, e.getValue().renamed(name));
					}
					current = next;
					stripped = true;
				}
			}
		}
		return current;
	}

	/** Name to shape, in the same order. */
	public static Map<String, TensorShape> shapesOf(final Map<String, TensorData> tensors) {
		final Map<String, TensorShape> shapes = new LinkedHashMap<>();
		for (final Map.Entry<String, TensorData> e : tensors.entrySet())
			shapes.put(e.getKey(), TensorShape.of(e.getValue()));
		return shapes;
	}

	/**
	 * Whether a tensor (official or timm name, or Hugging Face name without model prefix) is left
	 * out on purpose: heads, poolers, the mask token, timm's fc_norm, position id buffers.
	 */
	static boolean isDropped(final String name) {
		return name.equals(CanonicalNames.MASK_TOKEN) || name.startsWith("head.") ||
			name.startsWith("heads.") || name.startsWith("pooler.") || name.startsWith("classifier.") ||
			name.startsWith("fc_norm.") || name.equals("position_ids") || name.endsWith(".position_ids");
	}

	static void put(final Map<String, TensorData> out, final String name, final TensorData tensor) {
		out.put(name, name.equals(tensor.name()) ? tensor : tensor.renamed(name));
	}
}
