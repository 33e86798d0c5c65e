// The allocator settings are inline functions in the header; SwiftPM wants one source file.
#include "CAllocator.h"
