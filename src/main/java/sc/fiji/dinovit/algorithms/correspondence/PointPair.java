package sc.fiji.dinovit.algorithms.correspondence;

import sc.fiji.dinovit.algorithms.similarity.PatchLocation;

/**
 * One correspondence: a patch of image A and its best buddy in image B, with both patch centres in
 * the resized and original pixel frames (see {@link PatchLocation} for the pixel convention).
 *
 * @param a the patch in image A
 * @param b the patch in image B (nnAB of a)
 * @param similarity cosine similarity of the two descriptors
 * @param saliency mean saliency of the two patches, (saliency_A + saliency_B) / 2
 * @param cluster the k-means cluster this pair represents (an arbitrary label in [0, k))
 */
public record PointPair(PatchLocation a, PatchLocation b, float similarity, float saliency, int cluster) {}
