package sc.fiji.dinovit.algorithms.grabcut;

/**
 * The four per-pixel labels of a GrabCut label map, with OpenCV's values ({@code cv::GC_BGD} ...
 * {@code cv::GC_PR_FGD}), so that label maps can be exchanged with OpenCV unchanged. A label map
 * is a {@code byte[]} of these values, row-major, one per pixel.
 */
public final class GrabCutLabels {

	/** Definite background: never changed by GrabCut. */
	public static final byte BGD = 0;
	/** Definite foreground: never changed by GrabCut. */
	public static final byte FGD = 1;
	/** Probable background: GrabCut may relabel it {@link #PR_FGD}. */
	public static final byte PR_BGD = 2;
	/** Probable foreground: GrabCut may relabel it {@link #PR_BGD}. */
	public static final byte PR_FGD = 3;

	private GrabCutLabels() {}

	/** True for {@link #FGD} and {@link #PR_FGD} (OpenCV: {@code label & 1}). */
	public static boolean isForeground(final byte label) {
		return (label & 1) != 0;
	}

	/** True for {@link #PR_BGD} and {@link #PR_FGD}, the labels GrabCut may change. */
	public static boolean isProbable(final byte label) {
		return (label & 2) != 0;
	}

	/** The foreground ({@link #FGD} or {@link #PR_FGD}) pixels of a label map. */
	public static boolean[] foreground(final byte[] labels) {
		final boolean[] fg = new boolean[labels.length];
		for (int i = 0; i < labels.length; i++)
			fg[i] = isForeground(labels[i]);
		return fg;
	}

	/**
	 * @throws IllegalArgumentException naming the first pixel whose value is not one of the four
	 *           labels
	 */
	static void validate(final byte[] labels) {
		for (int i = 0; i < labels.length; i++)
			if (labels[i] < BGD || labels[i] > PR_FGD) throw new IllegalArgumentException(
				"GrabCut label map holds " + labels[i] + " at pixel " + i +
					": only 0 (BGD), 1 (FGD), 2 (PR_BGD) and 3 (PR_FGD) are allowed");
	}
}
