/**
 * Cosine similarity between patch descriptors, patch/pixel geometry in the resized and original
 * frames ({@link sc.fiji.dinovit.algorithms.similarity.PixelFrames},
 * {@link sc.fiji.dinovit.algorithms.similarity.PatchLocation}) and per-image similarity maps for a
 * query point ({@link sc.fiji.dinovit.algorithms.similarity.SimilarityMap}, the reference's
 * inspect_similarity.py). Pure Java.
 */
package sc.fiji.dinovit.algorithms.similarity;
