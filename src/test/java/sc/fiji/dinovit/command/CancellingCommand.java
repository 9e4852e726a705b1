package sc.fiji.dinovit.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Extract Features that the user cancels as soon as it starts (Esc / Cancelable.cancel). */
@Plugin(type = Command.class, headless = true)
public class CancellingCommand extends ExtractFeaturesCommand {

	@Override
	protected void compute(final sc.fiji.dinovit.vit.ModelCache.Lease lease, final CommandProgress progress) {
		cancel("Cancelled by the test");
		super.compute(lease, progress);
	}
}
