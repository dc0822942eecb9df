/**
 * Runs before each test file: cdktf's jest matchers (toHaveResourceWithProperties …; they take
 * snake_case keys), and the removal of the file's temporary directories when it is done. The policy
 * gate analyses the source afresh in tests (and in the processes they start): reuse has its own tests,
 * with their own store, so no test writes analyses into node_modules/.cache.
 */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { removeTempDirs } from './helpers/temp';

process.env.POLICY_NO_CACHE = '1';
Testing.setupJest();
afterAll(removeTempDirs);
