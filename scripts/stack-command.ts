/**
 * `npm run plan|deploy|destroy -- <env> [cdktf options]` (package.json passes the verb first): synth and
 * the policy gate, then the cdktf CLI with --skip-synth. Exit 2 for a usage error, 1 for a configuration
 * or policy error (Terraform never starts), else the cdktf CLI's exit code.
 */
import { resolve } from 'node:path';
import { runStackCommand } from '../cdktf-runner/run';
import { VERBS, type Verb } from '../cdktf-runner/stack-command';

const [verb, ...argv] = process.argv.slice(2);
if (!VERBS.includes(verb as Verb)) {
  console.error(`error: scripts/stack-command.ts needs one of ${VERBS.join(', ')} first (npm run plan|deploy|destroy -- <env>)`);
  process.exitCode = 2;
} else {
  runStackCommand(verb as Verb, argv, { root: resolve(__dirname, '..') }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 2;
    },
  );
}
