package sc.fiji.dinovit.bench;

import java.util.ArrayList;
import java.util.List;

import ai.djl.Device;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.imglib2.ByteImage;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.VitModel;

/**
 * The soak of issue 5 ({@link SoakRun}) with a random-weight model of the exact ViT-S/8 shape
 * (same cost as the real one) on the four committed test images at load_size 224, stride 8:
 * extractions cycle layers 11, 9, 5, the four facets, binning and saliency; co-segmentations of
 * sets of three images (low-res saliency, elbow, voting, GrabCut); a correspondence run and five
 * cancellations per round. Prints progress, then one JSON line; exits 1 when a native array leaked,
 * a repeated result changed or RSS grew by 100 MB or more after the first round.
 * Arguments: [extractions=300] [co-segmentations=50] [rounds=5].
 */
public final class SoakBenchmark {

	/** The pass criterion of issue 5. */
	static final double MAX_RSS_GROWTH_MB = 100;

	public static void main(final String[] args) throws Exception {
		final int extractions = args.length > 0 ? Integer.parseInt(args[0]) : 300;
		final int cosegs = args.length > 1 ? Integer.parseInt(args[1]) : 50;
		final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
		final List<ByteImage> images = new ArrayList<>();
		for (final String name : new String[] { "images/chelsea.png", "images/square224.png",
			"grabcut/coffee_rgb.png", "grabcut/astronaut_rgb.png" })
			images.add(Fixtures.png(name));
		final CosegmentationSettings coseg = CosegmentationSettings.builder().layer(11).stride(8).loadSize(224).build();
		// Random weights give clusters of one image each and flat saliency: a negative threshold and
		// one vote make every cluster foreground, so every part co-segmentation reaches its CRF
		// stage, where the soak cancels it.
		final PartCosegmentationSettings parts = PartCosegmentationSettings.builder().layer(11).stride(8).loadSize(224).saliencyThreshold(-1).votesPercentage(1)
			.sampleInterval(10).cropAugmentations(0).build();
		final SoakRun.Plan plan = new SoakRun.Plan(extractions, cosegs, rounds, 3, new int[] { 11, 9, 5 }, coseg, parts,
			224, 8);
		final SoakRun.Report r;
		try (VitModel model = VitModel.load(RandomWeights.create(RandomWeights.vitS8(), 7), Device.cpu())) {
			r = new SoakRun(model, images, plan, System.out).run();
		}
		System.out.println(r.json());
		r.leaks.forEach(l -> System.out.println("LEAK " + l));
		r.mismatches.forEach(l -> System.out.println("MISMATCH " + l));
		r.failures.forEach(l -> System.out.println("FAILED " + l));
		final boolean pass = r.leaks.isEmpty() && r.mismatches.isEmpty() && r.failures.isEmpty() && r.rssGrowthMb() < MAX_RSS_GROWTH_MB;
		System.out.println(pass ? "PASS" : "FAIL");
		System.exit(pass ? 0 : 1);
	}
}
