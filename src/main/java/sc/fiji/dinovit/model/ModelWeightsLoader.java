package sc.fiji.dinovit.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import sc.fiji.dinovit.model.checkpoint.Checkpoint;
import sc.fiji.dinovit.model.checkpoint.TensorData;

/**
 * Turns the tensors of a checkpoint, in any {@link NamingScheme}, into validated
 * {@link ModelWeights}: map to canonical names ({@link KeyMapper}), infer the architecture
 * ({@link ModelSpecInference}), then require exactly the tensors and shapes of
 * {@link CanonicalLayout} with floating point types.
 * <p>
 * The returned weights share the checkpoint's buffers (except tensors the mapping had to build,
 * such as a Hugging Face qkv), so keep the checkpoint open while they are used.
 */
public final class ModelWeightsLoader {

	private static final int KEYS_SHOWN = 10;

	private ModelWeightsLoader() {}

	/**
	 * @throws ModelFormatException naming the file, the naming scheme and every problem found
	 */
	public static ModelWeights load(final Checkpoint checkpoint) throws ModelFormatException {
		return load(checkpoint.tensors(), String.valueOf(checkpoint.source()));
	}

	/**
	 * @param tensors name to tensor as read from the file
	 * @param sourceName the file, for messages
	 * @throws ModelFormatException naming the file, the naming scheme and every problem found
	 */
	public static ModelWeights load(final Map<String, TensorData> tensors, final String sourceName)
		throws ModelFormatException
	{
		final CanonicalTensors canonical = KeyMapper.toCanonical(tensors);
		final String source = "'" + sourceName + "' (" + canonical.scheme() + " names)";
		if (!looksLikeVit(canonical.tensors())) throw new ModelFormatException("Checkpoint " +
			source + " does not look like a DINO/DINOv2 ViT: found keys " + firstKeys(tensors) +
			". Use a DINO or DINOv2 backbone checkpoint (official .pth, timm or Hugging Face).");
		final ModelSpec spec;
		try {
			spec = ModelSpecInference.infer(canonical.shapes());
		}
		catch (final ModelFormatException e) {
			throw new ModelFormatException("Cannot infer the architecture of checkpoint " + source + ": " +
				e.getMessage() + ". Found keys " + firstKeys(tensors) +
				". The file may be damaged or not a plain DINO/DINOv2 backbone; download it again.", e);
		}
		final Map<String, TensorShape> expected = CanonicalLayout.expectedShapes(spec);
		final LayoutMismatch mismatch = LayoutMismatch.compare(expected, canonical.tensors());
		if (!mismatch.isEmpty()) throw new ModelFormatException("Checkpoint " + source +
			" does not fit the architecture its tensors suggest, " + spec + ": " + mismatch.summary() +
			mismatch.describe() + "\nThe file may be damaged, truncated or a modified model; download " +
			"the original DINO/DINOv2 backbone weights again.", mismatch, null);
		final Map<String, TensorData> ordered = new LinkedHashMap<>();
		for (final String name : expected.keySet())
			ordered.put(name, canonical.tensors().get(name));
		return new ModelWeights(spec, ordered, source);
	}

	private static boolean looksLikeVit(final Map<String, TensorData> canonical) {
		return canonical.containsKey(CanonicalNames.PATCH_EMBED_WEIGHT) ||
			canonical.keySet().stream().anyMatch(k -> CanonicalNames.blockIndex(k).isPresent());
	}

	private static String firstKeys(final Map<String, TensorData> tensors) {
		final String shown = tensors.keySet().stream().limit(KEYS_SHOWN).collect(Collectors.joining(
			", ", "[", tensors.size() > KEYS_SHOWN ? ", ...]" : "]"));
		return shown + " (" + tensors.size() + " tensors)";
	}
}
