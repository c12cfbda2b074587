#include "config.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "format.h"

namespace aloha {

RunFile readRunFile(const std::string& path)
{
    FILE *in = std::fopen(path.c_str(), "r");
    if (!in)
        throw std::runtime_error("Cannot open run file '" + path + "' (given in OPP_CAMPAIGN_RUN_FILE)");
    std::vector<std::string> lines;
    char *buf = nullptr;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&buf, &cap, in)) >= 0) {
        std::string l(buf, static_cast<size_t>(len));
        if (!l.empty() && l.back() == '\n')
            l.pop_back();
        lines.push_back(l);
    }
    std::free(buf);
    std::fclose(in);

    RunFile rf;
    int lineNo = 0;
    std::vector<std::string> t;
    for (std::string line : lines) {
        lineNo++;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#')
            continue;
        std::string where = "Run file '" + path + "' line " + std::to_string(lineNo) + ": ";
        try {
            tokenizeLine(line, t);
        }
        catch (std::exception& e) {
            throw std::runtime_error(where + e.what());
        }
        const std::string& kind = t[0];
        if (kind != "attr" && kind != "itervar" && kind != "config")
            throw std::runtime_error(where + "unknown line type '" + kind + "' (expected attr, itervar or config)");
        if (t.size() != 3)
            throw std::runtime_error(where + "expected '" + kind + " <name> <value>' (quote values containing spaces)");
        if (kind == "attr") {
            if (t[1] == "datetime" || t[1] == "datetimef" || t[1] == "processid")
                throw std::runtime_error(where + "attr " + t[1] + " is computed by the simulation and must not be given");
            rf.attrs[t[1]] = t[2];
        }
        else if (kind == "itervar")
            rf.itervars[t[1]] = t[2];
        else
            rf.config.emplace_back(t[1], t[2]);
    }
    return rf;
}

namespace {

// Names of the configuration options of OMNeT++ 6.1 (the per-object ones are
// marked). Options containing '%' stand for a number.
struct KnownOption
{
    const char *name;
    bool perObject;
};

const KnownOption knownOptions[] = {
    {"abstract", false}, {"allow-object-stealing-on-deletion", false}, {"bin-recording", true},
    {"check-signals", false}, {"cmdenv-autoflush", false}, {"cmdenv-config-name", false},
    {"cmdenv-event-banner-details", false}, {"cmdenv-event-banners", false}, {"cmdenv-express-mode", false},
    {"cmdenv-extra-stack", false}, {"cmdenv-fake-gui", false}, {"cmdenv-fake-gui-after-event-probability", false},
    {"cmdenv-fake-gui-before-event-probability", false}, {"cmdenv-fake-gui-on-hold-numsteps", false},
    {"cmdenv-fake-gui-on-hold-probability", false}, {"cmdenv-fake-gui-on-simtime-numsteps", false},
    {"cmdenv-fake-gui-on-simtime-probability", false}, {"cmdenv-fake-gui-seed", false},
    {"cmdenv-interactive", false}, {"cmdenv-log-level", true}, {"cmdenv-log-prefix", false},
    {"cmdenv-output-file", false}, {"cmdenv-performance-display", false}, {"cmdenv-redirect-output", false},
    {"cmdenv-runs-to-execute", false}, {"cmdenv-status-frequency", false}, {"cmdenv-stop-batch-on-error", false},
    {"config-recording", false}, {"configuration-class", false}, {"constraint", false}, {"cpu-time-limit", false},
    {"debug-on-errors", false}, {"debug-statistics-recording", false}, {"debugger-attach-command", false},
    {"debugger-attach-on-error", false}, {"debugger-attach-on-startup", false}, {"debugger-attach-wait-time", false},
    {"description", false}, {"display-name", true}, {"display-string", true}, {"eventlog-file", false},
    {"eventlog-index-frequency", false}, {"eventlog-max-size", false}, {"eventlog-message-detail-pattern", false},
    {"eventlog-min-truncated-size", false}, {"eventlog-options", false}, {"eventlog-recording-intervals", false},
    {"eventlog-snapshot-frequency", false}, {"eventlogmanager-class", false}, {"experiment-label", false},
    {"extends", false}, {"fingerprint", false}, {"fingerprint-events", false}, {"fingerprint-ingredients", false},
    {"fingerprint-modules", false}, {"fingerprint-results", false}, {"fingerprintcalculator-class", false},
    {"fname-append-host", false}, {"futureeventset-class", false}, {"image-path", false},
    {"iteration-nesting-order", false}, {"load-libs", false}, {"max-module-nesting", false},
    {"measurement-label", false}, {"module-eventlog-recording", true}, {"ned-package-exclusions", false},
    {"ned-path", false}, {"network", false}, {"num-rngs", false}, {"output-scalar-db-commit-freq", false},
    {"output-scalar-file", false}, {"output-scalar-file-append", false}, {"output-scalar-precision", false},
    {"output-vector-db-indexing", false}, {"output-vector-file", false}, {"output-vector-file-append", false},
    {"output-vector-precision", false}, {"output-vectors-memory-limit", false}, {"outputscalarmanager-class", false},
    {"outputvectormanager-class", false}, {"parallel-simulation", false}, {"param-record-as-scalar", true},
    {"param-recording", true}, {"parameter-mutability-check", false}, {"parsim-communications-class", false},
    {"parsim-debug", false}, {"parsim-filecommunications-prefix", false},
    {"parsim-filecommunications-preserve-read", false}, {"parsim-filecommunications-read-prefix", false},
    {"parsim-idealsimulationprotocol-tablesize", false}, {"parsim-mpicommunications-mpibuffer", false},
    {"parsim-namedpipecommunications-prefix", false}, {"parsim-nullmessageprotocol-laziness", false},
    {"parsim-nullmessageprotocol-lookahead-class", false}, {"parsim-num-partitions", false},
    {"parsim-synchronization-class", false}, {"partition-id", true}, {"print-instantiated-ned-types", false},
    {"print-undisposed", false}, {"print-unused-parameters", false}, {"qtenv-default-config", false},
    {"qtenv-default-run", false}, {"qtenv-extra-stack", false}, {"real-time-limit", false},
    {"realtimescheduler-scaling", false}, {"record-eventlog", false}, {"repeat", false},
    {"replication-label", false}, {"result-dir", false}, {"result-recording-modes", true},
    {"resultdir-subdivision", false}, {"rng-%", true}, {"rng-class", false}, {"runnumber-width", false},
    {"scalar-recording", true}, {"scheduler-class", false}, {"sectionbasedconfig-configreader-class", false},
    {"seed-%-lcg32", false}, {"seed-%-mt", false}, {"seed-%-mt-p%", false}, {"seed-set", false},
    {"sim-time-limit", false}, {"simtime-resolution", false}, {"simtime-scale", false}, {"snapshot-file", false},
    {"snapshotmanager-class", false}, {"statistic-recording", true}, {"total-stack", false}, {"typename", true},
    {"user-interface", false}, {"vector-buffer", true}, {"vector-record-empty", true},
    {"vector-record-eventnumbers", true}, {"vector-recording", true}, {"vector-recording-intervals", true},
    {"warmup-period", false}, {"warnings", false}, {"with-akaroa", true},
};

// matches an option name against a name with '%' placeholders for numbers
bool optionNameMatches(const char *pattern, const std::string& name)
{
    size_t i = 0;
    for (const char *p = pattern; *p; p++) {
        if (*p == '%') {
            size_t start = i;
            while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i])))
                i++;
            if (i == start)
                return false;
        }
        else {
            if (i >= name.size() || name[i] != *p)
                return false;
            i++;
        }
    }
    return i == name.size();
}

const KnownOption *lookupOption(const std::string& name)
{
    for (const KnownOption& o : knownOptions)
        if (optionNameMatches(o.name, name))
            return &o;
    return nullptr;
}

// options whose values may be written as a quoted string literal
const std::set<std::string> stringOptions = {
    "description", "network", "result-dir", "output-scalar-file", "output-vector-file", "cmdenv-output-file",
    "eventlog-file", "snapshot-file", "experiment-label", "measurement-label", "replication-label",
    "cmdenv-log-prefix", "cmdenv-config-name", "cmdenv-runs-to-execute", "user-interface", "ned-path",
    "image-path", "load-libs", "fingerprint",
};

}  // namespace

void validateCommandLineOption(const std::string& key, const std::string& value)
{
    if (value.empty())
        throw std::runtime_error("Missing value for command-line option --" + key);
    size_t lastDot = key.rfind('.');
    bool containsDot = lastDot != std::string::npos;
    std::string option = containsDot ? key.substr(lastDot + 1) : key;
    bool isConfigKey = !containsDot || option.find('-') != std::string::npos;
    if (!isConfigKey)
        return;  // a parameter assignment such as --Aloha.numHosts=5
    const KnownOption *o = lookupOption(option);
    if (!o)
        throw std::runtime_error("Unknown command-line configuration option --" + key);
    if (containsDot && !o->perObject)
        throw std::runtime_error("Invalid command-line configuration option --" + key + ": " + option +
                                 " is not a per-object option");
}

std::string unquoteIfQuoted(const std::string& value)
{
    if (value.size() < 2 || value.front() != '"')
        return value;
    std::vector<std::string> t;
    try {
        tokenizeLine(value, t);
    }
    catch (std::exception&) {
        return value;
    }
    return t.size() == 1 ? t[0] : value;
}

Config::Config(const std::map<std::string, std::string>& cmdline,
               const std::vector<std::pair<std::string, std::string>>& runFileConfig)
{
    auto add = [this](const std::string& key, const std::string& value, bool fromCmdline) {
        Entry e;
        e.key = key;
        e.value = value;
        size_t lastDot = key.rfind('.');
        if (lastDot != std::string::npos) {
            e.objectPart = key.substr(0, lastDot);
            e.optionPart = key.substr(lastDot + 1);
            e.isParamKey = e.optionPart.find('-') == std::string::npos;
            e.pattern = Pattern(e.isParamKey ? key : e.objectPart);
        }
        else {
            e.optionPart = key;
            e.isParamKey = false;
        }
        // OMNeT++ records string options given on the command line without their quotes
        if (fromCmdline && lastDot == std::string::npos && stringOptions.count(key))
            e.value = unquoteIfQuoted(value);
        entries.push_back(e);
    };
    for (const auto& kv : cmdline)
        add(kv.first, kv.second, true);
    for (const auto& kv : runFileConfig)
        add(kv.first, kv.second, false);
}

std::optional<std::string> Config::option(const std::string& name) const
{
    for (const Entry& e : entries)
        if (e.objectPart.empty() && e.key == name)
            return e.value;
    return std::nullopt;
}

std::optional<std::string> Config::perObject(const std::string& objectPath, const std::string& name) const
{
    for (const Entry& e : entries)
        if (!e.objectPart.empty() && !e.isParamKey && e.optionPart == name && e.pattern.matches(objectPath))
            return e.value;
    return std::nullopt;
}

std::optional<std::string> Config::param(const std::string& fullPath) const
{
    for (const Entry& e : entries) {
        if (!e.isParamKey || !e.pattern.matches(fullPath))
            continue;
        if (e.value == "default")
            return std::nullopt;
        if (e.value == "ask")
            throw std::runtime_error("Parameter " + fullPath + " is set to 'ask', but interactive input is not supported");
        return e.value;
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> Config::all() const
{
    std::vector<std::pair<std::string, std::string>> r;
    for (const Entry& e : entries)
        r.emplace_back(e.key, e.value);
    return r;
}

}  // namespace aloha
