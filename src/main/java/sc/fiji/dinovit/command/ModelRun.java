package sc.fiji.dinovit.command;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.CancellationException;

import org.scijava.app.StatusService;

import sc.fiji.dinovit.features.MemoryEstimate;
import sc.fiji.dinovit.features.MemoryGuard;
import sc.fiji.dinovit.model.ModelSpec;
import sc.fiji.dinovit.model.store.ModelStoreException;
import sc.fiji.dinovit.vit.DeviceChoice;
import sc.fiji.dinovit.vit.ModelCache;

/**
 * The one run sequence of every model-using command: check the inputs (before any model is
 * loaded), resolve the model (local file, cache, or download), lease it from the shared
 * {@link ModelCache}, compute, and map failures onto the error contract: a cancel leaves the
 * command cancelled without output, anything else becomes an exception whose message names the
 * problem and the fix (the IJ1 bridge shows it and aborts the macro).
 */
final class ModelRun {

	private ModelRun() {}

	/** Work that may fail with an I/O problem. */
	interface Step {
		void run() throws IOException;
	}

	/**
	 * The memory a run will need with this model, from the input sizes and settings; null where the
	 * sizes are not known before computing (the command then calls {@link #checkMemory} itself).
	 */
	interface MemoryNeed {
		MemoryEstimate estimate(ModelSpec spec, long attentionChunkBytes);
	}

	/** Work with a leased model. */
	interface Compute {
		void compute(ModelCache.Lease model, CommandProgress progress) throws IOException;
	}

	/**
	 * Refuses the run when the estimate does not fit in the memory available ({@link MemoryGuard};
	 * the model is loaded, so its weights are not counted again). Does nothing for null.
	 */
	static void checkMemory(final MemoryEstimate estimate) {
		if (estimate != null) MemoryGuard.ofThisProcess().check(estimate, true);
	}

	static void run(final CancelableCommand command, final StatusService status, final String model,
		final File modelFile, final String device, final Step checkInputs, final MemoryNeed memory,
		final Compute compute)
	{
		final CommandProgress progress = new CommandProgress(status, command::isCanceled);
		try {
			checkInputs.run();
			final DeviceChoice choice = DeviceChoice.parse(device);
			final java.nio.file.Path file = ModelResolver.resolve(model, modelFile, progress);
			try (ModelCache.Lease lease = ModelCache.shared().acquire(file, choice.resolve())) {
				ModelResolver.checkArchitecture(model, modelFile, lease.model().spec(), file);
				checkMemory(memory.estimate(lease.model().spec(), lease.model().attentionChunkBytes()));
				compute.compute(lease, progress);
			}
		}
		catch (final CancellationException e) {
			command.cancel(e.getMessage());
		}
		catch (final ModelStoreException e) {
			if (e.reason() == ModelStoreException.Reason.CANCELLED) command.cancel(e.getMessage());
			else throw new IllegalStateException(e.getMessage(), e);
		}
		catch (final IOException e) {
			throw new IllegalStateException(e.getMessage(), e);
		}
		finally {
			progress.done();
		}
	}
}
