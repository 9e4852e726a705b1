package sc.fiji.dinovit.algorithms.similarity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * The cosine similarity of one query descriptor to every patch of one image (the heat-map of the
 * reference's inspect_similarity, section 6.2), with the best match. Immutable; single-threaded.
 * <p>
 * Values are row-major over the target's patch grid. {@link #renderOriginal()} resamples them to
 * the target's original pixel frame by nearest patch centre. Cosines use {@link CosineSimilarity},
 * so they are bitwise equal to the values the correspondence search computes.
 */
public final class SimilarityMap {

	private final PixelFrames frames;
	private final float[] values;
	private final BestMatch best;

	private SimilarityMap(final PixelFrames frames, final float[] values) {
		this.frames = frames;
		this.values = values;
		int arg = 0;
		for (int i = 1; i < values.length; i++)
			if (values[i] > values[arg]) arg = i;
		this.best = new BestMatch(frames.locate(arg), values[arg]);
	}

	/**
	 * The similarity map of a query descriptor over a target image.
	 *
	 * @throws IllegalArgumentException if the query's length differs from the target's descriptor
	 *           dimension
	 */
	public static SimilarityMap of(final float[] query, final ImageFeatures target) {
		final Descriptors d = target.descriptors();
		if (query.length != d.dim()) throw new IllegalArgumentException("The query descriptor has " +
			query.length + " values but the target image's descriptors have " + d.dim() +
			": both must come from the same layer, facet and binning");
		return new SimilarityMap(PixelFrames.of(target),
			CosineSimilarity.toEachRow(query, d.data(), d.numPatches(), d.dim()));
	}

	/**
	 * For a point of a source image, its patch's similarity map over each target image.
	 *
	 * @param originalX x of the point in the source's original pixels (continuous, see
	 *          {@link PatchLocation})
	 * @param originalY y likewise
	 * @return one map per target, in the targets' order (a target may be the source itself)
	 * @throws IllegalArgumentException if the point lies outside the source image or a target's
	 *           descriptor dimension differs from the source's
	 */
	public static List<SimilarityMap> forPoint(final ImageFeatures source, final double originalX,
		final double originalY, final List<ImageFeatures> targets)
	{
		final PixelFrames frames = PixelFrames.of(source);
		frames.checkInside(originalX, originalY);
		final float[] query = source.descriptors().patch(frames.nearestPatch(originalX, originalY));
		final List<SimilarityMap> maps = new ArrayList<>(targets.size());
		for (final ImageFeatures t : targets)
			maps.add(of(query, t));
		return Collections.unmodifiableList(maps);
	}

	/** The target's patch grid. */
	public PatchGrid grid() { return frames.grid(); }

	/** The target's pixel frames. */
	public PixelFrames frames() { return frames; }

	/** A copy of the similarities, row-major over {@link #grid()}. */
	public float[] values() { return values.clone(); }

	public float value(final int row, final int col) { return values[grid().index(row, col)]; }

	/** The most similar patch; ties go to the lowest row-major index (argmax semantics). */
	public BestMatch best() { return best; }

	/**
	 * The map in the target's original pixel frame: originalHeight * originalWidth values,
	 * row-major. Each pixel takes the value of the patch whose centre is nearest to the pixel's
	 * centre (i + 0.5, j + 0.5) after scaling to the resized frame; pixels beyond the outermost
	 * patch centres (including the strips no patch covers) take the border patch's value.
	 */
	public float[] renderOriginal() {
		final PatchGrid g = grid();
		final int w = frames.originalWidth();
		final int h = frames.originalHeight();
		final int[] colOf = new int[w];
		for (int x = 0; x < w; x++)
			colOf[x] = g.nearestCol(frames.toResizedX(x + 0.5));
		final float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			final int rowOffset = g.nearestRow(frames.toResizedY(y + 0.5)) * g.cols();
			for (int x = 0; x < w; x++)
				out[y * w + x] = values[rowOffset + colOf[x]];
		}
		return out;
	}
}
