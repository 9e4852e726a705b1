package sc.fiji.dinovit.ij1;

import java.awt.Frame;
import java.awt.Window;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.scijava.command.Command;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.PointRoi;
import ij.process.ImageProcessor;
import ij.text.TextWindow;
import sc.fiji.dinovit.command.CorrespondencesCommand;
import sc.fiji.dinovit.command.CosegmentationCommand;
import sc.fiji.dinovit.command.FeaturePcaCommand;
import sc.fiji.dinovit.command.ModelsCommand;
import sc.fiji.dinovit.command.PartCosegmentationCommand;
import sc.fiji.dinovit.command.SimilarityMapCommand;

/**
 * The README's screenshots (run by {@code scripts/screenshots.sh} under Xvfb through
 * {@link DisplayDriver}): each command's real dialog, filled, and its result windows, made with the
 * test images and the tiny random-weight fixture model (meaningless features: the pictures show
 * the user interface, not results).
 */
final class Screenshots {

	private Screenshots() {}

	static int run(final File model, final Path images, final Path out) throws Exception {
		final String m = "model_file=[" + model.getAbsolutePath() + "] device=cpu layer=2 stride=8 load_size=64 ";
		final ImagePlus crops = DisplayDriver.cropStack(images.resolve("chelsea.png").toFile(), "chelsea crops");
		crops.show();
		place(crops, 0, 0);

		// Co-segmentation: the dialog, filled, then the input stack and its masks.
		final Map<String, Object> coseg = DisplayDriver.smallCosegmentation(model);
		Set<Integer> before = DisplayDriver.ids();
		GenericDialog gd = DisplayDriver.openDialog("DINO Co-segmentation");
		DisplayDriver.fill(gd, CosegmentationCommand.class, coseg);
		DisplayDriver.shoot(out.resolve("cosegmentation-dialog.png"), gd);
		DisplayDriver.pressOk(gd);
		final ImagePlus masks = DisplayDriver.waitForNewImage(before, true);
		place(masks, 260, 0);
		DisplayDriver.shoot(out.resolve("cosegmentation-result.png"), crops.getWindow(), masks.getWindow());
		masks.close();

		// Part co-segmentation of the same stack.
		dialogOnly("DINO Part Co-segmentation", PartCosegmentationCommand.class, coseg, out.resolve(
			"part-cosegmentation-dialog.png"));
		final ImagePlus parts = DisplayDriver.runMacro("selectImage(\"" + crops.getTitle() + "\"); run(\"DINO Part Co-segmentation\"," +
			" \"image=[" + crops.getTitle() + "] input=stack " + m + "num_parts=4 saliency_threshold=0.25 " +
			"sample_interval=5 low_res_saliency three_stages\");").get(0);
		place(parts, 260, 0);
		DisplayDriver.shoot(out.resolve("part-cosegmentation-result.png"), crops.getWindow(), parts.getWindow());
		parts.close();
		crops.close();

		// Correspondences between two crops: index-aligned point ROIs and the table.
		final ImagePlus a = crop(images.resolve("chelsea.png").toFile(), 120, 30, 260, 200, "cat A");
		final ImagePlus b = crop(images.resolve("chelsea.png").toFile(), 170, 60, 260, 200, "cat B");
		a.show();
		b.show();
		place(a, 0, 0);
		place(b, 300, 0);
		dialogOnly("DINO Correspondences", CorrespondencesCommand.class, Map.of("image_a", "cat A", "image_b",
			"cat B", "model_file", model.getPath(), "layer", 2, "stride", 8, "load_size", 64, "num_pairs", 10,
			"saliency_threshold", 0.25), out.resolve(
				"correspondences-dialog.png"));
		DisplayDriver.runMacro("run(\"DINO Correspondences\", \"image_a=[cat A] image_b=[cat B] " + m +
			"num_pairs=10 saliency_threshold=0.25\");");
		final List<Window> shot = new ArrayList<>(List.of(a.getWindow(), b.getWindow()));
		final List<TextWindow> tables = textWindows();
		for (final TextWindow t : tables)
			if (!"Log".equals(t.getTitle())) {
				t.setBounds(0, 260, 560, 230);
				shot.add(t);
			}
		DisplayDriver.shoot(out.resolve("correspondences-result.png"), shot.toArray(new Window[0]));
		for (final TextWindow t : tables)
			t.close(false);

		// Similarity map: a point on A, maps of every open image.
		a.setRoi(new PointRoi(130, 100));
		dialogOnly("DINO Similarity Map", SimilarityMapCommand.class, Map.of("model_file", model.getPath(), "layer",
			2, "stride", 8, "load_size", 64), out.resolve("similarity-map-dialog.png"));
		final List<ImagePlus> maps = DisplayDriver.runMacro("selectImage(\"cat A\"); makePoint(130, 100); " +
			"run(\"DINO Similarity Map\", \"source=[cat A] input=open_images " + m + "\");");
		final List<Window> simShot = new ArrayList<>(List.of(a.getWindow(), b.getWindow()));
		for (int i = 0; i < maps.size(); i++) {
			place(maps.get(i), 300 * i, 260);
			simShot.add(maps.get(i).getWindow());
		}
		DisplayDriver.shoot(out.resolve("similarity-map-result.png"), simShot.toArray(new Window[0]));
		for (final ImagePlus map : maps)
			map.close();

		// Feature PCA of A.
		dialogOnly("DINO Feature PCA", FeaturePcaCommand.class, Map.of("model_file", model.getPath(), "layer", 2,
			"stride", 8, "load_size", 64), out.resolve("feature-pca-dialog.png"));
		final List<ImagePlus> pca = DisplayDriver.runMacro("selectImage(\"cat A\"); run(\"DINO Feature PCA\", \"image=[cat A] " +
			"input=stack " + m + "components=3 upscale\");");
		place(pca.get(0), 300, 0);
		DisplayDriver.shoot(out.resolve("feature-pca-result.png"), a.getWindow(), pca.get(0).getWindow());
		b.close();
		a.close();
		for (final ImagePlus p : pca)
			p.close();

		// Models: the dialog and the list of a cache holding the imported fixture model.
		dialogOnly("DINO Models", ModelsCommand.class, Map.of("action", "list"), out.resolve("models-dialog.png"));
		DisplayDriver.runMacro("run(\"DINO Models\", \"action=import model=tiny_fixture file=[" + model.getAbsolutePath() + "]\");" +
			" run(\"DINO Models\", \"action=list\");");
		final List<Window> modelShot = new ArrayList<>();
		for (final TextWindow f : textWindows()) {
			f.setBounds(0, 380 * modelShot.size(), 760, 370);
			modelShot.add(f);
		}
		DisplayDriver.shoot(out.resolve("models-result.png"), modelShot.toArray(new Window[0]));
		return 0;
	}

	private static void place(final ImagePlus imp, final int x, final int y) throws Exception {
		DisplayDriver.waitFor(() -> imp.getWindow() != null && imp.getWindow().isShowing(), imp.getTitle());
		imp.getWindow().setLocation(x, y);
	}

	private static ImagePlus crop(final File file, final int x, final int y, final int w, final int h,
		final String title)
	{
		final ImageProcessor ip = IJ.openImage(file.getPath()).getProcessor();
		ip.setRoi(x, y, w, h);
		return new ImagePlus(title, ip.crop());
	}

	/** Opens a command's dialog, fills it, saves a screenshot and cancels it. */
	private static void dialogOnly(final String command, final Class<? extends Command> type,
		final Map<String, Object> values, final Path png) throws Exception
	{
		final GenericDialog gd = DisplayDriver.openDialog(command);
		DisplayDriver.fill(gd, type, values);
		DisplayDriver.shoot(png, gd);
		DisplayDriver.pressCancel(gd);
		DisplayDriver.waitFor(() -> !gd.isShowing(), "the dialog to close");
	}

	private static List<TextWindow> textWindows() {
		final List<TextWindow> list = new ArrayList<>();
		for (final Frame f : Frame.getFrames())
			if (f instanceof TextWindow && f.isShowing()) list.add((TextWindow) f);
		return list;
	}
}
