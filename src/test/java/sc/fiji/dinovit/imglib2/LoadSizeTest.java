package sc.fiji.dinovit.imglib2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LoadSizeTest {

	/** Worked sizes of reference-behaviour.md section 1.2 and a few edge cases. */
	@ParameterizedTest(name = "{0}x{1} load {2} -> {3}x{4}")
	@CsvSource({ "4032, 3024, 224, 298, 224", "2686, 2751, 224, 224, 229",
		"4032, 3024, 360, 480, 360", "2686, 2751, 360, 360, 368", "100, 100, 50, 50, 50",
		"3, 1000, 224, 224, 74666", "1000, 3, 224, 74666, 224", "300, 451, 224, 224, 336",
		"451, 300, 225, 338, 225" })
	void shorterSideRule(final int w, final int h, final int load, final int ew, final int eh) {
		assertEquals(new ImageSize(ew, eh), LoadSize.shorterSide(load).targetSize(w, h));
		assertEquals(new ImageSize(ew, eh), LoadSize.shorterSideTarget(w, h, load));
	}

	@Test
	void longSideIsTruncatedFromTheDoubleQuotient() {
		// 224 * 451 / 300 = 336.7466... -> 336; 224 * 7 / 3 = 522.666... -> 522
		assertEquals(new ImageSize(336, 224), LoadSize.shorterSideTarget(451, 300, 224));
		assertEquals(new ImageSize(224, 522), LoadSize.shorterSideTarget(3, 7, 224));
	}

	@Test
	void shorterSideAlreadyRightMeansNoResize() {
		final LoadSize s = LoadSize.shorterSide(224);
		assertEquals(new ImageSize(500, 224), s.targetSize(500, 224));
		assertFalse(s.resizes(500, 224));
		assertTrue(s.resizes(500, 225));
	}

	@Test
	void zeroAndNoneKeepTheSize() {
		assertEquals(LoadSize.none(), LoadSize.shorterSide(0));
		assertEquals(new ImageSize(17, 5), LoadSize.none().targetSize(17, 5));
		assertEquals(new ImageSize(17, 5), LoadSize.shorterSideTarget(17, 5, 0));
	}

	@Test
	void exactIsHeightThenWidth() {
		final LoadSize e = LoadSize.exact(100, 200);
		assertEquals(new ImageSize(200, 100), e.targetSize(5, 7));
		assertFalse(e.resizes(200, 100));
	}

	@Test
	void rejectsNonsense() {
		assertThrows(IllegalArgumentException.class, () -> LoadSize.shorterSide(-1));
		assertThrows(IllegalArgumentException.class, () -> LoadSize.exact(0, 10));
		assertThrows(IllegalArgumentException.class, () -> LoadSize.shorterSideTarget(0, 10, 5));
		assertThrows(IllegalArgumentException.class, () -> LoadSize.shorterSideTarget(1000000, 1,
			100000));
	}
}
