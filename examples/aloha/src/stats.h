// Statistics collection: count/mean/stddev accumulator, and a histogram with
// automatic bin setup (precollect observations, then choose a "nice" bin size
// of 1, 2 or 5 times a power of ten; extend and merge bins as needed).
#pragma once
#include <cstdint>
#include <cstddef>
#include <limits>
#include <vector>

namespace aloha {

class StdDev
{
  protected:
    int64_t count = 0;
    double sumWeights = 0, sum = 0, sqrSum = 0;
    double minValue = std::numeric_limits<double>::infinity();
    double maxValue = -std::numeric_limits<double>::infinity();

  public:
    virtual ~StdDev() = default;
    virtual void collect(double value);
    int64_t getCount() const { return count; }
    double getSum() const { return sum; }
    double getSqrSum() const { return sqrSum; }
    double getMin() const { return count == 0 ? std::numeric_limits<double>::quiet_NaN() : minValue; }
    double getMax() const { return count == 0 ? std::numeric_limits<double>::quiet_NaN() : maxValue; }
};

// The numbers written into the "field" lines of a statistic.
struct StatFields
{
    int64_t count;
    double mean, stddev, min, max, sum, sqrsum;
    static StatFields of(const StdDev& s);
};

class Histogram : public StdDev
{
  private:
    std::vector<double> edges, values;  // edges.size() == values.size()+1 once set up
    double finiteUnderflows = 0, finiteOverflows = 0, negInfs = 0, posInfs = 0;

    // automatic bin setup
    bool inPrecollection = true;
    std::vector<double> preValues, preWeights;
    double lastRange = std::numeric_limits<double>::quiet_NaN();
    int rangeUnchangedCounter = 0;
    double finiteMin = std::numeric_limits<double>::quiet_NaN();
    double finiteMax = std::numeric_limits<double>::quiet_NaN();
    double binSize = 1;
    static constexpr size_t NUM_TO_PRECOLLECT = 1000;
    static constexpr size_t NUM_TO_COLLATE = 10;
    static constexpr int RANGE_UNCHANGED_THRESHOLD = 50;
    static constexpr int TARGET_NUM_BINS = 60;
    static constexpr double RANGE_EXTENSION_FACTOR = 1.5;

    bool precollect(double value, double weight);
    void createBins();
    void createUniformBins(double lo, double hi, double step);
    void extendBins(double value);  // strategy-level: may merge bins
    void extendEdgesTo(double value, double step);
    void mergeBins(int groupSize);
    void mergeAllBinsIntoOne(double newApproxBinSize);
    void reduceNumBinsTo(int limit);
    void collectIntoBins(double value, double weight);
    void strategyCollect(double value, double weight);

  public:
    void collect(double value) override;
    void setUpBins();  // if still precollecting
    bool binsSetUp() const { return !values.empty(); }
    int getNumBins() const { return static_cast<int>(values.size()); }
    double getBinEdge(int k) const { return edges[static_cast<size_t>(k)]; }
    double getBinValue(int k) const { return values[static_cast<size_t>(k)]; }
    double getUnderflows() const { return finiteUnderflows + negInfs; }
    double getOverflows() const { return finiteOverflows + posInfs; }
};

}  // namespace aloha
