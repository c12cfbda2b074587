// Which scheduling this build of the library does (the Priority feature's C++ folder).
#include "../queue.h"

namespace queuelib {

const char *Queue::scheduling()
{
#ifdef QUEUELIB_WITH_PRIORITY
    return "priority";
#else
    return "fifo";
#endif
}

}  // namespace queuelib
