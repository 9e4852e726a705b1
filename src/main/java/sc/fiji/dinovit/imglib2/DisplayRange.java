package sc.fiji.dinovit.imglib2;

import net.imglib2.type.numeric.RealType;

/**
 * The intensity window [min, max] that maps a grey value to [0,1], as a Fiji display range does.
 * <p>
 * The rule ({@link #scale(double)}):
 * <ul>
 * <li>NaN maps to 0;</li>
 * <li>v &le; min maps to 0 (so does -infinity);</li>
 * <li>v &ge; max maps to 1 (so does +infinity; with min == max every value above min maps to
 * 1);</li>
 * <li>otherwise (v - min) / (max - min), computed in double and rounded to float.</li>
 * </ul>
 * min and max must be finite with min &le; max.
 */
public record DisplayRange(double min, double max) {

	public DisplayRange {
		if (!Double.isFinite(min) || !Double.isFinite(max) || max < min)
			throw new IllegalArgumentException("Display range must be finite with min <= max, got [" +
				min + ", " + max + "]");
	}

	/** The identity range of 8-bit data: [0, 255]. */
	public static final DisplayRange UNSIGNED_BYTE = new DisplayRange(0, 255);

	/** Maps {@code v} into [0,1] by the rule in the class description. */
	public float scale(final double v) {
		if (Double.isNaN(v) || v <= min) return 0f;
		if (v >= max) return 1f;
		return (float) ((v - min) / (max - min));
	}

	/**
	 * The minimum and maximum of the finite values of {@code values} (NaN and infinities are
	 * skipped). If there is no finite value the range is [0, 0]. Reads every value once.
	 */
	public static <T extends RealType<T>> DisplayRange ofFiniteValues(final Iterable<T> values) {
		double lo = Double.POSITIVE_INFINITY;
		double hi = Double.NEGATIVE_INFINITY;
		for (final T t : values) {
			final double v = t.getRealDouble();
			if (!Double.isFinite(v)) continue;
			if (v < lo) lo = v;
			if (v > hi) hi = v;
		}
		return lo <= hi ? new DisplayRange(lo, hi) : new DisplayRange(0, 0);
	}
}
