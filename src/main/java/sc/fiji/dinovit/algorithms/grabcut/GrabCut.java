package sc.fiji.dinovit.algorithms.grabcut;

import static sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels.BGD;
import static sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels.FGD;
import static sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels.PR_BGD;
import static sc.fiji.dinovit.algorithms.grabcut.GrabCutLabels.PR_FGD;

import java.util.SplittableRandom;

import sc.fiji.dinovit.util.Progress;

/**
 * GrabCut segmentation (Rother, Kolmogorov and Blake 2004) with the semantics of OpenCV's
 * {@code cv::grabCut(img, mask, rect, bgdModel, fgdModel, iterCount, GC_INIT_WITH_MASK)}:
 * <ol>
 * <li>Two colour models of {@link #COMPONENTS} full-covariance Gaussians are initialised by
 * k-means++ ({@link ColourKMeans}, {@link #KMEANS_ITERATIONS} rounds) on the background pixels
 * ({@code BGD}, {@code PR_BGD}) and on the foreground pixels ({@code FGD}, {@code PR_FGD}).</li>
 * <li>Each iteration assigns every pixel to the most likely component of its current class's
 * model, re-learns both models from these assignments, builds the graph and takes its minimum
 * cut, then relabels the probable pixels: {@code PR_FGD} on the source side, {@code PR_BGD} on
 * the sink side. {@code BGD} and {@code FGD} never change.</li>
 * </ol>
 * Graph (OpenCV's energies): a probable pixel links to the source with -log p<sub>bgd</sub>(colour)
 * and to the sink with -log p<sub>fgd</sub>(colour); {@code FGD} links to the source and
 * {@code BGD} to the sink with {@link #LAMBDA}. Each pixel links to its left, upper-left, upper
 * and upper-right neighbours with &gamma; exp(-&beta; |&Delta;colour|&sup2;), divided by &radic;2
 * for the diagonals, &gamma; = {@link #GAMMA}, &beta; = 1 / (2 &times; the mean of
 * |&Delta;colour|&sup2; over all these neighbour pairs), or 0 for a flat image.
 * <p>
 * OpenCV's random number generator cannot be reproduced, so masks agree with OpenCV's closely
 * but not bit for bit; a given seed always gives the same result.
 */
public final class GrabCut {

	/** Gaussians per colour model. */
	public static final int COMPONENTS = 5;
	/** Smoothness weight &gamma;. */
	public static final double GAMMA = 50;
	/** Capacity of the terminal link that pins a definite pixel to its side. */
	public static final double LAMBDA = 9 * GAMMA;
	/** k-means rounds of the colour model initialisation (as OpenCV). */
	public static final int KMEANS_ITERATIONS = 10;
	/** Seed used by {@link #GrabCut()}. */
	public static final long DEFAULT_SEED = 0x6C0FFEEL;

	private final long seed;

	/** GrabCut with {@link #DEFAULT_SEED}. */
	public GrabCut() {
		this(DEFAULT_SEED);
	}

	/** @param seed seeds the k-means++ initialisation of the colour models */
	public GrabCut(final long seed) {
		this.seed = seed;
	}

	/**
	 * Runs GrabCut. Neither the image nor the label map is modified.
	 *
	 * @param image the colours
	 * @param labels initial label map, one {@link GrabCutLabels} value per pixel, row-major
	 * @param iterations graph-cut iterations (the reference uses 5); 0 returns a copy of the labels
	 * @return the new label map
	 * @throws NotEnoughSamplesException if the background or the foreground has fewer than
	 *           {@link #COMPONENTS} pixels initially, or none in a later iteration
	 * @throws IllegalArgumentException for a label map of the wrong size or with invalid values
	 */
	public byte[] segment(final RgbImage image, final byte[] labels, final int iterations) {
		return segment(image, labels, iterations, Progress.NONE);
	}

	/**
	 * As {@link #segment(RgbImage, byte[], int)}, checking {@code cancel} before the colour models
	 * and before every step of every iteration.
	 *
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public byte[] segment(final RgbImage image, final byte[] labels, final int iterations, final Progress cancel) {
		if (labels.length != image.pixelCount()) throw new IllegalArgumentException("Label map has " +
			labels.length + " entries for a " + image.width() + " x " + image.height() + " image");
		if (iterations < 0) throw new IllegalArgumentException("Negative iteration count: " + iterations);
		GrabCutLabels.validate(labels);
		final byte[] result = labels.clone();
		if (iterations == 0) return result;
		cancel.checkCancelled();
		final double[] colours = colours(image);
		GaussianMixture[] models = initialModels(colours, result);
		final NeighbourWeights weights = NeighbourWeights.compute(image);
		final int[] component = new int[result.length];
		for (int it = 0; it < iterations; it++) {
			cancel.checkCancelled();
			assignComponents(colours, result, models, component);
			models = learnModels(colours, result, component);
			cancel.checkCancelled();
			final MaxFlow graph = buildGraph(colours, result, models, weights, image.width(), image.height());
			cancel.checkCancelled();
			graph.solve();
			for (int i = 0; i < result.length; i++)
				if (GrabCutLabels.isProbable(result[i])) result[i] = graph.isSourceSide(i) ? PR_FGD : PR_BGD;
		}
		return result;
	}

	/** R, G, B of every pixel, interleaved, as doubles. */
	private static double[] colours(final RgbImage image) {
		final int n = image.pixelCount();
		final double[] c = new double[3 * n];
		for (int i = 0; i < n; i++) {
			c[3 * i] = image.red(i);
			c[3 * i + 1] = image.green(i);
			c[3 * i + 2] = image.blue(i);
		}
		return c;
	}

	/** [background, foreground] models from k-means clusters of each class's colours. */
	private GaussianMixture[] initialModels(final double[] colours, final byte[] labels) {
		final SplittableRandom random = new SplittableRandom(seed);
		final GaussianMixture[] models = new GaussianMixture[2];
		for (int fg = 0; fg < 2; fg++) {
			final double[] samples = samplesOfClass(colours, labels, fg == 1);
			final int count = samples.length / 3;
			if (count < COMPONENTS) throw new NotEnoughSamplesException(fg == 1, count, COMPONENTS);
			final int[] clusters = ColourKMeans.cluster(samples, COMPONENTS, KMEANS_ITERATIONS, random);
			final GaussianMixture.Accumulator acc = new GaussianMixture.Accumulator(COMPONENTS);
			for (int s = 0; s < count; s++)
				acc.add(clusters[s], samples[3 * s], samples[3 * s + 1], samples[3 * s + 2]);
			models[fg] = acc.fit();
		}
		return models;
	}

	private static double[] samplesOfClass(final double[] colours, final byte[] labels, final boolean foreground) {
		int count = 0;
		for (final byte l : labels)
			if (GrabCutLabels.isForeground(l) == foreground) count++;
		final double[] samples = new double[3 * count];
		int s = 0;
		for (int i = 0; i < labels.length; i++)
			if (GrabCutLabels.isForeground(labels[i]) == foreground) {
				System.arraycopy(colours, 3 * i, samples, 3 * s++, 3);
			}
		return samples;
	}

	private static void assignComponents(final double[] colours, final byte[] labels,
		final GaussianMixture[] models, final int[] component)
	{
		for (int i = 0; i < labels.length; i++) {
			final GaussianMixture m = models[GrabCutLabels.isForeground(labels[i]) ? 1 : 0];
			component[i] = m.mostLikelyComponent(colours[3 * i], colours[3 * i + 1], colours[3 * i + 2]);
		}
	}

	private static GaussianMixture[] learnModels(final double[] colours, final byte[] labels,
		final int[] component)
	{
		final GaussianMixture.Accumulator bgd = new GaussianMixture.Accumulator(COMPONENTS);
		final GaussianMixture.Accumulator fgd = new GaussianMixture.Accumulator(COMPONENTS);
		for (int i = 0; i < labels.length; i++)
			(GrabCutLabels.isForeground(labels[i]) ? fgd : bgd).add(component[i], colours[3 * i],
				colours[3 * i + 1], colours[3 * i + 2]);
		if (bgd.sampleCount() == 0) throw new NotEnoughSamplesException(false, 0, 1);
		if (fgd.sampleCount() == 0) throw new NotEnoughSamplesException(true, 0, 1);
		return new GaussianMixture[] { bgd.fit(), fgd.fit() };
	}

	private static MaxFlow buildGraph(final double[] colours, final byte[] labels, final GaussianMixture[] models,
		final NeighbourWeights w, final int width, final int height)
	{
		final MaxFlow graph = new MaxFlow(labels.length, 4 * labels.length);
		for (int y = 0, i = 0; y < height; y++)
			for (int x = 0; x < width; x++, i++) {
				final byte l = labels[i];
				if (l == BGD) graph.addTerminalCapacities(i, 0, LAMBDA);
				else if (l == FGD) graph.addTerminalCapacities(i, LAMBDA, 0);
				else {
					final double r = colours[3 * i], g = colours[3 * i + 1], b = colours[3 * i + 2];
					graph.addTerminalCapacities(i, -models[0].logDensity(r, g, b), -models[1].logDensity(r, g, b));
				}
				if (x > 0) graph.addEdge(i, i - 1, w.left[i], w.left[i]);
				if (x > 0 && y > 0) graph.addEdge(i, i - width - 1, w.upLeft[i], w.upLeft[i]);
				if (y > 0) graph.addEdge(i, i - width, w.up[i], w.up[i]);
				if (x < width - 1 && y > 0) graph.addEdge(i, i - width + 1, w.upRight[i], w.upRight[i]);
			}
		return graph;
	}
}
