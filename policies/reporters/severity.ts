/** Severity mapping per output format, in one table. */
import type { Severity } from '../model';

export const SEVERITY_MAP: { readonly [S in Severity]: { readonly sarif: 'error' | 'warning' | 'note'; readonly github: 'error' | 'warning' | 'notice'; readonly text: string; readonly markdown: string } } = {
  error: { sarif: 'error', github: 'error', text: 'error', markdown: '❌ error' },
  warning: { sarif: 'warning', github: 'warning', text: 'warning', markdown: '⚠️ warning' },
  note: { sarif: 'note', github: 'notice', text: 'note', markdown: 'ℹ️ note' },
};
