/** cdktf's jest matchers (toHaveResourceWithProperties …) for stack tests; they take snake_case keys. */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();
