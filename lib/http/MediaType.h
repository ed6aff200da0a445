// The one body classifier: what a media type (Content-Type, HAR mimeType) says a body is, and,
// where the type says little, what the body's first bytes look like. The redactor, the AADSTS
// finder and the structure scanners each write their policy as a choice over these kinds.
//
//   http::mediaKind("application/problem+json; charset=utf-8")   // MediaKind::Json
//   http::sniffMediaKind("  {\"error\":\"invalid_grant\"}")     // MediaKind::Json
#pragma once

#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan::http {

enum class MediaKind {
  None,       // no media type (or only white space)
  Form,       // application/x-www-form-urlencoded
  Multipart,  // multipart/*
  Json,       // a subtype naming JSON: json, +json, x-json, x-ndjson, json-seq …; jwk-set
  Html,       // text/html, application/xhtml+xml
  Xml,        // any other subtype naming XML: text/xml, application/soap+xml …
  Script,     // javascript, ecmascript
  Style,      // text/css
  Text,       // any other text/*
  Binary,     // application/octet-stream, zip, pdf, wasm, vnd.ms-* documents: bytes, not text
  Packed,     // protobuf, gRPC: binary framing around readable strings
  Media,      // image/*, audio/*, video/*, font/* and fonts under other types: pictures, sound, glyphs
  Other,      // any other type (application/x-custom …)
};

// A body's declared media type: its own (HAR mimeType), else its message's Content-Type header.
std::string_view declaredMediaType(const Body& body, const std::vector<Field>& headers);

// The kind a media type names. Parameters, surrounding white space and case do not matter.
MediaKind mediaKind(std::string_view mediaType);

// What the first non-blank byte says (white space and UTF-8 byte order mark bytes skipped):
// '{' or '[' Json, '<' Html, name=value without white space Form, anything else Text; None when
// the body is blank.
MediaKind sniffMediaKind(std::string_view body);

// Whether `s` starts (after white space and byte order mark bytes) like a JSON object or array.
bool looksLikeJson(std::string_view s);

// Binary content: a NUL byte, or many control characters (or bytes that are not UTF-8) in the
// first 4 KiB. Record separators (SignalR, RFC 7464) and a frame's final NUL (STOMP) are framing.
bool looksBinary(std::string_view body);

// Bytes of no declared type (a decoded base64 value, a binary WebSocket frame) that are text for
// sure: valid UTF-8 without control characters other than white space. Stricter than
// !looksBinary, which tolerates a few stray bytes in a body that says it is text.
bool readsAsText(std::string_view bytes);

// The kinds whose type declares text: a body of such a type that looks binary is not what it says.
bool isTextKind(MediaKind kind);

// The kinds whose bytes are not text at all (Binary, Packed, Media).
bool isBinaryKind(MediaKind kind);

// A body's kind for a structure scanner: the type's kind, or, when the type says little (none,
// text/*, an unknown type), the sniffed kind.
MediaKind bodyKind(std::string_view mediaType, std::string_view body);

}  // namespace tracesan::http
