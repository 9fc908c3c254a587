// The bench's statistics (bench/stats.ts): every section reports medians and ranges through these.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, middleMean, spread } from '../../bench/stats.js';

describe('median', () => {
  it('is the middle value of an odd-length list, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([7])).toBe(7);
    expect(median([10, -5, 0, 4, 2])).toBe(2);
  });

  it('is the mean of the two middle values of an even-length list, not the upper one', () => {
    // Two rounds of a fresh process: the first reads high; the median must not be that round.
    expect(median([100, 1500])).toBe(800);
    expect(median([1, 2, 10, 20])).toBe(6);
  });

  it('lies between the list extremes, and has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 30 }), (xs) => {
        const m = median(xs);
        expect(m).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(m).toBeLessThanOrEqual(Math.max(...xs));
        const below = xs.filter((x) => x <= m).length;
        const above = xs.filter((x) => x >= m).length;
        expect(below).toBeGreaterThanOrEqual(xs.length / 2);
        expect(above).toBeGreaterThanOrEqual(xs.length / 2);
      }),
    );
  });

  it('does not reorder its argument', () => {
    const xs = [3, 1, 2];
    median(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});

describe('spread', () => {
  it('gives the median and the extremes', () => {
    expect(spread([0.9, 1.2, 1.0, 0.8])).toEqual({ median: 0.95, min: 0.8, max: 1.2 });
  });

  it('is NaN throughout for no rounds (a cell that was not measured)', () => {
    const s = spread([]);
    expect([s.median, s.min, s.max].every(Number.isNaN)).toBe(true);
  });
});

describe('middleMean', () => {
  it('is the mean of the middle half: outliers at either end do not move it', () => {
    expect(middleMean([0, 1, 2, 3, 4, 100])).toBe(2.5);
    expect(middleMean([5])).toBe(5);
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 2, noNaN: true }), { minLength: 8, maxLength: 40 }),
        (xs) => {
          const k = Math.floor(xs.length / 4);
          const spiked = [...xs.slice(0, xs.length - k), ...Array(k).fill(1e6)];
          const m = middleMean(spiked);
          expect(m).toBeGreaterThanOrEqual(1);
          expect(m).toBeLessThanOrEqual(2);
        },
      ),
    );
  });
});
