package sc.fiji.dinovit.algorithms.crf;

import java.util.List;

import sc.fiji.dinovit.util.Progress;

/**
 * A fully connected CRF (Krähenbühl &amp; Koltun, 2011) over a width x height image with Potts
 * pairwise kernels, solved by mean-field inference, following pydensecrf's {@code DenseCRF2D} with
 * {@code NORMALIZE_SYMMETRIC} diagonal kernels and {@code PottsCompatibility}.
 * <p>
 * Energies: the unary U is label-major, {@code U[l * n + i]} for label l and pixel i
 * ({@code n = width * height}, pixels row-major, {@code i = y * width + x}); lower energy means more
 * likely. Inference: {@code Q0 = softmax(-U)} per pixel; each iteration computes, for every kernel
 * k with weight w_k, the message {@code M_k = n_k ⊙ K_k(n_k ⊙ Q)} with
 * {@code n_k = 1 / sqrt(K_k(1) + 1e-20)} and K_k the Gaussian filter (self term included), then
 * {@code Q = softmax(-U + Σ_k w_k · M_k)}. (pydensecrf's Potts compatibility adds {@code -w·M} to
 * the energy, i.e. {@code +w·M} to the logits: mass of label l nearby makes l more likely.)
 * <p>
 * <b>Cost</b>: construction builds one {@link GaussianFilter} per kernel and its normalisation (the
 * expensive, data-dependent part); {@link #infer} can then be called many times with different
 * unaries and label counts, e.g. for the reference's stage 2 and stage 3 on the same image. Each
 * iteration runs one filter per kernel over L channels. Memory per inference: a few L x n float
 * arrays.
 * <p>
 * <b>Threads</b>: immutable after construction; {@link #infer} may be called concurrently. The
 * permutohedral filter parallelises over label channels on the common ForkJoinPool; results are
 * deterministic.
 */
public final class DenseCrf {

	private final int width;
	private final int height;
	private final int defaultIterations;
	private final GaussianFilter[] filters;
	private final float[][] normalisers;
	private final float[] weights;

	/**
	 * Builds the filters for the kernels.
	 *
	 * @param kernels the pairwise terms; their features must have width * height pixels (may be empty)
	 * @param filterFactory how to filter, normally {@link GaussianFilter.Factory#PERMUTOHEDRAL}
	 * @param defaultIterations iterations used by {@link #infer(float[], int)}
	 * @throws IllegalArgumentException on size mismatches
	 */
	public DenseCrf(final int width, final int height, final List<PottsKernel> kernels,
		final GaussianFilter.Factory filterFactory, final int defaultIterations)
	{
		if (width <= 0 || height <= 0) throw new IllegalArgumentException("Image size must be positive, got " +
			width + "x" + height);
		if ((long) width * height > Integer.MAX_VALUE / 8) throw new IllegalArgumentException("Image " + width +
			"x" + height + " is too large");
		if (defaultIterations < 0) throw new IllegalArgumentException("Iterations must be >= 0, got " +
			defaultIterations);
		this.width = width;
		this.height = height;
		this.defaultIterations = defaultIterations;
		final int n = width * height;
		filters = new GaussianFilter[kernels.size()];
		normalisers = new float[kernels.size()][];
		weights = new float[kernels.size()];
		for (int k = 0; k < kernels.size(); k++) {
			final PottsKernel kernel = kernels.get(k);
			if (kernel.features().pixels() != n) throw new IllegalArgumentException("Kernel " + k + " has features for " +
				kernel.features().pixels() + " pixels, the image has " + width + "x" + height + " = " + n);
			filters[k] = filterFactory.create(kernel.features());
			normalisers[k] = symmetricNormaliser(filters[k], n);
			weights[k] = (float) kernel.weight();
		}
	}

	/**
	 * The reference's CRF for an 8-bit RGB image (Gaussian and bilateral Potts kernels from the
	 * settings), filtered on the permutohedral lattice.
	 *
	 * @param rgb packed {@code 0xRRGGBB} pixels, row-major (alpha byte ignored)
	 */
	public static DenseCrf forRgbImage(final int width, final int height, final int[] rgb,
		final DenseCrfSettings settings)
	{
		return forRgbImage(width, height, rgb, settings, GaussianFilter.Factory.PERMUTOHEDRAL);
	}

	/** As {@link #forRgbImage(int, int, int[], DenseCrfSettings)} with a chosen filter. */
	public static DenseCrf forRgbImage(final int width, final int height, final int[] rgb,
		final DenseCrfSettings settings, final GaussianFilter.Factory filterFactory)
	{
		final List<PottsKernel> kernels = List.of(
			new PottsKernel(PixelFeatures.spatial(width, height, settings.gaussianSxy()), settings.gaussianWeight()),
			new PottsKernel(PixelFeatures.bilateral(width, height, rgb, settings.bilateralSxy(), settings
				.bilateralSrgb()), settings.bilateralWeight()));
		return new DenseCrf(width, height, kernels, filterFactory, settings.iterations());
	}

	private static float[] symmetricNormaliser(final GaussianFilter filter, final int n) {
		final float[] ones = new float[n];
		java.util.Arrays.fill(ones, 1f);
		final float[] norm = filter.filter(ones, 1);
		for (int i = 0; i < n; i++)
			norm[i] = (float) (1.0 / Math.sqrt(norm[i] + 1e-20));
		return norm;
	}

	public int width() {
		return width;
	}

	public int height() {
		return height;
	}

	/** Mean-field inference with the default number of iterations. */
	public CrfResult infer(final float[] unary, final int labels) {
		return infer(unary, labels, defaultIterations);
	}

	/**
	 * Mean-field inference.
	 *
	 * @param unary label-major energies, length labels * width * height, finite; not modified
	 * @param labels the number of labels L (at least 1)
	 * @param iterations mean-field iterations (0 gives softmax(-U))
	 * @throws IllegalArgumentException on a size mismatch or a non-finite energy
	 */
	public CrfResult infer(final float[] unary, final int labels, final int iterations) {
		return infer(unary, labels, iterations, Progress.NONE);
	}

	/**
	 * As {@link #infer(float[], int, int)}, checking {@code cancel} before every iteration and every
	 * kernel's message.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public CrfResult infer(final float[] unary, final int labels, final int iterations, final Progress cancel) {
		final int n = width * height;
		if (labels < 1) throw new IllegalArgumentException("Need at least one label, got " + labels);
		if (iterations < 0) throw new IllegalArgumentException("Iterations must be >= 0, got " + iterations);
		if (unary.length != (long) labels * n) throw new IllegalArgumentException("Expected " + labels + " x " + n +
			" = " + (long) labels * n + " unary energies for " + labels + " labels on " + width + "x" + height +
			", got " + unary.length);
		for (int p = 0; p < unary.length; p++)
			if (!Float.isFinite(unary[p])) throw new IllegalArgumentException("Unary energy of label " + p / n +
				" at pixel " + p % n + " is not finite: " + unary[p]);

		final float[] logits = new float[labels * n];
		for (int p = 0; p < logits.length; p++)
			logits[p] = -unary[p];
		final float[] q = new float[labels * n];
		softmax(logits, q, labels, n);
		final float[] scaled = new float[labels * n];
		for (int it = 0; it < iterations; it++) {
			for (int p = 0; p < logits.length; p++)
				logits[p] = -unary[p];
			for (int k = 0; k < filters.length; k++) {
				cancel.checkCancelled();
				addMessage(k, q, scaled, logits, labels, n);
			}
			softmax(logits, q, labels, n);
		}
		return new CrfResult(width, height, labels, q);
	}

	/** logits += w_k · n_k ⊙ K_k(n_k ⊙ q). */
	private void addMessage(final int k, final float[] q, final float[] scaled, final float[] logits,
		final int labels, final int n)
	{
		final float[] norm = normalisers[k];
		for (int l = 0, p = 0; l < labels; l++)
			for (int i = 0; i < n; i++, p++)
				scaled[p] = norm[i] * q[p];
		final float[] filtered = filters[k].filter(scaled, labels);
		final float w = weights[k];
		for (int l = 0, p = 0; l < labels; l++)
			for (int i = 0; i < n; i++, p++)
				logits[p] += w * norm[i] * filtered[p];
	}

	/** Per-pixel softmax over labels of label-major logits, max-subtracted for stability. */
	private static void softmax(final float[] logits, final float[] q, final int labels, final int n) {
		for (int i = 0; i < n; i++) {
			float max = logits[i];
			for (int l = 1; l < labels; l++)
				max = Math.max(max, logits[l * n + i]);
			double sum = 0;
			for (int l = 0; l < labels; l++) {
				final float e = (float) Math.exp(logits[l * n + i] - max);
				q[l * n + i] = e;
				sum += e;
			}
			final float inv = (float) (1.0 / sum);
			for (int l = 0; l < labels; l++)
				q[l * n + i] *= inv;
		}
	}
}
