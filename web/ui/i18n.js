// i18n.js — UI strings in Korean and English. Follows the browser language; switchable.
import { prefs } from './prefs.js';

const STRINGS = {
  ko: {
    brand: 'Paper Digest', home: '홈', digests: '다이제스트', bookmarks: '북마크', search: '검색',
    searchPlaceholder: '검색: 모델, RLHF, "강화 학습", -vision …', searchLabel: '논문과 리뷰 검색',
    loading: '불러오는 중…', results: '{n}개 문서', resultsTime: '{n}개 문서 · {ms} ms', noResults: '조건에 맞는 문서가 없습니다.',
    sort: '정렬', sortRelevance: '관련도', sortNew: '최신순', sortOld: '오래된 순', sortUpvotes: '업보트순', sortStars: '스타순',
    showResults: '결과 {n}개 보기',
    more: '더 보기', filters: '필터', tags: '태그', categories: '카테고리', years: '연도', months: '월', kind: '종류',
    institutions: '기관', selections: '선정 방식', analyses: '분석 유형', prerequisites: '사전 지식',
    showAll: '모두 보기 ({n})', showLess: '접기', filterTags: '태그 찾기', review: '리뷰', paper: '논문',
    from: '시작일', to: '종료일', dateRange: '기간', clearAll: '모두 지우기', removeFilter: '{name} 필터 제거',
    published: '게시', updated: '수정', authors: '저자', aiNotice: '이 리뷰는 AI로 작성되었습니다.',
    toc: '목차', prev: '이전', next: '다음', related: '관련 문서', arxivAbs: 'arXiv', arxivPdf: 'PDF',
    noTags: '"{filter}"에 맞는 태그가 없습니다.', preparingSearch: '검색 준비 중…', bookmark: '북마크', bookmarkOf: '북마크: {title}', monthBar: '{month}: 문서 {n}개', bookmarked: '북마크됨', noBookmarks: '북마크한 문서가 없습니다. 문서의 ☆ 버튼을 누르세요.',
    newBadge: '새 글', newSince: '지난 방문 이후 새 문서 {n}개', readMark: '읽음',
    rank: '순위', upvotes: '업보트', stars: '스타', byRank: '순위순', byUpvotes: '업보트순', expand: '자세히', collapse: '접기',
    ranking: '📊 순위 기반', recommended: '🤖 추천', fullText: '📄 전문', pdf: '📕 PDF', abstract: '📝 초록',
    dailyDigest: '데일리 다이제스트', weeklyRoundup: '주간 라운드업', dailyDigests: '데일리 다이제스트', weeklyRoundups: '주간 라운드업',
    noDigests: '해당하는 다이제스트가 없습니다.', markRead: '읽음으로 표시', markUnread: '읽지 않음으로 표시', allDigests: '모든 다이제스트', papersCount: '논문 {n}편',
    perMonth: '월별 문서 수', chartHint: '막대를 누르면 그 달로 좁혀집니다.',
    readyIn: '{ms} ms 만에 준비됨', skipped: '건너뛴 문서 {n}개', skippedMore: '외 {n}개 (digest validate로 모두 볼 수 있습니다)', help: '도움말', close: '닫기',
    shortcuts: '단축키', kSlash: '검색창으로 이동', kDown: '검색창에서 첫 결과로 (↑: 다시 검색창으로)', kJK: '다음/이전 결과', kEnter: '결과 열기', kEsc: '검색 지우기 / 결과로 돌아가기 / 닫기', kHelp: '도움말 보기', kChart: '월별 그래프에서 이전/다음 달',
    theme: '테마', themeAuto: '시스템', themeLight: '밝게', themeDark: '어둡게', language: 'EN', languageName: 'EN (English)',
    errorStart: '뷰어를 시작할 수 없습니다', errorBundle: '번들을 불러올 수 없습니다', errorQuery: '검색 조건 오류',
    hintNOT_FOUND: '번들 파일을 찾을 수 없습니다. 주소가 맞는지 확인하세요.', hintIO_ERROR: '번들을 내려받지 못했습니다. 연결을 확인하고 다시 시도하세요.',
    hintUNSUPPORTED_VERSION: '더 새로운 형식으로 만든 번들입니다. 뷰어를 새 버전으로 바꾸면 열 수 있습니다.', hintTOO_LARGE: '이 탭에서 열기에는 너무 큰 번들입니다.', hintBAD_URL: '번들 주소는 http(s) 주소여야 합니다.',
    hintDAMAGED: '번들 파일이 손상되었거나 번들 형식이 아닙니다. 아래 메시지가 문제의 위치를 알려 줍니다.', hintINTERNAL: '뷰어 내부 오류입니다. 페이지를 다시 불러와 보세요.',
    hintDocNOT_FOUND: '이 컬렉션에 없는 문서입니다. 링크가 잘못되었거나 문서가 빠진 번들일 수 있습니다.',
    hintQueryDates: '날짜를 확인하세요. 날짜는 YYYY-MM-DD 형식이고, 시작일이 종료일보다 늦을 수 없습니다.',
    hintQueryText: '검색어가 너무 깁니다. 줄여서 다시 검색하세요.',
    hintQuery: '주소에 담긴 검색 조건 하나를 읽을 수 없습니다. 아래 칩으로 그 조건을 지우거나 홈에서 다시 검색하세요.',
    errorDoc: '문서를 찾을 수 없습니다', backHome: '홈으로', tryAgain: '다시 시도', defaultCollection: '기본 컬렉션 열기', digestOf: '{date} 다이제스트', partOf: '수록: ',
    skip: '본문으로 건너뛰기', menu: '메뉴', loadingBytes: '번들 내려받는 중… {got} / {total}', bundleDownload: '번들 내려받기',
    showFilters: '필터 ({n})', capped: '처음 {n}개만 표시합니다. 검색어나 필터로 좁혀 보세요.', resultsFor: '검색 결과', chipLabel: '{name}: {value}', month: '월',
  },
  en: {
    brand: 'Paper Digest', home: 'Home', digests: 'Digests', bookmarks: 'Bookmarks', search: 'Search',
    searchPlaceholder: 'Search: 모델, RLHF, "reinforcement learning", -vision …', searchLabel: 'Search papers and reviews',
    loading: 'Loading…', results: '{n} documents', resultsTime: '{n} documents · {ms} ms', noResults: 'No documents match.',
    sort: 'Sort', sortRelevance: 'Relevance', sortNew: 'Newest', sortOld: 'Oldest', sortUpvotes: 'Upvotes', sortStars: 'Stars',
    showResults: 'Show {n} results', showResults_one: 'Show 1 result',
    more: 'Show more', filters: 'Filters', tags: 'Tags', categories: 'Categories', years: 'Years', months: 'Months', kind: 'Kind',
    institutions: 'Institutions', selections: 'Selection', analyses: 'Analysis', prerequisites: 'Prerequisites',
    showAll: 'Show all ({n})', showLess: 'Show less', filterTags: 'Find a tag', review: 'Review', paper: 'Paper',
    from: 'From', to: 'To', dateRange: 'Date range', clearAll: 'Clear all', removeFilter: 'Remove filter {name}',
    published: 'Published', updated: 'Updated', authors: 'Authors', aiNotice: 'This review was written by AI.',
    toc: 'Contents', prev: 'Previous', next: 'Next', related: 'Related', arxivAbs: 'arXiv', arxivPdf: 'PDF',
    noTags: 'No tag matches "{filter}".', preparingSearch: 'Preparing search…', bookmark: 'Bookmark', bookmarkOf: 'Bookmark: {title}', monthBar: '{month}: {n} documents', monthBar_one: '{month}: 1 document', bookmarked: 'Bookmarked', noBookmarks: 'No bookmarks yet. Press ☆ on a document.',
    newBadge: 'New', newSince: '{n} new since your last visit', readMark: 'Read',
    rank: 'Rank', upvotes: 'Upvotes', stars: 'Stars', byRank: 'By rank', byUpvotes: 'By upvotes', expand: 'Details', collapse: 'Collapse',
    ranking: '📊 Ranking', recommended: '🤖 Recommended', fullText: '📄 Full text', pdf: '📕 PDF', abstract: '📝 Abstract',
    dailyDigest: 'Daily digest', weeklyRoundup: 'Weekly roundup', dailyDigests: 'Daily digests', weeklyRoundups: 'Weekly roundups',
    noDigests: 'No digests of this kind.', markRead: 'Mark as read', markUnread: 'Mark as unread', allDigests: 'All digests', papersCount: '{n} papers',
    perMonth: 'Documents per month', chartHint: 'Click a bar to narrow to that month.',
    readyIn: 'Ready in {ms} ms', skipped: '{n} documents skipped', skippedMore: 'and {n} more (digest validate lists them all)', help: 'Help', close: 'Close',
    shortcuts: 'Keyboard shortcuts', kSlash: 'Focus search', kDown: 'From the search box to the first result (↑ back up)', kJK: 'Next / previous result', kEnter: 'Open result', kEsc: 'Clear search / back to results / close', kHelp: 'Show help', kChart: 'Previous / next month on the chart',
    theme: 'Theme', themeAuto: 'System', themeLight: 'Light', themeDark: 'Dark', language: '한국어', languageName: '한국어',
    errorStart: 'The viewer cannot start', errorBundle: 'The bundle cannot be loaded', errorQuery: 'Invalid search',
    hintNOT_FOUND: 'The bundle file was not found: check the address.', hintIO_ERROR: 'The bundle could not be downloaded: check the connection and try again.',
    hintUNSUPPORTED_VERSION: 'This bundle uses a newer format: a newer version of the viewer opens it.', hintTOO_LARGE: 'This bundle is too large to open in this tab.', hintBAD_URL: 'A bundle address must be an http(s) address.',
    hintDAMAGED: 'The bundle file is damaged or is not a bundle; the message below says where.', hintINTERNAL: 'An internal error in the viewer: try reloading the page.',
    hintDocNOT_FOUND: 'This collection has no such document: the link may be wrong, or the bundle may not hold it.',
    hintQueryDates: 'Check the dates: they are written YYYY-MM-DD, and the start may not be after the end.',
    hintQueryText: 'The search text is too long: shorten it and search again.',
    hintQuery: 'A search condition in the address cannot be read: remove it with the chips below, or search again from Home.',
    results_one: '{n} document', resultsTime_one: '{n} document · {ms} ms', papersCount_one: '{n} paper', skipped_one: '{n} document skipped',
    errorDoc: 'Document not found', backHome: 'Home', tryAgain: 'Try again', defaultCollection: 'Open the default collection', digestOf: 'Digest of {date}', partOf: 'In: ',
    skip: 'Skip to content', menu: 'Menu', loadingBytes: 'Downloading the bundle… {got} / {total}', bundleDownload: 'Bundle download',
    showFilters: 'Filters ({n})', capped: 'Showing the first {n}. Narrow the search or the filters to see the rest.', resultsFor: 'Results', chipLabel: '{name}: {value}', month: 'Month',
  },
};

function chosenLang() {
  const saved = prefs.get('lang');
  if (saved === 'ko' || saved === 'en') return saved;
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'ko';
  return nav.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

// Read once per page: switching the language reloads the page (app.js), and t() runs dozens of
// times per keystroke, too often to read storage each time.
let lang = null;

export function currentLang() {
  if (lang === null) lang = chosenLang();
  return lang;
}

/**
 * The UI string `key` in the reader's language, with {name} placeholders filled from `vars`. A
 * count of exactly one (`vars.n`, a number or its formatted text) takes `key_one` where the
 * language has one (English: "1 document"; Korean needs none).
 */
export function t(key, vars) {
  const table = STRINGS[currentLang()] || STRINGS.ko;
  const one = vars && String(vars.n) === '1' ? table[`${key}_one`] : undefined;
  let s = one ?? table[key] ?? STRINGS.ko[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function toggleLang() {
  lang = currentLang() === 'ko' ? 'en' : 'ko';
  prefs.set('lang', lang);
}
