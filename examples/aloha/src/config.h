// Run configuration: command-line --key=value options plus the run file
// written by opp-campaign (OPP_CAMPAIGN_RUN_FILE), with OMNeT++-style lookup
// (command line first, then run-file config lines in order; first match wins).
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "pattern.h"

namespace aloha {

struct RunFile
{
    std::map<std::string, std::string> attrs;
    std::map<std::string, std::string> itervars;
    std::vector<std::pair<std::string, std::string>> config;  // in precedence order
};

// Reads a run file; throws std::runtime_error with file name and line number.
RunFile readRunFile(const std::string& path);

// Checks a command-line --key=value option the way OMNeT++ does; throws if unknown.
void validateCommandLineOption(const std::string& key, const std::string& value);

class Config
{
  private:
    struct Entry
    {
        std::string key, value;
        Pattern pattern;  // for keys containing a dot
        bool isParamKey;  // last segment has no hyphen: a parameter assignment
        std::string objectPart, optionPart;  // split at the last dot
    };
    std::vector<Entry> entries;

  public:
    // cmdline: sorted, they take precedence; then run-file lines in order
    Config(const std::map<std::string, std::string>& cmdline,
           const std::vector<std::pair<std::string, std::string>>& runFileConfig);

    // global/per-run option such as "sim-time-limit"
    std::optional<std::string> option(const std::string& name) const;
    // per-object option such as "vector-recording" for object "Aloha.server.x:vector"
    std::optional<std::string> perObject(const std::string& objectPath, const std::string& name) const;
    // parameter value for "Aloha.host[3].iaTime"; returns nullopt if unassigned or "default"
    std::optional<std::string> param(const std::string& fullPath) const;

    // all entries, for the "config" lines of result files
    std::vector<std::pair<std::string, std::string>> all() const;
};

// A config value that may be written as a quoted string literal: unquote it.
std::string unquoteIfQuoted(const std::string& value);

}  // namespace aloha
