// regression_test.cpp — one test per bug the fuzzers (tests/fuzz) or the hostile-input tests
// found. Each says what it guards, which target found it and the input, minimised.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "digest/html_sanitize.h"
#include "digest/render.h"
#include "digest/url_policy.h"

using digest::UrlKind;

namespace {

// An exact-size heap copy of `s`, with no terminator after it: what an embedder's buffer (or
// a view into the middle of a larger one) looks like. ASan flags any read past its end.
std::unique_ptr<char[]> exact_copy(std::string_view s) {
  std::unique_ptr<char[]> p(new char[s.size() ? s.size() : 1]);
  if (!s.empty()) std::memcpy(p.get(), s.data(), s.size());
  return p;
}

// The bytes of a fuzz_render seed (tests/fuzz/corpus/fuzz_render/NAME); false if it is missing.
bool read_render_seed(const std::string& name, std::string& out) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/tests/fuzz/corpus/fuzz_render/" + name, std::ios::binary);
  if (!f) return false;
  out.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  return true;
}

// Found by fuzz_render (tests/fuzz/corpus/fuzz_render/unbalanced-link-leave): on some inputs with
// NUL bytes and nested brackets md4c 0.4.8 leaves a link span it never entered, and the writer's
// link depth went to -1 (a negative shift: undefined behaviour, caught by UBSan in
// tests/stages/10-sanitizers). Every </a> written must close an <a> written before it.
TEST(RenderRegression, AnUnbalancedLinkLeaveFromMd4cIsIgnored) {
  std::string md;
  ASSERT_TRUE(read_render_seed("unbalanced-link-leave", md)) << "seed file missing";
  auto r = digest::render_markdown_html(md, {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const std::string& html = r.value();
  long open = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html.compare(i, 3, "<a ") == 0) ++open;
    if (html.compare(i, 4, "</a>") == 0) ASSERT_GT(open--, 0) << "a </a> without an <a> at byte " << i;
  }
}

// Found in a security review (eighteenth session): a strikethrough opened inside a link whose text
// is a www. URL followed by a Korean particle. The bare-URL check at the link's first text wrote
// the link tag again, shorter, over the "<del>" already written after it; closing the span as a
// single tilde (a range, not a strike) then rewrote 5 characters at the stale offset: quotes of
// later markup were deleted (the escaped alt text of an image became attributes: onerror=...),
// or, past the end, memmove ran out of the buffer (ASan; a native abort). The tag is now written
// again only while it is still the output's end, and the tilde rewrite checks for its "<del>".
TEST(RenderRegression, ASpanOpenedInsideAWwwLinkKeepsItsMarkup) {
  struct Case { const char* md; const char* html; };
  for (const Case& c : {
           Case{"[~www.a_b가가가 ![ onerror=alert(1)//](x)z~](http://www.a_b가가가)",
                "<p><a href=\"http://www.a_b%EA%B0%80%EA%B0%80%EA%B0%80\" target=\"_blank\" rel=\"noopener noreferrer\">~www.a_b가가가 "
                "<img src=\"x\" alt=\" onerror=alert(1)//\" loading=\"lazy\" decoding=\"async\">z~</a></p>\n"},
           Case{"[~www.a가~](http://www.a가) after",
                "<p><a href=\"http://www.a%EA%B0%80\" target=\"_blank\" rel=\"noopener noreferrer\">~www.a가~</a> after</p>\n"},
           Case{"[~www.a_b.c가~](http://www.a_b.c가) after",
                "<p><a href=\"http://www.a_b.c%EA%B0%80\" target=\"_blank\" rel=\"noopener noreferrer\">~www.a_b.c가~</a> after</p>\n"},
           // The check itself still works where nothing was written after the tag.
           Case{"see www.a.com에서 ok",
                "<p>see <a href=\"http://www.a.com\" target=\"_blank\" rel=\"noopener noreferrer\">www.a.com</a>에서 ok</p>\n"},
       }) {
    auto r = digest::render_markdown_html(c.md, {});
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r.value(), c.html) << c.md;
  }
  // The seed with these and math/emphasis inside such links: every tag's quotes balance.
  std::string md;
  ASSERT_TRUE(read_render_seed("strike-in-www-link-before-particle", md)) << "seed file missing";
  auto r = digest::render_markdown_html(md, {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const std::string& html = r.value();
  for (size_t lt = html.find('<'); lt != std::string::npos; lt = html.find('<', lt + 1)) {
    size_t gt = html.find('>', lt);
    ASSERT_NE(gt, std::string::npos) << html;
    std::string tag = html.substr(lt, gt - lt + 1);
    EXPECT_EQ(std::count(tag.begin(), tag.end(), '"') % 2, 0) << tag;
    std::string unquoted;  // the tag without its attribute values: names only
    bool in_value = false;
    for (char ch : tag) {
      if (ch == '"') in_value = !in_value;
      else if (!in_value) unquoted += ch;
    }
    EXPECT_EQ(unquoted.find("onerror"), std::string::npos) << tag;
  }
}

}  // namespace

// Found by fuzz_render and fuzz_sanitize: classify_url kept at most 16 scheme characters and
// treated a longer scheme as "no scheme", i.e. a relative URL, so any unknown scheme of 17+
// letters ("aaaaaaaaaaaaaaaaa:", registered OS protocol handlers such as
// "ms-settings-privacy-webcam:") passed the allowlist as a link or image.
TEST(UrlPolicyRegression, LongUnknownSchemesAreRejected) {
  EXPECT_EQ(digest::classify_url("abcdefghijklmnopq:alert(1)"), UrlKind::REJECTED);  // 17 letters
  EXPECT_EQ(digest::classify_url("htwwwwwwwwwwwwwwwwwwwwtps://x.com/"), UrlKind::REJECTED);
  EXPECT_EQ(digest::classify_url("ms-settings-privacy-webcam:"), UrlKind::REJECTED);
  EXPECT_EQ(digest::classify_url("javascriptjavascriptjavascript:alert(1)"), UrlKind::REJECTED);
  // Still relative when a non-scheme character comes first, however long.
  EXPECT_EQ(digest::classify_url("abcdefghijklmnopqrstuvwxyz/x:y"), UrlKind::RELATIVE);
}

TEST(UrlPolicyRegression, LongSchemeLinksAreDroppedByRendererAndSanitiser) {
  auto md = digest::render_markdown_html("[x](aaaaaaaaaaaaaaaaaaaa:payload)", {});
  ASSERT_TRUE(md.ok()) << md.error().describe();
  EXPECT_EQ(md.value().find("aaaaaaaaaaaaaaaaaaaa:"), std::string::npos) << md.value();
  std::string html = digest::sanitize_html(R"(<a href="httpsDDDDDDDDDDDDDDDDDDDDDDDDD://arxiv.org/">x</a>)");
  EXPECT_EQ(html.find("href"), std::string::npos) << html;
}

// Found by fuzz_render (input: the single byte "3"; also "<!--" at the end of input): md4c
// 0.4.8 reads one byte past the end of its input in md_is_container_mark (an ordered-list
// number at the end of the text: CH(off) after the digits) and md_is_html_block_end_condition.
// render_markdown takes a string_view, which need not be followed by a readable byte; the
// renderer must not hand md4c a buffer it can read past (copy/pad the tail, or patch md4c).
// Fails only under AddressSanitizer (tests/stages/10-sanitizers); without it the stray read
// happens to hit mapped memory.
TEST(RenderRegression, MarkdownAtTheVeryEndOfAnExactSizeBufferIsNotOverread) {
  for (std::string_view text : {"3", "12", "1.", "<!--", "- a\n3", "<div>\n<!-- x", "<pre>", "<?", "<![CDATA["}) {
    auto buf = exact_copy(text);
    auto r = digest::render_markdown_html(std::string_view(buf.get(), text.size()), {});
    ASSERT_TRUE(r.ok()) << text;
    EXPECT_FALSE(r.value().empty()) << text;
  }
}
