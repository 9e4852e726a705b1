package sc.fiji.dinovit.model.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointReaderTest {

	@TempDir
	Path dir;

	private CheckpointFormatException refused(final Path f, final String... expected) {
		final CheckpointFormatException e = assertThrows(CheckpointFormatException.class,
			() -> CheckpointReader.read(f));
		assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
		for (final String s : expected)
			assertTrue(e.getMessage().contains(s), e.getMessage());
		return e;
	}

	@Test
	void detectsFormatByContentNotName() throws IOException {
		final Path torch = dir.resolve("weights.safetensors"); // misleading name on purpose
		final byte[] p = new PickleWriter().proto(2).emptyDict().str("w").tensor("FloatStorage", "0",
			1).setitem().stop().bytes();
		TorchZipWriter.torchArchive("weights", p).floats("0", 5).write(torch);
		try (Checkpoint c = CheckpointReader.read(torch)) {
			assertEquals(Checkpoint.Format.TORCH_ZIP, c.format());
		}
		final Path st = dir.resolve("pytorch_model.bin");
		new SafetensorsWriter().floats("w", new long[] { 1 }, 5).write(st);
		try (Checkpoint c = CheckpointReader.read(st)) {
			assertEquals(Checkpoint.Format.SAFETENSORS, c.format());
			assertEquals(5f, c.tensors().get("w").toFloatArray()[0]);
		}
	}

	@Test
	void missingFile() {
		final Path f = dir.resolve("nope.pth");
		final NoSuchFileException e = assertThrows(NoSuchFileException.class,
			() -> CheckpointReader.read(f));
		assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("download"), e
			.getMessage());
	}

	@Test
	void directory() {
		refused(dir, "folder");
	}

	@Test
	void emptyFile() throws IOException {
		final Path f = Files.createFile(dir.resolve("empty.pth"));
		refused(f, "empty");
	}

	@Test
	void legacyTorchFormat() throws IOException {
		final Path f = dir.resolve("old.pth");
		Files.write(f, new byte[] { (byte) 0x80, 2, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
			0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e });
		refused(f, "legacy", "PyTorch >= 1.6");
	}

	@Test
	void rawPickle() throws IOException {
		final Path f = dir.resolve("dict.pkl");
		Files.write(f, new PickleWriter().proto(4).emptyDict().stop().bytes());
		refused(f, "pickle");
	}

	@Test
	void torchScript() throws IOException {
		final Path f = dir.resolve("scripted.pt");
		TorchZipWriter.torchArchive("scripted", new PickleWriter().proto(2).emptyDict().stop().bytes())
			.add("constants.pkl", new PickleWriter().proto(2).emptyTuple().stop().bytes()).write(f);
		refused(f, "TorchScript", "state_dict");
	}

	@Test
	void htmlLfsAndUnknown() throws IOException {
		final Path html = dir.resolve("html.pth");
		Files.writeString(html, "\n<!DOCTYPE html><html><body>Access denied</body></html>");
		refused(html, "HTML");
		final Path lfs = dir.resolve("lfs.safetensors");
		Files.writeString(lfs, "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 1\n",
			StandardCharsets.US_ASCII);
		refused(lfs, "git lfs pull");
		final Path onnx = dir.resolve("model.onnx");
		Files.write(onnx, new byte[] { 8, 7, 18, 7, 'p', 'y', 't', 'o', 'r', 'c', 'h' });
		refused(onnx, "unknown format", ".safetensors");
	}

	@Test
	void truncatedFilesOfBothFormats() throws IOException {
		final Path st = dir.resolve("t.safetensors");
		Files.write(st, new byte[] { 50, 0, 0, 0, 0, 0, 0, 0, '{', '"' });
		refused(st, "truncated");
		final Path zip = dir.resolve("t.pth");
		Files.write(zip, new byte[] { 'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0 });
		refused(zip, "truncated");
	}
}
