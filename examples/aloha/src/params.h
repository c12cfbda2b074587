// Module parameters: resolved from the configuration (first matching key wins)
// or from built-in defaults; volatile parameters are re-evaluated on each read.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "rng.h"

namespace aloha {

class Param
{
  public:
    enum Type { DOUBLE, INT, BOOL };

  private:
    std::string ownerPath, name, unit, exprText;
    Type type;
    bool isVolatile;
    double value = 0;
    bool boolValue = false;
    Rng *rng;

    double evalNumber() const;

  public:
    Param(const std::string& ownerPath, const std::string& name, Type type, const std::string& unit, bool isVolatile,
          const std::string& exprText, Rng *rng);
    const std::string& getName() const { return name; }
    const std::string& getUnit() const { return unit; }
    std::string fullPath() const { return ownerPath + "." + name; }
    double doubleValue() const;  // in the declared unit
    int64_t intValue() const;
    bool boolVal() const { return boolValue; }
    // the value as OMNeT++ prints it in "par" lines
    std::string str() const;
};

// Creates parameters for modules using the run's configuration.
class ParamFactory
{
  private:
    const Config& cfg;
    Rng& rng;

  public:
    ParamFactory(const Config& cfg, Rng& rng) : cfg(cfg), rng(rng) {}
    // defaultExpr is used when nothing in the configuration matches
    Param make(const std::string& ownerPath, const std::string& name, Param::Type type, const std::string& unit,
               bool isVolatile, const std::string& defaultExpr) const;
    // a parameter whose value is fixed by the model (e.g. "txRate = parent.txRate")
    Param fixed(const std::string& ownerPath, const std::string& name, Param::Type type, const std::string& unit,
                const std::string& valueExpr) const;
};

}  // namespace aloha
