#include "network.h"

#include <stdexcept>

#include "format.h"

namespace aloha {

AlohaNetwork::AlohaNetwork(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& name)
    : Module(sim, name, "Aloha", "omnetpp::cModule"),
      rec(rec),
      numHosts(pf.make(name, "numHosts", Param::INT, "", false, "10")),
      txRate(pf.make(name, "txRate", Param::DOUBLE, "bps", false, "9.6kbps")),
      slotTime(pf.make(name, "slotTime", Param::DOUBLE, "ms", false, "0s"))
{
    if (numHosts.intValue() < 0)
        throw std::runtime_error("Negative vector size " + fmtI(numHosts.intValue()) + " for submodule vector host[]");
}

// wraps errors with the module they occurred in, like OMNeT++ does
template <typename F>
static auto inModule(const std::string& className, const std::string& path, int id, const char *stage, F f) -> decltype(f())
{
    try {
        return f();
    }
    catch (TerminationException&) {
        throw;
    }
    catch (std::exception& e) {
        throw std::runtime_error(std::string(e.what()) + " -- in module (" + className + ") " + path +
                                 " (id=" + std::to_string(id) + "), " + stage);
    }
}

void AlohaNetwork::build(const ParamFactory& pf)
{
    const std::string base = getFullPath();
    int nextId = getId() + 1;
    server = inModule("aloha::Server", base + ".server", nextId, "during network setup", [&]() {
        return static_cast<Server *>(sim.addModule(std::make_unique<Server>(sim, rec, pf, base + ".server")));
    });
    std::string txRateExpr = fmtG(txRate.doubleValue(), 17) + "bps";
    std::string slotTimeExpr = fmtG(slotTime.doubleValue(), 17) + "ms";
    for (int64_t i = 0; i < numHosts.intValue(); i++) {
        std::string path = base + ".host[" + fmtI(i) + "]";
        Host *h = inModule("aloha::Host", path, ++nextId, "during network setup", [&]() {
            return static_cast<Host *>(
                sim.addModule(std::make_unique<Host>(sim, rec, pf, path, server, txRateExpr, slotTimeExpr)));
        });
        hosts.push_back(h);
    }
}

void AlohaNetwork::callInitialize()
{
    for (auto& m : sim.getModules())
        if (m.get() != this)
            inModule(m->getClassName(), m->getFullPath(), m->getId(), "during network initialization",
                     [&]() { m->initialize(); });
}

void AlohaNetwork::callFinish()
{
    for (auto& m : sim.getModules())
        if (m.get() != this)
            inModule(m->getClassName(), m->getFullPath(), m->getId(), "during finalization", [&]() { m->finish(); });
    rec.recordParams(*this, {&numHosts, &txRate, &slotTime});
}

}  // namespace aloha
