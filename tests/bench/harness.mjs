// harness.mjs — one benchmark run over one bundle, for Node (run-node.mjs) and the browser page.
//
// runBench() measures, in this order, on the same bytes:
//   1. load: bundle bytes in memory -> first query answered, and memory afterwards
//      ours: wasm instantiate + loadBytes + first query; peers: TextDecoder + JSON.parse + index build
//      + first query. Memory: ours d.heapSize() (wasm memory only grows, so it is the peak); peers:
//      JS heap after a full GC with the index alive, minus the heap before (when env.heapUsed exists).
//   2. query + tag facets: a warm-up round, then every query of QUERIES `rounds` times; p50/p95
//      over all samples. Before that, each peer's full result set is compared with ours
//      (recall = share of our ids it returns; extra = ids it returns that ours does not).
//   3. render: every corpus body, string in -> string out, MB/s of markdown input (a warm-up pass
//      each, then the renderers take turns, one pass each per round; the median pass).
// Nothing is imported from the environment: env = { openDigest, wasmBinary, libs, now, gc?,
// heapUsed?, quick, log }.
import { QUERIES, describe } from './queries.mjs';
import { extractBodies, extractDocs, HOSTILE, isSafe, renderContenders, searchContenders } from './contenders.mjs';

const FIRST = { q: '모델' };

export function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, min: s[0], p50: at(0.5), p95: at(0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

function ourRequest(req, extra) {
  const r = { q: req.q || '', snippet: false, ...extra };
  if (req.tags) r.tags = req.tags;
  if (req.from) { r.from = req.from; r.to = req.to; }
  return r;
}

/** Every id our engine returns for req (paged: the core clamps a page to 1000). */
function ourIds(d, req) {
  const ids = [];
  for (let offset = 0; ; offset += 1000) {
    const r = d.query(ourRequest(req, { offset, limit: 1000 }));
    ids.push(...r.ids);
    if (ids.length >= r.total || r.ids.length === 0) return { ids, total: r.total };
  }
}

function gcNow(env) {
  if (env.gc) { env.gc(); env.gc(); }
}

export async function runBench(env) {
  const { now, log, quick } = env;
  const bytes = env.bytes;
  const out = { bundleBytes: bytes.length, load: {}, query: {}, render: {}, notes: [] };
  const loadReps = (small) => (quick ? 1 : small ? 5 : 2);

  // ---------------- ours: load
  let d;
  const times = [];
  let heap = 0;
  let summary;
  for (let r = 0; r < loadReps(true); r++) {
    d = null;
    gcNow(env);
    const t0 = now();
    const inst = await env.openDigest({ wasmBinary: env.wasmBinary });
    summary = inst.loadBytes(bytes);
    const first = inst.query(ourRequest(FIRST, { limit: 20 }));
    times.push(now() - t0);
    if (!(first.total > 0)) throw new Error(`ours: first query found nothing (${JSON.stringify(first).slice(0, 200)})`);
    heap = inst.heapSize();
    d = inst;
  }
  const docCount = summary.reviews + summary.papers;
  out.docs = docCount;
  out.load.ours = { times, ...stats(times), memory: heap };
  log(`ours: ${docCount} docs, load median ${stats(times).p50.toFixed(1)} ms, wasm heap ${(heap / 1e6).toFixed(1)} MB`);

  // Reference answers: every id of every query.
  const ref = QUERIES.map((q) => new Set(ourIds(d, q).ids));
  out.queries = QUERIES.map((q, i) => ({ query: describe(q), kind: q.kind, total: ref[i].size }));
  if (ref.every((s) => s.size === 0)) throw new Error('ours: every benchmark query is empty');

  // ---------------- ours: query
  const rounds = quick ? 2 : 5;
  const ourTimes = [];
  const perQuery = QUERIES.map(() => []);
  for (let round = -1; round < rounds; round++) {
    QUERIES.forEach((q, i) => {
      const t0 = now();
      const r = d.query(ourRequest(q, { limit: 20 }));
      const t = now() - t0;
      if (!r.facets || !Array.isArray(r.facets.tags)) throw new Error('ours: no tag facets');
      if (round >= 0) { ourTimes.push(t); perQuery[i].push(t); }
    });
  }
  out.query.ours = { ...stats(ourTimes), recall: 1, exact: QUERIES.length, perQuery: perQuery.map((xs) => stats(xs).p50) };
  // Profile row: the same queries with an empty page (facets and total only), so the cost of the
  // 20 hit summaries (JSON written in wasm, parsed in JS) is visible beside the matching cost.
  const bare = [];
  for (let round = -1; round < rounds; round++) {
    for (const q of QUERIES) {
      const t0 = now();
      d.query(ourRequest(q, { limit: 0 }));
      if (round >= 0) bare.push(now() - t0);
    }
  }
  out.query['ours, limit 0 (profile)'] = { ...stats(bare), recall: 1, exact: QUERIES.length };
  // The viewer's own request: the same page of 20 with the tag facet cut to its top 15 by count
  // (facetLimit; every count is still computed exactly, only fewer are written and parsed).
  const viewer = [];
  for (let round = -1; round < rounds; round++) {
    for (const q of QUERIES) {
      const t0 = now();
      const r = d.query(ourRequest(q, { limit: 20, facetLimit: 15 }));
      if (round >= 0) viewer.push(now() - t0);
      if (!r.facets || r.facets.tags.length > 15) throw new Error('ours: facetLimit not applied');
    }
  }
  out.query['ours, facetLimit 15 (viewer)'] = { ...stats(viewer), recall: 1, exact: QUERIES.length };
  log(`ours: query+facets p50 ${out.query.ours.p50.toFixed(3)} ms p95 ${out.query.ours.p95.toFixed(3)} ms`);

  // ---------------- peers: load, check, query
  const docsForRef = extractDocs(JSON.parse(new TextDecoder().decode(bytes)));
  if (docsForRef.length !== docCount) out.notes.push(`peers see ${docsForRef.length} documents, ours ${docCount}`);
  for (const c of searchContenders(env.libs)) {
    if (env.skip && env.skip.includes(c.name)) { out.notes.push(`${c.name}: skipped (${env.skipWhy || 'not run'})`); continue; }
    try {
      gcNow(env);
      const base = env.heapUsed ? env.heapUsed() : 0;
      const ltimes = [];
      let engine = null;
      let docs = null;
      let mem = null;
      for (let r = 0; r < loadReps(docCount <= 5000); r++) {
        engine = null; docs = null;
        gcNow(env);
        const t0 = now();
        const text = new TextDecoder().decode(bytes);
        docs = extractDocs(JSON.parse(text));
        engine = await c.build(docs);
        const first = await engine.search(FIRST);
        ltimes.push(now() - t0);
        if (first.total === undefined) throw new Error('first query gave no result');
        gcNow(env);
        if (env.heapUsed) mem = env.heapUsed() - base;
      }
      out.load[c.name] = { times: ltimes, ...stats(ltimes), memory: mem };
      // Check: the full result of every query against ours.
      let recallSum = 0;
      let exact = 0;
      let extraSum = 0;
      const recalls = [];
      for (let i = 0; i < QUERIES.length; i++) {
        const r = await engine.search(QUERIES[i], { all: true });
        const got = new Set(r.ids.map((k) => docs[k].id));
        let hit = 0;
        for (const id of got) if (ref[i].has(id)) hit++;
        const recall = ref[i].size ? hit / ref[i].size : got.size ? 0 : 1;
        const extra = got.size - hit;
        recalls.push(recall);
        recallSum += recall;
        extraSum += extra;
        if (recall === 1 && extra === 0) exact++;
      }
      const qtimes = [];
      for (let round = -1; round < rounds; round++) {
        for (const q of QUERIES) {
          const t0 = now();
          const r = await engine.search(q);
          const t = now() - t0;
          if (!Array.isArray(r.facets)) throw new Error('no facets');
          if (round >= 0) qtimes.push(t);
        }
      }
      out.query[c.name] = { ...stats(qtimes), recall: recallSum / QUERIES.length, exact, extra: extraSum, recalls };
      log(`${c.name}: load ${stats(ltimes).p50.toFixed(0)} ms, query p50 ${out.query[c.name].p50.toFixed(3)} p95 ${out.query[c.name].p95.toFixed(3)} ms, recall ${(out.query[c.name].recall * 100).toFixed(1)}%, exact ${exact}/${QUERIES.length}`);
      engine = null; docs = null;
    } catch (e) {
      out.notes.push(`${c.name}: failed (${e && e.message ? e.message : e})`);
      log(`${c.name}: FAILED ${e && e.stack ? e.stack : e}`);
    }
    gcNow(env);
  }

  // ---------------- render
  const bodies = extractBodies(JSON.parse(new TextDecoder().decode(bytes)));
  const enc = new TextEncoder();
  let mdBytes = 0;
  for (const b of bodies) mdBytes += enc.encode(b).length;
  out.renderBytes = mdBytes;
  const passes = quick ? 1 : docCount <= 20000 ? 5 : 1;
  const renderers = [{ name: 'ours', lib: 'digest', render: (s) => d.renderMarkdown(s).html }, ...renderContenders(env.libs)];
  // Each renderer is checked and warmed up with one full pass, then they take turns, one timed pass
  // each per round (as render-wasm.mjs does in Node): on a busy machine a slow moment then falls on
  // every renderer alike, not on whichever ran during it.
  const live = [];
  for (const c of renderers) {
    try {
      const sample = c.render(bodies[0]);
      if (typeof sample !== 'string' || !/<(p|h2|ul|ol|table)\b/.test(sample)) throw new Error('output is not HTML');
      const safe = isSafe(c.render(HOSTILE));
      let outChars = 0;
      for (const b of bodies) outChars += c.render(b).length; // warm-up
      if (outChars < mdBytes / 4) throw new Error('output too short');
      live.push({ c, safe, mbps: [] });
    } catch (e) {
      out.notes.push(`render ${c.name}: failed (${e && e.message ? e.message : e})`);
      log(`render ${c.name}: FAILED ${e && e.stack ? e.stack : e}`);
    }
  }
  for (let p = 0; p < passes; p++) {
    for (const r of live) {
      const t0 = now();
      for (const b of bodies) r.c.render(b);
      r.mbps.push(mdBytes / 1e6 / ((now() - t0) / 1000));
    }
  }
  for (const { c, safe, mbps } of live) {
    const s = stats(mbps);
    out.render[c.name] = { mbps, median: s.p50, max: s.max, safe };
    log(`render ${c.name}: ${s.p50.toFixed(1)} MB/s${safe ? '' : ' (not safe)'}`);
  }
  return out;
}
