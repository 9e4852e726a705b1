/**
 * Zero-shot semantic point correspondences from ViT descriptors (the reference's
 * correspondences.py): {@link sc.fiji.dinovit.algorithms.correspondence.BestBuddies} (mutual
 * nearest neighbours by cosine similarity, blocked and multi-threaded, deterministic),
 * {@link sc.fiji.dinovit.algorithms.correspondence.Correspondences#find} (saliency filter, pair
 * clustering, one representative per cluster) and
 * {@link sc.fiji.dinovit.algorithms.correspondence.Correspondences#matchPoints} (one-way matching of
 * given points). Pure Java; pixel conventions in
 * {@link sc.fiji.dinovit.algorithms.similarity.PatchLocation}.
 */
package sc.fiji.dinovit.algorithms.correspondence;
