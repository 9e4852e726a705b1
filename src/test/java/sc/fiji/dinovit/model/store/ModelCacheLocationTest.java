package sc.fiji.dinovit.model.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.dinovit.model.store.ModelCacheLocation.Source;

class ModelCacheLocationTest {

	@TempDir
	Path temp;

	private final Map<String, String> env = new HashMap<>();
	private final Map<String, String> props = new HashMap<>(Map.of("os.name", "Linux", "user.home",
		"/home/ann"));

	private ModelCacheLocation resolve() {
		return ModelCacheLocation.resolve(Environment.of(env, props));
	}

	private void assertLocation(final Path dir, final Source source) {
		final ModelCacheLocation location = resolve();
		assertEquals(dir, location.directory());
		assertEquals(source, location.source());
	}

	@Test
	void systemPropertyWinsOverEverything() {
		props.put("dino.models.dir", "/data/models");
		env.put("DINO_MODELS_DIR", "/env/models");
		props.put("imagej.dir", temp.toString());
		assertLocation(Paths.get("/data/models"), Source.SYSTEM_PROPERTY);
		assertTrue(resolve().describe().contains("dino.models.dir"));
	}

	@Test
	void environmentVariableWinsOverImageJ() {
		env.put("DINO_MODELS_DIR", "/env/models");
		props.put("imagej.dir", temp.toString());
		assertLocation(Paths.get("/env/models"), Source.ENVIRONMENT_VARIABLE);
	}

	@Test
	void blankValuesAreIgnored() {
		props.put("dino.models.dir", "  ");
		env.put("DINO_MODELS_DIR", "");
		assertLocation(Paths.get("/home/ann/.cache/dino-vit"), Source.USER_CACHE);
	}

	@Test
	void tildeMeansHome() {
		props.put("dino.models.dir", "~/weights");
		assertLocation(Paths.get("/home/ann/weights"), Source.SYSTEM_PROPERTY);
	}

	@Test
	void imageJFolderFromEachProperty() {
		for (final String name : ModelCacheLocation.IMAGEJ_DIR_PROPERTIES) {
			props.keySet().removeIf(k -> k.contains("dir") || k.contains("directory"));
			props.put(name, temp.toString());
			assertLocation(temp.resolve("models").resolve("dino-vit"), Source.IMAGEJ_FOLDER);
		}
	}

	@Test
	void missingImageJFolderFallsBackToUserCache() {
		props.put("imagej.dir", temp.resolve("not-there").toString());
		assertLocation(Paths.get("/home/ann/.cache/dino-vit"), Source.USER_CACHE);
	}

	@Test
	void imageJFolderPropertiesAreTriedInOrder() throws Exception {
		final Path other = Files.createDirectory(temp.resolve("other"));
		props.put("imagej.dir", temp.resolve("missing").toString());
		props.put("ij.dir", other.toString());
		props.put("scijava.app.directory", temp.toString());
		assertLocation(other.resolve("models/dino-vit"), Source.IMAGEJ_FOLDER);
	}

	@Test
	void linuxUsesXdgCacheHome() {
		env.put("XDG_CACHE_HOME", "/var/cache/ann");
		assertLocation(Paths.get("/var/cache/ann/dino-vit"), Source.USER_CACHE);
		env.put("XDG_CACHE_HOME", "relative/is/invalid");
		assertLocation(Paths.get("/home/ann/.cache/dino-vit"), Source.USER_CACHE);
	}

	@Test
	void macOsUsesLibraryCaches() {
		props.put("os.name", "Mac OS X");
		props.put("user.home", "/Users/ann");
		env.put("XDG_CACHE_HOME", "/ignored");
		assertLocation(Paths.get("/Users/ann/Library/Caches/dino-vit"), Source.USER_CACHE);
	}

	@Test
	void windowsUsesLocalAppData() {
		props.put("os.name", "Windows 11");
		env.put("LOCALAPPDATA", temp.resolve("Local").toString());
		assertLocation(temp.resolve("Local").resolve("dino-vit"), Source.USER_CACHE);
		env.remove("LOCALAPPDATA");
		assertLocation(Paths.get("/home/ann/AppData/Local/dino-vit"), Source.USER_CACHE);
	}

	@Test
	void storeUsesTheLocation() {
		props.put("dino.models.dir", temp.toString());
		final ModelStore store = ModelStore.builder().environment(Environment.of(env, props)).build();
		assertEquals(temp, store.root());
	}
}
