#include "queue.h"

namespace queuelib {

void Queue::account(double now)
{
    area += (now - lastChange) * static_cast<double>(low.size() + highJobs.size());
    lastChange = now;
}

void Queue::push(const Job& job, double now)
{
    account(now);
#ifdef QUEUELIB_WITH_PRIORITY
    (job.high ? highJobs : low).push_back(job);
#else
    low.push_back(job);
#endif
}

Job Queue::pop(double now)
{
    account(now);
    std::deque<Job>& from = highJobs.empty() ? low : highJobs;
    Job job = from.front();
    from.pop_front();
    count++;
    waitSum[job.high ? 1 : 0] += now - job.arrival;
    waitCount[job.high ? 1 : 0]++;
    return job;
}

#ifdef QUEUELIB_WITH_STATS
double Queue::meanLength(double now) const
{
    double total = area + (now - lastChange) * static_cast<double>(low.size() + highJobs.size());
    return now > 0 ? total / now : 0;
}

double Queue::meanWait(bool high) const
{
    int i = high ? 1 : 0;
    return waitCount[i] > 0 ? waitSum[i] / static_cast<double>(waitCount[i]) : 0;
}
#endif

}  // namespace queuelib
