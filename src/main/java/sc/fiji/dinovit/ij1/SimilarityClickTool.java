package sc.fiji.dinovit.ij1;

import java.awt.EventQueue;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;

import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.ImageCanvas;
import sc.fiji.dinovit.algorithms.similarity.SimilarityExplorer;
import java.util.List;

import sc.fiji.dinovit.algorithms.similarity.SimilarityMap;

/**
 * The thin UI of the interactive similarity tool: a mouse listener on the source's canvas. A click
 * asks the {@link SimilarityExplorer} for the maps of that point (background thread, latest click
 * wins) and hands them to the command's update (DINO Similarity Map's, which rewrites its map
 * images in place) on the event thread.
 * Closing the source removes the listener and frees the cached descriptors.
 */
public final class SimilarityClickTool extends MouseAdapter implements ImageListener {

	/** Shows the maps of a query point (x, y); called on the event thread. */
	@FunctionalInterface
	public interface Update {
		void show(double x, double y, List<SimilarityMap> maps);
	}

	private final ImagePlus source;
	private final SimilarityExplorer explorer;
	private final Update update;
	private final ImageCanvas canvas;

	private SimilarityClickTool(final ImagePlus source, final SimilarityExplorer explorer, final Update update,
		final ImageCanvas canvas)
	{
		this.source = source;
		this.explorer = explorer;
		this.update = update;
		this.canvas = canvas;
	}

	/** Listens to clicks in the source's window (without a window: closes the explorer, nothing to click). */
	public static void attach(final ImagePlus source, final SimilarityExplorer explorer, final Update update) {
		final ImageCanvas canvas = source.getCanvas();
		if (canvas == null) {
			explorer.close();
			return;
		}
		final SimilarityClickTool tool = new SimilarityClickTool(source, explorer, update, canvas);
		canvas.addMouseListener(tool);
		ImagePlus.addImageListener(tool);
	}

	@Override
	public void mouseReleased(final MouseEvent e) {
		final double x = canvas.offScreenXD(e.getX()), y = canvas.offScreenYD(e.getY());
		explorer.request(x, y, maps -> EventQueue.invokeLater(() -> update.show(x, y, maps)));
	}

	@Override
	public void imageClosed(final ImagePlus imp) {
		if (imp != source) return;
		canvas.removeMouseListener(this);
		ImagePlus.removeImageListener(this);
		explorer.close();
	}

	@Override
	public void imageOpened(final ImagePlus imp) {}

	@Override
	public void imageUpdated(final ImagePlus imp) {}
}
