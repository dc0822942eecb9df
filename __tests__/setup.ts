/**
 * Runs before each test file: cdktf's jest matchers (toHaveResourceWithProperties …; they take
 * snake_case keys), and the removal of the file's temporary directories when it is done.
 */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { removeTempDirs } from './helpers/temp';

Testing.setupJest();
afterAll(removeTempDirs);
