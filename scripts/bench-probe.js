/**
 * Preloaded into benchmarked processes: at exit, reports the process's peak resident memory (all its
 * threads) on stderr for scripts/bench.ts to read.
 */
'use strict';
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n__bench maxRssKb=${usage.maxRSS} cpuUs=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
