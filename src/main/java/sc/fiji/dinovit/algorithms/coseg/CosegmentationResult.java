package sc.fiji.dinovit.algorithms.coseg;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The outcome of {@link Cosegmentation#run}: one {@link ImageCosegmentation} per input, in input
 * order (outliers included, with empty masks), and the set-wide diagnostics: the chosen k and the
 * elbow curve, votes per cluster label, the salient labels. Immutable: array accessors return
 * copies.
 */
public final class CosegmentationResult {

	private final List<ImageCosegmentation> images;
	private final CosegmentationSettings settings;
	private final double[] objectives;
	private final boolean elbowRuleFired;
	private final int trainingPoints;
	private final int[] votes;
	private final int votesNeeded;
	private final int inlierCount;

	CosegmentationResult(final List<ImageCosegmentation> images, final CosegmentationSettings settings,
		final double[] objectives, final boolean elbowRuleFired, final int trainingPoints, final int[] votes,
		final int votesNeeded, final int inlierCount)
	{
		this.images = Collections.unmodifiableList(new ArrayList<>(images));
		this.settings = settings;
		this.objectives = objectives.clone();
		this.elbowRuleFired = elbowRuleFired;
		this.trainingPoints = trainingPoints;
		this.votes = votes.clone();
		this.votesNeeded = votesNeeded;
		this.inlierCount = inlierCount;
	}

	/** Per-image results, same order and count as the inputs. */
	public List<ImageCosegmentation> images() { return images; }

	public ImageCosegmentation image(final int index) { return images.get(index); }

	public int size() { return images.size(); }

	public CosegmentationSettings settings() { return settings; }

	/** The number of clusters chosen by the elbow search. */
	public int k() { return votes.length; }

	/** Elbow curve: e_k (mean squared distance of all unit descriptors to their centroid) for k = 1..k(). */
	public double[] objectives() { return objectives.clone(); }

	/** True if the elbow rule chose k; false if the search ran up to kMax (or the training points ran out). */
	public boolean elbowRuleFired() { return elbowRuleFired; }

	/** Descriptors k-means was trained on (before its own subsampling). */
	public int trainingPoints() { return trainingPoints; }

	/** Votes per cluster label (k values): how many inlier images found the label salient. */
	public int[] votes() { return votes.clone(); }

	/** Votes a label needed to be salient: ceil(inliers * p / 100). */
	public int votesNeeded() { return votesNeeded; }

	public boolean isSalient(final int label) { return votes[label] >= votesNeeded; }

	/** The salient labels in increasing order. */
	public int[] salientLabels() {
		int n = 0;
		for (int l = 0; l < votes.length; l++)
			if (isSalient(l)) n++;
		final int[] out = new int[n];
		n = 0;
		for (int l = 0; l < votes.length; l++)
			if (isSalient(l)) out[n++] = l;
		return out;
	}

	/** Images that took part in clustering and voting. */
	public int inlierCount() { return inlierCount; }

	/** Input indices of the outliers, increasing. */
	public int[] outlierIndices() {
		return IntStream.range(0, images.size()).filter(i -> images.get(i).outlier()).toArray();
	}

	/** A few lines for a log window. */
	public String summary() {
		final StringBuilder sb = new StringBuilder();
		sb.append(String.format(Locale.ROOT, "Co-segmentation of %d images (%d inliers): k = %d (%s), %d training points%n",
			images.size(), inlierCount, k(), elbowRuleFired ? "elbow rule" : "largest k tried", trainingPoints));
		sb.append("Elbow curve:");
		for (int i = 0; i < objectives.length; i++)
			sb.append(String.format(Locale.ROOT, " e%d=%.5f", i + 1, objectives[i]));
		sb.append(String.format(Locale.ROOT, "%nVotes per label (need %d):", votesNeeded));
		for (int l = 0; l < votes.length; l++)
			sb.append(' ').append(l).append('=').append(votes[l]).append(isSalient(l) ? "*" : "");
		int fellBack = 0;
		for (final ImageCosegmentation im : images)
			if (im.grabCut() == GrabCutOutcome.FELL_BACK) fellBack++;
		sb.append(String.format(Locale.ROOT, "%nSalient labels: %s; outliers: %s; GrabCut fell back on %d image(s)",
			Arrays.toString(salientLabels()), Arrays.toString(outlierIndices()), fellBack));
		return sb.toString();
	}

	@Override
	public String toString() {
		return "CosegmentationResult[" + images.size() + " images, k=" + k() + ", salient=" + Arrays
			.toString(salientLabels()) + "]";
	}
}
