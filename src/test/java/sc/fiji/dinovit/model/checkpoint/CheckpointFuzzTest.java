package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of the checkpoint fuzzer ({@link CheckpointFuzzer}); the long run is
 * {@link CheckpointFuzzMain} (scripts/fuzz.sh, docs/fuzzing.md). Every case must end in a read
 * or a {@link CheckpointFormatException} naming the file, within 2 s and the heap bound.
 */
class CheckpointFuzzTest {

	@TempDir
	Path dir;

	static final int CASES = Integer.getInteger("dinovit.fuzz.cases", 2000);

	@Test
	void shortFuzzRunEndsInReadsOrDocumentedRefusals() throws IOException, InterruptedException {
		final List<FuzzSeed> seeds = FuzzSeeds.corpus(dir, false);
		final CheckpointFuzzer fuzzer = new CheckpointFuzzer(seeds, dir, 2000);
		final CheckpointFuzzer.Report report = fuzzer.run(20261127L, 0, CASES, 0, s -> {});
		System.out.println("[CheckpointFuzzTest] " + report.summary());
		assertEquals(List.of(), report.failures());
		// the mutations must reach deep: both outcomes happen, with many different refusals
		assertTrue(report.read() > CASES / 50, report.summary());
		assertTrue(report.refused() > CASES / 2, report.summary());
		assertTrue(report.refusalKinds().size() > 40, report.summary() + "\n" + report.refusalKinds()
			.keySet());
	}

	@Test
	void casesAreDeterministicPerSeed() throws IOException {
		final CheckpointFuzzer fuzzer = new CheckpointFuzzer(FuzzSeeds.synthetic(dir), dir, 2000);
		for (int i = 0; i < 50; i++) {
			final StringBuilder a = new StringBuilder();
			final StringBuilder b = new StringBuilder();
			assertTrue(java.util.Arrays.equals(fuzzer.input(5, i, a), fuzzer.input(5, i, b)));
			assertEquals(a.toString(), b.toString());
		}
	}
}
