package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A seeded, deterministic mutation fuzzer for the checkpoint readers. Case {@code i} of run
 * {@code seed} draws everything (seed file, mutations, values) from
 * {@code new Random(caseSeed(seed, i))}, so any case can be replayed alone from its two numbers
 * and the same seed list. Each case applies one structure-aware mutation ({@link ZipMutations},
 * {@link PickleMutations}, {@link SafetensorsMutations}) or format-blind one
 * ({@link ByteMutations}), sometimes followed by a second, format-blind one, and is judged by
 * {@link FuzzRunner}. Inputs of failed cases are saved under {@code findings/} in the work
 * folder.
 */
final class CheckpointFuzzer {

	/** Counts and failures of a run. */
	record Report(long seed, int cases, int read, int refused, List<String> failures,
		long maxAllocatedBytes, long maxMillis, long totalMillis, Map<String, Integer> refusalKinds)
	{
		String summary() {
			return String.format("seed %d: %d cases, %d read, %d refused, %d failed; max %d ms, max %.1f MB " +
				"allocated, %d distinct refusal messages, %.1f s", seed, cases, read, refused, failures
					.size(), maxMillis, maxAllocatedBytes / 1e6, refusalKinds.size(), totalMillis / 1e3);
		}
	}

	private final List<FuzzSeed> seeds;
	private final Path dir;
	private final long timeoutMillis;

	CheckpointFuzzer(final List<FuzzSeed> seeds, final Path dir, final long timeoutMillis) {
		this.seeds = seeds;
		this.dir = dir;
		this.timeoutMillis = timeoutMillis;
	}

	static long caseSeed(final long seed, final int index) {
		return seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL;
	}

	/** The input of case {@code index} and, in the log, how it was made. */
	byte[] input(final long seed, final int index, final StringBuilder log) {
		final Random r = new Random(caseSeed(seed, index));
		final FuzzSeed s = seeds.get(r.nextInt(seeds.size()));
		log.append(s.name()).append(": ");
		final Path scratch = dir.resolve("scratch.zip");
		byte[] b;
		if (s.kind() == FuzzSeed.Kind.TORCH_ZIP) {
			final int k = r.nextInt(10);
			if (k < 3) b = ByteMutations.mutate(s.bytes(), r, s.structure(), log);
			else if (k < 5) b = ZipMutations.field(s.bytes(), r, log);
			else if (k < 6) b = ZipMutations.rebuild(s, s.entries(), r, scratch, log);
			else {
				final List<FuzzSeed.Entry> entries = new ArrayList<>(s.entries());
				for (int i = 0; i < entries.size(); i++) {
					final FuzzSeed.Entry e = entries.get(i);
					if (e.name().endsWith("/data.pkl")) {
						final int rounds = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
						byte[] p = e.data();
						for (int j = 0; j < rounds; j++)
							p = PickleMutations.mutate(p, r, log);
						entries.set(i, new FuzzSeed.Entry(e.name(), p, e.deflated()));
					}
				}
				b = ZipMutations.write(entries, r.nextInt(8) == 0, scratch);
			}
		}
		else {
			b = r.nextInt(10) < 3 ? ByteMutations.mutate(s.bytes(), r, s.structure(), log)
				: SafetensorsMutations.mutate(s.bytes(), r, log);
		}
		if (r.nextInt(5) == 0) b = ByteMutations.mutate(b, r, s.structure(), log);
		return b;
	}

	/**
	 * Runs cases {@code [first, first + count)} of run {@code seed}.
	 *
	 * @param progress receives a line every {@code every} cases and one per failure
	 */
	Report run(final long seed, final int first, final int count, final int every,
		final Consumer<String> progress) throws IOException, InterruptedException
	{
		return run(seed, first, count, every, Long.MAX_VALUE, progress);
	}

	/** As above, but stops early (reporting the cases run) once {@code maxSeconds} have passed. */
	Report run(final long seed, final int first, final int count, final int every,
		final long maxSeconds, final Consumer<String> progress) throws IOException,
		InterruptedException
	{
		int read = 0;
		int refused = 0;
		long maxAlloc = 0;
		long maxMillis = 0;
		final long start = System.nanoTime();
		final List<String> failures = new ArrayList<>();
		final Map<String, Integer> kinds = new TreeMap<>();
		final Path findings = dir.resolve("findings");
		try (FuzzRunner runner = new FuzzRunner(dir, timeoutMillis)) {
			int done = 0;
			for (int i = first; i < first + count; i++, done++) {
				if ((System.nanoTime() - start) / 1_000_000_000L >= maxSeconds) break;
				final StringBuilder log = new StringBuilder();
				final byte[] input = input(seed, i, log);
				final FuzzRunner.Result r = runner.run(input);
				maxAlloc = Math.max(maxAlloc, r.allocatedBytes());
				maxMillis = Math.max(maxMillis, r.millis());
				switch (r.verdict()) {
					case READ:
						read++;
						break;
					case REFUSED:
						refused++;
						kinds.merge(kind(r.detail()), 1, Integer::sum);
						break;
					default:
						final String line = "case " + seed + "/" + i + " [" + log + "] " + r.detail();
						failures.add(line);
						progress.accept("FAILED " + line);
						Files.createDirectories(findings);
						Files.write(findings.resolve("case-" + seed + "-" + i + ".bin"), input);
				}
				if (every > 0 && (i - first + 1) % every == 0) progress.accept(new Report(seed, i - first + 1,
					read, refused, failures, maxAlloc, maxMillis, (System.nanoTime() - start) / 1_000_000,
					kinds).summary());
			}
			return new Report(seed, done, read, refused, failures, maxAlloc, maxMillis, (System.nanoTime() -
				start) / 1_000_000, kinds);
		}
	}

	/** A refusal message without the file name, numbers and quoted names: its kind. */
	static String kind(final String message) {
		final int colon = message.indexOf(": ");
		final String m = colon >= 0 ? message.substring(colon + 2) : message;
		final String k = m.replaceAll("'[^']*'", "'…'").replaceAll("-?[0-9]+", "N").replaceAll(
			"\\[[^\\]]*\\]", "[…]").replaceAll("[^ (]*/[^ )]*", "…");
		return k.length() > 90 ? k.substring(0, 90) : k;
	}
}
