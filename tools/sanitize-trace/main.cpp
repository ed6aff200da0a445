// sanitize-trace: removes secrets from HTTP traces (HAR, Fiddler SAZ) so they can be shared, or
// checks that a trace holds none. Option parsing and the batch; the work on one file is in
// SanitizeRun.cpp, over tracesan's Redactor.
//
// Exit codes: 0 ok, 1 leaks found (--check), 2 usage or input error, 3 internal error,
// 128+N killed by signal N (130: interrupted). In a batch, every input is processed and the
// exit code is the worst of them.
#include <algorithm>
#include <iostream>

#include "SanitizeRun.h"
#include "tracesan/Rules.h"

namespace {

using namespace sanitize;
namespace cli = tracesan::cli;

constexpr const char* kFooter =
    "Examples:\n"
    "  sanitize-trace signin.har -o signin.clean.har\n"
    "  sanitize-trace session.saz -o session.har --report report.json\n"
    "  sanitize-trace a.har b.saz -o clean/ --key 0123456789abcdef     # same placeholders on every run\n"
    "  sanitize-trace -j 4 day1/*.har -o clean/                         # four files at a time\n"
    "  sanitize-trace --check signin.clean.har                          # exit 1 if anything is left\n"
    "  sanitize-trace trace.har --in-place --redact-pii --keep-jwt-claims\n"
    "  cat trace.har | sanitize-trace - -o - > clean.har\n"
    "  sanitize-trace trace.har -o out.har --rules team.rules --allow x-ms-gateway-slice\n"
    "\n"
    "Each input is sanitized on its own: secrets learned in one file are looked for again in that\n"
    "file only, so the output is the same for any -j. Messages come in input order. Every input of\n"
    "a batch is processed even when one fails; each failure is reported, the report is written, and\n"
    "the exit code is the worst. Threads left over when there are fewer files than -j work on each\n"
    "file's entries.\n"
    "\n"
    "Exit codes: 0 ok, 1 leaks found (--check), 2 usage or input error, 3 internal error,\n"
    "130 interrupted (no partial output is left). Rules file format: docs/rules.md.";

void addOptions(CLI::App& app, Flags& f, const cli::Tool& tool) {
  tool.addVersion(app);
  app.add_option("INPUT", f.inputs, "Trace files (HAR, SAZ or NetLog) or Entra sign-in log exports, sniffed from content; - reads stdin")
      ->required();
  app.add_option("-o,--output", f.output, "Output file, or a directory when there are several inputs; - writes stdout");
  app.add_option("--to", f.to, "Output format (default: from the output extension, else the input's)")
      ->check(CLI::IsMember({"har", "saz"}));
  app.add_option("--report", f.report, "Write a JSON report of what was redacted where (never values)");
  app.add_flag("--check", f.check, "Only scan: print each secret found as FILE: entry N: LOCATION: KIND; exit 1 if any");
  app.add_option("--key", f.key, "Placeholder key (hex or text) for reproducible output; default: random per run");
  app.add_option("--rules", f.ruleFiles, "Extra rules file (repeatable), see docs/rules.md");
  app.add_option("--allow", f.allow, "Keep fields with this name (header, cookie or parameter; repeatable)");
  app.add_flag("--keep-jwt-claims", f.keepJwtClaims, "Keep JWT headers and payloads; destroy only the signatures");
  app.add_flag("--keep-pii", f.keepPii, "With --keep-jwt-claims: keep personal claims (upn, email, name …) too");
  app.add_flag("--redact-pii", f.redactPii, "Also replace user names, UPNs, e-mail and IP addresses");
  app.add_flag("--keep-state", f.keepState, "Keep OAuth state and OIDC nonce values (replaced by default)");
  app.add_flag("--redact-state", f.redactState, "No effect: state and nonce are replaced by default (kept for compatibility)");
  app.add_flag("--no-redact", f.noRedact, "Copy or convert without redacting (the output still holds every secret)");
  app.add_flag("--in-place", f.inPlace, "Replace each input with its sanitized version (atomically)");
  tool.addPassword(app, f.password);
  app.add_option("--output-password", f.outputPassword, "Encrypt a SAZ output with this password");
  app.add_flag("-q,--quiet", f.quiet, "No summary or progress on stderr");
  app.add_flag("--progress", f.progress, "Show progress even when stderr is not a terminal (plain lines)");
  app.add_option("-j,--jobs", f.jobs,
                 "Threads (default: the number of CPUs): files run in parallel, and spare threads work on the "
                 "entries of one file (--check, HAR to HAR, conversions); output is the same for any value")
      ->check(CLI::Range(1, 256));
}

std::optional<std::string> refusedCombination(const Flags& f) {
  if (f.check && (f.inPlace || !f.output.empty() || f.noRedact))
    return "--check only scans: it takes no -o, --in-place or --no-redact";
  if (f.inPlace && !f.output.empty()) return "--in-place and -o cannot be combined";
  if (!f.check && !f.inPlace && f.output.empty()) return "an output is required: -o OUTPUT or --in-place";
  if (f.keepPii && f.redactPii) return "--keep-pii and --redact-pii contradict each other";
  if (f.keepPii && !f.keepJwtClaims) return "--keep-pii only matters with --keep-jwt-claims";
  auto stdins = std::count(f.inputs.begin(), f.inputs.end(), "-");
  if (stdins > 1) return "stdin (-) can be read only once";
  if (f.inPlace && stdins > 0) return "--in-place needs files, not stdin";
  return std::nullopt;
}

int writeReport(const cli::Tool& tool, const Flags& f, const tracesan::Report& report) {
  if (f.report.empty()) return cli::kExitOk;
  auto out = tracesan::OutputFile::create(f.report);
  if (!out) return tool.fail(out.error());
  if (auto s = report.writeJson(*out.value()); !s) return tool.fail(s.error());
  if (auto s = out.value()->commit(); !s) return tool.fail(s.error());
  return cli::kExitOk;
}

int run(const cli::Tool& tool, int argc, char** argv) {
  Flags f;
  CLI::App app{"Remove secrets (tokens, cookies, passwords, keys, optionally personal data) from HTTP traces\n"
               "(HAR, Fiddler SAZ, Chrome/Edge NetLog), replacing each with a consistent keyed placeholder such as\n"
               "REDACTED-refresh_token-3f9a1c2e, or check that a trace holds none.",
               tool.name()};
  app.footer(kFooter);
  addOptions(app, f, tool);
  if (auto code = tool.parse(app, argc, argv)) return *code;
  if (auto refused = refusedCombination(f)) return tool.fail(*refused);

  tracesan::RuleSetOptions ro;
  ro.ruleFiles = f.ruleFiles;
  ro.allow = f.allow;
  auto rules = tracesan::RuleSet::create(ro);
  if (!rules) return tool.fail(rules.error());
  tracesan::RedactOptions opts;
  opts.key = f.key;
  opts.keepJwtClaims = f.keepJwtClaims;
  opts.keepPii = f.keepPii;
  opts.redactPii = f.redactPii;
  opts.redactStateNonce = !f.keepState;
  tracesan::Redactor redactor(std::move(rules.value()), opts);

  Plan plan = planJobs(f);
  if (plan.failure) return tool.fail(plan.failure->message, plan.failure->code);
  tracesan::Report report;
  std::size_t leaks = 0;
  int status = runBatch(tool, f, redactor, plan.jobs, report, leaks);
  status = std::max(status, writeReport(tool, f, report));
  if (f.check) {
    if (!f.quiet)
      std::cerr << tool.name() << ": "
                << (leaks == 0 ? std::string("no secrets found") : cli::count(leaks, "secret", "secrets") + " found")
                << "\n";
    if (leaks > 0) status = std::max(status, cli::kExitFound);
  }
  if (f.noRedact && !f.quiet) tool.warn("--no-redact: the output still holds every secret");
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  cli::Tool tool("sanitize-trace");
  return tool.run([&] { return run(tool, argc, argv); });
}
