import { jsonLine, oneOf, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const redirect = (port: string | undefined, protocol: string | undefined) => ({
  type: 'redirect',
  redirect: { ...(port !== undefined ? { port } : {}), ...(protocol !== undefined ? { protocol } : {}), status_code: 'HTTP_301' },
});
const forward = tf({ aws_lb_listener: { http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } } });
const samePort = tf({ aws_lb_listener: { http: { port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', status_code: 'HTTP_301' }] }] } } });

export const cases: RuleCases = {
  valid: [
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
      name: 'source: forwards plain HTTP',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: [{ type: 'forward' }] }, { line: 20 })]),
      expected: [{ line: 20, message: 'new LbListener(this, "r20") listens on 80/HTTP but its default action is forward, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'source: omitted protocol is HTTP',
      graph: sourceGraph([src('aws_lb_listener', { port: 8080, default_action: [{ type: 'fixed-response' }] }, { line: 2 })]),
      expected: [{ line: 2, message: 'new LbListener(this, "r2") listens on 8080/HTTP but its default action is fixed-response, not a redirect to HTTPS on port 443.' }],
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
      name: 'source: unresolved default action',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP', default_action: unresolved('actions') }, { line: 6 })]),
      expected: [{ severity: 'warning', line: 6, message: 'Cannot verify that new LbListener(this, "r6") redirects to HTTPS: `actions` could not be resolved.' }],
    },
    {
      name: 'source: no default action',
      graph: sourceGraph([src('aws_lb_listener', { port: 80, protocol: 'HTTP' }, { line: 7 })]),
      expected: [{ line: 7, message: 'new LbListener(this, "r7") listens on 80/HTTP but its default action is missing, not a redirect to HTTPS on port 443.' }],
    },
    {
      name: 'synth: forward on port 80',
      graph: synth(forward),
      expected: [{ line: jsonLine(forward, 'resource/aws_lb_listener/http'), message: 'aws_lb_listener.http listens on 80/HTTP but its default action is forward, not a redirect to HTTPS on port 443. [synth prod]' }],
    },
    {
      name: 'synth: omitted redirect port keeps #{port} (80)',
      graph: synth(samePort),
      expected: [{ line: jsonLine(samePort, 'resource/aws_lb_listener/http'), message: 'aws_lb_listener.http redirects to protocol HTTPS port #{port}; it must redirect to HTTPS on port 443. [synth prod]' }],
    },
  ],
};
