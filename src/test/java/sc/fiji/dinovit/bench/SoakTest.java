package sc.fiji.dinovit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.NativeMemory;
import sc.fiji.dinovit.vit.VitModel;

/**
 * The short soak: {@link SoakRun} with the tiny 3-layer fixture at load_size 64 — 20 extractions,
 * 3 co-segmentations, 2 correspondence runs and two rounds of a cancel in the middle of every long
 * stage; no native array may outlive a run or a cancel, and repeated work gives the same results.
 */
class SoakTest {

	@Test
	void noNativeArrayOutlivesARunOrACancelAndRepeatsAgree() throws Exception {
		final List<ByteImage> images = List.of(Fixtures.png("images/chelsea.png"), Fixtures.png("images/square224.png"),
			Fixtures.png("grabcut/coffee_rgb.png"), Fixtures.png("grabcut/astronaut_rgb.png"));
		final CosegmentationSettings coseg = CosegmentationSettings.builder().layer(2).stride(8).loadSize(64)
			.sampleInterval(5).kMax(6).build();
		final PartCosegmentationSettings parts = PartCosegmentationSettings.builder().layer(2).stride(8).loadSize(64)
			.sampleInterval(5).cropAugmentations(0).build();
		final SoakRun.Plan plan = new SoakRun.Plan(20, 3, 2, 3, new int[] { 2, 1, 0 }, coseg, parts, 64, 8);
		final int before = NativeMemory.liveArrays();
		final SoakRun.Report r;
		try (VitModel model = ModelCache.load(Fixtures.path("models/v1_p8/official.pth"), Device.cpu())) {
			r = new SoakRun(model, images, plan, null).run();
			assertTrue(r.baseline.arrays() > before, "the model's weights are counted: " + r.baseline);
		}
		assertEquals(before, NativeMemory.liveArrays(), "closing the model frees its weights");
		assertEquals(List.of(), r.leaks);
		assertEquals(List.of(), r.mismatches);
		assertEquals(List.of(), r.failures, "every run reached its cancel point");
		assertEquals(20, r.extractions);
		assertEquals(3, r.cosegmentations);
		assertEquals(2, r.correspondences);
		assertEquals(10, r.cancelCount(), r.cancels.toString());
		for (final SoakRun.Stage s : SoakRun.Stage.values())
			assertEquals(2, r.cancels.get(s), s.toString());
		assertTrue(r.repeatsCompared > 0, "some work was repeated and compared");
		assertEquals(r.baseline.arrays(), r.end.arrays());
		assertTrue(r.end.rssKb() > 0 && r.end.rssAnonKb() > 0, r.end.toString());
	}
}
