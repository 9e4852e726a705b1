package sc.fiji.dinovit.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.VitModel;

/** The memory estimate's arithmetic and the guard's decisions with injected availability. */
class MemoryGuardTest {

	private static final ModelSpec VITS8 = RandomWeights.vitS8();
	private static final long GB = 1_000_000_000L;

	private static MemoryEstimate estimate(final int w, final int h, final int stride, final int loadSize,
		final int images, final long cap)
	{
		return MemoryEstimate.of(VITS8, Collections.nCopies(images, new ImageSize(w, h)), ExtractionSettings
			.builder().stride(stride).loadSize(loadSize).build(), VitModel.DEFAULT_ATTENTION_CHUNK_BYTES, cap);
	}

	private static MemoryGuard guard(final long nativeBytes, final long heapBytes) {
		return new MemoryGuard(() -> new MemoryGuard.Availability(nativeBytes, heapBytes));
	}

	@Test
	void tokensWeightsAndDescriptorsFollowTheModel() {
		final MemoryEstimate e = estimate(640, 480, 4, 224, 1, Long.MAX_VALUE);
		assertEquals(new ImageSize(298, 224), e.largestResized());
		assertEquals(1 + (1 + (224 - 8) / 4) * (1 + (298 - 8) / 4), e.tokens());
		// ViT-S/8: about 21.7 M parameters
		assertTrue(e.weightBytes() > 4 * 21_000_000L && e.weightBytes() < 4 * 22_500_000L, "" + e.weightBytes());
		assertEquals(4L * e.tokens() * 384, e.descriptorBytesPerImage());
		final MemoryEstimate ten = estimate(640, 480, 4, 224, 10, Long.MAX_VALUE);
		assertEquals(9 * e.descriptorBytesPerImage(), ten.heapBytes() - e.heapBytes(), "ten images keep ten times");
		assertEquals(e.heapBytes() - e.descriptorBytesPerImage(), estimate(640, 480, 4, 224, 10, 0).heapBytes(),
			"large-set mode keeps none");
		assertEquals(e.activationBytes(), ten.activationBytes(), "one pass at a time");
	}

	@Test
	void activationsGrowWithTokensAndShrinkWithStride() {
		final MemoryEstimate s4 = estimate(448, 448, 4, 0, 1, 0), s8 = s4.withStride(8);
		// attention chunks are capped (256 MB), so activations grow slower than tokens
		assertTrue(s4.activationBytes() > 1.2 * s8.activationBytes(), s4 + " / " + s8);
		assertTrue(estimate(224, 224, 8, 0, 1, 0).activationBytes() < s8.activationBytes() / 3);
		assertTrue(s4.withLoadSize(224).activationBytes() < s4.activationBytes());
	}

	@Test
	void normalRunsPassOnA24GbMachine() {
		final MemoryEstimate e = estimate(448, 448, 4, 448, 1, Long.MAX_VALUE);
		assertEquals(111 * 111 + 1, e.tokens());
		assertTrue(e.nativeBytes() < 4 * GB, e.toString());
		guard(20 * GB, 2 * GB).check(e, false);
		guard(20 * GB, 2 * GB).check(estimate(448, 448, 4, 224, 100, 512_000_000L), false);
	}

	@Test
	void tooLittleNativeMemoryIsRefusedWithSettingsThatFit() {
		final MemoryEstimate e = estimate(448, 448, 4, 448, 1, Long.MAX_VALUE);
		final long room = e.withStride(8).activationBytes() + 1;
		final InsufficientMemoryException x = assertThrows(InsufficientMemoryException.class, () -> guard(room, 2 * GB)
			.check(e, true));
		final String m = x.getMessage();
		assertTrue(m.startsWith("Not enough memory for this run: 1 image, the largest resized to 448 x 448 px at " +
			"stride 4 (12322 tokens) needs about "), m);
		assertTrue(m.contains(String.format(java.util.Locale.ROOT, "of native memory, %,d MB available", room / 1_000_000)), m);
		assertTrue(m.contains("a larger stride: stride=8"), m);
		assertTrue(m.contains("a smaller load_size: load_size="), m);
		assertTrue(!m.contains("Java heap"), m);
	}

	@Test
	void weightsCountOnlyWhenTheModelIsNotLoadedYet() {
		final MemoryEstimate e = estimate(224, 224, 8, 224, 1, 0);
		final MemoryGuard g = guard(e.activationBytes() + 1, 2 * GB);
		g.check(e, true);
		assertThrows(InsufficientMemoryException.class, () -> g.check(e, false));
	}

	@Test
	void tooLittleHeapSuggestsLargeSetModeAndMoreHeap() {
		final MemoryEstimate e = estimate(448, 448, 4, 224, 500, Long.MAX_VALUE);
		final String m = assertThrows(InsufficientMemoryException.class, () -> guard(100 * GB, 1 * GB).check(e, true))
			.getMessage();
		assertTrue(m.contains("500 images") && m.contains("of Java heap, 1,000 MB free"), m);
		assertTrue(m.contains("large-set mode") && m.contains("Edit>Options>Memory & Threads"), m);
	}

	@Test
	void memAvailableIsReadFromMeminfoAndUnknownMeansNoLimit(@TempDir final Path dir) throws IOException {
		final Path meminfo = Files.write(dir.resolve("meminfo"), List.of("MemTotal:       24000000 kB",
			"MemFree:         1000000 kB", "MemAvailable:   20000000 kB"));
		assertEquals(20_000_000L * 1024, MemoryGuard.memAvailable(meminfo));
		assertEquals(Long.MAX_VALUE, MemoryGuard.memAvailable(dir.resolve("missing")));
	}

	@Test
	void tooMuchEnlargementIsRefusedBeforeEstimating() {
		final IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> estimate(1, 300, 4, 224,
			1, 0));
		assertTrue(x.getMessage().contains("1 x 300 px would be enlarged 224 times"), x.getMessage());
	}
}
