#include "convert/HarSerializer.h"

#include "text/TextCodec.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "codec/Base64.h"

namespace tracesan::convert {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kEpoch = "1970-01-01T00:00:00.000Z";

Json number(const Number& n, double fallback) {
  double v = n.present ? n.value : fallback;
  if (!std::isfinite(v)) v = fallback;
  if (v == std::floor(v) && std::fabs(v) < 9.0e15) return static_cast<std::int64_t>(v);
  return v;
}

Json integer(const Number& n, std::int64_t fallback) {
  if (!n.present || !std::isfinite(n.value)) return fallback;
  return static_cast<std::int64_t>(std::llround(n.value));
}

Json fields(const std::vector<Field>& list) {
  Json out = Json::array();
  for (const auto& f : list) out.push_back(Json{{"name", f.name.value}, {"value", f.value.value}});
  return out;
}

std::string mimeTypeOf(const Body& body, const std::vector<Field>& headers) {
  if (body.mimeType.present) return body.mimeType.value;
  if (const Field* ct = findField(headers, "Content-Type")) return ct->value.value;
  return "";
}

// Sets text (and encoding) from a body: HAR bodies already base64 stay as stored.
void putBodyText(const Body& body, Json& out) {
  if (body.encoding.present && !body.encoding.value.empty()) {
    out["text"] = body.text.value;
    out["encoding"] = body.encoding.value;
    return;
  }
  if (text::isValidUtf8(body.text.value)) {
    out["text"] = body.text.value;
    return;
  }
  out["text"] = codec::base64Encode(body.text.value);
  out["encoding"] = "base64";
}

std::size_t decodedSize(const Body& body) {
  if (body.size.present && body.size.value >= 0) return static_cast<std::size_t>(body.size.value);
  if (body.encoding.value == "base64") {
    if (auto n = codec::base64DecodedSize(body.text.value)) return *n;
  }
  return body.text.value.size();
}

bool looksLikeIpAddress(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  if (s.find(':') != std::string_view::npos)
    return s.find_first_not_of("0123456789abcdefABCDEF:.") == std::string_view::npos;
  int dots = 0, digits = 0;
  for (char c : s) {
    if (c == '.') {
      if (digits == 0 || digits > 3) return false;
      ++dots;
      digits = 0;
    } else if (c >= '0' && c <= '9') {
      ++digits;
    } else {
      return false;
    }
  }
  return dots == 3 && digits > 0 && digits <= 3;
}

Json request(const Request& r) {
  Json out;
  out["method"] = r.method.value;
  out["url"] = r.url.value;
  out["httpVersion"] = r.httpVersion.present && !r.httpVersion.value.empty() ? r.httpVersion.value : "HTTP/1.1";
  out["cookies"] = fields(r.cookies);
  out["headers"] = fields(r.headers);
  out["queryString"] = fields(r.queryString);
  if (r.body.present) {
    Json post;
    post["mimeType"] = mimeTypeOf(r.body, r.headers);
    putBodyText(r.body, post);
    if (!r.body.params.empty()) post["params"] = fields(r.body.params);
    if (!r.body.decodeError.empty()) post["comment"] = "tracesan: body kept as sent: " + r.body.decodeError;
    out["postData"] = std::move(post);
  }
  out["headersSize"] = integer(r.headersSize, -1);
  out["bodySize"] = integer(r.bodySize, -1);
  for (const auto& e : r.extensions) {
    Json value = Json::parse(e.json.value, nullptr, false);
    if (!value.is_discarded()) out[e.name] = std::move(value);
  }
  return out;
}

Json response(const Response& r) {
  Json out;
  out["status"] = r.present ? integer(r.status, 0) : Json(0);
  out["statusText"] = r.statusText.value;
  out["httpVersion"] = r.present ? (r.httpVersion.present && !r.httpVersion.value.empty() ? r.httpVersion.value
                                                                                           : std::string("HTTP/1.1"))
                                 : std::string();
  out["cookies"] = fields(r.cookies);
  out["headers"] = fields(r.headers);
  Json content;
  content["size"] = static_cast<std::int64_t>(decodedSize(r.body));
  std::string mime = mimeTypeOf(r.body, r.headers);
  content["mimeType"] = mime.empty() ? "x-unknown" : mime;
  if (r.body.compression.present) content["compression"] = integer(r.body.compression, 0);
  if (r.body.present || !r.body.text.value.empty()) putBodyText(r.body, content);
  if (!r.body.decodeError.empty()) content["comment"] = "tracesan: body kept as received: " + r.body.decodeError;
  out["content"] = std::move(content);
  out["redirectURL"] = r.redirectURL.value;
  out["headersSize"] = integer(r.headersSize, -1);
  out["bodySize"] = integer(r.bodySize, -1);
  for (const auto& e : r.extensions) {
    Json value = Json::parse(e.json.value, nullptr, false);
    if (!value.is_discarded()) out[e.name] = std::move(value);
  }
  return out;
}

}  // namespace

std::string serializeHarEntry(const Entry& entry) {
  Json out;
  if (entry.pageref.present) out["pageref"] = entry.pageref.value;
  out["startedDateTime"] = entry.startedDateTime.present && !entry.startedDateTime.value.empty()
                               ? entry.startedDateTime.value
                               : std::string(kEpoch);
  const Timings& t = entry.timings;
  double total = 0;
  for (const Number* n : {&t.blocked, &t.dns, &t.connect, &t.send, &t.wait, &t.receive})
    if (n->present && n->value > 0) total += n->value;
  out["time"] = number(entry.time, total);
  out["request"] = request(entry.request);
  out["response"] = response(entry.response);
  out["cache"] = Json::object();
  out["timings"] = Json{{"blocked", number(t.blocked, -1)}, {"dns", number(t.dns, -1)},
                        {"connect", number(t.connect, -1)}, {"send", number(t.send, 0)},
                        {"wait", number(t.wait, 0)},       {"receive", number(t.receive, 0)},
                        {"ssl", number(t.ssl, -1)}};
  if (entry.serverIPAddress.present && looksLikeIpAddress(entry.serverIPAddress.value))
    out["serverIPAddress"] = entry.serverIPAddress.value;
  if (entry.connection.present) out["connection"] = entry.connection.value;
  if (!entry.webSocketMessages.empty()) {
    Json messages = Json::array();
    for (const auto& m : entry.webSocketMessages) {
      Json msg;
      msg["type"] = m.type.value;
      msg["time"] = number(m.time, 0);
      msg["opcode"] = number(m.opcode, 1);
      msg["data"] = m.data.value;
      messages.push_back(std::move(msg));
    }
    out["_webSocketMessages"] = std::move(messages);
  }
  for (const auto& e : entry.extensions) {
    if (e.name == "_webSocketMessages" && !entry.webSocketMessages.empty()) continue;
    Json value = Json::parse(e.json.value, nullptr, false);
    if (!value.is_discarded()) out[e.name] = std::move(value);
  }
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string harLogPrefix() {
  Json creator{{"name", "tracesan"}, {"version", "0.1.0"}};
  return R"({"log":{"version":"1.2","creator":)" + creator.dump() + R"(,"pages":[],"entries":[)";
}

std::string_view harLogSuffix() { return "]}}\n"; }

}  // namespace tracesan::convert

namespace tracesan::convert {
namespace {

class HarConvertWriter final : public TraceWriter {
public:
  explicit HarConvertWriter(std::unique_ptr<OutputFile> out) : out_(std::move(out)) {}

  // Entries only: the bytes of another format mean nothing here, and a NetLog's auxiliary
  // entries (socket bytes, session headers) are not requests.
  Status write(const Piece& piece) override {
    if (piece.kind != Piece::Kind::Entry || piece.entry->auxiliary) return Status::ok();
    const Entry& entry = *piece.entry;
    if (!started_) {
      if (auto s = out_->write(harLogPrefix()); !s) return s;
      started_ = true;
    }
    if (count_++ > 0)
      if (auto s = out_->write(",\n"); !s) return s;
    return out_->write(serializeHarEntry(entry));
  }

  Status finish() override {
    if (!started_)
      if (auto s = out_->write(harLogPrefix()); !s) return s;
    if (auto s = out_->write(harLogSuffix()); !s) return s;
    return out_->commit();
  }

private:
  std::unique_ptr<OutputFile> out_;
  bool started_ = false;
  std::size_t count_ = 0;
};

}  // namespace

std::unique_ptr<TraceWriter> makeHarConvertWriter(std::unique_ptr<OutputFile> out) {
  return std::make_unique<HarConvertWriter>(std::move(out));
}

}  // namespace tracesan::convert
