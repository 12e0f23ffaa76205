import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { decimalJsonSchema, PARAMETER_SCHEMA_FILE, parameterSchemaText } from '../../scripts/parameterSchema.js';
import { computeMargin, parseMarginParameters, PRESETS, safeParseMarginParameters, type MarketSnapshotInput } from '../../src/index.js';
import { decimalField, type DecimalConstraint } from '../../src/schema/fields.js';

// docs/margin-parameters.schema.json: the JSON Schema users point their editor at. It must be the
// one the zod schema generates today, accept every preset, and never accept what the parser refuses.
const ajv = new Ajv2020({ strict: true, allErrors: true });
const committed = readFileSync(PARAMETER_SCHEMA_FILE, 'utf8');
const validate = ajv.compile(JSON.parse(committed));
const errorsOf = (v: unknown) => (validate(v) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.message}`));

/** The JSON blocks of docs/parameters.md that are complete parameter sets (they have an `id`). */
const guideSets = [...readFileSync(join(__dirname, '..', '..', 'docs', 'parameters.md'), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)]
  .map((m) => JSON.parse(m[1]!) as Record<string, unknown>)
  .filter((j) => typeof j.id === 'string');

describe('the JSON Schema of parameter sets', () => {
  it('is up to date with the zod schema (regenerate: npm run docs:schema)', () => {
    expect(committed).toBe(parameterSchemaText());
  });

  for (const [id, preset] of Object.entries(PRESETS)) {
    it(`accepts the preset ${id}`, () => expect(errorsOf(JSON.parse(JSON.stringify(preset)))).toEqual([]));
  }

  it('accepts the parameter sets of docs/parameters.md, which the parser accepts too', () => {
    expect(guideSets.length).toBeGreaterThan(0);
    for (const set of guideSets) {
      expect(errorsOf(set), String(set.id)).toEqual([]);
      expect(parseMarginParameters(set).id).toBe(set.id);
    }
  });

  it("the guide's Deribit sets reproduce Deribit's published examples", () => {
    // The guide's JSON is untyped data: the parse* door checks it, as a user reading a file would.
    const [standard, pm] = guideSets.slice(0, 2).map((set) => parseMarginParameters(set));
    const market = (symbol: string, underlying: string, price: string): MarketSnapshotInput => ({
      asOf: '2026-01-01T00:00:00Z', settlementCurrency: 'USDC',
      instruments: [{ symbol, kind: 'future', underlying, quoteCurrency: 'USDC', settlementCurrency: 'USDC', settlement: 'linear', contractSize: '1' }],
      underlyings: { [underlying]: { index: price } }, marks: { [symbol]: { price } }, assets: {},
    });
    const book = (symbol: string, quantity: string) => ({ accountId: 'guide', settlementCurrency: 'USDC', positions: [{ symbol, quantity }], collateral: [] });
    // Deribit, "Linear Perpetual": 25 BTC at 100,000: IM 53,125, MM 28,125 USDC.
    const btc = computeMargin(book('BTC-PERP', '25'), market('BTC-PERP', 'BTC', '100000'), standard!);
    expect([btc.initialMargin, btc.maintenanceMargin]).toEqual(['53125', '28125']);
    // Deribit: 6,000 SOL at 200: IM 84,000 USDC; MM by hand: 1,200,000 x (0.02 + 6,000 x 0.000005) = 60,000.
    const sol = computeMargin(book('SOL-PERP', '6000'), market('SOL-PERP', 'SOL', '200'), standard!);
    expect([sol.initialMargin, sol.maintenanceMargin]).toEqual(['84000', '60000']);
    // By hand: 1 BTC at 100,000, worst weighted loss 16% = 16,000; IM 1.3 x 16,000 = 20,800.
    const perp = computeMargin(book('BTC-PERP', '1'), market('BTC-PERP', 'BTC', '100000'), pm!);
    expect([perp.initialMargin, perp.maintenanceMargin]).toEqual(['20800', '16000']);
  });

  it("the guide's portfolio set is the deribit-pm-2023 preset without its standard tables, as the guide says", () => {
    // The guide walks Deribit's pre-2024 page; `deribit-pm` is now the 2024 model (a different set).
    // Parsed, so that the defaults the guide leaves out and the preset writes out compare equal.
    const guide = guideSets[1]!;
    const { standard: _standard, isolated: _isolated, ...preset } = JSON.parse(JSON.stringify(PRESETS['deribit-pm-2023'])) as Record<string, unknown>;
    const named = { id: guide.id, version: guide.version, source: guide.source };
    expect(parseMarginParameters(guide)).toEqual(parseMarginParameters({ ...preset, ...named }));
    expect(parseMarginParameters(guide)).not.toEqual(parseMarginParameters({ ...(JSON.parse(JSON.stringify(PRESETS['deribit-pm'])) as Record<string, unknown>), ...named }));
  });

  it('rejects an unknown key, an exponent, a negative rate and a missing id, as the parser does', () => {
    const base = JSON.parse(JSON.stringify(PRESETS['deribit-standard'])) as Record<string, unknown>;
    const bad = [
      { ...base, typo: 1 },
      { ...base, settlementPrecision: 2.5 },
      { ...base, standard: { ...(base.standard as object), futures: { default: { im: '2e-2', mm: '0.01' } } } },
      Object.fromEntries(Object.entries(base).filter(([k]) => k !== 'id')),
    ];
    for (const b of bad) {
      expect(errorsOf(b)).not.toEqual([]);
      expect(safeParseMarginParameters(b).success).toBe(false);
    }
  });

  // Property: for each decimal constraint, a string the schema accepts is one the parser accepts
  // (the schema may be stricter, never looser).
  const strings = ['0', '1', '-1', '+1', '0.5', '.5', '5.', '1.0', '1.01', '00.3', '-0', '-0.0', '', '.', '-', '1e3', '0x10', 'NaN', 'Infinity', ' 1', '1 ', '2', '0.000', '123456789.123456789'];
  for (const c of ['any', 'nonNegative', 'positive', 'fraction'] as DecimalConstraint[]) {
    it(`decimal strings (${c}): the schema accepts none that the parser refuses`, () => {
      const schema = ajv.compile(decimalJsonSchema(c));
      const parser = decimalField(c);
      const loose = strings.filter((s) => schema(s) && !parser.safeParse(s).success);
      expect(loose).toEqual([]);
      // and it is not trivially strict: the plain forms of valid values pass
      expect(strings.filter((s) => schema(s)).length).toBeGreaterThan(3);
    });
  }
});
