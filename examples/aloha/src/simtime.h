// Fixed-point simulation time with picosecond resolution (OMNeT++'s default
// simtime-resolution), so times print exactly like OMNeT++ prints them.
#pragma once
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace aloha {

class SimTime
{
  public:
    static constexpr int SCALE_EXP = -12;
    static constexpr double FSCALE = 1e12;

  private:
    int64_t t = 0;

  public:
    SimTime() = default;
    static SimTime fromRaw(int64_t raw) { SimTime s; s.t = raw; return s; }
    // double seconds -> fixed point, rounding half up like OMNeT++
    static SimTime fromDouble(double seconds)
    {
        double d = std::floor(FSCALE * seconds + 0.5);
        if (!(std::fabs(d) <= 9.2e18))
            throw std::runtime_error("Cannot convert " + std::to_string(seconds) + " to simulation time: out of range");
        return fromRaw(static_cast<int64_t>(d));
    }
    int64_t raw() const { return t; }
    double dbl() const { return t * (1.0 / FSCALE); }
    bool isZero() const { return t == 0; }

    SimTime operator+(SimTime o) const { return fromRaw(t + o.t); }
    SimTime operator-(SimTime o) const { return fromRaw(t - o.t); }
    SimTime& operator+=(SimTime o) { t += o.t; return *this; }
    // SimTime * double, rounded (used for slot alignment)
    SimTime mul(double d) const
    {
        double r = std::floor(static_cast<double>(t) * d + 0.5);
        return fromRaw(static_cast<int64_t>(r));
    }
    // SimTime / SimTime -> double
    double div(SimTime o) const { return static_cast<double>(t) / static_cast<double>(o.t); }

    bool operator<(SimTime o) const { return t < o.t; }
    bool operator<=(SimTime o) const { return t <= o.t; }
    bool operator>(SimTime o) const { return t > o.t; }
    bool operator>=(SimTime o) const { return t >= o.t; }
    bool operator==(SimTime o) const { return t == o.t; }
    bool operator!=(SimTime o) const { return t != o.t; }

    // Exact decimal representation without trailing zeros ("0", "1.5", "0.099166666667").
    std::string str() const;
};

}  // namespace aloha
