/**
 * Jest globalSetup: every jest run gets a private temporary directory and an empty home directory, so
 * nothing a test writes, or a tool it starts writes (terraform, the cdktf CLI, swc), reaches the user's
 * own, and teardown.js can tell what was left behind. Plain JavaScript, so it needs no transform.
 */
'use strict';
const { mkdirSync, mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'ecs-web-stack-jest-'));
  mkdirSync(join(root, 'tmp'));
  mkdirSync(join(root, 'home'), { mode: 0o700 });
  // Read by teardown.js, which runs in this same process.
  process.env.ECS_WEB_STACK_JEST_ROOT = root;
  process.env.ECS_WEB_STACK_JEST_STARTED = String(Date.now());
  // Workers and every process they start inherit these.
  process.env.TMPDIR = join(root, 'tmp');
  process.env.HOME = join(root, 'home');
  // terraform and the cdktf CLI ask checkpoint-api.hashicorp.com for news and write
  // ~/.terraform.d/checkpoint_signature; offline, the cdktf CLI also logs an [ERROR]. Tests never call out.
  process.env.CHECKPOINT_DISABLE = '1';
  // The cdktf CLI otherwise points TF_PLUGIN_CACHE_DIR at ~/.terraform.d/plugin-cache and fills it.
  process.env.CDKTF_DISABLE_PLUGIN_CACHE_ENV = '1';
  // The policy gate analyses the source afresh in tests and in the processes and threads they start
  // (reuse has its own tests, with their own store): nothing is written to node_modules/.cache/policy-gate.
  process.env.POLICY_NO_CACHE = '1';
  // swc's native binding cache (SWC_NATIVE_BINDING_CACHE) is set in jest.config.js: jest loads swc before this runs.
};
