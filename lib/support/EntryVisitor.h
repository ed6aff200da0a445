// The one walk over every field of an Entry, extensions included: the redactor's passes, --check,
// forEachText and the tests' oracles all visit an entry through it, and every location string a
// redaction, a leak or a fail-closed body carries ("request.header.Authorization") comes from
// TextPlace::location().
//
//   struct Lister : EntryVisitor {
//     void text(Text& t, const TextPlace& place) override { std::cout << place.location() << "\n"; }
//   } lister;
//   visitEntry(entry, lister);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "tracesan/Trace.h"

namespace tracesan {

enum class EntrySide { Request, Response, Entry };

enum class TextPart {
  Url,            // request.url
  Header,         // <side>.header.<name>
  Cookie,         // <side>.cookies.<name>
  Query,          // request.queryString.<name>
  Body,           // <side>.body
  BodyParam,      // <side>.body.params.<name>
  RedirectUrl,    // response.redirectURL
  Extension,      // <side>.<name>, or <name> for the entry's own (raw JSON)
  WebSocket,      // webSocketMessages[<index>]
  ServerAddress,  // serverIPAddress
  SessionFlag,    // sessionFlags.<name>
};

// Where a text (or a list of fields) sits in its entry.
struct TextPlace {
  EntrySide side = EntrySide::Entry;
  TextPart part = TextPart::Url;
  std::string_view name;  // the field's or extension's name; empty for a whole list
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

// Visits an entry. Each kind of field has a hook whose default hands its texts to text(); a
// visitor overrides the hooks whose fields it treats as a whole (a header list, a body with its
// encoding) and text() for the rest.
class EntryVisitor {
public:
  virtual ~EntryVisitor() = default;
  // A string of the entry (not a name, not a number).
  virtual void text(Text& text, const TextPlace& place) {
    (void)text;
    (void)place;
  }
  // Headers, cookies, query and body parameters, session flags: each value, by default.
  virtual void fields(std::vector<Field>& fields, const TextPlace& list) {
    for (Field& f : fields) text(f.value, list.field(f.name.value));
  }
  // A body's text (its params come later, as their own list), with its side's headers.
  virtual void body(Body& body, const std::vector<Field>& headers, const TextPlace& place) {
    (void)headers;
    text(body.text, place);
  }
  virtual void webSocket(WebSocketMessage& message, const TextPlace& place) { text(message.data, place); }
  virtual void extension(Extension& extension, const TextPlace& place) { text(extension.json, place); }
};

// Visits every field of `entry`, each text once, in this order: the request's url, headers, body,
// queryString, cookies, body params and extensions; the response's headers, body, cookies, body
// params, redirectURL and extensions; the WebSocket messages; the entry's extensions;
// serverIPAddress and the session flags. Each HAR view (queryString, cookies, params) comes after
// the text it repeats (the url, the Cookie header, the body), so an editor can keep it in step.
void visitEntry(Entry& entry, EntryVisitor& visitor);

}  // namespace tracesan
