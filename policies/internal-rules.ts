/**
 * Findings the gate makes about itself rather than about the infrastructure: broken or unused
 * suppressions, rules that threw, inputs it could not read. They have metadata like rules (for SARIF and
 * the README) but no check; they are not in the registry.
 */
import type { RuleMeta } from './types';

export const INVALID_SUPPRESSION = 'policy/invalid-suppression';
export const UNUSED_SUPPRESSION = 'policy/unused-suppression';
export const RULE_ERROR = 'policy/rule-error';
export const GATE_ERROR = 'policy/gate-error';
export const BLIND_SPOT = 'policy/blind-spot';

export const internalRules: { readonly [id: string]: RuleMeta } = {
  [GATE_ERROR]: {
    id: GATE_ERROR,
    severity: 'error',
    description: 'The gate could not read an input (a file that does not parse, an unreadable synth or plan file).',
    why: 'A gate that skips what it cannot read would pass unchecked code; the run exits 2 instead.',
    help: 'Fix the file or the argument named in the message and run the gate again.',
    messages: { failed: '{message}' },
  },
  [INVALID_SUPPRESSION]: {
    id: INVALID_SUPPRESSION,
    severity: 'error',
    description: 'A policy-ignore comment is not a valid suppression: a block comment, an unknown rule id, or no reason with words; it suppresses nothing.',
    why: 'A suppression without a reason cannot be reviewed, and one that names a rule that does not exist hides nothing on purpose; the findings it meant to hide stay active.',
    help: 'Write it as a line comment `// policy-ignore <rule-id>[, <rule-id>] -- <why this is acceptable>`, with known rule ids and a reason of at least two words and 10 characters.',
    messages: {
      blockComment: 'Suppressions are read from line comments only; write `// policy-ignore <rule-id> -- <reason>` (this block comment suppresses nothing).',
      noRule: 'Suppression names no rule; write `// policy-ignore <rule-id> -- <reason>`.',
      noReason: 'Suppression of {rules} has no reason with words (at least two words, 10 characters); write `-- <reason>` after the rule ids. It suppresses nothing.',
      unknownRule: 'Suppression names unknown rule {rule}; it suppresses nothing (a suppression is valid for all its rules or for none).',
    },
  },
  [RULE_ERROR]: {
    id: RULE_ERROR,
    severity: 'error',
    description: 'A rule threw while checking; its verdict is unknown, so the run exits 2.',
    why: 'A crashed rule would otherwise look like a rule with no findings: a silently green run.',
    help: 'Report the message and stack to the rule owner; the rule must handle the input it crashed on.',
    messages: { threw: 'Rule {rule} threw on the {layer} layer{scope}: {message}' },
  },
  [BLIND_SPOT]: {
    id: BLIND_SPOT,
    severity: 'warning',
    description:
      'A layer cannot see part of what it checks: the source layer a subclass that writes its own attributes, an escape hatch it cannot place or a module loaded by a computed path; the synth layer the resources inside a Terraform module.',
    why: 'A rule cannot pass what it cannot see; the next layer checks the result instead (synth output for the source layer, a plan for modules), so run the gate with it before trusting the pass.',
    help: 'Run the gate with the synthesized output (`npm run synth`, or `--synth-dir`) and, for Terraform modules, with a plan (`npm run validate`, or `--plan`); or write the construct so its configuration is visible (plain props, no computed module paths).',
    messages: {
      blind: 'The source layer cannot see {what}: {why}; the synth layer checks the synthesized result.',
      module: '{module} is a Terraform module: the synth layer cannot see the resources it creates; a plan of this stack (npm run validate, or --plan) lets the plan layer check them.',
    },
  },
  [UNUSED_SUPPRESSION]: {
    id: UNUSED_SUPPRESSION,
    severity: 'warning',
    description: 'A policy-ignore comment suppresses nothing.',
    why: 'Stale suppressions hide the next real finding on that line.',
    help: 'Delete the comment, or move it: after the code on the line of the finding, or on its own line right above it.',
    messages: { unused: 'Suppression of {rule} matches no finding on the line it covers.' },
  },
};
