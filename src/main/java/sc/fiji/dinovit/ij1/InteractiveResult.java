package sc.fiji.dinovit.ij1;

/**
 * A command whose results stay live after it ran (e.g. DINO Similarity Map with interactive: clicks
 * in the source update the maps). {@link CommandBridge} calls {@link #startInteraction()} after it
 * has shown the outputs, only with a display.
 */
public interface InteractiveResult {

	/** Attaches the listeners that keep the results live; must return at once. */
	void startInteraction();
}
