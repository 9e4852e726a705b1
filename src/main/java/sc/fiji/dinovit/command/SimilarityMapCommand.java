package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.process.FloatPolygon;
import sc.fiji.dinovit.algorithms.similarity.BestMatch;
import sc.fiji.dinovit.algorithms.similarity.SimilarityExplorer;
import sc.fiji.dinovit.algorithms.similarity.SimilarityMap;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.ij1.InteractiveResult;
import sc.fiji.dinovit.ij1.SimilarityClickTool;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * "DINO Similarity Map": the cosine similarity of the source point's patch descriptor to every
 * patch of each target, as a 32-bit map in the target's own pixel frame (size and calibration),
 * each pixel taking its nearest patch's value. The best match is a PointRoi on the map and on the
 * target (not on the source image itself, which keeps the query point).
 * <p>
 * Query point: the first point of the source's selection, read as a continuous coordinate (a
 * sub-pixel point as is; an integer point i as the pixel centre i + 0.5). Targets ({@code input}):
 * open_images (every open image except earlier similarity maps, each its current plane; one map
 * each) or stack (every plane of the source; one map stack, best matches as an overlay).
 * <p>
 * {@code interactive}: the descriptors of the source and every target are kept, and (with a
 * display) clicking in the source recomputes the maps from them, without running the model again:
 * the map images update in place and the best-match points move ({@link SimilarityExplorer},
 * {@link SimilarityClickTool}). The descriptors are freed when the source closes.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Similarity Map")
public class SimilarityMapCommand extends DinoModelCommand implements InteractiveResult {

	/** Property set on the maps, so a later open_images run does not take them as targets. */
	public static final String MAP_PROPERTY = "dino.similarity.map";

	@Parameter(label = "source", description = "Image with a point selection (its first point is the query)")
	private ImagePlus source;

	@Parameter(label = "input", choices = { "open_images", "stack" },
		description = "Targets: every open image, or every plane of the source")
	private String input = "open_images";

	@Parameter(label = "layer", description = "0-based transformer block", min = "0")
	private Integer layer = 11;

	@Parameter(label = "facet", choices = { "key", "query", "value", "token" })
	private String facet = "key";

	@Parameter(label = "bin", description = "Log-binned descriptors")
	private Boolean bin = false;

	@Parameter(label = "stride", description = "Pixels between patches; must divide the patch size", min = "1")
	private Integer stride = 4;

	@Parameter(label = "load_size", description = "Shorter side after resizing; 0 = no resize", min = "0")
	private Integer load_size = 224;

	@Parameter(label = "interactive", description = "Keep the descriptors: clicking in the source updates " +
		"the maps (with a display)")
	private Boolean interactive = false;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus[] maps;

	private double queryX, queryY;
	/** With interactive: the cached descriptors, and each map's target image and plane. */
	private SimilarityExplorer explorer;
	private final List<ImagePlus> targetImages = new ArrayList<>();

	@Override
	protected void checkInputs() {
		if (source == null) throw new IllegalArgumentException("DINO Similarity Map needs source=<title>: an image " +
			"with a point selection");
		ImagePlusInputs.requireSupported(source);
		final double[] q = queryPoint(source);
		queryX = q[0];
		queryY = q[1];
		if (!"open_images".equals(input) && !"stack".equals(input)) throw new IllegalArgumentException(
			"input=" + input + " is not supported here; use open_images or stack");
	}

	/** The first point of the image's selection as a continuous coordinate. */
	static double[] queryPoint(final ImagePlus imp) {
		final Roi roi = imp.getRoi();
		if (roi == null || roi.getType() != Roi.POINT) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' has no point selection: mark the query with the Point tool (or makePoint(x, y) in a macro) first");
		final FloatPolygon p = roi.getFloatPolygon();
		if (p.npoints == 0) throw new IllegalArgumentException("The point selection of '" + imp.getTitle() +
			"' is empty");
		final double off = roi.subPixelResolution() ? 0 : 0.5;
		return new double[] { p.xpoints[0] + off, p.ypoints[0] + off };
	}

	/** The source, and every target as large as it (targets are extracted one at a time). */
	@Override
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return MemoryEstimate.of(spec, MemoryNeeds.of(source, source), settings(), attentionChunkBytes,
			Long.MAX_VALUE);
	}

	private ExtractionSettings settings() {
		return ExtractionSettings.builder().layer(layer).facet(Facet.parse(facet)).stride(stride).loadSize(load_size)
			.bin(bin).build();
	}

	@Override
	protected void compute(final ModelCache.Lease lease, final CommandProgress progress) {
		final ExtractionSettings settings = settings();
		final FeatureExtractor extractor = new FeatureExtractor(lease.model());
		final int sourcePlane = source.getCurrentSlice();
		final List<ImageSet.Plane> targets = new ArrayList<>();
		for (final ImageSet.Plane it : ImageSet.planes(input, source, null))
			if (it.image().get().getProperty(MAP_PROPERTY) == null) targets.add(it);
		progress.checkCancelled();
		progress.status("DINO similarity: source");
		final ImageFeatures src = extractor.extract(ImagePlusInputs.sourceImage(source, sourcePlane), settings,
			progress::isCancelled);
		final List<ImagePlus> out = new ArrayList<>();
		final List<ImageFeatures> cached = new ArrayList<>();
		final List<float[]> planes = new ArrayList<>();
		final List<BestMatch> bests = new ArrayList<>();
		for (int i = 0; i < targets.size(); i++) {
			progress.checkCancelled();
			final ImageSet.Plane t = targets.get(i);
			final ImagePlus timp = t.open();
			progress.status("DINO similarity: " + t.name() + " (" + (i + 1) + "/" + targets.size() + ")");
			final ImageFeatures tf = timp == source && t.plane() == sourcePlane ? src : extractor.extract(
				ImagePlusInputs.sourceImage(timp, t.plane()), settings, progress::isCancelled);
			final SimilarityMap map = SimilarityMap.forPoint(src, queryX, queryY, List.of(tf)).get(0);
			if (Boolean.TRUE.equals(interactive)) {
				cached.add(tf);
				targetImages.add(timp);
			}
			final BestMatch best = map.best();
			if ("stack".equals(input)) {
				planes.add(map.renderOriginal());
				bests.add(best);
			}
			else {
				final ImagePlus m = ImagePlusOutputs.floatStack(t.name() + "_dino_similarity", timp.getWidth(), timp
					.getHeight(), List.of(map.renderOriginal()), null);
				ImagePlusOutputs.withCalibration(m, ImagePlusInputs.calibration(timp));
				m.setRoi(bestPoint(best));
				if (timp != source) timp.setRoi(bestPoint(best));
				finish(m, best);
				out.add(m);
			}
			progress.fraction((i + 1) / (double) targets.size());
		}
		if ("stack".equals(input)) {
			final ImagePlus m = ImagePlusOutputs.floatStack(baseTitle(source) + "_dino_similarity", source.getWidth(),
				source.getHeight(), planes, null);
			ImagePlusOutputs.withCalibration(m, ImagePlusInputs.calibration(source));
			final Overlay overlay = new Overlay();
			for (int z = 0; z < bests.size(); z++) {
				final PointRoi p = bestPoint(bests.get(z));
				p.setPosition(z + 1);
				overlay.add(p);
			}
			m.setOverlay(overlay);
			m.setSlice(sourcePlane);
			m.setRoi(bestPoint(bests.get(sourcePlane - 1)));
			finish(m, bests.get(sourcePlane - 1));
			out.add(m);
		}
		maps = out.toArray(new ImagePlus[0]);
		if (Boolean.TRUE.equals(interactive)) explorer = new SimilarityExplorer(src, cached);
	}

	/**
	 * With {@code interactive}: the explorer over the cached descriptors (null otherwise). Its
	 * {@link SimilarityExplorer#mapsAt} results go to {@link #update}.
	 */
	public SimilarityExplorer explorer() {
		return explorer;
	}

	/**
	 * Writes the maps of a new query point into this run's map images in place (pixels, best-match
	 * points on maps and targets, Info) and puts the query point on the source. Call on the UI thread.
	 *
	 * @param newMaps {@link SimilarityExplorer#mapsAt} of (x, y), one per target in map order
	 */
	public void update(final double x, final double y, final List<SimilarityMap> newMaps) {
		if (explorer == null) throw new IllegalStateException("DINO Similarity Map ran without interactive: " +
			"run it with interactive to update its maps by clicking");
		queryX = x;
		queryY = y;
		if ("stack".equals(input)) {
			final ImagePlus m = maps[0];
			final Overlay overlay = new Overlay();
			for (int z = 0; z < newMaps.size(); z++) {
				copyInto(m, z + 1, newMaps.get(z).renderOriginal());
				final PointRoi p = bestPoint(newMaps.get(z).best());
				p.setPosition(z + 1);
				overlay.add(p);
			}
			m.setOverlay(overlay);
			final BestMatch best = newMaps.get(m.getCurrentSlice() - 1).best();
			m.setRoi(bestPoint(best));
			finish(m, best);
			m.updateAndDraw();
		}
		else for (int i = 0; i < newMaps.size(); i++) {
			final ImagePlus m = maps[i];
			final BestMatch best = newMaps.get(i).best();
			copyInto(m, 1, newMaps.get(i).renderOriginal());
			m.setRoi(bestPoint(best));
			final ImagePlus target = targetImages.get(i);
			if (target != source) target.setRoi(bestPoint(best));
			finish(m, best);
			m.updateAndDraw();
		}
		source.setRoi(new PointRoi(new float[] { (float) x }, new float[] { (float) y }, 1));
	}

	/** Overwrites a plane's pixel array itself (the processor shares it, so the display follows). */
	private static void copyInto(final ImagePlus m, final int plane, final float[] values) {
		final float[] pixels = (float[]) m.getStack().getPixels(plane);
		System.arraycopy(values, 0, pixels, 0, values.length);
	}

	/** The source image (the image clicks come from). */
	public ImagePlus source() {
		return source;
	}

	@Override
	public void startInteraction() {
		if (explorer != null) SimilarityClickTool.attach(source, explorer, this::update);
	}

	private void finish(final ImagePlus m, final BestMatch best) {
		m.setDisplayRange(-1, 1);
		m.setProperty(MAP_PROPERTY, "true");
		m.setProperty("Info", "DINO similarity to (" + queryX + ", " + queryY + ") of " + source.getTitle() +
			"; best match (" + best.location().originalX() + ", " + best.location().originalY() + ") similarity " +
			best.similarity());
	}

	private static PointRoi bestPoint(final BestMatch best) {
		final PointRoi p = new PointRoi(new float[] { (float) best.location().originalX() }, new float[] {
			(float) best.location().originalY() }, 1);
		p.setName("best match");
		return p;
	}

	/** The maps (after run). */
	public ImagePlus[] maps() {
		return maps;
	}
}
