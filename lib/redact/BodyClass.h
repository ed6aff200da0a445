// How the redactor treats a body by its media type and first bytes: form, multipart, JSON, HTML,
// text or binary, and which media are opaque (not scanned at all).
//
//   BodyType t = classify(mimeType, content);
//   if (t == BodyType::Binary || looksBinary(content)) { /* printable runs only */ }
#pragma once

#include <string_view>

namespace tracesan::redact {

enum class BodyType { Form, Multipart, Json, Html, Text, Binary };

BodyType classify(std::string_view mime, std::string_view content);

bool isBinaryMime(std::string_view mime);
bool isTextMime(std::string_view mime);

// Media whose bytes are not scanned at all: pictures, sound, video and fonts.
bool isOpaqueMedia(std::string_view mime);

// Binary content: NUL bytes, or many control characters in the first 4 KiB.
bool looksBinary(std::string_view s);

// A text that starts (after white space and a BOM) like a JSON object or array.
bool looksLikeJson(std::string_view s);

std::string_view trimLeft(std::string_view s);

}  // namespace tracesan::redact
