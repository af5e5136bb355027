#include "trace/trace-hw_misc_goya.h"
