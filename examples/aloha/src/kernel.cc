#include "kernel.h"

#include <climits>

namespace aloha {

Simulation::~Simulation()
{
    // messages still in the FES are owned by their modules or the FES
    for (Message *m : fes)
        if (m->isPacket)
            delete m;
    fes.clear();
}

Module *Simulation::addModule(std::unique_ptr<Module> m)
{
    m->setId(static_cast<int>(modules.size()) + 1);
    modules.push_back(std::move(m));
    return modules.back().get();
}

Message *Simulation::newMessage(const std::string& name)
{
    totalMessages++;
    liveMessages++;
    Message *m = new Message();
    m->name = name;
    return m;
}

void Simulation::deleteMessage(Message *m)
{
    if (!m)
        return;
    if (m->scheduled)
        cancelEvent(m);
    liveMessages--;
    delete m;
}

void Simulation::scheduleAt(SimTime t, Message *m, Module *target)
{
    if (m->scheduled)
        throw std::runtime_error("scheduleAt(): message '" + m->name + "' is currently scheduled, use cancelEvent() first");
    if (t < now)
        throw std::runtime_error("scheduleAt(): event '" + m->name + "' cannot be scheduled into the past");
    m->arrival = t;
    m->target = target;
    m->insertOrder = insertCounter++;
    m->scheduled = true;
    fes.insert(m);
}

void Simulation::cancelEvent(Message *m)
{
    if (!m->scheduled)
        return;
    fes.erase(m);
    m->scheduled = false;
}

void Simulation::setSimulationTimeLimit(SimTime limit)
{
    endEvent.reset(new Message());
    endEvent->name = "endsimulation";
    endEvent->isEndSimulation = true;
    endEvent->priority = SHRT_MAX;  // after everything else at the same time
    scheduleAt(limit, endEvent.get(), nullptr);
}

Message *Simulation::takeNextEvent()
{
    if (fes.empty())
        return nullptr;
    Message *m = *fes.begin();
    fes.erase(fes.begin());
    m->scheduled = false;
    now = m->arrival;
    return m;
}

void Simulation::executeEvent(Message *m)
{
    eventNumber++;
    if (m->isEndSimulation)
        throw TerminationException("Simulation time limit reached");
    m->target->handleMessage(m);
}

}  // namespace aloha
