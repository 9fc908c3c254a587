// Loaded with `node --import` by bench/scan.ts: reports the scanner's peak memory (maxRSS, KiB) on exit.
process.on('exit', () => {
  process.stderr.write(`\nCORSAIR_BENCH_RSS_KB ${process.resourceUsage().maxRSS}\n`);
});
