// The central ALOHAnet receiver: detects collisions and records the channel
// state, collision statistics and channel utilization.
#pragma once
#include <cstdint>
#include <limits>

#include "kernel.h"
#include "params.h"
#include "recording.h"
#include "stats.h"

namespace aloha {

class Server : public Module
{
  public:
    enum ChannelState { IDLE = 0, TRANSMISSION = 1, COLLISION = 2 };

  private:
    static constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
    Recording& rec;
    Param x, y, animationHoldTimeOnCollision;

    Message *endRxEvent = nullptr;
    bool channelBusy = false;
    int64_t currentCollisionNumFrames = 0;
    int64_t receiveCounter = 0;
    SimTime recvStartTime;

    // statistics (result filters and recorders of the @statistic declarations)
    OutVector channelStateVector;
    Histogram collisionLengthHist, collisionMultiplicityHist;
    int64_t collisionLengthCount = 0;
    double collisionLengthSum = 0, collisionLengthMax = -std::numeric_limits<double>::infinity();
    double collisionSum = 0, collidedFramesLast = NaN;   // sum(collision) -> last
    double receiveSum = 0, receivedFramesLast = NaN;     // sum(receive) -> last
    double avgLastValue = NaN, avgWeightedSum = 0, utilizationLast = NaN;  // timeavg(receive) -> last
    SimTime avgLastTime, avgTotalTime;

    void emitChannelState(ChannelState s) { channelStateVector.record(s); }
    void emitReceive(SimTime t, double value);
    void emitCollision(double value);
    void emitCollisionLength(double value);

  public:
    Server(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& path);
    ~Server() override;
    double getX() const { return x.doubleValue(); }
    double getY() const { return y.doubleValue(); }
    void initialize() override;
    void handleMessage(Message *msg) override;
    void finish() override;
};

}  // namespace aloha
