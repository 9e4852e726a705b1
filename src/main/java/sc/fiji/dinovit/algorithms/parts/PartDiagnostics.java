package sc.fiji.dinovit.algorithms.parts;

import java.util.Arrays;
import java.util.List;

/**
 * What happened inside a part co-segmentation run, for logs and tests. Immutable; arrays are
 * copied on access.
 *
 * @param stage1K clusters chosen by the stage-1 elbow search
 * @param stage1SalientClusters the salient (foreground) stage-1 clusters, ascending
 * @param stage1Votes votes per stage-1 cluster
 * @param stage1VotesNeeded votes a stage-1 cluster needed to be salient
 * @param stage2K k of the stage-2 k-means (num_parts, or the elbow's choice in three-stage mode)
 * @param stage2Parts stage-2 parts after dropping centroids without descriptors
 * @param commonStage2Parts three-stage mode: the stage-2 part labels present in every original
 *          image (ascending, in the stage-2 part numbering); empty in two-stage mode
 * @param emptyCentroidsDropped k-means centroids (stage 2 and, if run, stage 3) that got no
 *          descriptor and were dropped
 * @param partCentroidIndices for output part id j (1-based), element j-1 is the index of its
 *          centroid in the final k-means run (stage 2, or stage 3 if it ran)
 * @param partCentroids the final part centroids in output id order (numParts * dim, row-major)
 * @param partAreas for output part id j, element j-1 is its total area in original pixels over the
 *          original images (what orders the ids)
 * @param backgroundFallbackUsed whether some CRF had no background centroid and ran without a
 *          background label (see {@link PartCosegmentation})
 * @param warnings human-readable notes about fallbacks taken
 */
public record PartDiagnostics(int stage1K, int[] stage1SalientClusters, int[] stage1Votes, int stage1VotesNeeded,
	int stage2K, int stage2Parts, int[] commonStage2Parts, int emptyCentroidsDropped, int[] partCentroidIndices,
	float[] partCentroids, long[] partAreas, boolean backgroundFallbackUsed, List<String> warnings)
{

	public PartDiagnostics {
		stage1SalientClusters = stage1SalientClusters.clone();
		stage1Votes = stage1Votes.clone();
		commonStage2Parts = commonStage2Parts.clone();
		partCentroidIndices = partCentroidIndices.clone();
		partCentroids = partCentroids.clone();
		partAreas = partAreas.clone();
		warnings = List.copyOf(warnings);
	}

	@Override
	public int[] stage1SalientClusters() { return stage1SalientClusters.clone(); }

	@Override
	public int[] stage1Votes() { return stage1Votes.clone(); }

	@Override
	public int[] commonStage2Parts() { return commonStage2Parts.clone(); }

	@Override
	public int[] partCentroidIndices() { return partCentroidIndices.clone(); }

	@Override
	public float[] partCentroids() { return partCentroids.clone(); }

	@Override
	public long[] partAreas() { return partAreas.clone(); }

	@Override
	public String toString() {
		return "stage 1: k=" + stage1K + " salient=" + Arrays.toString(stage1SalientClusters) + " votes=" + Arrays
			.toString(stage1Votes) + " (needed " + stage1VotesNeeded + "); stage 2: k=" + stage2K + " parts=" +
			stage2Parts + " common=" + Arrays.toString(commonStage2Parts) + "; empty centroids dropped=" +
			emptyCentroidsDropped + "; part centroids=" + Arrays.toString(partCentroidIndices) + " areas=" + Arrays
				.toString(partAreas) + (backgroundFallbackUsed ? "; background fallback used" : "") + (warnings
					.isEmpty() ? "" : "; warnings: " + String.join(" | ", warnings));
	}
}
