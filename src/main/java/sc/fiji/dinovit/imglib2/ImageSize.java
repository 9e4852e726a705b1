package sc.fiji.dinovit.imglib2;

/** A width and height in pixels (both positive). */
public record ImageSize(int width, int height) {

	public ImageSize {
		if (width <= 0 || height <= 0) throw new IllegalArgumentException(
			"Image size must be positive, got " + width + " x " + height + " px");
	}

	@Override
	public String toString() {
		return width + " x " + height + " px";
	}
}
