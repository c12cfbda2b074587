// queuelib: a single-server queue with optional statistics and priority scheduling, chosen by
// project features (see .oppfeatures; opp-campaign writes queuelib_features.h from them).
#pragma once

#include "queuelib_features.h"

#include <deque>

namespace queuelib {

struct Job
{
    double arrival;
    bool high;  // a high-priority job (served first with the Priority feature)
};

class Queue
{
  public:
    void push(const Job& job, double now);
    bool empty() const { return low.empty() && highJobs.empty(); }
    /** Takes the next job to serve: the oldest, or with Priority the oldest high-priority one. */
    Job pop(double now);

    long served() const { return count; }
#ifdef QUEUELIB_WITH_STATS
    double meanLength(double now) const;
    double meanWait(bool high) const;
#endif
    /** "fifo" or "priority", as built. */
    static const char *scheduling();

  private:
    void account(double now);
    std::deque<Job> low, highJobs;
    long count = 0;
    double lastChange = 0, area = 0;
    double waitSum[2] = {0, 0};
    long waitCount[2] = {0, 0};
};

}  // namespace queuelib
