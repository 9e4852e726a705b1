package sc.fiji.dinovit.features;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.Device;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.FeatureRequest;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;
import sc.fiji.dinovit.vit.VitOutput;

class FeatureExtractorTest {

	static VitModel model;

	@BeforeAll
	static void load() throws IOException {
		model = ModelCache.load(Fixtures.path("models/v1_p8/official.pth"), Device.cpu());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void loadSizeResizesTheShorterSideAndKeepsOriginalSize() throws IOException {
		final ByteImage img = Fixtures.png("images/chelsea.png"); // 451 x 300
		final ImageFeatures f = new FeatureExtractor(model).extract(img, ExtractionSettings.builder().layer(2)
			.loadSize(64).stride(8).saliency(true).build(), () -> false);
		assertEquals(451, f.originalWidth());
		assertEquals(300, f.originalHeight());
		assertEquals(64, f.grid().height());
		assertEquals(96, f.grid().width()); // floor(64 * 451 / 300)
		assertEquals(8, f.grid().rows());
		assertEquals(12, f.grid().cols());
		assertEquals(128, f.descriptors().dim());
		assertNull(f.descriptors().cls());
		float min = 1, max = 0;
		for (final float s : f.saliency()) {
			min = Math.min(min, s);
			max = Math.max(max, s);
		}
		assertEquals(0f, min);
		assertEquals(1f, max);
	}

	@Test
	void binningAndClsAreConsistentWithTheForwardPass() throws IOException {
		final ByteImage img = Fixtures.png("images/small.png");
		final ExtractionSettings s = ExtractionSettings.builder().layer(1).facet(Facet.VALUE).loadSize(0).stride(4)
			.bin(true).includeCls(true).build();
		final ImageFeatures f = new FeatureExtractor(model).extract(img, s, () -> false);
		assertTrue(f.descriptors().isBinned());
		assertEquals(17 * 128, f.descriptors().dim());
		final VitOutput out = model.forward(sc.fiji.dinovit.imglib2.ImagePreprocessor.imagenet(0).apply(img).chw(),
			58, 72, 4, FeatureRequest.of(1, Facet.VALUE));
		final float[] cls = new float[128];
		System.arraycopy(out.facet(1, Facet.VALUE), 0, cls, 0, 128);
		assertArrayEquals(cls, f.descriptors().cls());
		assertArrayEquals(Descriptors.of(out, 1, Facet.VALUE, false).binned().data(), f.descriptors().data());
	}

	@Test
	void badSettingsGiveClearMessages() throws IOException {
		final ByteImage img = Fixtures.png("images/small.png");
		final FeatureExtractor ex = new FeatureExtractor(model);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ex.extract(img, ExtractionSettings.builder()
			.layer(11).build(), () -> false)).getMessage().contains("layers 0 to 2"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ex.extract(img, ExtractionSettings.builder()
			.layer(2).stride(3).build(), () -> false)).getMessage().contains("does not divide"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> ex.extract(img, ExtractionSettings.builder()
			.layer(2).saliency(true).saliencyHeads(0, 5).build(), () -> false)).getMessage().contains("Head 5"));
		final ByteImage tiny = new ByteImage(5, 40, 3, new byte[5 * 40 * 3]);
		assertThrows(IllegalArgumentException.class, () -> ex.extract(tiny, ExtractionSettings.builder().layer(2)
			.loadSize(0).build(), () -> false));
	}

	@Test
	void cancellationStopsTheForwardPass() throws IOException {
		final ByteImage img = Fixtures.png("images/small.png");
		assertThrows(java.util.concurrent.CancellationException.class, () -> new FeatureExtractor(model).extract(
			img, ExtractionSettings.builder().layer(2).loadSize(0).build(), () -> true));
	}

	@Test
	void defaultSaliencyHeadsFollowThePaperOnlyForViTS8() {
		assertArrayEquals(new int[] { 0, 2, 4, 5 }, Saliency.defaultHeads(RandomWeights.vitS8()));
		final ModelSpec b16 = new ModelSpec(ModelSpec.Family.DINO_V1, 16, 768, 12, 12, ModelSpec.MlpType.MLP, 3072,
			false, 0, 14);
		assertEquals(12, Saliency.defaultHeads(b16).length);
		assertArrayEquals(new int[] { 1, 3 }, Saliency.parseHeads("1, 3", b16));
		assertEquals(12, Saliency.parseHeads("all", b16).length);
		assertTrue(assertThrows(IllegalArgumentException.class, () -> Saliency.parseHeads("0,x", b16)).getMessage()
			.contains("'x'"));
	}
}
