package sc.fiji.dinovit.model;

import java.util.Map;

/**
 * The tensor naming conventions a DINO / DINOv2 checkpoint may follow.
 * <p>
 * timm's DINO v1 files (and its DINOv2 files other than giant and reg4) use exactly the
 * official names; such a file is reported as {@link #TIMM} only when something timm-specific
 * shows (see {@link #detect(Map)}), otherwise as {@link #OFFICIAL}. Either way the mapping is
 * the same.
 */
public enum NamingScheme {

	/** facebookresearch/dino and facebookresearch/dinov2 state dicts. */
	OFFICIAL("official DINO/DINOv2"),
	/** timm {@code vit_*_dino} and {@code vit_*_dinov2} re-uploads. */
	TIMM("timm"),
	/** Hugging Face transformers ViTModel (DINO v1), Dinov2Model, Dinov2WithRegistersModel. */
	HUGGING_FACE("Hugging Face transformers");

	private final String description;

	NamingScheme(final String description) {
		this.description = description;
	}

	/** Human-readable name for messages. */
	public String description() {
		return description;
	}

	@Override
	public String toString() {
		return description;
	}

	/**
	 * Guesses the scheme from the names and shapes of a checkpoint's tensors (wrapper prefixes
	 * such as {@code module.} already removed).
	 * <ul>
	 * <li>{@link #HUGGING_FACE}: any name (after an optional {@code vit.} / {@code dinov2.}) starts
	 * with {@code embeddings.} or {@code encoder.layer.}.</li>
	 * <li>{@link #TIMM}: {@code reg_token} or {@code fc_norm.*}; a {@code pos_embed} without the
	 * class row (a square number of rows); a packed SwiGLU {@code mlp.fc1} (twice as many rows as
	 * {@code mlp.fc2} has columns); or LayerScale without the {@code mask_token} every official
	 * DINOv2 file has.</li>
	 * <li>{@link #OFFICIAL} otherwise.</li>
	 * </ul>
	 */
	public static NamingScheme detect(final Map<String, TensorShape> shapes) {
		for (final String name : shapes.keySet()) {
			final String bare = HuggingFaceMapping.stripModelPrefix(name);
			if (bare.startsWith("embeddings.") || bare.startsWith("encoder.layer.")) return HUGGING_FACE;
		}
		return looksLikeTimm(shapes) ? TIMM : OFFICIAL;
	}

	private static boolean looksLikeTimm(final Map<String, TensorShape> shapes) {
		if (shapes.containsKey(TimmMapping.REG_TOKEN)) return true;
		boolean layerScale = false;
		for (final Map.Entry<String, TensorShape> e : shapes.entrySet()) {
			final String name = e.getKey();
			if (name.startsWith("fc_norm.")) return true;
			if (name.endsWith("." + CanonicalNames.LS1_GAMMA)) layerScale = true;
			if (name.endsWith("." + CanonicalNames.FC1_WEIGHT)) {
				final String prefix = name.substring(0, name.length() - CanonicalNames.FC1_WEIGHT.length());
				if (TimmMapping.isPackedSwiGlu(e.getValue(), shapes.get(prefix + CanonicalNames.FC2_WEIGHT)))
					return true;
			}
		}
		if (TimmMapping.isPosEmbedWithoutClassRow(shapes.get(CanonicalNames.POS_EMBED))) return true;
		return layerScale && !shapes.containsKey(CanonicalNames.MASK_TOKEN);
	}
}
