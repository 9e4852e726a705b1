package sc.fiji.dinovit.algorithms.similarity;

/**
 * The most similar patch of an image to a query descriptor.
 *
 * @param location the patch and its centre in the resized and original pixel frames
 * @param similarity its cosine similarity to the query
 */
public record BestMatch(PatchLocation location, float similarity) {}
