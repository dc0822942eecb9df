'use strict';

/**
 * The Dockerfile's contract as pure functions: parse the text into instructions, then list the
 * problems. test/dockerfile.test.js runs them on the real files and on broken examples, so each
 * check is shown to pass the good file and to catch the fault it exists for.
 *
 * The parser covers what this Dockerfile uses: comments, blank lines, `\` line continuations and
 * one instruction per logical line. It is not a full BuildKit parser (no heredocs, no escape directive).
 */

/** @returns {{ keyword: string, args: string, line: number }[]} keyword upper-cased; line is 1-based. */
function parseDockerfile(text) {
  const instructions = [];
  let current = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (current === null && (line === '' || line.startsWith('#'))) return;
    if (current !== null && line.startsWith('#')) return; // comments inside a continuation are skipped
    const continues = line.endsWith('\\');
    const part = continues ? line.slice(0, -1).trim() : line;
    if (current === null) {
      const match = /^(\S+)\s*(.*)$/.exec(part);
      current = { keyword: match[1].toUpperCase(), args: match[2], line: index + 1 };
    } else if (part !== '') {
      current.args = `${current.args} ${part}`.trim();
    }
    if (!continues) {
      instructions.push(current);
      current = null;
    }
  });
  if (current !== null) instructions.push(current);
  return instructions;
}

/** `FROM [--platform=…] image [AS name]` → { image, alias }. */
function parseFrom(args) {
  const words = args.split(/\s+/).filter((word) => !word.startsWith('--'));
  const asIndex = words.findIndex((word) => word.toUpperCase() === 'AS');
  return { image: words[0], alias: asIndex === -1 ? undefined : words[asIndex + 1] };
}

/**
 * Pinned means an exact version tag (`20.20.2`, `20.20.2-bookworm-slim`), optionally plus a sha256
 * digest. Not `latest`, not a missing tag, not a moving major/minor like `20` or `20-bookworm-slim`.
 * @returns {string | undefined} why the reference is not pinned, or undefined when it is
 */
function whyNotPinned(image) {
  const [nameAndTag, digest] = image.split('@');
  if (digest !== undefined && !/^sha256:[0-9a-f]{64}$/.test(digest)) return `digest "${digest}" is not sha256:<64 hex>`;
  const colon = nameAndTag.lastIndexOf(':');
  const slash = nameAndTag.lastIndexOf('/');
  if (colon === -1 || colon < slash) return 'has no tag';
  const tag = nameAndTag.slice(colon + 1);
  if (!/^v?\d+\.\d+\.\d+([-.][\w.-]+)?$/.test(tag)) return `tag "${tag}" is not an exact version (major.minor.patch)`;
  return undefined;
}

/** ENV accepts `KEY=value …` and the legacy `KEY value`; returns the pairs it sets. */
function parseEnv(args) {
  if (!args.includes('=')) {
    const [key, ...rest] = args.split(/\s+/);
    return { [key]: rest.join(' ') };
  }
  const pairs = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    pairs[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return pairs;
}

/** Exec (JSON array) form → array of strings; shell form → undefined. */
function execForm(args) {
  if (!args.trim().startsWith('[')) return undefined;
  try {
    const value = JSON.parse(args);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} text the Dockerfile
 * @param {{ port: number }} expected the port the app listens on by default
 * @returns {string[]} one message per broken rule; empty when the contract holds
 */
function checkDockerfile(text, { port }) {
  const problems = [];
  const all = parseDockerfile(text);
  const froms = all.filter((i) => i.keyword === 'FROM');
  if (froms.length < 2) problems.push(`multi-stage build expected (at least 2 FROM); found ${froms.length}`);

  const stageNames = new Set();
  for (const from of froms) {
    const { image, alias } = parseFrom(from.args);
    // `FROM deps` builds on an earlier stage of this file: that is not a registry image to pin.
    if (!stageNames.has(image)) {
      const why = whyNotPinned(image);
      if (why) problems.push(`line ${from.line}: base image "${image}" is not pinned: ${why}`);
    }
    if (alias) stageNames.add(alias);
  }

  if (!all.some((i) => i.keyword === 'RUN' && /\bnpm ci\b[^&|;]*--omit=dev\b/.test(i.args))) {
    problems.push('no RUN with `npm ci --omit=dev`');
  }

  // Everything below is about the image that runs: the instructions after the last FROM.
  const lastFrom = all.lastIndexOf(froms[froms.length - 1]);
  const final = lastFrom === -1 ? all : all.slice(lastFrom + 1);
  const cmdIndex = final.findIndex((i) => i.keyword === 'CMD');
  const cmd = final[cmdIndex];

  const env = Object.assign({}, ...final.filter((i) => i.keyword === 'ENV').map((i) => parseEnv(i.args)));
  if (env.NODE_ENV !== 'production') problems.push(`final stage must set ENV NODE_ENV=production; found ${JSON.stringify(env.NODE_ENV)}`);

  const users = final.filter((i, index) => i.keyword === 'USER' && (cmdIndex === -1 || index < cmdIndex));
  const user = users.length ? users[users.length - 1].args.trim() : undefined;
  if (user === undefined) problems.push('final stage has no USER before CMD (the container would run as root)');
  else if (/^(root|0)(:.*)?$/.test(user)) problems.push(`final stage runs as root (USER ${user})`);

  const exposed = final.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/));
  if (!exposed.some((p) => p === String(port) || p === `${port}/tcp`)) {
    problems.push(`final stage must EXPOSE ${port}; found ${exposed.length ? exposed.join(' ') : 'none'}`);
  }

  const healthcheck = final.find((i) => i.keyword === 'HEALTHCHECK');
  if (!healthcheck || /^NONE\b/i.test(healthcheck.args)) {
    problems.push('final stage has no HEALTHCHECK');
  } else {
    if (/\b(curl|wget)\b/.test(healthcheck.args)) problems.push('HEALTHCHECK uses curl/wget, which the slim image does not have');
    if (!healthcheck.args.includes('/health')) problems.push('HEALTHCHECK does not probe /health');
  }

  if (!cmd) problems.push('final stage has no CMD');
  else if (!execForm(cmd.args)) problems.push(`CMD must be exec form (a JSON array) so node receives SIGTERM; found ${cmd.args}`);

  const hasArg = final.some((i) => i.keyword === 'ARG' && /^APP_VERSION(=|$)/.test(i.args.trim()));
  if (!hasArg) problems.push('final stage has no ARG APP_VERSION');
  if (!/^\$\{?APP_VERSION\}?$/.test(env.APP_VERSION ?? '')) problems.push('final stage must pass the build arg on: ENV APP_VERSION=${APP_VERSION}');

  return problems;
}

/** @returns {string[]} problems with the .dockerignore file; empty when it is fine */
function checkDockerignore(text) {
  const patterns = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const problems = [];
  const excludes = (name) => patterns.some((p) => [name, `${name}/`, `/${name}`, `**/${name}`].includes(p));
  if (!excludes('node_modules')) problems.push('.dockerignore must exclude node_modules');
  if (patterns.includes('!node_modules')) problems.push('.dockerignore re-includes node_modules');
  return problems;
}

module.exports = { parseDockerfile, parseFrom, whyNotPinned, parseEnv, execForm, checkDockerfile, checkDockerignore };
