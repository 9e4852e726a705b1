package sc.fiji.dinovit.algorithms.coseg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.ConcatenatedSource;
import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Zero-shot co-segmentation of a set of images from their ViT descriptors and saliency, after
 * Amir et al. (reference-behaviour.md section 3.2, steps 3 to 10):
 * <ol>
 * <li>Optional outlier removal: images whose [CLS] descriptor has cosine similarity below the
 * threshold to the set's mean [CLS] are outliers ({@link ClsOutliers}); they are not clustered,
 * do not vote and get an empty mask. N = the number of inliers.</li>
 * <li>All inlier descriptors, L2-normalised, read image after image through one
 * {@link DescriptorSource} (no concatenated copy); the training subset is descriptors 0, n, 2n,
 * ... of every image (n = sample interval).</li>
 * <li>Elbow k-means (faiss-like, seeded; {@link ElbowSearch}): the k that triggered the elbow rule,
 * with the labels of all descriptors.</li>
 * <li>Votes ({@link Voting}): per image and label, mean saliency strictly above the threshold
 * gives one vote, absent labels none; salient labels have at least ceil(N p / 100) votes.</li>
 * <li>Per image: patch mask (label salient), upsampled to the resized image by patch centres
 * ({@link MaskGeometry}, not the reference's stretched grid), refined by GrabCut on the resized
 * image (coarse mask if GrabCut cannot run), mapped to the original image's pixels.</li>
 * </ol>
 * Differences from the reference, on purpose: correct patch geometry when upsampling (see
 * {@link MaskGeometry}); with outlier removal every image keeps its result in input order (the
 * reference drops the last results, one per outlier); the final mask is also given in the
 * original image's size; k is capped at the number of training points instead of failing.
 * <p>
 * Threads: a run uses {@link CosegmentationSettings#threads()} workers for assignment; separate
 * runs may go on concurrently. Cancellation: {@link Progress#checkCancelled()} at each image,
 * each clustering stage and every chunk of descriptors read; a cancelled run throws
 * {@link java.util.concurrent.CancellationException} and returns nothing.
 */
public final class Cosegmentation {

	private Cosegmentation() {}

	/**
	 * @param inputs one entry per image (at least one; one image is allowed, as in the reference:
	 *          it then needs its own vote only)
	 * @param settings clustering, voting and outlier parameters (the extraction ones are not used
	 *          here)
	 * @param progress status, fraction and cancellation; {@link Progress#NONE} for none
	 * @return one result per input, in input order, with diagnostics
	 * @throws IllegalArgumentException for an empty list, mixed descriptor dimensions, missing
	 *           [CLS] descriptors with outlier removal, or when every image is an outlier
	 * @throws java.util.concurrent.CancellationException if cancelled
	 */
	public static CosegmentationResult run(final List<CosegInput> inputs, final CosegmentationSettings settings,
		final Progress progress)
	{
		if (settings == null) throw new IllegalArgumentException("settings must not be null");
		final Progress p = progress == null ? Progress.NONE : progress;
		final int n = checkInputs(inputs, settings);
		p.checkCancelled();

		// 1. Outliers.
		p.status("Co-segmentation: outlier removal");
		final double[] similarity = new double[n];
		Arrays.fill(similarity, Double.NaN);
		final boolean[] outlier = new boolean[n];
		if (settings.removeOutliers()) {
			final List<float[]> cls = new ArrayList<>(n);
			for (final CosegInput in : inputs)
				cls.add(in.clsView());
			final double[] s = ClsOutliers.similarityToMean(cls);
			for (int i = 0; i < n; i++) {
				similarity[i] = s[i];
				outlier[i] = !ClsOutliers.isInlier(s[i], settings.outlierThreshold());
			}
		}
		final List<CosegInput> inliers = new ArrayList<>();
		for (int i = 0; i < n; i++)
			if (!outlier[i]) inliers.add(inputs.get(i));
		if (inliers.isEmpty()) throw new IllegalArgumentException("All " + n +
			" images are outliers: none has a [CLS] cosine similarity to the mean of at least " + settings
				.outlierThreshold() + ". Lower the outlier threshold or turn outlier removal off");

		// 2. Clustering data: unit descriptors of all inliers, read in place; every n-th for training.
		p.status("Co-segmentation: clustering descriptors of " + inliers.size() + " images");
		final List<DescriptorSource> parts = new ArrayList<>(inliers.size());
		for (final CosegInput in : inliers)
			parts.add(in.descriptors());
		final ConcatenatedSource concatenated = new ConcatenatedSource(parts);
		final DescriptorSource unit = new L2NormalizedSource(concatenated);
		final float[] training = trainingSubset(unit, concatenated, settings.sampleInterval());
		p.checkCancelled();

		// 3. Elbow k-means.
		final ElbowSearch search = new ElbowSearch(KMeansConfig.faissLike(1).withSeed(settings.seed()).withThreads(
			settings.threads()), settings.elbow(), settings.kMax());
		final ElbowResult elbow = search.run(training, new CancellableSource(unit, p.sub(0.02, 0.7), settings
			.kMax()));
		final int k = elbow.k();
		final int[] labels = elbow.labels();
		p.checkCancelled();

		// 4. Votes.
		p.status("Co-segmentation: voting for salient clusters (k = " + k + ")");
		final int[] votes = new int[k];
		final double[][] labelSaliency = new double[inliers.size()][];
		for (int j = 0; j < inliers.size(); j++) {
			labelSaliency[j] = Voting.meanSaliencyPerLabel(labels, (int) concatenated.start(j), inliers.get(j)
				.saliency(), k);
			for (int l = 0; l < k; l++)
				if (Voting.votes(labelSaliency[j][l], settings.saliencyThreshold())) votes[l]++;
		}
		final int needed = Voting.votesNeeded(inliers.size(), settings.votesPercentage());
		final boolean[] salient = new boolean[k];
		for (int l = 0; l < k; l++)
			salient[l] = votes[l] >= needed;

		// 5. Masks, in input order; outliers keep their place with an empty mask.
		final MaskRefinement refinement = new MaskRefinement();
		final Progress maskProgress = p.sub(0.72, 1);
		final List<ImageCosegmentation> results = new ArrayList<>(n);
		int j = 0;
		for (int i = 0; i < n; i++) {
			p.checkCancelled();
			p.status("Co-segmentation: mask " + (i + 1) + "/" + n);
			final CosegInput in = inputs.get(i);
			if (outlier[i]) {
				results.add(outlierResult(in, similarity[i]));
			}
			else {
				final int offset = (int) concatenated.start(j);
				final int[] own = Arrays.copyOfRange(labels, offset, offset + in.grid().numPatches());
				results.add(imageResult(in, own, salient, labelSaliency[j], similarity[i], settings.grabCut(),
					refinement));
				j++;
			}
			maskProgress.fraction((i + 1.0) / n);
		}
		p.fraction(1);
		return new CosegmentationResult(results, settings, elbow.objectives(), elbow.stoppedByRule(), training.length /
			unit.dim(), votes, needed, inliers.size());
	}

	private static int checkInputs(final List<CosegInput> inputs, final CosegmentationSettings settings) {
		if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException(
			"Co-segmentation needs at least one image, got none: give the images of the set");
		int dim = -1;
		for (int i = 0; i < inputs.size(); i++) {
			final CosegInput in = inputs.get(i);
			if (in == null) throw new IllegalArgumentException("Image " + i + " of the set is null");
			if (dim < 0) dim = in.descriptors().dim();
			else if (in.descriptors().dim() != dim) throw new IllegalArgumentException("Image " + i + " has " + in
				.descriptors().dim() + " values per descriptor, image 0 has " + dim +
				": extract every image with the same model, layer, facet and binning");
			if (settings.removeOutliers() && !in.hasCls()) throw new IllegalArgumentException("Image " + i +
				" has no [CLS] descriptor, which outlier removal needs: extract with [CLS] or turn outlier removal off");
		}
		return inputs.size();
	}

	/** Rows 0, step, 2 step, ... of every part, unit length, concatenated (a small in-memory array). */
	private static float[] trainingSubset(final DescriptorSource unit, final ConcatenatedSource parts, final int step) {
		final int dim = unit.dim();
		int count = 0;
		for (int i = 0; i < parts.parts(); i++)
			count += (int) ((parts.start(i + 1) - parts.start(i) + step - 1) / step);
		final float[] out = new float[count * dim];
		final float[] scratch = new float[dim];
		int r = 0;
		for (int i = 0; i < parts.parts(); i++)
			for (long row = parts.start(i); row < parts.start(i + 1); row += step) {
				final DescriptorSource.RowBlock b = unit.rows(row, 1, scratch);
				System.arraycopy(b.data(), b.offset(), out, r++ * dim, dim);
			}
		return out;
	}

	private static ImageCosegmentation imageResult(final CosegInput in, final int[] labels, final boolean[] salient,
		final double[] labelSaliency, final double similarity, final boolean grabCut, final MaskRefinement refinement)
	{
		final PatchGrid grid = in.grid();
		final boolean[] patchMask = new boolean[labels.length];
		for (int i = 0; i < labels.length; i++)
			patchMask[i] = salient[labels[i]];
		final boolean[] coarse = MaskGeometry.patchesToPixels(patchMask, grid);
		final boolean[] refined;
		final GrabCutOutcome outcome;
		if (grabCut) {
			final MaskRefinement.Refined r = refinement.refine(in.resizedImage(), coarse);
			refined = r.mask();
			outcome = r.outcome();
		}
		else {
			refined = coarse.clone();
			outcome = GrabCutOutcome.SKIPPED;
		}
		final boolean[] original = MaskGeometry.toOriginal(refined, grid.width(), grid.height(), in.originalWidth(), in
			.originalHeight());
		return new ImageCosegmentation(BinaryMask.wrap(in.originalWidth(), in.originalHeight(), original), BinaryMask
			.wrap(grid.width(), grid.height(), refined), BinaryMask.wrap(grid.width(), grid.height(), coarse), grid, labels,
			labelSaliency, false, similarity, outcome);
	}

	private static ImageCosegmentation outlierResult(final CosegInput in, final double similarity) {
		final PatchGrid grid = in.grid();
		final BinaryMask emptyResized = BinaryMask.empty(grid.width(), grid.height());
		return new ImageCosegmentation(BinaryMask.empty(in.originalWidth(), in.originalHeight()), emptyResized,
			emptyResized, grid, null, null, true, similarity, GrabCutOutcome.SKIPPED);
	}
}
