// A minimal discrete event simulation kernel: modules, messages, and a future
// event set ordered like OMNeT++'s (arrival time, scheduling priority, insertion order).
#pragma once
#include <cstdint>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "simtime.h"

namespace aloha {

class Module;

// receives the modules' log output (EV) in Cmdenv's normal mode
class LogSink
{
  public:
    virtual ~LogSink() = default;
    virtual void log(const Module *m, const std::string& text) = 0;
};

struct Message
{
    std::string name;
    Module *target = nullptr;
    SimTime arrival;
    short priority = 0;
    uint64_t insertOrder = 0;
    bool scheduled = false;
    bool isEndSimulation = false;  // the sim-time-limit event (not a cMessage)
    // packet fields
    bool isPacket = false;
    int64_t bitLength = 0;
    SimTime duration;
};

// Thrown to end the simulation normally (time limit, signal).
class TerminationException : public std::runtime_error
{
  public:
    explicit TerminationException(const std::string& msg) : std::runtime_error(msg) {}
};

class Simulation
{
  private:
    struct Cmp
    {
        bool operator()(const Message *a, const Message *b) const
        {
            if (a->arrival != b->arrival)
                return a->arrival < b->arrival;
            if (a->priority != b->priority)
                return a->priority < b->priority;
            return a->insertOrder < b->insertOrder;
        }
    };
    std::set<Message *, Cmp> fes;
    uint64_t insertCounter = 0;
    SimTime now;
    int64_t eventNumber = 0;
    int64_t totalMessages = 0, liveMessages = 0;
    std::vector<std::unique_ptr<Module>> modules;  // index = id-1
    std::unique_ptr<Message> endEvent;

  public:
    LogSink *logSink = nullptr;  // EV output, may be null

    Simulation() = default;
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    SimTime simTime() const { return now; }
    int64_t getEventNumber() const { return eventNumber; }
    int64_t getTotalMessageCount() const { return totalMessages; }
    int64_t getLiveMessageCount() const { return liveMessages; }
    size_t getFesLength() const { return fes.size(); }

    Module *addModule(std::unique_ptr<Module> m);
    const std::vector<std::unique_ptr<Module>>& getModules() const { return modules; }

    Message *newMessage(const std::string& name);
    void deleteMessage(Message *m);
    void scheduleAt(SimTime t, Message *m, Module *target);
    void cancelEvent(Message *m);
    void setSimulationTimeLimit(SimTime limit);

    // Removes the next event from the FES and advances the clock; nullptr if empty.
    Message *takeNextEvent();
    // Executes an event taken with takeNextEvent().
    void executeEvent(Message *m);

    void log(const Module *m, const std::string& text)
    {
        if (logSink)
            logSink->log(m, text);
    }
};

class Module
{
  protected:
    Simulation& sim;
    int id = 0;
    std::string name, fullPath, nedType, className;

  public:
    Module(Simulation& sim, const std::string& fullPath, const std::string& nedType, const std::string& className)
        : sim(sim), fullPath(fullPath), nedType(nedType), className(className) {}
    virtual ~Module() = default;
    void setId(int i) { id = i; }
    int getId() const { return id; }
    const std::string& getFullPath() const { return fullPath; }
    const std::string& getNedType() const { return nedType; }
    const std::string& getClassName() const { return className; }

    virtual void initialize() {}
    virtual void handleMessage(Message *msg) = 0;
    virtual void finish() {}

    SimTime simTime() const { return sim.simTime(); }
    void scheduleAt(SimTime t, Message *m) { sim.scheduleAt(t, m, this); }
    void log(const std::string& text) const { sim.log(this, text); }
};

}  // namespace aloha
