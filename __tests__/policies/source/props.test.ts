/** Construct props resolve through the call sites of the construct in the analysed files. */
import { AttrValue } from '../../../policies/model';
import { analyseFixtures, byId, oneOf, ref, unresolved } from './helpers';

const result = analyseFixtures('props');
const R = 'props/registries.ts';

describe('source layer: construct props through call sites', () => {
  test.each<[string, string, { [key: string]: AttrValue }, boolean]>([
    [
      'prop-repo',
      '`props.x` with two call sites → OneOf; `?? default` fills the omitted one; an omitted optional prop is null',
      { name: oneOf('one', 'two'), image_tag_mutability: oneOf('MUTABLE', 'IMMUTABLE'), image_scanning_configuration: { scan_on_push: oneOf(true, null) } },
      true,
    ],
    ['destructured-repo', 'destructured parameter with a default', { name: 'three', image_tag_mutability: 'IMMUTABLE' }, true],
    ['stored-props-repo', '`this.props.x` (parameter property)', { name: 'four', image_tag_mutability: 'MUTABLE' }, true],
    ['member-props-repo', '`this.settings.x` assigned from props in the constructor', { name: 'five', image_tag_mutability: 'IMMUTABLE' }, true],
    ['dev-aware-repo', 'a call site under `if (!props.production)` does not count for production', { name: 'six', image_tag_mutability: 'IMMUTABLE' }, true],
    ['dev-only-construct-repo', 'a construct only created outside production', { name: 'seven', image_tag_mutability: 'MUTABLE' }, false],
    ['unused-repo', 'no call site: Unresolved naming the expression', { name: unresolved(R, "'unused-repo'", 'props.name') }, true],
    ['function-repo', 'parameters of a plain function, with a default parameter', { name: oneOf('eight', 'nine'), image_tag_mutability: oneOf('IMMUTABLE', 'MUTABLE') }, true],
  ])('%s: %s', (id, _flow, expected, production) => {
    const r = byId(result, id);
    expect(r.attributes).toStrictEqual(expected);
    expect(r.production).toBe(production);
  });

  test.each<[string, string, { [key: string]: AttrValue }]>([
    ['super-repo', 'props that reach a base class through `super(...)`', { name: 'sub', image_tag_mutability: 'IMMUTABLE' }],
    ['bound-instance', "a member and a getter of one instance use that instance's arguments (not every call site)", { name: 'holder-one', name_prefix: 'HOLDER-ONE' }],
    ['method-call', 'a private method called through `this`', { name: '/ecs/app' }],
    ['let-initialiser', 'a `let` assigned again after the read keeps its initialiser there; Fn.jsonencode of a literal is its JSON', { name: 'let', retention_in_days: 14, tags: { Doc: '{"a":[1,2]}' } }],
  ])('%s: %s', (id, _flow, expected) => {
    expect(byId(result, id).attributes).toStrictEqual(expected);
  });

  test('a loop over a literal list gives every element', () => {
    const looped = result.resources.filter((r) => r.displayName.startsWith('CloudwatchLogGroup `loop-${tier}`'));
    expect(looped.map((r) => r.attributes)).toStrictEqual([{ name: oneOf('/tier/public', '/tier/private') }]);
  });

  test('a resource exposed by a construct (`first.repository.name`) is a ResourceRef to it', () => {
    expect(byId(result, 'policy').attributes).toStrictEqual({ repository: ref(R, 'this.repository = ', 'name'), policy: '{}' });
  });
});
