package sc.fiji.dinovit.algorithms.coseg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource;
import sc.fiji.dinovit.algorithms.foreground.SalientClusters;
import sc.fiji.dinovit.algorithms.foreground.Voting;
import sc.fiji.dinovit.algorithms.grabcut.GrabCutRefiner;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * Zero-shot co-segmentation of a set of images from their ViT descriptors and saliency, after
 * Amir et al. (reference-behaviour.md section 3.2, steps 3 to 10):
 * <ol>
 * <li>Optional outlier removal: images whose [CLS] descriptor has cosine similarity below the
 * threshold to the set's mean [CLS] are outliers ({@link ClsOutliers}); they are not clustered,
 * do not vote and get an empty mask. N = the number of inliers.</li>
 * <li>Foreground clustering ({@link SalientClusters}, shared with part co-segmentation): all
 * inlier descriptors, L2-normalised as they are read ({@link L2NormalizedSource}, no concatenated
 * copy); the training subset is descriptors 0, n, 2n, ... of every image (n = sample interval);
 * elbow k-means (faiss-like, seeded; {@link ElbowSearch}); votes ({@link Voting}): per image and
 * label, mean saliency strictly above the threshold gives one vote, absent labels none; salient
 * labels have at least ceil(N p / 100) votes.</li>
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

		// 2.-4. Unit descriptors of all inliers, read in place (every n-th per image for training),
		// elbow k-means, votes.
		p.status("Co-segmentation: clustering descriptors of " + inliers.size() + " images");
		final List<DescriptorSource> unit = new ArrayList<>(inliers.size());
		final List<float[]> saliency = new ArrayList<>(inliers.size());
		for (final CosegInput in : inliers) {
			unit.add(new L2NormalizedSource(in.descriptors()));
			saliency.add(in.saliency());
		}
		final ElbowSearch search = new ElbowSearch(KMeansConfig.faissLike(1).withSeed(settings.seed()).withThreads(
			settings.threads()), settings.elbow(), settings.kMax());
		final SalientClusters clusters = SalientClusters.find(unit, saliency, search, settings.sampleInterval(),
			settings.saliencyThreshold(), settings.votesPercentage(), p.sub(0.02, 0.7));
		p.checkCancelled();
		p.status("Co-segmentation: voting for salient clusters (k = " + clusters.k() + ")");
		final boolean[] salient = clusters.salient();

		// 5. Masks, in input order; outliers keep their place with an empty mask.
		final GrabCutRefiner refinement = new GrabCutRefiner();
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
				results.add(imageResult(in, clusters.labels(j), salient, clusters.meanSaliency(j), similarity[i],
					settings.grabCut(), refinement, p));
				j++;
			}
			maskProgress.fraction((i + 1.0) / n);
		}
		p.fraction(1);
		return new CosegmentationResult(results, settings, clusters.objectives(), clusters.stoppedByRule(), clusters
			.trainingPoints(), clusters.votes(), clusters.votesNeeded(), inliers.size());
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

	private static ImageCosegmentation imageResult(final CosegInput in, final int[] labels, final boolean[] salient,
		final double[] labelSaliency, final double similarity, final boolean grabCut, final GrabCutRefiner refinement,
		final Progress cancel)
	{
		final PatchGrid grid = in.grid();
		final boolean[] patchMask = new boolean[labels.length];
		for (int i = 0; i < labels.length; i++)
			patchMask[i] = salient[labels[i]];
		final boolean[] coarse = MaskGeometry.patchesToPixels(patchMask, grid);
		final boolean[] refined;
		final GrabCutOutcome outcome;
		if (grabCut) {
			final GrabCutRefiner.Refinement r = refinement.refineWithOutcome(in.resizedImage(), coarse,
				GrabCutRefiner.REFERENCE_ITERATIONS, cancel);
			refined = r.mask();
			outcome = r.outcome() == GrabCutRefiner.Outcome.REFINED ? GrabCutOutcome.REFINED : GrabCutOutcome.FELL_BACK;
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
