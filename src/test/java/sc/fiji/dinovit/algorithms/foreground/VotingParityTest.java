package sc.fiji.dinovit.algorithms.foreground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.dinovit.testutil.Fixtures;

/**
 * The same voting decisions as the reference's rule computed with numpy
 * (scripts/make_voting_fixtures.py): votes per label (strict threshold, absent labels never vote),
 * votes needed, salient labels; N = 1, 2, 3, 4, 5 and 10 images.
 */
class VotingParityTest {

	@Test
	void sameDecisionsAsTheNumpyReference() throws IOException {
		final JsonObject root = JsonParser.parseString(new String(Files.readAllBytes(Fixtures.path(
			"voting/voting.json")))).getAsJsonObject();
		for (final JsonElement ce : root.getAsJsonArray("cases")) {
			final JsonObject c = ce.getAsJsonObject();
			final int k = c.get("k").getAsInt();
			final double thresh = c.get("threshold").getAsDouble();
			final JsonArray images = c.getAsJsonArray("images");
			final int[] votes = new int[k];
			for (final JsonElement ie : images) {
				final JsonObject im = ie.getAsJsonObject();
				final int[] labels = ints(im.getAsJsonArray("labels"));
				final JsonArray s = im.getAsJsonArray("saliency");
				final float[] saliency = new float[s.size()];
				for (int i = 0; i < saliency.length; i++)
					saliency[i] = s.get(i).getAsFloat();
				final double[] mean = Voting.meanSaliencyPerLabel(labels, 0, saliency, k);
				for (int l = 0; l < k; l++)
					if (Voting.votes(mean[l], thresh)) votes[l]++;
			}
			assertArrayEquals(ints(c.getAsJsonArray("votes")), votes, "votes, " + images.size() + " images");
			final int needed = Voting.votesNeeded(images.size(), c.get("percentage").getAsDouble());
			assertEquals(c.get("votes_needed").getAsInt(), needed);
			final List<Integer> salient = new ArrayList<>();
			for (int l = 0; l < k; l++)
				if (votes[l] >= needed) salient.add(l);
			final List<Integer> expected = new ArrayList<>();
			c.getAsJsonArray("salient").forEach(e -> expected.add(e.getAsInt()));
			assertEquals(expected, salient);
		}
	}

	private static int[] ints(final JsonArray a) {
		final int[] v = new int[a.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = a.get(i).getAsInt();
		return v;
	}
}
