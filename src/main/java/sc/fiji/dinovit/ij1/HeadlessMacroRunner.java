package sc.fiji.dinovit.ij1;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import ij.macro.Interpreter;

/**
 * Runs an ImageJ 1 macro on a machine without a display: {@code java -Djava.awt.headless=true -cp
 * ... sc.fiji.dinovit.ij1.HeadlessMacroRunner MACRO [ARG]}. It installs ImageJ 1's command table
 * without menus ({@link CommandTable}), runs the macro in batch mode with the argument as
 * {@code getArgument()}, and exits with 0, or 1 and the reason on stderr when the macro had an error
 * or a command aborted it (e.g. a DINO command's message), 2 for bad arguments.
 */
public final class HeadlessMacroRunner {

	private HeadlessMacroRunner() {}

	/** How a macro run ended. */
	public static final class Result {
		private final String failure;
		private final String returned;

		Result(final String failure, final String returned) {
			this.failure = failure;
			this.returned = returned;
		}

		public boolean succeeded() { return failure == null; }

		/** Why the macro stopped, or null if it ran to the end. */
		public String failure() { return failure; }

		/** What the macro returned (its last {@code return} value), or null. */
		public String returned() { return returned; }
	}

	public static void main(final String[] args) {
		if (args.length < 1 || args.length > 2) {
			System.err.println("Usage: HeadlessMacroRunner MACRO.ijm [ARGUMENT]");
			System.exit(2);
		}
		System.setProperty("java.awt.headless", "true");
		final Path macro = Paths.get(args[0]);
		if (!Files.isRegularFile(macro)) {
			System.err.println("ERROR: no such macro file: " + macro);
			System.exit(2);
		}
		Result r;
		try {
			r = run(macro, args.length > 1 ? args[1] : "");
		}
		catch (final IOException | RuntimeException e) {
			r = new Result(e.toString(), null);
		}
		if (!r.succeeded()) {
			System.err.println("ERROR: macro " + macro + " failed: " + r.failure());
			System.exit(1);
		}
		System.exit(0);
	}

	/** Runs a macro file in batch mode in this thread. */
	public static Result run(final Path macro, final String argument) throws IOException {
		return runText(new String(Files.readAllBytes(macro), StandardCharsets.UTF_8), argument);
	}

	/** Runs macro code in batch mode in this thread. */
	public static Result runText(final String code, final String argument) throws IOException {
		CommandTable.install();
		MacroFailures.take();
		final boolean batch = Interpreter.batchMode;
		Interpreter.batchMode = true;
		final Interpreter interpreter = new Interpreter();
		interpreter.setIgnoreErrors(true);
		String returned = null;
		String failure = null;
		try {
			returned = interpreter.run(code, argument == null ? "" : argument);
		}
		catch (final RuntimeException e) {
			failure = e.getMessage();
		}
		finally {
			Interpreter.batchMode = batch;
		}
		final String ours = MacroFailures.take();
		if (ours != null) failure = ours;
		else if (interpreter.wasError()) failure = interpreter.getErrorMessage();
		return new Result(failure, returned);
	}
}
