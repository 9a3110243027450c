// render_test.cpp — the markdown writer: md4c-html parity, math, safety, links, images, tables,
// task lists, heading ids/TOC, documents, and the XSS vector table (tests/spec/xss-vectors.json).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "digest/html_sanitize.h"
#include "digest/render.h"
#include "digest/slug.h"
#include "digest/text_normalize.h"
#include "digest/url_policy.h"
#include "digest/utf8.h"
#include "md4c-html.h"
#include "simdjson.h"

namespace digest {
namespace {

std::string md(std::string_view in, bool allow_html = false) {
  RenderOptions o;
  o.allow_html = allow_html;
  Result<std::string> r = render_markdown_html(in, o);
  EXPECT_TRUE(r.ok());
  return r ? r.value() : std::string();
}

std::string md4c_reference(std::string_view in) {
  std::string out;
  md_html(
      in.data(), static_cast<MD_SIZE>(in.size()),
      [](const MD_CHAR* t, MD_SIZE n, void* u) { static_cast<std::string*>(u)->append(t, n); }, &out,
      MD_DIALECT_GITHUB, 0);
  return out;
}

// Our documented additions removed (render.h), to compare with md4c-html.
std::string strip_additions(std::string s) {
  s = std::regex_replace(s, std::regex("<div class=\"dg-table-wrap\">"), "");
  s = std::regex_replace(s, std::regex("</table>\n</div>"), "</table>");
  s = std::regex_replace(s, std::regex("(<h[1-6]) id=\"[^\"]*\""), "$1");
  s = std::regex_replace(s, std::regex(" loading=\"lazy\" decoding=\"async\""), "");
  return s;
}

TEST(Render, MatchesMd4cHtmlOnCommonConstructs) {
  const char* cases[] = {
      "# Title\n\nPara with *em*, **strong**, `code`, ~~del~~ and a [link](https://x.y \"t\").\n",
      "> quote\n> > nested\n\n- a\n- b\n  1. c\n  2. d\n\n3) x\n4) y\n",
      "```python\nprint('<b>')\n```\n\n    indented & code\n",
      "| a | b |\n|:--|--:|\n| 1 | *2* |\n| `|` | x |\n",
      "line  \nbreak\\\nagain\n\n---\n\n![alt *em*](/i.png \"ti\") &copy; &#169; &#xA9; &nosuch; \\*",
      "Autolinks: <https://a.b/c?d=e&f=g> www.example.com/x user@example.com\n",
      "Setext\n===\n\nHTML <b>inline</b> and\n\n<div>\nblock\n</div>\n",
      "[ref][1] and [missing][]\n\n[1]: /url \"title\"\n",
      "## 한국어 제목\n\n본문 **강조** 와 `코드`.\n",
  };
  for (const char* c : cases) EXPECT_EQ(strip_additions(md(c, true)), md4c_reference(c)) << c;
}

TEST(Render, MathSurvivesIntactAndEscaped) {
  EXPECT_EQ(md("$O(N^k)$"), "<p><span class=\"dg-math\" data-display=\"0\">O(N^k)</span></p>\n");
  EXPECT_EQ(md("where $h = f(b, i_1, \\dots, i_k)$ holds"),
            "<p>where <span class=\"dg-math\" data-display=\"0\">h = f(b, i_1, \\dots, i_k)</span> holds</p>\n");
  EXPECT_EQ(md("$$\\sum_{i<n} x_i * y_i$$"),
            "<p><span class=\"dg-math\" data-display=\"1\">\\sum_{i&lt;n} x_i * y_i</span></p>\n");
  // Emphasis markers inside math are not markdown.
  EXPECT_EQ(md("$a_1 * b_2 * c$"), "<p><span class=\"dg-math\" data-display=\"0\">a_1 * b_2 * c</span></p>\n");
}

TEST(Render, DollarsThatAreNotTexStayText) {
  // Prices: the closing '$' follows a space, or is followed by a digit.
  EXPECT_EQ(md("costs $5 and $10 a month"), "<p>costs $5 and $10 a month</p>\n");
  EXPECT_EQ(md("from $20,000 to $30,000"), "<p>from $20,000 to $30,000</p>\n");
  EXPECT_EQ(md("$x$5"), "<p>$x$5</p>\n");
  // TeX with a space just inside a dollar is not TeX.
  EXPECT_EQ(md("a $ y $ b"), "<p>a $ y $ b</p>\n");
  EXPECT_EQ(md("a $y $ b <i>"), "<p>a $y $ b &lt;i&gt;</p>\n");
  // The text put back is escaped as any text, and what follows is rendered as usual.
  EXPECT_EQ(md("$a < b $ and **c**"), "<p>$a &lt; b $ and <strong>c</strong></p>\n");
  // Next to them, real TeX is still TeX; so is a lone number, and display math with spaces.
  EXPECT_EQ(md("pay \\$5 for $x^2$"), "<p>pay $5 for <span class=\"dg-math\" data-display=\"0\">x^2</span></p>\n");
  // md4c pairs the first two dollars of "$5 for $x^2$": that span is put back, and the lone '$'
  // left over is text too (a price before TeX in one paragraph is written \$5).
  EXPECT_EQ(md("pay $5 for $x^2$"), "<p>pay $5 for $x^2$</p>\n");
  EXPECT_EQ(md("$5$"), "<p><span class=\"dg-math\" data-display=\"0\">5</span></p>\n");
  EXPECT_EQ(md("$$ x $$"), "<p><span class=\"dg-math\" data-display=\"1\"> x </span></p>\n");
}

TEST(Render, ABareUrlEndsBeforeAKoreanParticle) {
  // GFM would link `에서` too (a broken URL); the product dialect ends the link before it.
  EXPECT_EQ(md("https://arxiv.org/abs/2511.04668에서 확인"),
            "<p><a href=\"https://arxiv.org/abs/2511.04668\" target=\"_blank\" rel=\"noopener noreferrer\">"
            "https://arxiv.org/abs/2511.04668</a>에서 확인</p>\n");
  EXPECT_EQ(md("www.example.com입니다"),
            "<p><a href=\"http://www.example.com\" target=\"_blank\" rel=\"noopener noreferrer\">www.example.com</a>입니다</p>\n");
  // Trailing punctuation GFM trims goes too; an unmatched ')' stays text.
  EXPECT_EQ(md("(https://x.org/z)에서"),
            "<p>(<a href=\"https://x.org/z\" target=\"_blank\" rel=\"noopener noreferrer\">https://x.org/z</a>)에서</p>\n");
  EXPECT_EQ(md("**https://x.org/b에서**"),
            "<p><strong><a href=\"https://x.org/b\" target=\"_blank\" rel=\"noopener noreferrer\">https://x.org/b</a>에서</strong></p>\n");
  // A Hangul path segment is part of the URL; explicit links and <angle> autolinks are as written.
  EXPECT_EQ(md("https://ko.wikipedia.org/wiki/강화_학습 참고"),
            "<p><a href=\"https://ko.wikipedia.org/wiki/%EA%B0%95%ED%99%94_%ED%95%99%EC%8A%B5\" target=\"_blank\" "
            "rel=\"noopener noreferrer\">https://ko.wikipedia.org/wiki/강화_학습</a> 참고</p>\n");
  EXPECT_EQ(md("<https://x.org/a에서>"),
            "<p><a href=\"https://x.org/a%EC%97%90%EC%84%9C\" target=\"_blank\" rel=\"noopener noreferrer\">https://x.org/a에서</a></p>\n");
  EXPECT_EQ(md("[x](https://x.org/a에서)"),
            "<p><a href=\"https://x.org/a%EC%97%90%EC%84%9C\" target=\"_blank\" rel=\"noopener noreferrer\">x</a></p>\n");
  // Two in one paragraph, and one at the very start of the input.
  EXPECT_EQ(md("a https://x.org/1에서 b https://x.org/2로"),
            "<p>a <a href=\"https://x.org/1\" target=\"_blank\" rel=\"noopener noreferrer\">https://x.org/1</a>에서 b "
            "<a href=\"https://x.org/2\" target=\"_blank\" rel=\"noopener noreferrer\">https://x.org/2</a>로</p>\n");
}

TEST(Render, RawHtmlIsEscapedByDefault) {
  EXPECT_EQ(md("a <b onclick=x>b</b>"), "<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>\n");
  EXPECT_EQ(md("<script>alert(1)</script>\n"), "<p class=\"dg-raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  EXPECT_EQ(md("<b>x</b>", true), "<p><b>x</b></p>\n");
}

TEST(Render, UnsafeUrlsDropTheLinkButKeepTheText) {
  EXPECT_EQ(md("[click](JaVaScRiPt:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(md("[click](java&#x09;script:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(md("[click](&#106;avascript:alert(1))"), "<p>click</p>\n");
  EXPECT_EQ(md("[**b**](vbscript:x) [c](data:text/html,x)"), "<p><strong>b</strong> c</p>\n");
  EXPECT_EQ(md("![a *b*](data:image/png;base64,AA)"), "<p>a b</p>\n");
  EXPECT_EQ(md("<javascript:alert(1)>"), "<p>javascript:alert(1)</p>\n");
}

TEST(Render, LinksAndImagesGetTheirAttributes) {
  EXPECT_EQ(md("[a](https://arxiv.org/abs/2511.04668 \"t\")"),
            "<p><a href=\"https://arxiv.org/abs/2511.04668\" title=\"t\" target=\"_blank\" rel=\"noopener noreferrer\">a</a></p>\n");
  EXPECT_EQ(md("[a](/posts/x) [b](#sec) [c](mailto:a@b.c)"),
            "<p><a href=\"/posts/x\">a</a> <a href=\"#sec\">b</a> <a href=\"mailto:a@b.c\">c</a></p>\n");
  EXPECT_EQ(md("![그림 1](/fig 1.png)"), "<p>![그림 1](/fig 1.png)</p>\n");
  EXPECT_EQ(md("![그림 \"1\"](</fig 1.png>)"),
            "<p><img src=\"/fig%201.png\" alt=\"그림 &quot;1&quot;\" loading=\"lazy\" decoding=\"async\"></p>\n");
  EXPECT_EQ(md("[x](https://a.b/\"onmouseover=\"y)"),
            "<p><a href=\"https://a.b/%22onmouseover=%22y\" target=\"_blank\" rel=\"noopener noreferrer\">x</a></p>\n");
}

TEST(Render, TablesAreWrappedAndTaskListsAreDisabledCheckboxes) {
  EXPECT_EQ(md("| a |\n|---|\n| 1 |\n"),
            "<div class=\"dg-table-wrap\"><table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n"
            "<td>1</td>\n</tr>\n</tbody>\n</table>\n</div>\n");
  EXPECT_EQ(md("- [x] done\n- [ ] todo\n"),
            "<ul>\n<li class=\"dg-task\"><input type=\"checkbox\" disabled=\"\" checked=\"\"> done</li>\n"
            "<li class=\"dg-task\"><input type=\"checkbox\" disabled=\"\"> todo</li>\n</ul>\n");
}

TEST(Render, HeadingIdsAndTocKeepKorean) {
  Result<std::string> r = render_markdown_json(
      "# 개요\n\n## 핵심 연구 목표\n\n## 핵심 연구 목표\n\n### Method & *Results*\n", RenderOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value(),
            "{\"html\":\"<h1 id=\\\"개요\\\">개요</h1>\\n<h2 id=\\\"핵심-연구-목표\\\">핵심 연구 목표</h2>\\n"
            "<h2 id=\\\"핵심-연구-목표-1\\\">핵심 연구 목표</h2>\\n"
            "<h3 id=\\\"method-results\\\">Method &amp; <em>Results</em></h3>\\n\","
            "\"toc\":[{\"level\":1,\"text\":\"개요\",\"id\":\"개요\"},"
            "{\"level\":2,\"text\":\"핵심 연구 목표\",\"id\":\"핵심-연구-목표\"},"
            "{\"level\":2,\"text\":\"핵심 연구 목표\",\"id\":\"핵심-연구-목표-1\"},"
            "{\"level\":3,\"text\":\"Method & Results\",\"id\":\"method-results\"}]}");
}

TEST(Render, RejectsOversizedInput) {
  std::string big(kMaxRenderInput + 1, 'a');
  Result<std::string> r = render_markdown_json(big, RenderOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::TOO_LARGE);
}

TEST(Render, NulAndBomAreHandled) {
  EXPECT_EQ(md(std::string("\xEF\xBB\xBF" "a\0b", 6)), "<p>a\xEF\xBF\xBD" "b</p>\n");
}

Document paper() {
  Document d;
  d.kind = DocKind::PAPER;
  d.id = "p1";
  d.institution = "Example Lab <AI>";
  d.upvotes = 42;
  d.stars = 7;
  d.selection = "ranking";
  d.analysis = "full-text";
  d.arxiv = "2511.00001";
  d.tags = {"Diffusion", "3D"};
  d.prerequisites = {{"Flow Matching", "노이즈를 데이터로 옮기는 벡터장 학습"}, {"LoRA", ""}};
  d.summary = "요약";
  d.sections = {{"한 줄 요약", "짧은 요약 $O(N)$."}, {"문제 정의", ""}, {"💡 핵심 아이디어", "- 첫째\n- 둘째 <b>x</b>"}};
  return d;
}

TEST(RenderDocument, PaperHasChipsTagsPrerequisitesAndNonEmptySections) {
  Bundle b;
  Result<std::string> r = render_document_json(b, paper());
  ASSERT_TRUE(r.ok());
  const std::string& j = r.value();
  EXPECT_NE(j.find("<span class=\\\"dg-chip dg-chip-institution\\\">Example Lab &lt;AI&gt;</span>"), std::string::npos);
  EXPECT_NE(j.find("dg-chip-upvotes\\\">⬆️ 42<"), std::string::npos);
  EXPECT_NE(j.find("dg-chip-stars\\\">⭐ 7<"), std::string::npos);
  EXPECT_NE(j.find("<a class=\\\"dg-chip dg-chip-arxiv\\\" href=\\\"https://arxiv.org/abs/2511.00001\\\""), std::string::npos);
  EXPECT_NE(j.find("<li class=\\\"dg-tag\\\">Diffusion</li>"), std::string::npos);
  EXPECT_NE(j.find("<strong class=\\\"dg-prereq-name\\\">Flow Matching</strong>"), std::string::npos);
  EXPECT_NE(j.find("<span class=\\\"dg-math\\\" data-display=\\\"0\\\">O(N)</span>"), std::string::npos);
  EXPECT_NE(j.find("<li>둘째 &lt;b&gt;x&lt;/b&gt;</li>"), std::string::npos);  // list stays a list, HTML escaped
  EXPECT_EQ(j.find("문제 정의"), std::string::npos);                          // empty section omitted
  EXPECT_EQ(j.find("dg-summary"), std::string::npos);                         // sections carry the summary
  EXPECT_NE(j.find("{\"level\":3,\"text\":\"💡 핵심 아이디어\",\"id\":\"핵심-아이디어\"}"), std::string::npos);
}

// QA finding: on a paper's own page (under its h1) the sections were h3: a screen reader's heading
// list skipped a level. The page asks for level 2; a digest card (under its h2) keeps 3.
TEST(RenderDocument, APapersSectionHeadingsTakeTheLevelAsked) {
  Bundle b;
  const std::string card = render_document_json(b, paper()).value();
  const std::string page = render_document_json(b, paper(), 2).value();
  EXPECT_NE(card.find("<h3 "), std::string::npos);
  EXPECT_EQ(card.find("<h2 "), std::string::npos);
  EXPECT_NE(page.find("<h2 "), std::string::npos);
  EXPECT_EQ(page.find("<h3 "), std::string::npos);
  EXPECT_NE(page.find("{\"level\":2,\"text\":\"💡 핵심 아이디어\""), std::string::npos);
  // Out of range: clamped to 2..6.
  EXPECT_EQ(render_document_json(b, paper(), 0).value(), page);
  EXPECT_NE(render_document_json(b, paper(), 9).value().find("<h6 "), std::string::npos);
  // The same HTML through the UTF-16 path.
  Utf16Buffer html;
  std::vector<TocEntry> toc;
  ASSERT_TRUE(render_document_utf16(b, paper(), html, toc, 2));
  EXPECT_EQ(toc[0].level, 2);
}

// QA findings: a bundle document's relative image loaded from the viewer's own origin (with its
// cookies; a 404 in the console) and an http: image broke the viewer's CSP. In a bundle document
// a relative image is its alt text and an http: one is upgraded; `digest render` keeps them.
TEST(RenderDocument, ABundleDocumentsImagesAreAbsoluteHttps) {
  Bundle b;
  Document d;
  d.id = "r";
  d.kind = DocKind::REVIEW;
  d.markdown = "![로그아웃](/api/logout) ![b](x.png) ![c](http://x.org/c.png) ![d](https://x.org/d.png) ![e](//cdn.x.org/e.png)";
  const std::string j = render_document_json(b, d).value();
  EXPECT_EQ(j.find("/api/logout"), std::string::npos) << j;
  EXPECT_EQ(j.find("x.png"), std::string::npos) << j;
  EXPECT_NE(j.find("<p>로그아웃 b <img src=\\\"https://x.org/c.png\\\" alt=\\\"c\\\""), std::string::npos) << j;
  EXPECT_NE(j.find("<img src=\\\"https://x.org/d.png\\\""), std::string::npos) << j;
  EXPECT_NE(j.find("<img src=\\\"//cdn.x.org/e.png\\\""), std::string::npos) << j;
  // A bundle's markdown rendered on its own (a digest's intro: renderMarkdown(md, {fromBundle}))
  // follows the same policy (review finding: the intro bypassed it).
  RenderOptions from_bundle;
  from_bundle.bundle_content = true;
  const std::string intro = render_markdown_json("![logo](/logo.png) ![h](http://x.org/i.png)", from_bundle).value();
  EXPECT_EQ(intro.find("/logo.png"), std::string::npos) << intro;
  EXPECT_NE(intro.find("https://x.org/i.png"), std::string::npos) << intro;
  // Without a bundle (digest render), as written.
  const std::string plain = render_markdown_json("![b](x.png) ![c](http://x.org/c.png)", RenderOptions{}).value();
  EXPECT_NE(plain.find("<img src=\\\"x.png\\\""), std::string::npos) << plain;
  EXPECT_NE(plain.find("http://x.org/c.png"), std::string::npos) << plain;
}

TEST(RenderDocument, TheSectionThatIsTheSummaryIsMarked) {
  // A client that shows the summary already (a digest card) can leave that section out.
  Bundle b;
  Document d = paper();
  d.summary = d.sections[0].markdown;
  Result<std::string> r = render_document_json(b, d);
  ASSERT_TRUE(r.ok());
  const std::string& j = r.value();
  const size_t marked = j.find("<section class=\\\"dg-section dg-section-summary\\\">");
  ASSERT_NE(marked, std::string::npos);
  EXPECT_LT(marked, j.find("한 줄 요약"));
  EXPECT_EQ(j.find("dg-section-summary", j.find("dg-section-summary") + 1), std::string::npos);  // that section only
  EXPECT_NE(j.find("<section class=\\\"dg-section\\\">"), std::string::npos);
  EXPECT_EQ(render_document_json(b, paper()).value().find("dg-section-summary"), std::string::npos);
}

TEST(RenderDocument, ARoundupPapersLeadComesFirstAndIsMarkedAsItsSummary) {
  // A weekly roundup's paper: its lead paragraph (the summary, with its rank and bold title) then
  // labelled sections. The lead came after the sections, and a digest card showed it twice (QA).
  Bundle b;
  Document d;
  d.id = "roundup-2025-10-05/1";
  d.kind = DocKind::PAPER;
  d.title = "Tinker";
  d.rank = 1;
  d.summary = "Tinker는 스스로 버그를 심고 고치며 배웁니다.";
  d.markdown = "**1. Tinker**는 스스로 버그를\n심고 고치며 배웁니다.\n\n덧붙인 문단입니다.";
  d.sections.push_back(Section{"학습 구조", "주입자와 수리자가 번갈아 맡습니다."});
  const std::string j = render_document_json(b, d).value();
  const size_t lead = j.find("<div class=\\\"dg-paper-lead dg-section-summary\\\">");
  ASSERT_NE(lead, std::string::npos) << j;
  EXPECT_LT(lead, j.find("<strong>1. Tinker</strong>")) << j;
  EXPECT_LT(j.find("</div>", lead), j.find("덧붙인 문단")) << "only the lead is marked: " << j;
  EXPECT_LT(j.find("덧붙인 문단"), j.find("학습 구조")) << "the body before the sections, as written: " << j;
  EXPECT_EQ(j.find("dg-summary"), std::string::npos) << "the summary is not said a second time: " << j;
  // A lead that is not the summary is the body, unmarked, still before the sections.
  d.summary = "다른 요약입니다.";
  const std::string k = render_document_json(b, d).value();
  EXPECT_EQ(k.find("dg-section-summary"), std::string::npos) << k;
  EXPECT_LT(k.find("<strong>1. Tinker</strong>"), k.find("학습 구조")) << k;
  // "Title: rest" leads (their summary keeps the colon) are recognised too.
  d.summary = "Tinker: 자기 대국으로 배웁니다.";
  d.markdown = "**1. Tinker**: 자기 대국으로 배웁니다.";
  EXPECT_NE(render_document_json(b, d).value().find("dg-paper-lead dg-section-summary"), std::string::npos);
}

TEST(RenderDocument, ReviewMarkdownAndImportedHtml) {
  Bundle b;
  Document md_doc;
  md_doc.markdown = "## 결론\n\n<img src=x onerror=alert(1)>";
  Result<std::string> r1 = render_document_json(b, md_doc);
  ASSERT_TRUE(r1.ok());
  EXPECT_EQ(r1.value(),
            "{\"html\":\"<h2 id=\\\"결론\\\">결론</h2>\\n<p class=\\\"dg-raw-html\\\">&lt;img src=x onerror=alert(1)&gt;</p>\\n\","
            "\"toc\":[{\"level\":2,\"text\":\"결론\",\"id\":\"결론\"}]}");
  Document html_doc;
  html_doc.html = "<h2>서론</h2><p onclick=x>본문<script>alert(1)</script></p>";
  Result<std::string> r2 = render_document_json(b, html_doc);
  ASSERT_TRUE(r2.ok());
  EXPECT_EQ(r2.value(),
            "{\"html\":\"<h2 id=\\\"서론\\\">서론</h2><p>본문</p>\",\"toc\":[{\"level\":2,\"text\":\"서론\",\"id\":\"서론\"}]}");
}

TEST(RenderDocument, Utf16PathWritesTheSameHtmlAndToc) {
  // render_document_utf16 (the wasm bindings' path) against render_document (UTF-8): a review's
  // markdown goes straight from the writer, papers and imported HTML through one conversion.
  Bundle b;
  Document md_doc;
  md_doc.markdown = "## 결론 😀\n\n모델이 **강화 학습(RL)**으로 $x^2$ <b>x</b> & \xFF 끝";
  Document html_doc;
  html_doc.html = "<h2>서론</h2><p onclick=x>본문 &amp; 𝔘<script>alert(1)</script></p>";
  for (const Document& d : {md_doc, html_doc, paper()}) {
    std::string utf8;
    std::vector<TocEntry> toc8, toc16;
    ASSERT_TRUE(render_document(b, d, utf8, toc8).ok());
    Utf16Buffer wide;
    wide.append_ascii("prefix ");  // appended to, not replaced
    ASSERT_TRUE(render_document_utf16(b, d, wide, toc16).ok());
    std::string back;
    utf16_to_utf8(wide.view(), back);
    EXPECT_EQ(back, "prefix " + utf8);
    ASSERT_EQ(toc16.size(), toc8.size());
    for (size_t i = 0; i < toc8.size(); ++i) EXPECT_EQ(toc16[i].id, toc8[i].id);
  }
}

// --- XSS vectors --------------------------------------------------------------------------

// Static inertness check of our output: every tag is on the output allowlist, every attribute
// is one we write, href/src pass the URL policy, and no raw '<' sits in text.
::testing::AssertionResult inert(const std::string& html) {
  static const char* const kTags[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
                                      "strong", "b", "em", "i", "code", "pre", "a", "img", "table", "thead",
                                      "tbody", "tfoot", "tr", "th", "td", "br", "hr", "del", "s", "sup", "sub",
                                      "span", "div", "input", "u"};
  static const char* const kAttrs[] = {"href", "src", "alt", "title", "align", "colspan", "rowspan", "id", "class",
                                       "target", "rel", "loading", "decoding", "type", "disabled", "checked",
                                       "start", "data-display"};
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    size_t j = i + 1;
    if (j < html.size() && html[j] == '/') ++j;
    size_t name_end = j;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    std::string name = html.substr(j, name_end - j);
    bool tag_ok = false;
    for (const char* t : kTags) tag_ok |= name == t;
    if (!tag_ok) return ::testing::AssertionFailure() << "tag <" << name << "> at " << i << " in: " << html;
    size_t gt = html.find('>', name_end);
    if (gt == std::string::npos) return ::testing::AssertionFailure() << "unterminated tag in: " << html;
    std::string attrs = html.substr(name_end, gt - name_end);
    std::regex attr_re("\\s+([a-z-]+)=\"([^\"]*)\"");
    std::string rest = std::regex_replace(attrs, attr_re, "");
    if (!rest.empty()) return ::testing::AssertionFailure() << "unexpected attribute syntax '" << rest << "' in: " << html;
    for (std::sregex_iterator it(attrs.begin(), attrs.end(), attr_re), end; it != end; ++it) {
      std::string an = (*it)[1];
      bool ok = false;
      for (const char* a : kAttrs) ok |= an == a;
      if (!ok) return ::testing::AssertionFailure() << "attribute " << an << " in: " << html;
      if (an == "href" || an == "src") {
        std::string decoded;
        append_entities_decoded(decoded, std::string((*it)[2]));
        if (classify_url(decoded) == UrlKind::REJECTED)
          return ::testing::AssertionFailure() << "unsafe URL " << decoded << " in: " << html;
      }
    }
    i = gt + 1;
  }
  return ::testing::AssertionSuccess();
}

TEST(Xss, EveryVectorRendersInert) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/tests/spec/xss-vectors.json", std::ios::binary);
  ASSERT_TRUE(f) << "tests/spec/xss-vectors.json missing";
  std::stringstream ss;
  ss << f.rdbuf();
  simdjson::padded_string json(ss.str());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_EQ(parser.parse(json).get(root), simdjson::SUCCESS);
  simdjson::dom::array vectors;
  ASSERT_EQ(root["vectors"].get_array().get(vectors), simdjson::SUCCESS);
  size_t count = 0, md_count = 0, html_count = 0;
  for (simdjson::dom::element v : vectors) {
    std::string_view name, input, source, keep;
    ASSERT_EQ(v["name"].get_string().get(name), simdjson::SUCCESS);
    ASSERT_EQ(v["input"].get_string().get(input), simdjson::SUCCESS);
    ASSERT_EQ(v["source"].get_string().get(source), simdjson::SUCCESS);
    std::string out;
    if (input == "markdown") {
      out = md(source);
      ++md_count;
    } else {
      ASSERT_EQ(input, "html");
      out = sanitize_html(source);
      ++html_count;
    }
    EXPECT_TRUE(inert(out)) << name;
    for (const char* bad : {"<script", "<iframe", "<svg", "<style", " onerror=", " onload=", " onclick=", " style="}) {
      // Escaped text may mention these words; live markup may not.
      std::string tags_only = std::regex_replace(out, std::regex(">[^<]*<"), "><");
      tags_only = std::regex_replace(tags_only, std::regex("=\"[^\"]*\""), "=\"\"");
      EXPECT_EQ(tags_only.find(bad), std::string::npos) << name << ": " << out;
    }
    if (v["keep"].get_string().get(keep) == simdjson::SUCCESS) {
      std::string text = std::regex_replace(out, std::regex("<[^>]*>"), "");
      EXPECT_NE(text.find(keep), std::string::npos) << name << ": lost '" << keep << "' in " << out;
    }
    ++count;
  }
  EXPECT_GE(md_count, 25u);
  EXPECT_GE(html_count, 40u);
  EXPECT_EQ(count, md_count + html_count);
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

// Invalid UTF-8 is not repaired before parsing any more (that pass cost more than rendering
// Korean text); escape_into checks every text byte instead. Guards that no context lets an
// invalid byte through to the HTML or the JSON envelope.
TEST(RenderUtf8, InvalidBytesBecomeReplacementCharactersInEveryContext) {
  const std::string bad[] = {"\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xEA\xB0", "\xFF"};
  const char* contexts[] = {"a%sb", "# 제목%s\n", "`co%sde`", "[li%snk](https://x.org/)", "![al%st](a.png)",
                            "| h%s |\n|---|\n| c%s |\n", "$x%s$", "```\nco%sde\n```\n", "**굵%s게**는", "&amp;%s&lt;"};
  for (const std::string& b : bad) {
    for (const char* ctx : contexts) {
      std::string in = ctx;
      for (size_t p; (p = in.find("%s")) != std::string::npos;) in.replace(p, 2, b);
      auto html = render_markdown_html(in, {});
      ASSERT_TRUE(html.ok());
      EXPECT_EQ(utf8_first_invalid(html.value()), std::string_view::npos) << in << " -> " << html.value();
      EXPECT_NE(html.value().find("\xEF\xBF\xBD"), std::string::npos) << in << " -> " << html.value();
      auto json = render_markdown_json(in, {});
      ASSERT_TRUE(json.ok());
      EXPECT_EQ(utf8_first_invalid(json.value()), std::string_view::npos) << in;
      simdjson::dom::parser parser;
      simdjson::dom::element doc;
      EXPECT_EQ(parser.parse(json.value()).get(doc), simdjson::SUCCESS) << in << " -> " << json.value();
    }
  }
  // Valid multi-byte text (2-, 3- and 4-byte sequences, Hangul next to markup) is kept byte for byte.
  const std::string good = "é 한국어 𝛼 **굵게**는 `코드` ✓";
  auto html = render_markdown_html(good, {});
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html.value().find("\xEF\xBF\xBD"), std::string::npos) << html.value();
  EXPECT_NE(html.value().find("é 한국어 𝛼"), std::string::npos) << html.value();
  EXPECT_NE(html.value().find("<code>코드</code> ✓"), std::string::npos) << html.value();
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

std::string render_with(std::string_view in, bool extensions) {
  RenderOptions o;
  o.extensions = extensions;
  auto r = render_markdown_html(in, o);
  EXPECT_TRUE(r.ok());
  return r ? r.value() : std::string();
}

const char kZwsp[] = "\xE2\x80\x8B";

// Korean particles attach directly to a bold phrase that ends in punctuation; CommonMark leaves
// `**...)**는` unbolded. The product dialect bolds it (render.cpp, mark_cjk_emphasis).
TEST(RenderCjkEmphasis, BoldEndingInPunctuationBeforeAParticleCloses) {
  EXPECT_EQ(render_with("**지식 증류(knowledge distillation)**는 중요하다", true),
            "<p><strong>지식 증류(knowledge distillation)</strong>는 중요하다</p>\n");
  EXPECT_EQ(render_with("모델**\"GPT\"**는", true), "<p>모델<strong>&quot;GPT&quot;</strong>는</p>\n");
  EXPECT_EQ(render_with("**「인용」**는", true), "<p><strong>「인용」</strong>는</p>\n");
  EXPECT_EQ(render_with("*강조(em)*를", true), "<p><em>강조(em)</em>를</p>\n");
  // CommonMark conformance mode keeps the spec's behaviour.
  EXPECT_EQ(render_with("**지식 증류(knowledge distillation)**는", false),
            "<p>**지식 증류(knowledge distillation)**는</p>\n");
}

TEST(RenderCjkEmphasis, HeadingTocAndIdsCarryNoMarker) {
  std::string html;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  ASSERT_TRUE(render_markdown("## **제목(title)**은\n", {}, html, slugs, toc).ok());
  EXPECT_EQ(html, "<h2 id=\"제목title은\"><strong>제목(title)</strong>은</h2>\n");
  ASSERT_EQ(toc.size(), 1u);
  EXPECT_EQ(toc[0].text, "제목(title)은");
}

// The inserted U+200B must never reach the output, wherever the run sits; one the author wrote
// stays. An escaped '*' keeps its meaning.
TEST(RenderCjkEmphasis, MarkersNeverReachTheOutput) {
  for (std::string_view in : {"`f(x)**한`", "```\nf(x)**한\n```\n", "[a)**한](https://a.org/x)**한)",
                              "![a)**한](https://a.org/i.png)", "<b>)**한</b>", "| a)**한 |\n|---|\n| b)**한 |\n",
                              "$f(x)**한$", "[a](https://a.org/ \"t)**한\")", "# (x)**한\n"}) {
    std::string out = render_with(in, true);
    EXPECT_EQ(out.find(kZwsp), std::string::npos) << in << " -> " << out;
    EXPECT_NE(out.find(")**한"), std::string::npos) << in << " -> " << out;
  }
  EXPECT_NE(render_with("x\xE2\x80\x8B**a**", true).find(kZwsp), std::string::npos);
  EXPECT_EQ(render_with("\\**한국어**", true), render_with("\\**한국어**", false));
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

// Markdown of every "example" block (32 backticks) in a spec-format file; "→" is a tab.
std::vector<std::string> spec_examples(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  const std::string open = std::string(32, '`') + " example\n";
  std::vector<std::string> out;
  for (size_t p = text.find(open); p != std::string::npos; p = text.find(open, p)) {
    p += open.size();
    size_t dot = text.find("\n.\n", p - 1);
    if (dot == std::string::npos) break;
    std::string md = text.substr(p, dot + 1 - p);
    for (size_t t; (t = md.find("\xE2\x86\x92")) != std::string::npos;) md.replace(t, 3, "\t");
    out.push_back(md);
  }
  return out;
}

// render_markdown_json must produce exactly what escaping render_markdown's HTML afterwards
// produces, as valid JSON. (Until the writer wrote UTF-16 it escaped for JSON while writing, a
// second code path this test held to the first; it now guards the envelope's escaping.)
TEST(RenderJson, WritingJsonWhileRenderingEqualsEscapingTheHtmlAfterwards) {
  std::vector<std::string> inputs = {
      "a\\b\\\\c \\n `x\\y` $\\alpha\\n$\n",
      "```\nline\twith\ttabs\r\nand \\ backslash \"q\"\n```\n",
      "<div>\nraw \\n\n\n</div>\n\npara\\n\n\n<!-- c -->\n",
      "<p>x\\\\n</p>\n",
      "# Title \"q\" \\\n## 핵심 연구 목표\n## 핵심 연구 목표\n",
      "- [x] done\n- [ ] todo \\\n\n1. a\n2. b\n\n7. start\n",
      "| a | b\\|c |\n|:-|-:|\n| `x\\|y` | \x01\x1f |\n",
      "[t](https://a.org/\"x\\y \"ti\\\"tle\") ![i](x.png \"t\")\n",
      "hard  \nbreak\\\nx &amp; &#0; &quot; \xC0 \xED\xA0\x80 \xF0\x9F\x98\x80\n",
      "**지식 증류(knowledge distillation)**는 $O(N^k)$\n",
      "[y](JaVa\bscript:x) form\ffeed \x7f `\b\f`\n",  // \b and \f: the short escapes, as JsonWriter writes them
  };
  for (const char* file : {"autolinks.txt", "strikethrough.txt", "tables.txt", "tasklists.txt"})
    for (std::string& md : spec_examples(std::string(DIGEST_SOURCE_DIR) + "/tests/spec/gfm/" + file)) inputs.push_back(md);
  // The CommonMark spec's 652 examples, when node_modules is installed (package.json).
  for (std::string& md : spec_examples(std::string(DIGEST_SOURCE_DIR) + "/node_modules/commonmark-spec/spec.txt"))
    inputs.push_back(md);
  ASSERT_GT(inputs.size(), 30u);
  simdjson::dom::parser parser;
  for (const std::string& in : inputs) {
    std::string html;
    SlugSet slugs;
    std::vector<TocEntry> toc;
    ASSERT_TRUE(render_markdown(in, {}, html, slugs, toc).ok());
    auto json = render_markdown_json(in, {});
    ASSERT_TRUE(json.ok());
    EXPECT_EQ(json.value(), render_json(html, toc)) << in;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json.value()).get(doc), simdjson::SUCCESS) << in;
    std::string_view parsed;
    ASSERT_EQ(doc["html"].get(parsed), simdjson::SUCCESS);
    EXPECT_EQ(parsed, html) << in;
  }
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

struct TocRender {
  std::string html;
  std::vector<TocEntry> toc;
};
TocRender render_markdown_toc(std::string_view in) {
  TocRender r;
  SlugSet slugs;
  EXPECT_TRUE(render_markdown(in, {}, r.html, slugs, r.toc).ok());
  return r;
}

// Korean text writes ranges with one tilde (10~20%, 3~5배): only two tildes strike through (GFM's
// single-tilde strikethrough struck out everything between two ranges of a paragraph).
TEST(Render, OneTildeIsARangeAndTwoStrikeThrough) {
  EXPECT_EQ(md("성능이 10~20% 향상되었고 비용은 3~5배 줄었다"), "<p>성능이 10~20% 향상되었고 비용은 3~5배 줄었다</p>\n");
  EXPECT_EQ(md("~~지운 문장~~ 남은 문장"), "<p><del>지운 문장</del> 남은 문장</p>\n");
  EXPECT_EQ(md("a ~*b*~ c ~~**d**~~"), "<p>a ~<em>b</em>~ c <del><strong>d</strong></del></p>\n");
  EXPECT_EQ(md("`x`~1~2~`y`"), "<p><code>x</code>~1~2~<code>y</code></p>\n");
  // In a heading: the TOC text keeps the tildes too.
  TocRender r = render_markdown_toc("## 2~3배 빠른 디코딩\n");
  ASSERT_EQ(r.toc.size(), 1u);
  EXPECT_EQ(r.toc[0].text, "2~3배 빠른 디코딩");
  EXPECT_NE(r.html.find(">2~3배 빠른 디코딩</h2>"), std::string::npos) << r.html;
}

// Text that looks like an HTML tag is shown as text in a markdown body, so the TOC and search
// see it too (it was dropped from both: "## <think> 토큰" listed as " 토큰", "think" found nothing).
TEST(Render, TagLikeTextIsHeadingTextAndSearchText) {
  TocRender r = render_markdown_toc("## <think> 토큰의 역할\n\nVec<T> 와 <eos>\n");
  ASSERT_EQ(r.toc.size(), 1u);
  EXPECT_EQ(r.toc[0].text, "<think> 토큰의 역할");
  EXPECT_NE(r.html.find("&lt;think&gt; 토큰의 역할</h2>"), std::string::npos) << r.html;
  EXPECT_EQ(markdown_to_text("Vec<T> 와 <eos> <br>"), "Vec<T> 와 <eos> <br>");
}

// Heading ids never take the viewer's own ("dg-..."), and links to them follow.
TEST(Render, HeadingIdsStayOutOfTheViewersNames) {
  TocRender r = render_markdown_toc("## dg-help\n\n[위로](#dg-help) [다른 곳](#/doc/x)\n");
  ASSERT_EQ(r.toc.size(), 1u);
  EXPECT_EQ(r.toc[0].id, "h-dg-help");
  EXPECT_NE(r.html.find("id=\"h-dg-help\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("href=\"#h-dg-help\""), std::string::npos) << r.html;
  EXPECT_NE(r.html.find("href=\"#/doc/x\""), std::string::npos) << r.html;
  SlugSet papers("p3-");
  EXPECT_EQ(papers.unique("핵심 아이디어"), "p3-핵심-아이디어");
  EXPECT_EQ(papers.unique("핵심 아이디어"), "p3-핵심-아이디어-1");
  EXPECT_EQ(papers.fragment_id("dg-x"), "p3-h-dg-x");
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

// Links between documents of a bundle open them in the viewer; links relative to the site the
// bundle was built from (a roundup's "[논문](Paper)") are text, since the viewer is not that site.
TEST(RenderDocument, LinksToOtherDocumentsOpenThemInTheViewer) {
  Bundle b;
  Document a, other, korean;
  a.id = "ai/review/2025-01-01-A";
  other.id = "ai/review/2024-01-11-LumaKD";
  korean.id = "ai/review/2024-02-02-모델";
  a.markdown =
      "[1](/ai/review/2024-01-11-LumaKD/) [2](../2024-01-11-LumaKD) [3](/ai/review/2024-02-02-%EB%AA%A8%EB%8D%B8/#결론) "
      "[4](Paper) [5](/tags/llm/) [6](https://arxiv.org/abs/1) [7](#위로) [8](/ai/review/no-such/)";
  b.docs = {a, other, korean};
  for (bool wide : {false, true}) {
    std::string html;
    std::vector<TocEntry> toc;
    if (wide) {
      Utf16Buffer out;
      ASSERT_TRUE(render_document_utf16(b, b.docs[0], out, toc).ok());
      utf16_to_utf8(out.view(), html);
    } else {
      ASSERT_TRUE(render_document(b, b.docs[0], html, toc).ok());
    }
    EXPECT_NE(html.find("<a href=\"#/doc/ai%2Freview%2F2024-01-11-LumaKD\">1</a>"), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"#/doc/ai%2Freview%2F2024-01-11-LumaKD\">2</a>"), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"#/doc/ai%2Freview%2F2024-02-02-%EB%AA%A8%EB%8D%B8\">3</a>"), std::string::npos) << html;
    EXPECT_NE(html.find(" 4 "), std::string::npos) << html;  // text, no link
    EXPECT_EQ(html.find("href=\"Paper\""), std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"/tags/llm/\">5</a>"), std::string::npos) << html;
    EXPECT_NE(html.find("href=\"https://arxiv.org/abs/1\""), std::string::npos) << html;
    EXPECT_NE(html.find("href=\"#위로\"") == std::string::npos ? html.find("href=\"#%EC%9C%84%EB%A1%9C\"") : 0, std::string::npos) << html;
    EXPECT_NE(html.find("<a href=\"/ai/review/no-such/\">8</a>"), std::string::npos) << html;
  }
  // Without a bundle (digest render < file), links stay as written.
  std::string plain;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  ASSERT_TRUE(render_markdown("[4](Paper)", {}, plain, slugs, toc).ok());
  EXPECT_NE(plain.find("<a href=\"Paper\">4</a>"), std::string::npos) << plain;
}

}  // namespace
}  // namespace digest
