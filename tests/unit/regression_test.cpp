// regression_test.cpp — one test per bug the fuzzers (tests/fuzz) or the hostile-input tests
// found. Each says what it guards, which target found it and the input, minimised.
#include <gtest/gtest.h>

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

// Found by fuzz_render (tests/fuzz/corpus/fuzz_render/unbalanced-link-leave): on some inputs with
// NUL bytes and nested brackets md4c 0.4.8 leaves a link span it never entered, and the writer's
// link depth went to -1 (a negative shift: undefined behaviour, caught by UBSan in
// tests/stages/10-sanitizers). Every </a> written must close an <a> written before it.
TEST(RenderRegression, AnUnbalancedLinkLeaveFromMd4cIsIgnored) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/tests/fuzz/corpus/fuzz_render/unbalanced-link-leave", std::ios::binary);
  ASSERT_TRUE(f) << "seed file missing";
  std::string md((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto r = digest::render_markdown_html(md, {});
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const std::string& html = r.value();
  long open = 0;
  for (size_t i = 0; i < html.size(); ++i) {
    if (html.compare(i, 3, "<a ") == 0) ++open;
    if (html.compare(i, 4, "</a>") == 0) ASSERT_GT(open--, 0) << "a </a> without an <a> at byte " << i;
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
