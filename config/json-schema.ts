/** The environment schema as JSON Schema, for editors (yaml-language-server) and the README reference. */
import { z } from 'zod';
import { environmentSchema } from './schema';

export function environmentJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(environmentSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://ecs-web-stack.dev/environment.schema.json',
    title: 'ecs-web-stack environment file',
    description: 'One environment of the web stack (environments/<name>.yaml). Generated from config/schema.ts by `npm run schema`.',
    // One service (`task:`, with `service:`) or many (`services:`), never both: the loader's rule, for editors.
    oneOf: [
      { required: ['task'], not: { required: ['services'] } },
      { required: ['services'], allOf: [{ not: { required: ['task'] } }, { not: { required: ['service'] } }] },
    ],
  };
}

export function renderEnvironmentJsonSchema(): string {
  return `${JSON.stringify(environmentJsonSchema(), null, 2)}\n`;
}
