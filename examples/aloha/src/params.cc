#include "params.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "expr.h"
#include "format.h"

namespace aloha {

Param::Param(const std::string& ownerPath, const std::string& name, Type type, const std::string& unit,
             bool isVolatile, const std::string& exprText, Rng *rng)
    : ownerPath(ownerPath), name(name), unit(unit), exprText(exprText), type(type), isVolatile(isVolatile), rng(rng)
{
    try {
        if (type == BOOL) {
            boolValue = parseBool(exprText, "parameter " + fullPath());
            this->isVolatile = false;
        }
        else if (!isVolatile) {
            value = evalNumber();
        }
        else {
            // check the syntax without drawing random numbers
            Rng scratch;
            Quantity q = evaluate(exprText, scratch);
            convertUnit(q, unit);
        }
    }
    catch (std::exception& e) {
        throw std::runtime_error("Cannot evaluate parameter '" + name + "': " + e.what());
    }
}

double Param::evalNumber() const
{
    Quantity q = evaluate(exprText, *rng);
    double v = convertUnit(q, unit);
    if (type == INT) {
        if (v != std::floor(v) || std::fabs(v) > 9.2e18)
            throw std::runtime_error("Cannot convert " + fmtG(v, 15) + " to integer");
    }
    return v;
}

double Param::doubleValue() const
{
    return isVolatile ? evalNumber() : value;
}

int64_t Param::intValue() const
{
    return static_cast<int64_t>(doubleValue());
}

std::string Param::str() const
{
    if (type == BOOL)
        return boolValue ? "true" : "false";
    if (isVolatile)
        return normalizeExpr(exprText);
    std::string s;
    if (type == INT) {
        s = fmtI(static_cast<int64_t>(value));
    }
    else if (std::isfinite(value)) {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%g", value);
        s = buf;
    }
    else {
        s = std::isnan(value) ? "nan " : value < 0 ? "-inf " : "inf ";
    }
    return s + unit;
}

Param ParamFactory::make(const std::string& ownerPath, const std::string& name, Param::Type type,
                         const std::string& unit, bool isVolatile, const std::string& defaultExpr) const
{
    std::optional<std::string> v = cfg.param(ownerPath + "." + name);
    return Param(ownerPath, name, type, unit, isVolatile, v ? *v : defaultExpr, &rng);
}

Param ParamFactory::fixed(const std::string& ownerPath, const std::string& name, Param::Type type,
                          const std::string& unit, const std::string& valueExpr) const
{
    return Param(ownerPath, name, type, unit, false, valueExpr, &rng);
}

}  // namespace aloha
