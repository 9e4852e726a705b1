package sc.fiji.dinovit.algorithms.parts;

/**
 * A label per pixel in as few bytes as the labels allow: one byte each while every label is in
 * 0..255 (the usual case: a few parts plus background), else four. Holding the label maps of a
 * 1,000-image set at one byte per resized pixel is what keeps part co-segmentation's memory small
 * besides the descriptor store. Immutable once made (the arrays never leave this class).
 */
final class PackedLabels {

	private final byte[] bytes;
	private final int[] ints;

	private PackedLabels(final byte[] bytes, final int[] ints) {
		this.bytes = bytes;
		this.ints = ints;
	}

	/**
	 * @param labels the labels (not kept)
	 * @param maxLabel an upper bound of the labels (all labels are &ge; 0)
	 */
	static PackedLabels of(final int[] labels, final int maxLabel) {
		if (maxLabel > 255) return new PackedLabels(null, labels.clone());
		final byte[] b = new byte[labels.length];
		for (int i = 0; i < b.length; i++)
			b[i] = (byte) labels[i];
		return new PackedLabels(b, null);
	}

	int length() { return bytes != null ? bytes.length : ints.length; }

	int get(final int i) { return bytes != null ? bytes[i] & 0xff : ints[i]; }

	/** A new array of all labels. */
	int[] toArray() {
		if (ints != null) return ints.clone();
		final int[] out = new int[bytes.length];
		for (int i = 0; i < out.length; i++)
			out[i] = bytes[i] & 0xff;
		return out;
	}

	/** The labels renumbered through {@code newLabel} (label l becomes newLabel[l]). */
	PackedLabels relabelled(final int[] newLabel) {
		int max = 0;
		for (final int l : newLabel)
			max = Math.max(max, l);
		final int[] out = toArray();
		for (int i = 0; i < out.length; i++)
			out[i] = newLabel[out[i]];
		return of(out, max);
	}
}
