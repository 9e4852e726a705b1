package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ij.process.LUT;

class LabelColorsTest {

	@Test
	void backgroundIsBlackAndEveryPartHasItsOwnVisibleColour() {
		final LUT lut = LabelColors.lut();
		assertEquals(256, lut.getMapSize());
		assertEquals(0, lut.getRGB(0) & 0xffffff);
		final Set<Integer> colours = new HashSet<>();
		for (int i = 0; i < 256; i++)
			colours.add(lut.getRGB(i) & 0xffffff);
		assertEquals(256, colours.size(), "all distinct");
		for (int i = 1; i < 256; i++) {
			final double l = LabelColors.lab(lut.getRGB(i) & 0xffffff)[0];
			assertTrue(l >= LabelColors.MIN_LIGHTNESS && l <= LabelColors.MAX_LIGHTNESS, "L* of " + i + " = " + l);
		}
	}

	@Test
	void theFirstPartsAreFarApartAndTheTableIsTheSameEveryTime() {
		final int[] first = LabelColors.colors(16);
		double min = Double.MAX_VALUE;
		for (int i = 0; i < first.length; i++)
			for (int j = 0; j < i; j++)
				min = Math.min(min, distance(first[i], first[j]));
		assertTrue(min > 30, "smallest CIELAB distance among the first 16 colours: " + min);
		assertArrayEquals(first, LabelColors.colors(16));
		final int[] all = LabelColors.colors(256);
		for (int i = 0; i < 16; i++)
			assertEquals(first[i], all[i], "a longer table starts with the same colours");
	}

	private static double distance(final int a, final int b) {
		final double[] p = LabelColors.lab(a), q = LabelColors.lab(b);
		return Math.sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
	}
}
