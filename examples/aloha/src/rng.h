// Mersenne Twister random number generator, seeded per run like OMNeT++'s
// default RNG (seed = seedset * num-rngs + rngIndex unless seed-K-mt is set).
#pragma once
#include <cstdint>

namespace aloha {

// MT19937 (Matsumoto & Nishimura), 32-bit output, standard initialization by a 32-bit seed
class Rng
{
  private:
    static constexpr int N = 624;
    uint32_t state[N];
    int index = N;
    uint64_t drawn = 0;
    void twist();

  public:
    explicit Rng(uint32_t seed = 0) { this->seed(seed); }
    void seed(uint32_t s);
    uint32_t intRand()
    {
        drawn++;
        if (index >= N)
            twist();
        uint32_t y = state[index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680U;
        y ^= (y << 15) & 0xefc60000U;
        y ^= y >> 18;
        return y;
    }
    // uniform on [0,1), 32 bits of randomness
    double doubleRand() { return intRand() * (1.0 / 4294967296.0); }
    // uniform integer on [0,n-1], unbiased (masking + rejection)
    uint32_t intRand(uint32_t n);
    uint64_t numDrawn() const { return drawn; }
};

// Distributions, with the same formulas as OMNeT++'s distrib.cc
double uniformDist(Rng& rng, double a, double b);
double exponentialDist(Rng& rng, double mean);
double normalDist(Rng& rng, double mean, double stddev);
double truncNormalDist(Rng& rng, double mean, double stddev);
int64_t intUniformDist(Rng& rng, int64_t a, int64_t b);

}  // namespace aloha
