#include "rng.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace aloha {

void Rng::seed(uint32_t s)
{
    state[0] = s;
    for (int i = 1; i < N; i++)
        state[i] = 1812433253U * (state[i - 1] ^ (state[i - 1] >> 30)) + static_cast<uint32_t>(i);
    index = N;
    drawn = 0;
}

void Rng::twist()
{
    const int M = 397;
    for (int i = 0; i < N; i++) {
        uint32_t y = (state[i] & 0x80000000U) | (state[(i + 1) % N] & 0x7fffffffU);
        uint32_t next = state[(i + M) % N] ^ (y >> 1);
        if (y & 1U)
            next ^= 0x9908b0dfU;
        state[i] = next;
    }
    index = 0;
}

uint32_t Rng::intRand(uint32_t n)
{
    if (n == 0)
        throw std::runtime_error("intRand(): n must be positive");
    uint32_t maxValue = n - 1;
    uint32_t mask = maxValue;
    for (int shift = 1; shift < 32; shift *= 2)
        mask |= mask >> shift;
    uint32_t r;
    do {
        r = intRand() & mask;
    } while (r > maxValue);
    return r;
}

double uniformDist(Rng& rng, double a, double b)
{
    if (a > b)
        throw std::runtime_error("uniform(): Wrong parameters a=" + std::to_string(a) + " and b=" + std::to_string(b) + ": a <= b required");
    return a + rng.doubleRand() * (b - a);
}

double exponentialDist(Rng& rng, double mean)
{
    return -mean * std::log(1.0 - rng.doubleRand());
}

double normalDist(Rng& rng, double mean, double stddev)
{
    double u = 1.0 - rng.doubleRand();
    double v = 1.0 - rng.doubleRand();
    return mean + stddev * std::sqrt(-2.0 * std::log(u)) * std::cos(M_PI * 2 * v);
}

double truncNormalDist(Rng& rng, double mean, double stddev)
{
    double r;
    do {
        r = normalDist(rng, mean, stddev);
    } while (r < 0);
    return r;
}

int64_t intUniformDist(Rng& rng, int64_t a, int64_t b)
{
    if (a > b)
        throw std::runtime_error("intuniform(): Wrong parameters a=" + std::to_string(a) + " and b=" + std::to_string(b) + ": a <= b required");
    uint64_t range = static_cast<uint64_t>(b - a) + 1;
    if (range > 0xffffffffULL)
        throw std::runtime_error("intuniform(): range too large");
    return a + rng.intRand(static_cast<uint32_t>(range));
}

}  // namespace aloha
