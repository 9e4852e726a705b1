package sc.fiji.dinovit.features;

import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.PatchGrid;
import sc.fiji.dinovit.vit.VitOutput;

/**
 * Dense descriptors of one image: one vector per patch token, row-major over the grid, plus
 * optionally the [CLS] token's vector. Register tokens are never among them.
 * <p>
 * Channel order: for key/query/value the qkv projection's native head-major order
 * (channel = head * headDim + j); for token the residual-stream order. Binned descriptors are 17
 * consecutive blocks of those channels (see {@link LogBinning}). The reference concatenates heads
 * interleaved (j * heads + head); cosine similarities, clustering and binning do not depend on
 * the order. Not L2-normalised. The arrays are owned by this object: treat them as read-only.
 */
public final class Descriptors {

	private final PatchGrid grid;
	private final int dim;
	private final float[] data;
	private final float[] cls;
	private final boolean binned;

	/**
	 * @param grid the patch grid the rows belong to
	 * @param dim values per descriptor
	 * @param data grid.numPatches() * dim values, patch-major
	 * @param cls the [CLS] descriptor (dim values, unbinned) or null
	 * @param binned whether the patch descriptors are log-binned
	 */
	public Descriptors(final PatchGrid grid, final int dim, final float[] data, final float[] cls,
		final boolean binned)
	{
		if ((long) grid.numPatches() * dim != data.length) throw new IllegalArgumentException(
			"Descriptor data has " + data.length + " values, expected " + grid.numPatches() + " x " + dim);
		this.grid = grid;
		this.dim = dim;
		this.data = data;
		this.cls = cls;
		this.binned = binned;
	}

	/**
	 * The patch descriptors of one facet and layer of a forward pass.
	 *
	 * @param includeCls whether to keep the [CLS] token's vector too (see {@link #cls()})
	 */
	public static Descriptors of(final VitOutput out, final int layer, final Facet facet,
		final boolean includeCls)
	{
		final float[] all = out.facet(layer, facet);
		final int d = out.dim();
		final int prefix = out.numPrefixTokens();
		final float[] patches = new float[out.grid().numPatches() * d];
		System.arraycopy(all, prefix * d, patches, 0, patches.length);
		float[] cls = null;
		if (includeCls) {
			cls = new float[d];
			System.arraycopy(all, 0, cls, 0, d);
		}
		return new Descriptors(out.grid(), d, patches, cls, false);
	}

	public PatchGrid grid() { return grid; }

	/** Values per descriptor (D, or 17 D when binned). */
	public int dim() { return dim; }

	public int numPatches() { return grid.numPatches(); }

	/** All patch descriptors, patch-major (numPatches * dim). Do not modify. */
	public float[] data() { return data; }

	/** The [CLS] descriptor (never binned), or null if it was not kept. */
	public float[] cls() { return cls; }

	public boolean hasCls() { return cls != null; }

	public boolean isBinned() { return binned; }

	/** A copy of one patch's descriptor. */
	public float[] patch(final int index) {
		final float[] v = new float[dim];
		System.arraycopy(data, index * dim, v, 0, dim);
		return v;
	}

	/** These descriptors log-binned (17 x dim); the [CLS] vector is kept as it is. */
	public Descriptors binned() {
		if (binned) throw new IllegalStateException("Descriptors are already binned");
		final float[] b = LogBinning.bin(data, grid.rows(), grid.cols(), dim);
		return new Descriptors(grid, b.length / grid.numPatches(), b, cls, true);
	}
}
