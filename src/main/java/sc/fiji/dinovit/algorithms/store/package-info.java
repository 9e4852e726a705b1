/**
 * Bounded-memory storage of per-image descriptor blocks for large image sets.
 * <p>
 * {@link sc.fiji.dinovit.algorithms.store.DescriptorStore} keeps blocks on the Java heap up to a
 * byte budget and spills the rest to memory-mapped temporary files, and serves all rows as a
 * {@link sc.fiji.dinovit.algorithms.cluster.DescriptorSource} for streaming k-means assignment.
 * Pure Java: no DJL, no ImageJ, no AWT.
 */
package sc.fiji.dinovit.algorithms.store;
