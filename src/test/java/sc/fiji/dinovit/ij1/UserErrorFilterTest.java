package sc.fiji.dinovit.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.CommandService;
import org.scijava.event.EventService;
import org.scijava.log.LogMessage;
import org.scijava.log.LogService;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import sc.fiji.dinovit.command.ExtractFeaturesCommand;
import sc.fiji.dinovit.testutil.CommandRunner;
import sc.fiji.dinovit.testutil.Fixtures;

/**
 * SciJava logs "Command errored: ..." with a stack trace for every failed command unless a
 * subscriber consumes the event: {@link UserErrorFilter} does for our user errors only. The log is
 * captured through a LogListener.
 */
class UserErrorFilterTest {

	private static ImagePlus chelsea;

	@BeforeAll
	static void setUp() {
		System.setProperty("java.awt.headless", "true");
		chelsea = IJ.openImage(Fixtures.path("images/chelsea.png").toString());
	}

	/** A command with a bug. */
	@Plugin(type = Command.class, headless = true)
	public static class BuggyCommand implements Command {
		@Override
		public void run() {
			final String nothing = System.getProperty("no.such.property.dinovit");
			nothing.length(); // NullPointerException
		}
	}

	/** Runs a command in a fresh Context (with or without the filter) and returns what was logged. */
	private static List<LogMessage> logOf(final boolean filter, final Class<? extends Command> type,
		final Object... keyValues)
	{
		final Context context = filter ? new Context(CommandService.class, StatusService.class, EventService.class,
			UserErrorFilter.class) : new Context(CommandService.class, StatusService.class, EventService.class);
		try {
			final List<LogMessage> logged = new CopyOnWriteArrayList<>();
			context.service(LogService.class).addLogListener(logged::add);
			assertThrows(ExecutionException.class, () -> CommandRunner.run(context, type, keyValues));
			return logged;
		}
		finally {
			context.dispose();
		}
	}

	private static String text(final List<LogMessage> log) {
		return log.stream().map(m -> m.text() + (m.throwable() == null ? "" : " <" + m.throwable() + ">")).collect(
			Collectors.joining("\n"));
	}

	private static final Object[] BAD_LAYER = { "image", null, "model_file", Fixtures.path("models/v1_p8/official.pth").toFile(), "device", "cpu",
		"layer", 11, "stride", 8, "load_size", 0 };

	@Test
	void aUserErrorIsNotLoggedWithAStackTrace() {
		BAD_LAYER[1] = chelsea;
		final List<LogMessage> without = logOf(false, ExtractFeaturesCommand.class, BAD_LAYER);
		assertTrue(text(without).contains("Command errored: DINO Extract Features"), "SciJava's own behaviour: " +
			text(without));
		final List<LogMessage> with = logOf(true, ExtractFeaturesCommand.class, BAD_LAYER);
		assertFalse(text(with).contains("Command errored"), text(with));
		assertTrue(with.stream().noneMatch(m -> m.throwable() != null), text(with));
	}

	@Test
	void aBugIsStillLoggedWithItsStackTrace() {
		final List<LogMessage> with = logOf(true, BuggyCommand.class);
		final LogMessage errored = with.stream().filter(m -> m.text().contains("Command errored")).findFirst()
			.orElse(null);
		assertNotNull(errored, text(with));
		assertTrue(errored.throwable() instanceof NullPointerException, text(with));
	}

	@Test
	void userErrorsAreIllegalArgumentAndIllegalState() {
		assertTrue(UserErrorFilter.isUserError(new IllegalArgumentException("x")));
		assertTrue(UserErrorFilter.isUserError(new IllegalStateException("x")));
		assertFalse(UserErrorFilter.isUserError(new NullPointerException()));
		assertEquals(false, UserErrorFilter.isUserError(new RuntimeException("wrapped", new Error())));
	}
}
