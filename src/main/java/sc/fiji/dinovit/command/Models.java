package sc.fiji.dinovit.command;

/** The registry ids offered as {@code model} choices (checked against ModelRegistry by a test). */
final class Models {

	private Models() {}

	static final String DEFAULT = "dino_vits8";

	/** Same order as ModelRegistry.official().ids(); annotations need compile-time constants. */
	static final String DINO_VITS8 = "dino_vits8", DINO_VITS16 = "dino_vits16", DINO_VITB8 = "dino_vitb8",
			DINO_VITB16 = "dino_vitb16", DINOV2_VITS14 = "dinov2_vits14", DINOV2_VITS14_REG = "dinov2_vits14_reg",
			DINOV2_VITB14 = "dinov2_vitb14", DINOV2_VITB14_REG = "dinov2_vitb14_reg",
			DINOV2_VITL14 = "dinov2_vitl14", DINOV2_VITL14_REG = "dinov2_vitl14_reg",
			DINOV2_VITG14 = "dinov2_vitg14", DINOV2_VITG14_REG = "dinov2_vitg14_reg";
}
