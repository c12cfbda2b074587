#include "server.h"

#include <cmath>

namespace aloha {

Server::Server(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& path)
    : Module(sim, path, "Server", "aloha::Server"),
      rec(rec),
      x(pf.make(path, "x", Param::DOUBLE, "m", false, "uniform(0m, 1000m)")),
      y(pf.make(path, "y", Param::DOUBLE, "m", false, "uniform(0m, 1000m)")),
      animationHoldTimeOnCollision(pf.make(path, "animationHoldTimeOnCollision", Param::DOUBLE, "s", false, "0s"))
{
}

Server::~Server()
{
    sim.deleteMessage(endRxEvent);
}

void Server::initialize()
{
    channelStateVector.init(rec, *this, "serverChannelState",
                            {{"enum", "IDLE=0,TRANSMISSION=1,COLLISION=2"}, {"recordingmode", "vector"},
                             {"source", "channelState"}, {"title", "Channel state"}});
    endRxEvent = sim.newMessage("end-reception");
    channelBusy = false;
    emitChannelState(IDLE);
    currentCollisionNumFrames = 0;
    receiveCounter = 0;
    emitReceive(simTime(), 0);
}

void Server::emitReceive(SimTime t, double value)
{
    // sum(receive), recorded as "last"
    receiveSum += value;
    receivedFramesLast = receiveSum;
    // timeavg(receive), recorded as "last"
    if (!std::isnan(avgLastValue)) {
        avgTotalTime += t - avgLastTime;
        avgWeightedSum += avgLastValue * (t - avgLastTime).dbl();
    }
    avgLastTime = t;
    avgLastValue = value;
    double avg = avgWeightedSum / avgTotalTime.dbl();
    if (!std::isnan(avg))
        utilizationLast = avg;
}

void Server::emitCollision(double value)
{
    collisionMultiplicityHist.collect(value);
    collisionSum += value;
    collidedFramesLast = collisionSum;
}

void Server::emitCollisionLength(double value)
{
    collisionLengthHist.collect(value);
    collisionLengthCount++;
    collisionLengthSum += value;
    if (value > collisionLengthMax)
        collisionLengthMax = value;
}

void Server::handleMessage(Message *msg)
{
    if (msg == endRxEvent) {
        log("reception finished");
        channelBusy = false;
        emitChannelState(IDLE);

        SimTime dt = simTime() - recvStartTime;
        if (currentCollisionNumFrames == 0) {
            emitReceive(recvStartTime, 1);  // start of the reception, timestamped
            emitReceive(simTime(), 0);      // end of the reception
        }
        else {
            emitCollision(static_cast<double>(currentCollisionNumFrames));
            emitCollisionLength(dt.dbl());
        }
        currentCollisionNumFrames = 0;
        receiveCounter = 0;
        return;
    }

    if (!msg->isPacket)
        throw std::runtime_error("Server: unexpected message '" + msg->name + "'");
    SimTime endReceptionTime = simTime() + msg->duration;
    ++receiveCounter;
    if (!channelBusy) {
        log("started receiving");
        recvStartTime = simTime();
        channelBusy = true;
        emitChannelState(TRANSMISSION);
        scheduleAt(endReceptionTime, endRxEvent);
    }
    else {
        log("another frame arrived while receiving -- collision!");
        emitChannelState(COLLISION);
        if (currentCollisionNumFrames == 0)
            currentCollisionNumFrames = 2;
        else
            currentCollisionNumFrames++;
        if (endReceptionTime > endRxEvent->arrival) {
            sim.cancelEvent(endRxEvent);
            scheduleAt(endReceptionTime, endRxEvent);
        }
    }
    channelBusy = true;
    sim.deleteMessage(msg);
}

void Server::finish()
{
    rec.recordParams(*this, {&x, &y, &animationHoldTimeOnCollision});
    log("duration: " + simTime().str());
    rec.recordScalar(*this, "", "duration", simTime().dbl(), {});

    // results of the @statistic declarations
    rec.recordHistogram(*this, "collisionLength", "collisionLength:histogram", collisionLengthHist,
                        {{"recordingmode", "histogram"}, {"title", "collision length"}});
    rec.recordScalar(*this, "collisionLength", "collisionLength:mean",
                     collisionLengthSum / static_cast<double>(collisionLengthCount),
                     {{"recordingmode", "mean"}, {"title", "collision length, mean"}});
    rec.recordScalar(*this, "collisionLength", "collisionLength:sum", collisionLengthSum,
                     {{"recordingmode", "sum"}, {"title", "collision length, sum"}});
    rec.recordScalar(*this, "collisionLength", "collisionLength:max",
                     std::isinf(collisionLengthMax) ? NaN : collisionLengthMax,
                     {{"recordingmode", "max"}, {"title", "collision length, max"}});
    rec.recordHistogram(*this, "collisionMultiplicity", "collisionMultiplicity:histogram", collisionMultiplicityHist,
                        {{"recordingmode", "histogram"}, {"source", "collision"}, {"title", "collision multiplicity"}});
    rec.recordScalar(*this, "collidedFrames", "collidedFrames:last", collidedFramesLast,
                     {{"recordingmode", "last"}, {"source", "sum(collision)"}, {"title", "collided frames, last"}});
    rec.recordScalar(*this, "channelUtilization", "channelUtilization:last", utilizationLast,
                     {{"interpolationmode", "linear"}, {"recordingmode", "last"}, {"source", "timeavg(receive)"},
                      {"title", "channel utilization, last"}});
    rec.recordScalar(*this, "receivedFrames", "receivedFrames:last", receivedFramesLast,
                     {{"recordingmode", "last"}, {"source", "sum(receive)"}, {"title", "received frames, last"}});
}

}  // namespace aloha
