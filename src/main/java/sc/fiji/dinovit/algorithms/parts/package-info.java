/**
 * Zero-shot part co-segmentation from ViT descriptors (Amir et al., reference-behaviour §4), pure
 * Java and UI-free: {@link sc.fiji.dinovit.algorithms.parts.PartCosegmentation#run} takes one
 * {@link sc.fiji.dinovit.algorithms.parts.PartInput} per image (descriptors as a {@code DescriptorSource},
 * in memory or a spilling {@code DescriptorStore}; saliency; resized RGB, possibly made on demand;
 * original size; augmentations flagged) and returns a
 * {@link sc.fiji.dinovit.algorithms.parts.PartCosegmentationResult}: per original image a label
 * image in its original pixel grid, 0 = background, 1..K = parts with the same id meaning the same
 * part in every image, ordered by descending total area.
 * <p>
 * Stage 1 (foreground/background) is {@link sc.fiji.dinovit.algorithms.foreground.SalientClusters} (shared with co-segmentation), the
 * same as co-segmentation's steps 4 to 7. Stages 2 and 3 and the CRF labelling are described on
 * {@link sc.fiji.dinovit.algorithms.parts.PartCosegmentation}.
 * <p>
 * <b>Video / time-lapse</b>: {@link sc.fiji.dinovit.algorithms.parts.PartCosegmentation#runFrames}
 * treats the frames as one set, as the reference's only way to handle video: part ids are
 * consistent over time because all frames share one clustering; frames are labelled independently
 * (no temporal smoothing, no tracking).
 * <p>
 * Pixel frames: patch grid and CRF in the resized image (the one the network saw); results in the
 * original image. Grid-to-pixel arithmetic goes through {@link sc.fiji.dinovit.vit.PatchGrid}
 * (patch centre = r &middot; stride + patch / 2). Extraction lives one layer up
 * ({@code sc.fiji.dinovit.pipeline.PartCosegmentationPipeline}); nothing here sees DJL or ImageJ.
 */
package sc.fiji.dinovit.algorithms.parts;
