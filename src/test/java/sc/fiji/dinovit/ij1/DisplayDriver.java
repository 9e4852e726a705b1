package sc.fiji.dinovit.ij1;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.scijava.command.Command;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;
import ij.process.ImageProcessor;

/**
 * Drives the real ImageJ 1 GUI on a display (Xvfb in CI): opens a DINO command's GenericDialog as
 * a menu click does, fills it field by field, presses OK with ImageJ's Recorder on, and can save
 * screenshots of dialogs and result windows. Run in its own JVM (a JVM that has gone headless
 * cannot show windows): {@link RecorderRoundTripDisplayTest} starts it for the round trip and
 * {@code scripts/screenshots.sh} for the README screenshots.
 * <p>
 * {@code DisplayDriver roundtrip MODEL IMAGE} prints {@code RECORDED <line>}, {@code REPLAYED
 * <same|different>} and exits 0 when the macro replay of the recorded line gives the same masks.
 * {@code DisplayDriver screenshots MODEL IMAGE_DIR OUTPUT_DIR} writes the README's PNGs.
 */
public final class DisplayDriver {

	private static final long TIMEOUT_MS = 60_000;
	/** Screenshots larger than this are scaled down. */
	private static final long MAX_PNG_BYTES = 150_000;

	private DisplayDriver() {}

	public static void main(final String[] args) throws Exception {
		if (GraphicsEnvironment.isHeadless()) fail("No display: run under xvfb-run (DISPLAY is '" + System.getenv(
			"DISPLAY") + "')");
		int status;
		try {
			CommandTable.install();
			if (args.length == 3 && args[0].equals("roundtrip")) status = roundTrip(new File(args[1]), new File(
				args[2]));
			else if (args.length == 3 && args[0].equals("clicktool")) status = clickTool(new File(args[1]), new File(
				args[2]));
			else if (args.length == 4 && args[0].equals("screenshots")) status = Screenshots.run(new File(args[1]),
				Paths.get(args[2]), Paths.get(args[3]));
			else {
				System.err.println("Usage: DisplayDriver roundtrip MODEL IMAGE | screenshots MODEL IMAGE_DIR OUT_DIR");
				status = 2;
			}
		}
		catch (final Throwable t) {
			t.printStackTrace();
			status = 1;
		}
		System.exit(status);
	}

	/**
	 * Runs the driver in a new JVM (with the test class path, not headless) and returns its exit
	 * status and output; for the display tests.
	 */
	static String[] runInNewJvm(final String... args) throws Exception {
		final List<String> cmd = new ArrayList<>(List.of(new File(System.getProperty("java.home"), "bin/java").getPath(),
			"-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), DisplayDriver.class.getName()));
		cmd.addAll(List.of(args));
		final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
		final String out = new String(p.getInputStream().readAllBytes());
		if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) p.destroyForcibly();
		return new String[] { Integer.toString(p.exitValue()), out };
	}

	private static void fail(final String message) {
		System.err.println(message);
		System.exit(2);
	}

	/** The tiny model's fast settings for Co-segmentation (input = the open stack). */
	static Map<String, Object> smallCosegmentation(final File model) {
		return Map.of("model_file", model.getPath(), "device", "cpu", "layer", 2, "stride", 8, "load_size", 64,
			"input", "stack", "saliency_threshold", 0.25, "sample_interval", 5);
	}

	/** Three shifted 200 x 150 crops of an image as a stack (a set of similar images). */
	static ImagePlus cropStack(final File image, final String title) {
		final ImagePlus src = IJ.openImage(image.getPath());
		if (src == null) throw new IllegalArgumentException("Cannot open " + image);
		final ImageStack stack = new ImageStack(200, 150);
		for (int t = 0; t < 3; t++) {
			final ImageProcessor ip = src.getProcessor().duplicate();
			ip.setRoi(150 + 20 * t, 40 + 10 * t, 200, 150);
			stack.addSlice("crop" + t, ip.crop());
		}
		return new ImagePlus(title, stack);
	}

	static int roundTrip(final File model, final File image) throws Exception {
		final ImagePlus input = cropStack(image, "crops.tif");
		input.show();
		waitFor(() -> input.getWindow() != null && input.getWindow().isShowing(), "the input window");
		new Recorder(true);
		final Set<Integer> before = ids();
		final GenericDialog gd = openDialog("DINO Co-segmentation");
		fill(gd, sc.fiji.dinovit.command.CosegmentationCommand.class, smallCosegmentation(model));
		pressOk(gd);
		final ImagePlus recordedRun = waitForNewImage(before, true);
		final String line = waitForRecordedLine("DINO Co-segmentation");
		System.out.println("RECORDED " + line);
		final Matcher m = Pattern.compile("run\\(\"DINO Co-segmentation\", \"(.*)\"\\);").matcher(line);
		if (!m.find()) throw new IllegalStateException("Not a run(...) line: " + line);
		final Set<Integer> beforeReplay = ids();
		IJ.selectWindow(input.getID());
		IJ.runMacro("run(\"DINO Co-segmentation\", \"" + m.group(1) + "\");");
		final ImagePlus replayed = waitForNewImage(beforeReplay, false);
		final boolean same = samePixels(recordedRun, replayed);
		System.out.println("SIZE " + recordedRun.getWidth() + "x" + recordedRun.getHeight() + "x" + recordedRun
			.getStackSize() + " " + replayed.getWidth() + "x" + replayed.getHeight() + "x" + replayed.getStackSize());
		System.out.println("REPLAYED " + (same ? "same" : "different"));
		return same ? 0 : 1;
	}

	/**
	 * The interactive similarity tool, live: DINO Similarity Map with interactive on two shown
	 * images, then a mouse click in the source; the maps must change in place to those of a fresh
	 * run at the clicked point. Prints {@code CLICK same} on success.
	 */
	static int clickTool(final File model, final File image) throws Exception {
		final ImagePlus src = IJ.openImage(image.getPath());
		final ImageProcessor ipA = src.getProcessor().duplicate(), ipB = src.getProcessor().duplicate();
		ipA.setRoi(120, 30, 260, 200);
		ipB.setRoi(170, 60, 260, 200);
		final ImagePlus a = new ImagePlus("cat A", ipA.crop()), b = new ImagePlus("cat B", ipB.crop());
		a.show();
		b.show();
		waitFor(() -> a.getCanvas() != null && a.getWindow().isShowing() && b.getWindow() != null, "the images");
		final String keys = "model_file=[" + model.getAbsolutePath() + "] device=cpu layer=2 stride=8 load_size=64";
		final List<ImagePlus> live = runMacro("selectImage(\"cat A\"); makePoint(60, 50); run(\"DINO Similarity Map\", " +
			"\"source=[cat A] input=open_images " + keys + " interactive\");");
		final float[] before = ((float[]) live.get(1).getProcessor().getPixels()).clone();
		// A click at screen pixel (180, 120) is the point (180.0, 120.0); the fresh run's makePoint(180, 120)
		// is (180.5, 120.5), in the same patch.
		final int x = 180, y = 120;
		final java.awt.Component canvas = a.getCanvas();
		EventQueue.invokeAndWait(() -> {
			final long now = System.currentTimeMillis();
			canvas.dispatchEvent(new java.awt.event.MouseEvent(canvas, java.awt.event.MouseEvent.MOUSE_RELEASED, now, 0,
				x, y, 1, false, java.awt.event.MouseEvent.BUTTON1));
		});
		waitFor(() -> !Arrays.equals(before, (float[]) live.get(1).getProcessor().getPixels()), "the maps to update");
		Thread.sleep(500);
		final List<ImagePlus> fresh = runMacro("selectImage(\"cat A\"); makePoint(" + x + ", " + y + "); run(\"DINO Similarity Map\", \"source=[cat A] input=open_images " + keys +
			"\");");
		boolean same = fresh.size() == live.size();
		for (int i = 0; same && i < live.size(); i++)
			same = samePixels(live.get(i), fresh.get(i));
		System.out.println("CLICK " + (same ? "same" : "different") + " maps=" + live.size());
		return same ? 0 : 1;
	}

	static boolean samePixels(final ImagePlus a, final ImagePlus b) {
		if (a.getStackSize() != b.getStackSize() || a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight())
			return false;
		for (int s = 1; s <= a.getStackSize(); s++) {
			final Object pa = a.getStack().getPixels(s), pb = b.getStack().getPixels(s);
			if (pa instanceof byte[] ? !Arrays.equals((byte[]) pa, (byte[]) pb) : pa instanceof short[] ? !Arrays
				.equals((short[]) pa, (short[]) pb) : pa instanceof int[] ? !Arrays.equals((int[]) pa, (int[]) pb)
					: !Arrays.equals((float[]) pa, (float[]) pb)) return false;
		}
		return true;
	}

	/** Clicks a menu entry (as ImageJ's menu bar does: Executer thread, recorded) and waits for its dialog. */
	static GenericDialog openDialog(final String command) throws Exception {
		IJ.doCommand(command);
		final GenericDialog[] found = new GenericDialog[1];
		waitFor(() -> {
			for (final Window w : Window.getWindows())
				if (w instanceof GenericDialog && w.isShowing() && command.equals(((GenericDialog) w).getTitle()))
					found[0] = (GenericDialog) w;
			return found[0] != null;
		}, "the dialog of " + command);
		// Right of the image windows (Xvfb has no window manager to keep a dialog on top).
		EventQueue.invokeAndWait(() -> found[0].setLocation(700, 0));
		Thread.sleep(300); // let it lay out and paint
		return found[0];
	}

	/**
	 * Sets the dialog's fields as a user would: CommandDialog adds one field per input in input
	 * order, so the i-th numeric (string, choice, checkbox) field is the i-th input of that kind.
	 */
	static void fill(final GenericDialog gd, final Class<? extends Command> type, final Map<String, Object> values)
		throws Exception
	{
		final Vector<?> numbers = gd.getNumericFields(), strings = gd.getStringFields(), choices = gd.getChoices(),
			boxes = gd.getCheckboxes();
		final boolean images = WindowManager.getImageCount() > 0;
		int n = 0, s = 0, c = 0, b = 0;
		for (final CommandInput in : CommandInput.of(type)) {
			final Object v = values.get(in.name());
			switch (in.kind()) {
				case IMAGE:
					if (images) {
						final Choice f = (Choice) choices.get(c++);
						if (v != null) EventQueue.invokeAndWait(() -> f.select(v.toString()));
					}
					break;
				case INTEGER:
				case DOUBLE: {
					final TextField f = (TextField) numbers.get(n++);
					if (v != null) EventQueue.invokeAndWait(() -> f.setText(v.toString()));
					break;
				}
				case BOOLEAN: {
					final Checkbox f = (Checkbox) boxes.get(b++);
					if (v != null) EventQueue.invokeAndWait(() -> f.setState((Boolean) v));
					break;
				}
				case CHOICE: {
					final Choice f = (Choice) choices.get(c++);
					if (v != null) EventQueue.invokeAndWait(() -> f.select(v.toString()));
					break;
				}
				default: {
					final TextField f = (TextField) strings.get(s++);
					if (v != null) EventQueue.invokeAndWait(() -> f.setText(v.toString()));
				}
			}
		}
	}

	static void pressOk(final GenericDialog gd) throws Exception {
		final Button ok = gd.getButtons()[0];
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED, ok
			.getLabel())));
	}

	static void pressCancel(final GenericDialog gd) throws Exception {
		final Button cancel = gd.getButtons()[1];
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(cancel, ActionEvent.ACTION_PERFORMED,
			cancel.getLabel())));
	}

	static Set<Integer> ids() {
		final int[] ids = WindowManager.getIDList();
		final Set<Integer> set = new HashSet<>();
		if (ids != null) for (final int id : ids)
			set.add(id);
		return set;
	}

	/** The first image opened after {@code before} (once its window shows, if {@code window}). */
	static ImagePlus waitForNewImage(final Set<Integer> before, final boolean window) throws InterruptedException {
		final ImagePlus[] found = new ImagePlus[1];
		waitFor(() -> {
			for (final int id : ids())
				if (!before.contains(id)) {
					final ImagePlus imp = WindowManager.getImage(id);
					if (imp != null && (!window || imp.getWindow() != null && imp.getWindow().isShowing())) found[0] = imp;
				}
			return found[0] != null;
		}, "a result image");
		Thread.sleep(300);
		return found[0];
	}

	static String waitForRecordedLine(final String command) throws InterruptedException {
		final String[] line = new String[1];
		waitFor(() -> {
			final Recorder r = Recorder.getInstance();
			if (r == null) return false;
			for (final String l : r.getText().split("\n"))
				if (l.startsWith("run(\"" + command + "\"")) line[0] = l.trim();
			return line[0] != null;
		}, "the Recorder's line for " + command);
		return line[0];
	}

	interface Condition {
		boolean met();
	}

	static void waitFor(final Condition c, final String what) throws InterruptedException {
		final long end = System.currentTimeMillis() + TIMEOUT_MS;
		while (!c.met()) {
			if (System.currentTimeMillis() > end) throw new IllegalStateException("Timed out waiting for " + what);
			Thread.sleep(50);
		}
	}

	/** Saves a screenshot of the screen area covering the given windows. */
	static void shoot(final Path png, final Window... windows) throws Exception {
		Thread.sleep(500);
		Rectangle r = null;
		for (final Window w : windows) {
			EventQueue.invokeAndWait(() -> {
				w.toFront();
				w.repaint();
			});
			r = r == null ? w.getBounds() : r.union(w.getBounds());
		}
		Thread.sleep(500);
		BufferedImage img = new Robot().createScreenCapture(r);
		Files.createDirectories(png.getParent());
		if (!ImageIO.write(img, "png", png.toFile())) throw new IOException("No PNG writer");
		while (Files.size(png) > MAX_PNG_BYTES) { // photos: shrink until the README's size limit is met
			final int w = img.getWidth() * 4 / 5, h = img.getHeight() * 4 / 5;
			final BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
			final java.awt.Graphics2D g = small.createGraphics();
			g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
				java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
			g.drawImage(img, 0, 0, w, h, null);
			g.dispose();
			img = small;
			ImageIO.write(img, "png", png.toFile());
		}
		System.out.println("SAVED " + png + " " + Files.size(png) + " bytes");
	}

	/** Runs macro code; returns the images it opened, each shown in a window. */
	static List<ImagePlus> runMacro(final String code) throws Exception {
		final Set<Integer> before = ids();
		final String result = IJ.runMacro(code);
		if ("[aborted]".equals(result)) throw new IllegalStateException("Macro aborted: " + code);
		// Without an ImageJ window, ImageJ 1 runs macros in batch mode (and lists batch-mode images
		// only while in it): take the new images, leave batch mode, show them.
		ij.macro.Interpreter.batchMode = true;
		final List<ImagePlus> opened = new ArrayList<>();
		for (final int id : ids())
			if (!before.contains(id)) opened.add(WindowManager.getImage(id));
		for (final ImagePlus imp : opened)
			ij.macro.Interpreter.removeBatchModeImage(imp);
		ij.macro.Interpreter.batchMode = false;
		for (final ImagePlus imp : opened)
			if (imp.getWindow() == null) imp.show();
		for (final ImagePlus imp : opened)
			waitFor(() -> imp.getWindow() != null && imp.getWindow().isShowing(), imp.getTitle());
		return opened;
	}

}
