package sc.fiji.dinovit.command;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.measure.ResultsTable;
import sc.fiji.dinovit.model.store.ModelStore;
import sc.fiji.dinovit.model.store.ModelStoreException;
import sc.fiji.dinovit.model.store.StoredModel;
import sc.fiji.dinovit.vit.DeviceChoice;

/**
 * "DINO Models": the model cache. {@code action=list} shows every known and imported model
 * (present, size, recorded SHA-256, path); {@code download} fetches {@code model} (progress on the
 * status bar, Esc / cancel stops it and keeps nothing); {@code import} copies {@code file} into the
 * cache as {@code model} (a registry id checks it is the official file; any other valid id adds a
 * custom model); {@code verify} re-hashes {@code model}'s file and fails when it is missing or
 * corrupted; {@code remove} deletes it. Every action also logs the cache folder and how it was
 * chosen, the DJL and PyTorch versions and the device, and outputs the table of models.
 */
@Plugin(type = Command.class, headless = true, label = "DINO Models")
public class ModelsCommand extends CancelableCommand {

	/** Where the store comes from; tests swap in a store whose registry points at a local server. */
	static Supplier<ModelStore> stores = ModelStore::openDefault;

	@Parameter(required = false)
	private StatusService status;

	@Parameter(label = "action", choices = { "list", "download", "import", "verify", "remove" })
	private String action = "list";

	@Parameter(label = "model", description = "Registry id (e.g. dino_vits8) or the id of an imported model")
	private String model = Models.DEFAULT;

	@Parameter(label = "file", required = false, style = "open",
		description = "The checkpoint to import (action=import)")
	private File file;

	@Parameter(type = ItemIO.OUTPUT)
	private ResultsTable models;


	@Override
	public void run() {
		final CommandProgress progress = new CommandProgress(status, this::isCanceled);
		final ModelStore store = stores.get();
		final List<String> log = new ArrayList<>();
		log.add("DINO models: cache folder " + store.rootDescription());
		log.add("DINO models: " + engineLine());
		if (store.isOffline()) log.add("DINO models: offline mode is on; downloads are disabled");
		try {
			final String id = model == null ? "" : model.trim();
			switch (action) {
				case "list":
					break;
				case "download": {
					requireId(id);
					progress.status("Downloading model " + id + " into " + store.root() + " ...");
					final java.nio.file.Path p = store.download(id, (done, total) -> {
						if (total > 0) progress.fraction(done / (double) total);
						return !progress.isCancelled();
					});
					log.add("DINO models: " + id + " is ready at " + p);
					break;
				}
				case "import": {
					requireId(id);
					if (!ModelResolver.isGiven(file)) throw new IllegalArgumentException("action=import needs " +
						"file=[/path/to/checkpoint.pth], the checkpoint to copy into the cache as model=" + id);
					final StoredModel m = store.importFile(id, file.toPath(), (done, total) -> {
						if (total > 0) progress.fraction(done / (double) total);
						return !progress.isCancelled();
					});
					log.add("DINO models: imported " + file + " as " + id + " (SHA-256 " + m.sha256().orElse("?") + ")");
					break;
				}
				case "verify": {
					requireId(id);
					final StoredModel m = store.verify(id);
					log.add("DINO models: " + id + " is intact (" + m.sizeBytes() + " bytes, SHA-256 " + m.sha256()
						.orElse("?") + ")");
					break;
				}
				case "remove":
					requireId(id);
					log.add("DINO models: " + (store.remove(id) ? "removed " + id : id + " was not in the cache"));
					break;
				default:
					throw new IllegalArgumentException("action=" + action +
						" is not one of list, download, import, verify, remove");
			}
			models = table(store, log);
		}
		catch (final ModelStoreException e) {
			if (e.reason() == ModelStoreException.Reason.CANCELLED) {
				cancel(e.getMessage());
				return;
			}
			String advice = "";
			if ("download".equals(action) && (e.reason() == ModelStoreException.Reason.OFFLINE || e
				.reason() == ModelStoreException.Reason.NETWORK_ERROR || e.reason() == ModelStoreException.Reason.TIMEOUT ||
				e.reason() == ModelStoreException.Reason.HTTP_ERROR))
				advice = " In a macro: run(\"DINO Models\", \"action=import model=" + model +
					" file=[/path/to/the/downloaded/file.pth]\"), or give model_file=[...] to the other DINO commands.";
			throw new IllegalStateException(e.getMessage() + advice, e);
		}
		finally {
			progress.done();
			for (final String line : log)
				IJ.log(line);
		}
	}

	private static void requireId(final String id) {
		if (id.isEmpty()) throw new IllegalArgumentException("model is empty: give model=<id>, e.g. model=" +
			Models.DEFAULT);
	}

	private static ResultsTable table(final ModelStore store, final List<String> log) throws ModelStoreException {
		final ResultsTable rt = new ResultsTable();
		for (final StoredModel m : store.list()) {
			rt.incrementCounter();
			rt.addValue("model", m.id());
			rt.addValue("name", m.knownModel().map(k -> k.displayName()).orElse("(imported)"));
			rt.addValue("present", m.isPresent() ? "yes" : "no");
			rt.addValue("size_mb", m.isPresent() ? m.sizeBytes() / 1e6 : 0);
			rt.addValue("sha256", m.sha256().orElse(""));
			rt.addValue("path", m.path().toString());
			log.add(String.format(Locale.ROOT, "DINO models:   %-18s %-8s %s", m.id(), m.isPresent() ? String.format(
				Locale.ROOT, "%.1f MB", m.sizeBytes() / 1e6) : "absent", m.sha256().orElse("")));
		}
		return rt;
	}

	/** DJL and PyTorch versions and the device; never fails (the native library may not load). */
	static String engineLine() {
		String djl;
		try {
			djl = ai.djl.engine.Engine.getDjlVersion();
		}
		catch (final RuntimeException | LinkageError e) {
			djl = "?";
		}
		try {
			final int gpus = DeviceChoice.gpuCount();
			return "DJL " + djl + ", " + DeviceChoice.nativeFlavor() + ", " + gpus + " GPU" + (gpus == 1 ? "" : "s") +
				" (device=auto uses " + (gpus > 0 ? "gpu" : "cpu") + ")";
		}
		catch (final RuntimeException | LinkageError e) {
			return "DJL " + djl + ", the PyTorch native library did not load: " + e.getMessage();
		}
	}

	public ResultsTable models() {
		return models;
	}

}
