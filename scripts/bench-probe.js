/**
 * Preloaded into benchmarked processes: at exit, reports the process's peak resident memory (all its
 * threads), its cpu, and (on Linux) the cpu of the child processes it waited for (terraform and what
 * terraform started) on stderr for scripts/bench.ts to read.
 */
'use strict';
const { readFileSync } = require('node:fs');

/** cutime + cstime of /proc/self/stat, in microseconds (clock ticks of 10 ms on Linux); 0 elsewhere. */
function childrenCpuUs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
    return (Number(fields[13]) + Number(fields[14])) * 10000;
  } catch {
    return 0;
  }
}

process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n__bench maxRssKb=${usage.maxRSS} cpuUs=${usage.userCPUTime + usage.systemCPUTime} childrenCpuUs=${childrenCpuUs()}\n`);
});
