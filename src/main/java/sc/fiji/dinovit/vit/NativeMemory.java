package sc.fiji.dinovit.vit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * What this process holds outside the Java heap, for leak checks and soak runs: the live DJL
 * arrays of every PyTorch-engine manager in the JVM (model weights and any temporaries a call has
 * not freed yet), and the kernel's resident-set figures from {@code /proc/self/status}.
 * <p>
 * The array count walks the engine's system manager, the root of every base manager and
 * sub-manager, so it sees arrays of any model, not only ours; an array that leaks out of a forward
 * pass stays attached to a manager and is counted until that manager closes. Between calls the
 * count is exactly the weights of the open models.
 * <p>
 * <b>Threads:</b> {@link #liveArrays()} may be called at any time. {@link #now()} also reads every
 * live array's shape, which touches native memory: call it only while no forward pass runs (an
 * array freed by another thread during the walk would be read after it was freed).
 */
public final class NativeMemory {

	private static volatile NDManager system;

	private NativeMemory() {}

	/** Live DJL arrays and their bytes, resident set and its anonymous part (kB; -1 off Linux). */
	public record Snapshot(int arrays, long arrayBytes, long rssKb, long rssAnonKb) {

		public double rssMb() {
			return rssKb / 1024.0;
		}

		public double rssAnonMb() {
			return rssAnonKb / 1024.0;
		}

		@Override
		public String toString() {
			return arrays + " native arrays (" + arrayBytes + " bytes), RSS " + rssKb + " kB, anonymous RSS " +
				rssAnonKb + " kB";
		}
	}

	/** A snapshot; see the class comment for when it is safe. */
	public static Snapshot now() {
		final List<NDArray> arrays = systemManager().getManagedArrays();
		long bytes = 0;
		for (final NDArray a : arrays)
			bytes += a.size() * a.getDataType().getNumOfBytes();
		return new Snapshot(arrays.size(), bytes, procStatusKb("VmRSS"), procStatusKb("RssAnon"));
	}

	/** Number of live DJL arrays in the JVM (PyTorch engine); safe at any time. */
	public static int liveArrays() {
		return systemManager().getManagedArrays().size();
	}

	/** Resident set size in kB (VmRSS), or -1 where /proc/self/status is missing. */
	public static long rssKb() {
		return procStatusKb("VmRSS");
	}

	/** Anonymous resident memory in kB (RssAnon: heap, malloc arenas, native tensors), or -1. */
	public static long rssAnonKb() {
		return procStatusKb("RssAnon");
	}

	/**
	 * A kB value of /proc/self/status ("VmRSS", "RssAnon", "VmHWM", ...), or -1 where the file or
	 * the key is missing (not Linux).
	 */
	public static long procStatusKb(final String key) {
		final Path p = Paths.get("/proc/self/status");
		try {
			for (final String line : Files.readAllLines(p))
				if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		}
		catch (final IOException | RuntimeException e) {
			// not available
		}
		return -1;
	}

	/** The PyTorch engine's root manager (the parent of every base manager). */
	private static NDManager systemManager() {
		NDManager s = system;
		if (s == null) {
			try (NDManager probe = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
				s = probe.getParentManager();
			}
			system = s;
		}
		return s;
	}
}
