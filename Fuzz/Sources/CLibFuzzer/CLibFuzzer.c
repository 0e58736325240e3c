// A C target needs one source file; what include/CLibFuzzer.h declares is defined by libFuzzer,
// which `-sanitize=fuzzer` links in.
