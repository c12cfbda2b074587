#include "host.h"

#include <cmath>

#include "server.h"

namespace aloha {

Host::Host(Simulation& sim, Recording& rec, const ParamFactory& pf, const std::string& path, Server *server,
           const std::string& txRateExpr, const std::string& slotTimeExpr)
    : Module(sim, path, "Host", "aloha::Host"),
      rec(rec),
      server(server),
      txRate(pf.fixed(path, "txRate", Param::DOUBLE, "bps", txRateExpr)),
      pkLenBits(pf.make(path, "pkLenBits", Param::INT, "b", true, "952b")),
      iaTime(pf.make(path, "iaTime", Param::DOUBLE, "s", true, "exponential(2s)")),
      slotTimePar(pf.fixed(path, "slotTime", Param::DOUBLE, "s", slotTimeExpr)),
      x(pf.make(path, "x", Param::DOUBLE, "m", false, "uniform(0m, 1000m)")),
      y(pf.make(path, "y", Param::DOUBLE, "m", false, "uniform(0m, 1000m)")),
      idleAnimationSpeed(pf.make(path, "idleAnimationSpeed", Param::DOUBLE, "", false, "1")),
      transmissionEdgeAnimationSpeed(pf.make(path, "transmissionEdgeAnimationSpeed", Param::DOUBLE, "", false, "1e-6")),
      midTransmissionAnimationSpeed(pf.make(path, "midTransmissionAnimationSpeed", Param::DOUBLE, "", false, "1e-1")),
      controlAnimationSpeed(pf.make(path, "controlAnimationSpeed", Param::BOOL, "", false, "true"))
{
}

Host::~Host()
{
    sim.deleteMessage(endTxEvent);
}

void Host::initialize()
{
    radioStateVector.init(rec, *this, "radioState",
                          {{"enum", "IDLE=0,TRANSMIT=1"}, {"recordingmode", "vector"}, {"source", "state"},
                           {"title", "Radio state"}});
    slotTime = SimTime::fromDouble(slotTimePar.doubleValue());
    isSlotted = slotTime > SimTime();

    endTxEvent = sim.newMessage("send/endTx");
    state = IDLE;
    radioStateVector.record(state);
    pkCounter = 0;

    double hx = x.doubleValue(), hy = y.doubleValue();
    double sx = server->getX(), sy = server->getY();
    double dist = std::sqrt((hx - sx) * (hx - sx) + (hy - sy) * (hy - sy));
    radioDelay = dist / PROPAGATION_SPEED;

    scheduleAt(getNextTransmissionTime(), endTxEvent);
}

SimTime Host::getNextTransmissionTime()
{
    SimTime t = simTime() + SimTime::fromDouble(iaTime.doubleValue());
    if (!isSlotted)
        return t;
    // align the next transmission to a slot boundary
    return slotTime.mul(std::ceil(t.div(slotTime)));
}

void Host::handleMessage(Message *msg)
{
    if (msg != endTxEvent)
        throw std::runtime_error("Host: unexpected message '" + msg->name + "'");

    if (state == IDLE) {
        std::string pkname = "pk-" + std::to_string(getId()) + "-#" + std::to_string(pkCounter++);
        log("generating packet " + pkname);

        state = TRANSMIT;
        radioStateVector.record(state);

        Message *pk = sim.newMessage(pkname);
        pk->isPacket = true;
        pk->bitLength = pkLenBits.intValue();
        SimTime duration = SimTime::fromDouble(static_cast<double>(pk->bitLength) / txRate.doubleValue());
        pk->duration = duration;
        // direct transmission to the server; it arrives at the start of the reception
        sim.scheduleAt(simTime() + SimTime::fromDouble(radioDelay), pk, server);

        scheduleAt(simTime() + duration, endTxEvent);
    }
    else {
        // end of transmission
        state = IDLE;
        radioStateVector.record(state);
        scheduleAt(getNextTransmissionTime(), endTxEvent);
    }
}

void Host::finish()
{
    rec.recordParams(*this, {&txRate, &pkLenBits, &iaTime, &slotTimePar, &x, &y, &idleAnimationSpeed,
                             &transmissionEdgeAnimationSpeed, &midTransmissionAnimationSpeed, &controlAnimationSpeed});
}

}  // namespace aloha
