package sc.fiji.dinovit.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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

	private static ImageSize size(final ImagePlus imp) {
		return new ImageSize(imp.getWidth(), imp.getHeight());
	}
}
