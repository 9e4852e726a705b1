package sc.fiji.dinovit.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.util.Progress;

/** What the pipeline benchmarks share: their input set and a progress that times the extraction phase. */
final class PipelineBenchInputs {

	private static final String[] NAMES = { "images/chelsea.png", "images/square224.png", "grabcut/coffee_rgb.png",
		"grabcut/astronaut_rgb.png" };

	private PipelineBenchInputs() {}

	/** {@code n} images: the four committed test images repeated in order. */
	static List<SourceImage> repeatedTestImages(final int n) throws IOException {
		final List<ByteImage> base = new ArrayList<>();
		for (final String name : NAMES)
			base.add(Fixtures.png(name));
		final List<SourceImage> images = new ArrayList<>();
		for (int i = 0; i < n; i++)
			images.add(base.get(i % base.size()));
		return images;
	}

	/**
	 * A never-cancelled progress that notes the time at which the run's fraction first reaches the
	 * end of its extraction phase, and the last status message. Thread-safe for one writer.
	 */
	static final class PhaseClock implements Progress {

		private final double extractionEnds;
		private volatile long extractionDoneNanos;
		private volatile String lastStatus = "";

		PhaseClock(final double extractionEnds) {
			this.extractionEnds = extractionEnds;
		}

		@Override
		public void status(final String message) {
			lastStatus = message;
		}

		@Override
		public void fraction(final double done) {
			if (done >= extractionEnds && extractionDoneNanos == 0) extractionDoneNanos = System.nanoTime();
		}

		@Override
		public boolean isCancelled() {
			return false;
		}

		/** System.nanoTime() when extraction ended; 0 before. */
		long extractionDoneNanos() { return extractionDoneNanos; }

		String lastStatus() { return lastStatus; }
	}
}
