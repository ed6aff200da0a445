// Base64 (RFC 4648) in the standard and URL-safe alphabets.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tracesan::codec {

std::string base64Encode(std::string_view bytes, bool urlSafe = false, bool pad = true);

// Decodes standard or URL-safe base64 (both alphabets accepted), with or without padding.
// Whitespace (CR, LF, space, tab) is skipped. Returns nullopt on any other invalid input.
std::optional<std::string> base64Decode(std::string_view text);
// Whether base64Decode(text) would succeed, without decoding.
bool isValidBase64(std::string_view text);
// base64Decode(text)->size(), without decoding (a writer's size fix-up); nullopt when invalid.
std::optional<std::size_t> base64DecodedSize(std::string_view text);

}  // namespace tracesan::codec
