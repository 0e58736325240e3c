import CNablaKernels

/// Instruction-set variant of the C compute kernels.
///
/// `.automatic` picks the best variant the running CPU supports; the explicit cases force one
/// code path (the tests use this to cover every variant the machine can run). Forcing a variant
/// the CPU lacks silently runs the best supported one instead.
enum KernelVariant: CaseIterable, Sendable, CustomStringConvertible {
    case automatic
    /// Plain C vector code that compiles for any CPU (SSE2 on x86-64, NEON on arm64).
    case portable
    /// x86-64 AVX2 + FMA.
    case avx2
    /// x86-64 AVX-512F.
    case avx512

    /// The C-side selector.
    var isa: nabla_isa {
        switch self {
        case .automatic: NABLA_ISA_AUTO
        case .portable: NABLA_ISA_PORTABLE
        case .avx2: NABLA_ISA_AVX2
        case .avx512: NABLA_ISA_AVX512
        }
    }

    /// Whether the running CPU supports this variant.
    var isSupported: Bool { nabla_isa_is_supported(isa) != 0 }

    /// The concrete variants this CPU can run.
    static var supported: [KernelVariant] { allCases.filter { $0 != .automatic && $0.isSupported } }

    /// The variant `.automatic` resolves to on this CPU.
    static var best: KernelVariant {
        switch nabla_isa_best() {
        case NABLA_ISA_AVX512: .avx512
        case NABLA_ISA_AVX2: .avx2
        default: .portable
        }
    }

    var description: String { String(cString: nabla_isa_name(isa)) }
}
