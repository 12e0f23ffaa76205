/** Shared finite-difference helpers for the greek consistency tests (not a test file itself). */

const EPS = Number.EPSILON;

/**
 * Fourth-order central difference of f at x with step h, and a bound on its rounding noise: the
 * stencil weights sum to 18/12 in absolute value, each f carries about 1 ulp, divided by h; x 8 slack.
 */
export function fd(f: (x: number) => number, x: number, h: number): { value: number; noise: number } {
  const a = f(x + 2 * h), b = f(x + h), c = f(x - h), d = f(x - 2 * h);
  const m = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  return { value: (-a + 8 * b - 8 * c + d) / (12 * h), noise: (12 * EPS * m) / h };
}

/** Analytic value within 1e-6 relative (truncation, with steps scaled to the problem) plus rounding noise. */
export function agrees(analytic: number, diff: { value: number; noise: number }): boolean {
  return Math.abs(analytic - diff.value) <= 1e-6 * Math.abs(analytic) + diff.noise + 1e-300;
}

/**
 * Fourth-order central second difference of f at x with step h, and a bound on its rounding noise
 * (stencil weights 1, 16, 30, 16, 1 over 12 h^2, each f about 1 ulp; x 8 slack). Used for gamma from
 * prices alone, so the check owes nothing to the delta formula.
 */
export function fd2(f: (x: number) => number, x: number, h: number): { value: number; noise: number } {
  const a = f(x + 2 * h), b = f(x + h), c = f(x), d = f(x - h), e = f(x - 2 * h);
  const m = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d), Math.abs(e));
  return { value: (-a + 16 * b - 30 * c + 16 * d - e) / (12 * h * h), noise: (8 * 64 * EPS * m) / (12 * h * h) };
}
