package sc.fiji.dinovit.model.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * The folder that holds downloaded and imported model weights, and why it was chosen.
 * <p>
 * Rule, first match wins:
 * <ol>
 * <li>the system property {@value #PROPERTY} (e.g. {@code -Ddino.models.dir=/data/models});</li>
 * <li>the environment variable {@value #ENV_VARIABLE};</li>
 * <li>inside ImageJ / Fiji: {@code <ImageJ folder>/models/dino-vit}, where the ImageJ folder is
 * the first of the system properties {@code imagej.dir}, {@code ij.dir},
 * {@code scijava.app.directory} that names an existing folder. It is skipped when neither that
 * folder nor an existing {@code models/dino-vit} inside it is writable (e.g. Fiji installed
 * read-only under {@code /Applications} or {@code Program Files});</li>
 * <li>the user's cache folder: {@code %LOCALAPPDATA%\dino-vit} on Windows,
 * {@code ~/Library/Caches/dino-vit} on macOS, {@code $XDG_CACHE_HOME/dino-vit} (when set to an
 * absolute path) or {@code ~/.cache/dino-vit} elsewhere.</li>
 * </ol>
 * A leading {@code ~/} in the property or variable is replaced by the user's home folder; relative
 * paths are made absolute. Nothing is created here; the store creates the folder on first write.
 */
public final class ModelCacheLocation {

	/** System property that overrides everything else. */
	public static final String PROPERTY = "dino.models.dir";

	/** Environment variable, used when the property is not set. */
	public static final String ENV_VARIABLE = "DINO_MODELS_DIR";

	/** Sub-folder of the ImageJ / Fiji folder. */
	public static final String IMAGEJ_SUBFOLDER = "models/dino-vit";

	/** Name of the folder inside the user's cache folder. */
	public static final String CACHE_FOLDER_NAME = "dino-vit";

	/** System properties that name the ImageJ / Fiji folder, in the order they are tried. */
	static final String[] IMAGEJ_DIR_PROPERTIES = { "imagej.dir", "ij.dir", "scijava.app.directory" };

	/** Which rule chose the folder. */
	public enum Source {
		SYSTEM_PROPERTY, ENVIRONMENT_VARIABLE, IMAGEJ_FOLDER, USER_CACHE
	}

	private final Path directory;
	private final Source source;

	private ModelCacheLocation(final Path directory, final Source source) {
		this.directory = directory;
		this.source = source;
	}

	/** The folder for the running process. */
	public static ModelCacheLocation resolve() {
		return resolve(Environment.system());
	}

	/** The folder for the given environment and system properties (see the class rule). */
	public static ModelCacheLocation resolve(final Environment env) {
		final String property = env.property(PROPERTY);
		if (property != null) return new ModelCacheLocation(toPath(property, env), Source.SYSTEM_PROPERTY);
		final String variable = env.variable(ENV_VARIABLE);
		if (variable != null) return new ModelCacheLocation(toPath(variable, env),
			Source.ENVIRONMENT_VARIABLE);
		final Path imagej = imageJModelsFolder(env);
		if (imagej != null) return new ModelCacheLocation(imagej, Source.IMAGEJ_FOLDER);
		return new ModelCacheLocation(userCacheFolder(env), Source.USER_CACHE);
	}

	public Path directory() {
		return directory;
	}

	public Source source() {
		return source;
	}

	/** One line for logs and error messages, e.g. "/home/me/.cache/dino-vit (user cache folder)". */
	public String describe() {
		switch (source) {
			case SYSTEM_PROPERTY:
				return directory + " (from system property " + PROPERTY + ")";
			case ENVIRONMENT_VARIABLE:
				return directory + " (from environment variable " + ENV_VARIABLE + ")";
			case IMAGEJ_FOLDER:
				return directory + " (inside the ImageJ/Fiji folder)";
			default:
				return directory + " (user cache folder; set -D" + PROPERTY + "=... or " + ENV_VARIABLE +
					" to change it)";
		}
	}

	@Override
	public String toString() {
		return describe();
	}

	private static Path imageJModelsFolder(final Environment env) {
		for (final String name : IMAGEJ_DIR_PROPERTIES) {
			final String value = env.property(name);
			if (value == null) continue;
			final Path base = toPath(value, env);
			if (!Files.isDirectory(base)) continue;
			final Path models = base.resolve(IMAGEJ_SUBFOLDER);
			if (Files.isDirectory(models) ? Files.isWritable(models) : Files.isWritable(base))
				return models;
		}
		return null;
	}

	private static Path userCacheFolder(final Environment env) {
		final String os = String.valueOf(env.getProperty("os.name")).toLowerCase(Locale.ROOT);
		final Path home = home(env);
		if (os.startsWith("windows")) {
			final String localAppData = env.variable("LOCALAPPDATA");
			final Path base = localAppData != null ? Paths.get(localAppData) : home.resolve("AppData")
				.resolve("Local");
			return base.resolve(CACHE_FOLDER_NAME);
		}
		if (os.startsWith("mac") || os.contains("os x") || os.startsWith("darwin")) {
			return home.resolve("Library").resolve("Caches").resolve(CACHE_FOLDER_NAME);
		}
		final String xdg = env.variable("XDG_CACHE_HOME");
		// The XDG spec says relative values are invalid and must be ignored.
		if (xdg != null && Paths.get(xdg).isAbsolute()) return Paths.get(xdg).resolve(CACHE_FOLDER_NAME);
		return home.resolve(".cache").resolve(CACHE_FOLDER_NAME);
	}

	private static Path home(final Environment env) {
		final String home = env.property("user.home");
		return Paths.get(home != null ? home : ".").toAbsolutePath();
	}

	private static Path toPath(final String value, final Environment env) {
		if (value.equals("~")) return home(env);
		if (value.startsWith("~/") || value.startsWith("~\\")) return home(env).resolve(value.substring(2))
			.normalize();
		return Paths.get(value).toAbsolutePath().normalize();
	}
}
