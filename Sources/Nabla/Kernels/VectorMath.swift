import CNablaKernels

/// Vectorised transcendental functions over contiguous buffers (`y[i] = f(x[i])`); `x` and `y` may alias.
///
/// Backed by the branch-free polynomial kernels of the `CNablaKernels` C target, with a variant
/// per instruction set chosen at run time. Float results are within 2 ulp of the exact value
/// (relative error below 1e-6 is guaranteed by the tests), double results within 2 ulp (below
/// 1e-14). Infinities, NaN, overflow and gradual underflow match the C library; `tanh` and
/// `sigmoid` saturate to exactly ±1, 0 and 1 without NaN. `x` and `y` must either be the same
/// buffer or not overlap.
public enum VectorMath {
    /// `y[i] = e^x[i]`.
    public static func exp(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) { nabla_vf32_exp(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = e^x[i]`.
    public static func exp(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { nabla_vf64_exp(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = ln x[i]` (`-inf` at 0, NaN for negative inputs).
    public static func log(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) { nabla_vf32_log(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = ln x[i]` (`-inf` at 0, NaN for negative inputs).
    public static func log(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { nabla_vf64_log(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = tanh x[i]`.
    public static func tanh(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) { nabla_vf32_tanh(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = tanh x[i]`.
    public static func tanh(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { nabla_vf64_tanh(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = 1 / (1 + e^-x[i])`.
    public static func sigmoid(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) { nabla_vf32_sigmoid(NABLA_ISA_AUTO, x, y, Int64(count)) }
    /// `y[i] = 1 / (1 + e^-x[i])`.
    public static func sigmoid(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) { nabla_vf64_sigmoid(NABLA_ISA_AUTO, x, y, Int64(count)) }

    /// The functions, for tests and benchmarks that iterate over all of them.
    enum Function: CaseIterable, Sendable {
        case exp, log, tanh, sigmoid
    }

    /// Applies `function` with a forced kernel variant.
    static func apply(_ function: Function, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, variant: KernelVariant) {
        let kernel = switch function {
        case .exp: nabla_vf32_exp
        case .log: nabla_vf32_log
        case .tanh: nabla_vf32_tanh
        case .sigmoid: nabla_vf32_sigmoid
        }
        kernel(variant.isa, x, y, Int64(count))
    }

    /// Applies `function` with a forced kernel variant.
    static func apply(_ function: Function, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int, variant: KernelVariant) {
        let kernel = switch function {
        case .exp: nabla_vf64_exp
        case .log: nabla_vf64_log
        case .tanh: nabla_vf64_tanh
        case .sigmoid: nabla_vf64_sigmoid
        }
        kernel(variant.isa, x, y, Int64(count))
    }
}
