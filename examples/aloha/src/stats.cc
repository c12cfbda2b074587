#include "stats.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace aloha {

void StdDev::collect(double value)
{
    if (std::isnan(value))
        throw std::runtime_error("collect(): NaN values are not allowed");
    count++;
    sumWeights += 1;
    if (minValue > value)
        minValue = value;
    if (maxValue < value)
        maxValue = value;
    sum += value;
    sqrSum += value * value;
}

StatFields StatFields::of(const StdDev& s)
{
    StatFields f;
    f.count = s.getCount();
    f.min = s.getMin();
    f.max = s.getMax();
    f.sum = s.getSum();
    f.sqrsum = s.getSqrSum();
    double n = static_cast<double>(f.count);
    f.mean = f.sum / n;  // NaN when empty
    double variance;
    if (f.count <= 1)
        variance = std::numeric_limits<double>::quiet_NaN();
    else if (f.min == f.max)
        variance = 0;
    else {
        variance = (f.sqrsum - f.sum * f.sum / n) / (n - 1);
        if (variance < 0)
            variance = 0;
    }
    f.stddev = std::sqrt(variance);
    return f;
}

//---- histogram

void Histogram::collect(double value)
{
    StdDev::collect(value);
    if (std::isinf(value)) {
        if (value < 0)
            negInfs += 1;
        else
            posInfs += 1;
    }
    else {
        strategyCollect(value, 1);
    }
}

void Histogram::strategyCollect(double value, double weight)
{
    if (std::isnan(finiteMin) || value < finiteMin)
        finiteMin = value;
    if (std::isnan(finiteMax) || value > finiteMax)
        finiteMax = value;

    if (inPrecollection) {
        if (precollect(value, weight))
            setUpBins();
    }
    else {
        extendBins(value);
        collectIntoBins(value, weight);
    }
}

bool Histogram::precollect(double value, double weight)
{
    // whole numbers that are already among the first few stored values are collated
    bool collated = false;
    if (value == std::floor(value)) {
        size_t limit = std::min(NUM_TO_COLLATE, preValues.size());
        for (size_t i = 0; i < limit; i++) {
            if (preValues[i] == value) {
                preWeights[i] += weight;
                collated = true;
                break;
            }
        }
    }
    if (!collated) {
        preValues.push_back(value);
        preWeights.push_back(weight);
    }

    // stop when the observed range has been stable for a while, or enough values were seen
    double range = finiteMax - finiteMin;
    if (lastRange == range)
        rangeUnchangedCounter++;
    else {
        lastRange = range;
        rangeUnchangedCounter = 0;
    }
    return rangeUnchangedCounter >= RANGE_UNCHANGED_THRESHOLD || preValues.size() > NUM_TO_PRECOLLECT;
}

void Histogram::setUpBins()
{
    if (!inPrecollection)
        return;
    createBins();
    for (size_t i = 0; i < preValues.size(); i++)
        collectIntoBins(preValues[i], preWeights[i]);
    preValues.clear();
    preWeights.clear();
    inPrecollection = false;
}

// nearest power of ten in the logarithmic sense (boundaries at sqrt(10) multiples)
static double nearestPowerOfTen(double x)
{
    if (x == 0)
        return 0;
    bool negative = x < 0;
    if (negative)
        x = -x;
    const double upper = 3.162277660168379522787063251598738133907;  // sqrt(10)
    const double lower = upper / 10;
    double result = 1.0;
    if (x > upper) {
        while (x > upper) {
            x /= 10.0;
            result *= 10.0;
        }
    }
    else {
        while (x <= lower) {
            x *= 10.0;
            result /= 10.0;
        }
    }
    return negative ? -result : result;
}

// rounds to the closest of 1, 2, 5 times a power of ten
static double niceNumber(double x)
{
    const double factors[] = {1.0, 2.0, 5.0};
    double best = x;
    double bestError = INFINITY;
    for (double f : factors) {
        double candidate = nearestPowerOfTen(x / f) * f;
        double error = std::abs(candidate - x);
        if (error < bestError) {
            bestError = error;
            best = candidate;
        }
    }
    return best;
}

void Histogram::createBins()
{
    if (preValues.empty()) {
        binSize = 1;
        createUniformBins(0, 1, binSize);
        return;
    }

    bool allIntegers = true, allZeroes = true;
    for (double v : preValues) {
        if (v != std::floor(v))
            allIntegers = false;
        if (v != 0)
            allZeroes = false;
    }
    bool integerMode = allIntegers && !allZeroes;

    double minValue = finiteMin, maxValue = finiteMax;
    double center = (minValue + maxValue) / 2;
    double width = (maxValue - minValue) * RANGE_EXTENSION_FACTOR;
    if (width == 0)
        width = 1.0;
    double rangeMin = center - width / 2;
    double rangeMax = center + width / 2;
    if (rangeMin < 0 && minValue >= 0 && maxValue > 0)
        rangeMin = 0;  // stay non-negative unless the data is negative

    if (rangeMax - rangeMin < std::numeric_limits<double>::denorm_min() * TARGET_NUM_BINS)
        binSize = 1;
    else
        binSize = niceNumber((rangeMax - rangeMin) / TARGET_NUM_BINS);
    if (integerMode)
        binSize = std::ceil(binSize);

    rangeMin = binSize * std::floor(rangeMin / binSize);
    rangeMax = binSize * std::ceil(rangeMax / binSize);
    if (rangeMin == rangeMax) {
        rangeMax = std::nextafter(rangeMin, INFINITY);
        binSize = rangeMax - rangeMin;
    }
    createUniformBins(rangeMin, rangeMax, binSize);
    extendBins(finiteMin);
    extendBins(finiteMax);
}

void Histogram::createUniformBins(double lo, double hi, double step)
{
    if (lo >= hi || step <= 0)
        throw std::runtime_error("histogram: invalid bin range");
    int numBins = static_cast<int>(std::ceil((hi - lo) * (1 - 1e-10) / step));
    edges.clear();
    for (int i = 0; i <= numBins; ++i) {
        double edge = lo + i * step;
        if (std::abs(edge) < step * 1e-10)
            edge = 0;
        if (edges.empty() || edges.back() != edge)
            edges.push_back(edge);
    }
    values.assign(edges.size() - 1, 0.0);
}

void Histogram::extendBins(double value)
{
    double firstEdge = edges.front(), lastEdge = edges.back();
    bool below = value < firstEdge, above = value >= lastEdge;
    if (!below && !above)
        return;
    if (below && getUnderflows() > 0)
        return;
    if (above && getOverflows() > 0)
        return;
    double range = lastEdge - firstEdge;
    double newRange = std::max(value, lastEdge) - std::min(value, firstEdge);
    double newApproxBinSize = newRange / TARGET_NUM_BINS;
    if (newApproxBinSize >= range)
        mergeAllBinsIntoOne(newApproxBinSize);
    extendEdgesTo(value, binSize);
    if (getNumBins() > (TARGET_NUM_BINS * 3) / 2)
        reduceNumBinsTo(TARGET_NUM_BINS);
}

void Histogram::extendEdgesTo(double value, double step)
{
    double originalLeft = edges.front();
    for (int i = 1; value < edges.front(); ++i) {
        double e = originalLeft - step * i;
        if (e != edges.front()) {
            edges.insert(edges.begin(), e);
            values.insert(values.begin(), 0.0);
        }
    }
    double originalRight = edges.back();
    for (int i = 1; value >= edges.back(); ++i) {
        double e = originalRight + step * i;
        if (e != edges.back()) {
            edges.push_back(e);
            values.push_back(0.0);
        }
    }
}

void Histogram::mergeBins(int groupSize)
{
    if (groupSize <= 1)
        return;
    int numBins = getNumBins();
    int newNumBins = (numBins + groupSize - 1) / groupSize;
    for (int i = 0; i < newNumBins; ++i) {
        int n = std::min(groupSize, numBins - groupSize * i);
        double v = 0;
        for (int j = 0; j < n; ++j)
            v += values[static_cast<size_t>(groupSize * i + j)];
        values[static_cast<size_t>(i)] = v;
        edges[static_cast<size_t>(i)] = edges[static_cast<size_t>(groupSize * i)];
    }
    edges[static_cast<size_t>(newNumBins)] = edges.back();
    values.resize(static_cast<size_t>(newNumBins));
    edges.resize(static_cast<size_t>(newNumBins) + 1);
}

void Histogram::mergeAllBinsIntoOne(double newApproxBinSize)
{
    double firstEdge = edges.front(), lastEdge = edges.back();
    double range = lastEdge - firstEdge;
    double newBinSize = niceNumber(newApproxBinSize);
    if (newBinSize < range)
        newBinSize = newBinSize * std::ceil(range / newBinSize);
    double newFirst = firstEdge, newLast = lastEdge;
    if (getUnderflows() == 0 && getOverflows() == 0) {
        newFirst = newBinSize * std::floor(newFirst / newBinSize);
        newLast = newBinSize * std::ceil(newLast / newBinSize);
        newBinSize = newLast - newFirst;
    }
    else if (getUnderflows() == 0)
        newFirst = newLast - newBinSize;
    else if (getOverflows() == 0)
        newLast = newFirst + newBinSize;
    mergeBins(getNumBins());
    if (newFirst != firstEdge) {
        edges.insert(edges.begin(), newFirst);
        values.insert(values.begin(), 0.0);
    }
    if (newLast != lastEdge) {
        edges.push_back(newLast);
        values.push_back(0.0);
    }
    mergeBins(getNumBins());
    binSize = newBinSize;
}

void Histogram::reduceNumBinsTo(int limit)
{
    int numBins = getNumBins();
    int groupSize = (numBins + limit - 1) / limit;
    if (numBins % groupSize != 0) {
        int toAdd = groupSize - numBins % groupSize;
        double lastEdge = edges.back();
        for (int i = 0; i < toAdd; i++) {
            double e = lastEdge + (i + 1) * binSize;
            if (e > edges.back()) {
                edges.push_back(e);
                values.push_back(0.0);
            }
        }
    }
    mergeBins(groupSize);
    binSize *= groupSize;
}

void Histogram::collectIntoBins(double value, double weight)
{
    auto it = std::upper_bound(edges.begin(), edges.end(), value);
    long index = (it - edges.begin()) - 1;
    if (index == -1)
        finiteUnderflows += weight;
    else if (index == static_cast<long>(values.size()))
        finiteOverflows += weight;
    else
        values[static_cast<size_t>(index)] += weight;
}

}  // namespace aloha
