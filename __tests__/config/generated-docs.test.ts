/** The JSON Schema for editors and the README's environment reference are generated from config/schema.ts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvironmentJsonSchema } from '../../config/json-schema';
import { renderReferenceTable, replaceBetweenMarkers } from '../../config/reference-table';

const root = join(__dirname, '..', '..');

test('config/environment.schema.json is up to date (npm run schema)', () => {
  expect(readFileSync(join(root, 'config', 'environment.schema.json'), 'utf8')).toBe(renderEnvironmentJsonSchema());
});

test('the README environment reference is up to date (npm run schema)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  expect(replaceBetweenMarkers(readme, 'environment-reference', renderReferenceTable())).toBe(readme);
});

test('the reference lists every top-level field, with nested fields and defaults', () => {
  const table = renderReferenceTable();
  for (const field of ['app', 'production', 'domain', 'certificate', 'network.create.natGateways', 'task.cpu', 'service.autoscaling.maxCapacity', 'imports.loadBalancer', 'terraformCloud.organization']) {
    expect(table).toContain(`| \`${field}\` |`);
  }
  expect(table).toMatch(/\| `task\.containerPort` \| number \| no \| Port the container listens on\. @default 3000 \|/);
});

test('the JSON Schema rejects unknown keys, as the loader does', () => {
  const schema = JSON.parse(renderEnvironmentJsonSchema());
  expect(schema.additionalProperties).toBe(false);
  expect(schema.properties.task.additionalProperties).toBe(false);
  expect(schema.required).toEqual(expect.arrayContaining(['app', 'region', 'domain', 'hostedZoneId', 'certificate', 'network']));
  // task: (one service) or services: (many), never both.
  expect(schema.oneOf).toEqual([
    { required: ['task'], not: { required: ['services'] } },
    { required: ['services'], allOf: [{ not: { required: ['task'] } }, { not: { required: ['service'] } }] },
  ]);
});

test('a missing marker is a clear error', () => {
  expect(() => replaceBetweenMarkers('# README', 'environment-reference', 'x')).toThrow(/no <!-- environment-reference:start -->/);
});
