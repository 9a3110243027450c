// queries.mjs — the fixed query set of scripts/bench (same for every contender and every run).
//
// Each entry is one of our query requests (docs/query.md): q, tags, from, to. `kind` groups the
// table rows. Peers get the same request translated the way a user of that library would:
// the words of q (quotes dropped: none of them has phrases), tag and date filters as the
// library's filter option or a JS predicate, tag facets counted over their result set.
// Words are drawn from scripts/gen-corpus's vocabulary, so every query has answers at any --n.

export const QUERIES = [
  // Korean stems: the corpus writes them with particles attached (모델이, 데이터를, 추론은 ...).
  { kind: 'ko-stem', q: '모델' },
  { kind: 'ko-stem', q: '데이터' },
  { kind: 'ko-stem', q: '추론' },
  { kind: 'ko-stem', q: '성능' },
  { kind: 'ko-stem', q: '검증기' },
  { kind: 'ko-stem', q: '에이전트' },
  { kind: 'ko-stem', q: '파이프라인' },
  { kind: 'ko-stem', q: '양자화' },
  { kind: 'ko-stem', q: '환각' },
  { kind: 'ko-stem', q: '궤적' },
  // Korean words exactly as written, particle included.
  { kind: 'ko-particle', q: '모델이' },
  { kind: 'ko-particle', q: '데이터를' },
  { kind: 'ko-particle', q: '보상을' },
  // English words.
  { kind: 'en-word', q: 'quantization' },
  { kind: 'en-word', q: 'pruning' },
  { kind: 'en-word', q: 'alignment' },
  { kind: 'en-word', q: 'hallucination' },
  { kind: 'en-word', q: 'LoRA' },
  { kind: 'en-word', q: 'RLHF' },
  // English prefixes (as typed, mid-word).
  { kind: 'en-prefix', q: 'quant' },
  { kind: 'en-prefix', q: 'distill' },
  { kind: 'en-prefix', q: 'calib' },
  { kind: 'en-prefix', q: 'tok' },
  // Two terms.
  { kind: 'two-term', q: '강화 학습' },
  { kind: 'two-term', q: '손실 함수' },
  { kind: 'two-term', q: '모델 alignment' },
  { kind: 'two-term', q: '추론 LoRA' },
  { kind: 'two-term', q: 'speculative decoding' },
  // Phrases.
  { kind: 'phrase', q: '"knowledge distillation"' },
  { kind: 'phrase', q: '"지식 증류"' },
  // Tag filters.
  { kind: 'tag', q: '모델', tags: ['LLM'] },
  { kind: 'tag', q: 'pruning', tags: ['Review'] },
  { kind: 'tag', q: '', tags: ['LLM'] },
  { kind: 'tag', q: '', tags: ['MoE', 'Review'] },
  // Date ranges.
  { kind: 'date', q: '데이터', from: '2022-01-01', to: '2022-12-31' },
  { kind: 'date', q: '', from: '2023-01-01', to: '2023-03-31' },
  { kind: 'date', q: 'RAG', from: '2021-06-01', to: '2022-06-30' },
  { kind: 'date', q: '정렬', tags: ['Review'], from: '2022-01-01', to: '2023-12-31' },
];

/** The words a peer is given for q: whitespace split, quotes dropped. */
export function peerTerms(q) {
  return (q || '').replace(/"/g, ' ').split(/\s+/).filter(Boolean);
}

export function describe(req) {
  const parts = [];
  if (req.q) parts.push(req.q);
  if (req.tags) parts.push(`tags:${req.tags.join('+')}`);
  if (req.from) parts.push(`${req.from}..${req.to}`);
  return parts.join(' ') || '(all)';
}
