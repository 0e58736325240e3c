#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whether operations are being recorded for autograd on the current thread.
enum GradientMode {
    /// A thread-local flag: an unset key (the default) means recording is on.
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// `true` unless the current thread is inside `withoutGradients`.
    static var isEnabled: Bool {
        @inline(__always) get { pthread_getspecific(key) == nil }
    }

    static func setEnabled(_ enabled: Bool) {
        pthread_setspecific(key, enabled ? nil : UnsafeRawPointer(bitPattern: 1))
    }
}

/// Runs `body` without recording operations for autograd (like PyTorch's `torch.no_grad()`):
/// results need no gradient and no graph is kept. Use it for evaluation and parameter updates.
///
/// ```swift
/// let prediction = withoutGradients { model(x) }
/// ```
public func withoutGradients<R>(_ body: () throws -> R) rethrows -> R {
    let wasEnabled = GradientMode.isEnabled
    GradientMode.setEnabled(false)
    defer { GradientMode.setEnabled(wasEnabled) }
    return try body()
}

/// Whether operations on the current thread are recorded for autograd (false inside `withoutGradients`).
public var isGradientRecordingEnabled: Bool { GradientMode.isEnabled }

extension Tensor {
    /// Wraps freshly computed `storage` as the result of `operation`, recording a graph node when
    /// gradients are on and any input requires one. `backward` maps ∂L/∂result to ∂L/∂input for each
    /// input (in order); it must capture only detached tensors, never the result itself.
    static func record(
        _ operation: String, storage: TensorStorage, shape: [Int], inputs: [Tensor],
        backward: @escaping (Tensor) -> [Tensor?]
    ) -> Tensor {
        guard GradientMode.isEnabled, inputs.contains(where: { $0.node != nil }) else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: inputs.map(\.node), shape: shape,
                            dtype: storage.dtype, backward: backward)
        return Tensor(storage: storage, shape: shape, node: node)
    }

    /// `record` for a single input.
    static func record(
        _ operation: String, storage: TensorStorage, shape: [Int], input: Tensor,
        backward: @escaping (Tensor) -> Tensor
    ) -> Tensor {
        guard GradientMode.isEnabled, let inputNode = input.node else {
            return Tensor(storage: storage, shape: shape)
        }
        let node = GradNode(operation: operation, inputs: [inputNode], shape: shape,
                            dtype: storage.dtype, backward: { [backward($0)] })
        return Tensor(storage: storage, shape: shape, node: node)
    }
}
