// Fails when the initial JavaScript (the entry chunk and every chunk it imports statically,
// i.e. what the browser must fetch before the app runs) exceeds the budget of issue 4:
// 150 KB gzipped. Lazy chunks (the non-English locales) are listed but not counted.
// Reads Vite's manifest (build.manifest = true in vite.config.ts).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUDGET = 150 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

let total = 0;
for (const file of initial) {
  const size = gz(file);
  total += size;
  console.log(`initial  ${file}  ${(size / 1024).toFixed(1)} KB gz`);
}
for (const chunk of Object.values(manifest)) {
  if (chunk.file.endsWith('.js') && !initial.has(chunk.file)) {
    console.log(`lazy     ${chunk.file}  ${(gz(chunk.file) / 1024).toFixed(1)} KB gz`);
  }
}
const verdict = total <= BUDGET ? 'within' : 'OVER';
console.log(`initial JavaScript: ${(total / 1024).toFixed(1)} KB gzipped (${verdict} the ${BUDGET / 1024} KB budget)`);
if (total > BUDGET || initial.size === 0) process.exit(1);
