package sc.fiji.dinovit.imglib2;

import java.util.Arrays;

/**
 * Per-channel normalisation (v - mean[c]) / std[c] of RGB values in [0,1], in float arithmetic
 * (as torchvision's {@code Normalize} on a float32 tensor). Immutable.
 */
public final class Normalization {

	/** ImageNet statistics, used by the DINO / DINOv2 models. */
	public static final Normalization IMAGENET = new Normalization(new float[] { 0.485f, 0.456f,
		0.406f }, new float[] { 0.229f, 0.224f, 0.225f });

	/** mean 0.5, std 0.5 (timm supervised ViTs in the reference). */
	public static final Normalization HALF = new Normalization(new float[] { 0.5f, 0.5f, 0.5f },
		new float[] { 0.5f, 0.5f, 0.5f });

	private final float[] mean;
	private final float[] std;

	private Normalization(final float[] mean, final float[] std) {
		this.mean = mean;
		this.std = std;
	}

	/** Normalisation with the given R, G, B means and standard deviations (arrays are copied). */
	public static Normalization of(final float[] mean, final float[] std) {
		if (mean.length != 3 || std.length != 3) throw new IllegalArgumentException(
			"Need 3 means and 3 standard deviations (R, G, B), got " + mean.length + " and " +
				std.length);
		for (final float s : std)
			if (!(s > 0) || !Float.isFinite(s)) throw new IllegalArgumentException(
				"Standard deviations must be positive and finite, got " + Arrays.toString(std));
		for (final float m : mean)
			if (!Float.isFinite(m)) throw new IllegalArgumentException("Means must be finite, got " +
				Arrays.toString(mean));
		return new Normalization(mean.clone(), std.clone());
	}

	public float mean(final int channel) { return mean[channel]; }

	public float std(final int channel) { return std[channel]; }

	/** (v - mean[c]) / std[c] in float. */
	public float apply(final float v, final int channel) {
		return (v - mean[channel]) / std[channel];
	}

	@Override
	public String toString() {
		return "Normalization[mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + "]";
	}
}
