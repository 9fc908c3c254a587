// Runs bench/upstream/headers.mjs for each variant of each framework in a fresh process, the variants
// taking turns (order rotated each round), pinned to core 0 when `taskset` exists; prints a Markdown
// table of CPU µs per request and of what each variant adds to the bare app within the same round.
//   node bench/upstream/run.mjs [rounds=5] [framework,...]
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { VARIANTS } from './headers.mjs';

const HERE = fileURLToPath(new URL('./headers.mjs', import.meta.url));
const rounds = Number(process.argv[2] ?? 5);
const frameworks = (process.argv[3] ?? Object.keys(VARIANTS).join(',')).split(',');
const pinned = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

function once(fw, v) {
  const args = [HERE, fw, v];
  const out = pinned
    ? execFileSync('taskset', ['-c', '0', process.execPath, ...args])
    : execFileSync(process.execPath, args);
  return Number(String(out).trim());
}

// The same median as bench/stats.ts (written again: this directory runs without corsair's modules).
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const cell = (xs, f = (x) => x.toFixed(2)) =>
  `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;

console.log(
  `node ${process.version}, ${rounds} rounds, ${pinned ? 'pinned to core 0' : 'not pinned (no taskset)'}\n`,
);
console.log('| framework | variant | CPU µs/request | added to bare, µs | added to floor, µs | ÷ bare |');
console.log('|---|---|---|---|---|---|');
for (const fw of frameworks) {
  const vs = VARIANTS[fw];
  const got = Object.fromEntries(vs.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    const order = vs.map((_, i) => vs[(i + r) % vs.length]);
    for (const v of order) got[v].push(once(fw, v));
  }
  for (const v of vs) {
    const added = got[v].map((x, r) => x - got.bare[r]);
    const ref = got.floor ?? got.bare; // node has no middleware: its floor is the bare handler
    const overFloor = got[v].map((x, r) => x - ref[r]);
    const ratio = got[v].map((x, r) => x / got.bare[r]);
    const row = [fw, v, cell(got[v]), cell(added), cell(overFloor), cell(ratio)];
    console.log(`| ${row.join(' | ')} |`);
  }
}
