/** The layer over the repository's own constructs: the values the design asks for are visible in source. */
import * as fs from 'fs';
import * as path from 'path';
import { OneOf, PolicyResource } from '../../../policies/model';
import { analyseSource } from '../../../policies/source';
import { ROOT } from './helpers';

const constructsDir = path.join(ROOT, 'constructs');
const present = fs.existsSync(path.join(constructsDir, 'container-registry.ts')) && fs.existsSync(path.join(ROOT, 'main.ts'));
const describeIfPresent = present ? describe : describe.skip;

describeIfPresent('source layer over main.ts and constructs/', () => {
  const files = present
    ? [
        path.join(ROOT, 'main.ts'),
        ...fs
          .readdirSync(constructsDir)
          .filter((f) => f.endsWith('.ts'))
          .map((f) => path.join(constructsDir, f)),
      ]
    : [];
  const result = analyseSource({ root: ROOT, files });
  const ofType = (type: string): PolicyResource[] => result.resources.filter((r) => r.type === type);

  test('parses without diagnostics', () => {
    expect(result.diagnostics).toStrictEqual([]);
  });

  test('the ECR repository is IMMUTABLE on the production branch', () => {
    const repositories = ofType('aws_ecr_repository');
    expect(repositories).toHaveLength(1);
    expect(repositories[0].attributes.image_tag_mutability).toBe('IMMUTABLE');
    expect(repositories[0].production).toBe(true);
  });

  test('the HTTP listener redirects to HTTPS 443 with HTTP_301', () => {
    const http = ofType('aws_lb_listener').find((r) => r.attributes.port === 80);
    expect(http?.attributes.default_action).toStrictEqual([{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }]);
  });

  test('the HTTPS listener defaults to the TLS 1.3 policy when the environment names none', () => {
    const https = ofType('aws_lb_listener').find((r) => r.attributes.port === 443);
    const policy = https?.attributes.ssl_policy;
    const options = policy instanceof OneOf ? policy.options : [policy];
    expect(options).toContain('ELBSecurityPolicy-TLS13-1-2-2021-06');
  });
});
