/**
 * `npm run schema`: regenerates config/environment.schema.json and the README's environment file
 * reference from config/schema.ts. A test fails when either is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvironmentJsonSchema } from '../config/json-schema';
import { renderReferenceTable, replaceBetweenMarkers } from '../config/reference-table';

const root = join(__dirname, '..');
writeFileSync(join(root, 'config', 'environment.schema.json'), renderEnvironmentJsonSchema());
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
writeFileSync(readmePath, replaceBetweenMarkers(readme, 'environment-reference', renderReferenceTable()));
console.log('wrote config/environment.schema.json and the README environment reference');
