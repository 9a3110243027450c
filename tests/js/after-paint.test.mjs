// afterPaint (web/ui/dom.js): the viewer's second drawing step runs in the first task after the
// frame that paints the first, once, and never once cancelled; a page that draws no frames (a
// hidden tab) still gets it from the fallback timer. Frames are simulated: requestAnimationFrame
// is a stub whose callbacks this test runs as the browser would at the start of a frame.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterPaint, cancelAfterPaint } from '../../web/ui/dom.js';

let frameCallbacks = [];
globalThis.requestAnimationFrame = (cb) => { frameCallbacks.push(cb); return frameCallbacks.length; };
const frame = () => { const cbs = frameCallbacks; frameCallbacks = []; for (const cb of cbs) cb(performance.now()); };
// A message posted now is handled after the tasks already queued: wait for it.
const settle = () => sleep(5);

beforeEach(() => { frameCallbacks = []; });

test('runs once, in a task after the next frame, not before it', async () => {
  const calls = [];
  afterPaint(() => calls.push('second step'));
  await settle();
  assert.deepEqual(calls, [], 'nothing runs before a frame');
  frame();
  assert.deepEqual(calls, [], 'not inside the frame\'s own callbacks either');
  await settle();
  assert.deepEqual(calls, ['second step']);
  await sleep(150);  // past the fallback timer: it was cleared
  frame();
  await settle();
  assert.deepEqual(calls, ['second step'], 'run once');
});

test('called inside a frame, it follows that frame without waiting for the next', async () => {
  const calls = [];
  requestAnimationFrame(() => afterPaint(() => calls.push('after this frame'), { inFrame: true }));
  frame();
  assert.deepEqual(calls, []);
  await settle();
  assert.deepEqual(calls, ['after this frame']);
  assert.equal(frameCallbacks.length, 0, 'no frame was asked for');
});

test('a cancelled callback never runs, by frame or by timer', async () => {
  const calls = [];
  const id = afterPaint(() => calls.push('cancelled'), { fallbackMs: 20 });
  const kept = afterPaint(() => calls.push('kept'), { fallbackMs: 20 });
  cancelAfterPaint(id);
  frame();
  await sleep(60);
  assert.deepEqual(calls, ['kept']);
  cancelAfterPaint(kept);  // already run: nothing to cancel, no error
});

test('with no frames (a hidden tab) the fallback timer runs it', async () => {
  const calls = [];
  afterPaint(() => calls.push('from the timer'), { fallbackMs: 30 });
  await sleep(10);
  assert.deepEqual(calls, []);
  await sleep(60);
  assert.deepEqual(calls, ['from the timer']);
  frame();  // the frame comes at last: it does not run it again
  await settle();
  assert.deepEqual(calls, ['from the timer']);
});
