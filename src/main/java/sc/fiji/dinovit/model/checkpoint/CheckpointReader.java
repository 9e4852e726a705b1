package sc.fiji.dinovit.model.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the weights of a checkpoint file, choosing the reader by the file's first bytes (never
 * by its name):
 * <ul>
 * <li>{@code PK\3\4}: a {@code torch.save} zip archive, read by {@link TorchZipReader};</li>
 * <li>a plausible 64-bit header length followed by <code>{</code>: safetensors, read by
 * {@link SafetensorsReader}.</li>
 * </ul>
 * Everything else is refused with a message naming the file, what it seems to be, and what to
 * do: legacy (pre-1.6) torch files, raw pickles, TorchScript archives, HTML error pages, Git LFS
 * pointer files, empty files, directories.
 * <p>
 * For torch files the state dict is taken from the top level or, in a full training
 * checkpoint, from the first of {@code teacher}, {@code student}, {@code model},
 * {@code state_dict}, {@code module} that holds tensors; prefixes {@code module.} and
 * {@code backbone.} are removed (see {@link Checkpoint#origin()}).
 * <p>
 * Stateless and thread-safe. See the readers for the memory-mapping contract.
 */
public final class CheckpointReader {

	private CheckpointReader() {}

	/** The file formats this class tells apart. */
	enum Detected {
		TORCH_ZIP, SAFETENSORS, TORCH_LEGACY, RAW_PICKLE, HTML, GIT_LFS_POINTER, UNKNOWN
	}

	/**
	 * @throws NoSuchFileException when the file does not exist
	 * @throws CheckpointFormatException when the file is not a readable checkpoint; the message
	 *           names the file and the fix
	 * @throws IOException when reading fails
	 */
	public static Checkpoint read(final Path file) throws IOException {
		if (!Files.exists(file)) throw new NoSuchFileException(file.toString(), null,
			"checkpoint file not found; check the path, or download the weights first");
		if (Files.isDirectory(file)) throw new CheckpointFormatException(file +
			" is a folder, not a checkpoint file; choose the .pth, .bin or .safetensors file in it");
		final long size = Files.size(file);
		if (size == 0) throw new CheckpointFormatException(file +
			" is empty (0 bytes); the download or copy was interrupted, fetch the file again");
		final byte[] head = new byte[(int) Math.min(size, 64)];
		try (InputStream in = Files.newInputStream(file)) {
			int n = 0;
			while (n < head.length) {
				final int k = in.read(head, n, head.length - n);
				if (k < 0) break;
				n += k;
			}
		}
		switch (detect(head, size)) {
			case TORCH_ZIP:
				return TorchZipReader.read(file);
			case SAFETENSORS:
				return SafetensorsReader.read(file);
			case TORCH_LEGACY:
				throw new CheckpointFormatException(file + " is a legacy torch.save file (written by " +
					"PyTorch < 1.6 or with _use_new_zipfile_serialization=False), which is not " +
					"supported. Re-save it with torch.save in PyTorch >= 1.6: torch.save(torch.load(" +
					"path, map_location='cpu'), 'weights.pth')");
			case RAW_PICKLE:
				throw new CheckpointFormatException(file + " is a bare Python pickle, not a torch.save " +
					"archive. Save the weights with torch.save(model.state_dict(), 'weights.pth')");
			case HTML:
				throw new CheckpointFormatException(file + " is an HTML page, not weights: the download " +
					"returned an error or login page. Check the URL and download the file again");
			case GIT_LFS_POINTER:
				throw new CheckpointFormatException(file + " is a Git LFS pointer, not the weights. " +
					"Fetch the real file with 'git lfs pull' or download it directly");
			default:
				throw new CheckpointFormatException(file + " has an unknown format (" + size +
					" bytes). Expected a torch.save checkpoint (.pth, pytorch_model.bin) or a " +
					".safetensors file");
		}
	}

	/** Classifies a file by its first bytes (up to 64) and its size. */
	static Detected detect(final byte[] head, final long size) {
		final int n = head.length;
		if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
			return Detected.TORCH_ZIP;
		if (n >= 4 && (head[0] & 0xff) == 0x80 && head[1] == 2 && (head[2] & 0xff) == 0x8a &&
			head[3] == 0x0a) return Detected.TORCH_LEGACY;
		if (n >= 9 && head[8] == '{') {
			final long headerLen = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
			// Plausible, or clearly meant as safetensors: let the reader report the exact problem.
			if (headerLen > 0) return Detected.SAFETENSORS;
		}
		if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5)
			return Detected.RAW_PICKLE;
		final String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading()
			.toLowerCase();
		if (text.startsWith("<!doctype html") || text.startsWith("<html")) return Detected.HTML;
		if (text.startsWith("version https://git-lfs")) return Detected.GIT_LFS_POINTER;
		return Detected.UNKNOWN;
	}
}
