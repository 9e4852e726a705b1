package sc.fiji.dinovit.bench;

import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import ai.djl.Device;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Calibrates {@link MemoryEstimate}: for the tiny fixture model and a random ViT-S/8, the anonymous
 * RSS growth of one key-facet pass at the last layer (peak during the pass minus before it, after a
 * warm-up pass) against the modelled activations. Run with
 * {@code java -cp target/test-classes:target/classes:$(cat target/classpath.txt)
 * sc.fiji.dinovit.bench.MemoryCalibration tiny 224 8} (model, image size, stride); the table goes to docs/robustness.md.
 */
public final class MemoryCalibration {

	/** Arguments: tiny|vits SIZE STRIDE (one case per JVM, so that no earlier pass's freed memory is reused). */
	public static void main(final String[] args) throws Exception {
		final int size = Integer.parseInt(args[1]), stride = Integer.parseInt(args[2]);
		if (args[0].equals("tiny")) {
			try (VitModel tiny = ModelCache.load(Paths.get("src/test/resources/fixtures/models/v1_p8/official.pth"),
				Device.cpu()))
			{
				measure("tiny ViT-D128/8, 3 layers", tiny, new int[][] { { size, stride } });
			}
			return;
		}
		final ModelSpec s = RandomWeights.vitS8();
		try (VitModel vits = VitModel.load(RandomWeights.create(s, 7), Device.cpu())) {
			measure("random ViT-S/8, 12 layers", vits, new int[][] { { size, stride } });
		}
	}

	private static void measure(final String name, final VitModel model, final int[][] cases) {
		final FeatureExtractor ex = new FeatureExtractor(model);
		final int last = model.spec().depth() - 1;
		final Random r = new Random(1);
		ex.extract(image(64, 64, r), ExtractionSettings.builder().layer(last).stride(8).loadSize(0).build(), () -> false);
		for (final int[] c : cases) {
			final ByteImage img = image(c[0], c[0], r);
			final ExtractionSettings settings = ExtractionSettings.builder().layer(last).stride(c[1]).loadSize(0)
				.build();
			final MemoryEstimate e = MemoryEstimate.of(model.spec(), List.of(new ImageSize(c[0], c[0])), settings,
				model.attentionChunkBytes(), 0);
			System.gc();
			try (MemoryProbe probe = new MemoryProbe()) {
				final double before = MemoryProbe.status("RssAnon") / 1024.0;
				probe.reset();
				ex.extract(img, settings, () -> false);
				final double grew = probe.peakAnonRssMb() - before;
				final double modelled = e.modelledActivationBytes() / 1048576.0;
				System.out.println(String.format(Locale.ROOT, "%s | %d x %d | %d | %d | %.0f | %.0f | %.2f | %.0f", name,
					c[0], c[0], c[1], e.tokens(), modelled, grew, grew / modelled, e.activationBytes() / 1048576.0));
			}
		}
	}

	private static ByteImage image(final int w, final int h, final Random r) {
		final byte[] d = new byte[w * h * 3];
		r.nextBytes(d);
		return new ByteImage(w, h, 3, d);
	}
}
