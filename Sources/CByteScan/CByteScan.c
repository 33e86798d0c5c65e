// The scan is an inline function in the header; SwiftPM wants one source file.
#include "CByteScan.h"
