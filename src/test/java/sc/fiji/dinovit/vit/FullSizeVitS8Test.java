package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static sc.fiji.dinovit.testutil.Arrays2.assertClose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Test;

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
 * Opt-in full-size parity check (documented in docs/fixtures.md): a random-weight model with the
 * exact ViT-S/8 shape, 224x224 image, stride 4 (3026 tokens), layers 9 and 11, saliency with the
 * paper's heads, binned layer-9 keys. Generate the fixture with
 * {@code /usr/bin/python3 scripts/make_fixtures.py --full-vits8 DIR} and run with
 * {@code DINO_FULL_FIXTURE=DIR mvn test -Dtest=FullSizeVitS8Test}. Without the variable the test
 * is not applicable and reports itself as skipped (the fixture is 175 MB, not committed).
 */
class FullSizeVitS8Test {

	@Test
	void matchesPyTorchAtFullSize() throws IOException {
		final String dir = System.getenv("DINO_FULL_FIXTURE");
		assumeTrue(dir != null && Files.isRegularFile(Paths.get(dir, "meta.json")),
			"opt-in: set DINO_FULL_FIXTURE to a folder made by make_fixtures.py --full-vits8");
		final Path d = Paths.get(dir);
		final NormalizedImage img = new ImagePreprocessor(LoadSize.none(), Normalization.IMAGENET).apply(
			readPng(d.resolve("image.png")));
		assertClose(Npy.read(d.resolve("input.npy")).data, img.chw(), 1e-6, "input");
		try (VitModel model = ModelCache.load(d.resolve("official.pth"), Device.cpu())) {
			final VitOutput out = model.forward(img.chw(), 224, 224, 4, FeatureRequest.builder().facet(9, Facet.KEY)
				.facet(11, Facet.KEY).attention(11).build());
			assertClose(Npy.read(d.resolve("pos_embed.npy")).data, model.positionEmbedding(out.grid()), 1e-5, "pos");
			assertClose(Npy.read(d.resolve("key_l9.npy")).data, out.facet(9, Facet.KEY), 1e-4, "key l9");
			assertClose(Npy.read(d.resolve("key_l11.npy")).data, out.facet(11, Facet.KEY), 1e-4, "key l11");
			assertClose(Npy.read(d.resolve("attn_cls_l11.npy")).data, out.clsAttention(11), 1e-5, "attention");
			assertClose(Npy.read(d.resolve("saliency_h0245.npy")).data, Saliency.compute(out, 11, Saliency
				.defaultHeads(model.spec())), 1e-4, "saliency heads 0,2,4,5");
			assertClose(Npy.read(d.resolve("saliency.npy")).data, Saliency.compute(out, 11, new int[] { 0, 1, 2, 3,
				4, 5 }), 1e-4, "saliency all heads");
			assertClose(Npy.read(d.resolve("binned_key_l9.npy")).data, Descriptors.of(out, 9, Facet.KEY, false)
				.binned().data(), 1e-4, "binned key l9");
		}
	}

	private static sc.fiji.dinovit.imglib2.ByteImage readPng(final Path p) throws IOException {
		final Path rel = Fixtures.ROOT.toAbsolutePath().relativize(p.toAbsolutePath());
		return Fixtures.png(rel.toString());
	}
}
