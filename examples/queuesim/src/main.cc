// queuesim: an M/M/1 queue built on the queuelib project, standing in for an OMNeT++ model
// project that uses a library project (as models use INET). It takes opp_run's options; like
// opp_run it loads every -l library (it is linked with queuelib too, which is how OMNeT++
// executables usually are) and reports the NED path it was given. Results: a .sca file.
#include "standin.h"

#include <queue.h>

#include <cmath>
#include <cstdio>
#include <dlfcn.h>
#include <random>
#include <string>

int main(int argc, char **argv)
{
    standin::Run run = standin::parse(argc, argv);
    for (const std::string& lib : run.opts['l']) {
        size_t slash = lib.rfind('/');
        std::string file = lib.substr(0, slash + 1) + "lib" + lib.substr(slash + 1) + ".so";
        if (!dlopen(file.c_str(), RTLD_NOW | RTLD_GLOBAL))
            standin::fail("Cannot load library '" + file + "': " + dlerror());
        std::printf("Loaded library %s\n", file.c_str());
    }
    for (const std::string& n : run.opts['n'])
        std::printf("NED path: %s\n", n.c_str());
    for (const std::string& x : run.opts['x'])
        std::printf("NED package exclusions: %s\n", x.c_str());

    double lambda = std::stod(run.param("arrivalRate", "1"));
    double mu = std::stod(run.param("serviceRate", "1.5"));
    double highShare = std::stod(run.param("highShare", "0"));
    std::string limit = run.param("sim-time-limit", "5000s");
    double until = std::stod(limit.substr(0, limit.find_first_not_of("0123456789.")));
    std::mt19937_64 rng(1000 + std::stoul(run.attr("seedset", "0")));
    std::exponential_distribution<double> arrival(lambda), service(mu);
    std::uniform_real_distribution<double> u(0, 1);

    std::printf("Running %s run %s: mu=%g, scheduling %s\n", run.attr("configname").c_str(), run.attr("runnumber").c_str(),
                mu, queuelib::Queue::scheduling());
    queuelib::Queue q;  // the jobs waiting; the one in service is not in it
    double now = 0, nextArrival = arrival(rng), nextDeparture = INFINITY;
    while (true) {
        now = std::min(nextArrival, nextDeparture);
        if (now > until)
            break;
        if (nextArrival <= nextDeparture) {
            q.push({now, u(rng) < highShare}, now);
            if (std::isinf(nextDeparture)) {  // the server was idle: it takes the job at once
                q.pop(now);
                nextDeparture = now + service(rng);
            }
            nextArrival = now + arrival(rng);
        }
        else if (q.empty())
            nextDeparture = INFINITY;
        else {
            q.pop(now);
            nextDeparture = now + service(rng);
        }
    }
    std::printf("** Event #%ld   t=%g   Elapsed: 0.01s (0m 00s)  100%% completed  (100%% total)\n", q.served(), until);
    std::vector<std::pair<std::string, double>> scalars = {
        {"served", static_cast<double>(q.served())},
        {"priorityScheduling", std::string(queuelib::Queue::scheduling()) == "priority" ? 1 : 0},
    };
#ifdef QUEUELIB_WITH_STATS
    scalars.push_back({"meanQueueLength", q.meanLength(until)});
    scalars.push_back({"meanWaitHigh", q.meanWait(true)});
    scalars.push_back({"meanWaitLow", q.meanWait(false)});
#endif
    standin::writeScalars(run, scalars, "QueueNet.queue");
    std::printf("\n<!> Simulation time limit reached -- at t=%gs\n\nEnd.\n", until);
    return 0;
}
