package sc.fiji.dinovit.ij1;

import java.awt.GraphicsEnvironment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.scijava.command.Command;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleItem;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.macro.Interpreter;
import ij.plugin.filter.Analyzer;
import ij.plugin.PlugIn;

/**
 * The one ImageJ 1 plugin behind every DINO menu entry: plugins.config lines name it with the
 * command class as the argument, e.g.
 * {@code Plugins>DINO ViT, "DINO Extract Features", sc.fiji.dinovit.ij1.CommandBridge("sc.fiji.dinovit.command.ExtractFeaturesCommand")}.
 * <p>
 * It gathers the command's inputs (a GenericDialog interactively, which ImageJ's Recorder records
 * as {@code run("DINO Extract Features", "key=value ...")}; the macro options when called from a
 * macro, without any dialog, so it also runs headless), runs the command through the shared
 * SciJava {@link BridgeContext}'s {@link CommandService}, and shows the ImagePlus outputs (in batch
 * mode or headless: registers them as the macro's current images) and ResultsTable outputs (as the
 * "Results" table, which macros read with getResult). A failure is shown with
 * {@link IJ#error} (printed when headless) and, inside a macro, aborts the macro, so a batch never
 * goes on after an error.
 */
public class CommandBridge implements PlugIn {

	@Override
	public void run(final String commandClass) {
		final String options = Macro.getOptions();
		final boolean macro = options != null;
		String title = commandClass;
		try {
			final Class<? extends Command> type = commandType(commandClass);
			title = label(type);
			final List<CommandInput> inputs = CommandInput.of(type);
			final Map<String, Object> values = macro ? MacroOptions.read(title, inputs, options) : CommandDialog
				.show(title, inputs);
			if (values == null) return; // dialog cancelled
			final CommandModule module = execute(type, values);
			if (module.isCanceled()) {
				IJ.showStatus(title + ": " + module.getCancelReason());
				if (macro) abortMacro(null, null);
				return;
			}
			show(module);
			if (module.getDelegateObject() instanceof InteractiveResult && !GraphicsEnvironment.isHeadless())
				((InteractiveResult) module.getDelegateObject()).startInteraction();
		}
		catch (final RuntimeException e) {
			if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
			fail(title, e, macro);
		}
	}

	/** Runs a command with the given inputs in the shared Context and waits for it. */
	public static CommandModule execute(final Class<? extends Command> type, final Map<String, Object> values) {
		final CommandService commands = BridgeContext.get().service(CommandService.class);
		try {
			return commands.run(type, true, values).get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", e);
		}
		catch (final ExecutionException e) {
			final Throwable cause = rootMessage(e);
			throw cause instanceof RuntimeException ? (RuntimeException) cause : new IllegalStateException(cause
				.getMessage(), cause);
		}
	}

	/** The command's display label (its @Plugin label), or the simple class name. */
	static String label(final Class<?> type) {
		final Plugin p = type.getAnnotation(Plugin.class);
		return p != null && !p.label().isEmpty() ? p.label() : type.getSimpleName();
	}

	@SuppressWarnings("unchecked")
	static Class<? extends Command> commandType(final String name) {
		if (name == null || name.trim().isEmpty()) throw new IllegalArgumentException(
			"CommandBridge needs the command class as its argument (see plugins.config)");
		try {
			final Class<?> c = Class.forName(name.trim(), true, CommandBridge.class.getClassLoader());
			if (!Command.class.isAssignableFrom(c)) throw new IllegalArgumentException(name +
				" is not a SciJava Command");
			return (Class<? extends Command>) c;
		}
		catch (final ClassNotFoundException e) {
			throw new IllegalArgumentException("Command class " + name + " not found: is the DINO_ViT_Features " +
				"jar complete?", e);
		}
	}

	private static void show(final CommandModule module) {
		final CommandInfo info = module.getInfo();
		for (final ModuleItem<?> item : info.outputs()) {
			final Object v = module.getOutput(item.getName());
			if (v instanceof ImagePlus) showImage((ImagePlus) v);
			else if (v instanceof ImagePlus[]) {
				for (final ImagePlus imp : (ImagePlus[]) v)
					if (imp != null) showImage(imp);
			}
			else if (v instanceof ResultsTable) showTable((ResultsTable) v, item.getLabel() == null || item.getLabel()
				.isEmpty() ? item.getName() : item.getLabel());
		}
	}

	private static void showImage(final ImagePlus imp) {
		if (Interpreter.isBatchMode() || GraphicsEnvironment.isHeadless()) {
			Interpreter.addBatchModeImage(imp);
			WindowManager.setTempCurrentImage(imp);
		}
		else {
			imp.show();
		}
	}

	/**
	 * A table output becomes ImageJ's system "Results" table, so that macros read it with nResults
	 * and getResult(...); with a display it is also shown in a window under its own title.
	 */
	private static void showTable(final ResultsTable table, final String title) {
		Analyzer.setResultsTable(table);
		if (GraphicsEnvironment.isHeadless()) return;
		table.show(title);
	}

	private static void fail(final String title, final RuntimeException e, final boolean macro) {
		final String message = title + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
		final Interpreter interpreter = macro ? Interpreter.getInstance() : null;
		if (interpreter == null) {
			if (GraphicsEnvironment.isHeadless()) System.err.println(message);
			else IJ.error(title, e.getMessage() == null ? e.toString() : e.getMessage());
			if (!UserErrorFilter.isUserError(e)) IJ.log(e.toString());
		}
		if (macro) abortMacro(interpreter, message);
	}

	/**
	 * Stops the calling macro with our message: the interpreter reports it like a macro error (its
	 * error window in the GUI; {@code getErrorMessage()} when errors are ignored, as in the headless
	 * runner) and executes nothing after this run(...).
	 */
	private static void abortMacro(final Interpreter interpreter, final String message) {
		if (message != null) MacroFailures.record(message);
		if (interpreter != null && message != null) interpreter.abort(message);
		Macro.abort();
		throw new RuntimeException(Macro.MACRO_CANCELED);
	}

	/**
	 * The command's own exception: ExecutionException and SciJava's plain RuntimeException wrapper
	 * ("Module threw exception") are peeled off.
	 */
	public static Throwable rootMessage(final Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && (t instanceof ExecutionException || t.getClass() == RuntimeException.class))
			t = t.getCause();
		return t;
	}
}
