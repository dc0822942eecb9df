/**
 * Terraform's JSON diagnostics (`validate -json`, `plan -json`) turned into "stack, resource address,
 * message". The address comes from the diagnostic's `address` when Terraform gives one, else from its
 * source range: the byte offset is looked up in the stack JSON parsed with positions, so the innermost
 * block around it names the resource (and the attribute inside it). The construct path comes from the
 * cdktf metadata (`"//": { "metadata": { "path": … } }`) of that resource.
 */

export interface TerraformDiagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly address?: string;
  readonly range?: { readonly filename: string; readonly start: { readonly line: number; readonly column: number; readonly byte: number } };
  readonly snippet?: { readonly context?: string | null };
}

export interface StackDiagnostic {
  readonly stack: string;
  readonly severity: 'error' | 'warning';
  /** `aws_lb.load-balancer_alb_15AADC07`, `var.image_tag`, `provider.aws`, or the file when nothing narrower is known. */
  readonly address: string;
  /** Attribute path inside the block (`subnets`, `health_check.path`), when the range points into one. */
  readonly attribute?: string;
  /** cdktf construct path (`prod/load-balancer/alb`), when the block has cdktf metadata. */
  readonly constructPath?: string;
  readonly message: string;
  /** `cdk.tf.json:479:7` */
  readonly location?: string;
}

/** Reads a file of the working copy by the name Terraform reports (`cdk.tf.json`); undefined if unknown. */
export type SourceReader = (filename: string) => Buffer | undefined;

export function describeDiagnostic(stack: string, diagnostic: TerraformDiagnostic, read: SourceReader): StackDiagnostic {
  const message = diagnostic.detail ? `${diagnostic.summary}: ${oneLine(diagnostic.detail)}` : diagnostic.summary;
  const range = diagnostic.range;
  const location = range ? `${range.filename}:${range.start.line}:${range.start.column}` : undefined;
  const base = { stack, severity: diagnostic.severity, message, ...(location ? { location } : {}) };

  const source = range && /\.json$/.test(range.filename) ? read(range.filename) : undefined;
  const path = source && range ? jsonPathAt(source, range.start.byte) : undefined;
  const block = path ? blockOf(path) : undefined;
  const address = diagnostic.address ?? block?.address ?? contextAddress(diagnostic.snippet?.context) ?? range?.filename ?? '(stack)';
  const constructPath = source && block?.blockPath ? cdktfPath(source, block.blockPath) : undefined;
  return {
    ...base,
    address,
    ...(block?.attribute ? { attribute: block.attribute } : {}),
    ...(constructPath ? { constructPath } : {}),
  };
}

/** `prod  error  aws_lb.alb (prod/load-balancer/alb) subnets: Invalid combination of arguments: …` */
export function formatDiagnostic(d: StackDiagnostic): string {
  const where = [d.address, d.constructPath ? `(${d.constructPath})` : undefined, d.attribute ? `[${d.attribute}]` : undefined]
    .filter(Boolean)
    .join(' ');
  return `${d.stack}  ${d.severity}  ${where}: ${d.message}`;
}

type PathPart = string | number;

interface Block {
  readonly address: string;
  /** JSON path of the block's body (for its metadata). */
  readonly blockPath?: PathPart[];
  readonly attribute?: string;
}

/** Maps a JSON path in a Terraform JSON file to the block address it lies in. */
export function blockOf(path: readonly PathPart[]): Block | undefined {
  const [top, a, b] = path;
  const rest = (from: number): string | undefined => {
    const parts = path.slice(from).filter((p) => p !== '//');
    return parts.length ? parts.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[') : undefined;
  };
  const withAttribute = (address: string, blockPath: PathPart[], from: number): Block => {
    const attribute = rest(from);
    return { address, blockPath, ...(attribute ? { attribute } : {}) };
  };
  switch (top) {
    case 'resource':
      if (typeof a === 'string' && typeof b === 'string') return withAttribute(`${a}.${b}`, ['resource', a, b], 3);
      return typeof a === 'string' ? { address: a } : undefined;
    case 'data':
    case 'ephemeral':
      if (typeof a === 'string' && typeof b === 'string') return withAttribute(`${top}.${a}.${b}`, [top, a, b], 3);
      return undefined;
    case 'output':
    case 'module':
      return typeof a === 'string' ? withAttribute(`${top}.${a}`, [top, a], 2) : undefined;
    case 'variable':
      return typeof a === 'string' ? withAttribute(`var.${a}`, ['variable', a], 2) : undefined;
    case 'locals':
      return typeof a === 'string' ? { address: `local.${a}` } : { address: 'locals' };
    case 'provider':
      if (typeof a !== 'string') return { address: 'provider' };
      return typeof b === 'number' ? withAttribute(`provider.${a}[${b}]`, ['provider', a, b], 3) : withAttribute(`provider.${a}`, ['provider', a], 2);
    case 'terraform':
      return { address: 'terraform', ...(rest(1) ? { attribute: rest(1) } : {}) };
    case 'import':
      return { address: typeof a === 'number' ? `import[${a}]` : 'import' };
    default:
      return undefined;
  }
}

/** `resource.aws_lb.alb` (Terraform's snippet context for JSON) → `aws_lb.alb`. */
function contextAddress(context: string | null | undefined): string | undefined {
  if (!context) return undefined;
  const match = /^resource\.(.+)$/.exec(context);
  return match ? match[1] : context;
}

function cdktfPath(source: Buffer, blockPath: readonly PathPart[]): string | undefined {
  try {
    let node: unknown = JSON.parse(source.toString('utf8'));
    for (const part of [...blockPath, '//', 'metadata', 'path']) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string | number, unknown>)[part];
    }
    return typeof node === 'string' ? node : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The path of the innermost JSON value (or the key naming it) that contains byte `offset`, e.g.
 * `['resource', 'aws_lb', 'alb', 'subnets']`. Works on bytes, as Terraform's offsets are UTF-8 bytes.
 * Returns [] for offsets outside the document or text that is not JSON.
 */
export function jsonPathAt(source: Buffer | string, offset: number): PathPart[] {
  const bytes = typeof source === 'string' ? Buffer.from(source, 'utf8') : source;
  let at = 0;
  const path: PathPart[] = [];
  let found: PathPart[] | undefined;

  const ws = (): void => {
    while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09)) at++;
  };
  const string = (): string => {
    const start = at;
    at++; // opening quote
    while (at < bytes.length && bytes[at] !== 0x22) at += bytes[at] === 0x5c ? 2 : 1;
    at++; // closing quote
    return JSON.parse(bytes.subarray(start, at).toString('utf8')) as string;
  };
  const value = (): void => {
    ws();
    const start = at;
    const c = bytes[at];
    if (c === 0x7b) {
      at++;
      ws();
      if (bytes[at] === 0x7d) at++;
      else {
        for (;;) {
          ws();
          const keyStart = at;
          const key = string();
          path.push(key);
          if (offset >= keyStart && offset < at) found ??= [...path];
          ws();
          at++; // colon
          value();
          path.pop();
          ws();
          if (bytes[at++] === 0x7d) break;
        }
      }
    } else if (c === 0x5b) {
      at++;
      ws();
      if (bytes[at] === 0x5d) at++;
      else {
        for (let index = 0; ; index++) {
          path.push(index);
          value();
          path.pop();
          ws();
          if (bytes[at++] === 0x5d) break;
        }
      }
    } else if (c === 0x22) {
      string();
    } else {
      while (at < bytes.length && !/[\s,}\]]/.test(String.fromCharCode(bytes[at]))) at++;
    }
    // Innermost wins: children are visited (and recorded) before their parent's range is checked.
    if (offset >= start && offset < at) found ??= [...path];
    if (at <= start) throw new Error('not JSON');
  };
  try {
    value();
  } catch {
    return [];
  }
  return found ?? [];
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
