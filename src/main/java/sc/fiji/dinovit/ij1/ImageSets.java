package sc.fiji.dinovit.ij1;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

/**
 * The image set of a command's {@code input} key: {@code stack} (every plane of one image),
 * {@code open_images} (every open image, batch-mode images included, its current plane) or
 * {@code folder} (every image file of a folder, opened one at a time; other files are skipped).
 * Self-contained; to be folded with any other set helper.
 */
public final class ImageSets {

	public static final String STACK = "stack";
	public static final String OPEN_IMAGES = "open_images";
	public static final String FOLDER = "folder";

	/** File name endings read as images in a folder (case-insensitive). */
	static final List<String> IMAGE_ENDINGS = Arrays.asList(".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp",
		".gif");

	private ImageSets() {}

	/**
	 * One member of a set: a name (image title, "title:z" for a plane of a stack, or file name
	 * without extension), how to get the image (opened lazily for a folder) and which plane to use.
	 */
	public record Item(String name, Supplier<ImagePlus> image, int plane, File file) {

		/** The image; for a folder item, opens the file (null file content is an error). */
		public ImagePlus open() {
			final ImagePlus imp = image.get();
			if (imp == null) throw new IllegalArgumentException("Cannot open '" + file +
				"' as an image: remove it from the folder or convert it to TIFF/PNG");
			return imp;
		}
	}

	/**
	 * The members of a set.
	 *
	 * @param input stack, open_images or folder
	 * @param image the image of {@code stack} (ignored otherwise)
	 * @param folder the folder of {@code folder} (ignored otherwise)
	 * @throws IllegalArgumentException for an unknown input, no image, a missing or empty folder
	 */
	public static List<Item> resolve(final String input, final ImagePlus image, final File folder) {
		final String in = input == null ? "" : input.trim().toLowerCase(Locale.ROOT);
		final List<Item> items = new ArrayList<>();
		switch (in) {
			case STACK: {
				if (image == null) throw new IllegalArgumentException("input=stack needs an image: open a stack first");
				final int n = image.getStackSize();
				for (int z = 1; z <= n; z++)
					items.add(new Item(n == 1 ? baseTitle(image) : baseTitle(image) + "_" + z, () -> image, z, null));
				return items;
			}
			case OPEN_IMAGES: {
				final int[] ids = WindowManager.getIDList();
				if (ids != null) for (final int id : ids) {
					final ImagePlus imp = WindowManager.getImage(id);
					if (imp != null) items.add(new Item(baseTitle(imp), () -> imp, imp.getCurrentSlice(), null));
				}
				if (items.isEmpty()) throw new IllegalArgumentException(
					"input=open_images but no image is open: open images first, or use input=folder");
				return items;
			}
			case FOLDER: {
				for (final File f : imageFiles(folder)) {
					final String name = f.getName();
					items.add(new Item(name.substring(0, name.lastIndexOf('.')), () -> IJ.openImage(f.getPath()), 1, f));
				}
				return items;
			}
			default:
				throw new IllegalArgumentException("input=" + input + " is not an image set; use one of " + STACK +
					", " + OPEN_IMAGES + ", " + FOLDER);
		}
	}

	/**
	 * The image files of a folder, sorted by name; sub-folders and other files are skipped.
	 *
	 * @throws IllegalArgumentException if the folder is not given, missing, or has no image file
	 */
	public static List<File> imageFiles(final File folder) {
		if (folder == null || folder.getPath().trim().isEmpty()) throw new IllegalArgumentException(
			"input=folder needs folder=[/path/to/images]");
		if (!folder.isDirectory()) throw new IllegalArgumentException("No such folder: " + folder +
			" (folder=[...] must be an existing folder of images)");
		final File[] all = folder.listFiles();
		final List<File> files = new ArrayList<>();
		if (all != null) for (final File f : all)
			if (f.isFile() && isImageName(f.getName())) files.add(f);
		files.sort((a, b) -> a.getName().compareTo(b.getName()));
		if (files.isEmpty()) throw new IllegalArgumentException("The folder " + folder + " has no image files (" +
			String.join(", ", IMAGE_ENDINGS) + "): choose the folder that holds the images");
		return files;
	}

	static boolean isImageName(final String name) {
		final String n = name.toLowerCase(Locale.ROOT);
		if (n.startsWith(".")) return false;
		for (final String e : IMAGE_ENDINGS)
			if (n.endsWith(e)) return true;
		return false;
	}

	/**
	 * The output folder of a folder run, checked before any computing: it is created if needed, and
	 * unless {@code overwrite}, none of {@code targets} may exist yet.
	 *
	 * @throws IllegalArgumentException naming the existing files and the fix
	 */
	public static void checkTargets(final File outputFolder, final List<File> targets, final boolean overwrite) {
		if (outputFolder == null || outputFolder.getPath().trim().isEmpty()) throw new IllegalArgumentException(
			"input=folder needs output_folder=[/path/for/results]");
		if (outputFolder.exists() && !outputFolder.isDirectory()) throw new IllegalArgumentException(
			"output_folder " + outputFolder + " is a file, not a folder");
		if (!outputFolder.isDirectory() && !outputFolder.mkdirs()) throw new IllegalArgumentException(
			"Cannot create output_folder " + outputFolder);
		if (overwrite) return;
		final List<String> existing = new ArrayList<>();
		for (final File t : targets)
			if (t.exists()) existing.add(t.getName());
		if (!existing.isEmpty()) throw new IllegalArgumentException(existing.size() + " result file(s) exist in " +
			outputFolder + " (" + String.join(", ", existing.subList(0, Math.min(3, existing.size()))) + (existing
				.size() > 3 ? ", ..." : "") + "): add the key overwrite, or choose another output_folder");
	}

	private static String baseTitle(final ImagePlus imp) {
		final String t = imp.getShortTitle();
		return t == null || t.isEmpty() ? "image" : t;
	}
}
