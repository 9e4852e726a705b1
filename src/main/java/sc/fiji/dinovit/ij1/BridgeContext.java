package sc.fiji.dinovit.ij1;

import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.app.event.StatusEvent;
import org.scijava.command.CommandService;
import org.scijava.event.EventHandler;
import org.scijava.event.EventService;

import ij.IJ;

/**
 * The SciJava Context the IJ1 bridge runs commands in: Fiji's own when imagej-legacy is there,
 * else one small Context (command, status and event services, and {@link UserErrorFilter} so that a
 * user error prints one line, not SciJava's stack trace) created on first use and shared for the
 * life of the JVM. Status events are forwarded to ImageJ 1's status bar and progress bar.
 */
public final class BridgeContext {

	private static Context context;
	private static StatusForwarder forwarder;

	private BridgeContext() {}

	/** The shared Context, created on the first call. */
	public static synchronized Context get() {
		if (context == null) {
			context = legacyContext();
			if (context == null) {
				context = new Context(CommandService.class, StatusService.class, EventService.class,
					UserErrorFilter.class);
				forwarder = new StatusForwarder();
				context.service(EventService.class).subscribe(forwarder);
			}
		}
		return context;
	}

	/** Fiji's Context when imagej-legacy is present (it answers IJ.runPlugIn("org.scijava.Context")). */
	private static Context legacyContext() {
		try {
			Class.forName("net.imagej.legacy.LegacyService", false, BridgeContext.class.getClassLoader());
		}
		catch (final ClassNotFoundException e) {
			return null;
		}
		final Object c = IJ.runPlugIn("org.scijava.Context", "");
		return c instanceof Context ? (Context) c : null;
	}

	/** Forwards SciJava status events to ImageJ 1 (no-ops without a GUI). */
	public static final class StatusForwarder {
		@EventHandler
		public void onStatus(final StatusEvent e) {
			final String msg = e.getStatusMessage();
			if (msg != null && !msg.isEmpty()) IJ.showStatus(msg);
			if (e.getProgressMaximum() > 0) IJ.showProgress(e.getProgressValue(), e.getProgressMaximum());
		}
	}
}
