#include "recording.h"

#include "expr.h"
#include "format.h"

namespace aloha {

bool Recording::enabled(const std::string& objectPath, const char *option, bool defaultValue) const
{
    std::optional<std::string> v = cfg.perObject(objectPath, option);
    return v ? parseBool(*v, std::string(option) + " for " + objectPath) : defaultValue;
}

void Recording::recordParams(const Module& m, const std::vector<const Param *>& params)
{
    const std::string& path = m.getFullPath();
    if (enabled(path + ".typename", "param-recording"))
        sca.recordParameter(path, "typename", quoted(m.getNedType()), {});
    for (const Param *p : params) {
        if (!enabled(path + "." + p->getName(), "param-recording"))
            continue;
        StringMap attrs;
        if (!p->getUnit().empty())
            attrs["unit"] = p->getUnit();
        sca.recordParameter(path, p->getName(), p->str(), attrs);
    }
}

void Recording::recordScalar(const Module& m, const std::string& statName, const std::string& name, double value, const StringMap& attrs)
{
    const std::string& path = m.getFullPath();
    if (!statName.empty() && !enabled(path + "." + statName, "statistic-recording"))
        return;
    if (!enabled(path + "." + name, "scalar-recording"))
        return;
    sca.recordScalar(path, name, value, attrs);
}

void Recording::recordHistogram(const Module& m, const std::string& statName, const std::string& name, Histogram& h, const StringMap& attrs)
{
    const std::string& path = m.getFullPath();
    if (!enabled(path + "." + statName, "statistic-recording") || !enabled(path + "." + name, "scalar-recording"))
        return;
    if (enabled(path + "." + name, "bin-recording"))
        sca.recordHistogram(path, name, h, attrs);
    else
        sca.recordStatistic(path, name, h, attrs);
}

void OutVector::init(Recording& r, const Module& m, const std::string& statName, const StringMap& attributes)
{
    rec = &r;
    module = &m;
    name = statName + ":vector";
    attrs = attributes;
    std::string objectPath = m.getFullPath() + "." + name;
    isEnabled = r.enabled(m.getFullPath() + "." + statName, "statistic-recording") &&
                r.enabled(objectPath, "vector-recording");
    eventNumbers = r.enabled(objectPath, "vector-record-eventnumbers");
}

void OutVector::record(double value)
{
    if (!isEnabled)
        return;
    if (handle < 0)
        handle = rec->vectors().registerVector(module->getFullPath(), name, attrs, eventNumbers);
    Simulation& sim = rec->simulation();
    rec->vectors().record(handle, sim.getEventNumber(), sim.simTime().raw(), value);
}

}  // namespace aloha
