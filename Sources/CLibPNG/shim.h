// The system libpng (1.6), exposed to Swift as the module CLibPNG. Nabla uses only its "simplified"
// API (png_image_begin_read_from_memory / png_image_finish_read), which reports errors in the
// png_image structure instead of longjmp-ing through Swift frames.
// On Debian/Ubuntu it comes from `apt-get install libpng-dev`; on macOS from `brew install libpng`.
// libpng 1.6 installs its library as libpng16 (with libpng as a symbolic link), hence `link "png16"`.
#include <png.h>
