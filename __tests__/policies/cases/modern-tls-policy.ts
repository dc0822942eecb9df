import { jsonLine, oneOf, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const omitted = tf({ aws_lb_listener: { https: { port: 443, protocol: 'HTTPS', certificate_arn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' } } });
const old = tf({ aws_lb_listener: { https: { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-0-2021-06' } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: TLS13-1-2-2021-06', graph: sourceGraph([src('aws_lb_listener', { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' })]) },
    { name: 'source: TLS13-1-3-2021-06', graph: sourceGraph([src('aws_lb_listener', { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-3-2021-06' })]) },
    { name: 'source: HTTP listener needs no TLS policy', graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP' })]) },
    { name: 'synth: newer TLS13 policy (FIPS)', graph: synth(tf({ aws_lb_listener: { https: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04' } } })) },
  ],
  invalid: [
    {
      name: 'source: legacy 2016 policy',
      graph: sourceGraph([src('aws_lb_listener', { port: 443, protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08' }, { line: 12 })]),
      expected: [{ line: 12, message: 'new LbListener(this, "r12") is an HTTPS listener with ssl_policy ELBSecurityPolicy-2016-08; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.' }],
    },
    {
      name: 'source: one branch legacy',
      graph: sourceGraph([src('aws_lb_listener', { protocol: 'HTTPS', ssl_policy: oneOf('ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS-1-2-2017-01') }, { line: 3 })]),
      expected: [{ line: 3, message: 'new LbListener(this, "r3") is an HTTPS listener with ssl_policy ELBSecurityPolicy-TLS-1-2-2017-01; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.' }],
    },
    {
      name: 'source: unresolved policy',
      graph: sourceGraph([src('aws_lb_listener', { protocol: 'HTTPS', ssl_policy: unresolved('policyFor(env)') }, { line: 3 })]),
      expected: [{ severity: 'warning', line: 3, message: 'Cannot verify the TLS policy of new LbListener(this, "r3"): `policyFor(env)` could not be resolved.' }],
    },
    {
      name: 'synth: omitted (AWS default ELBSecurityPolicy-2016-08)',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_lb_listener/https'), message: 'aws_lb_listener.https is an HTTPS listener with ssl_policy ELBSecurityPolicy-2016-08 (omitted, the AWS default); use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer. [synth prod]' }],
    },
    {
      name: 'synth: TLS13 policy that still allows TLS 1.0',
      graph: synth(old),
      expected: [{ line: jsonLine(old, 'resource/aws_lb_listener/https'), message: 'aws_lb_listener.https is an HTTPS listener with ssl_policy ELBSecurityPolicy-TLS13-1-0-2021-06; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer. [synth prod]' }],
    },
  ],
};
