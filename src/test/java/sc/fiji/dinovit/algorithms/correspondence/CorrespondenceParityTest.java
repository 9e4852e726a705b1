package sc.fiji.dinovit.algorithms.correspondence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.testutil.Npy;

/**
 * Parity with numpy on the fixture of scripts/make_correspondence_fixtures.py: the same best
 * buddies and the same saliency-filtered sets under both rules.
 */
class CorrespondenceParityTest {

	private static final String DIR = "/fixtures/correspondence/";
	private static Npy a, b, salA, salB;

	@BeforeAll
	static void load() throws IOException, URISyntaxException {
		a = npy("a");
		b = npy("b");
		salA = npy("sal_a");
		salB = npy("sal_b");
	}

	private static Npy npy(final String name) throws IOException, URISyntaxException {
		return Npy.read(Path.of(CorrespondenceParityTest.class.getResource(DIR + name + ".npy").toURI()));
	}

	private static int[] ints(final String name) throws IOException {
		return NpyInts.read(DIR + name + ".npy");
	}

	private static BestBuddies bestBuddies() {
		return BestBuddies.of(a.data, (int) a.shape[0], b.data, (int) b.shape[0], (int) a.shape[1]);
	}

	@Test
	void sameNearestNeighboursAndBestBuddiesAsNumpy() throws IOException {
		final BestBuddies bb = bestBuddies();
		assertArrayEquals(ints("nn_ab"), bb.nnABArray());
		assertArrayEquals(ints("nn_ba"), bb.nnBAArray());
		assertArrayEquals(ints("buddies"), bb.buddies());
	}

	@Test
	void sameSaliencyFilteredSetsAsNumpy() throws IOException {
		final BestBuddies bb = bestBuddies();
		final int[] reference = SaliencyFilter.survivors(bb, salA.data, salB.data, 0.05f, SaliencyRule.REFERENCE);
		final int[] strict = SaliencyFilter.survivors(bb, salA.data, salB.data, 0.05f, SaliencyRule.PARTNER_SALIENT);
		assertArrayEquals(ints("filtered_reference"), reference);
		assertArrayEquals(ints("filtered_strict"), strict);
		assertTrue(reference.length > strict.length, "the fixture separates the rules");
	}

	@Test
	void correspondencesComeFromTheFilteredSet() throws IOException {
		final int d = (int) a.shape[1];
		final ImageFeatures fa = TestFeatures.features(64, 84, d, a.data, salA.data, 128, 96); // 15 x 20
		final ImageFeatures fb = TestFeatures.features(60, 84, d, b.data, salB.data, 84, 60); // 14 x 20
		final CorrespondenceResult r = Correspondences.find(fa, fb, CorrespondenceSettings.defaults());
		final int[] filtered = ints("filtered_reference");
		assertEquals(ints("buddies").length, r.numBestBuddies());
		assertEquals(filtered.length, r.numSalientBuddies());
		assertEquals(10, r.size());
		final int[] nnAB = ints("nn_ab");
		for (final PointPair p : r.pairs()) {
			assertTrue(Arrays.binarySearch(filtered, p.a().index()) >= 0);
			assertEquals(nnAB[p.a().index()], p.b().index());
		}
	}
}
