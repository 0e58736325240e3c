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
