package sc.fiji.dinovit.model;

/**
 * The architecture of a DINO / DINOv2 Vision Transformer, as inferred from a checkpoint's
 * tensors. Immutable value.
 * <p>
 * Units: {@link #patchSize()} is in pixels; {@link #posGridSize()} is in patch tokens (the side
 * of the square grid of pretrained position embeddings, 28 for ViT-S/8 at 224 px, 37 for DINOv2).
 */
public final class ModelSpec {

	/** Which family of training code the weights come from. */
	public enum Family {
		/** DINO v1 (facebookresearch/dino): ViT-S/B with patch 8 or 16. */
		DINO_V1,
		/** DINOv2 (facebookresearch/dinov2): LayerScale, patch 14, optional register tokens. */
		DINO_V2
	}

	/** The feed-forward block of a transformer layer. */
	public enum MlpType {
		/** fc1, exact GELU, fc2. */
		MLP,
		/** SwiGLU as in DINOv2 ViT-g: w12 (two halves), SiLU(x1) * x2, w3. */
		SWIGLU
	}

	/** Layer norm epsilon of every DINO / DINOv2 model (whatever a Hugging Face config says). */
	public static final double LAYER_NORM_EPS = 1e-6;

	/** Head dimension of every DINO / DINOv2 model. */
	public static final int DEFAULT_HEAD_DIM = 64;

	private final Family family;
	private final int patchSize;
	private final int embedDim;
	private final int depth;
	private final int numHeads;
	private final MlpType mlpType;
	private final int mlpHiddenDim;
	private final boolean layerScale;
	private final int numRegisterTokens;
	private final int posGridSize;

	public ModelSpec(final Family family, final int patchSize, final int embedDim, final int depth,
		final int numHeads, final MlpType mlpType, final int mlpHiddenDim, final boolean layerScale,
		final int numRegisterTokens, final int posGridSize)
	{
		if (patchSize <= 0 || embedDim <= 0 || depth <= 0 || numHeads <= 0 || mlpHiddenDim <= 0 ||
			numRegisterTokens < 0 || posGridSize <= 0) throw new IllegalArgumentException(
				"Invalid model dimensions: patch " + patchSize + ", dim " + embedDim + ", depth " + depth +
					", heads " + numHeads + ", mlp " + mlpHiddenDim + ", registers " + numRegisterTokens +
					", pos grid " + posGridSize);
		if (embedDim % numHeads != 0) throw new IllegalArgumentException("Embedding dimension " +
			embedDim + " is not divisible by " + numHeads + " heads");
		this.family = family;
		this.patchSize = patchSize;
		this.embedDim = embedDim;
		this.depth = depth;
		this.numHeads = numHeads;
		this.mlpType = mlpType;
		this.mlpHiddenDim = mlpHiddenDim;
		this.layerScale = layerScale;
		this.numRegisterTokens = numRegisterTokens;
		this.posGridSize = posGridSize;
	}

	public Family family() { return family; }

	/** Patch size in pixels (8, 14 or 16). */
	public int patchSize() { return patchSize; }

	/** Embedding dimension D. */
	public int embedDim() { return embedDim; }

	/** Number of transformer blocks; valid layer indices are 0 .. depth - 1. */
	public int depth() { return depth; }

	public int numHeads() { return numHeads; }

	public int headDim() { return embedDim / numHeads; }

	public MlpType mlpType() { return mlpType; }

	/**
	 * Hidden width of the feed-forward block: fc1's output size for {@link MlpType#MLP}, and the
	 * size of each of the two halves of w12 (= w3's input size) for {@link MlpType#SWIGLU}.
	 */
	public int mlpHiddenDim() { return mlpHiddenDim; }

	/** Whether blocks scale their residual updates (DINOv2 LayerScale, ls1/ls2.gamma). */
	public boolean layerScale() { return layerScale; }

	/** Register tokens inserted after [CLS] (0 or 4). */
	public int numRegisterTokens() { return numRegisterTokens; }

	/** Tokens before the patch tokens: [CLS] plus registers. */
	public int numPrefixTokens() { return 1 + numRegisterTokens; }

	/** Side of the square grid of pretrained patch position embeddings, in tokens. */
	public int posGridSize() { return posGridSize; }

	/**
	 * Whether the position-embedding grid is resized with the antialiased, size-based bicubic
	 * filter (DINOv2 with registers) rather than the plain bicubic with the +0.1 scale offset
	 * (DINO v1 and DINOv2 without registers).
	 */
	public boolean antialiasedPosEmbed() { return numRegisterTokens > 0; }

	/** A short human-readable name such as "ViT-S/8 (DINO v1)". */
	public String describe() {
		final String size;
		switch (embedDim) {
			case 384: size = "S"; break;
			case 768: size = "B"; break;
			case 1024: size = "L"; break;
			case 1536: size = "g"; break;
			default: size = "D" + embedDim;
		}
		return "ViT-" + size + "/" + patchSize + " (" + (family == Family.DINO_V1 ? "DINO v1" : "DINOv2") +
			(numRegisterTokens > 0 ? ", " + numRegisterTokens + " registers" : "") + ", " + depth + " layers)";
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof ModelSpec)) return false;
		final ModelSpec s = (ModelSpec) o;
		return family == s.family && patchSize == s.patchSize && embedDim == s.embedDim &&
			depth == s.depth && numHeads == s.numHeads && mlpType == s.mlpType &&
			mlpHiddenDim == s.mlpHiddenDim && layerScale == s.layerScale &&
			numRegisterTokens == s.numRegisterTokens && posGridSize == s.posGridSize;
	}

	@Override
	public int hashCode() {
		return java.util.Objects.hash(family, patchSize, embedDim, depth, numHeads, mlpType,
			mlpHiddenDim, layerScale, numRegisterTokens, posGridSize);
	}

	@Override
	public String toString() {
		return describe() + " [dim " + embedDim + ", heads " + numHeads + ", mlp " + mlpType + " " +
			mlpHiddenDim + ", pos grid " + posGridSize + "]";
	}
}
