package sc.fiji.dinovit.algorithms.cluster;

/** A {@link DescriptorSource} over one row-major float array; reads are zero-copy views. */
final class FloatArraySource implements DescriptorSource {

	private final float[] data;
	private final int dim;

	FloatArraySource(final float[] data, final int dim) {
		if (dim <= 0) throw new IllegalArgumentException("Descriptor dimension must be positive, got " + dim);
		if (data.length % dim != 0) throw new IllegalArgumentException(
			"Array length " + data.length + " is not a multiple of the dimension " + dim);
		this.data = data;
		this.dim = dim;
	}

	@Override
	public int dim() { return dim; }

	@Override
	public long count() { return data.length / dim; }

	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		if (first < 0 || rows < 0 || first + rows > count()) throw new IndexOutOfBoundsException(
			"Rows [" + first + ", " + (first + rows) + ") outside [0, " + count() + ")");
		return new RowBlock(data, (int) first * dim);
	}
}
