// libFuzzer's driver, linked in by `-sanitize=fuzzer`: runs `callback` on each input, taking the
// usual libFuzzer flags and corpus directories from the command line.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
