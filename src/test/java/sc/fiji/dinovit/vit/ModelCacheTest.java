package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Device;
import sc.fiji.dinovit.imglib2.ImagePreprocessor;
import sc.fiji.dinovit.imglib2.NormalizedImage;
import sc.fiji.dinovit.model.ModelFormatException;
import sc.fiji.dinovit.testutil.Fixtures;

class ModelCacheTest {

	@Test
	void concurrentAcquiresShareOneModelAndGiveIdenticalResults() throws Exception {
		final Path file = Fixtures.path("models/v1_p8/official.pth");
		final NormalizedImage img = ImagePreprocessor.imagenet(0).apply(Fixtures.png("images/small.png"));
		try (ModelCache cache = new ModelCache(1)) {
			final ExecutorService pool = Executors.newFixedThreadPool(4);
			final List<Future<float[]>> results = new ArrayList<>();
			final List<VitModel> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
			for (int i = 0; i < 8; i++)
				results.add(pool.submit(() -> {
					try (ModelCache.Lease lease = cache.acquire(file, Device.cpu())) {
						seen.add(lease.model());
						return lease.model().forward(img.chw(), img.height(), img.width(), 4, FeatureRequest.of(2,
							Facet.KEY)).facet(2, Facet.KEY);
					}
				}));
			final float[] first = results.get(0).get();
			for (final Future<float[]> f : results)
				assertArrayEquals(first, f.get());
			pool.shutdown();
			assertEquals(1, seen.stream().distinct().count(), "one model instance shared by all threads");
			assertEquals(1, cache.size());
		}
	}

	@Test
	void concurrentAcquiresLoadTheWeightsOnceAndTheLastReleaseFreesThem() throws Exception {
		final Path file = Fixtures.path("models/v1_p8/official.pth");
		final int before = NativeMemory.liveArrays();
		final int weights;
		try (VitModel alone = ModelCache.load(file, Device.cpu())) {
			weights = NativeMemory.liveArrays() - before;
		}
		assertTrue(weights > 0, "a loaded model's weights are native arrays");
		assertEquals(before, NativeMemory.liveArrays(), "closing a model frees its weights");
		final int threads = 6;
		final CyclicBarrier allHold = new CyclicBarrier(threads + 1);
		final CountDownLatch release = new CountDownLatch(1);
		final ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (ModelCache cache = new ModelCache(0)) { // keeps no idle model
			final List<Future<VitModel>> held = new ArrayList<>();
			for (int i = 0; i < threads; i++)
				held.add(pool.submit(() -> {
					allHold.await(30, TimeUnit.SECONDS); // all acquire at once
					try (ModelCache.Lease lease = cache.acquire(file, Device.cpu())) {
						allHold.await(30, TimeUnit.SECONDS); // all hold a lease
						release.await(30, TimeUnit.SECONDS);
						return lease.model();
					}
				}));
			allHold.await(30, TimeUnit.SECONDS);
			allHold.await(30, TimeUnit.SECONDS);
			assertEquals(before + weights, NativeMemory.liveArrays(), threads + " leases, one copy of the weights");
			assertEquals(1, cache.size());
			release.countDown();
			final VitModel model = held.get(0).get(30, TimeUnit.SECONDS);
			for (final Future<VitModel> f : held)
				assertSame(model, f.get(30, TimeUnit.SECONDS));
			assertEquals(before, NativeMemory.liveArrays(), "the last lease closed the model");
			assertEquals(0, cache.size());
			assertThrows(IllegalStateException.class, () -> model.forward(new float[3 * 16 * 16], 16, 16, 8,
				FeatureRequest.of(0, Facet.KEY)));
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void idleModelsBeyondTheLimitAreClosed(@TempDir final Path dir) throws IOException {
		final Path a = Files.copy(Fixtures.path("models/v1_p8/official.pth"), dir.resolve("a.pth"));
		final Path b = Files.copy(Fixtures.path("models/v2_p14/official.pth"), dir.resolve("b.pth"));
		try (ModelCache cache = new ModelCache(1)) {
			final VitModel first;
			try (ModelCache.Lease la = cache.acquire(a, Device.cpu())) {
				first = la.model();
				try (ModelCache.Lease lb = cache.acquire(b, Device.cpu())) {
					assertEquals(2, cache.size());
				}
			}
			assertEquals(1, cache.size(), "only one idle model is kept");
			try (ModelCache.Lease lb = cache.acquire(b, Device.cpu())) {
				assertEquals(14, lb.model().spec().patchSize());
			}
			assertThrows(IllegalStateException.class, () -> first.forward(new float[3 * 16 * 16], 16, 16, 8,
				FeatureRequest.of(0, Facet.KEY)));
		}
	}

	@Test
	void wrongFilesGiveMessagesNamingTheFile(@TempDir final Path dir) throws IOException {
		final Path notAModel = Files.write(dir.resolve("notes.pth"), "hello".getBytes());
		final IOException e = assertThrows(IOException.class, () -> ModelCache.load(notAModel, Device.cpu()));
		assertTrue(e.getMessage().contains("notes.pth"), e.getMessage());
		final Path grabcutPng = Fixtures.path("images/small.png");
		assertTrue(assertThrows(IOException.class, () -> ModelCache.load(grabcutPng, Device.cpu())).getMessage()
			.contains("small.png"));
		assertNotNull(ModelFormatException.class);
	}
}
