#include "resultfiles.h"

#include <cerrno>
#include <cinttypes>
#include <cstring>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

#include "format.h"
#include "simtime.h"

namespace aloha {

void makeDirectoryOf(const std::string& path)
{
    size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash == 0)
        return;
    std::string dir = path.substr(0, slash);
    std::string partial;
    size_t pos = 0;
    while (pos <= dir.size()) {
        size_t next = dir.find('/', pos);
        if (next == std::string::npos)
            next = dir.size();
        partial = dir.substr(0, next);
        if (!partial.empty() && mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST)
            throw std::runtime_error("Cannot create directory '" + partial + "': " + std::strerror(errno));
        pos = next + 1;
    }
}

void removeOldFile(const std::string& path, const char *what)
{
    if (unlink(path.c_str()) != 0 && errno != ENOENT)
        throw std::runtime_error(std::string("Cannot remove ") + what + " '" + path + "': " + std::strerror(errno));
}

static std::string tempNameFor(const std::string& path)
{
    return path + "." + std::to_string(static_cast<long>(getpid())) + ".tmp";
}

std::string indexFileNameFor(const std::string& vecPath)
{
    size_t dot = vecPath.rfind('.');
    size_t slash = vecPath.rfind('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return vecPath + ".vci";
    return vecPath.substr(0, dot) + ".vci";
}

static void writeHeaderLines(std::string& out, const RunHeader& h)
{
    out += "run " + tok(h.runId) + "\n";
    for (const auto& kv : h.attrs)
        out += "attr " + tok(kv.first) + " " + tok(kv.second) + "\n";
    for (const auto& kv : h.itervars)
        out += "itervar " + tok(kv.first) + " " + tok(kv.second) + "\n";
    for (const auto& kv : h.config)
        out += "config " + tok(kv.first) + " " + tok(kv.second) + "\n";
    out += "\n";
}

//---- scalar file

void ScalarWriter::setup(const std::string& finalPath, const RunHeader *hdr, int precision)
{
    path = finalPath;
    tmpPath = tempNameFor(finalPath);
    header = hdr;
    prec = precision;
}

void ScalarWriter::put(const std::string& s)
{
    if (std::fwrite(s.data(), 1, s.size(), f) != s.size())
        throw std::runtime_error("Cannot write output scalar file '" + path + "': " + std::strerror(errno));
}

void ScalarWriter::ensureOpen()
{
    if (f)
        return;
    makeDirectoryOf(tmpPath);
    f = std::fopen(tmpPath.c_str(), "w");
    if (!f)
        throw std::runtime_error("Cannot open output scalar file '" + tmpPath + "': " + std::strerror(errno));
    std::string s = "version 3\n";
    writeHeaderLines(s, *header);
    put(s);
}

void ScalarWriter::writeAttrs(const StringMap& attrs)
{
    std::string s;
    for (const auto& kv : attrs)
        s += "attr " + tok(kv.first) + " " + tok(kv.second) + "\n";
    put(s);
}

void ScalarWriter::recordScalar(const std::string& module, const std::string& name, double value, const StringMap& attrs)
{
    ensureOpen();
    put("scalar " + tok(module) + " " + tok(name) + " " + fmtG(value, prec) + "\n");
    writeAttrs(attrs);
}

void ScalarWriter::writeFields(const StdDev& st)
{
    StatFields fl = StatFields::of(st);
    std::string s;
    s += "field count " + fmtI(fl.count) + "\n";
    s += "field mean " + fmtG(fl.mean, prec) + "\n";
    s += "field stddev " + fmtG(fl.stddev, prec) + "\n";
    s += "field min " + fmtG(fl.min, prec) + "\n";
    s += "field max " + fmtG(fl.max, prec) + "\n";
    s += "field sum " + fmtG(fl.sum, prec) + "\n";
    s += "field sqrsum " + fmtG(fl.sqrsum, prec) + "\n";
    put(s);
}

void ScalarWriter::recordStatistic(const std::string& module, const std::string& name, const StdDev& st, const StringMap& attrs)
{
    ensureOpen();
    put("statistic " + tok(module) + " " + tok(name) + "\n");
    writeFields(st);
    writeAttrs(attrs);
}

void ScalarWriter::recordHistogram(const std::string& module, const std::string& name, Histogram& h, const StringMap& attrs)
{
    ensureOpen();
    h.setUpBins();
    put("statistic " + tok(module) + " " + tok(name) + "\n");
    writeFields(h);
    writeAttrs(attrs);

    // use more digits if needed to keep adjacent bin edges distinct
    int n = h.getNumBins();
    int p = prec;
    std::string prev = fmtG(h.getBinEdge(0), prec);
    for (int i = 1; i <= n; i++) {
        std::string e = fmtG(h.getBinEdge(i), prec);
        if (e == prev) {
            p = 16;
            break;
        }
        prev = e;
    }
    std::string s;
    s += "bin\t" + fmtG(-INFINITY, p) + "\t" + fmtG(h.getUnderflows(), p) + "\n";
    for (int i = 0; i < n; i++)
        s += "bin\t" + fmtG(h.getBinEdge(i), p) + "\t" + fmtG(h.getBinValue(i), p) + "\n";
    s += "bin\t" + fmtG(h.getBinEdge(n), p) + "\t" + fmtG(h.getOverflows(), p) + "\n";
    put(s);
}

void ScalarWriter::recordParameter(const std::string& module, const std::string& name, const std::string& value, const StringMap& attrs)
{
    ensureOpen();
    put("par " + tok(module) + " " + tok(name) + " " + tok(value) + "\n");
    writeAttrs(attrs);
}

void ScalarWriter::commit()
{
    if (!f)
        return;
    put("\n");
    int rc = std::fclose(f);
    f = nullptr;
    if (rc != 0)
        throw std::runtime_error("Cannot write output scalar file '" + path + "'");
    if (std::rename(tmpPath.c_str(), path.c_str()) != 0)
        throw std::runtime_error("Cannot rename '" + tmpPath + "' to '" + path + "': " + std::strerror(errno));
}

void ScalarWriter::discard()
{
    if (f) {
        std::fclose(f);
        f = nullptr;
        unlink(tmpPath.c_str());
    }
}

//---- vector file

void VectorWriter::setup(const std::string& finalPath, const RunHeader *hdr, int precision, double bufferBytes, double memoryLimitBytes)
{
    path = finalPath;
    tmpPath = tempNameFor(finalPath);
    indexPath = indexFileNameFor(finalPath);
    indexTmpPath = tempNameFor(indexPath);
    header = hdr;
    prec = precision;
    perVectorLimit = static_cast<size_t>(bufferBytes / 32);  // 32 = size of a buffered sample in OMNeT++
    totalLimit = static_cast<size_t>(memoryLimitBytes / 32);
}

void VectorWriter::putVec(const std::string& s)
{
    if (std::fwrite(s.data(), 1, s.size(), f) != s.size())
        throw std::runtime_error("Cannot write output vector file '" + path + "': " + std::strerror(errno));
    offset += static_cast<int64_t>(s.size());
}

void VectorWriter::putIdx(const std::string& s)
{
    if (std::fwrite(s.data(), 1, s.size(), fi) != s.size())
        throw std::runtime_error("Cannot write output vector index file '" + indexPath + "': " + std::strerror(errno));
}

void VectorWriter::ensureOpen()
{
    if (f)
        return;
    makeDirectoryOf(tmpPath);
    f = std::fopen(tmpPath.c_str(), "w");
    if (!f)
        throw std::runtime_error("Cannot open output vector file '" + tmpPath + "': " + std::strerror(errno));
    fi = std::fopen(indexTmpPath.c_str(), "w");
    if (!fi)
        throw std::runtime_error("Cannot open index file '" + indexTmpPath + "': " + std::strerror(errno));
    offset = 0;
    std::string s = "version 3\n";
    writeHeaderLines(s, *header);
    putVec(s);
    // the first line is reserved for the fingerprint (size and mtime of the .vec), filled in at the end
    putIdx(std::string(64, ' ') + "\n" + s);
}

int VectorWriter::registerVector(const std::string& module, const std::string& name, const StringMap& attrs, bool recordEventNumbers)
{
    ensureOpen();
    Vector v;
    v.id = static_cast<int>(vectors.size());
    v.recordEventNumbers = recordEventNumbers;
    v.bufferLimit = perVectorLimit;
    vectors.push_back(v);
    std::string s = "vector " + std::to_string(v.id) + " " + tok(module) + " " + tok(name) + " " +
                    (recordEventNumbers ? "ETV" : "TV") + "\n";
    for (const auto& kv : attrs)
        s += "attr " + tok(kv.first) + " " + tok(kv.second) + "\n";
    putVec(s);
    putIdx(s);
    return v.id;
}

void VectorWriter::record(int handle, int64_t eventNumber, int64_t rawTime, double value)
{
    Vector& v = vectors[static_cast<size_t>(handle)];
    v.buffer.push_back(Sample{rawTime, eventNumber, value});
    totalBuffered++;
    if (v.count == 0) {
        v.min = v.max = value;
    }
    else {
        if (value < v.min) v.min = value;
        if (value > v.max) v.max = value;
    }
    v.count++;
    v.sum += value;
    v.sqrsum += value * value;
    if (v.bufferLimit > 0 && v.buffer.size() >= v.bufferLimit)
        writeBlock(v);
    else if (totalLimit > 0 && totalBuffered >= totalLimit)
        writeAllBlocks();
}

void VectorWriter::writeAllBlocks()
{
    for (Vector& v : vectors)
        if (!v.buffer.empty())
            writeBlock(v);
}

void VectorWriter::writeBlock(Vector& v)
{
    int64_t blockOffset = offset;
    std::string ids = std::to_string(v.id);
    line.clear();
    for (const Sample& s : v.buffer) {
        line += ids;
        line += '\t';
        if (v.recordEventNumbers) {
            line += fmtI(s.eventNumber);
            line += '\t';
        }
        line += SimTime::fromRaw(s.time).str();
        line += '\t';
        line += fmtG(s.value, prec);
        line += '\n';
    }
    putVec(line);
    int64_t blockSize = offset - blockOffset;

    const Sample& first = v.buffer.front();
    const Sample& last = v.buffer.back();
    std::string s = ids + "\t" + fmtI(blockOffset) + " " + fmtI(blockSize) + " ";
    if (v.recordEventNumbers)
        s += fmtI(first.eventNumber) + " " + fmtI(last.eventNumber) + " ";
    s += SimTime::fromRaw(first.time).str() + " " + SimTime::fromRaw(last.time).str() + " " + fmtI(v.count) + " " +
         fmtG(v.min, prec) + " " + fmtG(v.max, prec) + " " + fmtG(v.sum, prec) + " " + fmtG(v.sqrsum, prec) + "\n";
    putIdx(s);

    totalBuffered -= v.buffer.size();
    v.buffer.clear();
    v.count = 0;
    v.min = v.max = v.sum = v.sqrsum = 0;
}

void VectorWriter::commit()
{
    if (!f)
        return;
    writeAllBlocks();
    putVec("\n");
    putIdx("\n");
    int rc = std::fclose(f);
    f = nullptr;
    if (rc != 0)
        throw std::runtime_error("Cannot write output vector file '" + path + "'");
    struct stat st;
    if (stat(tmpPath.c_str(), &st) == 0) {
        std::fseek(fi, 0, SEEK_SET);
        std::string fp = "file " + fmtI(static_cast<int64_t>(st.st_size)) + " " + fmtI(static_cast<int64_t>(st.st_mtime));
        putIdx(fp);
    }
    rc = std::fclose(fi);
    fi = nullptr;
    if (rc != 0)
        throw std::runtime_error("Cannot write output vector index file '" + indexPath + "'");
    // rename preserves the mtime recorded in the fingerprint
    if (std::rename(tmpPath.c_str(), path.c_str()) != 0)
        throw std::runtime_error("Cannot rename '" + tmpPath + "' to '" + path + "': " + std::strerror(errno));
    if (std::rename(indexTmpPath.c_str(), indexPath.c_str()) != 0)
        throw std::runtime_error("Cannot rename '" + indexTmpPath + "' to '" + indexPath + "': " + std::strerror(errno));
}

void VectorWriter::discard()
{
    if (f) {
        std::fclose(f);
        f = nullptr;
        unlink(tmpPath.c_str());
    }
    if (fi) {
        std::fclose(fi);
        fi = nullptr;
        unlink(indexTmpPath.c_str());
    }
}

}  // namespace aloha
