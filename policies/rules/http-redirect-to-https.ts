import type { AttrValue } from '../model';
import type { Rule } from '../types';
import { asNumber, attr, blocksOf, describe, isUnresolved, optionsOf } from '../values';

/** HTTP listeners only redirect to HTTPS. */
export const httpRedirectToHttps: Rule = {
  id: 'http-redirect-to-https',
  severity: 'error',
  description: 'Every listener on port 80 (or protocol HTTP) has a default action that redirects to HTTPS on port 443.',
  why: 'A plain-HTTP listener that forwards to the service serves pages, cookies and credentials unencrypted; a redirect keeps port 80 only as a way in to HTTPS.',
  help: 'Give the LbListener `defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]`.',
  messages: {
    noRedirect: '{resource} listens on {listener} but its default action is {action}, not a redirect to HTTPS on port 443.',
    wrongTarget: '{resource} redirects to protocol {protocol} port {port}; it must redirect to HTTPS on port 443.',
    unresolved: 'Cannot verify that {resource} redirects to HTTPS: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_lb_listener', 'aws_alb_listener')) {
      const name = resource.displayName;
      const ports = optionsOf(resource.attributes.port);
      // Omitted protocol: HTTP is the AWS default for application load balancers.
      const protocols = optionsOf(resource.attributes.protocol).map((p) => (p === undefined || p === null ? 'HTTP' : p));
      const unknown = [...ports, ...protocols].find(isUnresolved);
      const isHttp = protocols.some((p) => p === 'HTTP') || ports.some((p) => asNumber(p) === 80);
      if (!isHttp) {
        if (unknown) context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: unknown.expression } });
        continue;
      }
      const listener = `${ports.map((p) => describe(p)).join('|')}/${protocols.map((p) => describe(p)).join('|')}`;
      const actionsValue = resource.attributes.default_action;
      const actionOptions = optionsOf(actionsValue);
      for (const option of actionOptions) {
        if (isUnresolved(option)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: option.expression } });
          continue;
        }
        const actions = blocksOf(option);
        // The first action (lowest order) is the one that answers; with several we require a redirect among them.
        const redirects = actions.filter((action) => optionsOf(attr(action, 'type')).every((t) => t === 'redirect'));
        if (redirects.length === 0) {
          const unresolvedType = actions.map((a) => attr(a, 'type')).find(isUnresolved);
          if (unresolvedType) {
            context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: unresolvedType.expression } });
          } else {
            const shown = actions.length === 0 ? 'missing' : actions.map((a) => describe(attr(a, 'type'))).join(', ');
            context.report({ resource, messageId: 'noRedirect', data: { resource: name, listener, action: shown } });
          }
          continue;
        }
        for (const action of redirects) {
          const targets = blocksOf(attr(action, 'redirect'));
          const redirectBlocks: (AttrValue | undefined)[] = targets.length === 0 ? [undefined] : targets;
          for (const target of redirectBlocks) checkTarget(target);
        }
      }

      function checkTarget(target: AttrValue | undefined): void {
        for (const protocol of optionsOf(attr(target, 'protocol'))) {
          for (const port of optionsOf(attr(target, 'port'))) {
            const bad = [protocol, port].find(isUnresolved);
            if (bad) {
              context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: bad.expression } });
              continue;
            }
            // Omitted redirect fields keep the request's own (#{protocol}, #{port}).
            const effectiveProtocol = protocol === undefined || protocol === null ? '#{protocol}' : protocol;
            const effectivePort = port === undefined || port === null ? '#{port}' : port;
            const portOk =
              asNumber(effectivePort) === 443 ||
              (effectivePort === '#{port}' && ports.every((p) => asNumber(p) === 443));
            const protocolOk = effectiveProtocol === 'HTTPS';
            if (!portOk || !protocolOk) {
              context.report({
                resource,
                messageId: 'wrongTarget',
                data: { resource: name, protocol: describe(effectiveProtocol), port: describe(effectivePort) },
              });
            }
          }
        }
      }
    }
  },
};
