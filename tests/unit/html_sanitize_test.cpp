// html_sanitize_test.cpp — the allowlist sanitiser on well-formed, malformed and hostile HTML.
#include <gtest/gtest.h>

#include "digest/html_sanitize.h"
#include "digest/text_normalize.h"
#include "digest/url_policy.h"

namespace digest {
namespace {

TEST(Sanitize, KeepsStructureAndInlineFormatting) {
  EXPECT_EQ(sanitize_html("<p>a <strong>b</strong> <em>c</em> <code>d</code></p>"),
            "<p>a <strong>b</strong> <em>c</em> <code>d</code></p>");
  EXPECT_EQ(sanitize_html("<blockquote><p>q</p></blockquote><ul><li>x</li></ul><hr><br>"),
            "<blockquote><p>q</p></blockquote><ul><li>x</li></ul><hr><br>");
  EXPECT_EQ(sanitize_html("<pre><code>x &lt; y</code></pre>"), "<pre><code>x &lt; y</code></pre>");
}

TEST(Sanitize, HeadingsGetIdsAndTocEntries) {
  std::string out;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  sanitize_html("<h2>핵심 연구 목표</h2><p>x</p><h2 id=\"evil\">핵심 연구 <b>목표</b></h2><h3>결론</h3>", out, slugs, toc);
  EXPECT_EQ(out,
            "<h2 id=\"핵심-연구-목표\">핵심 연구 목표</h2><p>x</p><h2 id=\"핵심-연구-목표-1\">핵심 연구 <b>목표</b></h2>"
            "<h3 id=\"결론\">결론</h3>");
  ASSERT_EQ(toc.size(), 3u);
  EXPECT_EQ(toc[1].level, 2);
  EXPECT_EQ(toc[1].text, "핵심 연구 목표");
  EXPECT_EQ(toc[1].id, "핵심-연구-목표-1");
  EXPECT_EQ(toc[2].level, 3);
}

TEST(Sanitize, DropsScriptStyleAndTheirContentEntirely) {
  EXPECT_EQ(sanitize_html("<p>a</p><script>alert('<p>x</p>')</script><style>p{}</style><p>b</p>"), "<p>a</p><p>b</p>");
  EXPECT_EQ(sanitize_html("<ScRiPt >x</sCrIpT ><p>b</p>"), "<p>b</p>");
  // "</scriptx>" does not end a script; the whole rest is script data.
  EXPECT_EQ(sanitize_html("<script>a</scriptx><p>hidden</p></script><p>b</p>"), "<p>b</p>");
  EXPECT_EQ(sanitize_html("<p>a</p><script>never closed <p>x</p>"), "<p>a</p>");
}

TEST(Sanitize, DropsForeignAndEmbeddingSubtrees) {
  EXPECT_EQ(sanitize_html("<svg><g><svg></svg><text>t</text></g></svg><p>k</p>"), "<p>k</p>");
  EXPECT_EQ(sanitize_html("<math><mi>x</mi></math>y"), "y");
  // HTML elements break out of foreign content, as in a browser.
  EXPECT_EQ(sanitize_html("<svg/onload=alert(1)><rect/><p>k</p>"), "<p>k</p>");
  EXPECT_EQ(sanitize_html("<iframe src=x>inner</iframe><object data=x>o</object><embed src=x>z"), "z");
}

TEST(Sanitize, UnknownElementsLoseTagsButKeepText) {
  EXPECT_EQ(sanitize_html("<font color=red>red</font> <center>c</center> <form><button>go</button></form>"),
            "red c go");
  EXPECT_EQ(sanitize_html("<input value=x><p>p</p>"), "<p>p</p>");
}

TEST(Sanitize, DropsCommentsDoctypesCdataAndProcessingInstructions) {
  EXPECT_EQ(sanitize_html("<!DOCTYPE html><!-- c <p>x</p> --><?php echo 1 ?><![CDATA[<p>y</p>]]><p>z</p>"), "<p>z</p>");
  EXPECT_EQ(sanitize_html("<!--><p>a</p><!---><p>b</p>"), "<p>a</p><p>b</p>");
  EXPECT_EQ(sanitize_html("a<!-- unclosed <p>x</p>"), "a");
  EXPECT_EQ(sanitize_html("a<!-- x --!><p>b</p>"), "a<p>b</p>");
}

TEST(Sanitize, DropsEventHandlersStyleClassAndUnknownAttributes) {
  EXPECT_EQ(sanitize_html("<p onclick=\"x()\" style=\"color:red\" class=c id=i data-x=1 title='t \"q\"'>p</p>"),
            "<p title=\"t &quot;q&quot;\">p</p>");
  EXPECT_EQ(sanitize_html("<td align=CENTER colspan=2 rowspan=x valign=top>c</td>"), "<td align=\"center\" colspan=\"2\">c</td>");
}

TEST(Sanitize, LinksFollowTheUrlPolicy) {
  EXPECT_EQ(sanitize_html("<a href=\"https://arxiv.org/abs/1\">x</a>"),
            "<a href=\"https://arxiv.org/abs/1\" target=\"_blank\" rel=\"noopener noreferrer\">x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"/posts/a b\" target=_self>x</a>"), "<a href=\"/posts/a%20b\">x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"#sec\">x</a>"), "<a href=\"#sec\">x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"java&#x09;script:alert(1)\">x</a>"), "<a>x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"&#106;avascript:alert(1)\">x</a>"), "<a>x</a>");
  EXPECT_EQ(sanitize_html("<a href=' JaVaScRiPt:alert(1)'>x</a>"), "<a>x</a>");
  EXPECT_EQ(sanitize_html("<a href=\"mailto:a@b.c\">m</a>"), "<a href=\"mailto:a@b.c\">m</a>");
}

TEST(Sanitize, ImagesNeedAnAllowedSourceAndLoadLazily) {
  EXPECT_EQ(sanitize_html("<img src=\"https://x.org/f.png\" alt=\"그림\" onerror=x width=9>"),
            "<img src=\"https://x.org/f.png\" alt=\"그림\" loading=\"lazy\" decoding=\"async\">");
  EXPECT_EQ(sanitize_html("<img src=\"data:image/png;base64,AA\" alt=a>"), "a");
  EXPECT_EQ(sanitize_html("<img alt=a>"), "");
  // QA findings: a relative src loaded from the viewer's own origin (with its cookies, and a 404
  // in the console); an http: src broke the viewer's CSP (img-src https:); an image without alt
  // was announced by its file name. Relative: dropped, its alt said as text; http: upgraded;
  // no alt: alt="" (decorative).
  EXPECT_EQ(sanitize_html("<img src=\"/f.png\" alt=\"그림 <1>\">"), "그림 &lt;1&gt;");
  EXPECT_EQ(sanitize_html("<img src=\"x.png\">"), "");
  EXPECT_EQ(sanitize_html("<img src=\"HTTP://x.org/a.png\">"), "<img src=\"https://x.org/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
  EXPECT_EQ(sanitize_html("<img src=\"h&#x09;ttp://x.org/a.png\" alt=b>"), "<img src=\"https://x.org/a.png\" alt=\"b\" loading=\"lazy\" decoding=\"async\">");
  EXPECT_EQ(sanitize_html("<img src=\"//cdn.x.org/a.png\" alt=c>"), "<img src=\"//cdn.x.org/a.png\" alt=\"c\" loading=\"lazy\" decoding=\"async\">");
  // Review finding: URLs that look absolute but resolve against the viewer's own address, and
  // backslash forms, are relative too; trailing spaces are trimmed before the upgrade.
  for (const char* rel : {"https:/api/logout", "https:logo.png", "http:api/logout", "https:///x.png", "///x.png"})
    EXPECT_EQ(sanitize_html(std::string("<img src=\"") + rel + "\">"), "") << rel;
  EXPECT_EQ(sanitize_html("<img src=\"\\\\evil.org/a.png\">"), "<img src=\"//evil.org/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
  EXPECT_EQ(sanitize_html("<img src=\"/\\evil.org/a.png\">"), "<img src=\"//evil.org/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
  EXPECT_EQ(sanitize_html("<img src=\"http://x.org/a.png \">"), "<img src=\"https://x.org/a.png\" alt=\"\" loading=\"lazy\" decoding=\"async\">");
}

TEST(Sanitize, TablesAreWrappedAndClosed) {
  EXPECT_EQ(sanitize_html("<table><tr><td>a<td>b<tr><td>c</table>"),
            "<div class=\"dg-table-wrap\"><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></div>");
  EXPECT_EQ(sanitize_html("<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>x"),
            "<div class=\"dg-table-wrap\"><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>x</td></tr></tbody>"
            "</table></div>");
}

TEST(Sanitize, MalformedMarkupBecomesWellFormed) {
  EXPECT_EQ(sanitize_html("<p><b>bold<i>both</p>after"), "<p><b>bold<i>both</i></b></p>after");
  EXPECT_EQ(sanitize_html("<p>one<p>two"), "<p>one</p><p>two</p>");
  EXPECT_EQ(sanitize_html("<ul><li>a<li>b</ul>"), "<ul><li>a</li><li>b</li></ul>");
  EXPECT_EQ(sanitize_html("</b></p>stray ends</div>"), "stray ends");
  EXPECT_EQ(sanitize_html("<p>a <div>block</div>"), "<p>a </p><div>block</div>");
  EXPECT_EQ(sanitize_html("<a href=/x>one<a href=/y>two</a>"), "<a href=\"/x\">one</a><a href=\"/y\">two</a>");
  EXPECT_EQ(sanitize_html("<h1>a<h2>b</h1>c"), "<h1 id=\"a\">a</h1><h2 id=\"b\">b</h2>c");
}

TEST(Sanitize, TruncatedTagsAndAttributesAreDropped) {
  EXPECT_EQ(sanitize_html("<p>a</p><img src=x onerror=alert(1)"), "<p>a</p>");
  EXPECT_EQ(sanitize_html("<p title=\"never closed>text"), "");
  EXPECT_EQ(sanitize_html("text <"), "text &lt;");
  EXPECT_EQ(sanitize_html("1 < 2 and 3 <> 4 </ 5"), "1 &lt; 2 and 3 &lt;&gt; 4 ");
}

TEST(Sanitize, TextEntitiesAreDecodedAndReescaped) {
  EXPECT_EQ(sanitize_html("&lt;script&gt; &amp;amp; &quot; &#x41;&#66; &nbsp;x &bogus; & &"),
            "&lt;script&gt; &amp;amp; &quot; AB \xC2\xA0x &amp;bogus; &amp; &amp;");
  EXPECT_EQ(sanitize_html("a > b \" c"), "a &gt; b &quot; c");
}

TEST(Sanitize, DeepNestingIsBounded) {
  std::string in;
  for (int i = 0; i < 10000; ++i) in += "<div>";
  in += "x";
  std::string out = sanitize_html(in);
  size_t opens = 0;
  for (size_t p = out.find("<div>"); p != std::string::npos; p = out.find("<div>", p + 1)) ++opens;
  size_t closes = 0;
  for (size_t p = out.find("</div>"); p != std::string::npos; p = out.find("</div>", p + 1)) ++closes;
  EXPECT_EQ(opens, 256u);
  EXPECT_EQ(closes, 256u);
  EXPECT_NE(out.find('x'), std::string::npos);
}

TEST(HtmlText, DecodeEntity) {
  std::string s;
  EXPECT_EQ(decode_html_entity("&amp;rest", s), 5u);
  EXPECT_EQ(decode_html_entity("&#106;", s), 6u);
  EXPECT_EQ(decode_html_entity("&#x6a", s), 5u);  // numeric without ';'
  EXPECT_EQ(decode_html_entity("&#0;", s), 4u);   // -> U+FFFD
  EXPECT_EQ(decode_html_entity("&#xD800;", s), 8u);
  EXPECT_EQ(s, "&jj\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(decode_html_entity("&nosuch;", s), 0u);
  EXPECT_EQ(decode_html_entity("&amp", s), 0u);  // named needs ';'
  EXPECT_EQ(decode_html_entity("&#;", s), 0u);
}

TEST(UrlPolicy, Classify) {
  EXPECT_EQ(classify_url("https://a.b/c"), UrlKind::EXTERNAL);
  EXPECT_EQ(classify_url("HTTP://a.b"), UrlKind::EXTERNAL);
  EXPECT_EQ(classify_url("//cdn.example/x"), UrlKind::EXTERNAL);
  EXPECT_EQ(classify_url("mailto:a@b.c"), UrlKind::MAILTO);
  EXPECT_EQ(classify_url("#top"), UrlKind::FRAGMENT);
  EXPECT_EQ(classify_url("/posts/x"), UrlKind::RELATIVE);
  EXPECT_EQ(classify_url("x.html?q=a:b"), UrlKind::RELATIVE);
  EXPECT_EQ(classify_url("./a:b"), UrlKind::RELATIVE);
  EXPECT_EQ(classify_url(""), UrlKind::RELATIVE);
  EXPECT_EQ(classify_url("javascript:alert(1)"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("JaVaScRiPt:alert(1)"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("java\tscript:alert(1)"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("java\nscript:alert(1)"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url(std::string("\x01\x7F javascript:x", 15)), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("vbscript:x"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("data:text/html,x"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("ftp://x"), UrlKind::REJECTED);
  EXPECT_EQ(classify_url("abcdefghijklmnopqrstuvwxyz:x"), UrlKind::REJECTED);  // longer than the scheme buffer
  EXPECT_EQ(classify_url("1abc:x"), UrlKind::RELATIVE);                        // not a scheme: starts with a digit
}

TEST(UrlPolicy, AttributeEscaping) {
  std::string s;
  append_url_attribute(s, "/a b\"c<d>&e?x=1#f%20ü");
  EXPECT_EQ(s, "/a%20b%22c%3Cd%3E&amp;e?x=1#f%20%C3%BC");
}


TEST(HtmlSanitize, TexInImportedPagesBecomesTheRenderersMathElements) {
  // Imported pages write TeX as text, as the markdown does: the same <span class="dg-math">
  // elements come out (escaped), so the viewer typesets both; code keeps its dollars, and a '$'
  // that opens nothing (prices, spaced) stays text.
  EXPECT_EQ(sanitize_html(R"(<p>Cost $O(\sqrt{HW})$ and $$\mathcal{L} = a &lt; b$$ end</p>)"),
            R"(<p>Cost <span class="dg-math" data-display="0">O(\sqrt{HW})</span> and )"
            R"(<span class="dg-math" data-display="1">\mathcal{L} = a &lt; b</span> end</p>)");
  EXPECT_EQ(sanitize_html("<p>costs $5, and $10 more</p>"), "<p>costs $5, and $10 more</p>");
  EXPECT_EQ(sanitize_html("<p>from $5 to$10</p>"), "<p>from $5 to$10</p>");  // closer before a digit
  EXPECT_EQ(sanitize_html("<pre><code>$x$</code></pre>"), "<pre><code>$x$</code></pre>");
  EXPECT_EQ(sanitize_html("<p>$ x$ and $x $ and $$a$ b</p>"), "<p>$ x$ and $x $ and $$a$ b</p>");
  // Markup inside the dollars is not math (one text run at a time) and is sanitised as ever.
  EXPECT_EQ(sanitize_html("<p>a$b$c $<script>alert(1)</script>$</p>"),
            R"(<p>a<span class="dg-math" data-display="0">b</span>c $$</p>)");
  EXPECT_EQ(sanitize_html(R"(<p>$"><img src=https://x.org/x onerror=alert(1)>$</p>)"),
            R"(<p>$&quot;&gt;<img src="https://x.org/x" alt="" loading="lazy" decoding="async">$</p>)");
}

// html_visible_text is what search and snippets read of an imported page: it must say exactly
// what sanitize_html shows. Differential: hostile fragments, and random strings of them, give the
// same text both ways (whitespace runs aside).
TEST(Sanitize, VisibleTextIsTheTextOfTheSanitisedHtml) {
  auto collapse = [](std::string_view s) {
    std::string out;
    for (char c : s) {
      const bool sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
      if (sp) {
        if (!out.empty() && out.back() != ' ') out.push_back(' ');
      } else {
        out.push_back(c);
      }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  const char* const parts[] = {
      "<p>", "</p>", "<b>", "</b>", "a", " b ", "모델", "<br>", "<hr>", "<img src=\"https://x.org/a.png\" alt=\"그림\">",
      "<img src=x.png alt=rel>", "<template>tmpl</template>", "<noscript>ns</noscript>", "<textarea>ta</textarea>",
      "<title>ti</title>", "<svg><text>sv</text></svg>", "<math><mi>m</mi></math>", "<iframe>if</iframe>",
      "<p title=\"b>attr\">x</p>", "<!-->", "<!-- c -->", "<!--", "-->", "<script>s()</script>", "<style>p{}</style>",
      "<table><tr><td>c1</td><td>c2</td></tr></table>", "<ul><li>i1<li>i2</ul>", "<h2>제목</h2>", "<a href=\"/x\">link</a>",
      "&amp;", "&lt;b&gt;", "&#x41;", "$x^2$", "$$y$$", "<code>$z$</code>", "<", ">", "</", "<div>", "</div>", "<span>",
      "</span>", "<plaintext>", "<select><option>o</option></select>", "<object>ob</object>", "\xea\xb0\x80"};
  std::vector<std::string> inputs;
  for (const char* p : parts) inputs.emplace_back(p);
  uint32_t seed = 20261207;
  for (int k = 0; k < 3000; ++k) {
    std::string x;
    const int n = 1 + static_cast<int>((seed = seed * 1664525u + 1013904223u) % 12);
    for (int j = 0; j < n; ++j) x += parts[(seed = seed * 1664525u + 1013904223u) % (sizeof parts / sizeof *parts)];
    inputs.push_back(x);
  }
  for (const std::string& x : inputs)
    ASSERT_EQ(collapse(html_visible_text(x)), collapse(html_to_text(sanitize_html(x)))) << x;
}

}  // namespace
}  // namespace digest
