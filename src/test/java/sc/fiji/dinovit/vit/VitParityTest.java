package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assertions.*;
import static sc.fiji.dinovit.testutil.Arrays2.assertClose;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import ai.djl.Device;
import sc.fiji.dinovit.features.Descriptors;
import sc.fiji.dinovit.features.Saliency;
import sc.fiji.dinovit.imglib2.ImagePreprocessor;
import sc.fiji.dinovit.imglib2.LoadSize;
import sc.fiji.dinovit.imglib2.NormalizedImage;
import sc.fiji.dinovit.imglib2.Normalization;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.testutil.Npy;

/**
 * Parity of the Java ViT with our PyTorch reference (scripts/make_fixtures.py) on tiny
 * random-weight models: every facet of every layer, [CLS] attention, saliency, log-binned keys,
 * the final norm, the interpolated position embeddings and the normalised input, for a small real
 * image at two strides. Tolerance: max abs error 1e-4 (float32 vs float64 of the reference is
 * ~4e-6, see manifest.json).
 */
class VitParityTest {

	static final double TOL = 1e-4;
	private static final ModelCache CACHE = new ModelCache(4);

	@AfterAll
	static void closeModels() {
		CACHE.close();
	}

	static Stream<Arguments> cases() throws IOException {
		final List<Arguments> out = new ArrayList<>();
		final JsonObject models = Fixtures.manifest().getAsJsonObject("models");
		for (final String name : models.keySet()) {
			for (final JsonElement c : models.getAsJsonObject(name).getAsJsonArray("cases"))
				out.add(Arguments.of(name, c.getAsJsonObject()));
		}
		return out.stream();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("cases")
	void matchesPyTorchReference(final String modelName, final JsonObject c) throws IOException {
		final JsonObject m = Fixtures.manifest().getAsJsonObject("models").getAsJsonObject(modelName);
		final String dir = c.get("dir").getAsString() + "/";
		final int stride = c.get("stride").getAsInt();
		final NormalizedImage img = new ImagePreprocessor(LoadSize.none(), Normalization.IMAGENET).apply(
			Fixtures.png(c.get("image").getAsString()));
		assertClose(Fixtures.npy(dir + "input.npy").data, img.chw(), 1e-6, "normalised input");
		final List<Integer> layers = new ArrayList<>();
		c.getAsJsonArray("layers").forEach(l -> layers.add(l.getAsInt()));
		final int depth = m.get("depth").getAsInt();
		try (ModelCache.Lease lease = CACHE.acquire(Fixtures.path("models/" + modelName + "/official.pth"),
			Device.cpu()))
		{
			final VitModel model = lease.model();
			final FeatureRequest.Builder req = FeatureRequest.builder().finalNorm(true);
			for (final int l : layers)
				req.facet(l, Facet.values()).attention(l);
			req.attention(depth - 1).facet(depth - 1, Facet.KEY);
			final VitOutput out = model.forward(img.chw(), img.height(), img.width(), stride, req.build());
			assertEquals(c.get("rows").getAsInt(), out.grid().rows());
			assertEquals(c.get("cols").getAsInt(), out.grid().cols());
			assertEquals(c.get("tokens").getAsInt(), out.numTokens());
			assertClose(Fixtures.npy(dir + "pos_embed.npy").data, model.positionEmbedding(out.grid()), 1e-5,
				"position embedding");
			for (final int l : layers) {
				for (final Facet f : Facet.values())
					assertClose(Fixtures.npy(dir + f.key() + "_l" + l + ".npy").data, out.facet(l, f), TOL,
						f.key() + " of layer " + l);
				assertClose(Fixtures.npy(dir + "attn_cls_l" + l + ".npy").data, out.clsAttention(l), 1e-5,
					"attention of layer " + l);
			}
			final int[] all = new int[out.numHeads()];
			for (int h = 0; h < all.length; h++)
				all[h] = h;
			assertClose(Fixtures.npy(dir + "saliency.npy").data, Saliency.compute(out, depth - 1, all), TOL,
				"saliency (all heads)");
			assertClose(Fixtures.npy(dir + "saliency_h0.npy").data, Saliency.compute(out, depth - 1,
				new int[] { 0 }), TOL, "saliency (head 0)");
			if (c.has("binned") && c.get("binned").getAsBoolean()) {
				final Descriptors binned = Descriptors.of(out, depth - 1, Facet.KEY, false).binned();
				assertClose(Fixtures.npy(dir + "binned_key_l" + (depth - 1) + ".npy").data, binned.data(), TOL,
					"binned key");
			}
			assertClose(Fixtures.npy(dir + "final_norm.npy").data, out.finalNorm(), TOL, "final norm");
		}
	}

	static Stream<Arguments> weightFiles() throws IOException {
		final List<Arguments> out = new ArrayList<>();
		final JsonObject models = Fixtures.manifest().getAsJsonObject("models");
		for (final String name : models.keySet())
			for (final JsonElement w : models.getAsJsonObject(name).getAsJsonArray("weights"))
				out.add(Arguments.of(name, w.getAsString()));
		return out.stream();
	}

	/**
	 * Every format and naming scheme of the same weights gives the reference's outputs (f16 and
	 * bf16 files against references computed with equally rounded weights).
	 */
	@ParameterizedTest(name = "{1}")
	@MethodSource("weightFiles")
	void everyFormatGivesTheSameFeatures(final String modelName, final String file) throws IOException {
		final JsonObject m = Fixtures.manifest().getAsJsonObject("models").getAsJsonObject(modelName);
		final int last = m.get("depth").getAsInt() - 1;
		final JsonObject c = m.getAsJsonArray("cases").get(0).getAsJsonObject();
		String dir = c.get("dir").getAsString();
		if (file.contains("_bf16.")) dir = dir.replace(modelName + "/", modelName + "_bf16/");
		else if (file.contains("_f16.")) dir = dir.replace(modelName + "/", modelName + "_f16/");
		final NormalizedImage img = new ImagePreprocessor(LoadSize.none(), Normalization.IMAGENET).apply(
			Fixtures.png(c.get("image").getAsString()));
		try (VitModel model = ModelCache.load(Fixtures.path(file), Device.cpu())) {
			final VitOutput out = model.forward(img.chw(), img.height(), img.width(), c.get("stride").getAsInt(),
				FeatureRequest.builder().facet(last, Facet.KEY, Facet.TOKEN).build());
			assertClose(Fixtures.npy(dir + "/key_l" + last + ".npy").data, out.facet(last, Facet.KEY), TOL,
				file + " key");
			assertClose(Fixtures.npy(dir + "/token_l" + last + ".npy").data, out.facet(last, Facet.TOKEN), TOL,
				file + " token");
		}
	}

	@Test
	void earlyExitGivesTheSameLayerAsTheFullPass() throws IOException {
		final NormalizedImage img = new ImagePreprocessor(LoadSize.none(), Normalization.IMAGENET).apply(
			Fixtures.png("images/small.png"));
		try (ModelCache.Lease lease = CACHE.acquire(Fixtures.path("models/v1_p8/official.pth"), Device.cpu())) {
			final VitModel model = lease.model();
			final VitOutput shallow = model.forward(img.chw(), img.height(), img.width(), 4, FeatureRequest.of(1,
				Facet.KEY));
			final VitOutput full = model.forward(img.chw(), img.height(), img.width(), 4, FeatureRequest.builder()
				.facet(1, Facet.KEY).finalNorm(true).build());
			assertArrayEquals(full.facet(1, Facet.KEY), shallow.facet(1, Facet.KEY));
			assertFalse(shallow.hasFacet(2, Facet.KEY));
		}
	}

	@Test
	void chunkedAttentionEqualsOneChunk() throws IOException {
		final NormalizedImage img = new ImagePreprocessor(LoadSize.none(), Normalization.IMAGENET).apply(
			Fixtures.png("images/small.png"));
		try (VitModel model = ModelCache.load(Fixtures.path("models/v1_p8/official.pth"), Device.cpu())) {
			final FeatureRequest req = FeatureRequest.builder().facet(2, Facet.TOKEN).attention(2).build();
			final VitOutput one = model.forward(img.chw(), img.height(), img.width(), 4, req);
			model.setAttentionChunkBytes(1 << 20); // 222 tokens -> 590 rows per chunk... force several:
			final VitOutput many = model.forward(img.chw(), img.height(), img.width(), 2, req);
			final VitOutput oneS2;
			model.setAttentionChunkBytes(VitModel.DEFAULT_ATTENTION_CHUNK_BYTES);
			oneS2 = model.forward(img.chw(), img.height(), img.width(), 2, req);
			assertTrue(many.numTokens() * 4L * 2 * many.numTokens() > 1 << 20, "test must use several chunks");
			assertClose(oneS2.facet(2, Facet.TOKEN), many.facet(2, Facet.TOKEN), 1e-5, "chunked token");
			assertClose(oneS2.clsAttention(2), many.clsAttention(2), 1e-6, "chunked attention");
			assertEquals(one.grid().stride(), 4);
		}
	}
}
