package sc.fiji.dinovit.model.checkpoint;

/**
 * A tensor as described by {@code torch._utils._rebuild_tensor_v2/v3}: a strided view of a
 * storage. Offsets and strides count elements of {@code dtype}. Shape, strides and offset have
 * been checked to be non-negative and the element count not to overflow; whether the view fits
 * in its storage is checked when the bytes are read ({@link TensorLayout}).
 */
record TorchTensorRef(TorchStorageRef storage, DType dtype, TensorLayout layout) {
}
