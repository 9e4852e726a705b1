package sc.fiji.dinovit.ij1;

import java.util.concurrent.CancellationException;

import org.scijava.command.CommandInfo;
import org.scijava.event.EventHandler;
import org.scijava.module.ModuleInfo;
import org.scijava.module.event.ModuleErroredEvent;
import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Keeps SciJava from printing "[ERROR] Command errored: ..." with a full stack trace when a DINO
 * command stops on a <em>user error</em>: SciJava's {@code ModuleRunner} publishes a
 * {@link ModuleErroredEvent} and logs the exception only if no subscriber consumed the event; this
 * service consumes it for our commands' user errors, whose message already says what is wrong and
 * how to fix it. The error still reaches the caller (the command's future fails with it; the IJ1
 * bridge shows the one-line message and aborts the macro). Anything else, a bug, is left alone and
 * logged with its stack trace.
 * <p>
 * User errors are {@link IllegalArgumentException} (bad input, invalid options, wrong image
 * types) and {@link IllegalStateException} (a file that cannot be read or written, a model that
 * cannot be loaded: the command's IOExceptions, with their message).
 * <p>
 * In Fiji the service is found like every SciJava service; a small Context must name it
 * (the IJ1 bridge's does).
 */
@Plugin(type = Service.class)
public final class UserErrorFilter extends AbstractService implements SciJavaService {

	private static final String PACKAGE = "sc.fiji.dinovit.";

	@EventHandler
	public void onErrored(final ModuleErroredEvent event) {
		if (isOurs(event.getModule().getInfo()) && isUserError(event.getException())) event.consume();
	}

	/** Whether {@code info} is one of this plugin's commands. */
	static boolean isOurs(final ModuleInfo info) {
		return info instanceof CommandInfo && ((CommandInfo) info).getDelegateClassName().startsWith(PACKAGE);
	}

	/** Whether {@code e} is a user error (see the class description): its message is all the user needs. */
	public static boolean isUserError(final Throwable e) {
		return e instanceof IllegalArgumentException || e instanceof IllegalStateException ||
			e instanceof CancellationException;
	}
}
