package sc.fiji.dinovit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.djl.Device;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.testutil.RandomWeights;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.FeatureRequest;
import sc.fiji.dinovit.vit.VitModel;

/**
 * Plain benchmark harness for the Java extractor (run by scripts/bench.sh, one configuration per
 * JVM so that peak memory is per configuration). Random weights with the exact ViT-S/8 shape,
 * seeded; a random normalised image. Prints one JSON line.
 * <p>
 * Arguments: size stride layer [warmup runs]. Memory: native and heap growth are read from
 * /proc/self/status (peak RSS minus the RSS after loading the model and one warm-up).
 */
public final class ExtractorBenchmark {

	public static void main(final String[] args) throws IOException {
		final int size = Integer.parseInt(args[0]);
		final int stride = Integer.parseInt(args[1]);
		final int layer = Integer.parseInt(args[2]);
		final int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 2;
		final int runs = args.length > 4 ? Integer.parseInt(args[4]) : 5;
		final ModelSpec spec = RandomWeights.vitS8();
		try (VitModel model = VitModel.load(RandomWeights.create(spec, 7), Device.cpu())) {
			final float[] img = new float[3 * size * size];
			final SplittableRandom r = new SplittableRandom(11);
			for (int i = 0; i < img.length; i++) img[i] = (float) r.nextDouble(-2, 2);
			final FeatureRequest req = FeatureRequest.of(layer, Facet.KEY);
			for (int i = 0; i < warmup; i++) model.forward(img, size, size, stride, req);
			System.gc();
			final long rssBefore = procStatus("VmRSS");
			resetPeak();
			final long hwmBaseline = procStatus("VmHWM");
			final List<Double> ms = new ArrayList<>();
			final List<Double> cpu = new ArrayList<>();
			for (int i = 0; i < runs; i++) {
				final long c0 = processCpuMillis();
				final long t0 = System.nanoTime();
				model.forward(img, size, size, stride, req);
				ms.add((System.nanoTime() - t0) / 1e6);
				cpu.add((double) (processCpuMillis() - c0));
			}
			final double cpuMedian = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray()[cpu.size() / 2];
			final long hwm = procStatus("VmHWM");
			final double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			final double median = sorted[sorted.length / 2];
			System.out.println(String.format(Locale.ROOT,
				"{\"impl\":\"java-djl\",\"size\":%d,\"stride\":%d,\"layer\":%d,\"median_ms\":%.1f," +
					"\"min_ms\":%.1f,\"median_cpu_ms\":%.1f,\"runs_ms\":%s,\"rss_before_mb\":%.1f,\"peak_rss_mb\":%.1f," +
					"\"peak_growth_mb\":%.1f,\"peak_reset\":%s,\"threads\":\"%s\"}",
				size, stride, layer, median, sorted[0], cpuMedian, Arrays.toString(sorted), rssBefore / 1024.0,
				hwm / 1024.0, (hwm - rssBefore) / 1024.0, hwmBaseline <= rssBefore + 1024,
				System.getProperty("ai.djl.pytorch.num_threads", "default")));
		}
	}

	/** CPU time (user + system, all threads incl. native ones) of this process, from /proc/self/stat. */
	static long processCpuMillis() throws IOException {
		final Path p = Paths.get("/proc/self/stat");
		if (!Files.exists(p)) return -1;
		final String stat = new String(Files.readAllBytes(p));
		final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		// fields after the command: state(0) ... utime is field 14 overall -> index 11 here
		return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ = 100
	}

	/** A value in kB from /proc/self/status, or -1 where there is none (not Linux). */
	static long procStatus(final String key) throws IOException {
		final Path p = Paths.get("/proc/self/status");
		if (!Files.exists(p)) return -1;
		for (final String line : Files.readAllLines(p))
			if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		return -1;
	}

	/** Resets the kernel's peak-RSS counter (Linux >= 4.0: write 5 to clear_refs). */
	static void resetPeak() {
		try {
			Files.write(Paths.get("/proc/self/clear_refs"), "5".getBytes());
		}
		catch (final IOException | SecurityException e) {
			// not available: the peak then includes loading
		}
	}
}
