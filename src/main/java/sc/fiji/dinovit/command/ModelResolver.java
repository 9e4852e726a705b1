package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.store.KnownModel;
import sc.fiji.dinovit.model.store.ModelRegistry;
import sc.fiji.dinovit.model.store.ModelStore;
import sc.fiji.dinovit.model.store.ModelStoreException;
import sc.fiji.dinovit.util.Progress;

/**
 * Which checkpoint file a command uses: {@code model_file} when given, else the registry model from
 * the {@link ModelStore}, downloaded (with progress, cancellable) when it is missing.
 */
final class ModelResolver {

	private ModelResolver() {}

	static boolean isGiven(final File modelFile) {
		return modelFile != null && !modelFile.getPath().trim().isEmpty();
	}

	/**
	 * @throws IllegalArgumentException for a missing model_file
	 * @throws IOException when the registry model cannot be found or downloaded, saying how to use
	 *           model_file or import the model instead
	 */
	static Path resolve(final String modelId, final File modelFile, final Progress progress) throws IOException {
		if (isGiven(modelFile)) {
			final Path p = modelFile.toPath();
			if (!Files.isRegularFile(p)) throw new IllegalArgumentException("model_file " + p +
				" does not exist or is not a file: give the path of a .pth or .safetensors checkpoint, or " +
				"leave model_file empty to use model=" + modelId);
			return p;
		}
		final ModelStore store = ModelStore.openDefault();
		try {
			if (store.isPresent(modelId)) return store.resolve(modelId);
			progress.status("Downloading model " + modelId + " into " + store.root() + " ...");
			return store.download(modelId, (done, total) -> {
				if (total > 0) progress.fraction(done / (double) total);
				return !progress.isCancelled();
			});
		}
		catch (final ModelStoreException e) {
			if (e.reason() == ModelStoreException.Reason.CANCELLED) throw e;
			throw new IOException(e.getMessage() + " In a macro, model_file=[/path/to/checkpoint.pth] " +
				"uses a local file instead of model=" + modelId + ".", e);
		}
	}

	/**
	 * For a registry model (no {@code model_file}): refuses a stored file whose architecture is not
	 * the registry's, e.g. ViT-S/16 weights imported as {@code dino_vits8}. A {@code model_file} is
	 * taken as whatever it holds.
	 */
	static void checkArchitecture(final String modelId, final File modelFile, final ModelSpec found,
		final Path file) throws ModelStoreException
	{
		if (isGiven(modelFile)) return;
		final java.util.Optional<KnownModel> known = ModelRegistry.official().find(modelId);
		if (known.isPresent()) known.get().checkArchitecture(found, file);
	}
}
