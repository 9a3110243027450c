// cmd_query.cpp — `digest query FILE [options]`: builds a query request, prints the result JSON.
#include <algorithm>
#include <cstdio>

#include "commands.h"
#include "digest/json_writer.h"
#include "digest/session.h"
#include "digest/utf8.h"

namespace digest::cli {

static const char* kQueryUsage =
    "usage: digest query FILE [options]\n"
    "  --q TEXT                 search text (terms, \"phrases\", -exclusions, choseong)\n"
    "  --tag T / --not-tag T    require / exclude a tag (repeatable)\n"
    "  --from D / --to D        date range, YYYY-MM-DD, inclusive\n"
    "  --kind review|paper\n"
    "  --sort relevance|date|date-old|upvotes|stars   (repeat for a multi-key sort)\n"
    "  --offset N / --limit N   page (limit default 20, max 1000)\n"
    "  --expand                 also match Korean/English pairs mined from the content\n"
    "  --institution X / --selection X / --analysis X / --min-upvotes N\n"
    "  --prerequisite X / --category X   (repeatable)\n"
    "  --facets array           facets as [[name,count],...] instead of objects\n"
    "  --facets ranks           value facets as [rank,count,...], rank = place among all the facet's values in bytewise order\n"
    "  --facet-limit N          value facets (tags, institutions, ...): only the top N by count\n"
    "  --facet-filter S         tag facet: only tags whose key contains S (as tag identity)\n"
    "  --facet-order count|name years/months by count (default) or in calendar order\n"
    "  --no-snippet             leave snippets out\n"
    "  --no-facets              leave facets out (the page of hits alone)\n"
    "Every option with a value also takes it as --option=VALUE, which a value starting with --\n"
    "needs. In --q a term starting with - excludes: quote it to search for it, --q='\"--flag\"'.\n";

int cmd_query(const Args& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kQueryUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  std::string q, from, to, kind, institution, selection, analysis, facet_format = "object", facet_filter, facet_order;
  bool has_facet_limit = false, has_facet_filter = false;
  long long facet_limit = 0;
  bool has_q = false, has_from = false, has_to = false, has_kind = false, expand = false, snippet = true, facets = true;
  bool has_inst = false, has_sel = false, has_ana = false, has_min = false;
  long long offset = 0, limit = 20, min_upvotes = 0;
  std::vector<std::string> tags, not_tags, prereqs, cats, sorts;
  // Options that take one value: given twice, the first would be silently lost.
  static const char* const kSingle[] = {"--q", "--from", "--to", "--kind", "--institution", "--selection", "--analysis",
                                        "--facets", "--facet-filter", "--facet-order", "--facet-limit", "--offset",
                                        "--limit", "--min-upvotes"};
  std::vector<std::string> seen;
  for (size_t i = 1; i < args.size(); ++i) {
    // `--name VALUE`, or `--name=VALUE`: the value taken as written, whatever it starts with
    // (`--q=--flag` searches for "--flag", which `--q --flag` refuses as a missing value).
    std::string a = args[i], v;
    bool inline_value = false;
    if (a.compare(0, 2, "--") == 0) {
      if (size_t eq = a.find('='); eq != std::string::npos) {
        v = a.substr(eq + 1);
        a.resize(eq);
        inline_value = true;
      }
    }
    auto next = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    if (inline_value && (a == "--expand" || a == "--no-snippet" || a == "--no-facets" || a == "--help"))
      return fail(a + " takes no value", 2);
    if (a == "--expand") {
      expand = true;
      continue;
    }
    if (a == "--no-snippet") {
      snippet = false;
      continue;
    }
    if (a == "--no-facets") {
      facets = false;
      continue;
    }
    if (a == "--help" || a == "-h") {
      std::fputs(kQueryUsage, stdout);
      return 0;
    }
    if (a.compare(0, 2, "--") != 0)
      return fail("unexpected argument \"" + a + "\" (one FILE comes first; --expand, --no-snippet and --no-facets take no value)", 2);
    if (!inline_value) {
      if (!next(v)) return fail("missing value for " + a + " (or unknown option)", 2);
      if (v.size() > 2 && v.compare(0, 2, "--") == 0 && v.find(' ') == std::string::npos)  // `--q --tag x`
        return fail("missing value for " + a + " (got the option " + v + "; for a value that starts with --, write " + a + "=" + v + ")", 2);
    }
    // A value that is not UTF-8 (a terminal in another encoding) would search for U+FFFD and find
    // nothing, silently; the JSON API refuses such text too.
    if (size_t bad = utf8_first_invalid(v); bad != std::string::npos)
      return fail("the value of " + a + " is not UTF-8 text (invalid byte at offset " + std::to_string(bad) + ")", 2);
    if (std::find(std::begin(kSingle), std::end(kSingle), a) != std::end(kSingle) && std::find(seen.begin(), seen.end(), a) != seen.end())
      return fail(a + " given twice (it takes one value; repeatable: --tag, --not-tag, --category, --prerequisite, --sort)", 2);
    seen.push_back(a);
    if (a == "--q") { q = v; has_q = true; }
    else if (a == "--tag") tags.push_back(v);
    else if (a == "--not-tag") not_tags.push_back(v);
    else if (a == "--prerequisite") prereqs.push_back(v);
    else if (a == "--category") cats.push_back(v);
    else if (a == "--sort") sorts.push_back(v);
    else if (a == "--from") { from = v; has_from = true; }
    else if (a == "--to") { to = v; has_to = true; }
    else if (a == "--kind") { kind = v; has_kind = true; }
    else if (a == "--institution") { institution = v; has_inst = true; }
    else if (a == "--selection") { selection = v; has_sel = true; }
    else if (a == "--analysis") { analysis = v; has_ana = true; }
    else if (a == "--facets") facet_format = v;
    else if (a == "--facet-filter") { facet_filter = v; has_facet_filter = true; }
    else if (a == "--facet-order") facet_order = v;
    else if (a == "--facet-limit") {
      if (!parse_int(v, facet_limit)) return fail("bad number for " + a + ": " + v, 2);
      has_facet_limit = true;
    }
    else if (a == "--offset" || a == "--limit" || a == "--min-upvotes") {
      long long& target = a == "--offset" ? offset : a == "--limit" ? limit : min_upvotes;
      if (!parse_int(v, target)) return fail("bad number for " + a + ": " + v, 2);
      if (a == "--min-upvotes") has_min = true;
    } else return fail("unknown option " + a, 2);
  }
  JsonWriter w;
  w.begin_object();
  if (has_q) w.field("q", q);
  if (!tags.empty()) w.string_array("tags", tags);
  if (!not_tags.empty()) w.string_array("notTags", not_tags);
  if (!prereqs.empty()) w.string_array("prerequisites", prereqs);
  if (!cats.empty()) w.string_array("categories", cats);
  if (has_from) w.field("from", from);
  if (has_to) w.field("to", to);
  if (has_kind) w.field("kind", kind);
  if (has_inst) w.field("institution", institution);
  if (has_sel) w.field("selection", selection);
  if (has_ana) w.field("analysis", analysis);
  if (has_min) w.field("minUpvotes", static_cast<int64_t>(min_upvotes));
  if (sorts.size() == 1) w.field("sort", sorts[0]);
  else if (!sorts.empty()) w.string_array("sort", sorts);
  w.field("offset", static_cast<int64_t>(offset));
  w.field("limit", static_cast<int64_t>(limit));
  if (expand) w.field("expand", true);
  w.field("snippet", snippet);
  if (!facets) w.field("facets", false);
  w.field("facetFormat", facet_format);
  if (has_facet_limit) w.field("facetLimit", static_cast<int64_t>(facet_limit));
  if (has_facet_filter) w.field("facetFilter", facet_filter);
  if (!facet_order.empty()) w.field("facetOrder", facet_order);
  w.end_object();

  Session s;
  if (int rc = load_session(args[0], s)) return rc;
  // With search text, the whole full-text index first, as the viewer has it once its background
  // build is done (the choseong trigrams no query builds): the same index scores three choseong
  // letters the same way, so the CLI and the viewer give the same order (docs/query.md).
  if (q.find_first_not_of(" \t\r\n") != std::string::npos) {
    if (auto built = s.prepare_search(); !built) return fail(built.error().describe(), 1);
  }
  auto r = s.query(w.str());
  if (!r) {
    // The core names the request's field ("facetFormat"); say the option that set it (--facets).
    static const std::pair<const char*, const char*> kFlags[] = {
        {"q", "--q"}, {"tags", "--tag"}, {"notTags", "--not-tag"}, {"prerequisites", "--prerequisite"},
        {"categories", "--category"}, {"from", "--from"}, {"to", "--to"}, {"kind", "--kind"},
        {"institution", "--institution"}, {"selection", "--selection"}, {"analysis", "--analysis"},
        {"minUpvotes", "--min-upvotes"}, {"sort", "--sort"}, {"offset", "--offset"}, {"limit", "--limit"},
        {"facetFormat", "--facets"}, {"facetLimit", "--facet-limit"}, {"facetFilter", "--facet-filter"},
        {"facetOrder", "--facet-order"}};
    const Error& e = r.error();
    const char* own = nullptr;  // the option of the field the error is about
    for (const auto& [field, flag] : kFlags)
      if (e.field == field) own = flag;
    // Values the options gave that the core refuses are usage errors (exit 2, as a bad number for
    // --limit is, and as `list` says of its options); exit 1 stays for a bundle that cannot load.
    if (!own) return fail(e.describe(), 2);
    std::string message = e.message;
    bool named = false;
    for (const auto& [field, flag] : kFlags) {
      const std::string quoted = std::string("\"") + field + "\"";
      for (size_t at = message.find(quoted); at != std::string::npos; at = message.find(quoted, at + 1)) {
        message.replace(at, quoted.size(), flag);
        named |= flag == own;
      }
    }
    return fail(named ? message : std::string(own) + ": " + message, 2);
  }
  if (limit > kQueryMaxLimit)
    std::fprintf(stderr, "note: a page holds at most %d results; page through the rest with --offset\n", kQueryMaxLimit);
  std::fwrite(r.value().data(), 1, r.value().size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

}  // namespace digest::cli
