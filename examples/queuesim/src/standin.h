// What a stand-in for an OMNeT++ simulation executable needs to look like one from the outside:
// opp_run's command line (-u -c -r -f -n -l -x -i -s, --KEY=VALUE), the run file opp-campaign
// passes in OPP_CAMPAIGN_RUN_FILE (the header of the .sca file, ready to copy), and a .sca file
// (version 3) under the name OMNeT++ would give it. Errors end the program like Cmdenv's.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace standin {

[[noreturn]] inline void fail(const std::string& msg)
{
    std::fflush(stdout);
    std::fprintf(stderr, "\n<!> Error: %s\n", msg.c_str());
    std::exit(1);
}

struct Run
{
    std::map<char, std::vector<std::string>> opts;  // -n, -l, -x, -i, -c, -r, -f, -u
    std::map<std::string, std::string> longOpts;    // --KEY=VALUE
    std::map<std::string, std::string> attrs;
    std::vector<std::string> headerLines;           // attr/itervar/config lines of the run file
    std::vector<std::pair<std::string, std::string>> config;  // config KEY VALUE, in order

    /** A config value: command line first, then the run file; keys match exactly or by suffix. */
    std::string param(const std::string& suffix, const std::string& dflt = "") const
    {
        auto matches = [&](const std::string& k) {
            return k == suffix || (k.size() > suffix.size() && k.compare(k.size() - suffix.size(), suffix.size(), suffix) == 0 &&
                                   k[k.size() - suffix.size() - 1] == '.');
        };
        for (const auto& kv : longOpts)
            if (matches(kv.first))
                return kv.second;
        for (const auto& kv : config)
            if (matches(kv.first))
                return kv.second;
        return dflt;
    }

    std::string attr(const std::string& k, const std::string& dflt = "") const
    {
        auto it = attrs.find(k);
        return it == attrs.end() ? dflt : it->second;
    }
};

/** The last field of a run-file line, unquoted (the values this stand-in reads are simple). */
inline std::string unquote(const std::string& s)
{
    if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
        return s.substr(1, s.size() - 2);
    return s;
}

inline Run parse(int argc, char **argv)
{
    Run run;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0) {
            size_t eq = a.find('=');
            if (eq == std::string::npos)
                fail("Missing value for command-line option " + a);
            run.longOpts[a.substr(2, eq - 2)] = a.substr(eq + 1);
        }
        else if (a == "-s")
            continue;
        else if (a.size() == 2 && a[0] == '-' && std::string("ucrfnlxi").find(a[1]) != std::string::npos) {
            if (i + 1 >= argc)
                fail("command-line option " + a + " is missing required argument");
            run.opts[a[1]].push_back(argv[++i]);
        }
        else
            fail("Invalid command-line option " + a + ", try -h for help");
    }
    const char *rf = std::getenv("OPP_CAMPAIGN_RUN_FILE");
    if (!rf || !*rf)
        fail("no run file: start me through opp-campaign (OPP_CAMPAIGN_RUN_FILE)");
    std::ifstream in(rf);
    if (!in)
        fail(std::string("Cannot open run file '") + rf + "'");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#')
            continue;
        run.headerLines.push_back(line);
        size_t s1 = line.find(' '), s2 = line.find(' ', s1 + 1);
        if (s1 == std::string::npos || s2 == std::string::npos)
            fail("bad run file line: " + line);
        std::string kind = line.substr(0, s1), key = line.substr(s1 + 1, s2 - s1 - 1), value = line.substr(s2 + 1);
        if (kind == "attr")
            run.attrs[key] = unquote(value);
        else if (kind == "config")
            run.config.emplace_back(key, unquote(value));
    }
    if (run.longOpts.count("result-dir"))
        run.attrs["resultdir"] = run.longOpts["result-dir"];
    return run;
}

inline std::string fmt(double v)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.14g", v);
    return buf;
}

/** Writes `scalars` (module, name, value) into the run's .sca file, under OMNeT++'s name for it. */
inline void writeScalars(const Run& run, const std::vector<std::pair<std::string, double>>& scalars, const std::string& module)
{
    std::string dir = run.attr("resultdir", "results");
    std::string path = dir + "/" + run.attr("configname", "General") + "-" + run.attr("iterationvarsf") + "#" +
                       run.attr("repetition", "0") + ".sca";
    for (size_t p = path.find('/', 1); p != std::string::npos; p = path.find('/', p + 1))
        mkdir(path.substr(0, p).c_str(), 0777);
    char dt[32];
    std::time_t now = std::time(nullptr);
    std::tm tmv{};
    localtime_r(&now, &tmv);
    std::strftime(dt, sizeof(dt), "%Y%m%d-%H:%M:%S", &tmv);
    std::string pid = std::to_string(static_cast<long>(getpid()));
    std::string text = "version 3\nrun " + run.attr("configname") + "-" + run.attr("runnumber") + "-" + dt + "-" + pid + "\n";
    for (const auto& l : run.headerLines)
        text += l + "\n";
    text += "\n";
    for (const auto& s : scalars)
        text += "scalar " + module + " " + s.first + " " + fmt(s.second) + "\n";
    text += "\n";
    std::string tmp = path + ".tmp";
    FILE *f = std::fopen(tmp.c_str(), "w");
    if (!f)
        fail("Cannot open output scalar file '" + path + "'");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    std::rename(tmp.c_str(), path.c_str());
}

}  // namespace standin
