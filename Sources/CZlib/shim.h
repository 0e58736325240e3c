// The system zlib (inflate/deflate and crc32), exposed to Swift as the module CZlib.
// On Debian/Ubuntu it comes from `apt-get install zlib1g-dev`; macOS ships it with the SDK.
#include <zlib.h>
