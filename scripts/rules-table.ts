/**
 * Generates the rule table of policies/README.md and README.md from the rule modules, between the
 * `<!-- rules:start -->` and `<!-- rules:end -->` markers.
 *
 *   node -r ./scripts/register.js scripts/rules-table.ts          print the table
 *   node -r ./scripts/register.js scripts/rules-table.ts --write  update both READMEs
 *   node -r ./scripts/register.js scripts/rules-table.ts --check  exit 1 when a table is stale
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { internalRules } from '../policies/internal-rules';
import { ruleList } from '../policies/rules';
import type { RuleMeta } from '../policies/types';

export const START = '<!-- rules:start -->';
export const END = '<!-- rules:end -->';
export const README = path.join(__dirname, '..', 'policies', 'README.md');
/** Every README that carries the table. */
export const READMES = [README, path.join(__dirname, '..', 'README.md')];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Checkov and Trivy ids of the same check, or "none". */
function equivalents(rule: RuleMeta): string {
  const parts = [...(rule.equivalents?.checkov ?? []).map((id) => `Checkov ${id}`), ...(rule.equivalents?.trivy ?? []).map((id) => `Trivy ${id}`)];
  return parts.length > 0 ? cell(parts.join(', ')) : 'none';
}

function row(rule: RuleMeta): string {
  const layers = rule.layers ? rule.layers.join(', ') : 'source, synth, plan';
  return `| \`${rule.id}\` | ${rule.severity} | ${rule.pack ?? 'core'} | ${layers} | ${cell(rule.description)} | ${cell(rule.why)} | ${cell(rule.help)} | ${equivalents(rule)} |`;
}

/** The generated Markdown (without markers). */
export function renderRulesTable(): string {
  const header = ['| Rule | Severity | Pack | Layers | Requires | Why | Fix | Checkov / Trivy |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
  const internal = Object.values(internalRules).sort((a, b) => (a.id < b.id ? -1 : 1));
  return [
    ...header,
    ...ruleList.map(row),
    '',
    'Findings the gate makes about itself (not suppressible):',
    '',
    '| Finding | Severity | Meaning | Fix |',
    '| --- | --- | --- | --- |',
    ...internal.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} | ${cell(rule.help)} |`),
  ].join('\n');
}

/** The README text with the table between the markers replaced. */
export function withTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`the README needs ${START} and ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${renderRulesTable()}\n${readme.slice(end)}`;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--write') || args.includes('--check')) {
    for (const file of READMES) {
      const shown = path.relative(path.join(__dirname, '..'), file);
      const current = fs.readFileSync(file, 'utf8');
      const next = withTable(current);
      if (args.includes('--check')) {
        if (next !== current) {
          process.stderr.write(`${shown} rule table is stale; run: node -r ./scripts/register.js scripts/rules-table.ts --write\n`);
          process.exitCode = 1;
        }
      } else if (next !== current) {
        fs.writeFileSync(file, next);
        process.stdout.write(`${shown} updated\n`);
      }
    }
  } else {
    process.stdout.write(`${renderRulesTable()}\n`);
  }
}
