package sc.fiji.dinovit.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;

import sc.fiji.dinovit.algorithms.correspondence.CorrespondenceResult;
import sc.fiji.dinovit.algorithms.correspondence.CorrespondenceSettings;
import sc.fiji.dinovit.algorithms.correspondence.Correspondences;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationResult;
import sc.fiji.dinovit.algorithms.coseg.CosegmentationSettings;
import sc.fiji.dinovit.algorithms.coseg.ImageCosegmentation;
import sc.fiji.dinovit.algorithms.parts.PartCosegmentationSettings;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.pipeline.CosegmentationPipeline;
import sc.fiji.dinovit.pipeline.PartCosegmentationPipeline;
import sc.fiji.dinovit.testutil.CancellingProgress;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.NativeMemory;
import sc.fiji.dinovit.vit.VitModel;

/**
 * A soak of one shared model in one JVM: extractions (layers, facets and binning mixed),
 * co-segmentations, and rounds of cancellations in the middle of each long stage, interleaved in
 * {@code rounds} equal rounds. After every step the live native arrays ({@link NativeMemory}) must
 * be exactly the model's weights again; repeated work must give bit-identical results. RSS is
 * recorded after the first round (warm-up) and at the end. Used by {@link SoakBenchmark} (ViT-S/8
 * size, hundreds of steps) and SoakTest (the tiny fixture, a few steps).
 */
final class SoakRun {

	/** A long stage and how a run is cancelled in its middle. */
	enum Stage {
		/** Inside the forward pass of a single extraction (between transformer blocks). */
		EXTRACTION,
		/** Inside the elbow k-means of a co-segmentation (between row blocks of an assignment). */
		ELBOW,
		/** Between the GrabCut refinements of a co-segmentation (after image 2's). */
		GRABCUT,
		/** Between the dense-CRF labellings of a part co-segmentation (after image 1's). */
		PART_CRF,
		/** Inside image B's forward pass of a correspondence run. */
		CORRESPONDENCE
	}

	/** What to run; layers are cycled through by the extractions. */
	record Plan(int extractions, int cosegmentations, int rounds, int imagesPerSet, int[] layers,
		CosegmentationSettings coseg, PartCosegmentationSettings parts, int loadSize, int stride) {}

	/** What happened. */
	static final class Report {
		int extractions, cosegmentations, correspondences, repeatsCompared;
		final Map<Stage, Integer> cancels = new EnumMap<>(Stage.class);
		final List<String> leaks = new ArrayList<>();
		final List<String> mismatches = new ArrayList<>();
		/** Runs that failed before reaching their cancel point (data, not memory, problems). */
		final List<String> failures = new ArrayList<>();
		NativeMemory.Snapshot baseline, warm, end;
		long peakRssKb, peakAnonKb;
		/** Java heap in use after a full GC, after the first round and at the end (MB). */
		double heapWarmMb, heapEndMb;
		double cpuSeconds, seconds, extractionSeconds, cosegSeconds, cancelSeconds, correspondenceSeconds;

		int cancelCount() {
			return cancels.values().stream().mapToInt(Integer::intValue).sum();
		}

		double rssGrowthMb() {
			return (end.rssKb() - warm.rssKb()) / 1024.0;
		}

		double anonGrowthMb() {
			return (end.rssAnonKb() - warm.rssAnonKb()) / 1024.0;
		}

		String json() {
			return String.format(Locale.ROOT, "{\"case\":\"soak\",\"extractions\":%d,\"cosegmentations\":%d," +
				"\"correspondences\":%d,\"cancels\":%d,\"cancels_by_stage\":\"%s\",\"repeats_compared\":%d," +
				"\"seconds\":%.1f,\"extraction_s\":%.1f,\"coseg_s\":%.1f,\"correspondence_s\":%.1f,\"cancel_s\":%.1f," +
				"\"weights_arrays\":%d,\"weights_mb\":%.1f,\"leaks\":%d,\"mismatches\":%d,\"failures\":%d,\"cpu_s\":%.1f," +
				"\"rss_warm_mb\":%.1f,\"rss_end_mb\":%.1f,\"rss_peak_mb\":%.1f,\"rss_growth_mb\":%.1f," +
				"\"anon_warm_mb\":%.1f,\"anon_end_mb\":%.1f,\"anon_peak_mb\":%.1f,\"anon_growth_mb\":%.1f," +
				"\"heap_warm_mb\":%.1f,\"heap_end_mb\":%.1f,\"arrays_end\":%d}", extractions, cosegmentations, correspondences, cancelCount(), cancels,
				repeatsCompared, seconds, extractionSeconds, cosegSeconds, correspondenceSeconds, cancelSeconds,
				baseline.arrays(), baseline.arrayBytes() / 1048576.0, leaks.size(), mismatches.size(), failures.size(), cpuSeconds, warm.rssMb(), end.rssMb(),
				peakRssKb / 1024.0, rssGrowthMb(), warm.rssAnonMb(), end.rssAnonMb(), peakAnonKb / 1024.0,
				anonGrowthMb(), heapWarmMb, heapEndMb, end.arrays());
		}
	}

	private static final Facet[] FACETS = { Facet.KEY, Facet.QUERY, Facet.VALUE, Facet.TOKEN };

	private final VitModel model;
	private final List<? extends SourceImage> images;
	private final Plan plan;
	private final PrintStream log;
	private final Report report = new Report();
	private final Map<String, Integer> firstResults = new HashMap<>();

	SoakRun(final VitModel model, final List<? extends SourceImage> images, final Plan plan, final PrintStream log) {
		if (images.size() < plan.imagesPerSet()) throw new IllegalArgumentException("Need at least " + plan
			.imagesPerSet() + " images, got " + images.size());
		this.model = model;
		this.images = images;
		this.plan = plan;
		this.log = log;
	}

	Report run() {
		report.baseline = NativeMemory.now();
		long peakRss = 0, peakAnon = 0;
		final long t0 = System.nanoTime();
		int e = 0, c = 0;
		for (int round = 0; round < plan.rounds(); round++) {
			final int eEnd = (int) ((long) plan.extractions() * (round + 1) / plan.rounds());
			final int cEnd = (int) ((long) plan.cosegmentations() * (round + 1) / plan.rounds());
			long t = System.nanoTime();
			for (; e < eEnd; e++)
				extraction(e);
			report.extractionSeconds += (System.nanoTime() - t) / 1e9;
			if (log != null) log.printf(Locale.ROOT, "  %d extractions done, %.0f s%n", e, (System.nanoTime() - t0) / 1e9);
			t = System.nanoTime();
			for (; c < cEnd; c++)
				cosegmentation(c);
			report.cosegSeconds += (System.nanoTime() - t) / 1e9;
			if (log != null) log.printf(Locale.ROOT, "  %d co-segmentations done, %.0f s%n", c, (System.nanoTime() - t0) / 1e9);
			t = System.nanoTime();
			correspondence(round);
			report.correspondenceSeconds += (System.nanoTime() - t) / 1e9;
			t = System.nanoTime();
			for (final Stage stage : Stage.values())
				cancel(stage, round);
			report.cancelSeconds += (System.nanoTime() - t) / 1e9;
			final NativeMemory.Snapshot now = NativeMemory.now();
			if (round == 0) {
				report.warm = now;
				report.heapWarmMb = heapAfterGcMb();
			}
			peakRss = Math.max(peakRss, now.rssKb());
			peakAnon = Math.max(peakAnon, now.rssAnonKb());
			if (log != null) log.printf(Locale.ROOT, "round %d/%d: %d extractions, %d co-segmentations, %d cancels, " +
				"%d leaks, %d mismatches, %d failures, %.0f s (CPU %.0f s), RSS %.1f MB (%+.1f MB since round 1), " +
				"anonymous RSS %.1f MB, %d native arrays%n", round + 1, plan.rounds(), e, c, report.cancelCount(),
				report.leaks.size(), report.mismatches.size(), report.failures.size(), (System.nanoTime() - t0) / 1e9,
				cpuSeconds(), now.rssMb(), (now.rssKb() - report.warm.rssKb()) / 1024.0, now.rssAnonMb(), now.arrays());
		}
		report.seconds = (System.nanoTime() - t0) / 1e9;
		report.cpuSeconds = cpuSeconds();
		report.heapEndMb = heapAfterGcMb();
		report.end = NativeMemory.now();
		report.peakRssKb = Math.max(peakRss, NativeMemory.procStatusKb("VmHWM"));
		report.peakAnonKb = peakAnon;
		return report;
	}

	/** CPU time of the whole process (all threads, libtorch's included), in seconds. */
	private static double cpuSeconds() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
	}

	private static double heapAfterGcMb() {
		System.gc();
		final Runtime r = Runtime.getRuntime();
		return (r.totalMemory() - r.freeMemory()) / 1048576.0;
	}

	private void extraction(final int i) {
		final int layer = plan.layers()[i % plan.layers().length];
		final Facet facet = FACETS[(i / plan.layers().length) % FACETS.length];
		final boolean bin = i % 3 == 2;
		final boolean saliency = i % 2 == 1;
		final ExtractionSettings s = ExtractionSettings.builder().layer(layer).facet(facet).bin(bin).saliency(saliency)
			.stride(plan.stride()).loadSize(plan.loadSize()).build();
		final int image = i % images.size();
		final ImageFeatures f = new FeatureExtractor(model).extract(images.get(image), s, () -> false);
		int h = Arrays.hashCode(f.descriptors().data());
		if (saliency) h = 31 * h + Arrays.hashCode(f.saliency());
		compare("extraction image " + image + " " + s, h);
		report.extractions++;
		checkNoLeak("extraction " + (i + 1));
	}

	private List<SourceImage> set(final int i) {
		final List<SourceImage> set = new ArrayList<>();
		for (int j = 0; j < plan.imagesPerSet(); j++)
			set.add(images.get((i + j) % images.size()));
		return set;
	}

	private void cosegmentation(final int i) {
		final int first = i % images.size();
		final CosegmentationResult r = new CosegmentationPipeline(model).run(set(first), plan.coseg(), Progress.NONE);
		int h = r.k();
		for (final ImageCosegmentation ic : r.images())
			h = 31 * h + Arrays.hashCode(ic.mask().toBytes());
		compare("co-segmentation of set " + first, h);
		report.cosegmentations++;
		checkNoLeak("co-segmentation " + (i + 1));
	}

	private void correspondence(final int round) {
		final CorrespondenceResult r = correspondence(round, Progress.NONE);
		compare("correspondences of images " + round % images.size(), 31 * r.pairs().hashCode() + r.numBestBuddies());
		report.correspondences++;
		checkNoLeak("correspondences " + (round + 1));
	}

	/** Correspondences between two images: features of A, then of B, then the matching. */
	private CorrespondenceResult correspondence(final int round, final Progress progress) {
		final ExtractionSettings s = ExtractionSettings.builder().layer(plan.layers()[0]).facet(Facet.KEY).bin(false)
			.saliency(true).stride(plan.stride()).loadSize(plan.loadSize()).build();
		final FeatureExtractor extractor = new FeatureExtractor(model);
		progress.status("Correspondences: features of image A");
		final ImageFeatures a = extractor.extract(images.get(round % images.size()), s, progress::isCancelled);
		progress.checkCancelled();
		progress.status("Correspondences: features of image B");
		final ImageFeatures b = extractor.extract(images.get((round + 1) % images.size()), s, progress::isCancelled);
		progress.checkCancelled();
		progress.status("Correspondences: matching");
		return Correspondences.find(a, b, CorrespondenceSettings.defaults());
	}

	private void cancel(final Stage stage, final int round) {
		final int blocks = plan.layers()[0] + 1;
		final CancellingProgress p;
		final Runnable work;
		final String where;
		switch (stage) {
			case EXTRACTION -> {
				p = CancellingProgress.after(blocks / 2);
				where = null;
				final ExtractionSettings s = ExtractionSettings.builder().layer(plan.layers()[0]).saliency(true)
					.stride(plan.stride()).loadSize(plan.loadSize()).build();
				work = () -> new FeatureExtractor(model).extract(images.get(round % images.size()), s, p::isCancelled);
			}
			case ELBOW -> {
				p = CancellingProgress.afterStatus(where = "clustering descriptors", 2);
				work = () -> new CosegmentationPipeline(model).run(set(round), plan.coseg(), p);
			}
			case GRABCUT -> {
				p = CancellingProgress.afterStatus(where = "mask 2/", 0);
				work = () -> new CosegmentationPipeline(model).run(set(round), plan.coseg(), p);
			}
			case PART_CRF -> {
				p = CancellingProgress.afterStatus(where = "Part co-segmentation: labelling", 1);
				work = () -> new PartCosegmentationPipeline(model).run(set(round), plan.parts(), p);
			}
			case CORRESPONDENCE -> {
				p = CancellingProgress.afterStatus(where = "features of image B", blocks / 2);
				work = () -> correspondence(round, p);
			}
			default -> throw new AssertionError(stage);
		}
		try {
			work.run();
			throw new IllegalStateException("The " + stage + " run of round " + (round + 1) +
				" finished instead of being cancelled: the cancel point comes too late for this plan");
		}
		catch (final CancellationException expected) {
			if (!p.hasCancelled()) throw new IllegalStateException("A cancellation nobody asked for in " + stage,
				expected);
			if (where != null && !p.cancelledDuring().contains(where)) throw new IllegalStateException(stage +
				" was cancelled during '" + p.cancelledDuring() + "', not during '" + where + "'");
		}
		catch (final IllegalArgumentException e) {
			// The run stopped before the cancel point for a reason of its data; it still must not leak.
			report.failures.add("cancel in " + stage + " (round " + (round + 1) + ") not reached: " + e.getMessage());
			checkNoLeak("failed run before the cancel in " + stage + " (round " + (round + 1) + ")");
			return;
		}
		report.cancels.merge(stage, 1, Integer::sum);
		checkNoLeak("cancel in " + stage + " (round " + (round + 1) + ")");
	}

	/** Same work must give the same result every time in the run. */
	private void compare(final String key, final int hash) {
		final Integer first = firstResults.putIfAbsent(key, hash);
		if (first == null) return;
		report.repeatsCompared++;
		if (first != hash) report.mismatches.add("result changed on repeat: " + key);
	}

	private void checkNoLeak(final String after) {
		final NativeMemory.Snapshot now = NativeMemory.now();
		if (now.arrays() != report.baseline.arrays() || now.arrayBytes() != report.baseline.arrayBytes())
			report.leaks.add(after + ": " + now.arrays() + " native arrays (" + now.arrayBytes() + " bytes), expected " +
				report.baseline.arrays() + " (" + report.baseline.arrayBytes() + " bytes)");
	}

}
