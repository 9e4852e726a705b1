package sc.fiji.dinovit.algorithms.similarity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.vit.PatchGrid;

class PixelFramesTest {

	/** Original 451 x 300 resized to 337 x 224 (short side 224), patch 8, stride 4: 55 x 83 patches. */
	private final PixelFrames f = PixelFrames.of(PatchGrid.of(224, 337, 8, 4), 451, 300);

	@Test
	void patchCentresInBothFrames() {
		assertEquals(55, f.grid().rows());
		assertEquals(83, f.grid().cols());
		final PatchLocation first = f.locate(0);
		assertEquals(new PatchLocation(0, 0, 0, 4, 4, 4 * 451 / 337.0, 4 * 300 / 224.0), first);
		final PatchLocation last = f.locate(55 * 83 - 1);
		assertEquals(332, last.resizedX());
		assertEquals(220, last.resizedY());
		assertEquals(332 * 451 / 337.0, last.originalX(), 1e-12);
		assertEquals(220 * 300 / 224.0, last.originalY(), 1e-12);
		final PatchLocation mid = f.locate(17 * 83 + 40);
		assertEquals(40 * 4 + 4, mid.resizedX());
		assertEquals(17 * 4 + 4, mid.resizedY());
	}

	@Test
	void everyPatchCentreMapsBackToItsPatch() {
		for (int i = 0; i < f.grid().numPatches(); i++) {
			final PatchLocation l = f.locate(i);
			assertEquals(i, f.nearestPatch(l.originalX(), l.originalY()));
			assertEquals(l.resizedX(), f.toResizedX(l.originalX()), 1e-9);
		}
	}

	@Test
	void pointsBeyondTheOuterCentresClampToTheBorderPatch() {
		assertEquals(0, f.nearestPatch(0, 0));
		assertEquals(55 * 83 - 1, f.nearestPatch(451, 300));
		assertEquals(82, f.nearestPatch(450.5, 0.5));
	}
}
