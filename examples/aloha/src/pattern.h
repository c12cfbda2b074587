// Wildcard patterns of ini keys, with OMNeT++'s dotted-path semantics:
//   ?  any character except '.'      *  any characters except '.'
//   ** any characters                {a-z} {^a-z}  character sets
//   {10..20} a number in range       [10..20] a number in brackets ("[12]")
//   \x takes away the special meaning of x
#pragma once
#include <string>
#include <vector>

namespace aloha {

class Pattern
{
  private:
    enum Kind { LITERAL, ANYCHAR, SET, NEGSET, NUMRANGE, ANYSEQ, NONDOTSEQ };
    struct Elem
    {
        Kind kind;
        std::string text;  // LITERAL: the string; SET/NEGSET: pairs of chars denoting ranges
        long lo = -1, hi = -1;  // NUMRANGE bounds, -1: open
    };
    std::vector<Elem> elems;
    std::string source;

    bool matchFrom(size_t elemIndex, const std::string& s, size_t pos) const;
    void addLiteral(char c);

  public:
    Pattern() = default;
    explicit Pattern(const std::string& pattern);
    bool matches(const std::string& s) const;
    const std::string& str() const { return source; }
    // true if the pattern contains no wildcard
    bool isLiteral() const;
};

}  // namespace aloha
