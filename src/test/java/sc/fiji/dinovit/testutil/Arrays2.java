package sc.fiji.dinovit.testutil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Array comparison with a stated tolerance and a useful failure message. */
public final class Arrays2 {

	private Arrays2() {}

	/** Max abs difference; fails on length mismatch. */
	public static double maxAbsDiff(final float[] expected, final float[] actual) {
		assertEquals(expected.length, actual.length, "array length");
		double max = 0;
		for (int i = 0; i < expected.length; i++) {
			final double d = Math.abs((double) expected[i] - actual[i]);
			if (Double.isNaN(d)) return Double.POSITIVE_INFINITY;
			max = Math.max(max, d);
		}
		return max;
	}

	/** Asserts max abs difference <= tol; returns it (and prints it when -Ddinovit.printErrors=true). */
	public static double assertClose(final float[] expected, final float[] actual, final double tol,
		final String what)
	{
		final double d = maxAbsDiff(expected, actual);
		if (!(d <= tol)) fail(what + ": max abs error " + d + " exceeds " + tol);
		if (Boolean.getBoolean("dinovit.printErrors")) System.out.println("max abs error " + what + ": " + d);
		return d;
	}
}
