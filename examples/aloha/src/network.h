// The Aloha network: one server and numHosts hosts, built from the configuration.
#pragma once
#include <vector>

#include "host.h"
#include "kernel.h"
#include "params.h"
#include "recording.h"
#include "server.h"

namespace aloha {

class AlohaNetwork : public Module
{
  private:
    Recording& rec;
    Param numHosts, txRate, slotTime;
    Server *server = nullptr;
    std::vector<Host *> hosts;

  public:
    AlohaNetwork(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& name);
    // creates the submodules (evaluates their parameters)
    void build(const ParamFactory& pf);
    void handleMessage(Message *) override {}
    // initialize()/finish() of all modules in OMNeT++'s order
    void callInitialize();
    void callFinish();
};

}  // namespace aloha
