// An ALOHAnet station: generates packets with random inter-arrival times and
// transmits them to the server (aligned to slot boundaries if slotTime > 0).
#pragma once
#include <cstdint>

#include "kernel.h"
#include "params.h"
#include "recording.h"

namespace aloha {

class Server;

class Host : public Module
{
  public:
    enum State { IDLE = 0, TRANSMIT = 1 };

  private:
    static constexpr double PROPAGATION_SPEED = 299792458.0;
    Recording& rec;
    Server *server;
    Param txRate, pkLenBits, iaTime, slotTimePar, x, y;
    Param idleAnimationSpeed, transmissionEdgeAnimationSpeed, midTransmissionAnimationSpeed, controlAnimationSpeed;

    Message *endTxEvent = nullptr;
    State state = IDLE;
    int pkCounter = 0;
    SimTime slotTime;
    bool isSlotted = false;
    double radioDelay = 0;
    OutVector radioStateVector;

    SimTime getNextTransmissionTime();

  public:
    // txRateExpr/slotTimeExpr: the values inherited from the network ("txRate = parent.txRate")
    Host(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& path, Server *server,
         const std::string& txRateExpr, const std::string& slotTimeExpr);
    ~Host() override;
    void initialize() override;
    void handleMessage(Message *msg) override;
    void finish() override;
};

}  // namespace aloha
