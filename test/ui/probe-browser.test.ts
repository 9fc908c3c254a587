// The page asks the probe API to predict for its own engine; anything else is predicted as Chromium.
import { describe, expect, it } from 'vitest';
import { parseProbeRequest } from '../../src/ui/probe.js';

describe('the probe API', () => {
  it('the probe API takes webkit and falls back to chromium for anything else', () => {
    const base = { url: 'http://localhost:4001/x', method: 'GET', headers: [], credentials: 'omit' };
    expect(parseProbeRequest({ ...base, browser: 'webkit' }).browser).toBe('webkit');
    expect(parseProbeRequest({ ...base, browser: 'safari' }).browser).toBe('chromium');
  });
});
