#include "pattern.h"

#include <cctype>
#include <stdexcept>

namespace aloha {

void Pattern::addLiteral(char c)
{
    if (elems.empty() || elems.back().kind != LITERAL)
        elems.push_back(Elem{LITERAL, "", -1, -1});
    elems.back().text += c;
}

// parses "lo..hi" followed by the closing char; on success advances i
static bool parseRange(const std::string& p, size_t& i, char closing, long& lo, long& hi)
{
    size_t j = i;
    std::string a, b;
    while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j])))
        a += p[j++];
    if (p.compare(j, 2, "..") != 0)
        return false;
    j += 2;
    while (j < p.size() && std::isdigit(static_cast<unsigned char>(p[j])))
        b += p[j++];
    if (j >= p.size() || p[j] != closing)
        return false;
    lo = a.empty() ? -1 : std::stol(a);
    hi = b.empty() ? -1 : std::stol(b);
    i = j + 1;
    return true;
}

Pattern::Pattern(const std::string& p) : source(p)
{
    size_t i = 0;
    while (i < p.size()) {
        char c = p[i];
        if (c == '\\') {
            if (i + 1 >= p.size())
                throw std::runtime_error("Pattern '" + p + "' ends with a backslash");
            addLiteral(p[i + 1]);
            i += 2;
        }
        else if (c == '*') {
            if (i + 1 < p.size() && p[i + 1] == '*') {
                elems.push_back(Elem{ANYSEQ, "", -1, -1});
                i += 2;
            }
            else {
                elems.push_back(Elem{NONDOTSEQ, "", -1, -1});
                i += 1;
            }
        }
        else if (c == '?') {
            elems.push_back(Elem{ANYCHAR, "", -1, -1});
            i++;
        }
        else if (c == '{') {
            size_t j = i + 1;
            long lo, hi;
            if (parseRange(p, j, '}', lo, hi)) {
                elems.push_back(Elem{NUMRANGE, "", lo, hi});
                i = j;
                continue;
            }
            Elem e{SET, "", -1, -1};
            j = i + 1;
            if (j < p.size() && p[j] == '^') {
                e.kind = NEGSET;
                j++;
            }
            while (j < p.size() && p[j] != '}') {
                char from = p[j];
                if (from == '\\' && j + 1 < p.size())
                    from = p[++j];
                if (j + 2 < p.size() && p[j + 1] == '-' && p[j + 2] != '}') {
                    char to = p[j + 2];
                    e.text += from;
                    e.text += to;
                    j += 3;
                }
                else {
                    e.text += from;
                    e.text += from;
                    j++;
                }
            }
            if (j >= p.size())
                throw std::runtime_error("Unmatched '{' in pattern '" + p + "'");
            elems.push_back(e);
            i = j + 1;
        }
        else if (c == '[') {
            size_t j = i + 1;
            long lo, hi;
            if (parseRange(p, j, ']', lo, hi)) {
                addLiteral('[');
                elems.push_back(Elem{NUMRANGE, "", lo, hi});
                addLiteral(']');
                i = j;
            }
            else {
                addLiteral('[');
                i++;
            }
        }
        else {
            addLiteral(c);
            i++;
        }
    }
}

bool Pattern::isLiteral() const
{
    return elems.empty() || (elems.size() == 1 && elems[0].kind == LITERAL);
}

bool Pattern::matches(const std::string& s) const
{
    return matchFrom(0, s, 0);
}

bool Pattern::matchFrom(size_t k, const std::string& s, size_t pos) const
{
    if (k == elems.size())
        return pos == s.size();
    const Elem& e = elems[k];
    switch (e.kind) {
        case LITERAL:
            if (s.compare(pos, e.text.size(), e.text) != 0)
                return false;
            return matchFrom(k + 1, s, pos + e.text.size());
        case ANYCHAR:
            if (pos >= s.size() || s[pos] == '.')
                return false;
            return matchFrom(k + 1, s, pos + 1);
        case SET:
        case NEGSET: {
            if (pos >= s.size())
                return false;
            bool in = false;
            for (size_t i = 0; i + 1 < e.text.size(); i += 2)
                if (s[pos] >= e.text[i] && s[pos] <= e.text[i + 1])
                    in = true;
            if (in != (e.kind == SET))
                return false;
            return matchFrom(k + 1, s, pos + 1);
        }
        case NUMRANGE: {
            size_t end = pos;
            while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end])))
                end++;
            if (end == pos || end - pos > 18)
                return false;
            long n = std::stol(s.substr(pos, end - pos));
            if ((e.lo >= 0 && n < e.lo) || (e.hi >= 0 && n > e.hi))
                return false;
            return matchFrom(k + 1, s, end);
        }
        case ANYSEQ:
            for (size_t end = s.size() + 1; end-- > pos;)
                if (matchFrom(k + 1, s, end))
                    return true;
            return false;
        case NONDOTSEQ: {
            size_t limit = pos;
            while (limit < s.size() && s[limit] != '.')
                limit++;
            for (size_t end = limit + 1; end-- > pos;)
                if (matchFrom(k + 1, s, end))
                    return true;
            return false;
        }
    }
    return false;
}

}  // namespace aloha
