// extract-errors: finds Entra ID sign-in errors (AADSTS codes) in HAR and SAZ traces and explains
// them. A thin shell over tracesan::findAadErrors and tracesan::formatFindings.
//
// Exit codes: 0 ok (with or without findings), 1 a --fail-on code was found, 2 usage or input
// error, 3 internal error.
#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "Search.h"
#include "common/Cli.h"

namespace {

namespace cli = tracesan::cli;

constexpr const char* kDescription =
    "Find Entra ID sign-in errors (AADSTS codes) in HAR, Fiddler SAZ and Chrome/Edge NetLog traces and\n"
    "explain them.\n"
    "Looks at token-endpoint JSON, the login page's $Config, error redirects (Location query or\n"
    "fragment), form_post pages and posts, WWW-Authenticate, x-ms-clitelem, SAML responses, WS-Fed\n"
    "faults and plain text; Azure AD B2C AADB2C codes too. Secrets are printed as REDACTED.";

constexpr const char* kFooter =
    "Examples:\n"
    "  extract-errors signin.har\n"
    "      findings as a table, then what each code means and what to do\n"
    "  extract-errors --format json --context 3 signin.har > findings.json\n"
    "  extract-errors --format csv a.har b.saz > findings.csv\n"
    "  extract-errors -j 4 --format json day1/*.har > findings.json\n"
    "      four files at a time; findings stay in the order the files are given\n"
    "  extract-errors --code 50125 --code 53003 signin.saz --password 'P@ss-FAKE'\n"
    "  extract-errors --fail-on 50125 -q --format json signin.har || echo 'password reset interrupt'\n"
    "  extract-errors --format html -o report.html signin.har other.saz\n"
    "      one self-contained page: the sign-in flow, the failing step, each error and what to do\n"
    "  extract-errors --signins InteractiveSignIns.csv --format json signin.har\n"
    "      each finding with the sign-in log records of the same correlation ID (or, marked as a\n"
    "      weaker match, of the same app within 10 minutes)\n"
    "  extract-errors signins.json\n"
    "      the failing sign-ins of an Entra sign-in log export (admin center JSON or CSV, Graph)\n"
    "\n"
    "Device-code polling answers (AADSTS70016 authorization_pending) are normal and hidden unless\n"
    "--all is given or the code is listed with --code; they are marked \"expected\": true.\n"
    "\n"
    "Exit codes: 0 ok (findings or not), 1 a --fail-on code was found, 2 usage or input error,\n"
    "3 internal error.";

// Codes may be given as printed: "AADSTS50125" is 50125, "AADB2C90118" is 90118.
std::string stripCodePrefix(std::string value) {
  for (const char* prefix : {"AADSTS", "aadsts", "AADB2C", "aadb2c"})
    if (value.size() > 6 && value.rfind(prefix, 0) == 0) return value.substr(6);
  return value;
}

// Returns the exit code for the run.
int run(const cli::Tool& tool, int argc, char** argv) {
  CLI::App app{kDescription, tool.name()};
  app.footer(kFooter);
  tool.addVersion(app);

  std::string format = "text";
  std::vector<long> codes;
  std::vector<long> failOn;
  bool showUser = false;
  bool all = false;
  std::size_t context = 2;
  std::string password;
  bool quiet = false;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> inputs;
  std::string output = "-";
  std::vector<std::string> signinLogs;

  app.add_option("--format", format, "Output format (html: a self-contained report page)")
      ->check(CLI::IsMember({"text", "json", "csv", "html"}))
      ->capture_default_str();
  app.add_option("--code", codes, "Report only this code, e.g. 50125 or AADSTS50125 (repeatable)")
      ->allow_extra_args(false)
      ->transform(stripCodePrefix);
  app.add_option("--fail-on", failOn, "Exit with 1 when this code is found (repeatable)")
      ->allow_extra_args(false)
      ->transform(stripCodePrefix);
  app.add_flag("--show-user", showUser, "Show the user name (login_hint, username) and e-mail addresses in messages");
  app.add_flag("--all", all, "Also show expected protocol steps (AADSTS70016 device-code polling)");
  app.add_option("--context", context, "Entries shown before and after each finding")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  tool.addPassword(app, password);
  app.add_flag("-q,--quiet", quiet, "No summary on stderr");
  app.add_option("-j,--jobs", jobs, "Files searched in parallel (default: the number of CPUs); output is the same for any value")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("-o,--output", output, "Write the output to this file (atomically); default stdout")
      ->capture_default_str();
  app.add_option("--signins", signinLogs,
                 "Entra sign-in log export (JSON, CSV or Graph) to join to the findings by correlation ID (repeatable)")
      ->allow_extra_args(false);
  app.add_option("INPUT", inputs, "HAR, SAZ or NetLog traces, or sign-in log exports (- reads stdin)")->required();

  if (auto code = tool.parse(app, argc, argv)) return *code;

  tracesan::FindOptions options;
  options.showUser = showUser;
  options.includeExpected = all;
  options.codes = codes;
  options.context = context;
  tracesan::ReadOptions readOptions;
  readOptions.sazPassword = cli::sazPassword(password);

  // Only sign-in log exports, as JSON or CSV: streamed, in flat memory.
  const bool onlySigninLogs = std::all_of(inputs.begin(), inputs.end(), [](const std::string& in) {
    return tracesan::isSigninLogFile(in);
  });
  if ((format == "json" || format == "csv") && signinLogs.empty() && onlySigninLogs)
    return extract::streamSigninLogs(tool, inputs, options,
                                     format == "json" ? tracesan::FindingFormat::Json : tracesan::FindingFormat::Csv,
                                     output, quiet, failOn);

  const bool html = format == "html";
  extract::Gathered got = extract::searchAll(tool, inputs, options, readOptions, jobs, quiet, html);
  std::vector<tracesan::Finding>& findings = got.findings;
  int status = got.status;
  for (const std::string& file : signinLogs)
    status = std::max(status, extract::joinSigninLog(tool, file, findings, got.signins));
  if (got.readable == 0) return status;  // nothing was read: no report that could pass for "no errors"
  std::string text = extract::render(format, got);
  if (int written = extract::writeOutput(tool, output, text); written != 0) return written;

  if (!quiet) extract::printSummary(tool, findings, inputs.size());
  if (status != 0) return status;
  return extract::foundAny(findings, failOn) ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  cli::Tool tool("extract-errors");
  return tool.run([&] { return run(tool, argc, argv); });
}
