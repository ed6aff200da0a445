// The NetLog event type names tracesan acts on (Chromium's net/log/net_log_event_type_list.h).
// Files carry integers; a reader maps them to these names through the file's own constants.
#pragma once

#include <string_view>

namespace tracesan::netlog {

inline constexpr std::string_view kStartJob = "URL_REQUEST_START_JOB";
inline constexpr std::string_view kRedirected = "URL_REQUEST_REDIRECTED";
inline constexpr std::string_view kReadResponseHeaders = "HTTP_TRANSACTION_READ_RESPONSE_HEADERS";
inline constexpr std::string_view kBytesRead = "URL_REQUEST_JOB_BYTES_READ";
inline constexpr std::string_view kFilteredBytesRead = "URL_REQUEST_JOB_FILTERED_BYTES_READ";

inline bool isSendHeadersEvent(std::string_view event) {
  return event == "HTTP_TRANSACTION_SEND_REQUEST_HEADERS" || event == "HTTP_TRANSACTION_HTTP2_SEND_REQUEST_HEADERS" ||
         event == "HTTP_TRANSACTION_QUIC_SEND_REQUEST_HEADERS";
}

// Events whose `bytes` are a socket's byte stream in one direction (plaintext for SSL_ ones).
inline bool isSocketBytesEvent(std::string_view event) {
  return event == "SOCKET_BYTES_SENT" || event == "SOCKET_BYTES_RECEIVED" || event == "SSL_SOCKET_BYTES_SENT" ||
         event == "SSL_SOCKET_BYTES_RECEIVED";
}

inline bool isCookieStoreEvent(std::string_view event) { return event.rfind("COOKIE_STORE_COOKIE_", 0) == 0; }

}  // namespace tracesan::netlog
