/** `npm run discover -- --cluster <name> --service <name> …`: see discovery/cli.ts. */
import { join } from 'node:path';
import { main } from '../discovery/cli';

main(process.argv.slice(2), join(__dirname, '..')).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
