package sc.fiji.dinovit.algorithms.correspondence;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Timing of {@link BestBuddies} (not a unit test). Arguments: nA nB dim [runs]; default 4000 4000
 * 6528 3, the size of two 224-px images at stride 4 with binned ViT-S/8 descriptors. Prints one
 * line per run with seconds and the number of best buddies. Run with
 * {@code java -cp target/classes:target/test-classes sc.fiji.dinovit.algorithms.correspondence.BestBuddiesBenchmark}.
 */
public final class BestBuddiesBenchmark {

	private static long cpuNanos() {
		final java.lang.management.OperatingSystemMXBean os =
			java.lang.management.ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean
			? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
	}

	public static void main(final String[] args) {
		final int nA = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
		final int nB = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
		final int d = args.length > 2 ? Integer.parseInt(args[2]) : 6528;
		final int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
		final SplittableRandom rnd = new SplittableRandom(1);
		final float[] a = new float[nA * d];
		final float[] b = new float[nB * d];
		for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian();
		for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
		for (int r = 0; r < runs; r++) {
			final long c0 = cpuNanos();
			final long t0 = System.nanoTime();
			final BestBuddies bb = BestBuddies.of(a, nA, b, nB, d);
			final double s = (System.nanoTime() - t0) * 1e-9;
			final double cpu = (cpuNanos() - c0) * 1e-9;
			System.out.println(String.format(Locale.ROOT,
				"best buddies %d x %d x %d: %.3f s wall, %.3f s CPU (%d buddies, %d processors, %.1f GFLOP/s)", nA, nB, d, s, cpu,
				bb.numBuddies(), Runtime.getRuntime().availableProcessors(), 2.0 * nA * nB * d / s * 1e-9));
		}
	}
}
