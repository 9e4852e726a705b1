package sc.fiji.dinovit.features;

import static sc.fiji.dinovit.testutil.Arrays2.assertClose;

import java.io.IOException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.dinovit.testutil.Fixtures;
import sc.fiji.dinovit.testutil.Npy;

/**
 * Log-binning alone against the reference algorithm (vectorised numpy/torch port checked
 * bit-identical to the reference's loops by make_fixtures.py): the reference's own last-layer key
 * descriptors go in, so only binning is compared. Tolerance 1e-5.
 */
class LogBinningParityTest {

	@ParameterizedTest
	@ValueSource(strings = { "v1_p8/small_s4", "v1_p8/small_s8", "v2reg_p14/small_s7", "v2_p14/square_s7" })
	void equalsTheReferenceBinning(final String caseDir) throws IOException {
		final String dir = "expected/" + caseDir + "/";
		final JsonObject grid = JsonParser.parseString(new String(java.nio.file.Files.readAllBytes(Fixtures.path(
			dir + "grid.json")))).getAsJsonObject();
		final int rows = grid.get("rows").getAsInt(), cols = grid.get("cols").getAsInt();
		final Npy key = Fixtures.npy(dir + "key_l2.npy");
		final int d = (int) key.shape[1];
		final int prefix = (int) key.shape[0] - rows * cols;
		final float[] patches = new float[rows * cols * d];
		System.arraycopy(key.data, prefix * d, patches, 0, patches.length);
		final float[] binned = LogBinning.bin(patches, rows, cols, d);
		assertClose(Fixtures.npy(dir + "binned_key_l2.npy").data, binned, 1e-5, "log-binning " + caseDir);
	}
}
