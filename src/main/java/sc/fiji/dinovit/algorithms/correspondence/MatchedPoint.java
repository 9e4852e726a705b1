package sc.fiji.dinovit.algorithms.correspondence;

import sc.fiji.dinovit.algorithms.similarity.PatchLocation;

/**
 * The one-way match of a point of image A in image B (see
 * {@link Correspondences#matchPoints}). Pixel convention: {@link PatchLocation}.
 *
 * @param queryX x of the query point in A's original pixels, as given
 * @param queryY y of the query point in A's original pixels, as given
 * @param source the patch of A nearest to the query point
 * @param target the patch of B most similar to it; {@code target().originalX()/originalY()} is
 *          the matched point in B's original pixels
 * @param similarity their cosine similarity
 */
public record MatchedPoint(double queryX, double queryY, PatchLocation source, PatchLocation target,
	float similarity)
{}
