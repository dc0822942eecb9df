/**
 * "Did you mean" for unknown keys: finds the object that rejected the key, lists the keys it allows
 * and picks the closest one by edit distance.
 */
import { allowedKeysAt } from './schema-walk';

export interface KeySuggestion {
  readonly closest?: string;
  readonly allowed: readonly string[];
}

export function suggestKey(key: string, path: readonly PropertyKey[], data: unknown): KeySuggestion {
  const allowed = allowedKeysAt(path, data).filter((k) => k !== '$schema');
  let closest: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  // Edit distance is quadratic: a 10,000-character key is compared by its start only.
  const probe = key.slice(0, 64).toLowerCase();
  for (const candidate of allowed) {
    const distance = editDistance(probe, candidate.toLowerCase());
    if (distance < best) {
      best = distance;
      closest = candidate;
    }
  }
  // A suggestion further away than a third of the word is noise, unless the key is a shortened
  // form of exactly one allowed key (subjectAltNames → subjectAlternativeNames).
  const close = closest !== undefined && best <= Math.max(2, Math.floor(probe.length / 3));
  if (close) return { closest, allowed };
  const sharingPrefix = allowed.filter((candidate) => commonPrefixLength(candidate.toLowerCase(), probe) >= 6);
  return { closest: sharingPrefix.length === 1 ? sharingPrefix[0] : undefined, allowed };
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
