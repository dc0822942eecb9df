import { ResourceRef, type AttrValue, type PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { asNumber, attr, blocksOf, describe, isUnresolved, optionsOf } from '../values';

const LISTENERS = ['aws_lb_listener', 'aws_alb_listener'];
const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
/** Protocols of network and gateway load balancers: they cannot redirect, and this rule is about HTTP. */
const NOT_HTTP = new Set(['TCP', 'UDP', 'TLS', 'TCP_UDP', 'GENEVE']);
/** Actions that answer a request (authenticate-* actions run before one of these). */
const TERMINAL = new Set(['forward', 'redirect', 'fixed-response']);

type HttpVerdict = { readonly kind: 'http'; readonly label: string } | { readonly kind: 'not-http' } | { readonly kind: 'unknown'; readonly expression: string };

/** Plain-HTTP listeners (and the rules on them) only redirect to HTTPS. */
export const httpRedirectToHttps: Rule = {
  id: 'http-redirect-to-https',
  severity: 'error',
  description:
    'Every load balancer listener on port 80 or protocol HTTP, and every listener rule on such a listener, answers only with a redirect to HTTPS on port 443 (a protocol, port or action the gate cannot work out counts as plain HTTP).',
  why: 'A plain-HTTP listener that forwards to the service serves pages, cookies and credentials unencrypted; a redirect keeps port 80 only as a way in to HTTPS.',
  help: 'Give the LbListener `defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]`, and put forwarding rules on the HTTPS listener only.',
  equivalents: { checkov: ['CKV2_AWS_20', 'CKV_AWS_2'], trivy: ['AVD-AWS-0054'] },
  messages: {
    noRedirect: '{resource} listens on {listener} but answers with {action}, not a redirect to HTTPS on port 443.',
    wrongTarget: '{resource} redirects to protocol {protocol} port {port}; it must redirect to HTTPS on port 443.',
    unresolved: 'Cannot verify that {resource} redirects to HTTPS: `{expression}` could not be worked out.',
  },
  check(context) {
    const verdicts = new Map<string, HttpVerdict>();
    for (const listener of context.ofType(...LISTENERS)) {
      const verdict = listenerVerdict(context, listener);
      verdicts.set(listener.key, verdict);
      if (verdict.kind === 'unknown') unresolved(context, listener, verdict.expression);
      else if (verdict.kind === 'http') checkActions(context, listener, listener.attributes.default_action, verdict.label, ports(listener));
      if (listener.unknownAttributes) unresolved(context, listener, listener.unknownAttributes.expression);
    }
    for (const rule of context.ofType(...LISTENER_RULES)) {
      const actions = rule.attributes.action;
      if (rule.unknownAttributes) unresolved(context, rule, rule.unknownAttributes.expression);
      for (const arn of optionsOf(rule.attributes.listener_arn)) {
        const listener = arn instanceof ResourceRef ? context.byKey(arn.targetKey) : undefined;
        const verdict = listener ? verdicts.get(listener.key) : undefined;
        if (verdict?.kind === 'not-http') continue;
        if (verdict?.kind === 'http' && listener) {
          checkActions(context, rule, actions, `${verdict.label} (through ${listener.displayName})`, ports(listener));
          continue;
        }
        // A listener the gate cannot see (a literal ARN, a value it cannot work out): only a redirect to
        // HTTPS is safe whatever that listener is.
        if (!onlyRedirectsToHttps(actions)) unresolved(context, rule, `listener_arn ${describe(arn)}`);
      }
    }
  },
};

function unresolved(context: RuleContext, resource: PolicyResource, expression: string): void {
  context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: resource.displayName, expression } });
}

function ports(listener: PolicyResource): (AttrValue | undefined)[] {
  return optionsOf(listener.attributes.port);
}

/** Whether a listener serves plain HTTP: protocol HTTP (in any case, or omitted on an ALB), or port 80. */
function listenerVerdict(context: RuleContext, listener: PolicyResource): HttpVerdict {
  const lb = optionsOf(listener.attributes.load_balancer_arn)
    .map((arn) => (arn instanceof ResourceRef ? context.byKey(arn.targetKey) : undefined))
    .find((found) => found !== undefined);
  const lbType = lb ? optionsOf(lb.attributes.load_balancer_type)[0] : undefined;
  const defaultProtocol = typeof lbType === 'string' && (lbType === 'network' || lbType === 'gateway') ? undefined : 'HTTP';
  const protocols: string[] = [];
  for (const protocol of optionsOf(listener.attributes.protocol)) {
    if (isUnresolved(protocol)) return { kind: 'unknown', expression: protocol.expression };
    if (protocol === undefined || protocol === null) {
      if (defaultProtocol) protocols.push(defaultProtocol);
      continue;
    }
    if (typeof protocol !== 'string' || protocol.includes('${')) return { kind: 'unknown', expression: describe(protocol) };
    protocols.push(protocol.toUpperCase());
  }
  if (protocols.length > 0 && protocols.every((protocol) => NOT_HTTP.has(protocol))) return { kind: 'not-http' };
  const listenerPorts = ports(listener);
  const http = protocols.includes('HTTP');
  const httpsOnly = protocols.length > 0 && protocols.every((protocol) => protocol === 'HTTPS' || NOT_HTTP.has(protocol));
  const portLabel = listenerPorts.map((port) => describe(port)).join('|');
  if (http) return { kind: 'http', label: `${portLabel}/${protocols.join('|')}` };
  const unknownPort = listenerPorts.find((port) => isUnresolved(port) || (typeof port === 'string' && port.includes('${')));
  if (listenerPorts.some((port) => asNumber(port) === 80)) return { kind: 'http', label: `${portLabel}/${protocols.join('|')}` };
  if (unknownPort !== undefined && !httpsOnly) return { kind: 'unknown', expression: describe(unknownPort) };
  return { kind: 'not-http' };
}

/** Every answering action must be a redirect to HTTPS on port 443; anything the gate cannot work out is an error. */
function checkActions(context: RuleContext, resource: PolicyResource, value: AttrValue | undefined, listener: string, listenerPorts: (AttrValue | undefined)[]): void {
  const name = resource.displayName;
  for (const option of optionsOf(value)) {
    if (isUnresolved(option)) {
      unresolved(context, resource, option.expression);
      continue;
    }
    const actions = blocksOf(option);
    let answering = 0;
    for (const action of actions) {
      if (isUnresolved(action)) {
        unresolved(context, resource, action.expression);
        answering++;
        continue;
      }
      for (const type of optionsOf(attr(action, 'type'))) {
        if (isUnresolved(type)) {
          unresolved(context, resource, type.expression);
          answering++;
        } else if (typeof type !== 'string' || TERMINAL.has(type) || !type.startsWith('authenticate-')) {
          answering++;
          if (type === 'redirect') checkTargets(context, resource, attr(action, 'redirect'), listenerPorts);
          else context.report({ resource, messageId: 'noRedirect', data: { resource: name, listener, action: describe(type) } });
        }
      }
    }
    if (answering === 0) context.report({ resource, messageId: 'noRedirect', data: { resource: name, listener, action: 'no action' } });
  }
}

function checkTargets(context: RuleContext, resource: PolicyResource, redirect: AttrValue | undefined, listenerPorts: (AttrValue | undefined)[]): void {
  const blocks = blocksOf(redirect);
  for (const target of blocks.length === 0 ? [undefined] : blocks) {
    if (isUnresolved(target)) {
      unresolved(context, resource, target.expression);
      continue;
    }
    for (const protocol of optionsOf(attr(target, 'protocol'))) {
      for (const port of optionsOf(attr(target, 'port'))) {
        const bad = [protocol, port].find(isUnresolved);
        if (bad) {
          unresolved(context, resource, bad.expression);
          continue;
        }
        // Omitted redirect fields keep the request's own (#{protocol}, #{port}).
        const effectiveProtocol = protocol === undefined || protocol === null ? '#{protocol}' : protocol;
        const effectivePort = port === undefined || port === null ? '#{port}' : port;
        const portOk = asNumber(effectivePort) === 443 || (effectivePort === '#{port}' && listenerPorts.every((p) => asNumber(p) === 443));
        const protocolOk = typeof effectiveProtocol === 'string' && effectiveProtocol.toUpperCase() === 'HTTPS';
        if (!portOk || !protocolOk) {
          context.report({ resource, messageId: 'wrongTarget', data: { resource: resource.displayName, protocol: describe(effectiveProtocol), port: describe(effectivePort) } });
        }
      }
    }
  }
}

/** Whether every action of a rule is a redirect to HTTPS on 443 (safe on any listener). */
function onlyRedirectsToHttps(value: AttrValue | undefined): boolean {
  const options = optionsOf(value);
  if (options.length === 0) return false;
  for (const option of options) {
    if (option === undefined || option === null || isUnresolved(option)) return false;
    const actions = blocksOf(option);
    if (actions.length === 0) return false;
    for (const action of actions) {
      if (isUnresolved(action)) return false;
      const types = optionsOf(attr(action, 'type'));
      if (types.some((type) => typeof type === 'string' && type.startsWith('authenticate-'))) continue;
      if (!types.every((type) => type === 'redirect')) return false;
      for (const target of blocksOf(attr(action, 'redirect'))) {
        if (isUnresolved(target)) return false;
        const protocolOk = optionsOf(attr(target, 'protocol')).every((p) => typeof p === 'string' && p.toUpperCase() === 'HTTPS');
        const portOk = optionsOf(attr(target, 'port')).every((p) => asNumber(p) === 443);
        if (!protocolOk || !portOk) return false;
      }
      if (blocksOf(attr(action, 'redirect')).length === 0) return false;
    }
  }
  return true;
}
