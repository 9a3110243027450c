// demo.js — buttons on widget-demo.html that change a widget's attributes at runtime.
// (A separate file: the demo runs under the strict CSP, which forbids inline scripts.)
const w2 = document.getElementById('w2');
for (const b of document.querySelectorAll('[data-demo-tags]')) b.addEventListener('click', () => w2.setAttribute('tags', b.dataset.demoTags));
for (const b of document.querySelectorAll('[data-demo-limit]')) b.addEventListener('click', () => w2.setAttribute('limit', b.dataset.demoLimit));
