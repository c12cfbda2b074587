#include "cmdenv.h"

#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unistd.h>

#include "config.h"
#include "expr.h"
#include "format.h"
#include "kernel.h"
#include "network.h"
#include "params.h"
#include "recording.h"
#include "resultfiles.h"
#include "rng.h"

namespace aloha {

namespace {

volatile std::sig_atomic_t sigintReceived = 0;

extern "C" void onSignal(int)
{
    sigintReceived = 1;
}

double monotonicSecs()
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

double cpuSecs()
{
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

// "%lgs (%dm %02ds)" and friends, as Cmdenv prints elapsed time
std::string timeToStr(double t)
{
    char buf[64];
    int sec = static_cast<int>(std::floor(t));
    if (t < 3600)
        std::snprintf(buf, sizeof(buf), "%lgs (%dm %02ds)", t, sec / 60, sec % 60);
    else if (t < 86400)
        std::snprintf(buf, sizeof(buf), "%lgs (%dh %02dm)", t, sec / 3600, (sec % 3600) / 60);
    else
        std::snprintf(buf, sizeof(buf), "%lgs (%dd %02dh)", t, sec / 86400, (sec % 86400) / 3600);
    return buf;
}

// like printing a double to a default-formatted C++ stream
std::string num(double d)
{
    return fmtG(d, 6);
}

class Speedometer
{
  private:
    int64_t numEvents = 0;
    double intervalStartWall = 0;
    SimTime intervalStartSim, currentSim;
    double eventsPerSec = 0, simSecPerSec = 0, eventsPerSimSec = 0;

  public:
    void start(SimTime t)
    {
        numEvents = 0;
        intervalStartWall = monotonicSecs();
        intervalStartSim = currentSim = t;
    }
    void addEvent(SimTime t)
    {
        numEvents++;
        currentSim = t;
    }
    void beginNewInterval()
    {
        double now = monotonicSecs();
        double elapsed = now - intervalStartWall;
        if (elapsed < 0.01 || numEvents == 0) {
            eventsPerSec = simSecPerSec = eventsPerSimSec = 0;
        }
        else {
            SimTime dsim = currentSim - intervalStartSim;
            eventsPerSec = numEvents / elapsed;
            simSecPerSec = dsim.dbl() / elapsed;
            eventsPerSimSec = dsim.isZero() ? 0 : numEvents / dsim.dbl();
        }
        numEvents = 0;
        intervalStartWall = now;
        intervalStartSim = currentSim;
    }
    double getEventsPerSec() const { return eventsPerSec; }
    double getSimSecPerSec() const { return simSecPerSec; }
    double getEventsPerSimSec() const { return eventsPerSimSec; }
};

struct ErrorWithoutContext : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

std::string substituteVariables(const std::string& text, const StringMap& vars)
{
    std::string r;
    size_t i = 0;
    while (i < text.size()) {
        if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
            size_t end = text.find('}', i + 2);
            if (end == std::string::npos)
                throw std::runtime_error("Missing '}' in '" + text + "'");
            std::string name = text.substr(i + 2, end - i - 2);
            auto it = vars.find(name);
            if (it == vars.end())
                throw std::runtime_error("Unknown variable ${" + name + "} in '" + text + "'");
            r += it->second;
            i = end + 1;
        }
        else {
            r += text[i++];
        }
    }
    return r;
}

bool isInteger(const std::string& s)
{
    if (s.empty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return s.size() < 10;
}

class Run : public LogSink
{
  private:
    const Args& args;
    bool verbose;
    FILE *out = stdout;
    int savedStdout = -1;

    // configuration
    RunFile runFile;
    std::unique_ptr<Config> cfg;
    RunHeader header;
    std::string configName, runNumber, network;
    std::optional<SimTime> simTimeLimit;
    double realTimeLimit = -1, cpuTimeLimit = -1;
    bool expressMode = true, performanceDisplay = true, eventBanners = true, autoflush = false;
    double statusFrequencyMs = 2000;
    bool redirectOutput = false;
    std::string outputFile;

    // simulation
    Simulation sim;
    Rng rng;
    ScalarWriter sca;
    VectorWriter vec;
    std::unique_ptr<Recording> rec;
    AlohaNetwork *net = nullptr;
    double clockStart = 0, cpuStart = 0;
    Speedometer speedometer;

    std::optional<std::string> opt(const std::string& name) const { return cfg->option(name); }
    bool boolOpt(const std::string& name, bool def) const
    {
        auto v = opt(name);
        return v ? parseBool(*v, name) : def;
    }
    double secondsOpt(const std::string& name, double def) const
    {
        auto v = opt(name);
        if (!v)
            return def;
        Quantity q = parseQuantity(*v);
        return convertUnit(q, "s");
    }
    double bytesOpt(const std::string& name, double def) const
    {
        auto v = opt(name);
        if (!v)
            return def;
        Quantity q = parseQuantity(*v);
        return convertUnit(q, "B");
    }
    int intOpt(const std::string& name, int def) const
    {
        auto v = opt(name);
        if (!v)
            return def;
        if (!isInteger(*v))
            throw std::runtime_error("Cannot parse '" + *v + "' as integer for option " + name);
        return std::atoi(v->c_str());
    }

    void print(const std::string& s) { std::fputs(s.c_str(), out); }
    void log(const Module *, const std::string& text) override { print("[INFO]\t" + text + "\n"); }
    void flush() { std::fflush(out); }

    void setup();
    std::string progressPercentage() const;
    void doStatusUpdate();
    void printEventBanner(const Message *m);
    void checkTimeLimits();
    void simulate();
    void startRedirection();
    void stopRedirection();

  public:
    Run(const Args& args, bool verbose) : args(args), verbose(verbose) {}
    ~Run() { stopRedirection(); }
    int execute();
};

void Run::setup()
{
    if (const char *rf = std::getenv("OPP_CAMPAIGN_RUN_FILE"); rf && *rf)
        runFile = readRunFile(rf);
    StringMap& attrs = runFile.attrs;

    // which run: -c / -r must agree with the run file
    configName = args.has('c') ? args.last('c') : attrs.count("configname") ? attrs["configname"] : "General";
    if (attrs.count("configname") && attrs["configname"] != configName)
        throw std::runtime_error("Configuration '" + configName + "' (-c) does not match the run file's configname '" +
                                 attrs["configname"] + "'");
    runNumber = attrs.count("runnumber") ? attrs["runnumber"] : "0";
    if (args.has('r')) {
        std::string r = args.last('r');
        if (isInteger(r)) {
            if (attrs.count("runnumber") && std::atoi(r.c_str()) != std::atoi(runNumber.c_str()))
                throw std::runtime_error("Run " + r + " (-r) does not match the run file's runnumber " + runNumber);
            if (!attrs.count("runnumber"))
                runNumber = r;
        }
        else if (!attrs.count("runnumber")) {
            throw std::runtime_error("This demo model cannot evaluate the run filter '" + r +
                                     "' without a run file; give a single run number");
        }
    }

    cfg = std::make_unique<Config>(args.longOpts, runFile.config);
    const std::map<std::string, std::string>& cl = args.longOpts;

    // predefined variables, completed with defaults where the run file has none
    auto setDefault = [&](const std::string& k, const std::string& v) {
        if (!attrs.count(k))
            attrs[k] = v;
    };
    attrs["configname"] = configName;
    attrs["runnumber"] = runNumber;
    setDefault("iterationvars", "");
    setDefault("iterationvarsf", "");
    setDefault("iterationvarsd", "");
    setDefault("repetition", "0");
    setDefault("experiment", configName);
    setDefault("measurement", attrs["iterationvars"]);
    setDefault("replication", "#" + attrs["repetition"]);
    std::vector<std::string> inis = args.all('f');
    inis.insert(inis.end(), args.positional.begin(), args.positional.end());
    setDefault("inifile", inis.empty() ? "omnetpp.ini" : inis.front());

    if (cl.count("network"))
        attrs["network"] = unquoteIfQuoted(cl.at("network"));
    else if (!attrs.count("network"))
        attrs["network"] = unquoteIfQuoted(opt("network").value_or("Aloha"));
    network = attrs["network"];

    if (cl.count("seed-set"))
        attrs["seedset"] = cl.at("seed-set");
    else if (!attrs.count("seedset")) {
        auto s = opt("seed-set");
        attrs["seedset"] = s && isInteger(*s) ? *s : runNumber;
    }
    if (!isInteger(attrs["seedset"]))
        throw std::runtime_error("Cannot parse seed-set '" + attrs["seedset"] + "' as integer");

    std::string datetime = makeDateTimeString();
    std::string datetimef;
    for (char c : datetime)
        if (c != ':')
            datetimef += c;
    attrs["datetime"] = datetime;
    attrs["datetimef"] = datetimef;
    attrs["processid"] = std::to_string(static_cast<long>(getpid()));
    header.runId = configName + "-" + runNumber + "-" + datetime + "-" + attrs["processid"];

    StringMap vars = attrs;
    for (const auto& kv : runFile.itervars)
        vars[kv.first] = kv.second;
    vars["runid"] = header.runId;
    if (cl.count("result-dir"))
        attrs["resultdir"] = substituteVariables(unquoteIfQuoted(cl.at("result-dir")), vars);
    else if (!attrs.count("resultdir"))
        attrs["resultdir"] = substituteVariables(unquoteIfQuoted(opt("result-dir").value_or("results")), vars);
    vars["resultdir"] = attrs["resultdir"];

    header.attrs = attrs;
    header.itervars = runFile.itervars;
    header.config = cfg->all();

    // options of this run
    if (auto v = opt("sim-time-limit"))
        simTimeLimit = SimTime::fromDouble(convertUnit(parseQuantity(*v), "s"));
    realTimeLimit = secondsOpt("real-time-limit", -1);
    cpuTimeLimit = secondsOpt("cpu-time-limit", -1);
    expressMode = boolOpt("cmdenv-express-mode", true);
    performanceDisplay = boolOpt("cmdenv-performance-display", true);
    eventBanners = boolOpt("cmdenv-event-banners", true);
    autoflush = boolOpt("cmdenv-autoflush", false);
    statusFrequencyMs = 1000 * secondsOpt("cmdenv-status-frequency", 2);
    redirectOutput = boolOpt("cmdenv-redirect-output", false);
    outputFile = substituteVariables(
        unquoteIfQuoted(opt("cmdenv-output-file").value_or("${resultdir}/${configname}-${iterationvarsf}#${repetition}.out")),
        vars);

    std::string scaPath = substituteVariables(
        unquoteIfQuoted(opt("output-scalar-file").value_or("${resultdir}/${configname}-${iterationvarsf}#${repetition}.sca")),
        vars);
    std::string vecPath = substituteVariables(
        unquoteIfQuoted(opt("output-vector-file").value_or("${resultdir}/${configname}-${iterationvarsf}#${repetition}.vec")),
        vars);
    if (boolOpt("output-vector-file-append", false))
        throw std::runtime_error("OmnetppOutputVectorManager does not support append mode");
    sca.setup(scaPath, &header, intOpt("output-scalar-precision", 14));
    vec.setup(vecPath, &header, intOpt("output-vector-precision", 14), bytesOpt("vector-buffer", 1048576),
              bytesOpt("output-vectors-memory-limit", 16777216));

    // random number generator: seed-0-mt, or seedset * num-rngs + 0
    int numRngs = intOpt("num-rngs", 1);
    uint32_t seed = static_cast<uint32_t>(std::strtoul(attrs["seedset"].c_str(), nullptr, 10) * static_cast<unsigned long>(numRngs));
    if (auto s = opt("seed-0-mt")) {
        if (!isInteger(*s))
            throw std::runtime_error("Cannot parse seed-0-mt '" + *s + "' as integer");
        seed = static_cast<uint32_t>(std::strtoul(s->c_str(), nullptr, 10));
    }
    rng.seed(seed);
}

void Run::startRedirection()
{
    std::fflush(stdout);
    makeDirectoryOf(outputFile);
    int fd = open(outputFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0666);
    if (fd < 0)
        throw std::runtime_error("Cannot open output redirection file '" + outputFile + "'");
    savedStdout = dup(1);
    dup2(fd, 1);
    close(fd);
}

void Run::stopRedirection()
{
    if (savedStdout < 0)
        return;
    std::fflush(stdout);
    dup2(savedStdout, 1);
    close(savedStdout);
    savedStdout = -1;
}

std::string Run::progressPercentage() const
{
    double ratio = -1;
    if (simTimeLimit && *simTimeLimit > SimTime())
        ratio = sim.simTime().div(*simTimeLimit);
    if (realTimeLimit > 0)
        ratio = std::max(ratio, (monotonicSecs() - clockStart) / realTimeLimit);
    if (cpuTimeLimit > 0)
        ratio = std::max(ratio, (cpuSecs() - cpuStart) / cpuTimeLimit);
    ratio = std::min(ratio, 1.0);
    if (ratio == -1)
        return "";
    char buf[64];
    // one run per process, so "total" equals the run's own progress
    std::snprintf(buf, sizeof(buf), "  %d%% completed  (%d%% total)", static_cast<int>(100 * ratio),
                  static_cast<int>(100 * ratio));
    return buf;
}

void Run::doStatusUpdate()
{
    speedometer.beginNewInterval();
    std::string elapsed = timeToStr(monotonicSecs() - clockStart);
    std::string ev = fmtI(sim.getEventNumber());
    std::string t = sim.simTime().str();
    if (performanceDisplay) {
        print("** Event #" + ev + "   t=" + t + "   Elapsed: " + elapsed + progressPercentage() + "\n");
        print("     Speed:     ev/sec=" + num(speedometer.getEventsPerSec()) + "   simsec/sec=" +
              num(speedometer.getSimSecPerSec()) + "   ev/simsec=" + num(speedometer.getEventsPerSimSec()) + "\n");
        print("     Messages:  created: " + fmtI(sim.getTotalMessageCount()) + "   present: " +
              fmtI(sim.getLiveMessageCount()) + "   in FES: " + std::to_string(sim.getFesLength()) + "\n");
    }
    else {
        print("** Event #" + ev + "   t=" + t + "   Elapsed: " + elapsed + progressPercentage() +
              "   ev/sec=" + num(speedometer.getEventsPerSec()) + "\n");
    }
    flush();
}

void Run::printEventBanner(const Message *m)
{
    std::string s = "** Event #" + fmtI(sim.getEventNumber() + 1) + "  t=" + sim.simTime().str() + progressPercentage() + "   ";
    if (m->target)
        s += m->target->getFullPath() + " (" + m->target->getNedType() + ", id=" + std::to_string(m->target->getId()) + ")";
    print(s + "\n");
}

void Run::checkTimeLimits()
{
    if (realTimeLimit <= 0 && cpuTimeLimit <= 0)
        return;
    if (expressMode && (sim.getEventNumber() & 1023) != 0)
        return;
    if (cpuTimeLimit > 0 && cpuSecs() - cpuStart >= cpuTimeLimit)
        throw TerminationException("CPU time limit reached");
    if (realTimeLimit > 0 && monotonicSecs() - clockStart >= realTimeLimit)
        throw TerminationException("Realtime limit reached");
}

void Run::simulate()
{
    sigintReceived = 0;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    auto finally = [this]() {
        if (expressMode)
            doStatusUpdate();
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
    };
    try {
        if (expressMode) {
            speedometer.start(sim.simTime());
            double lastUpdate = monotonicSecs();
            doStatusUpdate();
            while (true) {
                Message *m = sim.takeNextEvent();
                if (!m)
                    throw TerminationException("No more events, simulation completed");
                speedometer.addEvent(sim.simTime());
                if ((sim.getEventNumber() & 0xff) == 0) {
                    double now = monotonicSecs();
                    if ((now - lastUpdate) * 1000 > statusFrequencyMs) {
                        lastUpdate = now;
                        doStatusUpdate();
                    }
                }
                sim.executeEvent(m);
                checkTimeLimits();
                if (sigintReceived)
                    throw TerminationException("SIGINT or SIGTERM received, exiting");
            }
        }
        else {
            while (true) {
                Message *m = sim.takeNextEvent();
                if (!m)
                    throw TerminationException("No more events, simulation completed");
                if (eventBanners)
                    printEventBanner(m);
                if (autoflush)
                    flush();
                sim.executeEvent(m);
                checkTimeLimits();
                if (sigintReceived)
                    throw TerminationException("SIGINT or SIGTERM received, exiting");
            }
        }
    }
    catch (TerminationException& e) {
        finally();
        print(std::string("\n<!> ") + e.what() + " -- at t=" + sim.simTime().str() + "s, event #" +
              fmtI(sim.getEventNumber()) + "\n");
        return;
    }
    catch (std::exception& e) {
        finally();
        throw std::runtime_error(std::string(e.what()) + " -- at t=" + sim.simTime().str() + "s, event #" +
                                 fmtI(sim.getEventNumber()));
    }
}

int Run::execute()
{
    bool ok = false;
    try {
        setup();
        const StringMap& attrs = header.attrs;
        const std::string& itervars = attrs.at("iterationvars");
        const std::string& repetition = attrs.at("repetition");
        if (verbose)
            print("\nPreparing for running configuration " + configName + ", run #" + runNumber + "...\n");
        else
            print(configName + " run " + runNumber + ": " + itervars + ", $repetition=" + repetition + "\n");
        flush();

        if (redirectOutput) {
            if (verbose)
                print("Redirecting output to file \"" + outputFile + "\"...\n");
            startRedirection();
            if (verbose)
                print("\nRunning configuration " + configName + ", run #" + runNumber + "...\n");
        }
        if (verbose) {
            if (!itervars.empty())
                print("Scenario: " + itervars + ", $repetition=" + repetition + "\n");
            print("Assigned runID=" + header.runId + "\n");
        }

        if (network != "Aloha" && network != "aloha.Aloha")
            throw std::runtime_error("Network '" + network + "' or 'aloha." + network +
                                     "' not found, check .ini and .ned files");

        // like OMNeT++, remove results of an earlier execution of this run first
        removeOldFile(sca.getPath(), "old output scalar file");
        removeOldFile(vec.getPath(), "old output vector file");
        removeOldFile(vec.getIndexPath(), "old output vector index file");

        if (verbose)
            print("Setting up network \"" + network + "\"...\n");
        rec = std::make_unique<Recording>(*cfg, sim, sca, vec);
        ParamFactory pf(*cfg, rng);
        try {
            auto n = std::make_unique<AlohaNetwork>(sim, *rec, pf, "Aloha");
            net = static_cast<AlohaNetwork *>(sim.addModule(std::move(n)));
        }
        catch (std::exception& e) {
            throw std::runtime_error(std::string(e.what()) + " -- in module (omnetpp::cModule) Aloha (id=1), during network setup");
        }
        net->build(pf);

        if (verbose)
            print("Initializing...\n");
        if (!expressMode) {
            sim.logSink = this;
            if (eventBanners)
                for (auto& m : sim.getModules())
                    print("Initializing module " + m->getFullPath() + ", stage 0\n");
        }
        clockStart = monotonicSecs();
        cpuStart = cpuSecs();
        if (simTimeLimit)
            sim.setSimulationTimeLimit(*simTimeLimit);
        net->callInitialize();

        if (verbose)
            print("\nRunning simulation...\n");
        flush();
        simulate();

        if (verbose)
            print("\nCalling finish() at end of Run #" + runNumber + "...\n");
        net->callFinish();
        vec.commit();
        sca.commit();
        ok = true;
    }
    catch (std::exception& e) {
        flush();
        vec.discard();
        sca.discard();
        stopRedirection();
        std::string msg = e.what();
        std::string text = msg.compare(0, 5, "Error") == 0 ? "\n<!> " + msg + "\n" : "\n<!> Error: " + msg + "\n";
        std::fputs(text.c_str(), stderr);
        std::fflush(stderr);
    }
    flush();
    stopRedirection();
    if (!ok)
        return 1;
    return sigintReceived ? 2 : 0;
}

}  // namespace

int runCmdenv(const Args& args, bool verbose)
{
    Run run(args, verbose);
    return run.execute();
}

}  // namespace aloha
