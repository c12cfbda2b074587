#include "expr.h"

#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>

namespace aloha {

namespace {

struct UnitInfo
{
    const char *dimension;
    double mantissa;  // the unit is mantissa * 10^exp10 base units
    int exp10;
};

const std::map<std::string, UnitInfo>& unitTable()
{
    static const std::map<std::string, UnitInfo> table = {
        // time (base: s)
        {"d", {"time", 86400, 0}}, {"h", {"time", 3600, 0}}, {"min", {"time", 60, 0}}, {"s", {"time", 1, 0}},
        {"ms", {"time", 1, -3}}, {"us", {"time", 1, -6}}, {"ns", {"time", 1, -9}}, {"ps", {"time", 1, -12}},
        {"fs", {"time", 1, -15}}, {"as", {"time", 1, -18}},
        // data rate (base: bps)
        {"bps", {"rate", 1, 0}}, {"kbps", {"rate", 1, 3}}, {"Mbps", {"rate", 1, 6}}, {"Gbps", {"rate", 1, 9}},
        {"Tbps", {"rate", 1, 12}},
        // data size (base: b)
        {"b", {"size", 1, 0}}, {"kb", {"size", 1, 3}}, {"Mb", {"size", 1, 6}}, {"Gb", {"size", 1, 9}},
        {"Tb", {"size", 1, 12}}, {"Kib", {"size", 1024.0, 0}}, {"Mib", {"size", 1048576.0, 0}},
        {"Gib", {"size", 1073741824.0, 0}}, {"B", {"size", 8, 0}}, {"kB", {"size", 8, 3}}, {"KB", {"size", 8, 3}},
        {"MB", {"size", 8, 6}}, {"GB", {"size", 8, 9}}, {"TB", {"size", 8, 12}}, {"KiB", {"size", 8 * 1024.0, 0}},
        {"MiB", {"size", 8 * 1048576.0, 0}}, {"GiB", {"size", 8 * 1073741824.0, 0}},
        // distance (base: m)
        {"km", {"distance", 1, 3}}, {"m", {"distance", 1, 0}}, {"cm", {"distance", 1, -2}},
        {"mm", {"distance", 1, -3}}, {"um", {"distance", 1, -6}}, {"nm", {"distance", 1, -9}},
        // frequency (base: Hz)
        {"Hz", {"frequency", 1, 0}}, {"kHz", {"frequency", 1, 3}}, {"MHz", {"frequency", 1, 6}},
        {"GHz", {"frequency", 1, 9}},
        // speed, power
        {"mps", {"speed", 1, 0}}, {"kmph", {"speed", 1 / 3.6, 0}},
        {"W", {"power", 1, 0}}, {"mW", {"power", 1, -3}}, {"kW", {"power", 1, 3}},
    };
    return table;
}

// 10^k, exact for |k| <= 22
double pow10exact(int k)
{
    double r = 1;
    for (int i = 0; i < k; i++)
        r *= 10;
    return r;
}

class Parser
{
  private:
    const std::string& s;
    size_t pos = 0;
    Rng *rng;

  public:
    Parser(const std::string& text, Rng *rng) : s(text), rng(rng) {}

    [[noreturn]] void fail(const std::string& msg) const
    {
        throw std::runtime_error("Cannot evaluate '" + s + "': " + msg);
    }

    void skipSpace()
    {
        while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos])))
            pos++;
    }

    bool eat(char c)
    {
        skipSpace();
        if (pos < s.size() && s[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    Quantity parseAll()
    {
        Quantity q = parseAdd();
        skipSpace();
        if (pos != s.size())
            fail("syntax error at '" + s.substr(pos) + "'");
        return q;
    }

    static Quantity combineAdd(const Quantity& a, const Quantity& b, bool subtract)
    {
        Quantity r = a;
        double bv = b.value;
        if (a.unit != b.unit) {
            if (a.unit.empty() || b.unit.empty())
                throw std::runtime_error("Cannot add/subtract quantities with and without a unit");
            bv = convertUnit(b, a.unit);
        }
        r.value = subtract ? a.value - bv : a.value + bv;
        return r;
    }

    Quantity parseAdd()
    {
        Quantity q = parseMul();
        while (true) {
            if (eat('+'))
                q = combineAdd(q, parseMul(), false);
            else if (eat('-'))
                q = combineAdd(q, parseMul(), true);
            else
                return q;
        }
    }

    Quantity parseMul()
    {
        Quantity q = parseUnary();
        while (true) {
            bool mul = eat('*');
            bool div = !mul && eat('/');
            if (!mul && !div)
                return q;
            Quantity r = parseUnary();
            if (!r.unit.empty() && !q.unit.empty()) {
                if (div && isKnownUnit(q.unit) && isKnownUnit(r.unit)) {
                    q.value = q.value / convertUnit(r, q.unit);
                    q.unit.clear();
                    continue;
                }
                fail("unsupported unit arithmetic");
            }
            if (div && !r.unit.empty())
                fail("unsupported unit arithmetic");
            if (q.unit.empty())
                q.unit = r.unit;
            q.value = mul ? q.value * r.value : q.value / r.value;
        }
    }

    Quantity parseUnary()
    {
        if (eat('-')) {
            Quantity q = parseUnary();
            q.value = -q.value;
            return q;
        }
        if (eat('+'))
            return parseUnary();
        return parsePrimary();
    }

    Quantity parsePrimary()
    {
        skipSpace();
        if (pos >= s.size())
            fail("unexpected end of expression");
        char c = s[pos];
        if (c == '(') {
            pos++;
            Quantity q = parseAdd();
            if (!eat(')'))
                fail("missing ')'");
            return q;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '.')
            return parseNumber();
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            size_t start = pos;
            while (pos < s.size() && (std::isalnum(static_cast<unsigned char>(s[pos])) || s[pos] == '_'))
                pos++;
            std::string name = s.substr(start, pos - start);
            if (name == "inf" || name == "nan") {
                Quantity q;
                q.value = name == "inf" ? INFINITY : NAN;
                q.unit = parseUnitSuffix();
                return q;
            }
            if (!eat('('))
                fail("unknown identifier '" + name + "'");
            std::vector<Quantity> args;
            if (!eat(')')) {
                do {
                    args.push_back(parseAdd());
                } while (eat(','));
                if (!eat(')'))
                    fail("missing ')' after arguments of " + name + "()");
            }
            return callFunction(name, args);
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    std::string parseUnitSuffix()
    {
        size_t start = pos;
        while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos])))
            pos++;
        std::string unit = s.substr(start, pos - start);
        if (!unit.empty() && !isKnownUnit(unit))
            fail("unknown unit '" + unit + "'");
        return unit;
    }

    Quantity parseNumber()
    {
        size_t start = pos;
        while (pos < s.size() && (std::isdigit(static_cast<unsigned char>(s[pos])) || s[pos] == '.'))
            pos++;
        // exponent: only if 'e' is followed by a digit or a sign and a digit
        if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
            size_t p = pos + 1;
            if (p < s.size() && (s[p] == '+' || s[p] == '-'))
                p++;
            if (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
                pos = p;
                while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos])))
                    pos++;
            }
        }
        std::string num = s.substr(start, pos - start);
        size_t used = 0;
        double v;
        try {
            v = std::stod(num, &used);
        }
        catch (std::exception&) {
            fail("invalid number '" + num + "'");
        }
        if (used != num.size())
            fail("invalid number '" + num + "'");
        Quantity q;
        q.value = v;
        q.unit = parseUnitSuffix();
        // compound quantities like "1h 30min" or "1min30s"
        while (!q.unit.empty()) {
            size_t save = pos;
            skipSpace();
            if (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
                Quantity more = parseNumber();
                if (more.unit.empty())
                    fail("missing unit in compound quantity");
                q.value += convertUnit(more, q.unit);
                continue;
            }
            pos = save;
            break;
        }
        return q;
    }

    Rng& needRng(const std::string& fn)
    {
        if (!rng)
            fail(fn + "() is not allowed here");
        return *rng;
    }

    static void expectArgs(const std::string& fn, const std::vector<Quantity>& args, size_t min, size_t max)
    {
        if (args.size() < min || args.size() > max)
            throw std::runtime_error(fn + "(): wrong number of arguments");
    }

    Quantity callFunction(const std::string& fn, const std::vector<Quantity>& args)
    {
        // an optional trailing argument selects the RNG in OMNeT++; this model has a single RNG
        Quantity r;
        if (fn == "exponential") {
            expectArgs(fn, args, 1, 2);
            r.unit = args[0].unit;
            r.value = exponentialDist(needRng(fn), args[0].value);
        }
        else if (fn == "uniform" || fn == "normal" || fn == "truncnormal" || fn == "intuniform") {
            expectArgs(fn, args, 2, 3);
            r.unit = args[0].unit.empty() ? args[1].unit : args[0].unit;
            double a = args[0].unit.empty() ? args[0].value : convertUnit(args[0], r.unit);
            double b = args[1].unit.empty() ? args[1].value : convertUnit(args[1], r.unit);
            Rng& g = needRng(fn);
            if (fn == "uniform")
                r.value = uniformDist(g, a, b);
            else if (fn == "normal")
                r.value = normalDist(g, a, b);
            else if (fn == "truncnormal")
                r.value = truncNormalDist(g, a, b);
            else {
                if (a != std::floor(a) || b != std::floor(b))
                    fail("intuniform() requires integer arguments");
                r.value = static_cast<double>(intUniformDist(g, static_cast<int64_t>(a), static_cast<int64_t>(b)));
            }
        }
        else {
            fail("unknown function " + fn + "()");
        }
        return r;
    }
};

}  // namespace

bool isKnownUnit(const std::string& unit)
{
    return unitTable().count(unit) != 0;
}

double convertUnit(const Quantity& q, const std::string& targetUnit)
{
    if (q.unit == targetUnit || q.unit.empty())
        return q.value;
    if (targetUnit.empty())
        throw std::runtime_error("Cannot convert unit '" + q.unit + "' to none (dimensionless)");
    const auto& table = unitTable();
    auto from = table.find(q.unit);
    auto to = table.find(targetUnit);
    if (from == table.end() || to == table.end() || std::string(from->second.dimension) != to->second.dimension)
        throw std::runtime_error("Cannot convert unit '" + q.unit + "' to '" + targetUnit + "'");
    // scale by an exact power of ten so that e.g. 9.6kbps -> 9600bps and 100ms -> 0.1s are exact
    double v = q.value * (from->second.mantissa / to->second.mantissa);
    int k = from->second.exp10 - to->second.exp10;
    return k >= 0 ? v * pow10exact(k) : v / pow10exact(-k);
}

Quantity evaluate(const std::string& text, Rng& rng)
{
    Parser p(text, &rng);
    return p.parseAll();
}

Quantity parseQuantity(const std::string& text)
{
    Parser p(text, nullptr);
    return p.parseAll();
}

std::string normalizeExpr(const std::string& text)
{
    std::string r;
    bool inString = false;
    for (size_t i = 0; i < text.size(); i++) {
        char c = text[i];
        if (inString) {
            r += c;
            if (c == '\\' && i + 1 < text.size())
                r += text[++i];
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"') {
            inString = true;
            r += c;
        }
        else if (std::isspace(static_cast<unsigned char>(c))) {
            // keep a single space between two word characters ("1h 30min")
            size_t j = i;
            while (j + 1 < text.size() && std::isspace(static_cast<unsigned char>(text[j + 1])))
                j++;
            if (!r.empty() && j + 1 < text.size() && std::isalnum(static_cast<unsigned char>(r.back())) &&
                std::isalnum(static_cast<unsigned char>(text[j + 1])))
                r += ' ';
            i = j;
        }
        else if (c == ',') {
            r += ", ";
        }
        else {
            r += c;
        }
    }
    return r;
}

bool parseBool(const std::string& text, const std::string& what)
{
    if (text == "true")
        return true;
    if (text == "false")
        return false;
    throw std::runtime_error("Cannot parse '" + text + "' as a boolean for " + what + " (expected true or false)");
}

}  // namespace aloha
