#include "har/HarEntryParser.h"

#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace tracesan {
namespace {

namespace od = simdjson::ondemand;

// Raised for model-level problems (wrong types, duplicate keys); simdjson raises its own.
struct ShapeError {
  std::string message;
};

std::string_view rtrimWs(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

class Walker {
public:
  explicit Walker(const char* base) : base_(base) {}

  SourceSpan spanOf(std::string_view raw) const {
    return {static_cast<std::uint64_t>(raw.data() - base_), raw.size()};
  }

  static std::string_view rawValue(od::value v) {
    switch (v.type()) {
      case od::json_type::object: {
        od::object o = v.get_object();
        return o.raw_json();
      }
      case od::json_type::array: {
        od::array a = v.get_array();
        return a.raw_json();
      }
      default: return rtrimWs(v.raw_json_token());
    }
  }

  void text(od::value v, Text& out, const char* path) {
    if (v.is_null()) return;
    if (v.type() != od::json_type::string) throw ShapeError{std::string(path) + ": expected a string"};
    std::string_view raw = rtrimWs(v.raw_json_token());
    std::string_view value = v.get_string();
    out.value.assign(value);
    out.raw = spanOf(raw);
    out.present = true;
  }

  void number(od::value v, Number& out, const char* path) {
    if (v.is_null()) return;
    if (v.type() != od::json_type::number) throw ShapeError{std::string(path) + ": expected a number"};
    std::string_view raw = rtrimWs(v.raw_json_token());
    out.value = v.get_double();
    out.raw = spanOf(raw);
    out.present = true;
  }

  void extension(std::string_view key, od::value v, std::vector<Extension>& out) {
    std::string_view raw = rawValue(v);
    Extension ext;
    ext.name.assign(key);
    ext.json.value.assign(raw);
    ext.json.raw = spanOf(raw);
    ext.json.present = true;
    out.push_back(std::move(ext));
  }

  void fields(od::value v, std::vector<Field>& out, const char* path) {
    if (v.is_null()) return;
    if (v.type() != od::json_type::array) throw ShapeError{std::string(path) + ": expected an array"};
    std::size_t i = 0;
    for (auto item : v.get_array()) {
      od::value element = item.value();
      if (element.type() != od::json_type::object)
        throw ShapeError{std::string(path) + "[" + std::to_string(i) + "]: expected an object"};
      Field field;
      for (auto member : element.get_object()) {
        std::string_view key = member.unescaped_key();
        if (key == "name") {
          guardDuplicate(field.name, path, "name");
          text(member.value(), field.name, path);
        } else if (key == "value") {
          guardDuplicate(field.value, path, "value");
          text(member.value(), field.value, path);
        }
      }
      out.push_back(std::move(field));
      ++i;
    }
  }

  // A second value for a modeled member would be invisible to the redactor: refuse it.
  static void guardDuplicate(const Text& t, const char* path, std::string_view key) {
    if (t.present) throw ShapeError{std::string(path) + ": duplicate member \"" + std::string(key) + "\""};
  }
  static void guardDuplicate(const Number& n, const char* path, std::string_view key) {
    if (n.present) throw ShapeError{std::string(path) + ": duplicate member \"" + std::string(key) + "\""};
  }

  void body(od::value v, Body& out, bool isResponse) {
    const char* path = isResponse ? "response.content" : "request.postData";
    if (v.is_null()) return;
    if (v.type() != od::json_type::object) throw ShapeError{std::string(path) + ": expected an object"};
    out.present = true;
    for (auto member : v.get_object()) {
      std::string_view key = member.unescaped_key();
      od::value value = member.value();
      if (key == "mimeType") guardDuplicate(out.mimeType, path, key), text(value, out.mimeType, path);
      else if (key == "text") guardDuplicate(out.text, path, key), text(value, out.text, path);
      else if (key == "encoding") guardDuplicate(out.encoding, path, key), text(value, out.encoding, path);
      else if (key == "params" && !isResponse) fields(value, out.params, "request.postData.params");
      else if (key == "size" && isResponse) guardDuplicate(out.size, path, key), number(value, out.size, path);
      else if (key == "compression" && isResponse) number(value, out.compression, path);
    }
  }

  void request(od::value v, Request& r) {
    if (v.type() != od::json_type::object) throw ShapeError{"request: expected an object"};
    for (auto member : v.get_object()) {
      std::string_view key = member.unescaped_key();
      od::value value = member.value();
      if (key == "method") guardDuplicate(r.method, "request", key), text(value, r.method, "request.method");
      else if (key == "url") guardDuplicate(r.url, "request", key), text(value, r.url, "request.url");
      else if (key == "httpVersion") text(value, r.httpVersion, "request.httpVersion");
      else if (key == "headers") guardArray(r.headers, key), fields(value, r.headers, "request.headers");
      else if (key == "cookies") guardArray(r.cookies, key), fields(value, r.cookies, "request.cookies");
      else if (key == "queryString") guardArray(r.queryString, key), fields(value, r.queryString, "request.queryString");
      else if (key == "postData") guardBody(r.body, "request"), body(value, r.body, false);
      else if (key == "headersSize") number(value, r.headersSize, "request.headersSize");
      else if (key == "bodySize") number(value, r.bodySize, "request.bodySize");
      else extension(key, value, r.extensions);
    }
  }

  void response(od::value v, Response& r) {
    if (v.type() != od::json_type::object) throw ShapeError{"response: expected an object"};
    r.present = true;
    for (auto member : v.get_object()) {
      std::string_view key = member.unescaped_key();
      od::value value = member.value();
      if (key == "status") guardDuplicate(r.status, "response", key), number(value, r.status, "response.status");
      else if (key == "statusText") text(value, r.statusText, "response.statusText");
      else if (key == "httpVersion") text(value, r.httpVersion, "response.httpVersion");
      else if (key == "headers") guardArray(r.headers, key), fields(value, r.headers, "response.headers");
      else if (key == "cookies") guardArray(r.cookies, key), fields(value, r.cookies, "response.cookies");
      else if (key == "content") guardBody(r.body, "response"), body(value, r.body, true);
      else if (key == "redirectURL") guardDuplicate(r.redirectURL, "response", key), text(value, r.redirectURL, "response.redirectURL");
      else if (key == "headersSize") number(value, r.headersSize, "response.headersSize");
      else if (key == "bodySize") number(value, r.bodySize, "response.bodySize");
      else extension(key, value, r.extensions);
    }
  }

  void timings(od::value v, Timings& t) {
    if (v.type() != od::json_type::object) throw ShapeError{"timings: expected an object"};
    for (auto member : v.get_object()) {
      std::string_view key = member.unescaped_key();
      od::value value = member.value();
      if (key == "blocked") number(value, t.blocked, "timings.blocked");
      else if (key == "dns") number(value, t.dns, "timings.dns");
      else if (key == "connect") number(value, t.connect, "timings.connect");
      else if (key == "send") number(value, t.send, "timings.send");
      else if (key == "wait") number(value, t.wait, "timings.wait");
      else if (key == "receive") number(value, t.receive, "timings.receive");
      else if (key == "ssl") number(value, t.ssl, "timings.ssl");
    }
  }

  void webSocketMessages(od::value v, std::vector<WebSocketMessage>& out) {
    if (v.type() != od::json_type::array) throw ShapeError{"_webSocketMessages: expected an array"};
    for (auto item : v.get_array()) {
      od::value element = item.value();
      if (element.type() != od::json_type::object) throw ShapeError{"_webSocketMessages: expected objects"};
      WebSocketMessage m;
      for (auto member : element.get_object()) {
        std::string_view key = member.unescaped_key();
        od::value value = member.value();
        if (key == "type") text(value, m.type, "_webSocketMessages.type");
        else if (key == "time") number(value, m.time, "_webSocketMessages.time");
        else if (key == "opcode") number(value, m.opcode, "_webSocketMessages.opcode");
        else if (key == "data") guardDuplicate(m.data, "_webSocketMessages", key), text(value, m.data, "_webSocketMessages.data");
      }
      out.push_back(std::move(m));
    }
  }

  void entry(od::object object, Entry& e) {
    bool sawRequest = false, sawResponse = false, sawMessages = false;
    for (auto member : object) {
      std::string_view key = member.unescaped_key();
      od::value value = member.value();
      if (key == "request") {
        if (sawRequest) throw ShapeError{"duplicate member \"request\""};
        sawRequest = true;
        request(value, e.request);
      } else if (key == "response") {
        if (sawResponse) throw ShapeError{"duplicate member \"response\""};
        sawResponse = true;
        response(value, e.response);
      } else if (key == "startedDateTime") text(value, e.startedDateTime, "startedDateTime");
      else if (key == "time") number(value, e.time, "time");
      else if (key == "timings") timings(value, e.timings);
      else if (key == "serverIPAddress") guardDuplicate(e.serverIPAddress, "entry", key), text(value, e.serverIPAddress, "serverIPAddress");
      else if (key == "connection") text(value, e.connection, "connection");
      else if (key == "pageref") text(value, e.pageref, "pageref");
      else if (key == "_webSocketMessages") {
        if (sawMessages) throw ShapeError{"duplicate member \"_webSocketMessages\""};
        sawMessages = true;
        webSocketMessages(value, e.webSocketMessages);
      } else extension(key, value, e.extensions);
    }
  }

  // The members a listing needs; the rest is skipped by simdjson without being decoded.
  void summary(od::object object, Entry& e) {
    bool sawRequest = false, sawResponse = false;
    for (auto member : object) {
      std::string_view key = member.unescaped_key();
      if (key == "request") {
        if (sawRequest) throw ShapeError{"duplicate member \"request\""};
        sawRequest = true;
        od::value v = member.value();
        if (v.type() != od::json_type::object) throw ShapeError{"request: expected an object"};
        for (auto field : v.get_object()) {
          std::string_view name = field.unescaped_key();
          if (name == "method") guardDuplicate(e.request.method, "request", name), text(field.value(), e.request.method, "request.method");
          else if (name == "url") guardDuplicate(e.request.url, "request", name), text(field.value(), e.request.url, "request.url");
        }
      } else if (key == "response") {
        if (sawResponse) throw ShapeError{"duplicate member \"response\""};
        sawResponse = true;
        od::value v = member.value();
        if (v.type() != od::json_type::object) throw ShapeError{"response: expected an object"};
        e.response.present = true;
        for (auto field : v.get_object()) {
          std::string_view name = field.unescaped_key();
          if (name == "status") guardDuplicate(e.response.status, "response", name), number(field.value(), e.response.status, "response.status");
        }
      }
    }
  }

private:
  static void guardArray(const std::vector<Field>& f, std::string_view key) {
    if (!f.empty()) throw ShapeError{"duplicate member \"" + std::string(key) + "\""};
  }
  static void guardBody(const Body& b, const char* where) {
    if (b.present) throw ShapeError{std::string(where) + ": duplicate body member"};
  }

  const char* base_;
};

std::string describe(simdjson::error_code code) {
  switch (code) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8 in the entry";
    case simdjson::NUMBER_ERROR: return "invalid or out-of-range number";
    case simdjson::UNESCAPED_CHARS: return "unescaped control character in a string";
    case simdjson::STRING_ERROR: return "invalid string escape";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::UNCLOSED_STRING: return "unterminated string";
    case simdjson::INCORRECT_TYPE: return "a value has the wrong type";
    default: break;
  }
  std::string message = simdjson::error_message(code);
  if (!message.empty()) message[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(message[0])));
  return "invalid JSON: " + message;
}

}  // namespace

struct HarEntryParser::Impl {
  od::parser parser;
  // Entry bytes followed by simdjson's padding; grows only, and is never zero-filled as a whole
  // (std::string::resize would clear every byte it adds, for each bigger entry).
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
};

HarEntryParser::HarEntryParser() : impl_(std::make_unique<Impl>()) {}
HarEntryParser::~HarEntryParser() = default;

Status HarEntryParser::parse(std::string_view json, Entry& entry) { return run(json, entry, false); }

Status HarEntryParser::parseSummary(std::string_view json, Entry& entry) { return run(json, entry, true); }

Status HarEntryParser::run(std::string_view json, Entry& entry, bool summary) {
  std::size_t needed = json.size() + simdjson::SIMDJSON_PADDING;
  if (needed > impl_->capacity) {
    impl_->capacity = std::max(needed, impl_->capacity + impl_->capacity / 2);
    impl_->buffer = std::make_unique_for_overwrite<char[]>(impl_->capacity);
  }
  char* buffer = impl_->buffer.get();
  std::memcpy(buffer, json.data(), json.size());
  std::memset(buffer + json.size(), 0, simdjson::SIMDJSON_PADDING);
  entry.source = {};
  entry.source.json = std::string_view(buffer, json.size());
  try {
    if (json.size() > impl_->parser.capacity()) {
      if (auto err = impl_->parser.allocate(json.size()); err) return invalidInput(simdjson::error_message(err));
    }
    od::document doc = impl_->parser.iterate(buffer, json.size(), needed);
    Walker walker(buffer);
    if (summary) walker.summary(doc.get_object(), entry);
    else walker.entry(doc.get_object(), entry);
  } catch (const simdjson::simdjson_error& e) {
    return invalidInput(describe(e.error()));
  } catch (const ShapeError& e) {
    return invalidInput(e.message);
  }
  return Status::ok();
}

}  // namespace tracesan
