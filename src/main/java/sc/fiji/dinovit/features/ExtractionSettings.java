package sc.fiji.dinovit.features;

import java.util.Arrays;

import sc.fiji.dinovit.vit.Facet;

/**
 * How to extract dense descriptors from one image. Immutable; defaults are the paper's
 * co-segmentation settings (layer 11, key, stride 4, load_size 224, no binning, no [CLS]).
 * Layers are 0-based; stride and load_size are in pixels (load_size: the shorter side after
 * resizing, 0 = keep the image's size).
 */
public final class ExtractionSettings {

	private final int layer;
	private final Facet facet;
	private final int stride;
	private final int loadSize;
	private final boolean bin;
	private final boolean includeCls;
	private final boolean saliency;
	private final int[] saliencyHeads;

	private ExtractionSettings(final Builder b) {
		if (b.loadSize < 0) throw new IllegalArgumentException("load_size must be 0 (no resize) or positive, got " +
			b.loadSize);
		if (b.layer < 0) throw new IllegalArgumentException("Layer must be 0 or more, got " + b.layer);
		this.layer = b.layer;
		this.facet = b.facet;
		this.stride = b.stride;
		this.loadSize = b.loadSize;
		this.bin = b.bin;
		this.includeCls = b.includeCls;
		this.saliency = b.saliency;
		this.saliencyHeads = b.saliencyHeads == null ? null : b.saliencyHeads.clone();
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The paper's defaults. */
	public static ExtractionSettings defaults() {
		return builder().build();
	}

	public int layer() { return layer; }

	public Facet facet() { return facet; }

	/** Patch-embedding stride in pixels; must divide the model's patch size. */
	public int stride() { return stride; }

	/** Shorter side after resizing, in pixels; 0 = no resize. */
	public int loadSize() { return loadSize; }

	public boolean bin() { return bin; }

	public boolean includeCls() { return includeCls; }

	/** Whether to compute the [CLS]-attention saliency of the last layer as well. */
	public boolean saliency() { return saliency; }

	/** Heads averaged for saliency, or null for the model's default. */
	public int[] saliencyHeads() { return saliencyHeads == null ? null : saliencyHeads.clone(); }

	public Builder toBuilder() {
		final Builder b = new Builder();
		b.layer = layer;
		b.facet = facet;
		b.stride = stride;
		b.loadSize = loadSize;
		b.bin = bin;
		b.includeCls = includeCls;
		b.saliency = saliency;
		b.saliencyHeads = saliencyHeads;
		return b;
	}

	@Override
	public String toString() {
		return "layer=" + layer + " facet=" + facet.key() + " stride=" + stride + " load_size=" + loadSize +
			" bin=" + bin + " include_cls=" + includeCls + " saliency=" + saliency +
			(saliencyHeads == null ? "" : " heads=" + Arrays.toString(saliencyHeads));
	}

	/** Builder with the paper's defaults. */
	public static final class Builder {
		private int layer = 11;
		private Facet facet = Facet.KEY;
		private int stride = 4;
		private int loadSize = 224;
		private boolean bin;
		private boolean includeCls;
		private boolean saliency;
		private int[] saliencyHeads;

		public Builder layer(final int v) { layer = v; return this; }

		public Builder facet(final Facet v) { facet = v; return this; }

		public Builder stride(final int v) { stride = v; return this; }

		public Builder loadSize(final int v) { loadSize = v; return this; }

		public Builder bin(final boolean v) { bin = v; return this; }

		public Builder includeCls(final boolean v) { includeCls = v; return this; }

		public Builder saliency(final boolean v) { saliency = v; return this; }

		/** Heads for saliency; null = the model's default. */
		public Builder saliencyHeads(final int... v) { saliencyHeads = v == null ? null : v.clone(); return this; }

		public ExtractionSettings build() {
			return new ExtractionSettings(this);
		}
	}
}
