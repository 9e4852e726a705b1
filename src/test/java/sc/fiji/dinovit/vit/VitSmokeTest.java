package sc.fiji.dinovit.vit;

import static org.junit.jupiter.api.Assertions.*;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.testutil.RandomWeights;

class VitSmokeTest {

	@Test
	void runsViTS8() {
		final ModelSpec spec = RandomWeights.vitS8();
		try (VitModel model = VitModel.load(RandomWeights.create(spec, 1), Device.cpu())) {
			final int h = 224, w = 224;
			final float[] img = new float[3 * h * w];
			final SplittableRandom r = new SplittableRandom(3);
			for (int i = 0; i < img.length; i++) img[i] = (float) r.nextDouble(-2, 2);
			final FeatureRequest req = FeatureRequest.builder().facet(11, Facet.KEY).facet(9, Facet.KEY, Facet.TOKEN)
				.attention(11).build();
			for (int s : new int[] {8}) {
				long t0 = System.nanoTime();
				VitOutput out = model.forward(img, h, w, s, req);
				long t1 = System.nanoTime();
				System.out.println("stride " + s + ": " + (t1 - t0) / 1e6 + " ms, grid " + out.grid());
				assertEquals(out.numTokens() * 384, out.facet(11, Facet.KEY).length);
				float[] a = out.clsAttention(11);
				assertEquals(6 * out.numTokens(), a.length);
				double sum = 0;
				for (int i = 0; i < out.numTokens(); i++) sum += a[i];
				assertEquals(1.0, sum, 1e-4);
			}
		}
	}
}
