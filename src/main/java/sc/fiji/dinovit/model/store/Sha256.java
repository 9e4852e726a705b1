package sc.fiji.dinovit.model.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 helpers; digests are written as lower-case hex. */
final class Sha256 {

	private static final int BUFFER = 1 << 20;

	private Sha256() {}

	static MessageDigest newDigest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
		}
	}

	static String hex(final MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	/** Hashes a whole file (streaming; about 1-2 s per GB on a laptop SSD). */
	static String of(final Path file) throws IOException {
		final MessageDigest digest = newDigest();
		final byte[] buffer = new byte[BUFFER];
		try (InputStream in = Files.newInputStream(file)) {
			for (int n; (n = in.read(buffer)) >= 0;)
				digest.update(buffer, 0, n);
		}
		return hex(digest);
	}

	static String of(final byte[] bytes) {
		final MessageDigest digest = newDigest();
		digest.update(bytes);
		return hex(digest);
	}
}
