// The one walk over every field of an Entry, extensions included: the redactor's passes, --check,
// forEachText and the tests' oracles all visit an entry through it, and every location string a
// redaction, a leak or a fail-closed body carries ("request.header.Authorization") comes from
// TextPlace::location(). A patching writer can walk a const entry the same way
// (ConstEntryVisitor), metadata and numbers included.
//
//   struct Lister : EntryVisitor {
//     void text(Text& t, const TextPlace& place) override { std::cout << place.location() << "\n"; }
//   } lister;
//   visitEntry(entry, lister);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan {

enum class EntrySide { Request, Response, Entry };

enum class TextPart {
  Url,             // request.url
  Header,          // <side>.header.<name>
  Cookie,          // <side>.cookies.<name>
  Query,           // request.queryString.<name>
  Body,            // <side>.body
  BodyParam,       // <side>.body.params.<name>
  RedirectUrl,     // response.redirectURL
  Extension,       // <side>.<name>, or <name> for the entry's own (raw JSON)
  WebSocket,       // webSocketMessages[<index>]
  ServerAddress,   // serverIPAddress
  SessionFlag,     // sessionFlags.<name>
  Metadata,        // <side>.<name>: method, httpVersion, statusText, body.mimeType, startedDateTime …
  Number,          // <side>.<name>: status, headersSize, body.size, time, timings.wait …
  WebSocketField,  // webSocketMessages[<index>].<name>: type, time, opcode
};

// Where a text (or a list of fields, or a number) sits in its entry.
struct TextPlace {
  EntrySide side = EntrySide::Entry;
  TextPart part = TextPart::Url;
  std::string_view name;  // the field's, extension's or member's name; empty for a whole list
  std::size_t index = 0;  // the WebSocket message's position

  // The location every report prints, e.g. "response.cookies.esctx"; for a list (no name) its
  // prefix, e.g. "response.cookies".
  std::string location() const;
  // The same place for one field of this list.
  TextPlace field(std::string_view fieldName) const {
    TextPlace p = *this;
    p.name = fieldName;
    return p;
  }
};

// Visits an entry (Const: a const one). Each kind of field has a hook whose default hands its
// texts to text(); a visitor overrides the hooks whose fields it treats as a whole (a header list,
// a body with its encoding) and text() for the rest. Metadata and numbers, which never carry
// trace data, go to hooks that do nothing by default.
template <bool Const>
class BasicEntryVisitor {
public:
  template <class T>
  using Ref = std::conditional_t<Const, const T&, T&>;

  virtual ~BasicEntryVisitor() = default;
  // A string of the entry that may carry trace data (not a name, not a number, not metadata).
  virtual void text(Ref<Text> text, const TextPlace& place) {
    (void)text;
    (void)place;
  }
  // Headers, cookies, query and body parameters, session flags: each value, by default.
  virtual void fields(Ref<std::vector<Field>> fields, const TextPlace& list) {
    for (auto& f : fields) text(f.value, list.field(f.name.value));
  }
  // A body's text (its params come later, as their own list), with its side's headers.
  virtual void body(Ref<Body> body, const std::vector<Field>& headers, const TextPlace& place) {
    (void)headers;
    text(body.text, place);
  }
  virtual void webSocket(Ref<WebSocketMessage> message, const TextPlace& place) { text(message.data, place); }
  virtual void extension(Ref<Extension> extension, const TextPlace& place) { text(extension.json, place); }
  virtual void metadata(Ref<Text> text, const TextPlace& place) {
    (void)text;
    (void)place;
  }
  virtual void number(Ref<tracesan::Number> number, const TextPlace& place) {
    (void)number;
    (void)place;
  }
};

using EntryVisitor = BasicEntryVisitor<false>;
using ConstEntryVisitor = BasicEntryVisitor<true>;

// Visits every field of `entry`, each once, in this order: the entry's startedDateTime and time;
// the request's method, url, httpVersion, headers, body (mimeType, text, encoding), queryString,
// cookies, body params, body size and compression, headersSize, bodySize and extensions; the
// response's status, statusText, httpVersion, headers, body, cookies, body params, body size and
// compression, redirectURL, headersSize, bodySize and extensions; the timings; each WebSocket
// message (type, time, opcode, data); the entry's extensions; serverIPAddress, connection,
// pageref and the session flags. Each HAR view (queryString, cookies, params) comes after the
// text it repeats (the url, the Cookie header, the body), so an editor can keep it in step.
void visitEntry(Entry& entry, EntryVisitor& visitor);
void visitEntry(const Entry& entry, ConstEntryVisitor& visitor);

}  // namespace tracesan
