#include "report/Html.h"

#include "text/TextCodec.h"

namespace tracesan::report {

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (std::size_t i = 0; i < text.size();) {
    char c = text[i];
    switch (c) {
      case '&': out += "&amp;"; ++i; continue;
      case '<': out += "&lt;"; ++i; continue;
      case '>': out += "&gt;"; ++i; continue;
      case '"': out += "&quot;"; ++i; continue;
      case '\'': out += "&#39;"; ++i; continue;
      default: break;
    }
    std::size_t n = text::validUtf8Length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
      continue;
    }
    // Control characters other than tab and line breaks would make the page invalid.
    if (n == 1 && static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string escapeLinked(std::string_view text) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t start = text.find("https://", pos);
    if (start == std::string_view::npos) break;
    std::size_t end = start;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' && text[end] != '<' &&
           text[end] != '"')
      ++end;
    while (end > start && (text[end - 1] == '.' || text[end - 1] == ',' || text[end - 1] == ';' || text[end - 1] == ')'))
      --end;
    std::string url = escape(text.substr(start, end - start));
    out += escape(text.substr(pos, start - pos));
    out += "<a href=\"" + url + "\">" + url + "</a>";
    pos = end;
  }
  out += escape(text.substr(pos));
  return out;
}

}  // namespace tracesan::report
