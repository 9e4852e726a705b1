package sc.fiji.dinovit.ij1;

import java.io.File;
import java.nio.file.Path;

final class Screenshots {
	private Screenshots() {}

	static int run(final File model, final Path images, final Path out) throws Exception {
		return 1;
	}
}
