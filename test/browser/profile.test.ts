import { describe, expect, it } from 'vitest';
import { getProfile, profiles } from '../../src/browser/profile.js';
import { CorsairError } from '../../src/errors.js';

describe('getProfile', () => {
  it('resolves each built-in profile by name and passes a custom one through', () => {
    for (const [name, profile] of Object.entries(profiles)) expect(getProfile(name as never)).toBe(profile);
    const custom = { ...profiles.chromium, name: 'chromium' as const };
    expect(getProfile(custom)).toBe(custom);
  });

  it.each(['safari', 'Chromium', 'constructor', 'toString', '__proto__'])(
    "refuses '%s' with BROWSER_UNKNOWN_PROFILE and the names that exist",
    (name) => {
      let thrown: unknown;
      try {
        getProfile(name as never);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(CorsairError);
      expect(thrown).toMatchObject({ code: 'BROWSER_UNKNOWN_PROFILE' });
      expect((thrown as CorsairError).fix).toContain('chromium, firefox, webkit, spec');
    },
  );
});
