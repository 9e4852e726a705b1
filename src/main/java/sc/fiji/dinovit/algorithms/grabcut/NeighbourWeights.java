package sc.fiji.dinovit.algorithms.grabcut;

/**
 * GrabCut's smoothness capacities between each pixel and its left, upper-left, upper and
 * upper-right neighbours (0 where the neighbour is outside the image):
 * {@link GrabCut#GAMMA} exp(-&beta; |&Delta;colour|&sup2;), divided by &radic;2 for diagonals.
 */
final class NeighbourWeights {

	final double beta;
	final double[] left, upLeft, up, upRight;

	private NeighbourWeights(final double beta, final int n) {
		this.beta = beta;
		left = new double[n];
		upLeft = new double[n];
		up = new double[n];
		upRight = new double[n];
	}

	static NeighbourWeights compute(final RgbImage image) {
		final int w = image.width(), h = image.height();
		final NeighbourWeights nw = new NeighbourWeights(beta(image), w * h);
		final double diagonal = GrabCut.GAMMA / Math.sqrt(2);
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				if (x > 0) nw.left[i] = GrabCut.GAMMA * Math.exp(-nw.beta * distance2(image, i, i - 1));
				if (x > 0 && y > 0) nw.upLeft[i] = diagonal * Math.exp(-nw.beta * distance2(image, i, i - w - 1));
				if (y > 0) nw.up[i] = GrabCut.GAMMA * Math.exp(-nw.beta * distance2(image, i, i - w));
				if (x < w - 1 && y > 0) nw.upRight[i] = diagonal * Math.exp(-nw.beta * distance2(image, i, i - w + 1));
			}
		return nw;
	}

	/**
	 * 1 / (2 &times; mean squared colour difference over all 8-neighbour pairs), or 0 if that mean
	 * is (numerically) 0.
	 */
	static double beta(final RgbImage image) {
		final int w = image.width(), h = image.height();
		double sum = 0;
		long pairs = 0;
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				if (x > 0) {
					sum += distance2(image, i, i - 1);
					pairs++;
				}
				if (x > 0 && y > 0) {
					sum += distance2(image, i, i - w - 1);
					pairs++;
				}
				if (y > 0) {
					sum += distance2(image, i, i - w);
					pairs++;
				}
				if (x < w - 1 && y > 0) {
					sum += distance2(image, i, i - w + 1);
					pairs++;
				}
			}
		if (sum <= Math.ulp(1.0) || pairs == 0) return 0;
		return 1 / (2 * sum / pairs);
	}

	private static double distance2(final RgbImage image, final int i, final int j) {
		final int dr = image.red(i) - image.red(j), dg = image.green(i) - image.green(j), db = image.blue(i) -
			image.blue(j);
		return dr * dr + dg * dg + db * db;
	}
}
