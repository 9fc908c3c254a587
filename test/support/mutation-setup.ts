// Setup of the mutation runs only (vitest.mutation.config.ts). A property that fails under a mutant has
// already killed it: shrinking the counterexample would cost seconds per killed mutant and tell nothing.
import fc from 'fast-check';

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
