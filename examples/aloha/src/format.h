// Text formatting helpers shared by the result writers and Cmdenv output.
// They reproduce the conventions of OMNeT++ 6.1 result files (version 3).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace aloha {

// True if a token must be written in double quotes: it is empty, or contains
// whitespace, a backslash, a double quote or a control character.
bool needsQuotes(const std::string& s);

// Double-quoted form with C-style escapes (\" \\ \n \t \r \b \f, \xHH).
std::string quoted(const std::string& s);

// The token as written in result files: quoted only if needed.
std::string tok(const std::string& s);

// printf("%.*g") with the given number of significant digits (glibc output,
// so "inf", "-inf", "nan", "-nan" and exponents like "1e-06").
std::string fmtG(double v, int prec);

// printf("%" PRId64).
std::string fmtI(int64_t v);

// Parses one line of a result-file-like text into tokens (space separated,
// double-quoted tokens may contain escapes). Throws std::runtime_error.
void tokenizeLine(const std::string& line, std::vector<std::string>& out);

// "YYYYmmdd-HH:MM:SS" in local time.
std::string makeDateTimeString();

}  // namespace aloha
