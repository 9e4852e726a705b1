package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;
import sc.fiji.dinovit.algorithms.metrics.ClusteringMetrics;
import sc.fiji.dinovit.algorithms.metrics.MaskMetrics;
import sc.fiji.dinovit.algorithms.metrics.Pck;
import sc.fiji.dinovit.algorithms.metrics.PckResult;

/**
 * "DINO Evaluate": scores predictions against ground truth as a ResultsTable, one row per image
 * plus summary rows.
 * <ul>
 * <li>mode=masks: Jaccard (IoU) and precision (pixel accuracy) per image and their mean; a pixel
 * is foreground when it is not 0.</li>
 * <li>mode=labels: NMI, ARI and their foreground-only variants (ground truth 0 = background) per
 * image, their mean, and over the whole set (all pixels pooled).</li>
 * <li>mode=points: PCK@alpha of matched points (point i against point i); the normaliser is
 * max(height, width) of the image, or of the ground-truth points' bounding box.</li>
 * </ul>
 * {@code prediction} and {@code ground_truth} each name an open image (its title; every slice of a
 * stack is one image), an image file, a folder of images (pairs matched by file name without
 * extension) or, for points, a CSV file of x,y columns. Inputs are read, never modified.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Evaluate")
public class EvaluateCommand implements Command {

	static final String MASKS = "masks", LABELS = "labels", POINTS = "points";

	@Parameter(label = "mode", choices = { MASKS, LABELS, POINTS })
	private String mode = MASKS;

	@Parameter(label = "prediction", description = "Open image title, image file, folder, or (points) CSV file")
	private String prediction = "";

	@Parameter(label = "ground_truth", description = "Open image title, image file, folder, or (points) CSV file")
	private String ground_truth = "";

	@Parameter(label = "alpha", description = "PCK threshold as a fraction of the normaliser (points)", min = "0")
	private Double alpha = 0.1;

	@Parameter(label = "normaliser", choices = { "image", "bbox" },
		description = "PCK normaliser: max(h, w) of the image or of the ground-truth points' bounding box")
	private String normaliser = "image";

	@Parameter(label = "image_width", description = "Image width for normaliser=image with CSV points (0 = from an image)", min = "0")
	private Integer image_width = 0;

	@Parameter(label = "image_height", description = "Image height for normaliser=image with CSV points (0 = from an image)", min = "0")
	private Integer image_height = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable results;

	@Override
	public void run() {
		final List<Pair> pairs = pairs(need(prediction, "prediction"), need(ground_truth, "ground_truth"));
		switch (mode) {
			case MASKS: results = masks(pairs); break;
			case LABELS: results = labels(pairs); break;
			case POINTS: results = points(pairs); break;
			default: throw new IllegalArgumentException("mode=" + mode + " is not one of masks, labels, points");
		}
	}

	public ResultsTable results() {
		return results;
	}

	// -- metrics ------------------------------------------------------------------------------------

	private static ResultsTable masks(final List<Pair> pairs) {
		final ResultsTable rt = new ResultsTable();
		double sumJ = 0, sumP = 0;
		for (final Pair p : pairs) {
			final ImageProcessor pr = p.predicted(), gt = p.truth();
			checkSameSize(p, pr, gt);
			final boolean[] a = mask(pr), b = mask(gt);
			final double j = MaskMetrics.jaccard(a, b), pa = MaskMetrics.precision(a, b);
			sumJ += j;
			sumP += pa;
			row(rt, p.name).addValue("jaccard", j);
			rt.addValue("precision", pa);
		}
		row(rt, "mean").addValue("jaccard", sumJ / pairs.size());
		rt.addValue("precision", sumP / pairs.size());
		return rt;
	}

	private static ResultsTable labels(final List<Pair> pairs) {
		final ResultsTable rt = new ResultsTable();
		final List<int[]> allT = new ArrayList<>(), allP = new ArrayList<>();
		final double[] sum = new double[4];
		for (final Pair p : pairs) {
			final ImageProcessor pr = p.predicted(), gt = p.truth();
			checkSameSize(p, pr, gt);
			final int[] t = labels(gt), q = labels(pr);
			allT.add(t);
			allP.add(q);
			final double[] m = labelScores(t, q);
			for (int i = 0; i < 4; i++)
				sum[i] += m[i];
			labelRow(rt, p.name, m);
		}
		final double[] mean = sum.clone();
		for (int i = 0; i < 4; i++)
			mean[i] /= pairs.size();
		labelRow(rt, "mean", mean);
		labelRow(rt, "all pixels", labelScores(concat(allT), concat(allP)));
		return rt;
	}

	private static double[] labelScores(final int[] t, final int[] q) {
		return new double[] { ClusteringMetrics.nmi(t, q), ClusteringMetrics.ari(t, q), ClusteringMetrics
			.nmiForeground(t, q), ClusteringMetrics.ariForeground(t, q) };
	}

	private static void labelRow(final ResultsTable rt, final String name, final double[] m) {
		row(rt, name).addValue("nmi", m[0]);
		rt.addValue("ari", m[1]);
		rt.addValue("nmi_foreground", m[2]);
		rt.addValue("ari_foreground", m[3]);
	}

	private ResultsTable points(final List<Pair> pairs) {
		if (!(alpha >= 0)) throw new IllegalArgumentException("alpha=" + alpha + " must be >= 0, e.g. alpha=0.1");
		final ResultsTable rt = new ResultsTable();
		PckResult total = new PckResult(0, 0);
		for (final Pair p : pairs) {
			final double[] pr = p.predictedPoints(), gt = p.truthPoints();
			if (pr.length != gt.length) throw new IllegalArgumentException(p.describe() + ": the prediction has " +
				pr.length / 2 + " points but the ground truth has " + gt.length / 2 +
				"; PCK compares point i with point i, so both need the same points in the same order");
			if (gt.length == 0) throw new IllegalArgumentException(p.describe() + ": no points (add a point " +
				"selection to the image, or x,y rows to the CSV file)");
			final double norm = normaliser(p, gt);
			final PckResult r = Pck.evaluate(pr, gt, alpha, norm);
			total = total.plus(r);
			row(rt, p.name).addValue("pck", r.fraction());
			rt.addValue("correct", r.correct());
			rt.addValue("points", r.total());
			rt.addValue("alpha", alpha);
			rt.addValue("normaliser", norm);
		}
		row(rt, "all points").addValue("pck", total.fraction());
		rt.addValue("correct", total.correct());
		rt.addValue("points", total.total());
		rt.addValue("alpha", alpha);
		rt.addValue("normaliser", Double.NaN);
		return rt;
	}

	private double normaliser(final Pair p, final double[] gt) {
		if ("bbox".equals(normaliser)) {
			double minY = Double.POSITIVE_INFINITY, minX = minY, maxY = Double.NEGATIVE_INFINITY, maxX = maxY;
			for (int i = 0; i < gt.length; i += 2) {
				minY = Math.min(minY, gt[i]);
				maxY = Math.max(maxY, gt[i]);
				minX = Math.min(minX, gt[i + 1]);
				maxX = Math.max(maxX, gt[i + 1]);
			}
			final double n = Pck.boundingBoxNormaliser(minY, minX, maxY, maxX);
			if (!(n > 0)) throw new IllegalArgumentException(p.describe() + ": the ground-truth points have an " +
				"empty bounding box; use normaliser=image");
			return n;
		}
		if (image_width > 0 && image_height > 0) return Pck.imageNormaliser(image_height, image_width);
		final int[] size = p.imageSize();
		if (size == null) throw new IllegalArgumentException(p.describe() + ": normaliser=image needs the image " +
			"size, but both point sets are CSV files; give image_width=... image_height=..., or use normaliser=bbox");
		return Pck.imageNormaliser(size[1], size[0]);
	}

	// -- inputs -------------------------------------------------------------------------------------

	private static String need(final String s, final String key) {
		if (s == null || s.trim().isEmpty()) throw new IllegalArgumentException(key + " is empty: give " + key +
			"=[title of an open image], or the path of an image file, a folder or a CSV file");
		return s.trim();
	}

	/** One side of the comparison: a path or an open image. */
	private static final class Source {

		final String spec;
		final File file; // null for an open image
		final ImagePlus open;

		Source(final String spec, final String key) {
			this.spec = spec;
			final File f = new File(spec);
			if (f.exists()) {
				file = f;
				open = null;
			}
			else {
				file = null;
				open = WindowManager.getImage(spec);
				if (open == null) throw new IllegalArgumentException(key + "=[" + spec + "] is neither an " +
					"existing file or folder nor the title of an open image");
			}
		}

		boolean isFolder() {
			return file != null && file.isDirectory();
		}

		boolean isCsv() {
			return file != null && file.isFile() && file.getName().toLowerCase(Locale.ROOT).endsWith(".csv");
		}
	}

	private List<Pair> pairs(final String predictionSpec, final String truthSpec) {
		final Source p = new Source(predictionSpec, "prediction"), t = new Source(truthSpec, "ground_truth");
		if (p.isFolder() != t.isFolder()) throw new IllegalArgumentException("prediction=[" + p.spec + "] and " +
			"ground_truth=[" + t.spec + "] must both be folders, or neither");
		final List<Pair> pairs = new ArrayList<>();
		if (p.isFolder()) {
			final Map<String, File> predicted = filesByStem(p.file, !POINTS.equals(mode));
			final Map<String, File> truth = filesByStem(t.file, !POINTS.equals(mode));
			if (truth.isEmpty()) throw new IllegalArgumentException("The ground_truth folder " + t.file +
				" has no " + (POINTS.equals(mode) ? "CSV or image" : "image") + " files");
			final List<String> missing = new ArrayList<>();
			for (final Map.Entry<String, File> e : truth.entrySet()) {
				final File f = predicted.get(e.getKey());
				if (f == null) missing.add(e.getValue().getName());
				else pairs.add(new Pair(e.getKey(), Side.of(f), Side.of(e.getValue()), 1));
			}
			if (!missing.isEmpty()) throw new IllegalArgumentException("No prediction in " + p.file +
				" for ground truth " + String.join(", ", missing) +
				" (files are matched by name without extension)");
			return pairs;
		}
		final Side ps = Side.of(p), ts = Side.of(t);
		final int n = ps.slices(), m = ts.slices();
		if (n != m) throw new IllegalArgumentException("prediction [" + p.spec + "] has " + n + " slices but " +
			"ground_truth [" + t.spec + "] has " + m + "; give stacks of the same depth");
		for (int z = 1; z <= n; z++)
			pairs.add(new Pair(n == 1 ? ts.name() : ts.name() + ":" + z, ps, ts, z));
		return pairs;
	}

	private static Map<String, File> filesByStem(final File folder, final boolean imagesOnly) {
		final File[] files = folder.listFiles();
		final Map<String, File> map = new LinkedHashMap<>();
		if (files == null) return map;
		Arrays.sort(files);
		for (final File f : files) {
			final String name = f.getName(), lower = name.toLowerCase(Locale.ROOT);
			if (!f.isFile() || name.startsWith(".")) continue;
			final boolean image = lower.matches(".*\\.(png|tiff?|jpe?g|bmp|gif|pgm)$");
			if (!image && (imagesOnly || !lower.endsWith(".csv"))) continue;
			final int dot = name.lastIndexOf('.');
			final File previous = map.put(dot > 0 ? name.substring(0, dot) : name, f);
			if (previous != null) throw new IllegalArgumentException(folder + " has both " + previous.getName() +
				" and " + name + ": names without extension must be unique");
		}
		return map;
	}

	/** An image (file or open) or a CSV file of points. */
	private static final class Side {

		final String label;
		final ImagePlus imp; // null for CSV
		final double[] csvPoints;

		private Side(final String label, final ImagePlus imp, final double[] csvPoints) {
			this.label = label;
			this.imp = imp;
			this.csvPoints = csvPoints;
		}

		static Side of(final Source s) {
			if (s.open != null) return new Side("image '" + s.open.getTitle() + "'", s.open, null);
			return of(s.file);
		}

		static Side of(final File f) {
			if (f.getName().toLowerCase(Locale.ROOT).endsWith(".csv")) return new Side(f.toString(), null, readCsv(f));
			final ImagePlus imp = IJ.openImage(f.getPath());
			if (imp == null) throw new IllegalArgumentException("Cannot open " + f + " as an image");
			return new Side(f.toString(), imp, null);
		}

		int slices() {
			return imp == null ? 1 : imp.getStackSize();
		}

		String name() {
			return imp == null ? new File(label).getName() : imp.getTitle();
		}

		ImageProcessor processor(final int z) {
			if (imp == null) throw new IllegalArgumentException(label + " is a CSV file of points; mode=masks " +
				"and mode=labels need images (or use mode=points)");
			return imp.getStack().getProcessor(z);
		}

		double[] points() {
			if (csvPoints != null) return csvPoints;
			final Roi roi = imp.getRoi();
			if (!(roi instanceof PointRoi)) throw new IllegalArgumentException(label + " has no point selection; " +
				"mode=points needs a point selection (multi-point tool) or a CSV file of x,y rows");
			final java.awt.geom.Point2D[] pts = toPoints(roi);
			final double[] yx = new double[pts.length * 2];
			for (int i = 0; i < pts.length; i++) {
				yx[2 * i] = pts[i].getY();
				yx[2 * i + 1] = pts[i].getX();
			}
			return yx;
		}

		private static java.awt.geom.Point2D[] toPoints(final Roi roi) {
			final ij.process.FloatPolygon fp = roi.getFloatPolygon();
			final java.awt.geom.Point2D[] out = new java.awt.geom.Point2D[fp.npoints];
			for (int i = 0; i < fp.npoints; i++)
				out[i] = new java.awt.geom.Point2D.Double(fp.xpoints[i], fp.ypoints[i]);
			return out;
		}
	}

	private static final class Pair {

		final String name;
		final Side predicted, truth;
		final int slice;

		Pair(final String name, final Side predicted, final Side truth, final int slice) {
			this.name = name;
			this.predicted = predicted;
			this.truth = truth;
			this.slice = slice;
		}

		ImageProcessor predicted() {
			return predicted.processor(slice);
		}

		ImageProcessor truth() {
			return truth.processor(slice);
		}

		double[] predictedPoints() {
			return predicted.points();
		}

		double[] truthPoints() {
			return truth.points();
		}

		/** Width, height of the ground-truth (else predicted) image; null when both are CSV. */
		int[] imageSize() {
			final ImagePlus imp = truth.imp != null ? truth.imp : predicted.imp;
			return imp == null ? null : new int[] { imp.getWidth(), imp.getHeight() };
		}

		String describe() {
			return "'" + name + "' (prediction " + predicted.label + ", ground truth " + truth.label + ")";
		}
	}

	private static void checkSameSize(final Pair p, final ImageProcessor pr, final ImageProcessor gt) {
		if (pr.getWidth() != gt.getWidth() || pr.getHeight() != gt.getHeight()) throw new IllegalArgumentException(
			p.describe() + ": the prediction is " + pr.getWidth() + " x " + pr.getHeight() +
				" pixels but the ground truth is " + gt.getWidth() + " x " + gt.getHeight() +
				"; compare images of the same size (e.g. upscale the prediction to the input's size first)");
	}

	private static boolean[] mask(final ImageProcessor ip) {
		final boolean[] m = new boolean[ip.getPixelCount()];
		for (int i = 0; i < m.length; i++)
			m[i] = ip.getf(i) != 0;
		return m;
	}

	private static int[] labels(final ImageProcessor ip) {
		if (ip.getBitDepth() == 24) throw new IllegalArgumentException("mode=labels needs label images " +
			"(8, 16 or 32-bit), not RGB");
		final int[] l = new int[ip.getPixelCount()];
		for (int i = 0; i < l.length; i++) {
			final float v = ip.getf(i);
			if (v != Math.rint(v) || v < 0) throw new IllegalArgumentException("Label images must hold whole " +
				"numbers >= 0, found " + v);
			l[i] = (int) v;
		}
		return l;
	}

	private static int[] concat(final List<int[]> parts) {
		int n = 0;
		for (final int[] a : parts)
			n += a.length;
		final int[] out = new int[n];
		int o = 0;
		for (final int[] a : parts) {
			System.arraycopy(a, 0, out, o, a.length);
			o += a.length;
		}
		return out;
	}

	private static ResultsTable row(final ResultsTable rt, final String name) {
		rt.incrementCounter();
		rt.addValue("image", name);
		return rt;
	}

	/**
	 * Points of a CSV file as interleaved (y, x): the columns named x and y (any case) when there is a
	 * header, else the first two columns.
	 */
	static double[] readCsv(final File f) {
		final List<String> lines;
		try {
			lines = Files.readAllLines(f.toPath(), StandardCharsets.UTF_8);
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("Cannot read " + f + ": " + e.getMessage(), e);
		}
		int xCol = 0, yCol = 1;
		final List<Double> yx = new ArrayList<>();
		boolean first = true;
		for (int ln = 0; ln < lines.size(); ln++) {
			final String line = lines.get(ln).trim();
			if (line.isEmpty()) continue;
			final String[] cells = line.split("\\s*[,;\\t]\\s*");
			if (first) {
				first = false;
				if (!isNumber(cells[0]) || cells.length > 1 && !isNumber(cells[1])) {
					xCol = yCol = -1;
					for (int i = 0; i < cells.length; i++) {
						final String h = cells[i].replace("\"", "").trim().toLowerCase(Locale.ROOT);
						if (h.equals("x")) xCol = i;
						if (h.equals("y")) yCol = i;
					}
					if (xCol < 0 || yCol < 0) throw new IllegalArgumentException(f + ": the header has no x and y " +
						"columns; write a header 'x,y' or no header with x, y as the first two columns");
					continue;
				}
			}
			if (cells.length <= Math.max(xCol, yCol) || !isNumber(cells[xCol]) || !isNumber(cells[yCol]))
				throw new IllegalArgumentException(f + " line " + (ln + 1) + ": expected numbers in the x and y " +
					"columns, found '" + line + "'");
			yx.add(Double.parseDouble(cells[yCol]));
			yx.add(Double.parseDouble(cells[xCol]));
		}
		final double[] out = new double[yx.size()];
		for (int i = 0; i < out.length; i++)
			out[i] = yx.get(i);
		return out;
	}

	private static boolean isNumber(final String s) {
		try {
			Double.parseDouble(s.trim());
			return true;
		}
		catch (final NumberFormatException e) {
			return false;
		}
	}
}
