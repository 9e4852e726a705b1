/**
 * Fully connected (dense) CRF with Gaussian Potts kernels and mean-field inference, as the
 * reference's part co-segmentation runs it through pydensecrf (reference-behaviour §4.4 step 4 and
 * §4.5): {@link sc.fiji.dinovit.algorithms.crf.DenseCrf} over
 * {@link sc.fiji.dinovit.algorithms.crf.GaussianFilter}s, either the fast
 * {@link sc.fiji.dinovit.algorithms.crf.PermutohedralLattice} approximation (what pydensecrf uses)
 * or the exact O(n²) {@link sc.fiji.dinovit.algorithms.crf.ExactGaussianFilter} test oracle.
 * <p>
 * Conventions: pixels row-major ({@code i = y * width + x}, units pixels); per-label arrays
 * label-major ({@code a[l * width * height + i]}); RGB images as packed {@code 0xRRGGBB} ints.
 * Pure Java, no native code, no ImageJ dependencies.
 */
package sc.fiji.dinovit.algorithms.crf;
