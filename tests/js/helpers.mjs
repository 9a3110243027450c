// helpers.mjs — shared by the node:test suites: where the builds are, and a loaded core.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const distDir = process.env.DIGEST_DIST || join(root, 'dist');
export const cliPath = process.env.DIGEST_CLI || join(root, 'build/digest');

/** Opens the built wasm core from dist/ (digest.js + digest-core.{js,wasm}). */
export async function openBuiltDigest() {
  const { openDigest, DigestError } = await import(pathToFileURL(join(distDir, 'digest.js')).href);
  const d = await openDigest({ wasmBinary: readFileSync(join(distDir, 'digest-core.wasm')) });
  return { d, DigestError };
}

export function fixture(rel) {
  return new Uint8Array(readFileSync(join(root, 'tests/fixtures', rel)));
}
