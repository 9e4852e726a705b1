package sc.fiji.dinovit.algorithms.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ElbowSearchTest {

	/** Every 10th row, as the caller's "every n-th descriptor" training subset. */
	private static float[] everyNth(final float[] x, final int dim, final int step) {
		final int n = x.length / dim;
		final float[] out = new float[((n + step - 1) / step) * dim];
		for (int i = 0, o = 0; i < n; i += step, o++)
			System.arraycopy(x, i * dim, out, o * dim, dim);
		return out;
	}

	@Test
	void fourPlantedClustersStopAtFiveAndKeepFive() {
		final JsonObject meta = ClusterFixtures.json("elbow_planted.json");
		final int dim = meta.get("dim").getAsInt();
		final float[] x = ClusterFixtures.npy("elbow_planted.npy").data;
		final ElbowResult r = ElbowSearch.reference(meta.get("elbow").getAsDouble()).run(everyNth(x, dim, 3),
			DescriptorSource.of(x, dim));
		assertEquals(5, meta.get("chosen_k").getAsInt(), "fixture: sklearn's curve under the rule");
		assertEquals(5, r.k());
		assertTrue(r.stoppedByRule());
		final double[] e = r.objectives();
		assertEquals(5, e.length);
		final double[] sk = ClusterFixtures.doubles(meta, "sklearn_curve");
		for (int k = 0; k < 4; k++) // k <= 4 has one obvious optimum, trained on a subset here
			assertEquals(sk[k], e[k], 0.02 * sk[k], "e_" + (k + 1));
		assertTrue(e[4] > 0.975 * e[3]);
		assertEquals(x.length / dim, r.labels().length);
		// the 5 clusters refine the 4 planted ones
		final int[] planted = ClusterFixtures.ints(meta, "planted");
		final int[] labels = r.labels();
		final Map<Integer, Integer> plantedOf = new HashMap<>();
		for (int i = 0; i < labels.length; i++) {
			final Integer p = plantedOf.putIfAbsent(labels[i], planted[i]);
			if (p != null) assertEquals((int) p, planted[i], "cluster " + labels[i] + " mixes planted clusters");
		}
	}

	@Test
	void runsToKMaxWhenTheRuleNeverFires() {
		final float[] x = ClusterFixtures.randomUnitVectors(400, 2, 5); // points on a circle keep improving
		final ElbowResult r = new ElbowSearch(KMeansConfig.faissLike(1).withRestarts(2), 0.975, 6).run(x,
			DescriptorSource.of(x, 2));
		assertFalse(r.stoppedByRule());
		assertEquals(6, r.k());
		assertEquals(6, r.objectives().length);
	}

	@Test
	void kMaxIsCappedByTrainingPoints() {
		final float[] x = ClusterFixtures.randomUnitVectors(300, 2, 9);
		final float[] train = everyNth(x, 2, 100);
		final ElbowResult r = new ElbowSearch(KMeansConfig.faissLike(1), 0.5, 14).run(train, DescriptorSource.of(x, 2));
		assertTrue(r.k() <= 3);
	}

	@Test
	void deterministic() {
		final float[] x = ClusterFixtures.randomUnitVectors(3000, 12, 31);
		final ElbowSearch s = new ElbowSearch(KMeansConfig.faissLike(1).withRestarts(2), 0.975, 8);
		final ElbowResult a = s.run(everyNth(x, 12, 7), DescriptorSource.of(x, 12));
		final ElbowResult b = new ElbowSearch(KMeansConfig.faissLike(1).withRestarts(2).withThreads(2), 0.975, 8).run(
			everyNth(x, 12, 7), DescriptorSource.of(x, 12));
		assertEquals(a.k(), b.k());
		assertArrayEquals(a.objectives(), b.objectives());
		assertArrayEquals(a.labels(), b.labels());
	}

	@Test
	void rejectsBadArguments() {
		assertThrows(IllegalArgumentException.class, () -> new ElbowSearch(KMeansConfig.faissLike(1), 1.5, 14));
		assertThrows(IllegalArgumentException.class, () -> new ElbowSearch(KMeansConfig.faissLike(1), 0.9, 0));
		assertThrows(IllegalArgumentException.class, () -> ElbowSearch.reference(0.975).run(new float[3],
			DescriptorSource.of(new float[4], 2)));
	}
}
