package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import sc.fiji.dinovit.features.ExtractionSettings;
import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.ij1.ImagePlusOutputs;
import sc.fiji.dinovit.imglib2.ImageSize;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.util.Progress;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * What the set commands (co-segmentation, part co-segmentation) share: which images form the set
 * ({@code input}: stack, open_images or folder, see {@link ImageSet}) and where the result of each
 * image goes, always in the image's own size and calibration:
 * <ul>
 * <li>stack: one image with the input's slices or frames, titled {@code <title>_<suffix>};</li>
 * <li>open_images: one image per input, titled {@code <input title>_<suffix>};</li>
 * <li>folder: {@code <file name without extension>_<suffix>.tif} in {@code output_folder} (created
 * when missing), no image shown. Existing files are an error unless {@code overwrite}; this is
 * checked, with the folders (output_folder must be creatable and writable), before any model is
 * loaded. The files are written all or none ({@link ResultFiles}): a failed write leaves no result
 * file and no temporary file.</li>
 * </ul>
 * The run's summary goes to the Log window (standard output when headless) and {@link #summary()}.
 * <p>
 * Macro keys (besides image, model, model_file, device): input, folder, output_folder, overwrite,
 * and the descriptors' layer, facet, stride, load_size (the paper's 11, key, 4, 224).
 */
abstract class ImageSetCommand extends DinoCommand {

	@Parameter(label = "input", choices = { "stack", "open_images", "folder" },
		description = "The set: the image's slices or frames, every open image, or every image file in folder")
	protected String input = "stack";

	@Parameter(label = "folder", required = false, style = "directory",
		description = "With input=folder: the folder of images (one image per file)")
	protected File folder;

	@Parameter(label = "output_folder", required = false, style = "directory",
		description = "With input=folder: where the results are written as TIFF files (must differ from folder)")
	protected File output_folder;

	@Parameter(label = "overwrite", description = "With input=folder: replace result files that already exist")
	protected Boolean overwrite = false;

	@Parameter(label = "layer", description = "0-based transformer block of the descriptors (the paper: 11)", min = "0")
	protected Integer layer = 11;

	@Parameter(label = "facet", choices = { "key", "query", "value", "token" })
	protected String facet = "key";

	@Parameter(label = "stride", description = "Pixels between patches; must divide the patch size", min = "1")
	protected Integer stride = 4;

	@Parameter(label = "load_size", description = "Shorter side after resizing; 0 = no resize", min = "0")
	protected Integer load_size = 224;

	@Parameter(type = ItemIO.OUTPUT)
	private ImagePlus[] results;

	private ImageSet set;
	private List<File> files;
	private List<File> targets;
	private String summary;

	/**
	 * What a subclass computed: one plane per image of the set, in set order and each in that
	 * image's size, and a summary for the log.
	 */
	protected record Segmentation(List<ImageProcessor> planes, String summary) {}

	/** Names the results: {@code <title>_<suffix>}, {@code <stem>_<suffix>.tif}. */
	protected abstract String suffix();

	/**
	 * Checks the settings that depend on the set before the model is loaded.
	 *
	 * @param timeLapse whether the set is the frames of a time-lapse
	 * @throws IllegalArgumentException naming the key and the fix
	 */
	protected void checkSet(final boolean timeLapse) {}

	/**
	 * Bytes of descriptors the pipeline keeps on the Java heap at most, for the memory estimate:
	 * both set pipelines (co-segmentation and part co-segmentation) keep their descriptors in a
	 * {@code DescriptorStore} with its default budget, a quarter of the maximum heap, and spill the
	 * rest to memory-mapped temporary files.
	 */
	private static long keptHeapCap() {
		return Runtime.getRuntime().maxMemory() / 4;
	}

	/** Images the pipeline extracts per image of the set (more with augmentations). */
	protected int passesPerImage() {
		return 1;
	}

	/** Whether the descriptors are log-binned (17 times larger). */
	protected boolean binned() {
		return false;
	}

	/** Computes one result plane per image of the set. */
	protected abstract Segmentation segment(ModelCache.Lease model, ImageSet set, Progress progress);

	@Override
	protected final void checkInputs() {
		final ImageSet.Source source = ImageSet.Source.parse(input);
		switch (source) {
			case STACK:
				set = ImageSet.fromStack(image);
				break;
			case OPEN_IMAGES:
				set = ImageSet.fromOpenImages();
				break;
			default:
				files = ImageSet.listFolder(folder);
				targets = targets(files);
		}
		checkSet(set != null && set.isTimeLapse());
	}

	/** Stack and open images; a folder's set is checked in {@link #compute} once its files are read. */
	@Override
	protected final MemoryEstimate memoryNeed(final ModelSpec spec, final long attentionChunkBytes) {
		return set == null ? null : estimate(set, spec, attentionChunkBytes);
	}

	private MemoryEstimate estimate(final ImageSet s, final ModelSpec spec, final long attentionChunkBytes) {
		final List<ImageSize> sizes = new ArrayList<>();
		for (final ImageSize size : MemoryNeeds.of(s))
			for (int i = 0; i < passesPerImage(); i++)
				sizes.add(size);
		return MemoryEstimate.of(spec, sizes, ExtractionSettings.builder().layer(layer).stride(stride).loadSize(
			load_size).bin(binned()).build(), attentionChunkBytes, keptHeapCap());
	}

	@Override
	protected final void compute(final ModelCache.Lease model, final CommandProgress progress) throws IOException {
		if (set == null) {
			set = ImageSet.fromFiles(files, progress.sub(0, 0.05));
			ModelRun.checkMemory(estimate(set, model.model().spec(), model.model().attentionChunkBytes()));
		}
		final Segmentation s = segment(model, set, progress.sub(0.05, 0.95));
		if (s.planes().size() != set.size()) throw new IllegalStateException("Expected " + set.size() +
			" results, got " + s.planes().size());
		final List<ImageSet.Member> members = set.members();
		summary = s.summary();
		switch (set.source()) {
			case STACK:
				results = new ImagePlus[] { stackResult(s.planes()) };
				break;
			case OPEN_IMAGES:
				results = new ImagePlus[members.size()];
				for (int i = 0; i < results.length; i++)
					results[i] = ImagePlusOutputs.withCalibration(new ImagePlus(members.get(i).name() + "_" + suffix(), s
						.planes().get(i)), members.get(i).calibration());
				break;
			default:
				write(s.planes(), progress.sub(0.95, 1));
				summary += "\nWrote " + targets.size() + " files to " + output_folder;
		}
		IJ.log(summary);
		set = null;
	}

	/** The stack's result: same slices or frames, slice labels and calibration as the input. */
	private ImagePlus stackResult(final List<ImageProcessor> planes) {
		final ImagePlus in = set.stack();
		final List<String> labels = new ArrayList<>();
		for (int z = 1; z <= in.getStackSize(); z++)
			labels.add(in.getStackSize() > 1 ? in.getStack().getSliceLabel(z) : null);
		final ImagePlus out = ImagePlusOutputs.stack(baseTitle() + "_" + suffix(), planes, labels);
		if (in.getStackSize() > 1) {
			out.setDimensions(1, in.getNSlices(), in.getNFrames());
			out.setOpenAsHyperStack(in.getOpenAsHyperStack() || in.isHyperStack());
		}
		return ImagePlusOutputs.withCalibration(out, set.members().get(0).calibration());
	}

	/** The result file of every input file; refuses clashes and (without overwrite) existing files. */
	private List<File> targets(final List<File> inputs) {
		if (output_folder == null || output_folder.getPath().trim().isEmpty()) throw new IllegalArgumentException(
			"input=folder needs output_folder=[/path/for/results]");
		if (output_folder.getAbsoluteFile().toPath().normalize().equals(folder.getAbsoluteFile().toPath().normalize()))
			throw new IllegalArgumentException("output_folder must differ from folder: the results would be read " +
				"as images of the set next time");
		final Map<String, File> byName = new HashMap<>();
		final List<File> out = new ArrayList<>();
		for (final File f : inputs) {
			final String name = ImageSet.stem(f) + "_" + suffix() + ".tif";
			final File clash = byName.put(name, f);
			if (clash != null) throw new IllegalArgumentException(clash.getName() + " and " + f.getName() +
				" would both be written to " + name + ": rename one of them");
			out.add(new File(output_folder, name));
		}
		ImageSet.checkTargets(output_folder, out, overwrite);
		return out;
	}

	/** All result files or none ({@link ResultFiles}). */
	private void write(final List<ImageProcessor> planes, final Progress progress) throws IOException {
		ResultFiles.writeAll(targets, i -> ImagePlusOutputs.withCalibration(new ImagePlus(targets.get(i).getName(),
			planes.get(i)), set.members().get(i).calibration()), (imp, path) -> new FileSaver(imp).saveAsTiff(path),
			progress);
	}

	/** The result images (after run): one for a stack, one per image for open_images, none for a folder. */
	public ImagePlus[] results() {
		return results == null ? null : results.clone();
	}

	/** The run's summary as logged (after run). */
	public String summary() {
		return summary;
	}
}
