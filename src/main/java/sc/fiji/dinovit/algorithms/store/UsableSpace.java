package sc.fiji.dinovit.algorithms.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Free bytes usable by this JVM on the file store of a folder (a knob so tests can fake a full disk). */
@FunctionalInterface
interface UsableSpace {

	/** The real file store's usable space. */
	UsableSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();

	long bytes(Path folder) throws IOException;
}
