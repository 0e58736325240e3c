/** Run-time CPU feature detection and variant resolution. */

#include "CNablaKernels.h"
#include "kernel_support.h"

nabla_isa nabla_isa_best(void) {
#if NABLA_HAVE_X86
    /* __builtin_cpu_supports also checks that the OS saves the wide registers (XCR0). */
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")
        && __builtin_cpu_supports("avx512vl"))
        return NABLA_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return NABLA_ISA_AVX2;
#endif
    return NABLA_ISA_PORTABLE;
}

int nabla_isa_is_supported(nabla_isa isa) {
    switch (isa) {
    case NABLA_ISA_AUTO:
    case NABLA_ISA_PORTABLE:
        return 1;
    case NABLA_ISA_AVX2:
        return nabla_isa_best() >= NABLA_ISA_AVX2;
    case NABLA_ISA_AVX512:
        return nabla_isa_best() >= NABLA_ISA_AVX512;
    }
    return 0;
}

nabla_isa nabla_isa_resolve(nabla_isa isa) {
    if (isa != NABLA_ISA_AUTO && nabla_isa_is_supported(isa))
        return isa;
    return nabla_isa_best();
}

const char *nabla_isa_name(nabla_isa isa) {
    switch (isa) {
    case NABLA_ISA_AUTO: return "auto";
    case NABLA_ISA_PORTABLE: return "portable";
    case NABLA_ISA_AVX2: return "avx2";
    case NABLA_ISA_AVX512: return "avx512";
    }
    return "unknown";
}
