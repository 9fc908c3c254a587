// workerd: the example from examples/ on the real runtime, through the shared edge suite.
import { defineEdgeSuite } from './suite.js';

defineEdgeSuite('workerd');
