package sc.fiji.dinovit.algorithms.parts;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.dinovit.algorithms.cluster.Assignment;
import sc.fiji.dinovit.algorithms.cluster.ConcatenatedSource;
import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.algorithms.cluster.ElbowResult;
import sc.fiji.dinovit.algorithms.cluster.ElbowSearch;
import sc.fiji.dinovit.algorithms.cluster.KMeans;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig;
import sc.fiji.dinovit.algorithms.cluster.KMeansResult;
import sc.fiji.dinovit.algorithms.cluster.L2NormalizedSource;
import sc.fiji.dinovit.algorithms.crf.DenseCrfSettings;
import sc.fiji.dinovit.algorithms.foreground.SalientClusters;
import sc.fiji.dinovit.util.Progress;

/**
 * Zero-shot part co-segmentation of a set of images from ViT descriptors (reference-behaviour §4),
 * UI-free. The inputs are already extracted (see the features layer's pipeline).
 * <ol>
 * <li><b>Stage 1</b> ({@link SalientClusters}): all L2-normalised descriptors, augmentations
 * included, are clustered with the elbow rule (coefficient {@code elbow}); only original images
 * vote (N = number of originals). Foreground patches = patches of salient clusters. Background
 * centroids = the non-salient clusters that have at least one descriptor.</li>
 * <li><b>Stage 2</b>: the foreground descriptors of all images; training set = rows 0, n, 2n, ... of
 * each image's foreground list; k-means (faiss-like, seeded with {@code seed}) with
 * k = num_parts, or in three-stage mode the elbow rule with {@code elbow_second_stage}. Every
 * foreground descriptor is assigned; centroids without any descriptor are dropped and the rest
 * renumbered without gaps. Each image is labelled by {@link PartLabeller} (unary = squared
 * distances to the part centroids, background = minimum squared distance to the background
 * centroids, minus the per-patch maximum; upsampled by nearest patch centre; dense CRF). In
 * two-stage mode only the originals are labelled (augmentation results would be discarded); in
 * three-stage mode every image is, since stage 3 trains on the common patches of all images.</li>
 * <li><b>Stage 3</b> (three-stage mode): the stage-2 labels, sampled back at the patch centres,
 * vote for common parts: present in <em>every</em> original image. k-means with k = num_parts on
 * every n-th common descriptor per image (all images); CRF again with background = non-salient
 * stage-1 centroids and the non-common stage-2 centroids. If no part is common, the stage-2 result
 * is kept (with a warning) where the reference would crash.</li>
 * </ol>
 * <b>Part ids</b>: 0 = background, 1..K = parts, the same id meaning the same part in every image.
 * Ids are ordered by descending total area (original pixels over all original images), ties by the
 * lexicographic order of the centroids; so they do not depend on k-means' internal numbering and
 * are reproducible for a given seed.
 * <p>
 * <b>Deviations from the reference</b>, all where it crashes or is ill-defined: an empty background
 * set drops the background label (every pixel gets a part; {@link PartDiagnostics#backgroundFallbackUsed()});
 * centroids without descriptors are dropped; a training subset smaller than num_parts is replaced
 * by all descriptors (with a warning); upsampling respects the patch-centre geometry (see
 * {@link PartGeometry}); the results are deterministic (the reference's augmentation crops are not).
 * <p>
 * <b>Memory</b> (bounded for sets of 1,000+ images when the inputs are views of a spilling
 * {@link sc.fiji.dinovit.algorithms.store.DescriptorStore}): descriptors are read through
 * unit-length views, never copied as a set. k-means trains on the strided subset (every n-th row
 * per image, a small array) and assigns every descriptor by streaming chunks; the foreground and
 * common-part sets are index views. Each image is labelled on its own: only its rows are read and
 * its RGB image is asked for then. What grows with the set: one int label and one float distance
 * per descriptor during an assignment, the foreground row indices, and the results (one byte per
 * resized pixel, see {@link PartLabelImage}).
 * <p>
 * <b>Threads</b>: runs on the calling thread (the CRF filter uses the common pool); inputs are
 * read, never modified. <b>Cancellation</b>: checked at every image and clustering stage; a
 * cancelled run throws {@link java.util.concurrent.CancellationException}.
 */
public final class PartCosegmentation {

	private PartCosegmentation() {}

	/**
	 * Runs part co-segmentation on a set (or the frames of a time-lapse, see
	 * {@link #runFrames(List, PartCosegmentationSettings, Progress)}).
	 *
	 * @param inputs originals and augmentations, in any order; originals are returned in their order
	 * @throws IllegalArgumentException for inconsistent inputs, no foreground, or num_parts larger
	 *           than the number of foreground descriptors (the message names the numbers and a fix)
	 */
	public static PartCosegmentationResult run(final List<PartInput> inputs, final PartCosegmentationSettings settings,
		final Progress progress)
	{
		validate(inputs, settings, progress);
		final List<String> warnings = new ArrayList<>();
		final KMeansConfig kmeans = KMeansConfig.faissLike(1).withSeed(settings.seed());
		final DenseCrfSettings crf = settings.crf() ? settings.crfSettings() : null;
		final boolean[] isOriginal = new boolean[inputs.size()];
		final List<Integer> originals = new ArrayList<>();
		for (int i = 0; i < inputs.size(); i++)
			if (!inputs.get(i).isAugmentation()) {
				originals.add(i);
				isOriginal[i] = true;
			}

		// Unit-length views of every image's descriptors, normalised as they are read (no copy).
		final List<DescriptorSource> unit = new ArrayList<>();
		final List<float[]> saliency = new ArrayList<>();
		for (final PartInput in : inputs) {
			unit.add(new L2NormalizedSource(in.descriptors()));
			saliency.add(in.isAugmentation() ? null : in.saliency());
		}

		// Stage 1: foreground / background.
		progress.checkCancelled();
		progress.status("Part co-segmentation: foreground clustering (elbow search)");
		final SalientClusters stage1 = SalientClusters.find(unit, saliency, new ElbowSearch(kmeans, settings.elbow(),
			settings.maxClusters()), settings.sampleInterval(), settings.saliencyThreshold(), settings
				.votesPercentage(), progress.sub(0, 0.3));
		progress.fraction(0.3);
		final List<DescriptorSource> foreground = new ArrayList<>();
		long foregroundRows = 0;
		for (int i = 0; i < inputs.size(); i++) {
			final DescriptorSource f = SelectedRows.where(unit.get(i), stage1.foreground(i));
			foreground.add(f);
			foregroundRows += f.count();
		}
		if (foregroundRows == 0) throw new IllegalArgumentException(
			"No foreground: none of the " + stage1.k() + " foreground/background clusters had a mean saliency above " +
				settings.saliencyThreshold() + " in at least " + stage1.votesNeeded() + " of the " + originals.size() +
				" original images; lower the saliency threshold or votes_percentage");
		final float[] background1 = stage1.backgroundCentroids();

		// Stage 2: parts of the foreground.
		progress.checkCancelled();
		progress.status("Part co-segmentation: part clustering");
		final PartClustering stage2 = settings.threeStages() ? clusterByElbow(foreground, settings, kmeans, progress)
			: clusterFixedK(foreground, settings.numParts(), "foreground", settings, kmeans, warnings, progress);
		progress.fraction(0.4);
		boolean fallback = background1.length == 0;
		final List<PackedLabels> stage2Pixels = label(inputs, unit, stage2.parts.centroids(), background1, crf,
			settings.threeStages() ? null : isOriginal, progress.sub(0.4, settings.threeStages() ? 0.7 : 1.0),
			"Part co-segmentation: labelling");

		PartCentroids finalParts = stage2.parts;
		List<PackedLabels> finalPixels = stage2Pixels;
		int[] commonParts = new int[0];
		int dropped = stage2.parts.dropped();
		if (settings.threeStages()) {
			// Stage 3: parts common to every original image.
			progress.checkCancelled();
			final int k2 = stage2.parts.count();
			final List<int[]> grids = new ArrayList<>();
			for (int i = 0; i < inputs.size(); i++)
				grids.add(PartGeometry.sampleAtPatchCentres(stage2Pixels.get(i).toArray(), inputs.get(i).grid()));
			final List<int[]> originalGrids = new ArrayList<>();
			for (final int i : originals)
				originalGrids.add(grids.get(i));
			final boolean[] common = CommonParts.find(originalGrids, k2);
			commonParts = indices(common, true);
			if (commonParts.length == 0) {
				warnings.add("No stage-2 part appears in every original image; kept the stage-2 result " +
					"(try two stages or fewer, more similar images)");
			}
			else {
				final List<DescriptorSource> commonDescriptors = new ArrayList<>();
				for (int i = 0; i < inputs.size(); i++) {
					final int[] g = grids.get(i);
					final boolean[] keep = new boolean[g.length];
					for (int p = 0; p < g.length; p++)
						keep[p] = g[p] < k2 && common[g[p]];
					commonDescriptors.add(SelectedRows.where(unit.get(i), keep));
				}
				progress.status("Part co-segmentation: clustering common parts");
				final PartClustering stage3 = clusterFixedK(commonDescriptors, settings.numParts(), "common-part",
					settings, kmeans, warnings, progress);
				dropped += stage3.parts.dropped();
				final float[] nonCommon = stage2.parts.select(indices(common, false));
				final float[] background3 = new float[background1.length + nonCommon.length];
				System.arraycopy(background1, 0, background3, 0, background1.length);
				System.arraycopy(nonCommon, 0, background3, background1.length, nonCommon.length);
				fallback |= background3.length == 0;
				finalParts = stage3.parts;
				finalPixels = label(inputs, unit, stage3.parts.centroids(), background3, crf, isOriginal, progress.sub(
					0.7, 1.0), "Part co-segmentation: labelling common parts");
			}
		}
		if (fallback) warnings.add("Every cluster was foreground (no background centroid): the CRF ran without " +
			"a background label, so every pixel got a part");

		final PartCosegmentationResult result = numberParts(inputs, originals, finalPixels, finalParts, stage1,
			stage2, commonParts, dropped, fallback, warnings);
		progress.fraction(1);
		return result;
	}

	/**
	 * Part co-segmentation of the frames of a time-lapse or video: the frames are treated as one set
	 * (as the reference's only way to handle video, §7), so parts are consistent over time through
	 * the shared clustering; each frame is labelled on its own (no temporal smoothing). Use the
	 * large-set defaults (two stages, no augmentation). Every frame must be an original and all
	 * frames must share one grid and original size.
	 *
	 * @throws IllegalArgumentException if a frame is an augmentation or differs in size
	 */
	public static PartCosegmentationResult runFrames(final List<PartInput> frames,
		final PartCosegmentationSettings settings, final Progress progress)
	{
		if (frames == null || frames.isEmpty()) throw new IllegalArgumentException("No frames given");
		final PartInput first = frames.get(0);
		for (int t = 0; t < frames.size(); t++) {
			final PartInput f = frames.get(t);
			if (f.isAugmentation()) throw new IllegalArgumentException("Frame " + t + " is an augmentation; frames " +
				"must be original images");
			if (!f.grid().equals(first.grid()) || f.originalWidth() != first.originalWidth() || f
				.originalHeight() != first.originalHeight()) throw new IllegalArgumentException("Frame " + t + " (" + f
					.grid() + ", original " + f.originalWidth() + " x " + f.originalHeight() +
					") differs in size from frame 0 (" + first.grid() + ", original " + first.originalWidth() + " x " +
					first.originalHeight() + ")");
		}
		return run(frames, settings, progress);
	}

	private record PartClustering(int k, PartCentroids parts) {}

	/**
	 * k-means with a fixed k: trained on rows 0, n, 2n, ... of each image's descriptors (all of them
	 * if that gives fewer than k), then every descriptor is assigned by streaming over the views.
	 */
	private static PartClustering clusterFixedK(final List<DescriptorSource> perImage, final int k,
		final String what, final PartCosegmentationSettings settings, final KMeansConfig base,
		final List<String> warnings, final Progress progress)
	{
		final ConcatenatedSource all = new ConcatenatedSource(perImage);
		final long total = all.count();
		if (k > total) throw new IllegalArgumentException("num_parts (" + k + ") is larger than the number of " +
			what + " descriptors (" + total + "): set num_parts to at most " + total +
			", or use more or larger images (load_size) or a lower saliency threshold");
		final int dim = all.dim();
		float[] training = all.everyNthOfEachPart(settings.sampleInterval());
		if (training.length / dim < k) {
			warnings.add("Only " + training.length / dim + " " + what + " training descriptors (every " + settings
				.sampleInterval() + "th) for num_parts " + k + ": trained on all " + total + " instead");
			training = all.everyNthOfEachPart(1);
		}
		final KMeansResult model = new KMeans(base.withK(k)).fit(training, dim, progress);
		final Assignment assignment = KMeans.assign(all, model.centroids(), base.threads());
		return new PartClustering(k, PartCentroids.occupied(model.centroids(), dim, members(assignment.labels(),
			k)));
	}

	/** Three-stage mode's stage 2: the elbow rule on the strided subset, streaming assignment. */
	private static PartClustering clusterByElbow(final List<DescriptorSource> perImage,
		final PartCosegmentationSettings settings, final KMeansConfig base, final Progress progress)
	{
		final ConcatenatedSource all = new ConcatenatedSource(perImage);
		final ElbowResult r = new ElbowSearch(base, settings.elbowSecondStage(), settings.maxClusters()).run(all
			.everyNthOfEachPart(settings.sampleInterval()), all, progress);
		return new PartClustering(r.k(), PartCentroids.occupied(r.centroids(), all.dim(), members(r.labels(), r
			.k())));
	}

	private static int[] members(final int[] labels, final int k) {
		final int[] m = new int[k];
		for (final int l : labels)
			m[l]++;
		return m;
	}

	/**
	 * Labels the chosen images (null = all), one at a time: only that image's descriptors are read
	 * and its RGB image made (for the CRF). The list has an entry per input, null where not
	 * labelled; labels are 0..K-1 for parts, K for background, at the resized resolution.
	 */
	private static List<PackedLabels> label(final List<PartInput> inputs, final List<DescriptorSource> unit,
		final float[] parts, final float[] background, final DenseCrfSettings crf, final boolean[] only,
		final Progress progress, final String status)
	{
		final int dim = unit.get(0).dim();
		final int k = parts.length / dim;
		final List<PackedLabels> out = new ArrayList<>();
		int total = 0;
		for (int i = 0; i < inputs.size(); i++)
			if (only == null || only[i]) total++;
		int done = 0;
		for (int i = 0; i < inputs.size(); i++) {
			if (only != null && !only[i]) {
				out.add(null);
				continue;
			}
			progress.checkCancelled();
			progress.status(status + " " + (done + 1) + "/" + total);
			final PartInput in = inputs.get(i);
			final int[] labels = PartLabeller.label(in.grid(), DescriptorRows.readAll(unit.get(i)), dim, parts,
				background, crf == null ? null : in.rgb(), crf, progress);
			out.add(PackedLabels.of(labels, k));
			progress.fraction(++done / (double) total);
		}
		return out;
	}

	private static PartCosegmentationResult numberParts(final List<PartInput> inputs, final List<Integer> originals,
		final List<PackedLabels> pixels, final PartCentroids parts, final SalientClusters stage1,
		final PartClustering stage2, final int[] commonParts, final int dropped, final boolean fallback,
		final List<String> warnings)
	{
		final int k = parts.count();
		final long[] areas = new long[k];
		for (final int i : originals) {
			final PartInput in = inputs.get(i);
			final long[] a = PartGeometry.originalAreas(pixels.get(i), in.grid().width(), in.grid().height(), in
				.originalWidth(), in.originalHeight(), k);
			for (int l = 0; l < k; l++)
				areas[l] += a[l];
		}
		final int[] order = PartOrder.byAreaThenCentroid(areas, parts.centroids(), parts.dim());
		final int[] idOf = new int[k + 1];
		for (int j = 0; j < k; j++)
			idOf[order[j]] = j + 1;
		idOf[k] = 0;
		final List<PartLabelImage> images = new ArrayList<>();
		for (final int i : originals) {
			final PartInput in = inputs.get(i);
			images.add(new PartLabelImage(in.originalWidth(), in.originalHeight(), in.grid().width(), in.grid()
				.height(), pixels.get(i).relabelled(idOf)));
			pixels.set(i, null); // the renumbered copy replaces it
		}
		final int[] centroidIndices = new int[k];
		final long[] orderedAreas = new long[k];
		for (int j = 0; j < k; j++) {
			centroidIndices[j] = parts.kmeansIndex(order[j]);
			orderedAreas[j] = areas[order[j]];
		}
		final PartDiagnostics diagnostics = new PartDiagnostics(stage1.k(), stage1.salientClusters(), stage1.votes(),
			stage1.votesNeeded(), stage2.k(), stage2.parts().count(), commonParts, dropped, centroidIndices, parts
				.select(order), orderedAreas, fallback, warnings);
		return new PartCosegmentationResult(images, k, diagnostics);
	}

	private static int[] indices(final boolean[] flags, final boolean value) {
		int n = 0;
		for (final boolean f : flags)
			if (f == value) n++;
		final int[] out = new int[n];
		for (int i = 0, j = 0; i < flags.length; i++)
			if (flags[i] == value) out[j++] = i;
		return out;
	}

	private static void validate(final List<PartInput> inputs, final PartCosegmentationSettings settings,
		final Progress progress)
	{
		if (settings == null) throw new IllegalArgumentException("settings must not be null");
		if (progress == null) throw new IllegalArgumentException("progress must not be null (use Progress.NONE)");
		if (inputs == null || inputs.isEmpty()) throw new IllegalArgumentException("No images given");
		final int dim = inputs.get(0).dim();
		boolean anyOriginal = false;
		for (int i = 0; i < inputs.size(); i++) {
			final PartInput in = inputs.get(i);
			if (in == null) throw new IllegalArgumentException("Input " + i + " is null");
			if (in.dim() != dim) throw new IllegalArgumentException("Input " + i + " has descriptors of dimension " + in
				.dim() + ", input 0 of " + dim + ": extract all images with the same model, layer, facet and binning");
			anyOriginal |= !in.isAugmentation();
		}
		if (!anyOriginal) throw new IllegalArgumentException("Only augmentations given: at least one original " +
			"image is needed");
	}
}
