package sc.fiji.dinovit.algorithms.grabcut;

import java.util.Arrays;

/**
 * Minimum s-t cut / maximum flow with the Boykov-Kolmogorov algorithm (two search trees grown
 * from the source and the sink, augmentation along the path where they meet, re-adoption of
 * orphaned nodes), on flat primitive arrays. It is fast on the grid graphs of image
 * segmentation, where most nodes have strong terminal links and few neighbours.
 * <p>
 * Usage: create with the node count and the maximum number of edges, add terminal capacities
 * and edges, call {@link #solve()} once, then read {@link #isSourceSide(int)}. Capacities are
 * doubles and may be added to a node repeatedly; terminal capacities are stored as their
 * difference (source minus sink), the common part being pushed at once as flow, so negative
 * terminal capacities are allowed (they add a constant to the cut). Edge capacities must be
 * non-negative.
 * <p>
 * The reported cut puts on the sink side exactly the nodes that can still reach the sink through
 * non-saturated arcs (the final sink tree), everything else on the source side. That is a minimum
 * cut; when the minimum cut is not unique (nodes cut off from both terminals), it is the one with
 * the largest source side. OpenCV's {@code GCGraph} also puts nodes never reached by either tree
 * on the source side.
 */
public final class MaxFlow {

	private static final int NONE = -1; // no arc / free node
	private static final int TERMINAL = -2; // parent is the node's own terminal
	private static final int ORPHAN = -3; // lost its parent, awaiting adoption
	private static final byte FREE = 0, SOURCE_TREE = 1, SINK_TREE = 2;

	private final int nodeCount;
	private final double[] terminal; // residual: > 0 from the source, < 0 to the sink
	private final int[] firstArc;
	private final int[] arcHead;
	private final int[] arcNext;
	private final double[] arcResidual; // arc a and its reverse a ^ 1 are added together
	private int arcCount;
	private double flow;
	private boolean solved;

	private byte[] tree;
	private boolean[] sinkSide; // the final sink tree, kept after solve()
	private int[] parent; // arc from the node towards its terminal, or NONE, TERMINAL, ORPHAN
	private int[] stamp; // when dist was last known to be valid
	private int[] dist; // arcs to the terminal, valid if stamp is current
	private IntQueue active;
	private IntQueue orphans;
	private int time;

	/**
	 * @param nodeCount number of nodes, numbered 0..nodeCount-1
	 * @param maxEdges how many {@link #addEdge} calls will be made at most
	 */
	public MaxFlow(final int nodeCount, final int maxEdges) {
		if (nodeCount < 0 || maxEdges < 0) throw new IllegalArgumentException("Negative graph size: " + nodeCount +
			" nodes, " + maxEdges + " edges");
		if (2L * maxEdges > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("Too many edges: " + maxEdges);
		this.nodeCount = nodeCount;
		terminal = new double[nodeCount];
		firstArc = new int[nodeCount];
		Arrays.fill(firstArc, NONE);
		arcHead = new int[2 * maxEdges];
		arcNext = new int[2 * maxEdges];
		arcResidual = new double[2 * maxEdges];
	}

	public int nodeCount() {
		return nodeCount;
	}

	/**
	 * Adds capacity on the arcs source &rarr; node and node &rarr; sink. Cutting the first puts
	 * the node on the sink side, cutting the second on the source side.
	 */
	public void addTerminalCapacities(final int node, final double fromSource, final double toSink) {
		checkNotSolved();
		checkNode(node);
		double s = fromSource, t = toSink;
		final double previous = terminal[node];
		if (previous > 0) s += previous;
		else t -= previous;
		flow += Math.min(s, t);
		terminal[node] = s - t;
	}

	/** Adds the arcs i &rarr; j with {@code capacity} and j &rarr; i with {@code reverseCapacity}. */
	public void addEdge(final int i, final int j, final double capacity, final double reverseCapacity) {
		checkNotSolved();
		checkNode(i);
		checkNode(j);
		if (i == j) throw new IllegalArgumentException("Self-loop at node " + i);
		if (!(capacity >= 0 && reverseCapacity >= 0)) throw new IllegalArgumentException(
			"Edge capacities must be non-negative numbers, got " + capacity + " and " + reverseCapacity + " on " +
				i + " - " + j);
		if (arcCount + 2 > arcHead.length) throw new IllegalStateException("More than " + arcHead.length / 2 +
			" edges added: raise maxEdges");
		addArc(i, j, capacity);
		addArc(j, i, reverseCapacity);
	}

	private void addArc(final int from, final int to, final double capacity) {
		final int a = arcCount++;
		arcHead[a] = to;
		arcResidual[a] = capacity;
		arcNext[a] = firstArc[from];
		firstArc[from] = a;
	}

	/**
	 * Computes the maximum flow; may be called once.
	 *
	 * @return the flow value, i.e. the capacity of a minimum cut (including the constants from
	 *         terminal capacities pushed directly)
	 */
	public double solve() {
		checkNotSolved();
		solved = true;
		initTrees();
		int current = NONE;
		while (true) {
			if (current == NONE || tree[current] == FREE) {
				current = nextActive();
				if (current == NONE) break;
			}
			final int meeting = grow(current);
			if (meeting == NONE) {
				current = NONE;
				continue;
			}
			time++;
			augment(meeting);
			adoptOrphans();
		}
		sinkSide = new boolean[nodeCount];
		for (int v = 0; v < nodeCount; v++)
			sinkSide[v] = tree[v] == SINK_TREE;
		releaseSearchState();
		return flow;
	}

	/** After {@link #solve()}: whether the node is on the source side of the minimum cut. */
	public boolean isSourceSide(final int node) {
		if (!solved) throw new IllegalStateException("Call solve() before asking for the cut");
		checkNode(node);
		return !sinkSide[node];
	}

	/** After {@link #solve()}: the flow, as returned by it. */
	public double flow() {
		if (!solved) throw new IllegalStateException("Call solve() first");
		return flow;
	}

	private void initTrees() {
		tree = new byte[nodeCount];
		parent = new int[nodeCount];
		stamp = new int[nodeCount];
		dist = new int[nodeCount];
		active = new IntQueue(nodeCount);
		orphans = new IntQueue(nodeCount);
		for (int v = 0; v < nodeCount; v++) {
			if (terminal[v] == 0) {
				parent[v] = NONE;
				continue;
			}
			join(v, terminal[v] > 0 ? SOURCE_TREE : SINK_TREE, TERMINAL, 1);
			active.offer(v);
		}
	}

	private void join(final int v, final byte side, final int parentArc, final int distance) {
		tree[v] = side;
		parent[v] = parentArc;
		dist[v] = distance;
	}

	private int nextActive() {
		while (!active.isEmpty()) {
			final int v = active.poll();
			if (tree[v] != FREE) return v;
		}
		return NONE;
	}

	/**
	 * Grows v's tree over v's non-saturated arcs.
	 *
	 * @return an arc from a source-tree node to a sink-tree node, or NONE if the trees do not meet
	 *         at v
	 */
	private int grow(final int v) {
		final byte side = tree[v];
		for (int a = firstArc[v]; a != NONE; a = arcNext[a]) {
			// the residual in the direction of the flow: away from the source, towards the sink
			if (!(arcResidual[side == SOURCE_TREE ? a : a ^ 1] > 0)) continue;
			final int w = arcHead[a];
			if (tree[w] == FREE) {
				join(w, side, a ^ 1, dist[v] + 1);
				stamp[w] = stamp[v];
				active.offer(w);
			}
			else if (tree[w] != side) return side == SOURCE_TREE ? a : a ^ 1;
		}
		return NONE;
	}

	/** Pushes the bottleneck flow along source ... tail(meeting) -> head(meeting) ... sink. */
	private void augment(final int meeting) {
		final int s = arcHead[meeting ^ 1], t = arcHead[meeting];
		double bottleneck = arcResidual[meeting];
		for (int v = s;; ) {
			final int p = parent[v];
			if (p == TERMINAL) {
				bottleneck = Math.min(bottleneck, terminal[v]);
				break;
			}
			bottleneck = Math.min(bottleneck, arcResidual[p ^ 1]);
			v = arcHead[p];
		}
		for (int v = t;; ) {
			final int p = parent[v];
			if (p == TERMINAL) {
				bottleneck = Math.min(bottleneck, -terminal[v]);
				break;
			}
			bottleneck = Math.min(bottleneck, arcResidual[p]);
			v = arcHead[p];
		}
		arcResidual[meeting] -= bottleneck;
		arcResidual[meeting ^ 1] += bottleneck;
		for (int v = s;; ) { // arcs point from child to parent; the flow runs parent -> child
			final int p = parent[v];
			if (p == TERMINAL) {
				terminal[v] -= bottleneck;
				if (terminal[v] <= 0) orphan(v);
				break;
			}
			arcResidual[p ^ 1] -= bottleneck;
			arcResidual[p] += bottleneck;
			final int next = arcHead[p];
			if (arcResidual[p ^ 1] <= 0) orphan(v);
			v = next;
		}
		for (int v = t;; ) { // the flow runs child -> parent
			final int p = parent[v];
			if (p == TERMINAL) {
				terminal[v] += bottleneck;
				if (terminal[v] >= 0) orphan(v);
				break;
			}
			arcResidual[p] -= bottleneck;
			arcResidual[p ^ 1] += bottleneck;
			final int next = arcHead[p];
			if (arcResidual[p] <= 0) orphan(v);
			v = next;
		}
		flow += bottleneck;
	}

	private void orphan(final int v) {
		parent[v] = ORPHAN;
		orphans.offer(v);
	}

	private void adoptOrphans() {
		while (!orphans.isEmpty())
			adopt(orphans.poll());
	}

	/** Finds v a new parent in its tree, closest to the terminal; otherwise frees v. */
	private void adopt(final int v) {
		final byte side = tree[v];
		int bestArc = NONE;
		int bestDist = Integer.MAX_VALUE;
		for (int a = firstArc[v]; a != NONE; a = arcNext[a]) {
			final int w = arcHead[a];
			if (tree[w] != side || !(arcResidual[side == SOURCE_TREE ? a ^ 1 : a] > 0)) continue;
			final int d = distanceToTerminal(w);
			if (d < bestDist) {
				bestDist = d;
				bestArc = a;
			}
		}
		if (bestArc != NONE) {
			parent[v] = bestArc;
			stamp[v] = time;
			dist[v] = bestDist + 1;
			return;
		}
		for (int a = firstArc[v]; a != NONE; a = arcNext[a]) {
			final int w = arcHead[a];
			if (tree[w] != side) continue;
			if (arcResidual[side == SOURCE_TREE ? a ^ 1 : a] > 0) active.offer(w);
			final int p = parent[w];
			if (p >= 0 && arcHead[p] == v) orphan(w);
		}
		tree[v] = FREE;
		parent[v] = NONE;
	}

	/**
	 * Follows w's parents to its terminal; returns the number of arcs, or MAX_VALUE if the path
	 * runs into an orphan. Caches the distances of the nodes on a valid path for this round.
	 */
	private int distanceToTerminal(final int w) {
		int steps = 0;
		int total = -1;
		for (int v = w;; ) {
			if (stamp[v] == time) {
				total = steps + dist[v];
				break;
			}
			final int p = parent[v];
			if (p == TERMINAL) {
				stamp[v] = time;
				dist[v] = 1;
				total = steps + 1;
				break;
			}
			if (p < 0) return Integer.MAX_VALUE; // ORPHAN (free nodes are never in a tree)
			steps++;
			v = arcHead[p];
		}
		int d = total;
		for (int v = w; stamp[v] != time; v = arcHead[parent[v]]) {
			stamp[v] = time;
			dist[v] = d--;
		}
		return total;
	}

	private void releaseSearchState() {
		tree = null;
		parent = null;
		stamp = null;
		dist = null;
		active = null;
		orphans = null;
	}

	private void checkNode(final int node) {
		if (node < 0 || node >= nodeCount) throw new IndexOutOfBoundsException("Node " + node +
			" outside 0.." + (nodeCount - 1));
	}

	private void checkNotSolved() {
		if (solved) throw new IllegalStateException("This graph was already solved; build a new MaxFlow");
	}

	/** FIFO of node indices in which each node is queued at most once at a time. */
	private static final class IntQueue {

		private final int[] items;
		private final boolean[] queued;
		private int head, size;

		IntQueue(final int capacity) {
			items = new int[Math.max(1, capacity)];
			queued = new boolean[capacity];
		}

		void offer(final int v) {
			if (queued[v]) return;
			queued[v] = true;
			items[(head + size++) % items.length] = v;
		}

		int poll() {
			final int v = items[head];
			head = (head + 1) % items.length;
			size--;
			queued[v] = false;
			return v;
		}

		boolean isEmpty() {
			return size == 0;
		}
	}
}
