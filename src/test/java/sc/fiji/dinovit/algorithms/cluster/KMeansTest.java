package sc.fiji.dinovit.algorithms.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import sc.fiji.dinovit.algorithms.cluster.KMeansConfig.Initialization;

class KMeansTest {

	@ParameterizedTest
	@EnumSource(Initialization.class)
	void recoversPlantedClustersLikeSklearn(final Initialization init) {
		final JsonObject meta = ClusterFixtures.json("kmeans_planted.json");
		final float[] x = ClusterFixtures.npy("kmeans_planted.npy").data;
		final int dim = meta.get("dim").getAsInt();
		final KMeansConfig config = KMeansConfig.faissLike(meta.get("k").getAsInt()).withInitialization(init);
		final KMeansResult result = new KMeans(config).fit(x, dim);
		final int[] labels = KMeans.assign(x, dim, result.centroids()).labels();
		assertTrue(ClusterFixtures.samePartition(ClusterFixtures.ints(meta, "sklearn_labels"), labels),
			"labels differ from sklearn's beyond renaming");
		assertTrue(ClusterFixtures.samePartition(ClusterFixtures.ints(meta, "planted"), labels));
		final double inertia = meta.get("sklearn_inertia").getAsDouble();
		assertEquals(inertia, result.objective(), 1e-4 * inertia, "objective vs sklearn inertia");
	}

	@Test
	void sameSeedGivesIdenticalResultsForAnyThreadCount() {
		final float[] x = ClusterFixtures.randomUnitVectors(5000, 24, 7);
		final KMeansConfig config = KMeansConfig.sklearnLike(7).withRestarts(3).withSeed(42);
		final KMeansResult a = new KMeans(config).fit(x, 24);
		final KMeansResult b = new KMeans(config).fit(x, 24);
		final KMeansResult c = new KMeans(config.withThreads(3)).fit(x, 24);
		assertArrayEquals(a.centroids(), b.centroids());
		assertArrayEquals(a.centroids(), c.centroids());
		assertEquals(a.objective(), c.objective());
		assertEquals(a.iterations(), c.iterations());
		final Assignment s = KMeans.assign(DescriptorSource.of(x, 24), a.centroids(), 1);
		final Assignment p = KMeans.assign(DescriptorSource.of(x, 24), a.centroids(), 3);
		assertArrayEquals(s.labels(), p.labels());
		assertArrayEquals(s.squaredDistances(), p.squaredDistances());
	}

	@Test
	void restartsKeepTheLowestObjective() {
		final float[] x = ClusterFixtures.randomUnitVectors(2000, 8, 3);
		final KMeansConfig one = KMeansConfig.faissLike(6).withRestarts(1).withMaxPointsPerCentroid(0);
		final double best = new KMeans(one.withRestarts(5)).fit(x, 8).objective();
		// restart r of a 5-restart run is restart 0 of a run whose seed is shifted by r * stride
		double min = Double.POSITIVE_INFINITY;
		for (int r = 0; r < 5; r++)
			min = Math.min(min, new KMeans(one.withSeed(1234 + r * 15486557L)).fit(x, 8).objective());
		assertEquals(min, best);
	}

	@Test
	void subsamplesToMaxPointsPerCentroid() {
		final float[] x = ClusterFixtures.randomUnitVectors(3000, 4, 5);
		assertEquals(2 * 256, new KMeans(KMeansConfig.faissLike(2).withRestarts(1)).fit(x, 4).trainingPoints());
		assertEquals(3000, new KMeans(KMeansConfig.faissLike(12).withRestarts(1)).fit(x, 4).trainingPoints());
		assertEquals(3000, new KMeans(KMeansConfig.faissLike(2).withMaxPointsPerCentroid(0).withRestarts(1)).fit(x, 4)
			.trainingPoints());
	}

	@Test
	void toleranceStopsEarlyAndFixedModeRunsToAFixedPoint() {
		final float[] x = ClusterFixtures.randomUnitVectors(4000, 16, 11);
		final KMeansConfig base = KMeansConfig.faissLike(8).withRestarts(1).withMaxPointsPerCentroid(0);
		final KMeansResult loose = new KMeans(base.withTolerance(1e-2)).fit(x, 16);
		final KMeansResult fixed = new KMeans(base).fit(x, 16);
		assertTrue(loose.iterations() < fixed.iterations(), loose.iterations() + " vs " + fixed.iterations());
		assertTrue(fixed.objective() <= loose.objective());
		// at a fixed point one more Lloyd step changes nothing
		final KMeansResult capped = new KMeans(base.withMaxIterations(fixed.iterations())).fit(x, 16);
		assertArrayEquals(fixed.centroids(), capped.centroids());
	}

	@Test
	void objectiveMatchesAssignmentOfReturnedCentroids() {
		final float[] x = ClusterFixtures.randomUnitVectors(1500, 10, 13);
		final KMeansResult r = new KMeans(KMeansConfig.sklearnLike(5).withRestarts(2)).fit(x, 10);
		assertEquals(KMeans.assign(x, 10, r.centroids()).sumOfSquaredDistances(), r.objective(), 1e-9);
	}

	@Test
	void assignmentEqualsBruteForce() {
		final int d = 37;
		final float[] x = ClusterFixtures.randomUnitVectors(1000, d, 17);
		final float[] c = ClusterFixtures.randomUnitVectors(9, d, 19);
		final Assignment a = KMeans.assign(x, d, c);
		for (int i = 0; i < 1000; i++) {
			double best = Double.POSITIVE_INFINITY;
			for (int k = 0; k < 9; k++) {
				double s = 0;
				for (int j = 0; j < d; j++) {
					final double diff = x[i * d + j] - c[k * d + j];
					s += diff * diff;
				}
				best = Math.min(best, s);
			}
			assertEquals(best, a.squaredDistances()[i], 1e-5);
			final int l = a.label(i);
			double sl = 0;
			for (int j = 0; j < d; j++)
				sl += Math.pow(x[i * d + j] - c[l * d + j], 2);
			assertEquals(best, sl, 1e-5, "label is a nearest centroid");
		}
	}

	@Test
	void assignmentReadsCopyingSourcesInChunks() {
		final int d = 20;
		final float[] x = ClusterFixtures.randomUnitVectors(KMeans.CHUNK * 2 + 77, d, 23);
		final float[] c = ClusterFixtures.randomUnitVectors(6, d, 29);
		final DescriptorSource copying = new DescriptorSource() {
			@Override
			public int dim() { return d; }

			@Override
			public long count() { return x.length / d; }

			@Override
			public RowBlock rows(final long first, final int rows, final float[] scratch) {
				System.arraycopy(x, (int) first * d, scratch, 0, rows * d);
				return new RowBlock(scratch, 0);
			}
		};
		final Assignment viaCopy = KMeans.assign(copying, c, 2);
		final Assignment direct = KMeans.assign(x, d, c);
		assertArrayEquals(direct.labels(), viaCopy.labels());
		assertArrayEquals(direct.squaredDistances(), viaCopy.squaredDistances());
	}

	@Test
	void emptyClusterTakesHalfOfTheLargest() {
		final float[] centroids = { 1, 2, 3, 4, 0, 0, 5, 6 };
		final int[] counts = { 10, 0, 4, 0 };
		KMeans.repairEmptyClusters(centroids, counts, 2);
		final float e = 1f / 1024;
		assertArrayEquals(new float[] { 1 * (1 - e) * (1 - e), 2 * (1 + e) * (1 + e), 1 * (1 + e), 2 * (1 - e), 0, 0, 1
			* (1 - e) * (1 + e), 2 * (1 + e) * (1 - e) }, centroids, 1e-7f);
		assertArrayEquals(new int[] { 3, 5, 4, 2 }, counts);
	}

	@Test
	void duplicatePointsStillGiveKCentroids() {
		final float[] x = new float[40 * 3];
		for (int i = 0; i < 40; i++)
			x[i * 3 + i % 2] = 1; // only two distinct points
		final KMeansResult r = new KMeans(KMeansConfig.faissLike(4)).fit(x, 3);
		assertEquals(4 * 3, r.centroids().length);
		assertTrue(r.objective() < 1e-3, "objective " + r.objective()); // split copies sit 1/1024 apart
	}

	@Test
	void exactlyKPointsAreTheCentroids() {
		final float[] x = { 1, 0, 0, 1, 1, 1 };
		final KMeansResult r = new KMeans(KMeansConfig.faissLike(3)).fit(x, 2);
		assertArrayEquals(x, r.centroids());
		assertEquals(0, r.objective());
	}

	@Test
	void rejectsBadInput() {
		final KMeans km = new KMeans(KMeansConfig.faissLike(3));
		assertThrows(IllegalArgumentException.class, () -> km.fit(new float[4], 2));
		assertThrows(IllegalArgumentException.class, () -> km.fit(new float[7], 2));
		assertThrows(IllegalArgumentException.class, () -> KMeansConfig.faissLike(0));
		assertThrows(IllegalArgumentException.class, () -> KMeansConfig.faissLike(2).withTolerance(-1));
		assertThrows(IllegalArgumentException.class, () -> new NearestCentroid(new float[5], 2));
	}

	/** Prints the time of k=10 on 40,000 x 384 unit vectors, 300 iterations (run with -Ddinovit.bench=true). */
	@Test
	@EnabledIfSystemProperty(named = "dinovit.bench", matches = "true")
	void benchmark() {
		final int n = 40_000;
		final int d = 384;
		final float[] x = ClusterFixtures.randomUnitVectors(n, d, 1);
		for (final int threads : new int[] { 1, 2 }) {
			final KMeansConfig config = new KMeansConfig(10, 300, 0, 1, Initialization.RANDOM_SUBSET, 0, 1, threads);
			new KMeans(config.withMaxIterations(5)).fit(x, d); // warm-up
			long t0 = System.nanoTime();
			final KMeansResult r = new KMeans(config).fit(x, d);
			final double fitS = (System.nanoTime() - t0) / 1e9;
			t0 = System.nanoTime();
			KMeans.assign(DescriptorSource.of(x, d), r.centroids(), threads);
			final double assignS = (System.nanoTime() - t0) / 1e9;
			System.out.printf("k-means k=10, %d x %d, threads=%d: %d iterations in %.2f s (%.1f ms/iteration); "
				+ "one assignment pass %.1f ms%n", n, d, threads, r.iterations(), fitS, 1000 * fitS / Math.max(1, r
					.iterations()), 1000 * assignS);
		}
	}
}
