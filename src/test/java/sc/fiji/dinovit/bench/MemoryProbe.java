package sc.fiji.dinovit.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

import sc.fiji.dinovit.vit.NativeMemory;

/**
 * Peak memory of this JVM for the benchmark: heap (sum of the heap pools' peak usage since the
 * last reset; an upper bound of the true simultaneous peak, and it includes garbage not yet
 * collected), anonymous RSS (sampled every 20 ms from /proc/self/status, so it may miss short
 * spikes) and the kernel's VmHWM (which also counts file-backed pages of memory-mapped spill files,
 * reclaimable page cache, and is not reset between runs).
 */
final class MemoryProbe implements AutoCloseable {

	private final Thread sampler;
	private volatile boolean running = true;
	private volatile long peakAnonKb;

	MemoryProbe() {
		reset();
		sampler = new Thread(() -> {
			while (running) {
				peakAnonKb = Math.max(peakAnonKb, status("RssAnon"));
				try {
					Thread.sleep(20);
				}
				catch (final InterruptedException e) {
					return;
				}
			}
		}, "memory-probe");
		sampler.setDaemon(true);
		sampler.start();
	}

	void reset() {
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) p.resetPeakUsage();
		peakAnonKb = status("RssAnon");
	}

	double peakHeapMb() {
		long sum = 0;
		for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans())
			if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
		return sum / 1048576.0;
	}

	static double usedHeapMb() {
		final Runtime r = Runtime.getRuntime();
		return (r.totalMemory() - r.freeMemory()) / 1048576.0;
	}

	double peakAnonRssMb() { return Math.max(peakAnonKb, status("RssAnon")) / 1024.0; }

	static double vmHwmMb() { return status("VmHWM") / 1024.0; }

	/** A value in kB from /proc/self/status, or -1 (not Linux). */
	static long status(final String key) {
		return NativeMemory.procStatusKb(key);
	}

	@Override
	public void close() {
		running = false;
		sampler.interrupt();
	}
}
