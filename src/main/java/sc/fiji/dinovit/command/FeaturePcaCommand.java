package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import sc.fiji.dinovit.algorithms.cluster.Pca;
import sc.fiji.dinovit.algorithms.cluster.PcaModel;
import sc.fiji.dinovit.algorithms.cluster.PcaRgb;
import sc.fiji.dinovit.algorithms.similarity.PixelFrames;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.FeatureExtractor;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.features.ImageFeatures;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.Facet;
import sc.fiji.dinovit.vit.ModelCache;
import sc.fiji.dinovit.vit.PatchGrid;

/**
 * "DINO Feature PCA": PCA of the dense descriptors (the reference's pca.py), three components
 * shown as RGB, each min-max scaled per image. One RGB image per input image (stack: one RGB stack,
 * one slice per plane; folder: {@code <name>_pca.png} files in output_folder), at grid size
 * (calibrated to overlay the input) or, with upscale, at the input's size with nearest-patch
 * sampling and the input's calibration.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Feature PCA")
public class FeaturePcaCommand extends DinoModelCommand {

	@Parameter(label = "image", required = false, description = "The stack for input=stack")
	private ImagePlus image;

	@Parameter(label = "input", choices = { "stack", "open_images", "folder" })
	private String input = "stack";

	@Parameter(label = "folder", required = false, style = "directory", description = "Images of input=folder")
	private File folder;

	@Parameter(label = "output_folder", required = false, style = "directory",
		description = "Where input=folder writes <name>_pca.png")
	private File output_folder;

	@Parameter(label = "overwrite", description = "Replace existing result files of input=folder")
	private Boolean overwrite = false;

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

	@Parameter(label = "components", description = "Number of PCA components", min = "1")
	private Integer components = 4;

	@Parameter(label = "together", description = "One PCA fit on all images of the set (else one per image)")
	private Boolean together = true;

	@Parameter(label = "rgb_components", required = false,
		description = "Components shown as R,G,B: 'last three' (n-3, n-2, n-1) or e.g. 0,1,2")
	private String rgb_components = "last three";

	@Parameter(label = "upscale", description = "Output at the input's size (nearest patch)")
	private Boolean upscale = false;

	@Parameter(label = "seed", description = "Seed of the PCA solver for large descriptors")
	private Integer seed = 0;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus[] pca;

	private List<ImageSet.Plane> items;
	private ImageSet.Source source;
	private int[] rgb;
	private final List<File> written = new ArrayList<>();

	@Override
	protected void checkInputs() {
		if (components == null || components < 1) throw new IllegalArgumentException("components must be at least 1");
		rgb = parseRgb(rgb_components, components);
		if ("stack".equals(input) && image != null) ImagePlusInputs.requireSupported(image);
		items = ImageSet.planes(input, image, folder);
		source = ImageSet.Source.parseLenient(input);
		if (source == ImageSet.Source.FOLDER) {
			final List<File> targets = new ArrayList<>();
			for (final ImageSet.Plane it : items)
				targets.add(target(it));
			ImageSet.checkTargets(output_folder, targets, overwrite);
		}
	}

	/** "last three" (or empty): n-3..n-1; else three comma-separated component indices below n. */
	static int[] parseRgb(final String spec, final int n) {
		final String s = spec == null ? "" : spec.trim().toLowerCase(java.util.Locale.ROOT);
		if (s.isEmpty() || s.equals("last three") || s.equals("last_three") || s.equals("last")) {
			if (n < 3) throw new IllegalArgumentException("rgb_components=last three needs components=3 or more " +
				"(got " + n + "): raise components or give three indices like rgb_components=0,0,0");
			return new int[] { n - 3, n - 2, n - 1 };
		}
		final String[] parts = s.split("[,\\s]+");
		if (parts.length != 3) throw new IllegalArgumentException("rgb_components=" + spec +
			" must be three component indices like 0,1,2 (or 'last three')");
		final int[] c = new int[3];
		for (int i = 0; i < 3; i++) {
			try {
				c[i] = Integer.parseInt(parts[i]);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException("rgb_components=" + spec + ": '" + parts[i] + "' is not a whole number");
			}
			if (c[i] < 0 || c[i] >= n) throw new IllegalArgumentException("rgb_components=" + spec + ": component " +
				c[i] + " does not exist with components=" + n + " (use 0 to " + (n - 1) + ")");
		}
		return c;
	}

	private File target(final ImageSet.Plane it) {
		return new File(output_folder, it.name() + "_pca.png");
	}

	/** Stack and open images by their sizes; a folder's files by their headers (pixels not read). */
	@Override
	protected MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		if (source == ImageSet.Source.FOLDER) {
			final List<File> files = new ArrayList<>();
			for (final ImageSet.Plane it : items)
				files.add(it.file());
			final List<ImageSize> sizes = MemoryNeeds.ofFiles(files);
			return sizes.isEmpty() ? null : MemoryEstimate.of(spec, sizes, settings(), attentionChunkBytes,
				Long.MAX_VALUE);
		}
		final List<ImageSize> sizes = new ArrayList<>();
		for (final ImageSet.Plane it : items) {
			final ImagePlus imp = it.open();
			sizes.add(new ImageSize(imp.getWidth(), imp.getHeight()));
		}
		return MemoryEstimate.of(spec, sizes, settings(), attentionChunkBytes, Long.MAX_VALUE);
	}

	private ExtractionSettings settings() {
		return ExtractionSettings.builder().layer(layer).facet(Facet.parse(facet)).stride(stride).loadSize(load_size)
			.bin(bin).build();
	}

	@Override
	protected void compute(final ModelCache.Lease lease, final CommandProgress progress) throws IOException {
		final ExtractionSettings settings = settings();
		final FeatureExtractor extractor = new FeatureExtractor(lease.model());
		final Pca solver = Pca.of(components).withSeed(seed);
		final int n = items.size();
		final List<ImageFeatures> features = new ArrayList<>(n);
		final List<Calibration> cals = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			progress.checkCancelled();
			final ImageSet.Plane it = items.get(i);
			progress.status("DINO PCA: features of " + it.name() + " (" + (i + 1) + "/" + n + ")");
			final ImagePlus imp = it.open();
			ImagePlusInputs.requireSupported(imp);
			features.add(extractor.extract(ImagePlusInputs.sourceImage(imp, it.plane()), settings,
				progress::isCancelled));
			cals.add(ImagePlusInputs.calibration(imp));
			if (it.file() != null) imp.close();
			progress.fraction(0.8 * (i + 1) / n);
		}
		final int dim = features.get(0).descriptors().dim();
		PcaModel shared = null;
		if (together) {
			final List<float[]> blocks = new ArrayList<>(n);
			for (final ImageFeatures f : features)
				blocks.add(f.descriptors().data());
			progress.status("DINO PCA: fitting " + components + " components on " + n + " images");
			shared = solver.fit(blocks, dim, progress);
		}
		final List<ImagePlus> out = new ArrayList<>(), toWrite = new ArrayList<>();
		final List<File> targets = new ArrayList<>();
		ImageStack stack = null;
		for (int i = 0; i < n; i++) {
			progress.checkCancelled();
			final ImageFeatures f = features.get(i);
			final PcaModel model = shared != null ? shared : solver.fit(List.of(f.descriptors().data()), dim, progress);
			final float[] projected = model.transform(f.descriptors().data());
			final int[] px = PcaRgb.rgb(projected, components, rgb[0], rgb[1], rgb[2]);
			final PatchGrid g = f.grid();
			final ColorProcessor cp = upscale ? new ColorProcessor(f.originalWidth(), f.originalHeight(), nearest(px,
				PixelFrames.of(f))) : new ColorProcessor(g.cols(), g.rows(), px);
			final Calibration cal = upscale ? cals.get(i) : ImagePlusOutputs.gridCalibration(cals.get(i), g, f
				.originalWidth(), f.originalHeight());
			final ImageSet.Plane it = items.get(i);
			if (source == ImageSet.Source.STACK) {
				if (stack == null) stack = new ImageStack(cp.getWidth(), cp.getHeight());
				stack.addSlice(it.name(), cp);
				if (i == n - 1) {
					final ImagePlus imp = new ImagePlus(baseTitle(image) + "_dino_pca", stack);
					out.add(ImagePlusOutputs.withCalibration(imp, cal));
				}
			}
			else {
				final ImagePlus imp = ImagePlusOutputs.withCalibration(new ImagePlus(it.name() + "_dino_pca", cp), cal);
				if (source == ImageSet.Source.FOLDER) {
					toWrite.add(imp);
					targets.add(target(it));
				}
				else out.add(imp);
			}
			progress.fraction(0.8 + 0.2 * (i + 1) / n);
		}
		if (source == ImageSet.Source.FOLDER) {
			ResultFiles.writeAll(targets, toWrite::get, (imp, path) -> new ij.io.FileSaver(imp).saveAsPng(path),
				Progress.NONE);
			written.addAll(targets);
		}
		pca = out.toArray(new ImagePlus[0]);
		if (source == ImageSet.Source.FOLDER) progress.status("DINO PCA: " + written.size() + " images written to " +
			output_folder);
	}

	/** Grid pixels to the original frame: each pixel takes the patch whose centre is nearest its centre. */
	static int[] nearest(final int[] grid, final PixelFrames frames) {
		final PatchGrid g = frames.grid();
		final int w = frames.originalWidth(), h = frames.originalHeight();
		final int[] colOf = new int[w];
		for (int x = 0; x < w; x++)
			colOf[x] = g.nearestCol(frames.toResizedX(x + 0.5));
		final int[] out = new int[w * h];
		for (int y = 0; y < h; y++) {
			final int row = g.nearestRow(frames.toResizedY(y + 0.5)) * g.cols();
			for (int x = 0; x < w; x++)
				out[y * w + x] = grid[row + colOf[x]];
		}
		return out;
	}

	/** The RGB results (after run; empty for input=folder). */
	public ImagePlus[] pca() {
		return pca;
	}

	/** The files written by input=folder. */
	public List<File> written() {
		return written;
	}
}
