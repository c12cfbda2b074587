#include "format.h"

#include <cctype>
#include <cinttypes>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace aloha {

bool needsQuotes(const std::string& s)
{
    if (s.empty())
        return true;
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        if (std::isspace(c) || c == '\\' || c == '"' || std::iscntrl(c))
            return true;
    }
    return false;
}

std::string quoted(const std::string& s)
{
    std::string r;
    r.reserve(s.size() + 2);
    r += '"';
    for (char ch : s) {
        unsigned char c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '\b': r += "\\b"; break;
            case '\f': r += "\\f"; break;
            case '\n': r += "\\n"; break;
            case '\r': r += "\\r"; break;
            case '\t': r += "\\t"; break;
            case '"': r += "\\\""; break;
            case '\\': r += "\\\\"; break;
            default:
                if (std::iscntrl(c)) {
                    char buf[8];
                    std::snprintf(buf, sizeof(buf), "\\x%2.2X", c);
                    r += buf;
                }
                else {
                    r += ch;
                }
        }
    }
    r += '"';
    return r;
}

std::string tok(const std::string& s)
{
    return needsQuotes(s) ? quoted(s) : s;
}

std::string fmtG(double v, int prec)
{
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%.*g", prec, v);
    return buf;
}

std::string fmtI(int64_t v)
{
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%" PRId64, v);
    return buf;
}

static int hexValue(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void tokenizeLine(const std::string& line, std::vector<std::string>& out)
{
    out.clear();
    size_t i = 0, n = line.size();
    while (true) {
        while (i < n && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i >= n || line[i] == '\r' || line[i] == '\n')
            break;
        std::string t;
        if (line[i] == '"') {
            i++;
            bool closed = false;
            while (i < n) {
                char c = line[i++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                if (c != '\\') {
                    t += c;
                    continue;
                }
                if (i >= n)
                    break;
                char e = line[i++];
                switch (e) {
                    case 'b': t += '\b'; break;
                    case 'f': t += '\f'; break;
                    case 'n': t += '\n'; break;
                    case 'r': t += '\r'; break;
                    case 't': t += '\t'; break;
                    case 'x': {
                        int h1 = i < n ? hexValue(line[i]) : -1;
                        int h2 = i + 1 < n ? hexValue(line[i + 1]) : -1;
                        if (h1 < 0 || h2 < 0)
                            throw std::runtime_error("invalid \\x escape");
                        t += static_cast<char>(h1 * 16 + h2);
                        i += 2;
                        break;
                    }
                    default: t += e;  // \" \\ and anything else
                }
            }
            if (!closed)
                throw std::runtime_error("unterminated string constant");
            if (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
                throw std::runtime_error("missing space after closing quote");
        }
        else {
            while (i < n && line[i] != ' ' && line[i] != '\t' && line[i] != '\r' && line[i] != '\n')
                t += line[i++];
        }
        out.push_back(t);
    }
}

std::string makeDateTimeString()
{
    std::time_t now = std::time(nullptr);
    std::tm tmv{};
    localtime_r(&now, &tmv);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y%m%d-%H:%M:%S", &tmv);
    return buf;
}

}  // namespace aloha
