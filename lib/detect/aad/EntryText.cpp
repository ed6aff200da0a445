#include "detect/aad/EntryText.h"

#include "codec/Base64.h"
#include "codec/BodyCodec.h"
#include "text/TextCodec.h"

namespace tracesan::aad {

std::string_view headerValue(const std::vector<Field>& headers, std::string_view name) {
  const Field* f = findField(headers, name);
  return f ? std::string_view(f->value.value) : std::string_view{};
}

std::optional<std::string_view> bodyText(const Body& body, std::string& storage) {
  if (!body.present || body.text.value.empty()) return std::nullopt;
  if (!text::equalsIgnoreCase(body.encoding.value, "base64")) return std::string_view(body.text.value);
  auto decoded = codec::base64Decode(body.text.value);
  if (!decoded) return std::nullopt;
  storage = std::move(*decoded);
  return std::string_view(storage);
}

std::optional<std::string_view> bodyText(const Body& body, const std::vector<Field>& headers, std::string& storage) {
  auto text = bodyText(body, storage);
  if (!text || !text::equalsIgnoreCase(body.encoding.value, "base64")) return text;
  constexpr std::size_t kMaxDecoded = 256u << 20;
  auto decoded = codec::decodeStoredCoding(*text, headerValue(headers, "content-encoding"), kMaxDecoded);
  if (!decoded) return text;
  storage = std::move(decoded->bytes);
  return std::string_view(storage);
}

std::vector<detect::NamedValue> formParamValues(const std::vector<Field>& params) {
  std::vector<detect::NamedValue> values;
  for (const Field& p : params) {
    detect::NamedValue v;
    v.name = p.name.value;
    v.path = "form." + p.name.value;
    // Some HAR writers keep params form-encoded, others decode them.
    bool encoded = p.value.value.find(' ') == std::string::npos && p.value.value.find('%') != std::string::npos;
    v.value = encoded ? text::percentDecode(p.value.value, true) : p.value.value;
    values.push_back(std::move(v));
  }
  return values;
}

}  // namespace tracesan::aad
