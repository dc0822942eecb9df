import { jsonLine, oneOf, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const omitted = tf({ aws_lb: { alb: { load_balancer_type: 'application' } } });
const alias = tf({ aws_alb: { alb: { drop_invalid_header_fields: false } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: drops invalid headers', graph: sourceGraph([src('aws_lb', { drop_invalid_header_fields: true })]) },
    { name: 'source: network load balancers have no HTTP headers', graph: sourceGraph([src('aws_lb', { load_balancer_type: 'network' })]) },
    { name: 'synth: drops invalid headers', graph: synth(tf({ aws_lb: { alb: { drop_invalid_header_fields: true } } })) },
  ],
  invalid: [
    {
      name: 'source: omitted (AWS default false)',
      graph: sourceGraph([src('aws_lb', {}, { line: 8 })]),
      expected: [{ line: 8, message: 'new Lb(this, "r8") forwards invalid header fields (drop_invalid_header_fields is false (omitted, the AWS default)).' }],
    },
    {
      name: 'source: one branch false',
      graph: sourceGraph([src('aws_lb', { drop_invalid_header_fields: oneOf(true, false) }, { line: 9 })]),
      expected: [{ line: 9, message: 'new Lb(this, "r9") forwards invalid header fields (drop_invalid_header_fields is false).' }],
    },
    {
      name: 'source: unresolved',
      graph: sourceGraph([src('aws_lb', { drop_invalid_header_fields: unresolved('props.strict') }, { line: 2 })]),
      expected: [{ line: 2, message: 'Cannot verify that new Lb(this, "r2") drops invalid header fields: `props.strict` could not be resolved.' }],
    },
    {
      name: 'synth: omitted',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_lb/alb'), message: 'aws_lb.alb forwards invalid header fields (drop_invalid_header_fields is false (omitted, the AWS default)). [synth prod]' }],
    },
    {
      name: 'synth: aws_alb alias',
      graph: synth(alias),
      expected: [{ line: jsonLine(alias, 'resource/aws_alb/alb'), message: 'aws_alb.alb forwards invalid header fields (drop_invalid_header_fields is false). [synth prod]' }],
    },
  ],
};
