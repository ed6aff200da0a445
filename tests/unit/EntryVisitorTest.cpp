#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "TestUtil.h"
#include "support/EntryVisitor.h"

using namespace tracesan;
using testutil::field;
using testutil::text;

namespace {

// An entry with one text in every field the model has, each text naming its place.
Entry everyField() {
  Entry e;
  e.request.url = text("url");
  e.request.headers.push_back(field("Authorization", "rq-header"));
  e.request.cookies.push_back(field("ESTSAUTH", "rq-cookie"));
  e.request.queryString.push_back(field("code", "rq-query"));
  e.request.body.present = true;
  e.request.body.text = text("rq-body");
  e.request.body.params.push_back(field("password", "rq-param"));
  e.request.extensions.push_back({"_rq", text("\"rq-ext\"")});
  e.response.headers.push_back(field("Set-Cookie", "rs-header"));
  e.response.cookies.push_back(field("esctx", "rs-cookie"));
  e.response.body.present = true;
  e.response.body.text = text("rs-body");
  e.response.body.params.push_back(field("code", "rs-param"));
  e.response.redirectURL = text("rs-redirect");
  e.response.extensions.push_back({"_rs", text("\"rs-ext\"")});
  WebSocketMessage m;
  m.data = text("ws0");
  e.webSocketMessages.push_back(m);
  m.data = text("ws1");
  e.webSocketMessages.push_back(m);
  e.extensions.push_back({"_priority", text("\"entry-ext\"")});
  e.serverIPAddress = text("ip");
  e.sessionFlags.push_back(field("x-clientip", "flag"));
  return e;
}

struct Recorder : EntryVisitor {
  std::vector<std::string> seen;
  void text(Text& t, const TextPlace& place) override { seen.push_back(place.location() + "=" + t.value); }
};

}  // namespace

TEST_CASE("the visitor reaches every text of an entry, extensions included, each with its location") {
  Entry e = everyField();
  Recorder r;
  visitEntry(e, r);
  CHECK(r.seen == std::vector<std::string>{
                      "request.url=url",
                      "request.header.Authorization=rq-header",
                      "request.body=rq-body",
                      "request.queryString.code=rq-query",
                      "request.cookies.ESTSAUTH=rq-cookie",
                      "request.body.params.password=rq-param",
                      "request._rq=\"rq-ext\"",
                      "response.header.Set-Cookie=rs-header",
                      "response.body=rs-body",
                      "response.cookies.esctx=rs-cookie",
                      "response.body.params.code=rs-param",
                      "response.redirectURL=rs-redirect",
                      "response._rs=\"rs-ext\"",
                      "webSocketMessages[0]=ws0",
                      "webSocketMessages[1]=ws1",
                      "_priority=\"entry-ext\"",
                      "serverIPAddress=ip",
                      "sessionFlags.x-clientip=flag",
                  });
}

TEST_CASE("each HAR view is visited after the text it repeats") {
  Entry e = everyField();
  Recorder r;
  visitEntry(e, r);
  auto at = [&](const std::string& prefix) {
    for (std::size_t i = 0; i < r.seen.size(); ++i)
      if (r.seen[i].rfind(prefix, 0) == 0) return i;
    FAIL("not visited: " << prefix);
    return std::size_t(0);
  };
  CHECK(at("request.url") < at("request.queryString"));
  CHECK(at("request.header") < at("request.cookies"));
  CHECK(at("request.body=") < at("request.body.params"));
  CHECK(at("response.header") < at("response.cookies"));
  CHECK(at("response.body=") < at("response.body.params"));
}

TEST_CASE("a visitor that takes a whole list or body sees it once, with its side's headers") {
  struct Lists : EntryVisitor {
    std::vector<std::string> seen;
    void fields(std::vector<Field>& fields, const TextPlace& list) override {
      seen.push_back(list.location() + "#" + std::to_string(fields.size()));
    }
    void body(Body& b, const std::vector<Field>& headers, const TextPlace& place) override {
      seen.push_back(place.location() + ":" + b.text.value + ":" + headers.at(0).name.value);
    }
    void webSocket(WebSocketMessage&, const TextPlace&) override {}
    void extension(Extension& x, const TextPlace& place) override { seen.push_back(place.location() + "@" + x.name); }
  } lists;
  Entry e = everyField();
  visitEntry(e, lists);
  CHECK(lists.seen == std::vector<std::string>{
                          "request.header#1", "request.body:rq-body:Authorization", "request.queryString#1",
                          "request.cookies#1", "request.body.params#1", "request._rq@_rq",
                          "response.header#1", "response.body:rs-body:Set-Cookie", "response.cookies#1",
                          "response.body.params#1", "response._rs@_rs", "_priority@_priority",
                          "sessionFlags#1"});
}

TEST_CASE("an edit made through the visitor changes the entry") {
  Entry e = everyField();
  struct Upper : EntryVisitor {
    void text(Text& t, const TextPlace& place) override {
      if (place.part == TextPart::Cookie) t.set("changed");
    }
  } upper;
  visitEntry(e, upper);
  CHECK(e.request.cookies[0].value.value == "changed");
  CHECK(e.request.cookies[0].value.changed);
  CHECK(e.response.cookies[0].value.value == "changed");
  CHECK_FALSE(e.request.headers[0].value.changed);
}

TEST_CASE("forEachText visits every text, custom fields included") {
  Entry e = everyField();
  std::string all;
  forEachText(e, [&](Text& t) { all += t.value + ";"; });
  CHECK(all ==
        "url;rq-header;rq-body;rq-query;rq-cookie;rq-param;\"rq-ext\";rs-header;rs-body;rs-cookie;rs-param;"
        "rs-redirect;\"rs-ext\";ws0;ws1;\"entry-ext\";ip;flag;");
}

TEST_CASE("a const visitor reaches names, metadata and numbers too: what a patching writer needs") {
  Entry e = everyField();
  e.startedDateTime = text("2026-01-01T00:00:00Z");
  e.request.method = text("POST");
  e.response.statusText = text("OK");
  e.response.body.mimeType = text("application/json");
  e.response.status.set(200);
  e.response.body.size.set(7);
  e.timings.wait.set(12.5);
  e.webSocketMessages[1].type = text("send");
  e.webSocketMessages[1].opcode.set(1);
  e.connection = text("443");

  struct Changed : ConstEntryVisitor {
    std::vector<std::string> seen;
    void text(const Text& t, const TextPlace& place) override {
      if (t.changed) seen.push_back(place.location());
    }
    void fields(const std::vector<Field>& fields, const TextPlace& list) override {
      for (const Field& f : fields) {
        if (f.name.changed) seen.push_back(list.field(f.name.value).location() + "(name)");
        text(f.value, list.field(f.name.value));
      }
    }
    void metadata(const Text& t, const TextPlace& place) override {
      if (t.present) seen.push_back(place.location() + "=" + t.value);
    }
    void number(const Number& n, const TextPlace& place) override {
      if (n.changed) seen.push_back(place.location() + "=" + std::to_string(static_cast<int>(n.value)));
    }
  } writer;
  e.request.headers[0].name.set("X-Renamed");
  e.response.cookies[0].value.set("changed");
  const Entry& view = e;
  visitEntry(view, writer);
  CHECK(writer.seen == std::vector<std::string>{
                           "startedDateTime=2026-01-01T00:00:00Z",
                           "request.method=POST",
                           "request.header.X-Renamed(name)",
                           "response.status=200",
                           "response.statusText=OK",
                           "response.body.mimeType=application/json",
                           "response.cookies.esctx",
                           "response.body.size=7",
                           "timings.wait=12",
                           "webSocketMessages[1].type=send",
                           "webSocketMessages[1].opcode=1",
                           "connection=443",
                       });
}

TEST_CASE("an editing visitor leaves metadata and numbers alone unless it asks for them") {
  Entry e = everyField();
  e.request.method = text("GET");
  e.response.status.set(302);
  Recorder r;
  visitEntry(e, r);
  for (const std::string& s : r.seen) {
    CHECK(s.find("GET") == std::string::npos);
    CHECK(s.find("302") == std::string::npos);
  }
}
