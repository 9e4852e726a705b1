package sc.fiji.dinovit.algorithms.grabcut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MaxFlowTest {

	/** A small graph kept as plain lists, to build a MaxFlow and to enumerate cuts. */
	private static final class TinyGraph {

		final int n;
		final double[] source, sink;
		final int[] from, to;
		final double[] cap, rev;

		TinyGraph(final SplittableRandom r, final int n, final int edges, final boolean negativeTerminals) {
			this.n = n;
			source = new double[n];
			sink = new double[n];
			for (int v = 0; v < n; v++) {
				source[v] = r.nextInt(4) == 0 ? 0 : r.nextInt(10) - (negativeTerminals ? 3 : 0);
				sink[v] = r.nextInt(4) == 0 ? 0 : r.nextInt(10) - (negativeTerminals ? 3 : 0);
			}
			from = new int[edges];
			to = new int[edges];
			cap = new double[edges];
			rev = new double[edges];
			for (int e = 0; e < edges; e++) {
				from[e] = r.nextInt(n);
				do
					to[e] = r.nextInt(n);
				while (to[e] == from[e]);
				cap[e] = r.nextInt(8);
				rev[e] = r.nextInt(3) == 0 ? 0 : r.nextInt(8);
			}
		}

		MaxFlow build() {
			final MaxFlow g = new MaxFlow(n, from.length);
			for (int v = 0; v < n; v++)
				g.addTerminalCapacities(v, source[v], sink[v]);
			for (int e = 0; e < from.length; e++)
				g.addEdge(from[e], to[e], cap[e], rev[e]);
			return g;
		}

		/** Cut capacity when bit v of sourceSet says node v is on the source side. */
		double cut(final long sourceSet) {
			double c = 0;
			for (int v = 0; v < n; v++)
				c += inSource(sourceSet, v) ? sink[v] : source[v];
			for (int e = 0; e < from.length; e++) {
				if (inSource(sourceSet, from[e]) && !inSource(sourceSet, to[e])) c += cap[e];
				if (inSource(sourceSet, to[e]) && !inSource(sourceSet, from[e])) c += rev[e];
			}
			return c;
		}

		double bruteForceMinCut() {
			double best = Double.POSITIVE_INFINITY;
			for (long s = 0; s < 1L << n; s++)
				best = Math.min(best, cut(s));
			return best;
		}

		static boolean inSource(final long set, final int v) {
			return (set >> v & 1) != 0;
		}
	}

	@ParameterizedTest
	@ValueSource(booleans = { false, true })
	void matchesBruteForceMinCutOnRandomTinyGraphs(final boolean negativeTerminals) {
		final SplittableRandom r = new SplittableRandom(42);
		for (int trial = 0; trial < 2000; trial++) {
			final int n = 1 + r.nextInt(9);
			final TinyGraph tiny = new TinyGraph(r, n, n == 1 ? 0 : r.nextInt(3 * n), negativeTerminals);
			final MaxFlow g = tiny.build();
			final double flow = g.solve();
			final double expected = tiny.bruteForceMinCut();
			assertEquals(expected, flow, 1e-9, "max flow, trial " + trial);
			long side = 0;
			for (int v = 0; v < n; v++)
				if (g.isSourceSide(v)) side |= 1L << v;
			assertEquals(expected, tiny.cut(side), 1e-9, "capacity of the reported cut, trial " + trial);
		}
	}

	@Test
	void textbookNetwork() {
		// s->0 (10), s->1 (10), 0->1 (2), 0->2 (4), 0->3 (8), 1->3 (9), 3->2 (6), 2->t (10), 3->t (10):
		// max flow 19, the only minimum cut is {s, 1} | {0, 2, 3, t}
		final MaxFlow g = new MaxFlow(4, 5);
		g.addTerminalCapacities(0, 10, 0);
		g.addTerminalCapacities(1, 10, 0);
		g.addTerminalCapacities(2, 0, 10);
		g.addTerminalCapacities(3, 0, 10);
		g.addEdge(0, 1, 2, 0);
		g.addEdge(0, 2, 4, 0);
		g.addEdge(0, 3, 8, 0);
		g.addEdge(1, 3, 9, 0);
		g.addEdge(3, 2, 6, 0);
		assertEquals(19, g.solve(), 1e-12);
		assertFalse(g.isSourceSide(0));
		assertTrue(g.isSourceSide(1));
		assertFalse(g.isSourceSide(2));
		assertFalse(g.isSourceSide(3));
	}

	@Test
	void terminalCapacitiesAccumulateAsDifferences() {
		final MaxFlow g = new MaxFlow(1, 0);
		g.addTerminalCapacities(0, 5, 2);
		g.addTerminalCapacities(0, 1, 7); // total: source 6, sink 9
		assertEquals(6, g.solve(), 1e-12);
		assertFalse(g.isSourceSide(0));
	}

	@Test
	void rejectsBadInputAndSecondSolve() {
		final MaxFlow g = new MaxFlow(2, 1);
		assertThrows(IllegalArgumentException.class, () -> g.addEdge(0, 0, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> g.addEdge(0, 1, -1, 1));
		assertThrows(IndexOutOfBoundsException.class, () -> g.addTerminalCapacities(2, 1, 1));
		g.addEdge(0, 1, 1, 1);
		assertThrows(IllegalStateException.class, () -> g.addEdge(1, 0, 1, 1));
		assertThrows(IllegalStateException.class, () -> g.isSourceSide(0));
		g.solve();
		assertThrows(IllegalStateException.class, g::solve);
	}

	/** A 300 x 334 (about 100k node) 8-connected grid with noisy terminals: the disc is cut out. */
	@Test
	void largeGridSeparatesTheDisc() {
		final int w = 334, h = 300;
		final SplittableRandom r = new SplittableRandom(7);
		long best = Long.MAX_VALUE;
		for (int rep = 0; rep < 3; rep++) {
			final long t0 = System.nanoTime();
			final MaxFlow g = new MaxFlow(w * h, 4 * w * h);
			for (int y = 0, i = 0; y < h; y++)
				for (int x = 0; x < w; x++, i++) {
					final boolean inside = (x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2) < 80 * 80;
					final double noise = r.nextDouble() * 6;
					g.addTerminalCapacities(i, inside ? 3 + noise : noise, inside ? noise : 3 + noise);
					if (x > 0) g.addEdge(i, i - 1, 2, 2);
					if (x > 0 && y > 0) g.addEdge(i, i - w - 1, 1.4, 1.4);
					if (y > 0) g.addEdge(i, i - w, 2, 2);
					if (x < w - 1 && y > 0) g.addEdge(i, i - w + 1, 1.4, 1.4);
				}
			g.solve();
			best = Math.min(best, System.nanoTime() - t0);
			assertTrue(g.isSourceSide(h / 2 * w + w / 2));
			assertFalse(g.isSourceSide(0));
		}
		System.out.printf("MaxFlow: %d x %d 8-connected grid built and solved in %.1f ms%n", w, h, best / 1e6);
	}
}
