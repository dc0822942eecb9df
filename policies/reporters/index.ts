/**
 * Reporters: pure functions `(findings, context) => string`, one per file, registered by format so a
 * missing format is a type error. Writing the string anywhere is the caller's job.
 */
import type { Finding } from '../model';
import type { RuleMeta, Summary } from '../types';
import { github } from './github';
import { json } from './json';
import { markdown } from './markdown';
import { sarif } from './sarif';
import { text } from './text';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportContext {
  /** Absolute repository root (SARIF's originalUriBaseIds); reporters never read process.cwd(). */
  readonly root: string;
  /** Rule metadata (fix hints, SARIF rule descriptors); `renderReport` fills it from the result. */
  readonly rules?: readonly RuleMeta[];
  /** The run's summary; computed from the findings when absent. */
  readonly summary?: Summary;
  /** Tool version for SARIF (default 0.1.0). */
  readonly toolVersion?: string;
}

export type Reporter = (findings: readonly Finding[], context: ReportContext) => string;

export const reporters: Record<Format, Reporter> = { text, json, sarif, github, markdown };

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
