package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import java.io.File;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import ij.ImagePlus;
import sc.fiji.dinovit.imglib2.ImageSize;

/** The image sizes the commands hand to a {@link sc.fiji.dinovit.features.MemoryEstimate}. */
final class MemoryNeeds {

	private MemoryNeeds() {}

	/** One size per plane of the image. */
	static List<ImageSize> planes(final ImagePlus imp) {
		return Collections.nCopies(imp.getStackSize(), size(imp));
	}

	/** The size of each image, one entry per image. */
	static List<ImageSize> of(final ImagePlus... images) {
		final List<ImageSize> out = new ArrayList<>();
		for (final ImagePlus imp : images)
			out.add(size(imp));
		return out;
	}

	/** The size of each member of a set. */
	static List<ImageSize> of(final ImageSet set) {
		final List<ImageSize> out = new ArrayList<>();
		for (final ImageSet.Member m : set.members())
			out.add(new ImageSize(m.width(), m.height()));
		return out;
	}

	/**
	 * The size of each image file from its header (no pixels decoded); a file whose header cannot be
	 * read is left out (opening it later gives the clear error).
	 */
	static List<ImageSize> ofFiles(final List<File> files) {
		final List<ImageSize> out = new ArrayList<>();
		for (final File f : files) {
			try (ImageInputStream in = ImageIO.createImageInputStream(f)) {
				if (in == null) continue;
				final Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
				if (!readers.hasNext()) continue;
				final ImageReader reader = readers.next();
				try {
					reader.setInput(in, true, true);
					out.add(new ImageSize(reader.getWidth(0), reader.getHeight(0)));
				}
				finally {
					reader.dispose();
				}
			}
			catch (final IOException | RuntimeException e) {
				// left out: the command's own reading names the file
			}
		}
		return out;
	}

	private static ImageSize size(final ImagePlus imp) {
		return new ImageSize(imp.getWidth(), imp.getHeight());
	}
}
