package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** The probe sees an array left behind in any manager, and its bytes, until that manager closes. */
class NativeMemoryTest {

	@Test
	void countsArraysOfEveryManagerUntilTheyAreFreed() {
		final NativeMemory.Snapshot before = NativeMemory.now();
		try (NDManager base = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
			final NDManager sub = base.newSubManager();
			final NDArray leaked = sub.zeros(new Shape(10, 20)); // float32
			sub.create(new int[] { 1, 2, 3 });
			final NativeMemory.Snapshot during = NativeMemory.now();
			assertEquals(before.arrays() + 2, during.arrays());
			assertEquals(before.arrayBytes() + 200 * 4 + 3 * 4, during.arrayBytes());
			assertEquals(during.arrays(), NativeMemory.liveArrays());
			leaked.close();
			assertEquals(before.arrays() + 1, NativeMemory.liveArrays(), "a closed array is gone");
		}
		assertEquals(before.arrays(), NativeMemory.liveArrays(), "closing the manager frees the rest");
		assertEquals(before.arrayBytes(), NativeMemory.now().arrayBytes());
	}

	@Test
	void readsTheResidentSetOfThisProcess() {
		final long rss = NativeMemory.rssKb(), anon = NativeMemory.rssAnonKb();
		assertTrue(rss > 10_000, "a JVM is resident with more than 10 MB: " + rss + " kB");
		assertTrue(anon > 0 && anon <= rss, "anonymous RSS is part of RSS: " + anon + " of " + rss + " kB");
		assertEquals(-1, NativeMemory.procStatusKb("NoSuchKey"));
	}
}
