// The system libjpeg (libjpeg-turbo's libjpeg 6.2 API), exposed to Swift as the module CLibJPEG.
// On Debian/Ubuntu it comes from `apt-get install libjpeg-dev`; on macOS from `brew install jpeg-turbo`.
//
// libjpeg reports errors by calling error_exit, which must not return; the usual answer is a longjmp
// back to a setjmp. A longjmp must never cross Swift frames, so the two whole operations Nabla needs,
// decoding a file held in memory and encoding pixels into memory, are written here in C, each with its
// own setjmp, and report failure as a zero return with libjpeg's message in a buffer.
#ifndef NABLA_CLIBJPEG_SHIM_H
#define NABLA_CLIBJPEG_SHIM_H

#include <setjmp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

/// The length of the message buffers passed to the functions below.
#define NABLA_JPEG_MESSAGE_LENGTH JMSG_LENGTH_MAX

/// libjpeg's error manager plus the place to jump back to and the message to keep.
struct nabla_jpeg_error {
    struct jpeg_error_mgr manager;
    jmp_buf resume;
    char *message;
};

/// Formats libjpeg's message into the caller's buffer and jumps back to the setjmp.
static void nabla_jpeg_error_exit(j_common_ptr info) {
    struct nabla_jpeg_error *error = (struct nabla_jpeg_error *)info->err;
    (*info->err->format_message)(info, error->message);
    longjmp(error->resume, 1);
}

/// Warnings (corrupt but decodable data) are not errors: the image is still read.
static void nabla_jpeg_output_message(j_common_ptr info) { (void)info; }

/// Sets up `error` to report into `message` and jump back instead of exiting; returns its manager for `info.err`.
static inline struct jpeg_error_mgr *nabla_jpeg_errors(struct nabla_jpeg_error *error, char *message) {
    struct jpeg_error_mgr *manager = jpeg_std_error(&error->manager);
    manager->error_exit = nabla_jpeg_error_exit;
    manager->output_message = nabla_jpeg_output_message;
    error->message = message;
    return manager;
}

/// Decodes the JPEG file in `data` (`size` bytes) to 8-bit RGB, row after row. Returns 1 and sets
/// `*pixels` (3 · width · height bytes from malloc, for the caller to free), `*width` and `*height`;
/// or returns 0 with the reason in `message` (NABLA_JPEG_MESSAGE_LENGTH bytes). An image of more than
/// `maximum_pixels` pixels is refused before its pixels are allocated.
static inline int nabla_jpeg_decode(const unsigned char *data, unsigned long size, unsigned long maximum_pixels,
                                    unsigned char **pixels, int *width, int *height, char *message) {
    struct jpeg_decompress_struct info;
    struct nabla_jpeg_error error;
    unsigned char *volatile buffer = NULL;
    *pixels = NULL;
    message[0] = 0;
    info.err = nabla_jpeg_errors(&error, message);
    if (setjmp(error.resume)) {
        jpeg_destroy_decompress(&info);
        free(buffer);
        return 0;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, size);
    jpeg_read_header(&info, TRUE);
    if (info.image_width == 0 || info.image_height == 0
        || (unsigned long)info.image_width * (unsigned long)info.image_height > maximum_pixels) {
        snprintf(message, NABLA_JPEG_MESSAGE_LENGTH, "image too large or empty: %u x %u pixels, the limit is %lu",
                 (unsigned)info.image_width, (unsigned)info.image_height, maximum_pixels);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    info.out_color_space = JCS_RGB;   // greyscale and YCbCr files alike come out as RGB (CMYK is refused by libjpeg)
    jpeg_start_decompress(&info);
    size_t row_bytes = (size_t)info.output_width * 3;
    buffer = malloc(row_bytes * info.output_height);
    if (buffer == NULL) {
        snprintf(message, NABLA_JPEG_MESSAGE_LENGTH, "out of memory for %u x %u pixels", (unsigned)info.output_width, (unsigned)info.output_height);
        jpeg_destroy_decompress(&info);
        return 0;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + row_bytes * info.output_scanline;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    *pixels = buffer;
    jpeg_destroy_decompress(&info);
    return 1;
}

/// Encodes `width` × `height` 8-bit RGB pixels, row after row, as a baseline JPEG file of the given
/// `quality` (1 ... 100). Returns 1 and sets `*output` (from malloc, for the caller to free) and
/// `*output_size`; or returns 0 with the reason in `message` (NABLA_JPEG_MESSAGE_LENGTH bytes).
static inline int nabla_jpeg_encode(const unsigned char *pixels, int width, int height, int quality,
                                    unsigned char **output, unsigned long *output_size, char *message) {
    struct jpeg_compress_struct info;
    struct nabla_jpeg_error error;
    *output = NULL;
    *output_size = 0;
    message[0] = 0;
    info.err = nabla_jpeg_errors(&error, message);
    if (setjmp(error.resume)) {
        jpeg_destroy_compress(&info);
        free(*output);
        *output = NULL;
        return 0;
    }
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, output, output_size);
    info.image_width = (JDIMENSION)width;
    info.image_height = (JDIMENSION)height;
    info.input_components = 3;
    info.in_color_space = JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);
    jpeg_start_compress(&info, TRUE);
    size_t row_bytes = (size_t)width * 3;
    while (info.next_scanline < info.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + row_bytes * info.next_scanline);
        jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
    jpeg_destroy_compress(&info);
    return 1;
}

#endif
