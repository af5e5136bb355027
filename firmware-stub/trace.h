#include "trace/trace-hw_misc_goya_firmware_stub.h"
