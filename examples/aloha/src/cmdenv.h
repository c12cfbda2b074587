// Cmdenv-like driver: sets up the run from the command line and the run
// file, runs the event loop with express-mode status updates (or event
// banners in normal mode), and writes the result files.
#pragma once
#include "args.h"

namespace aloha {

// Runs the simulation; returns the process exit code (0 ok, 1 error, 2 interrupted).
int runCmdenv(const Args& args, bool verbose);

}  // namespace aloha
