package sc.fiji.dinovit.vit;

import java.util.Locale;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where the forward pass runs: {@link #AUTO} takes a GPU when PyTorch sees one and falls back to
 * the CPU, {@link #CPU} always uses the CPU, {@link #GPU} insists on GPU 0.
 */
public enum DeviceChoice {
	AUTO, CPU, GPU;

	/** Parses "auto", "cpu", "gpu" (any case); the message lists the valid names. */
	public static DeviceChoice parse(final String s) {
		for (final DeviceChoice c : values())
			if (c.name().equalsIgnoreCase(s == null ? "" : s.trim())) return c;
		throw new IllegalArgumentException("Unknown device '" + s + "': use auto, cpu or gpu");
	}

	/** Number of GPUs the PyTorch engine can use (0 with the CPU-only native library). */
	public static int gpuCount() {
		return Engine.getEngine("PyTorch").getGpuCount();
	}

	/**
	 * The DJL device for this choice.
	 *
	 * @throws IllegalStateException for {@link #GPU} when PyTorch sees no GPU, saying how to fix it
	 */
	public Device resolve() {
		switch (this) {
			case CPU:
				return Device.cpu();
			case GPU:
				if (gpuCount() == 0) throw new IllegalStateException("device=gpu was asked for, but PyTorch " +
					"sees no GPU (the installed native library is " + nativeFlavor() + "). Use device=cpu or " +
					"device=auto, or install a CUDA build of the PyTorch native library and its drivers.");
				return Device.gpu(0);
			default:
				return gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
		}
	}

	/** A short description of the PyTorch native library in use, for messages and the Models dialog. */
	public static String nativeFlavor() {
		final Engine e = Engine.getEngine("PyTorch");
		return "PyTorch " + e.getVersion() + (e.hasCapability("CUDA") ? " with CUDA" : " (CPU only)");
	}

	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
