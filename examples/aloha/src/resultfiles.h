// Writers for OMNeT++'s text result formats (version 3): scalar files (.sca),
// and vector files (.vec) with their index (.vci).
//
// Unlike OMNeT++ (which writes result files in place), both writers write to
// a temporary file next to the final one and rename it when the run ends
// normally, so a killed process never leaves a file that looks complete.
#pragma once
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "stats.h"

namespace aloha {

using StringMap = std::map<std::string, std::string>;

struct RunHeader
{
    std::string runId;
    StringMap attrs;     // written sorted by name
    StringMap itervars;  // written sorted by name
    std::vector<std::pair<std::string, std::string>> config;  // in order
};

// Creates the directory containing the given file (like mkdir -p).
void makeDirectoryOf(const std::string& path);
// Removes a file if it exists (old results); throws if it cannot be removed.
void removeOldFile(const std::string& path, const char *what);

class ScalarWriter
{
  private:
    std::string path, tmpPath;
    const RunHeader *header = nullptr;
    FILE *f = nullptr;
    int prec = 14;

    void ensureOpen();
    void put(const std::string& s);
    void writeAttrs(const StringMap& attrs);
    void writeFields(const StdDev& s);

  public:
    ScalarWriter() = default;
    ScalarWriter(const ScalarWriter&) = delete;
    ScalarWriter& operator=(const ScalarWriter&) = delete;
    ~ScalarWriter() { discard(); }
    void setup(const std::string& finalPath, const RunHeader *hdr, int precision);
    const std::string& getPath() const { return path; }
    bool isOpen() const { return f != nullptr; }

    void recordScalar(const std::string& module, const std::string& name, double value, const StringMap& attrs);
    void recordStatistic(const std::string& module, const std::string& name, const StdDev& s, const StringMap& attrs);
    void recordHistogram(const std::string& module, const std::string& name, Histogram& h, const StringMap& attrs);
    void recordParameter(const std::string& module, const std::string& name, const std::string& value, const StringMap& attrs);

    void commit();   // end of run: finish the file and move it to its final name
    void discard();  // error: remove the temporary file
};

class VectorWriter
{
  private:
    struct Sample
    {
        int64_t time;  // raw simtime
        int64_t eventNumber;
        double value;
    };
    struct Vector
    {
        int id;
        bool recordEventNumbers;
        size_t bufferLimit;  // samples, 0 = unlimited
        std::vector<Sample> buffer;
        // statistics of the current block
        int64_t count = 0;
        double min = 0, max = 0, sum = 0, sqrsum = 0;
    };

    std::string path, tmpPath, indexPath, indexTmpPath;
    const RunHeader *header = nullptr;
    FILE *f = nullptr, *fi = nullptr;
    int64_t offset = 0;  // bytes written to the .vec so far
    int prec = 14;
    size_t perVectorLimit = 0, totalLimit = 0, totalBuffered = 0;
    std::vector<Vector> vectors;
    std::string line;  // scratch

    void ensureOpen();
    void putVec(const std::string& s);
    void putIdx(const std::string& s);
    void writeBlock(Vector& v);
    void writeAllBlocks();

  public:
    VectorWriter() = default;
    VectorWriter(const VectorWriter&) = delete;
    VectorWriter& operator=(const VectorWriter&) = delete;
    ~VectorWriter() { discard(); }
    // bufferBytes: per-vector buffer (vector-buffer); memoryLimitBytes: total (output-vectors-memory-limit)
    void setup(const std::string& finalPath, const RunHeader *hdr, int precision, double bufferBytes, double memoryLimitBytes);
    const std::string& getPath() const { return path; }
    const std::string& getIndexPath() const { return indexPath; }
    bool isOpen() const { return f != nullptr; }

    int registerVector(const std::string& module, const std::string& name, const StringMap& attrs, bool recordEventNumbers);
    void record(int handle, int64_t eventNumber, int64_t rawTime, double value);

    void commit();
    void discard();
};

// Name of the index file belonging to a vector file ("x.vec" -> "x.vci").
std::string indexFileNameFor(const std::string& vecPath);

}  // namespace aloha
