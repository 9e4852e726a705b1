package sc.fiji.dinovit.command;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.store.ModelStoreException;
import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.vit.DeviceChoice;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * The run sequence checks a registry model's file against the registry's architecture (the tiny
 * 3-layer fixture stored as dino_vits8 is refused), while a model_file is taken as it is.
 */
class ModelArchitectureCheckTest {

	private static final Path TINY = Fixtures.path("models/v1_p8/official.pth");

	private static ModelSpec tinySpec() throws Exception {
		try (ModelCache.Lease lease = ModelCache.shared().acquire(TINY, DeviceChoice.CPU.resolve())) {
			return lease.model().spec();
		}
	}

	@Test
	void aRegistryIdWhoseFileIsAnotherModelIsRefused() throws Exception {
		final ModelSpec tiny = tinySpec();
		final ModelStoreException e = assertThrows(ModelStoreException.class, () -> ModelResolver
			.checkArchitecture("dino_vits8", null, tiny, TINY));
		assertTrue(e.getMessage().contains("embedding width 128 (expected 384)") && e.getMessage().contains(
			"3 blocks (expected 12)"), e.getMessage());
		assertThrows(ModelStoreException.class, () -> ModelResolver.checkArchitecture("dino_vits8",
			new File(" "), tiny, TINY), "a blank model_file means the registry model");
	}

	@Test
	void aModelFileOrACustomIdIsTakenAsItIs() throws Exception {
		final ModelSpec tiny = tinySpec();
		assertDoesNotThrow(() -> ModelResolver.checkArchitecture("dino_vits8", TINY.toFile(), tiny, TINY));
		assertDoesNotThrow(() -> ModelResolver.checkArchitecture("my_tiny_model", null, tiny, TINY));
	}
}
