package sc.fiji.dinovit.ij1;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import sc.fiji.dinovit.algorithms.correspondence.PointPair;

/**
 * Presents point correspondences the ImageJ 1 way: two index-aligned {@link PointRoi}s (the i-th
 * point of A matches the i-th point of B, like Fiji's "Extract SIFT Correspondences"), a
 * {@link ResultsTable}, a CSV copy and BigWarp landmarks.
 * <p>
 * Coordinates: the core gives continuous sub-pixel coordinates in each original image (pixel i spans
 * [i, i+1), its centre is i + 0.5). A sub-pixel (float) PointRoi is drawn in the same frame: a point
 * at float x = 10.5 is drawn on the centre of pixel 10 (ImageJ draws float points at x, integer
 * points at x + 0.5), and Analyze>Measure reports X = 10.5 (uncalibrated). So continuous c maps to
 * float coordinate c, unchanged; the table and CSV carry the same numbers (pixels, not calibrated
 * units). Caveat: ImageJ's own pixel lookup of a float point ({@code getContainedPoints()}, used when
 * a point's pixel value is measured) rounds, so the point 10.5 reads pixel 11; the pixel a point lies
 * in, in the convention above, is floor(c).
 */
public final class CorrespondenceOutputs {

	public static final String TABLE_TITLE = "DINO Correspondences";
	static final String[] COLUMNS = { "match", "x_a", "y_a", "x_b", "y_b", "similarity", "saliency" };

	private CorrespondenceOutputs() {}

	/** The points of A (b = false) or B (b = true) as one sub-pixel PointRoi, in pair order; null when empty. */
	public static PointRoi points(final List<PointPair> pairs, final boolean b) {
		if (pairs.isEmpty()) return null;
		final float[] x = new float[pairs.size()], y = new float[pairs.size()];
		for (int i = 0; i < x.length; i++) {
			final PointPair p = pairs.get(i);
			x[i] = (float) (b ? p.b().originalX() : p.a().originalX());
			y[i] = (float) (b ? p.b().originalY() : p.a().originalY());
		}
		final PointRoi roi = new PointRoi(x, y, x.length);
		roi.setName(b ? "DINO correspondences B" : "DINO correspondences A");
		roi.setShowLabels(true);
		return roi;
	}

	/** The table: one row per pair, match numbered from 0 like the BigWarp names. */
	public static ResultsTable table(final List<PointPair> pairs) {
		final ResultsTable rt = new ResultsTable();
		rt.setPrecision(4);
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			rt.incrementCounter();
			rt.addValue("match", i);
			rt.addValue("x_a", p.a().originalX());
			rt.addValue("y_a", p.a().originalY());
			rt.addValue("x_b", p.b().originalX());
			rt.addValue("y_b", p.b().originalY());
			rt.addValue("similarity", p.similarity());
			rt.addValue("saliency", p.saliency());
		}
		return rt;
	}

	/** The table as CSV (header line, then one line per pair), written to a temp file then moved. */
	public static void writeCsv(final List<PointPair> pairs, final File file) throws IOException {
		final StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			sb.append(i).append(',').append(num(p.a().originalX())).append(',').append(num(p.a().originalY()))
				.append(',').append(num(p.b().originalX())).append(',').append(num(p.b().originalY())).append(',')
				.append(num(p.similarity())).append(',').append(num(p.saliency())).append('\n');
		}
		write(sb.toString(), file);
	}

	/**
	 * BigWarp landmarks (moving = A, fixed = B), one row per pair as BigWarp writes them, every field
	 * quoted: {@code "Pt-0","true","xa","ya","xb","yb"}. BigWarp's coordinates are ImgLib2 physical
	 * coordinates, where the centre of pixel i is at i (not i + 0.5) times the pixel size; so each
	 * continuous coordinate c is written as (c - 0.5) * pixel size of its image (the calibration's
	 * origin is not applied).
	 */
	public static void writeBigWarp(final List<PointPair> pairs, final Calibration calA, final Calibration calB,
		final File file) throws IOException
	{
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < pairs.size(); i++) {
			final PointPair p = pairs.get(i);
			sb.append(q("Pt-" + i)).append(',').append(q("true")).append(',')
				.append(q(num((p.a().originalX() - 0.5) * calA.pixelWidth))).append(',')
				.append(q(num((p.a().originalY() - 0.5) * calA.pixelHeight))).append(',')
				.append(q(num((p.b().originalX() - 0.5) * calB.pixelWidth))).append(',')
				.append(q(num((p.b().originalY() - 0.5) * calB.pixelHeight))).append('\n');
		}
		write(sb.toString(), file);
	}

	/**
	 * Adds both point sets to the ROI Manager, only in an interactive session (not headless, not in
	 * batch mode), where it is what the user expects to see.
	 */
	public static void toRoiManager(final PointRoi a, final PointRoi b, final ImagePlus imageA,
		final ImagePlus imageB)
	{
		if (a == null || GraphicsEnvironment.isHeadless() || Interpreter.isBatchMode()) return;
		RoiManager rm = RoiManager.getInstance();
		if (rm == null) rm = new RoiManager();
		rm.add(imageA, (PointRoi) a.clone(), -1);
		rm.add(imageB, (PointRoi) b.clone(), -1);
	}

	private static void write(final String text, final File file) throws IOException {
		final Path target = file.toPath().toAbsolutePath();
		final Path dir = target.getParent();
		if (dir != null) Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
		try {
			try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
				w.write(text);
			}
			try {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (final java.nio.file.AtomicMoveNotSupportedException e) {
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	private static String num(final double v) {
		return String.format(Locale.ROOT, "%.6f", v);
	}

	private static String q(final String s) {
		return '"' + s + '"';
	}
}
