// text_normalize_test.cpp — case folding, NFC, character classes, choseong, markup stripping.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include <string>

#include <cstdint>

#include <cctype>

#include "digest/html_sanitize.h"
#include "digest/text_normalize.h"

namespace digest {
namespace {

TEST(TextNormalize, FoldsCaseAndComposes) {
  EXPECT_EQ(normalize_for_search("RLHF World"), "rlhf world");
  EXPECT_EQ(normalize_for_search("CAFE\xCC\x81"), "caf\xC3\xA9");           // E + combining acute -> é
  EXPECT_EQ(normalize_for_search("\xC3\x89T\xC3\x89"), "\xC3\xA9t\xC3\xA9"); // ÉTÉ -> été
  EXPECT_EQ(normalize_for_search("ΑΒΓ Жук"), "αβγ жук");
  EXPECT_EQ(normalize_for_search("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), "각");  // conjoining jamo -> syllable
  // QA findings (NFC): kana with a combining voiced mark, and the Angstrom, Kelvin and Ohm signs.
  EXPECT_EQ(normalize_for_search("\xE3\x83\x86\xE3\x82\x99\xE3\x83\xBC\xE3\x82\xBF"), "データ");  // テ + U+3099
  EXPECT_EQ(normalize_for_search("\xE3\x81\xAF\xE3\x82\x9A \xE3\x82\xA6\xE3\x82\x99"), "ぱ ヴ");
  EXPECT_EQ(normalize_for_search("\xE2\x84\xAB\x6Egstrom 5\xE2\x84\xAA 10\xE2\x84\xA6"), "\xC3\xA5ngstrom 5k 10\xCF\x89");
  EXPECT_EQ(normalize_for_search("\xE3\x82\x99"), "\xE3\x82\x99");  // a mark with nothing before it stays
}

TEST(TextNormalize, CollapsesWhitespaceAndKeepsAMap) {
  EXPECT_EQ(normalize_for_search("  a \t\n b\xE3\x80\x80" "c  "), "a b c");
  std::vector<uint32_t> map;
  std::string n = normalize_for_search("X  모델", map);
  ASSERT_EQ(n, "x 모델");
  ASSERT_EQ(map.size(), n.size() + 1);
  EXPECT_EQ(map[0], 0u);
  EXPECT_EQ(map[1], 1u);  // the space run starts at byte 1
  EXPECT_EQ(map[2], 3u);  // 모 starts at byte 3 of the input
  EXPECT_EQ(map.back(), 9u);
}

// The map (snippets use it to mark matches in the source) must describe the same output as the
// unmapped call, one entry per output byte pointing at the start of its source character.
TEST(TextNormalize, TheMapDescribesTheUnmappedOutputOnRandomText) {
  const char* pieces[] = {"a", "B", " ", "  ", "\n", "\t", "모델", "이", "ABC def", "e\xCC\x81", "\xE1\x84\x80\xE1\x85\xA1",
                          "한\xE1\x86\xA8", "Ä", "\xEF\xBC\xA1", "x.", "\xC2\xA0", "\xFF", "😀", "Σ", "(RL)"};
  uint32_t seed = 9;
  for (int r = 0; r < 20000; ++r) {
    std::string s;
    seed = seed * 1103515245u + 12345u;
    for (int k = 0, n = static_cast<int>((seed >> 16) % 16); k < n; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
    }
    std::vector<uint32_t> map;
    const std::string out = normalize_for_search(s, map);
    ASSERT_EQ(out, normalize_for_search(s)) << s;
    ASSERT_EQ(map.size(), out.size() + 1) << s;
    ASSERT_EQ(map.back(), s.size()) << s;
    for (size_t p = 0; p < out.size(); ++p) {
      ASSERT_LE(map[p], map[p + 1]) << s;
      const unsigned char c = static_cast<unsigned char>(out[p]);
      if (c > ' ' && c < 0x7F) {  // a printable ASCII byte comes from that byte, lowercased
        ASSERT_EQ(std::tolower(static_cast<unsigned char>(s[map[p]])), c) << s << " at " << p;
      }
    }
  }
}

TEST(TextNormalize, CharacterClasses) {
  EXPECT_TRUE(is_hangul(U'모'));
  EXPECT_TRUE(is_hangul(U'ㄱ'));
  EXPECT_TRUE(is_cjk(U'学'));
  EXPECT_TRUE(is_cjk(U'カ'));
  EXPECT_FALSE(is_hangul_or_cjk('a'));
  EXPECT_TRUE(is_word_char('a'));
  EXPECT_TRUE(is_word_char('7'));
  EXPECT_TRUE(is_word_char(U'é'));
  EXPECT_TRUE(is_word_char(U'모'));
  EXPECT_FALSE(is_word_char('-'));
  EXPECT_FALSE(is_word_char(U'🚀'));
  EXPECT_FALSE(is_word_char(U'·'));
  EXPECT_TRUE(is_space_char(0x3000));
}

TEST(TextNormalize, Choseong) {
  EXPECT_EQ(choseong_index(U'강'), 1);
  EXPECT_EQ(choseong_index(U'학'), 19);
  EXPECT_EQ(choseong_index('a'), 0);
  EXPECT_TRUE(is_choseong_term("ㄱㅎㅎㅅ"));
  EXPECT_FALSE(is_choseong_term("ㄱa"));
  EXPECT_FALSE(is_choseong_term("ㅏ"));  // a vowel is not an initial consonant
  std::string cho;
  append_choseong(cho, "강화 학습(rl) 모델");
  EXPECT_EQ(cho, std::string("\x01\x13\x13\x0a\x00\x07\x04", 7));
  EXPECT_NE(cho.find(choseong_term_bytes("ㄱㅎㅎㅅ")), std::string::npos);
}

// find_choseong reads the stream append_choseong writes without building it: on random text of
// syllables, single and double spaces, Latin, jamo and punctuation, every choseong term found (or
// not) in append_choseong's bytes is found (or not) by find_choseong, with the same number of
// non-overlapping matches, and each match it reports starts with a syllable of the first letter.
TEST(TextNormalize, FindChoseongAgreesWithTheChoseongBytes) {
  EXPECT_EQ(find_choseong("강화 학습(rl) 모델", choseong_term_bytes("ㄱㅎㅎㅅ"), 0), 0u);
  EXPECT_EQ(find_choseong("강화  학습", choseong_term_bytes("ㄱㅎㅎㅅ"), 0), std::string::npos);  // two spaces part
  EXPECT_EQ(find_choseong("a 강화 학습", choseong_term_bytes("ㅎㅎ"), 0), 5u);
  EXPECT_EQ(find_choseong("강화 학습", choseong_term_bytes("ㅎㅎ"), 4, true), std::string::npos);
  EXPECT_EQ(find_choseong("강화 학습", choseong_term_bytes("ㅎㅎ"), 3, true), 3u);
  const char* pieces[] = {"강", "화", "학", "습", "모", "델", "ㄱ", " ", " ", "  ", "a", "-", "(", "\xEA\xB0", "漢"};
  uint32_t seed = 12345;
  auto rnd = [&](uint32_t n) { seed = seed * 1103515245u + 12345u; return (seed >> 8) % n; };
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    for (uint32_t k = rnd(30); k > 0; --k) text += pieces[rnd(15)];
    std::string term;
    for (uint32_t k = 1 + rnd(4); k > 0; --k) term += std::vector<std::string>{"ㄱ", "ㅎ", "ㅅ", "ㅁ", "ㄷ"}[rnd(5)];
    std::string cho, want = choseong_term_bytes(term);
    append_choseong(cho, text);
    size_t expected = 0;
    for (size_t c = 0; (c = cho.find(want, c)) != std::string::npos; c += want.size()) ++expected;
    size_t got = 0, end = 0;
    for (size_t p = 0; (p = find_choseong(text, want, p, false, &end)) != std::string::npos; p = end) {
      ++got;
      EXPECT_EQ(choseong_index(static_cast<uint32_t>((static_cast<unsigned char>(text[p]) & 0x0F) << 12 |
                                                     (static_cast<unsigned char>(text[p + 1]) & 0x3F) << 6 |
                                                     (static_cast<unsigned char>(text[p + 2]) & 0x3F))),
                static_cast<unsigned char>(want[0]));
      EXPECT_EQ(find_choseong(text, want, p, true), p);
    }
    ASSERT_EQ(got, expected) << "text '" << text << "' term " << term;
  }
}

TEST(TextNormalize, MarkdownToText) {
  EXPECT_EQ(markdown_to_text("## 제목\n**강화 학습**(RL) and `code` [link](http://x.y/z) ![img](a.png)"),
            " 제목\n강화 학습(RL) and code link img");
  EXPECT_EQ(markdown_to_text("> quote | cell |\nsnake_case _emph_ \\*lit\\*"), " quote   cell  \nsnake_case emph *lit*");
}

// QA findings: what the page does not show is not searched, and what it shows is searched as shown.
TEST(TextNormalize, MarkdownToTextLeavesOutReferencesDelimiterRowsAndBullets) {
  // A reference definition's URL and title are not shown. (A reference link's label stays: without the
  // definitions at hand, [i][j] in text and [text][label] look alike.) Lines that only start like a
  // definition are text, as CommonMark reads them.
  EXPECT_EQ(markdown_to_text("Ref [shown text][rid] here.\n\n[rid]: https://hidden.example.com/p \"t\"\n  [b]: /x\n[c]: <a b> 'x'\n"),
            "Ref shown textrid here.\n\n \n \n \n");
  // (md4c hides "[^1]: 각주" too: a label and a destination, nothing after them.)
  EXPECT_EQ(markdown_to_text("[한계]: 학습 비용이 매우 크다.\n[참고]: https://x.com 의 코드\n[^1]: 각주\n행렬 a[i][jkl]"),
            "한계: 학습 비용이 매우 크다.\n참고: https://x.com 의 코드\n \n행렬 aijkl");
  // An autolink shows its text without the angle brackets; raw HTML and generics stay text.
  EXPECT_EQ(markdown_to_text("see <https://auto.example.net/p> now <think> Vec<T> <a@b.c> <x:y> <a href=\"x:y\"> <@user> a<b"),
            "see https://auto.example.net/p now <think> Vec<T> a@b.c <x:y> <a href=\"x:y\"> <@user> a<b");
  // Delimiter rows, thematic breaks and setext underlines are dropped; bullets too, numbers stay.
  EXPECT_EQ(markdown_to_text("| h1 | h2 |\n| --- | :-: |\n\ntext\n---\n***\n- - -\n> ---\n- bullet\n+ plus\n1. one\n2025. 3. 1. 발표\n-- not a break"),
            "  h1   h2  \n \n\ntext\n \n \n \n \n bullet\n plus\n1. one\n2025. 3. 1. 발표\n-- not a break");
}

TEST(TextNormalize, HtmlToText) {
  EXPECT_EQ(html_to_text("<p>a<b>b</b></p><p>c &amp; d&#44;&#x41;</p><script>x()</script>e"), " ab  c & d,A  e");
  EXPECT_EQ(html_to_text("1 < 2 <!-- no --> ok"), "1 < 2  ok");
}


TEST(TextNormalize, FoldsLettersWithASecondLowercaseForm) {
  // Case-insensitive means case folding, not only lowercasing: final sigma and the Greek symbol
  // variants fold to the ordinary letter, long s to s.
  EXPECT_EQ(normalize_for_search("ΣΑΣ"), "σασ");
  EXPECT_EQ(normalize_for_search("σας"), "σασ");
  EXPECT_EQ(normalize_for_search("Σας"), "σασ");
  EXPECT_EQ(normalize_for_search("ϐϑϕϖϰϱϵ"), "βθφπκρε");
  EXPECT_EQ(normalize_for_search("Maſs"), "mass");
}


TEST(TextNormalize, MarkupStrippingDecodesEntities) {
  // What the rendered page shows is what a search finds: an entity is its character, in
  // markdown and in HTML bodies alike (every HTML5 name, and numeric references); a bare '&' or
  // an unknown name stays as written.
  EXPECT_EQ(markdown_to_text("caf&eacute; AT&amp;T &#x41;&#66; &copy; &euro; &bogus; & x"), "café AT&T AB © € &bogus; & x");
  EXPECT_EQ(html_to_text("<p>caf&eacute; &lambda; &amp;amp;</p>"), " café λ &amp; ");  // blocks: spaces
  EXPECT_EQ(normalize_for_search(markdown_to_text("Caf&Eacute;")), normalize_for_search("café"));
}

}  // namespace
// A Latin term after a letter of another alphabet is inside a word, not at its start: "abc" in
// "שלוםabc" (Hebrew), "xyz" after Thai, Arabic or Devanagari letters.
TEST(TextNormalize, LettersOfOtherAlphabetsAreWordCharacters) {
  for (uint32_t cp : {U'ש', U'ا', U'٣', U'क', U'ि', U'ไ', U'ภ', U'ա', U'ა', U'አ'}) EXPECT_TRUE(is_word_char(cp)) << std::hex << cp;
  for (uint32_t cp : {U'।', U'،', U'؟', U'־', U'๏', U'፡', U'-', U' ', U'.'}) EXPECT_FALSE(is_word_char(cp)) << std::hex << cp;
}

}  // namespace digest

namespace digest {
namespace {

size_t lead_of_markdown(const std::string& md, std::string* text = nullptr) {
  size_t lead = 0;
  std::string t = markdown_to_text(md, &lead);
  if (text) *text = t;
  return lead;
}

TEST(TextLead, AMarkdownBodysLeadIsItsFirstParagraphPastQuotesLabelsHeadingsListsAndCode) {
  std::string text;
  size_t lead = lead_of_markdown("> **링크:** [PDF](https://x.org)\n\n**저자:** A, B\n\n## 목표\n본문의 첫 문단입니다.\n둘째 줄.", &text);
  ASSERT_NE(lead, std::string::npos);
  EXPECT_EQ(text.substr(lead).rfind("본문의 첫 문단입니다.", 0), 0u) << text.substr(lead);
  // The text itself is unchanged by asking for the lead.
  EXPECT_EQ(text, markdown_to_text("> **링크:** [PDF](https://x.org)\n\n**저자:** A, B\n\n## 목표\n본문의 첫 문단입니다.\n둘째 줄."));
  lead = lead_of_markdown("- 목록 항목\n| a | b |\n```\n코드 줄입니다\n```\n    \nAuthors: X\nThe lead, at last.", &text);
  ASSERT_NE(lead, std::string::npos);
  EXPECT_EQ(text.substr(lead), "The lead, at last.");
  EXPECT_EQ(lead_of_markdown("> 인용\n## 제목\n**저자:** 누구"), std::string::npos);
  EXPECT_EQ(lead_of_markdown(""), std::string::npos);
  EXPECT_EQ(lead_of_markdown("---\n\n***"), std::string::npos);
}

TEST(TextLead, AnHtmlPagesLeadIsItsFirstParagraphInTheBodysOwnFlow) {
  size_t lead = 0;
  std::string text = html_visible_text("<blockquote><p>링크: PDF</p></blockquote><p><b>저자:</b> A</p><h2>목표</h2>"
                                       "<ul><li><p>목록 문단</p></li></ul><table><tr><td><p>표 문단</p></td></tr></table>"
                                       "<div><p>  <em>리드</em> 문단입니다.</p></div><p>다음 문단.</p>", &lead);
  ASSERT_NE(lead, std::string::npos);
  EXPECT_EQ(text.substr(lead).rfind("리드 문단입니다.", 0), 0u) << text.substr(lead);
  EXPECT_EQ(text, html_visible_text("<blockquote><p>링크: PDF</p></blockquote><p><b>저자:</b> A</p><h2>목표</h2>"
                                    "<ul><li><p>목록 문단</p></li></ul><table><tr><td><p>표 문단</p></td></tr></table>"
                                    "<div><p>  <em>리드</em> 문단입니다.</p></div><p>다음 문단.</p>"));
  html_visible_text("<blockquote><p>인용뿐</p></blockquote><h2>제목</h2><div>문단 없는 글</div>", &lead);
  EXPECT_EQ(lead, std::string::npos);
  // An unclosed paragraph at the end of the page counts once the page closes it.
  text = html_visible_text("<p>저자: A</p><p>끝까지 열린 문단", &lead);
  ASSERT_NE(lead, std::string::npos);
  EXPECT_EQ(text.substr(lead).rfind("끝까지 열린 문단", 0), 0u) << text.substr(lead);
}

TEST(TextLead, ALabelLineNamesAFieldAndLeadsNothing) {
  EXPECT_EQ(text_lead_paragraph("  본문입니다."), 2u);
  EXPECT_EQ(text_lead_paragraph("저자: 누구"), std::string::npos);
  EXPECT_EQ(text_lead_paragraph("Authors: A, B"), std::string::npos);
  EXPECT_EQ(text_lead_paragraph("링크："), std::string::npos);  // a full-width colon
  EXPECT_EQ(text_lead_paragraph("이 논문은 두 가지를 보입니다: 첫째, 작은 모델도 충분하다는 것."), 0u);  // past 24 bytes
  EXPECT_EQ(text_lead_paragraph(" \t— … "), std::string::npos);  // no letter or digit
}

}  // namespace
}  // namespace digest

namespace digest {
namespace {

// find_bytes against std::string_view::find: random haystacks over a tiny alphabet (so the
// filter's first/last-byte matches are mostly false starts), Hangul, needles of 1-40 bytes,
// every start offset, matches at the very end (the vector loop's tail).
TEST(TextNormalize, FindBytesIsStringViewFind) {
  std::mt19937 rng(2024);
  const char* const kPieces[] = {"a", "b", "ab", "데", "이", "터", "를", " ", "\xEB", "world model"};
  for (int round = 0; round < 400; ++round) {
    std::string hay;
    const int len = static_cast<int>(rng() % 120);
    while (static_cast<int>(hay.size()) < len) hay += kPieces[rng() % std::size(kPieces)];
    std::string needle;
    if (!hay.empty() && rng() % 3) {  // a piece of the haystack (found), sometimes its very end
      const size_t at = rng() % 4 == 0 ? hay.size() - std::min<size_t>(hay.size(), 1 + rng() % 20) : rng() % hay.size();
      needle = hay.substr(at, 1 + rng() % 40);
    } else {
      for (int k = static_cast<int>(rng() % 6); k >= 0; --k) needle += kPieces[rng() % std::size(kPieces)];
    }
    for (size_t from = 0; from <= hay.size() + 1; ++from)
      ASSERT_EQ(find_bytes(hay, needle, from), std::string_view(hay).find(needle, from)) << "hay \"" << hay << "\" needle \"" << needle << "\" from " << from;
  }
}

}  // namespace
}  // namespace digest
