#include "args.h"

#include <cstring>
#include <stdexcept>

namespace aloha {

std::string Args::last(char c) const
{
    auto it = shortOpts.find(c);
    return it == shortOpts.end() || it->second.empty() ? "" : it->second.back();
}

std::vector<std::string> Args::all(char c) const
{
    auto it = shortOpts.find(c);
    return it == shortOpts.end() ? std::vector<std::string>() : it->second;
}

Args parseArgs(int argc, char **argv, const char *spec)
{
    auto find = [spec](char c) -> const char * {
        if (c == ':' || c == '?' || c == 0)
            return nullptr;
        return std::strchr(spec, c);
    };
    Args a;
    int i = 1;
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0) {
            i++;
            break;
        }
        if (arg[0] == '-' && arg[1] == '-') {
            const char *eq = std::strchr(arg, '=');
            if (eq)
                a.longOpts[std::string(arg + 2, static_cast<size_t>(eq - arg - 2))] = eq + 1;
            else if (i == argc - 1)
                a.longOpts[arg + 2] = "";
            else {
                a.longOpts[arg + 2] = argv[i + 1];
                i++;
            }
        }
        else if (arg[0] == '-' && arg[1] != 0) {
            char c = arg[1];
            const char *p = find(c);
            if (!p)
                throw std::runtime_error(std::string("Invalid command-line option ") + arg + ", try -h for help");
            std::vector<std::string>& v = a.shortOpts[c];
            bool hasArg = p[1] == ':' || p[1] == '?';
            bool optionalArg = p[1] == '?';
            if (hasArg) {
                if (arg[2])
                    v.push_back(arg + 2);
                else if (i < argc - 1 && !(optionalArg && argv[i + 1][0] == '-'))
                    v.push_back(argv[++i]);
                else if (!optionalArg)
                    throw std::runtime_error(std::string("command-line option ") + arg + " is missing required argument");
            }
            else if (arg[2]) {
                throw std::runtime_error(std::string("command-line option -") + c + " expects no argument");
            }
        }
        else {
            a.positional.push_back(arg);
        }
    }
    for (; i < argc; i++)
        a.positional.push_back(argv[i]);
    return a;
}

}  // namespace aloha
