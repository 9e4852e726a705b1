package sc.fiji.dinovit.algorithms.cluster;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import sc.fiji.dinovit.testutil.Npy;


/** Fixtures written by scripts/make_cluster_fixtures.py, plus synthetic data helpers. */
public final class ClusterFixtures {

	private ClusterFixtures() {}

	public static Path path(final String name) {
		try {
			return Path.of(ClusterFixtures.class.getResource("/fixtures/cluster/" + name).toURI());
		}
		catch (final URISyntaxException | NullPointerException e) {
			throw new IllegalStateException("Missing fixture " + name + " (run scripts/make_cluster_fixtures.py)", e);
		}
	}

	public static JsonObject json(final String name) {
		try {
			return JsonParser.parseString(Files.readString(path(name), StandardCharsets.UTF_8)).getAsJsonObject();
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static Npy npy(final String name) {
		try {
			return Npy.read(path(name));
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public static int[] ints(final JsonObject o, final String key) {
		final var a = o.getAsJsonArray(key);
		final int[] out = new int[a.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = a.get(i).getAsInt();
		return out;
	}

	public static double[] doubles(final JsonObject o, final String key) {
		final var a = o.getAsJsonArray(key);
		final double[] out = new double[a.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = a.get(i).getAsDouble();
		return out;
	}

	/** n random unit vectors of dimension d (Gaussian, normalised). */
	public static float[] randomUnitVectors(final int n, final int d, final long seed) {
		final SplittableRandom rng = new SplittableRandom(seed);
		final float[] x = new float[n * d];
		for (int i = 0; i < n; i++) {
			double norm = 0;
			for (int j = 0; j < d; j++) {
				final double v = rng.nextGaussian();
				x[i * d + j] = (float) v;
				norm += v * v;
			}
			final float inv = (float) (1 / Math.sqrt(norm));
			for (int j = 0; j < d; j++)
				x[i * d + j] *= inv;
		}
		return x;
	}

	/** True if the two labelings are the same partition (equal up to renaming labels). */
	public static boolean samePartition(final int[] a, final int[] b) {
		if (a.length != b.length) return false;
		final java.util.Map<Integer, Integer> ab = new java.util.HashMap<>();
		final java.util.Map<Integer, Integer> ba = new java.util.HashMap<>();
		for (int i = 0; i < a.length; i++) {
			final Integer ai = ab.putIfAbsent(a[i], b[i]);
			final Integer bi = ba.putIfAbsent(b[i], a[i]);
			if (ai != null && ai != b[i] || bi != null && bi != a[i]) return false;
		}
		return true;
	}
}
