package sc.fiji.dinovit.model.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

/**
 * Long fuzzing runs from the command line (see scripts/fuzz.sh and docs/fuzzing.md); run from
 * the repository root so that the model fixtures are found.
 *
 * <pre>
 * java -cp ... sc.fiji.dinovit.model.checkpoint.CheckpointFuzzMain [cases] [seed] [first] [workdir] [all|small] [max-seconds]
 * </pre>
 *
 * Defaults: 200000 cases, seed 1, first case 0, a temp folder, all fixtures, no time limit (with
 * one, the run stops early and reports how many cases it ran). Prints progress
 * every 5000 cases, each failure at once (its input is kept under workdir/findings), and the
 * refusal message kinds at the end. Exit status 1 when any case failed.
 */
public final class CheckpointFuzzMain {

	private CheckpointFuzzMain() {}

	public static void main(final String[] args) throws Exception {
		final int cases = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
		final long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
		final int first = args.length > 2 ? Integer.parseInt(args[2]) : 0;
		final Path dir = args.length > 3 ? Paths.get(args[3]) : Files.createTempDirectory("ckpt-fuzz");
		final boolean all = args.length <= 4 || !args[4].equals("small");
		final long maxSeconds = args.length > 5 ? Long.parseLong(args[5]) : Long.MAX_VALUE;
		Files.createDirectories(dir);
		final CheckpointFuzzer fuzzer = new CheckpointFuzzer(FuzzSeeds.corpus(dir, all), dir, 2000);
		final CheckpointFuzzer.Report r = fuzzer.run(seed, first, cases, 5000, maxSeconds, line -> {
			System.out.println(line);
			System.out.flush();
		});
		System.out.println("refusal kinds (" + r.refusalKinds().size() + "):");
		for (final Map.Entry<String, Integer> e : r.refusalKinds().entrySet())
			System.out.println(String.format("%8d  %s", e.getValue(), PickleAllowlist.printable(e
				.getKey())));
		System.out.println("DONE " + r.summary());
		System.exit(r.failures().isEmpty() ? 0 : 1);
	}
}
