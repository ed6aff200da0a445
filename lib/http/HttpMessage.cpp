#include "http/HttpMessage.h"

#include <cstring>
#include <utility>

namespace tracesan::http {
namespace {

constexpr std::size_t kMaxQuoted = 40;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool isTchar(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::strchr("!#$%&'*+-.^_`|~", c) != nullptr && c != 0;
}

bool isToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!isTchar(static_cast<unsigned char>(c))) return false;
  return true;
}

// C0 controls and DEL, except horizontal tab: what marks binary junk in a text line.
bool hasControl(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

bool isBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view trimBlanks(std::string_view s) {
  while (!s.empty() && isBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && isBlank(s.back())) s.remove_suffix(1);
  return s;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Text for an error message: at most kMaxQuoted bytes, non-printable bytes as \xNN.
std::string quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < kMaxQuoted; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (s.size() > kMaxQuoted) out += "...";
  out += "'";
  return out;
}

// A header line for an error message without its value, which may be a credential: "the value
// of header 'Cookie'"; a line without a colon has no value and is quoted (escaped, shortened) as
// the other header-line messages do.
std::string describeHeaderLine(std::string_view content) {
  std::size_t colon = content.find(':');
  if (colon == std::string_view::npos) return "header line " + quoted(content);
  std::string_view name = trimBlanks(content.substr(0, colon));
  if (name.empty() || !isToken(name)) return "the name of header line " + quoted(content.substr(0, colon));
  return "the value of header " + quoted(name);
}

// One physical line: its content without the line ending, and where the next line starts.
struct Line {
  std::size_t begin = 0;
  std::string_view content;
  std::size_t next = 0;
};

Line readLine(std::string_view bytes, std::size_t pos) {
  const void* found = std::memchr(bytes.data() + pos, '\n', bytes.size() - pos);
  std::size_t nl = found ? static_cast<std::size_t>(static_cast<const char*>(found) - bytes.data()) : bytes.size();
  std::size_t end = nl;
  if (end > pos && bytes[end - 1] == '\r') --end;
  return {pos, bytes.substr(pos, end - pos), found ? nl + 1 : bytes.size()};
}

Error lineError(std::size_t lineNumber, const std::string& what) {
  return invalidInput("line " + std::to_string(lineNumber) + ": " + what);
}

Status parseRequestLine(std::string_view line, std::size_t offset, HttpMessage& msg) {
  std::size_t sp = line.find_first_of(" \t");
  std::string_view method = line.substr(0, sp);
  if (method.empty()) return invalidInput("request line: missing method: " + quoted(line));
  if (!isToken(method)) return invalidInput("request line: invalid method " + quoted(method));
  if (sp == std::string_view::npos) return invalidInput("request line: missing request target: " + quoted(line));
  std::size_t targetBegin = sp;
  while (targetBegin < line.size() && isBlank(line[targetBegin])) ++targetBegin;
  std::size_t restEnd = line.size();
  while (restEnd > targetBegin && isBlank(line[restEnd - 1])) --restEnd;
  std::string_view rest = line.substr(targetBegin, restEnd - targetBegin);
  if (rest.empty()) return invalidInput("request line: missing request target: " + quoted(line));
  // The target may carry credentials (query, userinfo): name the method only, never the target.
  if (hasControl(rest)) return invalidInput("request line: control character in the request target of " + quoted(method));

  // The version is the last word; a target with stray spaces keeps them.
  std::string_view target = rest, version;
  std::size_t lastSp = rest.find_last_of(" \t");
  if (lastSp != std::string_view::npos) {
    version = rest.substr(lastSp + 1);
    target = trimBlanks(rest.substr(0, lastSp));
  }
  msg.method = method;
  msg.target = target;
  msg.targetBegin = offset + static_cast<std::size_t>(target.data() - line.data());
  msg.targetEnd = msg.targetBegin + target.size();
  msg.version = version;
  return Status::ok();
}

Status parseStatusLine(std::string_view line, HttpMessage& msg) {
  std::size_t sp = line.find_first_of(" \t");
  std::string_view version = line.substr(0, sp);
  if (version.empty()) return invalidInput("status line: missing version: " + quoted(line));
  if (hasControl(line)) return invalidInput("status line: control character in " + quoted(line));
  if (sp == std::string_view::npos) return invalidInput("status line: missing status code: " + quoted(line));
  std::string_view rest = line.substr(sp);
  while (!rest.empty() && isBlank(rest.front())) rest.remove_prefix(1);
  std::size_t codeEnd = rest.find_first_of(" \t");
  std::string_view code = rest.substr(0, codeEnd);
  if (code.empty()) return invalidInput("status line: missing status code: " + quoted(line));
  bool numeric = code.size() == 3;
  for (char c : code) numeric = numeric && c >= '0' && c <= '9';
  if (!numeric) return invalidInput("status line: status code is not a 3-digit number: " + quoted(code));
  msg.version = version;
  msg.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  msg.reason = codeEnd == std::string_view::npos ? std::string_view{} : trimBlanks(rest.substr(codeEnd));
  return Status::ok();
}

Expected<HttpMessage> parseMessage(std::string_view bytes, bool isRequest) {
  if (bytes.empty()) return invalidInput("empty message");
  HttpMessage msg;
  msg.isRequest = isRequest;

  // A UTF-8 byte order mark (hand-edited files) and blank lines before the start line
  // (RFC 9112 §2.2) are tolerated.
  std::size_t pos = bytes.starts_with(kUtf8Bom) ? kUtf8Bom.size() : 0, lineNumber = 0;
  Line line;
  do {
    if (pos >= bytes.size()) return invalidInput("empty message");
    line = readLine(bytes, pos);
    ++lineNumber;
    pos = line.next;
  } while (line.content.empty());

  Status start = isRequest ? parseRequestLine(line.content, line.begin, msg) : parseStatusLine(line.content, msg);
  if (!start) return start.error();

  // Folded values are joined after the loop, once their total size is known.
  struct Fold {
    std::size_t header;
    std::string value;
  };
  std::vector<Fold> folds;

  msg.hasBlankLine = false;
  msg.headEnd = bytes.size();
  while (pos < bytes.size()) {
    line = readLine(bytes, pos);
    ++lineNumber;
    pos = line.next;
    std::string_view content = line.content;
    if (content.empty()) {
      msg.hasBlankLine = true;
      msg.headEnd = pos;
      break;
    }
    if (hasControl(content)) return lineError(lineNumber, "control character in " + describeHeaderLine(content));

    if (isBlank(content.front())) {  // obs-fold continuation
      if (msg.headers.empty()) return lineError(lineNumber, "continuation line without a header before it");
      HeaderLine& h = msg.headers.back();
      std::string_view piece = trimBlanks(content);
      h.lineEnd = line.next;
      if (piece.empty()) continue;
      std::size_t pieceBegin = line.begin + static_cast<std::size_t>(piece.data() - content.data());
      if (folds.empty() || folds.back().header != msg.headers.size() - 1) {
        folds.push_back({msg.headers.size() - 1, std::string(h.value)});
        h.folded = true;
      }
      std::string& joined = folds.back().value;
      if (joined.empty()) {
        h.valueBegin = pieceBegin;
      } else {
        joined += ' ';
      }
      joined += piece;
      h.valueEnd = pieceBegin + piece.size();
      continue;
    }

    std::size_t colon = content.find(':');
    if (colon == std::string_view::npos) return lineError(lineNumber, "header line without a colon: " + quoted(content));
    std::string_view name = trimBlanks(content.substr(0, colon));
    if (name.empty()) return lineError(lineNumber, "header line with an empty name: " + quoted(content));
    if (!isToken(name)) return lineError(lineNumber, "invalid header name " + quoted(name));
    std::string_view rawValue = content.substr(colon + 1);
    std::size_t lead = 0;
    while (lead < rawValue.size() && isBlank(rawValue[lead])) ++lead;
    std::string_view value = trimBlanks(rawValue);

    HeaderLine h;
    h.name = name;
    h.value = value;
    h.lineBegin = line.begin;
    h.lineEnd = line.next;
    h.valueBegin = line.begin + colon + 1 + lead;
    h.valueEnd = h.valueBegin + value.size();
    msg.headers.push_back(h);
  }
  msg.body = bytes.substr(msg.headEnd);

  if (!folds.empty()) {
    std::size_t total = 0;
    for (const Fold& f : folds) total += f.value.size();
    auto storage = std::make_shared<std::string>();
    storage->reserve(total);
    for (const Fold& f : folds) *storage += f.value;
    std::string_view all = *storage;
    std::size_t at = 0;
    for (const Fold& f : folds) {
      msg.headers[f.header].value = all.substr(at, f.value.size());
      at += f.value.size();
    }
    msg.foldedStorage = std::move(storage);
  }
  return msg;
}

}  // namespace

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

const HeaderLine* HttpMessage::header(std::string_view name) const {
  for (const HeaderLine& h : headers)
    if (equalsIgnoreCase(h.name, name)) return &h;
  return nullptr;
}

std::vector<const HeaderLine*> HttpMessage::headersNamed(std::string_view name) const {
  std::vector<const HeaderLine*> out;
  for (const HeaderLine& h : headers)
    if (equalsIgnoreCase(h.name, name)) out.push_back(&h);
  return out;
}

std::string HttpMessage::headerValues(std::string_view name) const {
  std::string out;
  for (const HeaderLine& h : headers) {
    if (!equalsIgnoreCase(h.name, name) || h.value.empty()) continue;
    if (!out.empty()) out += ", ";
    out += h.value;
  }
  return out;
}

Expected<HttpMessage> parseRequest(std::string_view bytes) { return parseMessage(bytes, true); }

Expected<HttpMessage> parseResponse(std::string_view bytes) { return parseMessage(bytes, false); }

bool isConnect(const HttpMessage& msg) { return msg.isRequest && equalsIgnoreCase(msg.method, "CONNECT"); }

namespace {

bool isSchemeChar(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (first) return alpha;
  return alpha || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

// Fills path, query and fragment from "/path?query#fragment".
void splitPathQueryFragment(std::string_view rest, RequestTarget& t) {
  std::size_t hash = rest.find('#');
  if (hash != std::string_view::npos) {
    t.hasFragment = true;
    t.fragment = rest.substr(hash + 1);
    rest = rest.substr(0, hash);
  }
  std::size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    t.hasQuery = true;
    t.query = rest.substr(question + 1);
    rest = rest.substr(0, question);
  }
  t.path = rest;
}

void splitAuthority(std::string_view authority, RequestTarget& t) {
  std::size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    t.userinfo = authority.substr(0, at);
    authority = authority.substr(at + 1);
  }
  t.authority = authority;
  if (!authority.empty() && authority.front() == '[') {
    std::size_t close = authority.find(']');
    if (close != std::string_view::npos) {
      t.host = authority.substr(0, close + 1);
      if (close + 1 < authority.size() && authority[close + 1] == ':') t.port = authority.substr(close + 2);
      return;
    }
  }
  std::size_t colon = authority.rfind(':');
  if (colon == std::string_view::npos) {
    t.host = authority;
  } else {
    t.host = authority.substr(0, colon);
    t.port = authority.substr(colon + 1);
  }
}

}  // namespace

RequestTarget splitTarget(std::string_view target) {
  RequestTarget t;
  if (target == "*") {
    t.form = RequestTarget::Form::Asterisk;
    t.path = target;
    return t;
  }
  if (!target.empty() && target.front() == '/') {
    splitPathQueryFragment(target, t);
    return t;
  }
  std::size_t sep = target.find("://");
  bool scheme = sep != std::string_view::npos && sep > 0;
  for (std::size_t i = 0; scheme && i < sep; ++i) scheme = isSchemeChar(target[i], i == 0);
  if (scheme) {
    t.form = RequestTarget::Form::Absolute;
    t.scheme = target.substr(0, sep);
    std::string_view rest = target.substr(sep + 3);
    std::size_t authorityEnd = rest.find_first_of("/?#");
    splitAuthority(rest.substr(0, authorityEnd), t);
    if (authorityEnd != std::string_view::npos) splitPathQueryFragment(rest.substr(authorityEnd), t);
    return t;
  }
  if (!target.empty() && target.find_first_of("/?#") == std::string_view::npos) {
    t.form = RequestTarget::Form::Authority;
    splitAuthority(target, t);
    return t;
  }
  splitPathQueryFragment(target, t);
  return t;
}

std::string effectiveUrl(const HttpMessage& request, bool https) {
  RequestTarget t = splitTarget(request.target);
  if (isConnect(request) || t.form != RequestTarget::Form::Origin) return std::string(request.target);
  const HeaderLine* host = request.header("Host");
  if (host == nullptr || host->value.empty()) return std::string(request.target);
  std::string url = https ? "https://" : "http://";
  url += host->value;
  url += request.target;
  return url;
}

}  // namespace tracesan::http
