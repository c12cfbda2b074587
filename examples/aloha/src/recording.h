// Result recording on behalf of the modules: honours the per-object options
// vector-recording, scalar-recording, statistic-recording, bin-recording,
// param-recording and vector-record-eventnumbers.
#pragma once
#include <string>
#include <vector>

#include "config.h"
#include "kernel.h"
#include "params.h"
#include "resultfiles.h"

namespace aloha {

class Recording
{
  private:
    const Config& cfg;
    Simulation& sim;
    ScalarWriter& sca;
    VectorWriter& vec;

  public:
    Recording(const Config& cfg, Simulation& sim, ScalarWriter& sca, VectorWriter& vec)
        : cfg(cfg), sim(sim), sca(sca), vec(vec) {}

    bool enabled(const std::string& objectPath, const char *option, bool defaultValue = true) const;
    Simulation& simulation() { return sim; }
    VectorWriter& vectors() { return vec; }

    void recordParams(const Module& m, const std::vector<const Param *>& params);
    void recordScalar(const Module& m, const std::string& statName, const std::string& name, double value, const StringMap& attrs);
    void recordHistogram(const Module& m, const std::string& statName, const std::string& name, Histogram& h, const StringMap& attrs);
};

// An output vector fed by a statistic with record=vector.
class OutVector
{
  private:
    Recording *rec = nullptr;
    const Module *module = nullptr;
    std::string name;
    StringMap attrs;
    bool isEnabled = false;
    bool eventNumbers = true;
    int handle = -1;

  public:
    OutVector() = default;
    void init(Recording& r, const Module& m, const std::string& statName, const StringMap& attributes);
    void record(double value);
};

}  // namespace aloha
