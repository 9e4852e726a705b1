package sc.fiji.dinovit.command;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.process.ImageConverter;
import sc.fiji.dinovit.ij1.ImagePlusInputs;
import sc.fiji.dinovit.imglib2.SourceImage;
import sc.fiji.dinovit.util.Progress;

/**
 * The images a set command (co-segmentation, part co-segmentation) works on, from one of three
 * sources ({@link Source}), as copies: the inputs are never modified.
 * <ul>
 * <li><b>stack</b>: the planes of one image. A hyperstack with several frames (one slice) is a
 * time-lapse, its frames the set; a plain stack's slices are the set (not a time-lapse). An image
 * with several slices <em>and</em> frames is refused: which dimension is the set would be a
 * guess.</li>
 * <li><b>open_images</b>: every open image (batch-mode images included), in the order they were
 * opened, one plane each.</li>
 * <li><b>folder</b>: every image file of a folder (tif, tiff, png, jpg, jpeg, bmp, gif; hidden
 * files skipped), sorted by name, one plane each; 8-bit indexed colour is converted to RGB.</li>
 * </ul>
 * Commands that read a set one plane at a time (feature PCA, similarity map) use {@link #planes}
 * instead: every plane of the stack, every open image's current plane, every file opened only when
 * needed; and {@link #checkTargets} for the result files of a folder run.
 */
final class ImageSet {

	/** Where the set comes from: the {@code input} key's choices. */
	enum Source {
		STACK("stack"), OPEN_IMAGES("open_images"), FOLDER("folder");

		final String key;

		Source(final String key) {
			this.key = key;
		}

		static Source parse(final String key) {
			for (final Source s : values())
				if (s.key.equals(key)) return s;
			throw new IllegalArgumentException("input=" + key + " is not a valid choice; use stack, open_images " +
				"or folder");
		}

		/** Like {@link #parse}, ignoring case and surrounding blanks. */
		static Source parseLenient(final String key) {
			final String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
			for (final Source s : values())
				if (s.key.equals(k)) return s;
			return parse(key);
		}
	}

	/** One image of the set: a name for titles and logs, its pixels, its size and calibration. */
	record Member(String name, SourceImage image, int width, int height, Calibration calibration) {}

	/**
	 * One plane of a set, for commands that read the set one plane at a time: a name (the image's
	 * title, {@code <title>_<z>} for a plane of a stack, or the file name without extension), how to
	 * get the image (a folder's file is opened by each {@link #open}), which plane to use, and the
	 * file (folder only, else null).
	 */
	record Plane(String name, Supplier<ImagePlus> image, int plane, File file) {

		/** The image; for a folder plane, opens the file. */
		ImagePlus open() {
			final ImagePlus imp = image.get();
			if (imp == null) throw new IllegalArgumentException("ImageJ cannot open " + file +
				": remove it from the folder or convert it to TIFF or PNG");
			return imp;
		}
	}

	private static final String EXTENSIONS = ".*\\.(tiff?|png|jpe?g|bmp|gif)";

	private final Source source;
	private final List<Member> members;
	private final ImagePlus stack;

	private ImageSet(final Source source, final List<Member> members, final ImagePlus stack) {
		this.source = source;
		this.members = Collections.unmodifiableList(members);
		this.stack = stack;
	}

	Source source() { return source; }

	List<Member> members() { return members; }

	int size() { return members.size(); }

	/** The pixels of every member, in set order. */
	List<SourceImage> images() {
		return members.stream().map(Member::image).toList();
	}

	/** The stack the set was taken from (stack source only, else null). */
	ImagePlus stack() { return stack; }

	/** Whether the set is the frames of a time-lapse (a stack source with several frames). */
	boolean isTimeLapse() {
		return stack != null && isTimeLapse(stack);
	}

	/** Whether an image's planes are frames of a time-lapse (several frames, one slice). */
	static boolean isTimeLapse(final ImagePlus imp) {
		return imp.getNFrames() > 1 && imp.getNSlices() == 1;
	}

	/**
	 * The planes of one image.
	 *
	 * @throws IllegalArgumentException for no image, an unsupported type, or several slices and
	 *           frames
	 */
	static ImageSet fromStack(final ImagePlus imp) {
		ImagePlusInputs.requireSupported(imp);
		if (imp.getNSlices() > 1 && imp.getNFrames() > 1) throw new IllegalArgumentException("'" + imp.getTitle() +
			"' has " + imp.getNSlices() + " slices and " + imp.getNFrames() + " frames: the set is either the " +
			"slices or the frames; keep one slice (Image>Hyperstacks>Reduce Dimensionality...) or one frame first");
		final String kind = isTimeLapse(imp) ? "frame" : "slice";
		final List<Member> members = new ArrayList<>();
		for (int z = 1; z <= imp.getStackSize(); z++)
			members.add(new Member(imp.getShortTitle() + (imp.getStackSize() > 1 ? " " + kind + " " + z : ""),
				ImagePlusInputs.sourceImage(imp, z), imp.getWidth(), imp.getHeight(), ImagePlusInputs.calibration(imp)));
		return new ImageSet(Source.STACK, members, imp);
	}

	/**
	 * Every open image.
	 *
	 * @throws IllegalArgumentException when none is open, or one is a stack or unsupported
	 */
	static ImageSet fromOpenImages() {
		final int[] ids = WindowManager.getIDList();
		if (ids == null || ids.length == 0) throw new IllegalArgumentException(
			"input=open_images, but no image is open: open the images of the set first");
		final List<Member> members = new ArrayList<>();
		for (final int id : ids) {
			final ImagePlus imp = WindowManager.getImage(id);
			if (imp == null) continue;
			ImagePlusInputs.requireSupported(imp);
			if (imp.getStackSize() > 1) throw new IllegalArgumentException("'" + imp.getTitle() + "' is a stack of " +
				imp.getStackSize() + " planes: with input=open_images every open image is one image of the set; " +
				"close it, or co-segment its planes with input=stack");
			members.add(member(imp.getShortTitle(), imp));
		}
		return new ImageSet(Source.OPEN_IMAGES, members, null);
	}

	/**
	 * The image files of a folder, sorted by name (nothing is opened).
	 *
	 * @throws IllegalArgumentException when the folder is not given, does not exist or has no image
	 */
	static List<File> listFolder(final File folder) {
		if (folder == null || folder.getPath().trim().isEmpty()) throw new IllegalArgumentException(
			"input=folder needs folder=[/path/to/images]");
		if (!folder.isDirectory()) throw new IllegalArgumentException("folder " + folder + " is not a folder " +
			"(folder=[...] must be an existing folder of images)");
		final File[] files = folder.listFiles(f -> f.isFile() && !f.getName().startsWith(".") && f.getName()
			.toLowerCase(Locale.ROOT).matches(EXTENSIONS));
		if (files == null || files.length == 0) throw new IllegalArgumentException("folder " + folder +
			" has no image files (tif, png, jpg, bmp, gif): choose the folder that holds the images");
		Arrays.sort(files, (a, b) -> a.getName().compareTo(b.getName()));
		return Arrays.asList(files);
	}

	/** A file name without its extension. */
	static String stem(final File file) {
		final String name = file.getName();
		final int dot = name.lastIndexOf('.');
		return dot > 0 ? name.substring(0, dot) : name;
	}

	/**
	 * Opens the files one at a time, keeping only a copy of the pixels of each.
	 *
	 * @throws IllegalArgumentException for a file ImageJ cannot open, a stack or an unsupported image
	 */
	static ImageSet fromFiles(final List<File> files, final Progress progress) {
		final List<Member> members = new ArrayList<>();
		for (final File file : files) {
			progress.checkCancelled();
			progress.status("Reading " + file.getName() + " (" + (members.size() + 1) + "/" + files.size() + ")");
			final ImagePlus imp = IJ.openImage(file.getPath());
			if (imp == null) throw new IllegalArgumentException("ImageJ cannot open " + file +
				": remove it from the folder or convert it to TIFF or PNG");
			if (imp.getStackSize() > 1) throw new IllegalArgumentException(file + " has " + imp.getStackSize() +
				" planes: input=folder takes one image per file; open it and use input=stack instead");
			if (imp.getType() == ImagePlus.COLOR_256) new ImageConverter(imp).convertToRGB();
			ImagePlusInputs.requireSupported(imp);
			members.add(member(stem(file), imp));
		}
		return new ImageSet(Source.FOLDER, members, null);
	}

	/**
	 * The planes of a set, nothing opened yet (input is read ignoring case):
	 * <ul>
	 * <li>stack: every plane of {@code image} (slices, frames or both), named {@code <title>_<z>}
	 * (just the title for a single plane);</li>
	 * <li>open_images: every open image, its current plane (stacks included);</li>
	 * <li>folder: every image file of {@code folder} ({@link #listFolder}), plane 1.</li>
	 * </ul>
	 *
	 * @throws IllegalArgumentException for an unknown input, no image, no open image, a missing or
	 *           empty folder
	 */
	static List<Plane> planes(final String input, final ImagePlus image, final File folder) {
		final List<Plane> planes = new ArrayList<>();
		switch (Source.parseLenient(input)) {
			case STACK: {
				if (image == null) throw new IllegalArgumentException("input=stack needs an image: open a stack first");
				final int n = image.getStackSize();
				for (int z = 1; z <= n; z++)
					planes.add(new Plane(n == 1 ? title(image) : title(image) + "_" + z, () -> image, z, null));
				return planes;
			}
			case OPEN_IMAGES: {
				final int[] ids = WindowManager.getIDList();
				if (ids != null) for (final int id : ids) {
					final ImagePlus imp = WindowManager.getImage(id);
					if (imp != null) planes.add(new Plane(title(imp), () -> imp, imp.getCurrentSlice(), null));
				}
				if (planes.isEmpty()) throw new IllegalArgumentException(
					"input=open_images, but no image is open: open images first, or use input=folder");
				return planes;
			}
			default:
				for (final File f : listFolder(folder))
					planes.add(new Plane(stem(f), () -> IJ.openImage(f.getPath()), 1, f));
				return planes;
		}
	}

	/**
	 * Checks the result files of a folder run before any computing: output_folder must be given and
	 * creatable ({@link ResultFiles#requireCreatable}), no target may be a folder, and unless {@code overwrite} none of {@code targets} may exist yet. Does not
	 * create the folder.
	 *
	 * @throws IllegalArgumentException naming the (first) existing file and the fix
	 */
	static void checkTargets(final File outputFolder, final List<File> targets, final boolean overwrite) {
		if (outputFolder == null || outputFolder.getPath().trim().isEmpty()) throw new IllegalArgumentException(
			"input=folder needs output_folder=[/path/for/results]");
		ResultFiles.requireCreatable(outputFolder, true, "output_folder");
		for (final File t : targets)
			if (t.isDirectory()) throw new IllegalArgumentException("The result " + t + " would replace a folder of " +
				"that name: rename or move that folder, or choose another output_folder");
		if (overwrite) return;
		final List<File> existing = targets.stream().filter(File::exists).toList();
		if (existing.isEmpty()) return;
		throw new IllegalArgumentException(existing.get(0) + " already exists: add overwrite to replace it, or " +
			"choose another output_folder" + (existing.size() > 1 ? " (" + existing.size() + " result files exist in " +
				outputFolder + ")" : ""));
	}

	private static String title(final ImagePlus imp) {
		final String t = imp.getShortTitle();
		return t == null || t.isEmpty() ? "image" : t;
	}

	private static Member member(final String name, final ImagePlus imp) {
		return new Member(name, ImagePlusInputs.sourceImage(imp, 1), imp.getWidth(), imp.getHeight(),
			ImagePlusInputs.calibration(imp));
	}
}
