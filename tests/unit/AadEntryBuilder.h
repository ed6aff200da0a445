// Entries built by hand for the AADSTS finder's tests; every test states the parts it needs.
#pragma once

#include <string>

#include "TestUtil.h"
#include "tracesan/Trace.h"

namespace testutil {

struct EntryBuilder {
  tracesan::Entry e;
  EntryBuilder(std::string method, std::string url, int status = 200) {
    e.number = 7;
    e.request.method = testutil::text(std::move(method));
    e.request.url = testutil::text(std::move(url));
    e.response.present = true;
    e.response.status.value = status;
    e.response.status.present = true;
  }
  EntryBuilder& responseHeader(std::string name, std::string value) {
    e.response.headers.push_back(testutil::field(std::move(name), std::move(value)));
    return *this;
  }
  EntryBuilder& requestHeader(std::string name, std::string value) {
    e.request.headers.push_back(testutil::field(std::move(name), std::move(value)));
    return *this;
  }
  EntryBuilder& responseBody(std::string mime, std::string body, std::string encoding = "") {
    e.response.body.present = true;
    e.response.body.mimeType = testutil::text(std::move(mime));
    e.response.body.text = testutil::text(std::move(body));
    if (!encoding.empty()) e.response.body.encoding = testutil::text(std::move(encoding));
    return *this;
  }
  EntryBuilder& requestBody(std::string mime, std::string body) {
    e.request.body.present = true;
    e.request.body.mimeType = testutil::text(std::move(mime));
    e.request.body.text = testutil::text(std::move(body));
    return *this;
  }
  EntryBuilder& noResponse() {
    e.response = tracesan::Response{};
    return *this;
  }
  tracesan::Entry build() const { return e; }
};

}  // namespace testutil
