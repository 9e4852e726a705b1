package sc.fiji.dinovit.algorithms.similarity;

/**
 * Where one patch token of an image lies, in two pixel frames.
 * <p>
 * Pixel convention (both frames): continuous coordinates, x to the right and y down, where pixel
 * (column i, row j) spans [i, i+1) x [j, j+1); so a pixel's centre is at (i + 0.5, j + 0.5) and the
 * image spans [0, width] x [0, height]. The location of a patch is the centre of its receptive
 * window: in the <em>resized</em> frame (the image the network saw) that is (c*s + p/2, r*s + p/2)
 * for grid cell (r, c), stride s and patch size p, the same point as the reference's integer
 * (y*s + p//2, x*s + p//2) for even p. The <em>original</em> frame (the user's image before the
 * load_size resize) scales that point per axis by original size / resized size. Coordinates are
 * sub-pixel doubles; nothing is rounded.
 *
 * @param index row-major patch index (row * cols + col)
 * @param row grid row
 * @param col grid column
 * @param resizedX x of the patch centre in the resized image's pixels
 * @param resizedY y of the patch centre in the resized image's pixels
 * @param originalX x of the patch centre in the original image's pixels
 * @param originalY y of the patch centre in the original image's pixels
 */
public record PatchLocation(int index, int row, int col, double resizedX, double resizedY,
	double originalX, double originalY)
{}
