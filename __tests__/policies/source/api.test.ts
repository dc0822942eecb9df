/** The layer's result beyond resources: diagnostics, file texts, robustness, the provider spelling tables. */
import * as fs from 'fs';
import * as path from 'path';
import { analyseSource } from '../../../policies/source';
import { ProviderRegistry, snakeCase } from '../../../policies/source/provider-modules';
import { analyseFixtures, byId, FIXTURES, fixtureFiles, ROOT, unresolved } from './helpers';

describe('source layer: result and robustness', () => {
  const result = analyseFixtures('errors');

  test('syntax errors are diagnostics with file, line and column', () => {
    expect(result.diagnostics).toStrictEqual([
      { file: `${FIXTURES}/errors/syntax-error.ts`, line: 4, column: 50, message: "',' expected." },
      { file: `${FIXTURES}/errors/syntax-error.ts`, line: 6, column: 1, message: "')' expected." },
    ]);
  });

  test('files carry the analysed texts', () => {
    expect(result.files.map((f) => f.file)).toStrictEqual([`${FIXTURES}/errors/deep-chain.ts`, `${FIXTURES}/errors/odd-syntax.ts`, `${FIXTURES}/errors/syntax-error.ts`]);
    expect(result.files[2].text).toBe(fs.readFileSync(path.join(ROOT, FIXTURES, 'errors/syntax-error.ts'), 'utf8'));
  });

  test('unknown syntax, cycles and endless recursion become Unresolved instead of throwing', () => {
    const F = 'errors/odd-syntax.ts';
    expect(byId(result, 'odd').attributes).toStrictEqual({
      name: unresolved(F, "'odd'", 'tag`x${1}`'),
      // `a` → `b` → `a`: the cycle stops at the second read of `a`.
      image_tag_mutability: unresolved(F, 'const b', 'a'),
      force_delete: unresolved(F, "'odd'", 'recurse(1) > 0'),
      tags: unresolved(F, "'odd'", '{ ...(function* gen() { yield 1; })() }'),
      image_scanning_configuration: unresolved(F, "'odd'", 'new (class { scanOnPush = true })()'),
    });
  });

  test('a chain of consts deeper than the recursion limit stops with Unresolved where it gave up', () => {
    expect(byId(result, 'deep-chain').attributes).toStrictEqual({ name: unresolved('errors/deep-chain.ts', 'const c141 = ', 'c140'), image_tag_mutability: 'bottom' });
  });

  test('a tsconfig path is accepted (compiler options only; its files are not added)', () => {
    const withConfig = analyseSource({ root: ROOT, files: fixtureFiles('imports'), tsConfigFilePath: path.join(ROOT, 'tsconfig.json') });
    expect(withConfig.resources.map((r) => r.key)).toStrictEqual(analyseFixtures('imports').resources.map((r) => r.key));
    expect(withConfig.files).toHaveLength(fixtureFiles('imports').length);
  });

  test('a file that cannot be read is a diagnostic, not a crash', () => {
    const missing = analyseSource({ root: ROOT, files: [path.join(ROOT, FIXTURES, 'does-not-exist.ts')] });
    expect(missing.resources).toStrictEqual([]);
    expect(missing.diagnostics).toHaveLength(1);
    expect(missing.diagnostics[0]).toMatchObject({ file: `${FIXTURES}/does-not-exist.ts`, line: 1, column: 1 });
  });
});

describe('cost', () => {
  // ts-morph calls that build a Program and type checker (~0.7 s / 195 MB, ~5 s / 900 MB with root imports).
  // isExported()/isDefaultExport() look innocent but ask the checker for symbols.
  const CHECKER_APIS = /\.(getType|getSymbol|getSymbolOrThrow|getTypeChecker|getProgram|isExported|isDefaultExport|getDefinitions?|findReferences|getReferencingNodes|getPreEmitDiagnostics|getImplementations|getDeclaredType|getReturnType|getAliasedSymbol|getExportSymbol)\(/;

  test.each(fs.readdirSync(path.join(ROOT, 'policies/source')).filter((f) => f.endsWith('.ts')))('%s uses no type-checker API', (file) => {
    const text = fs.readFileSync(path.join(ROOT, 'policies/source', file), 'utf8');
    const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
    expect(code.match(CHECKER_APIS)?.[0]).toBeUndefined();
  });
});

describe('files without provider resources are scanned, not parsed', () => {
  const scanned = analyseFixtures('scan');
  const F = `${FIXTURES}/scan/scan-only.ts`;

  test('their import declarations are listed as a parse would list them', () => {
    expect(scanned.imports.filter((i) => i.file === F)).toStrictEqual([
      { file: F, line: 2, column: 1, moduleSpecifier: 'reflect-metadata', names: [] },
      { file: F, line: 3, column: 1, moduleSpecifier: './x', names: ['def', 'a', 'b as c', 'D'] },
      { file: F, line: 4, column: 1, moduleSpecifier: 'node:path', names: ['* as ns'] },
      { file: F, line: 5, column: 1, moduleSpecifier: 'y', names: ['T'], typeOnly: true },
      { file: F, line: 6, column: 1, moduleSpecifier: 'fs', names: ['* as fs'] },
      { file: F, line: 7, column: 1, moduleSpecifier: './z', names: ['*'] },
      { file: F, line: 8, column: 1, moduleSpecifier: './w', names: ['q as r'] },
      { file: F, line: 9, column: 1, moduleSpecifier: './v', names: ['* as v'] },
      { file: F, line: 10, column: 1, moduleSpecifier: './multi', names: ['multi', 'line'] },
    ]);
  });

  test('their texts are returned; their syntax errors are not reported (known limit, see README of the layer)', () => {
    expect(scanned.files.map((f) => f.file)).toStrictEqual([`${FIXTURES}/scan/scan-broken.ts`, F]);
    expect(scanned.diagnostics).toStrictEqual([]);
    expect(scanned.resources).toStrictEqual([]);
  });
});

describe('provider spelling tables read from node_modules', () => {
  const registry = new ProviderRegistry(ROOT);

  test.each<[string, string, string]>([
    ['vpc', 'ipv6CidrBlock', 'ipv6_cidr_block'],
    ['vpc-security-group-ingress-rule', 'cidrIpv4', 'cidr_ipv4'],
    ['vpc-security-group-ingress-rule', 'referencedSecurityGroupId', 'referenced_security_group_id'],
    ['lb-listener', 'sslPolicy', 'ssl_policy'],
    ['lb', 'dropInvalidHeaderFields', 'drop_invalid_header_fields'],
    ['security-group', 'selfAttribute', 'self'],
    ['account-primary-contact', 'addressLine1', 'address_line_1'],
  ])('%s.%s → %s', (dir, camel, snake) => {
    expect(registry.module('@cdktf/provider-aws', dir).attributes.get(camel)?.snake).toBe(snake);
  });

  test.each<[string, string, string]>([
    ['ecr-repository', 'EcrRepository', 'aws_ecr_repository'],
    ['provider', 'AwsProvider', 'provider.aws'],
    ['data-aws-ami', 'DataAwsAmi', 'data.aws_ami'],
  ])('lib/%s is %s of type %s', (dir, className, tfType) => {
    const info = registry.module('@cdktf/provider-aws', dir);
    expect([info.className, info.tfType]).toStrictEqual([className, tfType]);
  });

  test('maps are marked so their keys stay as written', () => {
    expect(registry.module('@cdktf/provider-aws', 'ecr-repository').attributes.get('tags')).toStrictEqual({ snake: 'tags', isMap: true });
  });

  test('root namespace exports map to lib directories', () => {
    expect(registry.dirOfRootExport('@cdktf/provider-aws', 'lbListener')).toBe('lb-listener');
  });

  test('the generator rule for names the provider does not list', () => {
    expect(['repositoryUrl', 'ipv6CidrBlock', 'arn'].map(snakeCase)).toStrictEqual(['repository_url', 'ipv6_cidr_block', 'arn']);
  });
});
