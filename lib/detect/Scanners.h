// Structure scanners: find the named values inside a piece of trace text (URL, cookie header,
// form body, JSON, HTML, authentication header) and report each with the byte span of its raw,
// still-encoded value, so the redactor can patch exactly those bytes and the finder can read the
// decoded value. Scanners never allocate per byte, never recurse without bound and never fail
// hard: on malformed input they report what they found.
//
//   for (const NamedValue& v : scanUrl("https://app.example/cb?code=0.AXYA-FAKE&state=1"))
//     edits.push_back({v.begin, v.end, encodeValue("REDACTED", v.encoding)});
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tracesan::detect {

// How a raw value is written in its context, so a replacement can be written the same way.
enum class ValueEncoding {
  Raw,
  Percent,        // %XX escapes, '+' is a literal plus
  Form,           // percent + '+' for space (x-www-form-urlencoded)
  JsonString,     // the contents between JSON quotes
  HtmlAttribute,  // an HTML attribute value with entities
};

// A named value found inside a text: query/fragment parameter, form field, cookie, JSON member,
// HTML hidden input, $Config member, multipart field, header parameter.
struct NamedValue {
  std::string name;       // decoded leaf name, e.g. "refresh_token"
  std::string path;       // e.g. "query.code", "fragment.id_token", "json.$.data[0].token", "html.input.passwd",
                          // "config.sFT", "userinfo", "cookie.ESTSAUTH", "form.passwd", "multipart.file", "param.claims"
  std::size_t begin = 0;  // raw (encoded) value span in the scanned text: [begin, end)
  std::size_t end = 0;
  std::string value;      // decoded value
  ValueEncoding encoding = ValueEncoding::Raw;
  // For JSON found inside a JSON string (e.g. `"claims":"{\"access_token\":…}"`): how many
  // enclosing JSON strings the raw span additionally sits in. A replacement must be JSON-escaped
  // once more per level; encodeValue(replacement, namedValue) does that.
  int jsonNesting = 0;
};

// "a=b&c=d" (a leading '?' is skipped); offsets relative to `query`. Paths are "query.<name>". Pairs without
// '=' carry no value and are not reported; ';' is not a separator.
std::vector<NamedValue> scanQueryString(std::string_view query, ValueEncoding enc = ValueEncoding::Form);
// Same, with a chosen path prefix (e.g. "fragment", "form") and an offset added to every span.
void scanQueryStringInto(std::string_view query, ValueEncoding enc, std::string_view pathPrefix, std::size_t baseOffset,
                         std::vector<NamedValue>& out);

// Query ("query.<name>") and fragment ("fragment.<name>") parameters of an absolute or relative URL,
// plus the userinfo password ("userinfo", span = the password) and user ("userinfo.user").
// Offsets are relative to `url`.
std::vector<NamedValue> scanUrl(std::string_view url);

// Cookie request header value "a=b; c=d"; paths "cookie.<name>". Quoted values: span = inside the quotes.
std::vector<NamedValue> scanCookieHeader(std::string_view value);
// Set-Cookie value: the name=value part only ("set-cookie.<name>"); attributes are not reported.
std::optional<NamedValue> scanSetCookie(std::string_view value);

// application/x-www-form-urlencoded body; paths "form.<name>", encoding Form. A trailing CR/LF
// after the last value is not part of it.
std::vector<NamedValue> scanFormBody(std::string_view body);

// The boundary parameter of a multipart Content-Type value (quotes removed), if any.
std::optional<std::string_view> multipartBoundary(std::string_view contentType);
// multipart/form-data body: one value per part ("multipart.<name>", span = the part body,
// encoding Raw). A part with a filename also reports the filename ("multipart.<name>.filename").
// An empty boundary is taken from the body's first delimiter line.
std::vector<NamedValue> scanMultipart(std::string_view body, std::string_view boundary);

// Options for scanning JSON embedded in a larger text.
struct JsonScanOptions {
  std::string_view pathRoot = "json.$";  // path prefix of members: "<root>.key", "<root>[0]"
  std::size_t baseOffset = 0;            // added to every reported span
  std::size_t maxDepth = 512;            // deeper nesting stops the scan with ok = false
  bool allowTrailing = false;            // if false, non-whitespace after the value sets ok = false
  int maxStringNesting = 2;              // JSON inside JSON strings is scanned this many levels deep (0: off)
};
// Every string leaf (encoding JsonString, span = between the quotes, value unescaped) and number
// leaf (encoding Raw) at any depth. name = member key, or the parent key for array items.
// A string whose value is itself a JSON object or array is reported and then also scanned: its
// leaves get paths "<string path>.$.key" and jsonNesting = 1 (spans still in the outer text).
// Fails soft: returns what it found and sets *ok = false on malformed input or excessive depth.
std::vector<NamedValue> scanJson(std::string_view text, bool* ok = nullptr);
// Scans one JSON value starting at text[0] (after optional whitespace) and appends its leaves.
// Returns the number of bytes consumed (the end of the value), setting *ok as scanJson does.
std::size_t scanJsonInto(std::string_view text, const JsonScanOptions& options, std::vector<NamedValue>& out,
                         bool* ok = nullptr);

// <input name=".." value=".."> in any attribute order and quoting, case-insensitive; entities in
// values decoded; span = raw attribute value contents, encoding HtmlAttribute; path "html.input.<name>".
// Also <meta name=".." content=".."> as "html.meta.<name>".
std::vector<NamedValue> scanHtmlInputs(std::string_view html);
// Entra `$Config={...};` members (string and number leaves at any depth), paths "config.<key>",
// offsets relative to `html`. The MSA login pages' `ServerData = {...};` blob is read the same way.
std::vector<NamedValue> scanConfigBlob(std::string_view html);

// Picks the scanner for a request or response body by its kind (http::bodyKind: form, multipart,
// JSON, HTML: inputs + $Config); without a type, or with text/* or an unknown one, the body is
// sniffed ('{'/'[' -> JSON, '<' -> HTML, a single line with '=' -> form). Returns nothing for
// other kinds (images, scripts, …).
std::vector<NamedValue> scanBody(std::string_view body, std::string_view contentType);

// WWW-Authenticate / Authorization parameter lists: `Bearer realm="", claims="..."`,
// `PKeyAuth AuthToken="<jwt>",Context="..."`. Paths "param.<name>"; quoted values: span = inside the quotes.
std::vector<NamedValue> scanHeaderParams(std::string_view value);

// A span holding a credential. kind: "jwt", "jwe", or the lower-cased auth scheme for
// authorizationCredential ("bearer", "basic", "negotiate", "ntlm", "digest", "pkeyauth", other
// schemes lower-cased, "credential" when the header has no scheme).
struct TokenSpan {
  std::size_t begin = 0, end = 0;
  std::string kind;
};
// JWS (header.payload.signature) and JWE (5 parts) starting with eyJ in base64url, anywhere in `text`.
std::vector<TokenSpan> findJwts(std::string_view text);
// The credential after the scheme of an Authorization / Proxy-Authorization value; a value without
// a scheme is a credential as a whole. nullopt for an empty value or a scheme with nothing after it.
std::optional<TokenSpan> authorizationCredential(std::string_view headerValue);

// Writes `replacement` (plain text) so it can replace a raw value written with `enc`.
std::string encodeValue(std::string_view replacement, ValueEncoding enc);
// Same, for the place `where` was found (adds the extra JSON escaping of nested JSON).
std::string encodeValue(std::string_view replacement, const NamedValue& where);
// Decodes a raw value written with `enc` (the inverse of encodeValue; invalid JSON escapes are kept as written).
std::string decodeValue(std::string_view raw, ValueEncoding enc);

}  // namespace tracesan::detect
