// Command-line parsing with OMNeT++'s rules (opp_run / Cmdenv): short options
// "-f x" or "-fx", long options "--key=value" (or "--key value"), "--" ends
// the options, other arguments are ini files.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace aloha {

struct Args
{
    std::map<char, std::vector<std::string>> shortOpts;  // option -> values (empty string if no argument)
    std::map<std::string, std::string> longOpts;       // sorted, later ones override earlier ones
    std::vector<std::string> positional;

    bool has(char c) const { return shortOpts.count(c) != 0; }
    // last value of an option, or "" if not given
    std::string last(char c) const;
    std::vector<std::string> all(char c) const;
};

// The option letters of opp_run: "h?f:u:l:c:r:n:x:i:p:q:e:avwsm" (':' = has argument, '?' = optional).
// Throws std::runtime_error with OMNeT++'s message on invalid options.
Args parseArgs(int argc, char **argv, const char *spec);

}  // namespace aloha
