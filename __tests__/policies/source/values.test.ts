/** Value flows: literals, consts, templates, spreads, enums, conditionals, unresolvable values. */
import { AttrValue, Unresolved } from '../../../policies/model';
import { analyseFixtures, at, byId, oneOf, ref, unresolved } from './helpers';

const result = analyseFixtures('values');
const F = 'values/values.ts';

describe('source layer: value flows', () => {
  test.each<[string, string, { [key: string]: AttrValue }]>([
    ['literal', 'literals', { name: 'literal', force_delete: true, image_tag_mutability: 'IMMUTABLE' }],
    ['const', 'consts of the same file (also `as const`)', { name: 'local-name', image_tag_mutability: 'IMMUTABLE' }],
    ['imported-const', 'consts imported from another file, nested in an `as const` object', { name: 'web', image_tag_mutability: 'IMMUTABLE' }],
    ['namespace-const', 'a namespace import of a local file and a default export', { name: 'web', image_tag_mutability: 'default-export' }],
    ['template', 'template strings', { name: 'web-api-30' }],
    ['concat', '`+` concatenation and arithmetic', { name: 'web-api-31' }],
    ['spread', 'object spreads (later properties win)', { image_tag_mutability: 'IMMUTABLE', force_delete: true, name: 'spread' }],
    ['property-access', 'property and element access', { name: 'MUTABLE', image_tag_mutability: 'MUTABLE' }],
    ['array', 'array elements and nested objects', { name: 'b', image_scanning_configuration: { scan_on_push: true } }],
    ['enum', 'string and auto-numbered enums', { name: 'local-a', image_tag_mutability: 'IMMUTABLE', force_delete: true }],
    ['assertions', 'type assertions, non-null, satisfies, parentheses', { name: 'local-name', image_tag_mutability: 'MUTABLE' }],
    ['conditional', 'a conditional that does not test production: both branches', { name: 'conditional', image_tag_mutability: oneOf('IMMUTABLE', 'MUTABLE') }],
    [
      'logical',
      '`||` and `&&` with unknown left sides: both possibilities',
      { name: oneOf(unresolved(F, "'logical'", 'config.mutability'), 'fallback'), image_tag_mutability: oneOf(unresolved(F, "'logical'", 'someFlag'), 'IMMUTABLE') },
    ],
    ['nullish', '`??` with an undefined left side', { name: 'nullish-default' }],
    [
      'partial-spread',
      'a spread the layer cannot see into: keys after it are known, keys before it may be overwritten, the whole object is Unresolved',
      {
        name: 'after-spread',
        name_prefix: oneOf('before', new Unresolved('loadConfig().namePrefix', at(F, 'const partial', 'loadConfig()'))),
        tags: unresolved(F, "'partial-spread'", "{ Owner: 'web', ...extraTags, Name: 'after' }"),
      },
    ],
    [
      'partial-config',
      'a config spreading such an object keeps its written-out attributes',
      {
        retention_in_days: oneOf(7, new Unresolved('partial.retentionInDays', at(F, 'retentionInDays: 7, ...', 'partial'))),
        name_prefix: oneOf('before', new Unresolved('loadConfig().namePrefix', at(F, 'const partial', 'loadConfig()'))),
        name: 'after-spread',
        kms_key_id: 'key',
      },
    ],
    ['omitted', 'an omitted attribute stays absent', { name: 'omitted' }],
    ['unresolved-call', 'a call result is Unresolved naming the expression', { name: 'unresolved-call', image_tag_mutability: unresolved(F, "'unresolved-call'", 'config.mutability') }],
    ['unresolved-token', 'cdktf tokens (Fn.*, TerraformVariable values)', { name: unresolved(F, "'unresolved-token'", "Fn.lower('X')"), image_tag_mutability: unresolved(F, "'unresolved-token'", 'tagVar.stringValue') }],
    ['unresolved-template', 'a template with an unknown part is Unresolved as a whole', { name: unresolved(F, "'unresolved-template'", '`web-${tagVar.stringValue}`') }],
    ['arrays', 'array methods, indexes and a spread tag map', { name: 'web/api', retention_in_days: 30, tags: { Project: 'web', ManagedBy: 'cdktf', Tier: 'app' } }],
    [
      'functions',
      'local arrow/function calls, Object.entries/fromEntries, sort with a comparator, map, Math.max',
      { name: 'web-logs', name_prefix: 'API', tags: { alpha: 'a', zeta: 'z' }, retention_in_days: 30 },
    ],
    [
      'pushes',
      '`list.push(…)` folds into the array: optional under an unknown test, skipped outside production, Unresolved in a loop',
      { name: oneOf('["base","always"]', '["base","always","optional"]'), name_prefix: unresolved(F, "'pushes'", "pushedInLoop().join(',')") },
    ],
  ])('%s: %s', (id, _flow, expected) => {
    expect(byId(result, id).attributes).toStrictEqual(expected);
  });

  test('references to other resources become ResourceRefs; inside strings they read ${key.attribute}', () => {
    const sg = ref(F, 'const sg = ', 'id');
    expect(byId(result, 'sg-ref').attributes).toStrictEqual({
      name: 'sg-ref',
      ingress: [{ from_port: 8080, to_port: 8080, protocol: 'tcp', security_groups: [sg] }],
      tags: { Name: `\${${sg.targetKey}.name}-ref` },
    });
  });

  test('nested blocks use the provider spelling, including renamed attributes (selfAttribute → self)', () => {
    expect(byId(result, 'sg').attributes).toStrictEqual({
      name: 'sg',
      ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'], self: false }],
    });
  });

  test('locations are 1-based and repo-relative', () => {
    const r = byId(result, 'literal');
    expect(r.location).toStrictEqual(at(F, "new EcrRepository(this, 'literal'"));
    expect(r.key).toBe(`${r.location.file}:${r.location.line}:${r.location.column}`);
    expect(r.displayName).toBe(`EcrRepository "literal" (__tests__/fixtures/source/${F}:${r.location.line})`);
    expect(r.layer).toBe('source');
  });
});
