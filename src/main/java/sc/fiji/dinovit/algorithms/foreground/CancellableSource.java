package sc.fiji.dinovit.algorithms.foreground;

import java.util.concurrent.atomic.AtomicLong;

import sc.fiji.dinovit.algorithms.cluster.DescriptorSource;
import sc.fiji.dinovit.util.Progress;

/**
 * A pass-through {@link DescriptorSource} that checks for cancellation at every read and reports
 * the fraction of an expected number of row reads as progress. The k-means code reads the whole
 * set once per tried k in chunks, so this gives clustering a cancel point every few thousand
 * descriptors without the clustering code knowing about {@link Progress}. Thread-safe.
 */
final class CancellableSource implements DescriptorSource {

	private final DescriptorSource source;
	private final Progress progress;
	private final double expectedRows;
	private final AtomicLong rowsRead = new AtomicLong();

	/** @param expectedReads how many times the whole source is expected to be read (for the fraction) */
	CancellableSource(final DescriptorSource source, final Progress progress, final int expectedReads) {
		this.source = source;
		this.progress = progress;
		this.expectedRows = Math.max(1.0, (double) source.count() * expectedReads);
	}

	@Override
	public int dim() { return source.dim(); }

	@Override
	public long count() { return source.count(); }

	@Override
	public RowBlock rows(final long first, final int rows, final float[] scratch) {
		progress.checkCancelled();
		final RowBlock block = source.rows(first, rows, scratch);
		progress.fraction(rowsRead.addAndGet(rows) / expectedRows);
		return block;
	}
}
