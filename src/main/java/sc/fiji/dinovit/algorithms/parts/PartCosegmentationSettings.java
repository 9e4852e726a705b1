package sc.fiji.dinovit.algorithms.parts;

import sc.fiji.dinovit.algorithms.crf.DenseCrfSettings;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.vit.Facet;

/**
 * Settings of part co-segmentation (reference-behaviour §4.1). Immutable; build with
 * {@link #builder()}, whose defaults are the reference's function defaults for large sets
 * (two stages, no augmentation, 4 parts). For small sets (fewer than ~10 images) the reference's
 * notebook uses {@link #smallSetDefaults()}: three stages and 20 crop/flip augmentations.
 * <p>
 * The extraction fields ({@link #extraction()}: layer, facet, stride, load_size; and
 * {@link #lowResSaliency()}, {@link #cropAugmentations()}) are used by the
 * feature pipeline that prepares the {@link PartInput}s; {@link PartCosegmentation} itself only
 * reads the clustering, voting and CRF fields. {@link #seed()} seeds every k-means run (faiss'
 * 1234 by default) and the augmentation crops.
 */
public final class PartCosegmentationSettings {

	private final int numParts;
	private final boolean threeStages;
	private final double elbow;
	private final double elbowSecondStage;
	private final int maxClusters;
	private final double saliencyThreshold;
	private final int votesPercentage;
	private final int sampleInterval;
	private final boolean crf;
	private final DenseCrfSettings crfSettings;
	private final long seed;
	private final ExtractionSettings extraction;
	private final boolean lowResSaliency;
	private final int cropAugmentations;

	private PartCosegmentationSettings(final Builder b) {
		if (b.numParts < 1) throw new IllegalArgumentException("num_parts must be at least 1, got " + b.numParts);
		if (!(b.elbow > 0 && b.elbow <= 1)) throw new IllegalArgumentException("elbow must be in (0, 1], got " +
			b.elbow);
		if (!(b.elbowSecondStage > 0 && b.elbowSecondStage <= 1)) throw new IllegalArgumentException(
			"elbow_second_stage must be in (0, 1], got " + b.elbowSecondStage);
		if (b.maxClusters < 1) throw new IllegalArgumentException("The largest k of the elbow search must be >= 1, got " +
			b.maxClusters);
		if (!Double.isFinite(b.saliencyThreshold)) throw new IllegalArgumentException(
			"The saliency threshold must be finite, got " + b.saliencyThreshold);
		if (b.votesPercentage < 1 || b.votesPercentage > 100) throw new IllegalArgumentException(
			"votes_percentage must be 1 to 100, got " + b.votesPercentage);
		if (b.sampleInterval < 1) throw new IllegalArgumentException("sample_interval must be >= 1, got " +
			b.sampleInterval);
		if (b.crfSettings == null) throw new IllegalArgumentException("CRF settings must not be null");
		if (b.facet == null) throw new IllegalArgumentException("facet must not be null");
		if (b.layer < 0) throw new IllegalArgumentException("layer must be >= 0, got " + b.layer);
		if (b.stride < 1) throw new IllegalArgumentException("stride must be >= 1, got " + b.stride);
		if (b.loadSize < 0) throw new IllegalArgumentException("load_size must be 0 (no resize) or positive, got " +
			b.loadSize);
		if (b.cropAugmentations < 0) throw new IllegalArgumentException("num_crop_augmentations must be >= 0, got " +
			b.cropAugmentations);
		numParts = b.numParts;
		threeStages = b.threeStages;
		elbow = b.elbow;
		elbowSecondStage = b.elbowSecondStage;
		maxClusters = b.maxClusters;
		saliencyThreshold = b.saliencyThreshold;
		votesPercentage = b.votesPercentage;
		sampleInterval = b.sampleInterval;
		crf = b.crf;
		crfSettings = b.crfSettings;
		seed = b.seed;
		extraction = ExtractionSettings.builder().layer(b.layer).facet(b.facet).stride(b.stride).loadSize(b.loadSize)
			.build();
		lowResSaliency = b.lowResSaliency;
		cropAugmentations = b.cropAugmentations;
	}

	/** A builder holding the reference's function defaults (large sets). */
	public static Builder builder() {
		return new Builder();
	}

	/** The reference's function defaults (large sets: 2 stages, no augmentation). */
	public static PartCosegmentationSettings defaults() {
		return builder().build();
	}

	/** The reference notebook's configuration for small sets: three stages, 20 augmentations, load_size 360. */
	public static PartCosegmentationSettings smallSetDefaults() {
		return builder().threeStages(true).cropAugmentations(20).loadSize(360).build();
	}

	/** Number of parts (k of the last k-means). Default 4. */
	public int numParts() { return numParts; }

	/** Whether to run the third stage (common parts only). Default false. */
	public boolean threeStages() { return threeStages; }

	/** Elbow coefficient of stage 1 (foreground/background clustering). Default 0.975. */
	public double elbow() { return elbow; }

	/** Elbow coefficient of stage 2 in three-stage mode. Default 0.94. */
	public double elbowSecondStage() { return elbowSecondStage; }

	/** Largest k tried by the elbow searches. Default 14. */
	public int maxClusters() { return maxClusters; }

	/** Saliency threshold τ: a cluster gets an image's vote if its mean saliency there is > τ. Default 0.065. */
	public double saliencyThreshold() { return saliencyThreshold; }

	/** Percentage p: a cluster is salient with at least ceil(N p / 100) votes. Default 75. */
	public int votesPercentage() { return votesPercentage; }

	/** Every n-th descriptor per image trains the k-means (n = this). Default 100. */
	public int sampleInterval() { return sampleInterval; }

	/** Whether to refine labels with the dense CRF (false: nearest part per patch). Default true. */
	public boolean crf() { return crf; }

	/** CRF kernels and iterations. Default {@link DenseCrfSettings#REFERENCE}. */
	public DenseCrfSettings crfSettings() { return crfSettings; }

	/** Seed of every k-means run and of the augmentation crops. Default 1234 (faiss). */
	public long seed() { return seed; }

	/**
	 * The descriptor pass (pipeline only): layer, facet, stride, load_size; not binned, no [CLS];
	 * its saliency flag is off (the pipeline sets it from {@link #lowResSaliency()}).
	 */
	public ExtractionSettings extraction() { return extraction; }

	/** Transformer layer of the descriptors (0-based, pipeline only). Default 11. */
	public int layer() { return extraction.layer(); }

	/** Facet of the descriptors (pipeline only). Default key. */
	public Facet facet() { return extraction.facet(); }

	/** Patch-embedding stride in pixels (pipeline only). Default 4. */
	public int stride() { return extraction.stride(); }

	/** Shorter side after resizing in pixels, 0 = no resize (pipeline only). Default 224. */
	public int loadSize() { return extraction.loadSize(); }

	/** Whether saliency comes from a half-size image at stride = patch size (pipeline only). Default true. */
	public boolean lowResSaliency() { return lowResSaliency; }

	/** Crop/flip augmentation pairs per original image (pipeline only). Default 0. */
	public int cropAugmentations() { return cropAugmentations; }

	public Builder toBuilder() {
		final Builder b = new Builder();
		b.numParts = numParts;
		b.threeStages = threeStages;
		b.elbow = elbow;
		b.elbowSecondStage = elbowSecondStage;
		b.maxClusters = maxClusters;
		b.saliencyThreshold = saliencyThreshold;
		b.votesPercentage = votesPercentage;
		b.sampleInterval = sampleInterval;
		b.crf = crf;
		b.crfSettings = crfSettings;
		b.seed = seed;
		b.extraction(extraction);
		b.lowResSaliency = lowResSaliency;
		b.cropAugmentations = cropAugmentations;
		return b;
	}

	@Override
	public String toString() {
		return "num_parts=" + numParts + " three_stages=" + threeStages + " elbow=" + elbow +
			" elbow_second_stage=" + elbowSecondStage + " k_max=" + maxClusters + " thresh=" + saliencyThreshold +
			" votes_percentage=" + votesPercentage + " sample_interval=" + sampleInterval + " crf=" + (crf ? crfSettings
				: "off") + " seed=" + seed + " layer=" + layer() + " facet=" + facet().key() + " stride=" + stride() +
			" load_size=" + loadSize() + " low_res_saliency_maps=" + lowResSaliency + " num_crop_augmentations=" +
			cropAugmentations;
	}

	/** Builder starting from the reference's function defaults. */
	public static final class Builder {
		private int numParts = 4;
		private boolean threeStages;
		private double elbow = 0.975;
		private double elbowSecondStage = 0.94;
		private int maxClusters = 14;
		private double saliencyThreshold = 0.065;
		private int votesPercentage = 75;
		private int sampleInterval = 100;
		private boolean crf = true;
		private DenseCrfSettings crfSettings = DenseCrfSettings.REFERENCE;
		private long seed = 1234;
		private int layer = 11;
		private Facet facet = Facet.KEY;
		private int stride = 4;
		private int loadSize = 224;
		private boolean lowResSaliency = true;
		private int cropAugmentations;

		private Builder() {}

		public Builder numParts(final int v) { numParts = v; return this; }

		public Builder threeStages(final boolean v) { threeStages = v; return this; }

		public Builder elbow(final double v) { elbow = v; return this; }

		public Builder elbowSecondStage(final double v) { elbowSecondStage = v; return this; }

		public Builder maxClusters(final int v) { maxClusters = v; return this; }

		public Builder saliencyThreshold(final double v) { saliencyThreshold = v; return this; }

		public Builder votesPercentage(final int v) { votesPercentage = v; return this; }

		public Builder sampleInterval(final int v) { sampleInterval = v; return this; }

		public Builder crf(final boolean v) { crf = v; return this; }

		public Builder crfSettings(final DenseCrfSettings v) { crfSettings = v; return this; }

		public Builder seed(final long v) { seed = v; return this; }

		public Builder layer(final int v) { layer = v; return this; }

		public Builder facet(final Facet v) { facet = v; return this; }

		public Builder stride(final int v) { stride = v; return this; }

		public Builder loadSize(final int v) { loadSize = v; return this; }

		/** Takes layer, facet, stride and load_size from extraction settings (nothing else of them is used). */
		public Builder extraction(final ExtractionSettings e) {
			layer = e.layer();
			facet = e.facet();
			stride = e.stride();
			loadSize = e.loadSize();
			return this;
		}

		public Builder lowResSaliency(final boolean v) { lowResSaliency = v; return this; }

		public Builder cropAugmentations(final int v) { cropAugmentations = v; return this; }

		public PartCosegmentationSettings build() {
			return new PartCosegmentationSettings(this);
		}
	}
}
