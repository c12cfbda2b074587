// Parameter values: quantities with units and simple NED-style expressions
// (arithmetic, exponential(), uniform(), normal(), truncnormal(), intuniform()).
#pragma once
#include <string>

#include "rng.h"

namespace aloha {

struct Quantity
{
    double value = 0;
    std::string unit;  // empty: dimensionless
};

// Converts q to the given unit (e.g. 9.6kbps -> 9600 bps). A dimensionless
// value is taken as already being in the target unit. Throws std::runtime_error.
double convertUnit(const Quantity& q, const std::string& targetUnit);

// True if the unit name is known.
bool isKnownUnit(const std::string& unit);

// Evaluates an expression; random functions draw from rng.
Quantity evaluate(const std::string& text, Rng& rng);

// Parses a constant quantity such as "3min", "180", "0.5s" (no functions).
Quantity parseQuantity(const std::string& text);

// Canonical spelling of an expression, as OMNeT++ prints volatile parameters:
// whitespace removed, except one space after each comma ("uniform(0m, 1000m)").
std::string normalizeExpr(const std::string& text);

// Parses a boolean config value ("true"/"false"). Throws on anything else.
bool parseBool(const std::string& text, const std::string& what);

}  // namespace aloha
