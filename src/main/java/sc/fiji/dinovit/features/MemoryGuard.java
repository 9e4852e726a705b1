package sc.fiji.dinovit.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Refuses a run before it starts when its {@link MemoryEstimate} exceeds the memory available, so
 * that a too-large image or stride ends with a message instead of a native out-of-memory that
 * takes Fiji down. Native memory is compared with the system's available memory
 * ({@code MemAvailable} of /proc/meminfo), heap with what the Java heap can still grow to. The
 * message names the need, what is free, and settings that fit: a smaller {@code load_size}, a
 * larger {@code stride}, or fewer images per run (large-set mode: co-segmentation or part co-segmentation of a folder).
 * <p>
 * Availability is injectable ({@link Availability}); the system properties
 * {@code dino.memory.native.available} and {@code dino.memory.heap.available} (bytes) override the
 * measured values, for tests and to cap what a run may use.
 */
public final class MemoryGuard {

	/** Property overriding the measured native memory available, in bytes. */
	public static final String NATIVE_PROPERTY = "dino.memory.native.available";
	/** Property overriding the measured free Java heap, in bytes. */
	public static final String HEAP_PROPERTY = "dino.memory.heap.available";

	/** Load sizes tried (with halves of the current one), largest first, when a suggestion is needed. */
	private static final int[] LOAD_SIZES = { 448, 360, 320, 224, 160, 112 };

	/** Bytes available now: native (outside the Java heap) and heap. */
	public record Availability(long nativeBytes, long heapBytes) {

		/**
		 * What this process has: MemAvailable (Long.MAX_VALUE where unknown, so that nothing is
		 * refused on a guess) and max heap minus used heap; each overridden by its property.
		 */
		public static Availability ofThisProcess() {
			final Runtime rt = Runtime.getRuntime();
			final long heap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
			return new Availability(property(NATIVE_PROPERTY, memAvailable(Paths.get("/proc/meminfo"))), property(
				HEAP_PROPERTY, heap));
		}
	}

	/** Where availability comes from; re-read after a garbage collection when the heap looks short. */
	public interface AvailabilitySource {
		Availability get();
	}

	private final AvailabilitySource source;

	public MemoryGuard(final AvailabilitySource source) {
		this.source = source;
	}

	/** The guard of this process ({@link Availability#ofThisProcess()}). */
	public static MemoryGuard ofThisProcess() {
		return new MemoryGuard(Availability::ofThisProcess);
	}

	/**
	 * Throws when the estimate does not fit.
	 *
	 * @param weightsLoaded whether the model is already in memory (then its weights are already
	 *          taken from the available memory and not counted again)
	 * @throws InsufficientMemoryException naming the need, what is free and the settings to change
	 */
	public void check(final MemoryEstimate e, final boolean weightsLoaded) {
		Availability a = source.get();
		if (fitsHeap(e, a) && fitsNative(e, a, weightsLoaded)) return;
		if (!fitsHeap(e, a)) {
			System.gc(); // garbage is not a shortage: measure again once
			a = source.get();
		}
		final boolean heapOk = fitsHeap(e, a), nativeOk = fitsNative(e, a, weightsLoaded);
		if (heapOk && nativeOk) return;
		final StringBuilder sb = new StringBuilder("Not enough memory for this run: ").append(e.imageCount()).append(
			e.imageCount() == 1 ? " image" : " images").append(", the largest resized to ").append(e.largestResized())
			.append(" at stride ").append(e.stride()).append(" (").append(e.tokens()).append(" tokens) needs about ");
		if (!nativeOk) sb.append(mb(need(e, weightsLoaded))).append(" of native memory, ").append(mb(a.nativeBytes()))
			.append(" available");
		if (!nativeOk && !heapOk) sb.append(", and ");
		if (!heapOk) sb.append(mb(e.heapBytes())).append(" of Java heap, ").append(mb(a.heapBytes())).append(" free");
		sb.append(". Fix: ").append(String.join("; or ", suggestions(e, a, weightsLoaded)));
		throw new InsufficientMemoryException(sb.toString());
	}

	private List<String> suggestions(final MemoryEstimate e, final Availability a, final boolean weightsLoaded) {
		final List<String> out = new ArrayList<>();
		final int p = e.spec().patchSize();
		for (int s = e.stride() + 1; s <= p; s++)
			if (p % s == 0 && fits(e.withStride(s), a, weightsLoaded)) {
				out.add("a larger stride: stride=" + s);
				break;
			}
		final int current = e.loadSize() == 0 ? Integer.MAX_VALUE : e.loadSize();
		for (final int l : loadSizes(current, p))
			if (fits(e.withLoadSize(l), a, weightsLoaded)) {
				out.add("a smaller load_size: load_size=" + l);
				break;
			}
		if (!fitsHeap(e, a)) out.add("fewer images per run (large-set mode: DINO Co-segmentation or DINO Part Co-segmentation " +
			"with input=folder keeps descriptors beyond a heap budget on disk) or a larger Java heap " +
			"(Edit>Options>Memory & Threads)");
		if (out.isEmpty()) out.add("a smaller load_size (e.g. load_size=" + Math.max(p, Math.min(current, 448) / 2) +
			") and a larger stride (up to stride=" + p + "), or a machine with more memory");
		return out;
	}

	/** Candidate load sizes below the current one, largest first: the usual ones, then halves. */
	private static List<Integer> loadSizes(final int current, final int patch) {
		final java.util.TreeSet<Integer> c = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
		for (final int l : LOAD_SIZES)
			c.add(l);
		if (current != Integer.MAX_VALUE) {
			c.add(current / 2);
			c.add(current / 4);
		}
		final List<Integer> out = new ArrayList<>();
		for (final int l : c)
			if (l < current && l >= patch) out.add(l);
		return out;
	}

	private static boolean fits(final MemoryEstimate e, final Availability a, final boolean weightsLoaded) {
		return fitsHeap(e, a) && fitsNative(e, a, weightsLoaded);
	}

	private static boolean fitsHeap(final MemoryEstimate e, final Availability a) {
		return e.heapBytes() <= a.heapBytes();
	}

	private static boolean fitsNative(final MemoryEstimate e, final Availability a, final boolean weightsLoaded) {
		return need(e, weightsLoaded) <= a.nativeBytes();
	}

	private static long need(final MemoryEstimate e, final boolean weightsLoaded) {
		return weightsLoaded ? e.activationBytes() : e.nativeBytes();
	}

	private static String mb(final long bytes) {
		return String.format(Locale.ROOT, "%,d MB", Math.max(0, bytes) / 1_000_000);
	}

	/** MemAvailable of a meminfo file in bytes, or Long.MAX_VALUE when it cannot be read. */
	static long memAvailable(final Path meminfo) {
		try {
			for (final String line : Files.readAllLines(meminfo)) {
				if (!line.startsWith("MemAvailable:")) continue;
				final String[] f = line.trim().split("\\s+");
				return Long.parseLong(f[1]) * 1024;
			}
		}
		catch (final IOException | RuntimeException e) {
			// unknown: do not refuse on a guess
		}
		return Long.MAX_VALUE;
	}

	private static long property(final String key, final long measured) {
		final String v = System.getProperty(key);
		if (v == null || v.trim().isEmpty()) return measured;
		try {
			return Long.parseLong(v.trim());
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException("System property " + key + "=" + v + " is not a number of bytes: " +
				"give e.g. -D" + key + "=8000000000, or remove it");
		}
	}
}
