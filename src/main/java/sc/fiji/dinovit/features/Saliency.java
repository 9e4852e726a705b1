package sc.fiji.dinovit.features;

import java.util.Arrays;

import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.vit.VitOutput;

/**
 * Saliency from [CLS] attention: the post-softmax attention of the [CLS] query to each patch
 * token (registers excluded) in one layer (the last one by convention), averaged over chosen
 * heads, min-max normalised to [0, 1] over the image's patches.
 * <p>
 * Unlike the reference, which only supports DINO ViT-S/8, any model works: ViT-S/8 of DINO v1
 * defaults to heads 0, 2, 4, 5 (the paper's choice; heads 1 and 3 attend to the background),
 * every other model to all heads. A constant map (max = min) gives all zeros instead of the
 * reference's division by zero.
 */
public final class Saliency {

	private Saliency() {}

	/** The paper's heads for DINO v1 ViT-S/8, all heads for every other model. */
	public static int[] defaultHeads(final ModelSpec spec) {
		if (spec.family() == ModelSpec.Family.DINO_V1 && spec.patchSize() == 8 && spec.embedDim() == 384 &&
			spec.numHeads() == 6) return new int[] { 0, 2, 4, 5 };
		final int[] all = new int[spec.numHeads()];
		for (int i = 0; i < all.length; i++)
			all[i] = i;
		return all;
	}

	/**
	 * Parses a head list such as "0,2,4,5" or "all" (empty = default) for a model.
	 *
	 * @throws IllegalArgumentException naming the valid range for bad entries
	 */
	public static int[] parseHeads(final String text, final ModelSpec spec) {
		if (text == null || text.trim().isEmpty()) return defaultHeads(spec);
		if (text.trim().equalsIgnoreCase("all")) {
			final int[] all = new int[spec.numHeads()];
			for (int i = 0; i < all.length; i++)
				all[i] = i;
			return all;
		}
		final String[] parts = text.split("[,;\\s]+");
		final int[] heads = new int[parts.length];
		for (int i = 0; i < parts.length; i++) {
			try {
				heads[i] = Integer.parseInt(parts[i].trim());
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("Bad head '" + parts[i] + "' in '" + text +
					"': give comma-separated numbers from 0 to " + (spec.numHeads() - 1) + ", or 'all'");
			}
		}
		validateHeads(heads, spec.numHeads());
		return heads;
	}

	/**
	 * Checks a head list against a model's head count.
	 *
	 * @throws IllegalArgumentException for an empty list or a head outside [0, numHeads)
	 */
	public static void validateHeads(final int[] heads, final int numHeads) {
		if (heads.length == 0) throw new IllegalArgumentException("No attention heads chosen for saliency");
		for (final int h : heads)
			if (h < 0 || h >= numHeads) throw new IllegalArgumentException("Head " + h +
				" does not exist: this model has " + numHeads + " heads, numbered 0 to " + (numHeads - 1));
	}

	/**
	 * Saliency of every patch, row-major over the grid, in [0, 1].
	 *
	 * @param out a forward pass that captured the attention of {@code layer}
	 * @param layer usually the last layer
	 * @param heads heads to average
	 */
	public static float[] compute(final VitOutput out, final int layer, final int[] heads) {
		validateHeads(heads, out.numHeads());
		final float[] attn = out.clsAttention(layer);
		final int t = out.numTokens();
		final int prefix = out.numPrefixTokens();
		final int n = out.grid().numPatches();
		final double[] mean = new double[n];
		for (final int h : heads)
			for (int i = 0; i < n; i++)
				mean[i] += attn[h * t + prefix + i];
		final float[] s = new float[n];
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (int i = 0; i < n; i++) {
			mean[i] /= heads.length;
			min = Math.min(min, mean[i]);
			max = Math.max(max, mean[i]);
		}
		if (!(max > min)) {
			Arrays.fill(s, 0f);
			return s;
		}
		for (int i = 0; i < n; i++)
			s[i] = (float) ((mean[i] - min) / (max - min));
		return s;
	}
}
