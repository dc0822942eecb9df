import { jsonLine, oneOf, sourceGraph, src, synth, tf, unresolved, type Json, type RuleCases } from '../helpers';

const redirect = (port: string | undefined, protocol: string | undefined) => ({
  type: 'redirect',
  redirect: { ...(port !== undefined ? { port } : {}), ...(protocol !== undefined ? { protocol } : {}), status_code: 'HTTP_301' },
});
const forward = tf({ aws_lb_listener: { http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const samePort = tf({ aws_lb_listener: { http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', status_code: 'HTTP_301' }] }] } } });

/** An ALB with a port-80 redirect listener and a 443 listener; `extra` adds resources. */
const front = (extra: { [type: string]: { [name: string]: Json } } = {}) =>
  tf({
    aws_lb: { alb: { security_groups: ['sg-1'] }, nlb: { load_balancer_type: 'network' } },
    aws_lb_listener: {
      http: { load_balancer_arn: '${aws_lb.alb.arn}', port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }] }] },
      https: { load_balancer_arn: '${aws_lb.alb.arn}', port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] },
    },
    ...extra,
  });
const ruleOnHttp = front({ aws_lb_listener_rule: { plain: { listener_arn: '${aws_lb_listener.http.arn}', priority: 1, action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const ruleOnHttps = front({ aws_lb_listener_rule: { api: { listener_arn: '${aws_lb_listener.https.arn}', priority: 1, action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const ruleOnUnknown = front({ aws_lb_listener_rule: { elsewhere: { listener_arn: '${var.listener}', priority: 1, action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const lowerCase = front({ aws_alb_listener: { alt: { load_balancer_arn: '${aws_lb.alb.arn}', port: 8080, protocol: 'http', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const nlbTcp = front({ aws_lb_listener: { tcp: { load_balancer_arn: '${aws_lb.nlb.arn}', port: 80, protocol: 'TCP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tcp.arn}' }] } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: a listener rule on the HTTPS listener may forward', graph: synth(ruleOnHttps) },
    { name: 'synth: a network load balancer passes TCP port 80 through (it cannot redirect)', graph: synth(nlbTcp) },
    { name: 'source: redirect to HTTPS 443', graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [redirect('443', 'HTTPS')] })]) },
    { name: 'source: numeric port 443', graph: sourceGraph([src('aws_lb_listener', { port: 80, default_action: [{ type: 'redirect', redirect: { port: 443, protocol: 'HTTPS' } }] })]) },
    { name: 'source: HTTPS listener may forward', graph: sourceGraph([src('aws_lb_listener', { port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward' }] })]) },
    {
      name: 'source: #{port} when the listener port is 443',
      graph: sourceGraph([src('aws_lb_listener', { port: 443, protocol: 'HTTP', default_action: [redirect('#{port}', 'HTTPS')] })]),
    },
    { name: 'synth: redirect block list', graph: synth(tf({ aws_lb_listener: { http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: [{ port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' }] }] } } })) },
  ],
  invalid: [
    {
      name: 'synth: a listener rule on the port-80 listener forwards',
      graph: synth(ruleOnHttp),
      expected: [
        {
          line: jsonLine(ruleOnHttp, 'resource/aws_lb_listener_rule/plain'),
          message: 'aws_lb_listener_rule.plain listens on 80/HTTP (through aws_lb_listener.http) but answers with forward, not a redirect to HTTPS on port 443. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: a forwarding rule on a listener the gate cannot see is an error',
      graph: synth(ruleOnUnknown),
      expected: [{ line: jsonLine(ruleOnUnknown, 'resource/aws_lb_listener_rule/elsewhere'), message: 'Cannot verify that aws_lb_listener_rule.elsewhere redirects to HTTPS: `listener_arn ${var.listener}` could not be worked out. [synth prod]' }],
    },
    {
      name: 'synth: protocol "http" in lower case (the provider upper-cases it)',
      graph: synth(lowerCase),
      expected: [{ line: jsonLine(lowerCase, 'resource/aws_alb_listener/alt'), message: 'aws_alb_listener.alt listens on 8080/HTTP but answers with forward, not a redirect to HTTPS on port 443. [synth prod]' }],
    },
    {
      name: 'source: a forward before the redirect answers first',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', order: 1 }, { ...redirect('443', 'HTTPS'), order: 2 }] }, { line: 21 })]),
      expected: [{ line: 21, message: 'new LbListener(this, "r21") listens on 80/HTTP but answers with forward, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: a protocol the gate cannot work out is an error',
      graph: sourceGraph([src('aws_lb_listener', { port: 8080, protocol: unresolved("Fn.upper('http')", 22), default_action: [{ type: 'forward' }] }, { line: 22 })]),
      expected: [{ line: 22, message: 'Cannot verify that new LbListener(this, "r22") redirects to HTTPS: `Fn.upper(\'http\')` could not be worked out.' }],
    },
    {
      name: 'source: forwards plain HTTP',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward' }] }, { line: 20 })]),
      expected: [{ line: 20, message: 'new LbListener(this, "r20") listens on 80/HTTP but answers with forward, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: omitted protocol is HTTP',
      graph: sourceGraph([src('aws_lb_listener', { port: 8080, default_action: [{ type: 'fixed-response' }] }, { line: 2 })]),
      expected: [{ line: 2, message: 'new LbListener(this, "r2") listens on 8080/HTTP but answers with fixed-response, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: redirect to HTTP',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [redirect('443', 'HTTP')] }, { line: 4 })]),
      expected: [{ line: 4, message: 'new LbListener(this, "r4") redirects to protocol HTTP port 443; it must redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: one branch redirects to port 8443',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: oneOf('443', '8443') } }] }, { line: 5 })]),
      expected: [{ line: 5, message: 'new LbListener(this, "r5") redirects to protocol HTTPS port 8443; it must redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: unresolved default action is an error',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: unresolved('actions') }, { line: 6 })]),
      expected: [{ line: 6, message: 'Cannot verify that new LbListener(this, "r6") redirects to HTTPS: `actions` could not be worked out.' }],
    },
    {
      name: 'source: no default action',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP' }, { line: 7 })]),
      expected: [{ line: 7, message: 'new LbListener(this, "r7") listens on 80/HTTP but answers with no action, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'synth: forward on port 80',
      graph: synth(forward),
      expected: [{ line: jsonLine(forward, 'resource/aws_lb_listener/http'), message: 'aws_lb_listener.http listens on 80/HTTP but answers with forward, not a redirect to HTTPS on port 443. [synth prod]' }],
    },
    {
      name: 'synth: omitted redirect port keeps #{port} (80)',
      graph: synth(samePort),
      expected: [{ line: jsonLine(samePort, 'resource/aws_lb_listener/http'), message: 'aws_lb_listener.http redirects to protocol HTTPS port #{port}; it must redirect to HTTPS on port 443. [synth prod]' }],
    },
  ],
};
