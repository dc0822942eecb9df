import type { Rule } from '../types';

/** Module specifiers that load every provider class at once. */
const ROOT_SPECIFIERS = new Set(['@cdktf/provider-aws', '@cdktf/provider-aws/lib', '@cdktf/provider-aws/lib/index']);

/** Provider classes come from deep paths, not the package root. */
export const providerDeepImports: Rule = {
  id: 'provider-deep-imports',
  severity: 'warning',
  description: 'Provider classes are imported by deep path (`@cdktf/provider-aws/lib/<resource>`), never from the package root.',
  why: 'Importing the package root loads every AWS resource class: about 2.3 s and 500 MB per process (and 5 s / 900 MB for the type checker), against 0.2 s and 70 MB for deep imports.',
  help: 'Import each class from its own module, e.g. `import { EcsService } from "@cdktf/provider-aws/lib/ecs-service"`.',
  messages: {
    root: 'Import of {names} from `{module}` loads the whole provider; import from `@cdktf/provider-aws/lib/<resource>` instead.',
    unresolved: 'Cannot verify the import `{expression}`.',
  },
  layers: ['source'],
  check(context) {
    for (const declaration of context.imports) {
      // Type-only imports are erased at runtime: they cost nothing to load.
      if (!ROOT_SPECIFIERS.has(declaration.moduleSpecifier) || declaration.typeOnly) continue;
      const names = declaration.names.length > 0 ? declaration.names.join(', ') : 'the module';
      context.report({
        messageId: 'root',
        location: { file: declaration.file, line: declaration.line, column: declaration.column },
        data: { names, module: declaration.moduleSpecifier },
      });
    }
  },
};
