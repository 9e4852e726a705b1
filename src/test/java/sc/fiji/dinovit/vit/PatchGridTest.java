package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PatchGridTest {

	@Test
	void gridSizesOfTheReference() {
		// reference-behaviour.md 1.3: dino_vits8 stride 4
		assertEquals(55, PatchGrid.of(224, 298, 8, 4).rows());
		assertEquals(73, PatchGrid.of(224, 298, 8, 4).cols());
		assertEquals(4015, PatchGrid.of(224, 298, 8, 4).numPatches());
		assertEquals(3080, PatchGrid.of(229, 224, 8, 4).numPatches());
		assertEquals(10591, PatchGrid.of(360, 480, 8, 4).numPatches());
		assertEquals(8099, PatchGrid.of(368, 360, 8, 4).numPatches());
		final PatchGrid s8 = PatchGrid.of(224, 298, 8, 8);
		assertEquals(28, s8.rows());
		assertEquals(37, s8.cols());
	}

	@Test
	void patchCentresAndNearestPatch() {
		final PatchGrid g = PatchGrid.of(224, 298, 8, 4);
		assertEquals(4.0, g.centerY(0));
		assertEquals(4 * 10 + 4.0, g.centerX(10));
		assertEquals(10, g.nearestCol(g.centerX(10)));
		assertEquals(10, g.nearestCol(g.centerX(10) + 1.9));
		assertEquals(0, g.nearestRow(-50));
		assertEquals(g.rows() - 1, g.nearestRow(10_000));
		assertEquals(g.index(3, 5), 3 * 73 + 5);
		assertEquals(3, g.rowOf(g.index(3, 5)));
		assertEquals(5, g.colOf(g.index(3, 5)));
	}

	@Test
	void badStrideAndTinyImagesAreRefusedClearly() {
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PatchGrid.of(224,
			224, 8, 3));
		assertTrue(e.getMessage().contains("1, 2, 4, 8"), e.getMessage());
		assertTrue(assertThrows(IllegalArgumentException.class, () -> PatchGrid.of(7, 100, 8, 4)).getMessage()
			.contains("smaller than one"));
		assertEquals(1, PatchGrid.of(14, 14, 14, 7).numPatches());
	}
}
