package sc.fiji.dinovit.testutil;

import java.util.HashMap;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.Command;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

/** Runs a command through a context's CommandService with key/value inputs, waiting for it. */
public final class CommandRunner {

	private CommandRunner() {}

	public static CommandModule run(final Context context, final Class<? extends Command> type,
		final Object... keyValues) throws Exception
	{
		final Map<String, Object> in = new HashMap<>();
		for (int i = 0; i < keyValues.length; i += 2)
			in.put((String) keyValues[i], keyValues[i + 1]);
		return context.service(CommandService.class).run(type, true, in).get();
	}
}
