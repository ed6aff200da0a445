#include "saz/SazMetadata.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace tracesan::saz {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool isNameChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}

void appendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::optional<std::string> decodeEntities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    std::size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) return std::nullopt;
    std::string_view ent = raw.substr(i + 1, semi - i - 1);
    if (ent == "amp") out += '&';
    else if (ent == "lt") out += '<';
    else if (ent == "gt") out += '>';
    else if (ent == "quot") out += '"';
    else if (ent == "apos") out += '\'';
    else if (ent.size() >= 2 && ent[0] == '#') {
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::string_view digits = ent.substr(hex ? 2 : 1);
      if (digits.empty()) return std::nullopt;
      std::uint32_t cp = 0;
      for (char c : digits) {
        int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : hex && std::isxdigit(static_cast<unsigned char>(c))
                    ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                    : -1;
        if (v < 0) return std::nullopt;
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        if (cp > 0x10FFFF) return std::nullopt;
      }
      appendUtf8(out, cp);
    } else {
      return std::nullopt;
    }
    i = semi;
  }
  return out;
}

// Days since 1970-01-01 of a proleptic Gregorian date (the "days from civil" construction).
std::int64_t daysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool readDigits(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  out = v;
  return true;
}

double millisBetween(const DateTime& a, const DateTime& b) { return static_cast<double>(b.micros - a.micros) / 1000.0; }

}  // namespace

const XmlAttribute* XmlElement::find(std::string_view attributeName) const {
  for (const auto& a : attributes)
    if (a.name == attributeName) return &a;
  return nullptr;
}

std::optional<std::string> scanXmlElements(std::string_view xml, const std::function<void(const XmlElement&)>& fn) {
  std::size_t pos = 0;
  XmlElement element;
  while ((pos = xml.find('<', pos)) != std::string_view::npos) {
    std::string_view rest = xml.substr(pos);
    if (rest.starts_with("<?")) {
      std::size_t end = xml.find("?>", pos);
      if (end == std::string_view::npos) return "unterminated processing instruction";
      pos = end + 2;
      continue;
    }
    if (rest.starts_with("<!--")) {
      std::size_t end = xml.find("-->", pos);
      if (end == std::string_view::npos) return "unterminated comment";
      pos = end + 3;
      continue;
    }
    if (rest.starts_with("<![CDATA[")) {
      std::size_t end = xml.find("]]>", pos);
      if (end == std::string_view::npos) return "unterminated cdata section";
      pos = end + 3;
      continue;
    }
    if (rest.starts_with("<!") || rest.starts_with("</")) {
      std::size_t end = xml.find('>', pos);
      if (end == std::string_view::npos) return "unterminated tag at byte " + std::to_string(pos);
      pos = end + 1;
      continue;
    }
    std::size_t i = pos + 1;
    std::size_t nameStart = i;
    while (i < xml.size() && isNameChar(xml[i])) ++i;
    if (i == nameStart) return "malformed tag at byte " + std::to_string(pos);
    element.name = xml.substr(nameStart, i - nameStart);
    element.attributes.clear();
    for (;;) {
      while (i < xml.size() && isSpace(xml[i])) ++i;
      if (i >= xml.size()) return "unterminated tag at byte " + std::to_string(pos);
      if (xml[i] == '>') {
        ++i;
        break;
      }
      if (xml[i] == '/' && i + 1 < xml.size() && xml[i + 1] == '>') {
        i += 2;
        break;
      }
      std::size_t attrStart = i;
      while (i < xml.size() && isNameChar(xml[i])) ++i;
      if (i == attrStart) return "malformed attribute at byte " + std::to_string(attrStart);
      XmlAttribute attr;
      attr.name = xml.substr(attrStart, i - attrStart);
      while (i < xml.size() && isSpace(xml[i])) ++i;
      if (i >= xml.size() || xml[i] != '=') return "attribute without value at byte " + std::to_string(attrStart);
      ++i;
      while (i < xml.size() && isSpace(xml[i])) ++i;
      if (i >= xml.size() || (xml[i] != '"' && xml[i] != '\''))
        return "unquoted attribute value at byte " + std::to_string(i);
      char quote = xml[i++];
      std::size_t valueEnd = xml.find(quote, i);
      if (valueEnd == std::string_view::npos) return "unterminated attribute value at byte " + std::to_string(i);
      std::string_view rawValue = xml.substr(i, valueEnd - i);
      if (rawValue.find('<') != std::string_view::npos) return "'<' in attribute value at byte " + std::to_string(i);
      auto decoded = decodeEntities(rawValue);
      if (!decoded) return "bad character reference in attribute value at byte " + std::to_string(i);
      attr.value = std::move(*decoded);
      attr.raw = {i, rawValue.size()};
      element.attributes.push_back(std::move(attr));
      i = valueEnd + 1;
    }
    fn(element);
    pos = i;
  }
  return std::nullopt;
}

std::string xmlEscapeAttribute(std::string_view value) {
  std::string out;
  out.reserve(value.size() + 8);
  for (char c : value) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "&#x%X;", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string htmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::optional<DateTime> parseDateTime(std::string_view s) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!readDigits(s, pos, 4, year) || pos >= s.size() || s[pos++] != '-' || !readDigits(s, pos, 2, month) ||
      pos >= s.size() || s[pos++] != '-' || !readDigits(s, pos, 2, day) || pos >= s.size() ||
      (s[pos] != 'T' && s[pos] != ' ') || !readDigits(s, ++pos, 2, hour) || pos >= s.size() || s[pos++] != ':' ||
      !readDigits(s, pos, 2, minute) || pos >= s.size() || s[pos++] != ':' || !readDigits(s, pos, 2, second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::int64_t scale = 100000;
    std::size_t digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
      ++digits;
    }
    if (digits == 0) return std::nullopt;
  }
  DateTime t;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      t.hasOffset = true;
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos++] == '-' ? -1 : 1;
      int oh = 0, om = 0;
      if (!readDigits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!readDigits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
      t.hasOffset = true;
      t.offsetMinutes = sign * (oh * 60 + om);
    }
  }
  if (pos != s.size()) return std::nullopt;
  std::int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  std::int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - std::int64_t{t.offsetMinutes} * 60;
  t.micros = secs * 1000000 + micros;
  t.set = year > 1;
  return t;
}

std::string formatDateTime(const DateTime& t, int fractionDigits) {
  std::int64_t local = t.micros + std::int64_t{t.offsetMinutes} * 60 * 1000000;
  std::int64_t secs = local >= 0 ? local / 1000000 : -((-local + 999999) / 1000000);
  std::int64_t frac = local - secs * 1000000;
  std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  std::int64_t sod = secs - days * 86400;
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civilFromDays(days, y, m, d);
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld", static_cast<long long>(y), m, d,
                        static_cast<long long>(sod / 3600), static_cast<long long>(sod / 60 % 60),
                        static_cast<long long>(sod % 60));
  std::string out(buf, static_cast<std::size_t>(n));
  if (fractionDigits == 7) {
    std::snprintf(buf, sizeof buf, ".%06lld0", static_cast<long long>(frac));
    out += buf;
  } else {
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(frac / 1000));
    out += buf;
  }
  if (t.offsetMinutes == 0) return out + "Z";
  int off = t.offsetMinutes < 0 ? -t.offsetMinutes : t.offsetMinutes;
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", t.offsetMinutes < 0 ? '-' : '+', off / 60, off % 60);
  return out + buf;
}

const std::string* SessionMetadata::timer(std::string_view name) const {
  for (const auto& [n, v] : timers)
    if (n == name) return &v;
  return nullptr;
}

Expected<SessionMetadata> parseSessionMetadata(std::string_view xml) {
  SessionMetadata meta;
  bool sawSession = false;
  std::optional<std::string> badFlags;
  auto error = scanXmlElements(xml, [&](const XmlElement& e) {
    if (e.name == "Session") {
      sawSession = true;
      if (auto* a = e.find("SID")) meta.sid = a->value;
      if (auto* a = e.find("BitFlags")) {
        // Fiddler writes hex without a prefix; a few third-party writers use decimal, which
        // reads as (wrong but harmless) hex here.
        std::uint64_t v = 0;
        bool ok = !a->value.empty() && a->value.size() <= 8;
        for (char c : a->value) {
          if (!std::isxdigit(static_cast<unsigned char>(c))) ok = false;
          else v = v * 16 + static_cast<std::uint64_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : std::tolower(c) - 'a' + 10);
        }
        if (!ok) badFlags = a->value;
        meta.bitFlags = static_cast<std::uint32_t>(v);
        meta.hasBitFlags = ok;
      }
      if (auto* a = e.find("Aborted")) meta.aborted = a->value == "true" || a->value == "True";
    } else if (e.name == "SessionTimers") {
      for (const auto& a : e.attributes) meta.timers.emplace_back(std::string(a.name), a.value);
    } else if (e.name == "SessionFlag") {
      Field f;
      if (auto* n = e.find("N")) {
        f.name.value = n->value;
        f.name.raw = n->raw;
        f.name.present = true;
      }
      if (auto* v = e.find("V")) {
        f.value.value = v->value;
        f.value.raw = {v->raw.offset, v->raw.length};
        f.value.present = true;
      }
      if (f.name.present) meta.flags.push_back(std::move(f));
    }
  });
  if (error) return invalidInput("malformed xml: " + *error);
  if (!sawSession) return invalidInput("no <Session> element");
  if (badFlags) return invalidInput("BitFlags \"" + *badFlags + "\" is not hexadecimal");
  return meta;
}

void applyTimers(const SessionMetadata& meta, Entry& entry) {
  auto at = [&](std::string_view name) -> DateTime {
    const std::string* v = meta.timer(name);
    if (!v) return {};
    auto t = parseDateTime(*v);
    return t ? *t : DateTime{};
  };
  auto millis = [&](std::string_view name) -> double {
    const std::string* v = meta.timer(name);
    if (!v || v->empty()) return -1;
    char* end = nullptr;
    double d = std::strtod(v->c_str(), &end);
    return end && *end == '\0' && d >= 0 ? d : -1;
  };
  auto span = [](const DateTime& a, const DateTime& b) -> double {
    if (!a.set || !b.set || b.micros < a.micros) return -1;
    return millisBetween(a, b);
  };
  DateTime begin = at("ClientBeginRequest");
  if (!begin.set) begin = at("ClientConnected");
  if (begin.set) {
    entry.startedDateTime.value = formatDateTime(begin, 3);
    entry.startedDateTime.present = true;
  }
  double dns = millis("DNSTime"), tcp = millis("TCPConnectTime"), ssl = millis("HTTPSHandshakeTime");
  double gateway = millis("GatewayTime");
  auto setNumber = [](Number& n, double v) {
    n.value = v;
    n.present = true;
  };
  setNumber(entry.timings.blocked, gateway > 0 ? gateway : -1);
  setNumber(entry.timings.dns, dns);
  setNumber(entry.timings.ssl, ssl);
  setNumber(entry.timings.connect, tcp < 0 ? -1 : tcp + (ssl > 0 ? ssl : 0));
  DateTime fiddlerBegin = at("FiddlerBeginRequest"), gotRequest = at("ServerGotRequest");
  DateTime beginResponse = at("ServerBeginResponse"), doneResponse = at("ServerDoneResponse");
  double send = span(fiddlerBegin, gotRequest), wait = span(gotRequest, beginResponse);
  double receive = span(beginResponse, doneResponse);
  setNumber(entry.timings.send, send < 0 ? 0 : send);
  setNumber(entry.timings.wait, wait < 0 ? 0 : wait);
  setNumber(entry.timings.receive, receive < 0 ? 0 : receive);
  double total = span(begin, at("ClientDoneResponse"));
  if (total < 0) {
    total = 0;
    for (const Number* n : {&entry.timings.blocked, &entry.timings.dns, &entry.timings.connect, &entry.timings.send,
                            &entry.timings.wait, &entry.timings.receive})
      if (n->value > 0) total += n->value;
  }
  setNumber(entry.time, total);
}

std::vector<std::pair<std::string, std::string>> timersFromEntry(const Entry& entry) {
  std::vector<std::pair<std::string, std::string>> timers;
  std::optional<DateTime> start;
  if (entry.startedDateTime.present) start = parseDateTime(entry.startedDateTime.value);
  auto value = [](const Number& n) { return n.present && n.value >= 0 ? n.value : 0.0; };
  auto known = [](const Number& n) { return n.present && n.value >= 0; };
  double ssl = value(entry.timings.ssl);
  double tcp = known(entry.timings.connect) ? value(entry.timings.connect) - ssl : -1;
  if (tcp < 0 && known(entry.timings.connect)) tcp = 0;
  auto stamp = [&](double offsetMs) -> std::string {
    if (!start || !start->set) return "0001-01-01T00:00:00";
    DateTime t = *start;
    t.micros += static_cast<std::int64_t>(std::llround(offsetMs * 1000.0));
    return formatDateTime(t, 7);
  };
  double blocked = value(entry.timings.blocked), dns = value(entry.timings.dns);
  double connect = value(entry.timings.connect), send = value(entry.timings.send);
  double wait = value(entry.timings.wait), receive = value(entry.timings.receive);
  double fiddlerBegin = blocked + dns + connect;
  double total = entry.time.present && entry.time.value >= 0 ? entry.time.value : fiddlerBegin + send + wait + receive;
  auto ms = [](double v) { return std::to_string(static_cast<long long>(std::llround(v < 0 ? 0 : v))); };
  timers.emplace_back("ClientConnected", stamp(0));
  timers.emplace_back("ClientBeginRequest", stamp(0));
  timers.emplace_back("GotRequestHeaders", stamp(0));
  timers.emplace_back("ClientDoneRequest", stamp(0));
  timers.emplace_back("GatewayTime", ms(blocked));
  timers.emplace_back("DNSTime", ms(known(entry.timings.dns) ? dns : 0));
  timers.emplace_back("TCPConnectTime", ms(tcp));
  timers.emplace_back("HTTPSHandshakeTime", ms(ssl));
  timers.emplace_back("ServerConnected", stamp(fiddlerBegin));
  timers.emplace_back("FiddlerBeginRequest", stamp(fiddlerBegin));
  timers.emplace_back("ServerGotRequest", stamp(fiddlerBegin + send));
  timers.emplace_back("ServerBeginResponse", stamp(fiddlerBegin + send + wait));
  timers.emplace_back("GotResponseHeaders", stamp(fiddlerBegin + send + wait));
  timers.emplace_back("ServerDoneResponse", stamp(fiddlerBegin + send + wait + receive));
  timers.emplace_back("ClientBeginResponse", stamp(fiddlerBegin + send + wait));
  timers.emplace_back("ClientDoneResponse", stamp(total));
  return timers;
}

std::string writeSessionMetadata(std::string_view sid, std::uint32_t bitFlags,
                                 const std::vector<std::pair<std::string, std::string>>& timers,
                                 const std::vector<Field>& flags) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "%x", bitFlags);
  std::string out = "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Session SID=\"";
  out += xmlEscapeAttribute(sid);
  out += "\" BitFlags=\"";
  out += hex;
  out += "\">\r\n  <SessionTimers";
  for (const auto& [name, value] : timers) out += " " + name + "=\"" + xmlEscapeAttribute(value) + "\"";
  out += " />\r\n  <SessionFlags>\r\n";
  for (const auto& f : flags)
    out += "    <SessionFlag N=\"" + xmlEscapeAttribute(f.name.value) + "\" V=\"" + xmlEscapeAttribute(f.value.value) +
           "\" />\r\n";
  out += "  </SessionFlags>\r\n</Session>";
  return out;
}

}  // namespace tracesan::saz
