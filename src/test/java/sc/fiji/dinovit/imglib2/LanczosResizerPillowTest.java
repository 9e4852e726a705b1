package sc.fiji.dinovit.imglib2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** LanczosResizer against Pillow 9.4 {@code Image.resize(size, LANCZOS)} outputs. */
class LanczosResizerPillowTest {

	static Stream<ResizeFixtures.Case> byteCases() {
		return ResizeFixtures.cases().stream().filter(c -> !c.mode().equals("F"));
	}

	static Stream<ResizeFixtures.Case> floatCases() {
		return ResizeFixtures.cases().stream().filter(c -> c.mode().equals("F"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("byteCases")
	void eightBitMatchesPillowExactly(final ResizeFixtures.Case c) {
		final ByteImage src = ResizeFixtures.png(c.source());
		final ByteImage expected = ResizeFixtures.png(c.expected());
		assertEquals(c.mode().equals("L") ? 1 : 3, src.channels());
		final ByteImage actual = LanczosResizer.resize(src, c.width(), c.height());
		assertEquals(expected.width(), actual.width());
		assertEquals(expected.height(), actual.height());
		assertEquals(expected.channels(), actual.channels());
		int maxDiff = 0;
		int differing = 0;
		for (int i = 0; i < expected.data().length; i++) {
			final int d = Math.abs((expected.data()[i] & 0xff) - (actual.data()[i] & 0xff));
			maxDiff = Math.max(maxDiff, d);
			if (d != 0) differing++;
		}
		assertEquals(0, maxDiff, c + ": " + differing + " of " + expected.data().length +
			" values differ, max by " + maxDiff);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("floatCases")
	void floatMatchesPillowModeF(final ResizeFixtures.Case c) {
		final ByteImage src8 = ResizeFixtures.png(c.source());
		final float[] f = new float[src8.data().length];
		for (int i = 0; i < f.length; i++)
			f[i] = (src8.data()[i] & 0xff) / 255f;
		final FloatGrayImage src = new FloatGrayImage(src8.width(), src8.height(), f);
		final FloatGrayImage expected = ResizeFixtures.f32(c.expected());
		final FloatGrayImage actual = LanczosResizer.resize(src, c.width(), c.height());
		assertEquals(expected.width(), actual.width());
		assertEquals(expected.height(), actual.height());
		double maxDiff = 0;
		for (int i = 0; i < expected.data().length; i++)
			maxDiff = Math.max(maxDiff, Math.abs(expected.data()[i] - actual.data()[i]));
		assertTrue(maxDiff <= 1e-6, c + ": max difference " + maxDiff);
		assertEquals(0.0, maxDiff, c + ": not bit-exact, max difference " + maxDiff);
	}

	@org.junit.jupiter.api.Test
	void manifestHasCasesOfEveryMode() {
		final List<ResizeFixtures.Case> cases = ResizeFixtures.cases();
		assertTrue(cases.stream().anyMatch(c -> c.mode().equals("RGB")));
		assertTrue(cases.stream().anyMatch(c -> c.mode().equals("L")));
		assertTrue(cases.stream().anyMatch(c -> c.mode().equals("F")));
	}
}
