/** Escape hatches change the attributes a rule sees. */
import { AttrValue } from '../../../policies/model';
import { analyseFixtures, byId } from './helpers';

const result = analyseFixtures('overrides');

describe('source layer: escape hatches', () => {
  test.each<[string, string, { [key: string]: AttrValue }]>([
    [
      'override',
      'addOverride on a top-level attribute, a nested path, lifecycle.ignore_changes, and undefined (delete)',
      { name: 'override', image_tag_mutability: 'MUTABLE', image_scanning_configuration: { scan_on_push: false }, lifecycle: { ignore_changes: ['tags'] } },
    ],
    [
      'listener-override',
      'addOverride with a list index into a nested block, and an object merged into a block',
      {
        load_balancer_arn: 'arn:lb',
        port: 80,
        protocol: 'HTTP',
        default_action: [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_302', host: 'example.com' } }],
      },
    ],
    ['member-override', 'addOverride on `this.member`', { name: 'member', force_delete: true }],
    ['assigned', 'property assignment, putX and resetX', { name: 'assigned', image_tag_mutability: 'MUTABLE', image_scanning_configuration: { scan_on_push: false } }],
    ['non-production-override', 'an override only outside production does not change the production view', { name: 'prod', image_tag_mutability: 'IMMUTABLE' }],
  ])('%s: %s', (id, _hatch, expected) => {
    expect(byId(result, id).attributes).toStrictEqual(expected);
  });
});
