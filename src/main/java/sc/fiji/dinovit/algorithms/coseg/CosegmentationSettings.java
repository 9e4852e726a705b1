package sc.fiji.dinovit.algorithms.coseg;

import java.util.Arrays;

import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.vit.Facet;

/**
 * All parameters of co-segmentation, with the paper's defaults (reference-behaviour.md section
 * 3.1, function defaults): layer 11, facet key, stride 4, load_size 224, no binning, saliency
 * threshold 0.065, 75% votes, elbow 0.975 with k from 1 to 14, every 100th descriptor for
 * training, low-resolution saliency on, outlier removal off (threshold 0.7), k-means seed 1234
 * (faiss'). Immutable; build with {@link #builder()}.
 * <p>
 * Two groups: the extraction parameters ({@link #extraction()}: layer, facet, stride, load_size,
 * binning, saliency heads; and {@link #lowResSaliency()}) are used by whoever computes the
 * {@link CosegInput}s (the pipeline); the rest is
 * used by {@link Cosegmentation#run}. Units: stride and load_size in pixels, layers 0-based,
 * saliency in [0, 1] as min-max normalised per image, votes in percent of the (inlier) images.
 */
public final class CosegmentationSettings {

	private final ExtractionSettings extraction;
	private final boolean lowResSaliency;
	private final double saliencyThreshold;
	private final double votesPercentage;
	private final double elbow;
	private final int kMax;
	private final int sampleInterval;
	private final boolean removeOutliers;
	private final double outlierThreshold;
	private final boolean grabCut;
	private final long seed;
	private final int threads;

	private CosegmentationSettings(final Builder b) {
		if (b.layer < 0) throw new IllegalArgumentException("Layer must be 0 or more, got " + b.layer);
		if (b.facet == null) throw new IllegalArgumentException("Facet must not be null: use key, query, value or token");
		if (b.stride <= 0) throw new IllegalArgumentException("Stride must be positive, got " + b.stride);
		if (b.loadSize < 0) throw new IllegalArgumentException("load_size must be 0 (no resize) or positive, got " +
			b.loadSize);
		if (!Double.isFinite(b.saliencyThreshold)) throw new IllegalArgumentException(
			"Saliency threshold must be a finite number (the paper uses 0.065), got " + b.saliencyThreshold);
		if (!(b.votesPercentage > 0 && b.votesPercentage <= 100)) throw new IllegalArgumentException(
			"Votes percentage must be in (0, 100] (the paper uses 75), got " + b.votesPercentage);
		if (!(b.elbow > 0 && b.elbow <= 1)) throw new IllegalArgumentException(
			"Elbow coefficient must be in (0, 1] (the paper uses 0.975), got " + b.elbow);
		if (b.kMax < 1) throw new IllegalArgumentException("kMax must be at least 1 (the paper uses 14), got " + b.kMax);
		if (b.sampleInterval < 1) throw new IllegalArgumentException(
			"Sample interval must be at least 1 (the paper uses 100), got " + b.sampleInterval);
		if (!(b.outlierThreshold >= -1 && b.outlierThreshold <= 1)) throw new IllegalArgumentException(
			"Outlier threshold is a cosine similarity in [-1, 1] (the paper uses 0.7), got " + b.outlierThreshold);
		if (b.threads < 1) throw new IllegalArgumentException("Threads must be at least 1, got " + b.threads);
		this.extraction = ExtractionSettings.builder().layer(b.layer).facet(b.facet).stride(b.stride).loadSize(
			b.loadSize).bin(b.bin).saliencyHeads(b.saliencyHeads).build();
		this.lowResSaliency = b.lowResSaliency;
		this.saliencyThreshold = b.saliencyThreshold;
		this.votesPercentage = b.votesPercentage;
		this.elbow = b.elbow;
		this.kMax = b.kMax;
		this.sampleInterval = b.sampleInterval;
		this.removeOutliers = b.removeOutliers;
		this.outlierThreshold = b.outlierThreshold;
		this.grabCut = b.grabCut;
		this.seed = b.seed;
		this.threads = b.threads;
	}

	/** A builder holding the paper's defaults. */
	public static Builder builder() {
		return new Builder();
	}

	/** The paper's defaults. */
	public static CosegmentationSettings defaults() {
		return builder().build();
	}

	/**
	 * The descriptor pass: layer, facet, stride, load_size, binning and saliency heads (its
	 * saliency and [CLS] flags are off; the pipeline sets them from {@link #lowResSaliency()} and
	 * {@link #removeOutliers()}).
	 */
	public ExtractionSettings extraction() { return extraction; }

	/** Block whose facet gives the descriptors (0-based; the paper uses 11, the last of ViT-S). */
	public int layer() { return extraction.layer(); }

	public Facet facet() { return extraction.facet(); }

	/** Patch-embedding stride in pixels for the descriptors; must divide the model's patch size. */
	public int stride() { return extraction.stride(); }

	/** Shorter side after resizing, in pixels; 0 = no resize (the reference CLI's default). */
	public int loadSize() { return extraction.loadSize(); }

	/** Whether descriptors are log-binned. */
	public boolean bin() { return extraction.bin(); }

	/**
	 * Whether saliency comes from a second pass on the original image resized to half the
	 * descriptor image's size, at stride = patch size (the paper's default), rather than from the
	 * descriptor pass itself.
	 */
	public boolean lowResSaliency() { return lowResSaliency; }

	/** Attention heads averaged for saliency, or null for the model's default. */
	public int[] saliencyHeads() { return extraction.saliencyHeads(); }

	/** A label is salient in an image when its patches' mean saliency is strictly above this (tau). */
	public double saliencyThreshold() { return saliencyThreshold; }

	/** Percentage p of images that must find a label salient: votes >= ceil(N p / 100). */
	public double votesPercentage() { return votesPercentage; }

	/** Elbow coefficient: the search stops at the first k >= 2 with e_k > elbow * e_(k-1). */
	public double elbow() { return elbow; }

	/** Largest k tried by the elbow search. */
	public int kMax() { return kMax; }

	/** k-means trains on descriptors 0, n, 2n, ... of every image (n = this). */
	public int sampleInterval() { return sampleInterval; }

	/** Whether images whose [CLS] descriptor is far from the set's mean get an empty mask. */
	public boolean removeOutliers() { return removeOutliers; }

	/** Images with cosine similarity to the mean [CLS] at or above this are inliers. */
	public double outlierThreshold() { return outlierThreshold; }

	/** Whether the upsampled patch mask is refined with GrabCut (the paper does; off = coarse mask). */
	public boolean grabCut() { return grabCut; }

	/** Seed of the k-means (subsampling and restarts); equal seeds give equal results. */
	public long seed() { return seed; }

	/** Worker threads for assigning descriptors to centroids; results do not depend on it. */
	public int threads() { return threads; }

	public Builder toBuilder() {
		final Builder b = new Builder().extraction(extraction);
		b.lowResSaliency = lowResSaliency;
		b.saliencyThreshold = saliencyThreshold;
		b.votesPercentage = votesPercentage;
		b.elbow = elbow;
		b.kMax = kMax;
		b.sampleInterval = sampleInterval;
		b.removeOutliers = removeOutliers;
		b.outlierThreshold = outlierThreshold;
		b.grabCut = grabCut;
		b.seed = seed;
		b.threads = threads;
		return b;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof CosegmentationSettings)) return false;
		final CosegmentationSettings s = (CosegmentationSettings) o;
		return layer() == s.layer() && facet() == s.facet() && stride() == s.stride() && loadSize() == s.loadSize() &&
			bin() == s.bin() && lowResSaliency == s.lowResSaliency && Arrays.equals(saliencyHeads(), s.saliencyHeads()) &&
			Double.compare(saliencyThreshold, s.saliencyThreshold) == 0 &&
			Double.compare(votesPercentage, s.votesPercentage) == 0 && Double.compare(elbow, s.elbow) == 0 &&
			kMax == s.kMax && sampleInterval == s.sampleInterval && removeOutliers == s.removeOutliers &&
			Double.compare(outlierThreshold, s.outlierThreshold) == 0 && grabCut == s.grabCut && seed == s.seed &&
			threads == s.threads;
	}

	@Override
	public int hashCode() {
		return toString().hashCode();
	}

	@Override
	public String toString() {
		final int[] saliencyHeads = saliencyHeads();
		return "layer=" + layer() + " facet=" + facet().key() + " stride=" + stride() + " load_size=" + loadSize() +
			" bin=" + bin() + " low_res_saliency=" + lowResSaliency + (saliencyHeads == null ? "" : " heads=" + Arrays
				.toString(saliencyHeads)) + " thresh=" + saliencyThreshold + " votes_percentage=" + votesPercentage + " elbow=" +
			elbow + " k_max=" + kMax + " sample_interval=" + sampleInterval + " remove_outliers=" + removeOutliers +
			" outliers_thresh=" + outlierThreshold + " grabcut=" + grabCut + " seed=" + seed + " threads=" + threads;
	}

	/** Builder starting from the paper's defaults. Not thread-safe. */
	public static final class Builder {
		private int layer = 11;
		private Facet facet = Facet.KEY;
		private int stride = 4;
		private int loadSize = 224;
		private boolean bin;
		private boolean lowResSaliency = true;
		private int[] saliencyHeads;
		private double saliencyThreshold = 0.065;
		private double votesPercentage = 75;
		private double elbow = 0.975;
		private int kMax = 14;
		private int sampleInterval = 100;
		private boolean removeOutliers;
		private double outlierThreshold = 0.7;
		private boolean grabCut = true;
		private long seed = 1234;
		private int threads = 1;

		private Builder() {}

		public Builder layer(final int v) { layer = v; return this; }

		public Builder facet(final Facet v) { facet = v; return this; }

		public Builder stride(final int v) { stride = v; return this; }

		public Builder loadSize(final int v) { loadSize = v; return this; }

		public Builder bin(final boolean v) { bin = v; return this; }

		/**
		 * Takes layer, facet, stride, load_size, binning and saliency heads from extraction settings
		 * (their saliency and [CLS] flags are not used).
		 */
		public Builder extraction(final ExtractionSettings e) {
			layer = e.layer();
			facet = e.facet();
			stride = e.stride();
			loadSize = e.loadSize();
			bin = e.bin();
			saliencyHeads = e.saliencyHeads();
			return this;
		}

		public Builder lowResSaliency(final boolean v) { lowResSaliency = v; return this; }

		/** Heads for saliency; null = the model's default. */
		public Builder saliencyHeads(final int... v) { saliencyHeads = v == null ? null : v.clone(); return this; }

		public Builder saliencyThreshold(final double v) { saliencyThreshold = v; return this; }

		public Builder votesPercentage(final double v) { votesPercentage = v; return this; }

		public Builder elbow(final double v) { elbow = v; return this; }

		public Builder kMax(final int v) { kMax = v; return this; }

		public Builder sampleInterval(final int v) { sampleInterval = v; return this; }

		public Builder removeOutliers(final boolean v) { removeOutliers = v; return this; }

		public Builder outlierThreshold(final double v) { outlierThreshold = v; return this; }

		public Builder grabCut(final boolean v) { grabCut = v; return this; }

		public Builder seed(final long v) { seed = v; return this; }

		public Builder threads(final int v) { threads = v; return this; }

		/** @throws IllegalArgumentException naming the bad value and its valid range */
		public CosegmentationSettings build() {
			return new CosegmentationSettings(this);
		}
	}
}
