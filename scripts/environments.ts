/**
 * `npm run environments [-- --json]`: the environments (one stack each) that environments/ defines, one
 * name a line, or a JSON array for CI (the pull-request workflow's plan matrix).
 */
import { join, resolve } from 'node:path';
import { environmentNames, StackCommandUsageError } from '../cdktf-runner/stack-command';

const args = process.argv.slice(2);
const unknown = args.find((arg) => arg !== '--json');
if (unknown) {
  console.error(`error: unknown option ${unknown}\nusage: npm run environments [-- --json]`);
  process.exitCode = 2;
} else {
  try {
    const names = environmentNames(join(resolve(__dirname, '..'), 'environments'));
    console.log(args.includes('--json') ? JSON.stringify(names) : names.join('\n'));
  } catch (error) {
    if (!(error instanceof StackCommandUsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  }
}
