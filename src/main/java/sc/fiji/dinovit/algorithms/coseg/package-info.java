/**
 * Zero-shot co-segmentation of a set of images from ViT descriptors and saliency (Amir et al.,
 * reference-behaviour.md section 3), pure Java: {@link sc.fiji.dinovit.algorithms.coseg.Cosegmentation}
 * takes one {@link sc.fiji.dinovit.algorithms.coseg.CosegInput} per image and returns a
 * {@link sc.fiji.dinovit.algorithms.coseg.CosegmentationResult}. Computing the inputs from images
 * with a model is the {@code sc.fiji.dinovit.pipeline.CosegmentationPipeline}.
 * <p>
 * Three frames appear throughout: the patch grid (rows x cols tokens), the resized image (the
 * pixels the network saw; the grid's and GrabCut's frame) and the original image (the user's
 * pixels; the frame of the final masks).
 */
package sc.fiji.dinovit.algorithms.coseg;
