/** `for_each` elements the synth layer can read from cdk.tf.json (policies/synth/for-each.ts). */
import { forEachElements } from '../../policies/synth/for-each';

test.each([
  ['${toset([aws_security_group.alb.id])}', ['${aws_security_group.alb.id}']],
  ['${toset([aws_security_group.a.id, data.aws_security_group.b.id])}', ['${aws_security_group.a.id}', '${data.aws_security_group.b.id}']],
  ['${toset(["10.0.0.0/8", "172.16.0.0/12"])}', ['10.0.0.0/8', '172.16.0.0/12']],
  ['${[aws_lb.main.arn]}', ['${aws_lb.main.arn}']],
  ['${toset([])}', []],
])('%s spells out its elements', (forEach, elements) => {
  expect(forEachElements(forEach)).toEqual(elements);
});

test.each([
  ['${var.office_cidrs}'],
  ['${toset(var.groups)}'],
  ['${{ a = "x" }}'],
  ['${toset([upper("x")])}'],
  ['${toset(["${var.x}"])}'],
])('%s is not known (each.value stays unresolved)', (forEach) => {
  expect(forEachElements(forEach)).toBeUndefined();
});

test('a JSON list of strings is its elements; anything else is not known', () => {
  expect(forEachElements(['a', 'b'])).toEqual(['a', 'b']);
  expect(forEachElements([{ a: 1 }])).toBeUndefined();
  expect(forEachElements({ a: 'x' })).toBeUndefined();
  expect(forEachElements(undefined)).toBeUndefined();
});
