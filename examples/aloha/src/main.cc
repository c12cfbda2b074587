// aloha: a stand-in for an OMNeT++ simulation executable (the "aloha" sample),
// used to demonstrate and test opp-campaign without an OMNeT++ installation.
// It takes opp_run's command-line options, prints Cmdenv-style progress, and
// writes result files in OMNeT++ 6.1's text formats (.sca, .vec, .vci).
#include <cstdio>
#include <stdexcept>

#include "args.h"
#include "cmdenv.h"
#include "config.h"

using namespace aloha;

static const char *ARGSPEC = "h?f:u:l:c:r:n:x:i:p:q:e:avwsm";

static void printHelp()
{
    std::fputs(
        "Usage: aloha [options] [inifile...]\n"
        "Demo model of opp-campaign: simulates pure and slotted ALOHA like OMNeT++'s aloha\n"
        "sample and writes OMNeT++ 6.1 result files. Parameters of the run come from the run\n"
        "file named by the OPP_CAMPAIGN_RUN_FILE environment variable (see README.md).\n"
        "\n"
        "  -u Cmdenv                 user interface (only Cmdenv)\n"
        "  -f <inifile>              recorded as ${inifile}; not parsed\n"
        "  -c <config>               configuration name (must match the run file)\n"
        "  -r <run>                  run number (must match the run file)\n"
        "  -s                        silent: no banner\n"
        "  --<option>=<value>        configuration option or parameter assignment, e.g.\n"
        "                            --sim-time-limit=3min --result-dir=out --seed-set=3\n"
        "                            --cmdenv-express-mode=false --Aloha.numHosts=5\n",
        stdout);
}

int main(int argc, char **argv)
{
    Args args;
    try {
        args = parseArgs(argc, argv, ARGSPEC);
    }
    catch (std::exception& e) {
        std::fprintf(stderr, "\n<!> Error: %s\n", e.what());
        return 1;
    }

    bool verbose = !args.has('s');
    if (verbose) {
        std::fputs("OMNeT++ Discrete Event Simulation  (opp-campaign demo model, not OMNeT++)\n"
                   "Version: 6.1-compatible results, build: aloha-demo, edition: MIT License\n"
                   "See the license for distribution terms and warranty disclaimer\n\n",
                   stdout);
        std::fflush(stdout);
    }

    int exitCode = 1;
    try {
        if (args.has('h')) {
            printHelp();
            exitCode = 0;
        }
        else if (args.has('v')) {
            std::puts("Build: aloha-demo (results in OMNeT++ 6.1 text format)");
            exitCode = 0;
        }
        else if (args.has('a') || args.has('q') || args.has('x')) {
            throw std::runtime_error("This demo model does not read ini files and cannot list or query runs (-a, -q, -x); "
                                     "opp-campaign expands the runs itself");
        }
        else {
            for (const auto& kv : args.longOpts)
                validateCommandLineOption(kv.first, kv.second);
            std::string ui = args.last('u');
            if (!ui.empty() && ui != "Cmdenv") {
                if (verbose)
                    std::printf("User interface '%s' not found (not linked in or loaded dynamically).\n\n"
                                "Available ones are:\n  Cmdenv : command line user interface\n",
                                ui.c_str());
                throw std::runtime_error("Could not start user interface '" + ui + "'");
            }
            if (verbose)
                std::fputs("Setting up Cmdenv...\n\n", stdout);
            std::fflush(stdout);
            exitCode = runCmdenv(args, verbose);
        }
    }
    catch (std::exception& e) {
        std::fflush(stdout);
        std::fprintf(stderr, "\n<!> Error: %s\n", e.what());
        exitCode = 1;
    }

    if (verbose)
        std::fputs("\nEnd.\n", stdout);
    std::fflush(stdout);
    return exitCode;
}
