/**
 * Maps a field path (`['task', 'secrets', 'DB']`) to a line of the YAML file, so every problem can
 * point at a line: the key's line when the field is there, the parent mapping's key line when it is
 * missing (a required key that was left out), the first line of the document for the top level.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from 'yaml';

export interface Located {
  /** 1-based line. */
  readonly line: number;
  /** The value node at the full path, when the path exists. */
  readonly node?: Node;
}

export class Locator {
  /** Pairs of each mapping by key, built on first use: a file with thousands of keys stays linear. */
  private readonly pairsByKey = new WeakMap<object, Map<string, Pair>>();

  constructor(
    private readonly document: Document,
    private readonly lineCounter: LineCounter,
  ) {}

  /** The line of `offset` in the source text. */
  lineAtOffset(offset: number): number {
    return this.lineCounter.linePos(offset).line;
  }

  /** Line of the field at `path` (or of its nearest existing parent) and its value node. */
  locate(path: readonly PropertyKey[]): Located {
    let node: unknown = this.resolve(this.document.contents);
    let line = this.startLine(node) ?? 1;
    for (const segment of path) {
      let next: { pair?: Pair; value: unknown } | undefined;
      if (isMap(node)) {
        const pair = this.pairsOf(node).get(String(segment));
        if (pair) next = { pair, value: pair.value };
      } else if (isSeq(node) && typeof segment === 'number') {
        if (segment >= 0 && segment < node.items.length) next = { value: node.items[segment] };
      }
      if (!next) return { line };
      const keyLine = next.pair ? this.startLine(next.pair.key) : undefined;
      node = this.resolve(next.value);
      line = keyLine ?? this.startLine(next.value) ?? line;
    }
    return { line, node: node as Node | undefined };
  }

  lineOf(path: readonly PropertyKey[]): number {
    return this.locate(path).line;
  }

  /** The value as written in the file (`1e308`, `.inf`, `yes`), for scalars at `path`. */
  sourceOf(path: readonly PropertyKey[]): { text: string; quoted: boolean } | undefined {
    const { node } = this.locate(path);
    if (!isScalar(node)) return undefined;
    const source = (node as { source?: unknown }).source;
    if (typeof source !== 'string') return undefined;
    return { text: source, quoted: node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' };
  }

  /** The field path of the innermost key or value whose text holds `offset` (for parser messages that carry only a position). */
  pathAtOffset(offset: number): PropertyKey[] {
    const path: PropertyKey[] = [];
    const range = (node: unknown) => (node as { range?: [number, number, number] } | null)?.range;
    let node: unknown = this.document.contents;
    for (let depth = 0; depth < 64; depth++) {
      let next: unknown;
      if (isMap(node)) {
        for (const item of node.items) {
          if (!isPair(item) || !isScalar(item.key)) continue;
          const key = range(item.key);
          const value = range(item.value);
          // A pair spans its key to the end of its value; a tag before the value belongs to the value.
          if (!key || offset < key[0] || offset >= Math.max(value?.[1] ?? key[1], key[0] + 1)) continue;
          path.push(String(item.key.value));
          if (value && offset >= key[1]) next = item.value;
          break;
        }
      } else if (isSeq(node)) {
        const index = node.items.findIndex((item) => {
          const itemRange = range(item);
          return itemRange !== undefined && itemRange[0] <= offset && offset < Math.max(itemRange[1], itemRange[0] + 1);
        });
        if (index >= 0) {
          path.push(index);
          next = node.items[index];
        }
      }
      if (next === undefined || !(isMap(next) || isSeq(next))) break;
      node = next;
    }
    return path;
  }

  private pairsOf(map: { items: unknown[] }): Map<string, Pair> {
    let pairs = this.pairsByKey.get(map);
    if (!pairs) {
      pairs = new Map();
      for (const item of map.items) {
        if (isPair(item) && isScalar(item.key) && !pairs.has(String(item.key.value))) pairs.set(String(item.key.value), item);
      }
      this.pairsByKey.set(map, pairs);
    }
    return pairs;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? (node.resolve(this.document) ?? node) : node;
  }

  private startLine(node: unknown): number | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? this.lineAtOffset(range[0]) : undefined;
  }
}
