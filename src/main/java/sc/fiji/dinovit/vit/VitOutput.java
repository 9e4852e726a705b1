package sc.fiji.dinovit.vit;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What one forward pass captured, as plain Java arrays (no native memory).
 * <p>
 * Token order in every per-token array: [CLS], then the register tokens (DINOv2 with registers),
 * then the patch tokens row-major over {@link #grid()}. Facet channels are in the qkv
 * projection's native head-major order: channel = head * headDim + j.
 */
public final class VitOutput {

	private final PatchGrid grid;
	private final int numPrefixTokens;
	private final int dim;
	private final int numHeads;
	private final Map<Long, float[]> facets;
	private final Map<Integer, float[]> clsAttention;
	private final float[] finalNorm;

	VitOutput(final PatchGrid grid, final int numPrefixTokens, final int dim, final int numHeads,
		final Map<Long, float[]> facets, final Map<Integer, float[]> clsAttention, final float[] finalNorm)
	{
		this.grid = grid;
		this.numPrefixTokens = numPrefixTokens;
		this.dim = dim;
		this.numHeads = numHeads;
		this.facets = Collections.unmodifiableMap(new HashMap<>(facets));
		this.clsAttention = Collections.unmodifiableMap(new HashMap<>(clsAttention));
		this.finalNorm = finalNorm;
	}

	static long key(final int layer, final Facet facet) {
		return ((long) layer << 8) | facet.ordinal();
	}

	public PatchGrid grid() { return grid; }

	/** [CLS] plus register tokens. */
	public int numPrefixTokens() { return numPrefixTokens; }

	/** Total tokens t = prefix + rows * cols. */
	public int numTokens() { return numPrefixTokens + grid.numPatches(); }

	/** Channels per token (the embedding dimension D). */
	public int dim() { return dim; }

	public int numHeads() { return numHeads; }

	public boolean hasFacet(final int layer, final Facet facet) {
		return facets.containsKey(key(layer, facet));
	}

	/**
	 * All tokens of a captured facet: t * D values, token-major. The array is shared, do not
	 * modify it.
	 *
	 * @throws IllegalArgumentException if it was not requested
	 */
	public float[] facet(final int layer, final Facet facet) {
		final float[] f = facets.get(key(layer, facet));
		if (f == null) throw new IllegalArgumentException("Facet " + facet.key() + " of layer " + layer +
			" was not requested in this forward pass");
		return f;
	}

	/**
	 * Post-softmax attention of the [CLS] query to every token (itself, registers, patches) of a
	 * captured layer: numHeads * t values, head-major. Shared array, do not modify.
	 */
	public float[] clsAttention(final int layer) {
		final float[] a = clsAttention.get(layer);
		if (a == null) throw new IllegalArgumentException("Attention of layer " + layer +
			" was not requested in this forward pass");
		return a;
	}

	/** Output of the final LayerNorm (t * D) or null if it was not requested. */
	public float[] finalNorm() {
		return finalNorm;
	}
}
