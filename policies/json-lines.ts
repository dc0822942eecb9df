/**
 * Line numbers of object keys in pretty-printed JSON (cdktf and terraform write 2-space indented JSON),
 * so synth and plan findings can point at the resource's line. Minified JSON maps everything to line 1.
 */

/** Map from a key path (`resource/aws_lb/main`) to its 1-based line, for paths up to `maxDepth` keys. */
export function jsonKeyLines(text: string, maxDepth = 3): Map<string, number> {
  const lines = new Map<string, number>();
  const stack: { indent: number; key: string }[] = [];
  const pattern = /^(\s*)"((?:[^"\\]|\\.)*)":\s*[[{]/;
  text.split('\n').forEach((line, index) => {
    const match = pattern.exec(line);
    if (!match) return;
    const indent = match[1].length;
    while (stack.length > 0 && stack[stack.length - 1].indent >= indent) stack.pop();
    stack.push({ indent, key: match[2] });
    if (stack.length <= maxDepth) {
      const path = stack.map((entry) => entry.key).join('/');
      if (!lines.has(path)) lines.set(path, index + 1);
    }
  });
  return lines;
}
