/**
 * `npm run environments [-- --json] [-- --images]`: the environments (one stack each) that environments/
 * defines, one name a line, or a JSON array for CI (the pull-request workflow's plan matrix). With
 * `--images`, the images to build instead, one per service (stack, service, key, variable, context,
 * platform): the deploy workflow's image matrix.
 */
import { join, resolve } from 'node:path';
import { environmentNames, StackCommandUsageError } from '../cdktf-runner/stack-command';

const root = resolve(__dirname, '..');
const args = process.argv.slice(2);
const unknown = args.find((arg) => arg !== '--json' && arg !== '--images');
if (unknown) {
  console.error(`error: unknown option ${unknown}\nusage: npm run environments [-- --json] [-- --images]`);
  process.exitCode = 2;
} else if (args.includes('--images')) {
  // Loaded only here: listing names needs no schema.
  const { ConfigError } = require('../config/errors') as typeof import('../config/errors');
  const { listEnvironmentFiles, loadEnvironments } = require('../config/load') as typeof import('../config/load');
  const { serviceImages } = require('../config/service-images') as typeof import('../config/service-images');
  try {
    const images = serviceImages(loadEnvironments(listEnvironmentFiles(join(root, 'environments'))), root, join(root, 'sample-app'));
    console.log(args.includes('--json') ? JSON.stringify(images) : images.map((image) => `${image.stack}\t${image.service}\t${image.variable}\t${image.context}`).join('\n'));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
} else {
  try {
    const names = environmentNames(join(root, 'environments'));
    console.log(args.includes('--json') ? JSON.stringify(names) : names.join('\n'));
  } catch (error) {
    if (!(error instanceof StackCommandUsageError)) throw error;
    console.error(`error: ${error.message}`);
    process.exitCode = 2;
  }
}
