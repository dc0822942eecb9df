/** Values that depend on production are evaluated for production; resources only outside it are marked. */
import { analyseFixtures, byId, oneOf, unresolved } from './helpers';

const result = analyseFixtures('production');

describe('source layer: production tests', () => {
  test.each<[string, string]>([
    ['flag-production', '`props.production ? … : …`'],
    ['flag-isProduction', 'destructured `isProduction`'],
    ['flag-isProd', '`env.isProd`'],
    ['flag-isProd-parameter', 'a parameter named `isProd`'],
    ['flag-negated', '`!props.production ? MUTABLE : IMMUTABLE`'],
    ['flag-compared-true', '`props.production === true`'],
    ['env-name-equals-prod', "`env.name === 'prod'`"],
    ['environment-equals-production', "`props.environment === 'production'`"],
    ['stage-not-prod', "`stage !== 'prod' ? MUTABLE : IMMUTABLE`"],
    ['envName-equals-dev', "`envName === 'dev'` is false in production"],
    ['literal-first', "`'prod' === props.config.environment`"],
    ['includes', "`['prod', 'production'].includes(stage)`"],
    ['derived-const', "`const prodLike = stage === 'production'`"],
    ['logical-and', '`props.production && IMMUTABLE`'],
  ])('%s: %s picks the production branch', (id) => {
    expect(byId(result, id).attributes).toStrictEqual({ image_tag_mutability: 'IMMUTABLE' });
  });

  test('a production flag used as a value is its production value', () => {
    expect(byId(result, 'flag-as-value').attributes).toStrictEqual({ force_delete: false });
  });

  test('a reassigned let: a production assignment replaces the initialiser, another test adds an option, ++ is Unresolved', () => {
    expect(byId(result, 'reassigned-let').attributes).toStrictEqual({
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: oneOf(false, true) },
      name: unresolved('production/flags.ts', "'reassigned-let'", '`${counter}`'),
      force_delete: unresolved('production/flags.ts', "'reassigned-let'", '!negated'),
    });
  });

  test('a test of something else keeps both branches', () => {
    expect(byId(result, 'not-a-flag').attributes).toStrictEqual({ image_tag_mutability: oneOf('IMMUTABLE', 'MUTABLE') });
  });

  test.each<[string, string, boolean]>([
    ['if-not-production', '`if (!props.production) { new … }`', false],
    ['if-production', '`if (props.production) { new … }`', true],
    ['else-of-production', 'the else branch of `if (props.production)`', false],
    ['ternary-non-production', '`env.isProd ? undefined : new …`', false],
    ['and-non-production', "`stage === 'dev' && new …`", false],
    ['callback-non-production', 'inside a callback under `if (!isProd)`', false],
    ['after-production-return', 'after `if (isProd) return;` in a method', false],
    ['unconditional', 'no production test around it', true],
  ])('%s: %s → production %s', (id, _where, production) => {
    expect(byId(result, id).production).toBe(production);
  });
});
