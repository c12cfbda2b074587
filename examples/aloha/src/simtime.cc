#include "simtime.h"

namespace aloha {

std::string SimTime::str() const
{
    if (t == 0)
        return "0";
    bool negative = t < 0;
    // work with the absolute value as unsigned to be safe at INT64_MIN
    uint64_t u = negative ? static_cast<uint64_t>(-(t + 1)) + 1 : static_cast<uint64_t>(t);
    const int decimals = -SCALE_EXP;
    std::string digits = std::to_string(u);
    if (static_cast<int>(digits.size()) <= decimals)
        digits.insert(0, static_cast<size_t>(decimals + 1 - static_cast<int>(digits.size())), '0');
    std::string intPart = digits.substr(0, digits.size() - decimals);
    std::string frac = digits.substr(digits.size() - decimals);
    while (!frac.empty() && frac.back() == '0')
        frac.pop_back();
    std::string r = negative ? "-" : "";
    r += intPart;
    if (!frac.empty())
        r += "." + frac;
    return r;
}

}  // namespace aloha
