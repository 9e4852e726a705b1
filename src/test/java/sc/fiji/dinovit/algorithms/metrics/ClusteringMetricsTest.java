package sc.fiji.dinovit.algorithms.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sc.fiji.dinovit.algorithms.cluster.ClusterFixtures;

class ClusteringMetricsTest {

	static Stream<Arguments> sklearnCases() {
		final Iterable<JsonElement> cases = ClusterFixtures.json("metrics.json").getAsJsonArray("cases");
		return StreamSupport.stream(cases.spliterator(), false).map(JsonElement::getAsJsonObject).map(o -> Arguments
			.of(o.get("name").getAsString(), o));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("sklearnCases")
	void matchesSklearn(final String name, final JsonObject c) {
		final int[] t = ClusterFixtures.ints(c, "truth");
		final int[] p = ClusterFixtures.ints(c, "predicted");
		assertEquals(c.get("nmi").getAsDouble(), ClusteringMetrics.nmi(t, p), 1e-9, "NMI");
		assertEquals(c.get("ari").getAsDouble(), ClusteringMetrics.ari(t, p), 1e-9, "ARI");
		assertEquals(c.get("nmi_fg").getAsDouble(), ClusteringMetrics.nmiForeground(t, p), 1e-9, "foreground NMI");
		assertEquals(c.get("ari_fg").getAsDouble(), ClusteringMetrics.ariForeground(t, p), 1e-9, "foreground ARI");
	}

	@Test
	void symmetricInItsArguments() {
		final int[] a = { 0, 0, 1, 1, 2, 2, 2, 3 };
		final int[] b = { 1, 1, 1, 0, 0, 2, 2, 2 };
		assertEquals(ClusteringMetrics.nmi(a, b), ClusteringMetrics.nmi(b, a), 1e-15);
		assertEquals(ClusteringMetrics.ari(a, b), ClusteringMetrics.ari(b, a), 1e-15);
	}

	@Test
	void largeLabelImagesDoNotOverflow() {
		final int n = 3_000_000;
		final int[] a = new int[n];
		final int[] b = new int[n];
		for (int i = 0; i < n; i++) {
			a[i] = i % 3;
			b[i] = i % 5 == 0 ? 9 : a[i];
		}
		final double ari = ClusteringMetrics.ari(a, b);
		assertEquals(true, ari > 0.5 && ari < 1, "ARI " + ari);
	}

	@Test
	void rejectsMismatchedLengths() {
		assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.nmi(new int[2], new int[3]));
		assertThrows(IllegalArgumentException.class, () -> ClusteringMetrics.ariForeground(new int[2], new int[3]));
	}
}
