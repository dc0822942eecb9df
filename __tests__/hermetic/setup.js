/**
 * Jest globalSetup: every jest run gets a private temporary directory and an empty home directory, so
 * nothing a test writes, or a tool it starts writes (terraform, the cdktf CLI, swc), reaches the user's
 * own, and teardown.js can tell what was left behind. Plain JavaScript on purpose: a TypeScript file
 * here would be transpiled by swc before this runs, and swc itself writes into the home directory.
 */
'use strict';
const { mkdirSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');

module.exports = function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'ecs-web-stack-jest-'));
  mkdirSync(join(root, 'tmp'));
  mkdirSync(join(root, 'home'), { mode: 0o700 });
  // Read by teardown.js, which runs in this same process.
  process.env.ECS_WEB_STACK_JEST_ROOT = root;
  // Workers and every process they start inherit these.
  process.env.TMPDIR = join(root, 'tmp');
  process.env.HOME = join(root, 'home');
  // terraform and the cdktf CLI ask checkpoint-api.hashicorp.com for news and write
  // ~/.terraform.d/checkpoint_signature; offline, the cdktf CLI also logs an [ERROR]. Tests never call out.
  process.env.CHECKPOINT_DISABLE = '1';
  // The cdktf CLI otherwise points TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache and fills it.
  process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = '1';
  // @swc/core unpacks its native binding into ~/.cache/swc-native-0 unless told where: keep it with the
  // project's other caches (node_modules/.cache), where later runs find it again.
  process.env.SWC_NATIVE_BINDING_CACHE ||= resolve(__dirname, '..', '..', 'node_modules', '.cache', 'swc-native');
};
