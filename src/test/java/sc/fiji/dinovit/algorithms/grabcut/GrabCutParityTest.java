package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with OpenCV 4.6's cv2.grabCut on the reference's trimaps of four skimage.data images
 * (fixtures from scripts/make_grabcut_fixtures.py). OpenCV's own masks differ between RNG seeds
 * by Jaccard 0.990 to 1.000 on these images. As GrabCut only relabels the ~7 px wide band of
 * probable pixels around the mask edge, the coarse mask alone already reaches Jaccard 0.92 to
 * 0.96; the agreement inside that band is the sharper measure and is asserted too.
 */
class GrabCutParityTest {

	static String[] names() {
		return GrabCutFixtures.NAMES;
	}

	@ParameterizedTest
	@MethodSource("names")
	void trimapEqualsOpenCvStyleTrimap(final String name) {
		final GrabCutFixtures f = GrabCutFixtures.load(name);
		assertArrayEquals(f.trimap, Trimap.fromCoarseMask(f.coarse, f.image.width(), f.image.height()), name);
	}

	@ParameterizedTest
	@MethodSource("names")
	void maskMatchesOpenCv(final String name) {
		final GrabCutFixtures f = GrabCutFixtures.load(name);
		final byte[] labels = new GrabCut().segment(f.image, f.trimap, GrabCutRefiner.REFERENCE_ITERATIONS);
		final boolean[] ours = GrabCutLabels.foreground(labels);
		final boolean[] theirs = GrabCutLabels.foreground(f.opencv);
		final double jaccard = GrabCutFixtures.jaccard(ours, theirs);
		int band = 0, agree = 0;
		for (int i = 0; i < labels.length; i++)
			if (GrabCutLabels.isProbable(f.trimap[i])) {
				band++;
				if (ours[i] == theirs[i]) agree++;
			}
		System.out.printf("GrabCut parity %-9s %d x %d: Jaccard vs OpenCV %.4f (coarse mask vs OpenCV %.4f), " +
			"agreement in the PR band %.4f (%d px)%n", name, f.image.width(), f.image.height(), jaccard,
			GrabCutFixtures.jaccard(f.coarse, theirs), (double) agree / band, band);
		assertTrue(jaccard >= 0.95, name + ": Jaccard " + jaccard + " < 0.95");
		// GrabCut only decides the band, where the coarse mask alone agrees far less often
		assertTrue(agree >= 0.9 * band, name + ": only " + agree + " of " + band + " band pixels agree");
	}
}
