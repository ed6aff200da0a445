#include "redact/KeptEvidence.h"

#include <algorithm>
#include <vector>

#include "detect/Saml.h"
#include "detect/aad/EntraHosts.h"
#include "rules/Pseudonym.h"
#include "text/TextCodec.h"

namespace tracesan::redact {
namespace {

bool isPlaceholderText(std::string_view s) { return s.starts_with(kPlaceholderPrefix) && s.find('<') == std::string_view::npos; }

// Element names that hold secrets whatever their place in the document. When one of them is in the
// XML but the element scanner found none (an unterminated element, a name in a comment that hides
// markup), the document cannot be redacted element by element and goes whole.
constexpr std::string_view kSecretWords[] = {"Assertion", "EncryptedAssertion", "SignatureValue", "X509Certificate",
                                             "NameID", "NameIdentifier", "EncryptedID", "AttributeValue", "CipherValue",
                                             "BinarySecurityToken", "BinarySecret", "RequestedProofToken"};

std::string_view localName(std::string_view tag) {  // tag starts at '<'
  std::size_t nameEnd = tag.find_first_of(" \t\r\n/>", 1);
  std::string_view qname = tag.substr(1, nameEnd == std::string_view::npos ? tag.size() - 1 : nameEnd - 1);
  std::size_t colon = qname.find(':');
  return colon == std::string_view::npos ? qname : qname.substr(colon + 1);
}

// Error text may name these elements ("... 'Response' or 'Assertion'"): words there are text.
bool isMessageElement(std::string_view local) {
  return local == "StatusMessage" || local == "Text" || local == "Reason" || local == "faultstring";
}

bool secretWordsAllTaken(std::string_view xml, const std::vector<detect::SamlSecret>& secrets) {
  auto within = [&](std::size_t at) {
    return std::any_of(secrets.begin(), secrets.end(), [&](const detect::SamlSecret& s) { return at >= s.begin && at <= s.end; });
  };
  for (std::string_view word : kSecretWords) {
    for (std::size_t at = xml.find(word); at != std::string_view::npos; at = xml.find(word, at + 1)) {
      if (within(at)) continue;  // inside content that goes
      std::size_t lt = xml.rfind('<', at);
      if (lt == std::string_view::npos) return false;
      std::size_t gt = xml.find('>', lt);
      std::string_view tag = xml.substr(lt, gt == std::string_view::npos ? std::string_view::npos : gt - lt + 1);
      if (gt < at) {  // text content: fine in an error message, suspicious anywhere else
        if (tag.size() > 1 && tag[1] != '/' && isMessageElement(localName(tag))) continue;
        return false;
      }
      if (tag.size() > 1 && (tag[1] == '/' || tag[1] == '?')) continue;
      if (localName(tag) != word || tag.ends_with("/>")) continue;  // an attribute, a longer name, empty
      // A start tag of a secret element: the scanner must have taken its content.
      if (gt == std::string_view::npos || !within(gt + 1)) return false;
    }
  }
  return true;
}

}  // namespace

SamlRedacted redactSamlValue(std::string_view value, const std::string& location, const SamlCallbacks& callbacks) {
  SamlRedacted out;
  auto message = detect::decodeSamlMessage(value);
  if (!message) return out;
  const std::string& xml = message->xml;
  // Bytes that only look like XML (a value that decoded to something else) cannot be judged.
  bool control = std::any_of(xml.begin(), xml.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 && c != '\t' && c != '\r' && c != '\n';
  });
  if (control) return out;

  // The outermost secret elements; what they contain (a NameID inside an Assertion) goes with them.
  std::vector<detect::SamlSecret> secrets = detect::findSamlSecrets(xml);
  std::sort(secrets.begin(), secrets.end(), [](const detect::SamlSecret& a, const detect::SamlSecret& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  std::vector<detect::SamlSecret> taken;
  for (const detect::SamlSecret& s : secrets) {
    if (s.end <= s.begin || (!taken.empty() && s.begin < taken.back().end)) continue;
    taken.push_back(s);
  }
  if (!secretWordsAllTaken(xml, secrets)) return out;

  std::string edited;
  edited.reserve(xml.size());
  std::size_t pos = 0;
  bool changed = false;
  for (const detect::SamlSecret& s : taken) {
    edited.append(xml, pos, s.begin - pos);
    std::string_view content = std::string_view(xml).substr(s.begin, s.end - s.begin);
    if (isPlaceholderText(content)) {
      edited.append(content);  // redacted before: a sanitized trace sanitized again
    } else {
      edited.append(callbacks.replaceSecret(sanitizeKind(s.kind), content, location + ".saml." + s.element));
      changed = true;
    }
    pos = s.end;
  }
  edited.append(xml, pos);
  if (auto text = callbacks.redactText(edited, location + ".saml")) {
    edited = std::move(*text);
    changed = true;
  }
  if (!changed) {
    out.outcome = SamlOutcome::Unchanged;
    return out;
  }
  auto encoded = detect::encodeSamlMessage(edited, message->transport);
  if (!encoded) return out;
  out.outcome = SamlOutcome::Changed;
  out.value = std::move(*encoded);
  return out;
}

bool isErrorLookupCode(std::string_view url, const detect::NamedValue& value) {
  if (!text::equalsIgnoreCase(value.name, "code") || !value.path.starts_with("query.")) return false;
  const std::string& code = value.value;
  if (code.size() < 4 || code.size() > 7 || !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  std::string_view path = aad::pathOfUrl(url);
  if (path.empty() || path.front() != '/' || !text::equalsIgnoreCase(path.substr(path.rfind('/')), "/error")) return false;
  return aad::lookupEntraHost(aad::hostOfUrl(url)) != nullptr;
}

}  // namespace tracesan::redact
