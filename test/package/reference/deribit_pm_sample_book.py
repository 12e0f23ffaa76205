#!/usr/bin/env python3
"""Independent recomputation of the README's sample-book figures under `deribit-pm` (Deribit's 2024
portfolio margin model), and a re-check of Deribit's published example (the golden case
test/golden/margin-deribit-pm-doc-example).

Written from the model's description (README "Deribit users"; Deribit's API documentation of
private/pme/simulate, https://docs.deribit.com/api-reference/account-management/private-simulate, and the
published readings it cites), not from the library's code: Python's own float64 Black-76 with math.erfc,
Decimal hand arithmetic for futures, its own scenario grid, extended table, dampener, roll and delta shocks.
Standard library only. Run from the repository root:

    python3 test/package/reference/deribit_pm_sample_book.py

It reads examples/data/market.json and examples/data/book.json (the sample book: USDC-settled linear
futures and options, an inverse BTC option, BTC collateral tied to BTC, USDT and USDC), prints every figure
the README quotes for that book under deribit-pm, then the liquidation price of BTC (the down move at
which equity meets MM, by bisection), then re-checks Deribit's example from the golden cases' input.json /
expected.json (margin-deribit-pm-doc-example, and the published per-instrument vectors of
margin-deribit-pm-doc-example-vectors), and finally the README's other sample-book figures: the
"build your own" parameter set (my-desk), the tour's netted exposure of BTC, and the preset table's
deribit-pm-2023, span-classic-16, span-cme-16 and deribit-standard rows (my_desk, exposure, deribit_pm_2023,
span16 and deribit_standard below; each states the model it reads from the documentation); last, the
near-limit book (examples/data/book-near-limit.json) that the assessMany and reductionPlan TSDoc examples
quote (near_limit). The output is kept beside this file (deribit_pm_sample_book.out.txt);
test/package/examples.test.ts compares the library's figures with it.

Model (parameters of the deribit-pm preset = Deribit's BTC model_params of 2024-06-17):
  * grid: moves k x 0.16 / 4, k = -4..4, each instrument's price (futures: its mark; options: their forward;
    tied coins: their price) moves by the same relative m; vol up / same / down per move (27 entries);
  * vol states: up max(iv (1 + 0.5 s), 0.5), down max(iv (1 - 0.25 s), 0), s = (30 / max(DTE, 1))^p,
    p = 0.3 when DTE < 30 else 0.13, DTE = days to expiry (ACT/365);
  * options: Black-76 (rate 0 in the sample market) at the shocked forward and vol; P&L against the
    model value at the unshocked inputs, per contract rounded to 12 significant digits against the account
    (README, "The numeric contract"); an inverse option's USD value is converted at its coin's price,
    which moves with the index;
  * extended table: moves -0.66, -0.33, 0.5, 1, 2, 3, 4, 5 at vol up, each P&L x 1 x 0.16 / |m|
    (a USDC account: the USD P&L needs no conversion);
  * aggregated per underlying: grid gains x pnl_offset 0 (capped at max_offsetable_pnl 0) = 0; extended
    losses reduced by the dampener (max(|m| / 0.16, 1) - 1) x 100,000 USD toward 0, extended gains dropped;
  * worst case = max(0, -min(aggregated entries));
  * roll shock = sum over futures of |units| x max(0.01, 0.075 T) x index, plus per option expiry
    |net delta units| x max(0.01, 0.075 T) x index (T years ACT/365; an option's delta against the index,
    every forward moving with it: N(d1) x F / index per unit for a linear call, (N(d1) - 1) x F / index
    for a put, N(d1) for the inverse call whose coin moves with the index), the net delta rounded up
    to 12 significant digits (the library's float-to-decimal rule for a requirement);
  * delta shock = D x min(0.00005 x max(0, D - 20,000,000 / index), 0.1) x index, D = |futures units +
    option deltas| per underlying;
  * IM = sum over underlyings of worst case + roll shock + delta shock; MM = 0.8 x IM; both rounded up to
    9 decimals.
"""
import json
import math
from datetime import datetime
from decimal import Decimal, getcontext, ROUND_CEILING, ROUND_FLOOR
from pathlib import Path

getcontext().prec = 60
ROOT = Path(__file__).resolve().parents[3]
DAY_MS = 86_400_000
YEAR_MS = 365 * DAY_MS
GRID = [k * 0.04 for k in range(-4, 5)]  # 0.16 * k / 4 as floats (the option model is float)
GRID_D = [Decimal(k) * Decimal('0.04') for k in range(-4, 5)]
EXT = ['-0.66', '-0.33', '0.5', '1', '2', '3', '4', '5']
R = Decimal('0.16')


def ms(iso):
    return int(datetime.fromisoformat(iso.replace('Z', '+00:00')).timestamp() * 1000)


def ncdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2.0))


def black76(right, f, k, t, vol):
    """Undiscounted (rate 0) Black-76 price and delta dV/dF."""
    if t <= 0 or vol <= 0:
        intrinsic = max(0.0, f - k) if right == 'call' else max(0.0, k - f)
        return intrinsic, (1.0 if f > k else 0.0) if right == 'call' else (-1.0 if f < k else 0.0)
    sd = vol * math.sqrt(t)
    d1 = (math.log(f / k) + 0.5 * sd * sd) / sd
    d2 = d1 - sd
    if right == 'call':
        return f * ncdf(d1) - k * ncdf(d2), ncdf(d1)
    return k * ncdf(-d2) - f * ncdf(-d1), ncdf(d1) - 1.0


def vol_state(iv, days, state):
    s = (30.0 / max(days, 1.0)) ** (0.3 if days < 30 else 0.13)
    if state == 'up':
        return max(iv * (1 + 0.5 * s), 0.5)
    if state == 'down':
        return max(iv * (1 - 0.25 * s), 0.0)
    return iv


def d12(x, up):
    """A float model value as a 12-significant-digit decimal, rounded up (a loss) or down (a value)."""
    if x == 0:
        return Decimal(0)
    d = Decimal(repr(x))
    q = Decimal(1).scaleb(d.adjusted() - 11)
    return d.quantize(q, rounding=ROUND_CEILING if up else ROUND_FLOOR)


class Book:
    def __init__(self, market, book, index_scale=None):
        """The sample market, optionally with one underlying's prices scaled (the liquidation search)."""
        self.m = market
        self.book = book
        self.asof = ms(market['asOf'])
        self.inst = {i['symbol']: i for i in market['instruments']}
        self.scale = index_scale or {}

    def index(self, u):
        return Decimal(self.m['underlyings'][u]['index']) * self.scale.get(u, Decimal(1))

    def forward(self, u, expiry):
        f = self.m['underlyings'][u].get('forwards', {}).get(expiry)
        base = Decimal(f) if f is not None else Decimal(self.m['underlyings'][u]['index'])  # rate 0
        return base * self.scale.get(u, Decimal(1))

    def mark(self, sym):
        i = self.inst[sym]
        return Decimal(self.m['marks'][sym]['price']) * self.scale.get(i['underlying'], Decimal(1))

    def asset_price(self, a):
        q = self.m['assets'][a]
        return Decimal(q['price']) * self.scale.get(q.get('underlying'), Decimal(1))

    def holdings(self, u):
        """The netted nonzero futures and options on underlying u, each a list of (symbol, quantity)."""
        held = [(s, q) for s, q in self.positions() if self.inst[s]['underlying'] == u and q != 0]
        return [(s, q) for s, q in held if self.inst[s]['kind'] == 'future'], [(s, q) for s, q in held if self.inst[s]['kind'] == 'option']

    def linear(self, u, futures, coins=True):
        """The futures' linear exposure q x size x mark, plus (coins) the collateral tied to u at its price."""
        x = sum((q * Decimal(self.inst[s]['contractSize']) * self.mark(s) for s, q in futures), Decimal(0))
        if coins:
            tied = [(c['asset'], Decimal(c['balance'])) for c in self.book['collateral'] if self.m['assets'].get(c['asset'], {}).get('underlying') == u]
            x += sum((b * self.asset_price(a) for a, b in tied), Decimal(0))
        return x

    def held(self, coins=True, value=None):
        """Each underlying the book holds futures or options on, in name order: (underlying, futures, options,
        linear exposure as `linear`, each option's unshocked value `value(symbol)`, by default option_value)."""
        for u in sorted(self.m['underlyings']):
            futures, options = self.holdings(u)
            if futures or options:
                yield u, futures, options, self.linear(u, futures, coins), {s: (value or self.option_value)(s) for s, _ in options}

    def years(self, expiry):
        return (ms(expiry) - self.asof) / YEAR_MS

    def positions(self):
        net = {}
        for p in self.book['positions']:
            net[p['symbol']] = net.get(p['symbol'], Decimal(0)) + Decimal(p['quantity'])
        return sorted(net.items())

    def option_value(self, sym, m=0.0, state='same', shock=None):
        """Value of one contract in USDC (float) at a relative move m and vol state (deribit-pm's, or
        `shock(iv)` when given: another parameter set's vol state)."""
        i = self.inst[sym]
        f = float(self.forward(i['underlying'], i['expiry']))
        t = self.years(i['expiry'])
        iv = float(self.m['marks'][sym]['iv'])
        vol = shock(iv) if shock is not None else vol_state(iv, t * 365, state)
        price, _ = black76(i['right'], f * (1 + m), float(i['strike']), t, vol)
        size = float(i['contractSize'])
        if i['settlement'] == 'inverse':  # USD value / F in coin, times the coin's USDC price (tied: moves too)
            coin = float(self.asset_price(i['settlementCurrency'])) * (1 + m)
            return size * coin * price / (f * (1 + m))
        return size * price

    def option_delta_units(self, sym):
        """Delta against the index in units of underlying: the USDC value's change per 1 USD of index move
        (every forward and the tied coin moving with the index), divided by the USDC price of one unit."""
        i = self.inst[sym]
        f = float(self.forward(i['underlying'], i['expiry']))
        s = float(self.index(i['underlying']))
        iv = float(self.m['marks'][sym]['iv'])
        _, delta = black76(i['right'], f, float(i['strike']), self.years(i['expiry']), iv)
        size = float(i['contractSize'])
        if i['settlement'] == 'inverse':
            # USDC value = size x coin x V_usd(F) / F with coin and F proportional to the index: its
            # derivative is size x coin/index x dV_usd/dF; one unit of BTC is worth the coin's price.
            coin = float(self.asset_price(i['settlementCurrency']))
            return size * delta * coin / s * s / coin
        return size * delta * f / s  # dF/dS = F/S; one unit is worth the index

    def unit(self, u):
        """Everything of one underlying: its 35 aggregated entries and the margin parts."""
        futures, options = self.holdings(u)
        # Linear P&L (exact): futures q x mark x m, tied coins balance x price x m.
        linear = self.linear(u, futures)
        base = {s: self.option_value(s) for s, _ in options}

        def pnl(m, state, md=None):
            total = linear * (md if md is not None else Decimal(repr(m)))
            for s, q in options:
                # Per contract, rounded to 12 significant digits against the account (a long's P&L down, a
                # short's up: README, "The numeric contract"), times the quantity.
                total += q * d12(self.option_value(s, m, state) - base[s], q < 0)
            return total

        entries = []
        for m, md in zip(GRID, GRID_D):
            for state in ('up', 'same', 'down'):
                x = pnl(m, state, md)
                entries.append(x if x <= 0 else Decimal(0))  # gains x pnl_offset 0, capped at 0
        for e in EXT:
            ed = Decimal(e)
            x = pnl(float(ed), 'up', ed) * R / abs(ed)  # USD P&L x 0.16/|m| (USDC: no conversion)
            relief = (max(abs(ed) / R, Decimal(1)) - 1) * Decimal(100000)
            entries.append(min(Decimal(0), x + relief) if x < 0 else Decimal(0))
        worst = max(Decimal(0), -min(entries))
        idx = self.index(u)
        # Roll shock: futures per instrument, options per expiry (net delta in units of underlying).
        roll = Decimal(0)
        for s, q in futures:
            i = self.inst[s]
            t = Decimal(ms(i['expiry']) - self.asof) / YEAR_MS if 'expiry' in i else Decimal(0)
            units = abs(q) * Decimal(i['contractSize']) / (self.mark(s) if i['settlement'] == 'inverse' else 1)
            roll += units * max(Decimal('0.01'), Decimal('0.075') * t) * idx
        by_expiry = {}
        for s, q in options:
            e = self.inst[s]['expiry']
            by_expiry[e] = by_expiry.get(e, 0.0) + float(q) * self.option_delta_units(s)
        for e, d in sorted(by_expiry.items()):
            t = Decimal(ms(e) - self.asof) / YEAR_MS
            roll += d12(abs(d), True) * max(Decimal('0.01'), Decimal('0.075') * t) * idx
        # Delta shock.
        delta = sum((q * Decimal(self.inst[s]['contractSize']) for s, q in futures), Decimal(0))
        delta += Decimal(repr(sum(float(q) * self.option_delta_units(s) for s, q in options)))
        d = abs(delta)
        excess = max(Decimal(0), d - Decimal(20_000_000) / idx)
        delta_shock = d * min(Decimal('0.00005') * excess, Decimal('0.1')) * idx
        return {'entries': entries, 'worst': worst, 'roll': roll, 'delta': d, 'deltaShock': delta_shock}

    def margin(self):
        units = {u: self.unit(u) for u in sorted(self.m['underlyings'])}
        units = {u: x for u, x in units.items() if any(self.inst[s]['underlying'] == u for s, _ in self.positions())}
        im = sum((x['worst'] + x['roll'] + x['deltaShock'] for x in units.values()), Decimal(0))
        return units, im, im * Decimal('0.8')

    def equity(self):
        eq = Decimal(0)
        for c in self.book['collateral']:
            a, b = c['asset'], Decimal(c['balance'])
            eq += b * (Decimal(1) if a == self.m['settlementCurrency'] else self.asset_price(a))
        for p in self.book['positions']:
            i = self.inst[p['symbol']]
            q = Decimal(p['quantity'])
            if i['kind'] == 'future':
                eq += q * Decimal(i['contractSize']) * (self.mark(p['symbol']) - Decimal(p.get('entryPrice', self.mark(p['symbol']))))
            else:
                v = self.option_value(p['symbol'])
                eq += q * d12(v, q < 0)  # a short's value rounds up (owed), a long's down
            eq += Decimal(p.get('accruedFunding', '0'))
        return eq


def load(book_file='book.json'):
    """The sample market (examples/data/market.json), one book of examples/data as JSON, and its Book."""
    market = json.loads((ROOT / 'examples/data/market.json').read_text())
    book = json.loads((ROOT / 'examples/data' / book_file).read_text())
    return market, book, Book(market, book)


def up(x, dp=9):
    return x.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_CEILING)


def down(x, dp=9):
    return x.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_FLOOR)


def sample_book():
    market, book, b = load()
    units, im, mm = b.margin()
    print('== sample book (examples/data) under deribit-pm')
    for u, x in units.items():
        k = min(range(len(x['entries'])), key=lambda j: (x['entries'][j], j))
        print(f'  unit {u}: worst case {x["worst"]:.9f} at entry {k}; roll shock {x["roll"]:.9f}; |delta| {x["delta"]:.9f}; delta shock {x["deltaShock"]:.9f}')
        print(f'  unit {u}: IM {up(x["worst"] + x["roll"] + x["deltaShock"])}  MM {up(Decimal("0.8") * (x["worst"] + x["roll"] + x["deltaShock"]))}')
    print(f'  initialMargin {up(im)}')
    print(f'  maintenanceMargin {up(mm)}')
    # The BTC unit's worst scenario (grid -16%, vol up): each position's P&L there.
    print('  BTC at -16%, vol up, per position:')
    for s, q in b.positions():
        i = b.inst[s]
        if i['underlying'] != 'BTC':
            continue
        if i['kind'] == 'future':
            x = q * Decimal(i['contractSize']) * b.mark(s) * Decimal('-0.16')
        else:
            x = q * d12(b.option_value(s, -0.16, 'up') - b.option_value(s), q < 0)
        print(f'    {s:28} {q:>6}  {x}')
    eq = b.equity()
    print(f'  equity {eq:.12f} (rounded down at 9 decimals {down(eq)})')
    e9 = down(eq)
    print(f'  excess over IM {e9 - up(im)}; over MM {e9 - up(mm)}')
    print(f'  MM / equity {(up(mm) / e9):.10f}; equity / MM {(e9 / up(mm)):.10f}')
    # Liquidation price of BTC: the down move at which equity = MM (all BTC prices scale together).
    def gap(s):
        bb = Book(market, book, {'BTC': s / Decimal(market['underlyings']['BTC']['index'])})
        _, _, mm_s = bb.margin()
        return bb.equity() - mm_s
    lo, hi = Decimal('1000'), Decimal('100000')
    assert gap(lo) < 0 < gap(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        if gap(mid) < 0:
            lo = mid
        else:
            hi = mid
    print(f'  liquidation price of BTC (down): {hi:.6f} (move {(hi / 100000 - 1) * 100:.4f}%)')


def doc_example():
    """Deribit's published example, from the golden case's input and expected files."""
    case = ROOT / 'test/golden/margin-deribit-pm-doc-example'
    inp = json.loads((case / 'input.json').read_text(), parse_float=Decimal, parse_int=Decimal)
    # The published per-instrument vectors are their own golden case (riskMatrix), on the same book and market.
    vectors = json.loads((ROOT / 'test/golden/margin-deribit-pm-doc-example-vectors/expected.json').read_text(), parse_float=Decimal)
    book, market, builder = inp['args']
    mp = builder['args'][0]
    pair, cur, gen = mp['currency_pair']['btc_usd'], mp['currency']['btc'], mp['general']
    r, n = pair['price_range'], int(gen['buckets_count'])
    moves = [Decimal(k) * r / n for k in range(-n, n + 1)]
    asof = ms(market['asOf'])
    agg = [Decimal(0)] * (3 * len(moves) + len(EXT))
    roll, worst_diff = Decimal(0), Decimal(0)
    for p, want in zip(sorted(book['positions'], key=lambda p: p['symbol']), vectors['result']['units'][0]['positions']):
        inst = next(i for i in market['instruments'] if i['symbol'] == p['symbol'])
        mark = Decimal(market['marks'][p['symbol']]['price'])
        s = Decimal(p['quantity']) * Decimal(inst['contractSize']) / mark  # coin position
        vec = [s * m / (1 + m) for m in moves for _ in range(3)]
        for e in EXT:
            ed = Decimal(e)
            edge = r if ed > 0 else -r
            vec.append(pair['extended_table_factor'] * (r / abs(ed)) * (s * ed / (1 + ed)) * mark * (1 + ed) / (mark * (1 + edge)))
        worst_diff = max(worst_diff, max(abs(a - b) for a, b in zip(vec, want['pnl'])))
        agg = [a + b for a, b in zip(agg, vec)]
        t = Decimal(ms(inst['expiry']) - asof) / YEAR_MS if 'expiry' in inst else Decimal(0)
        roll += abs(s) * max(cur['min_annualised_move'], cur['annualised_move_risk'] * t)
    std, ext = agg[:3 * len(moves)], agg[3 * len(moves):]
    std = [x if x <= 0 else min(cur['pnl_offset'] * x, Decimal(0)) for x in std]
    idx = Decimal(market['underlyings']['BTC']['index'])
    ext_adj = []
    for x, e in zip(ext, EXT):
        ed = Decimal(e)
        edge = r if ed > 0 else -r
        relief = (max(abs(ed) / r, Decimal(1)) - 1) * cur['extended_dampener'] / (idx * (1 + edge))
        ext_adj.append(min(Decimal(0), x + relief) if x < 0 else Decimal(0))
    worst = max(Decimal(0), -min(std + ext_adj))
    im = worst + roll
    print('== Deribit documentation example (golden case margin-deribit-pm-doc-example)')
    print(f'  per-instrument vectors vs published: largest difference {worst_diff:.3e}')
    print(f'  worst case {worst:.20f} (published 0.05968587238095239)')
    print(f'  roll shock {roll} (published 0.00315725898)')
    print(f'  IM {im:.20f} -> up at 9 decimals {up(im)} (published 0.06284313098)')
    print(f'  MM {Decimal("0.8") * im:.20f} -> up at 9 decimals {up(Decimal("0.8") * im)} (published 0.050274504784)')


def my_desk():
    """The README's own parameter set ("A parameter set is plain data ... build your own", id my-desk) on
    the sample book: a +/-20% grid in 4 steps (moves k x 0.05, k = -4..4), vol up iv x 1.3, same, down
    iv x 0.8 (relative shocks without term scaling), no tails, no aggregation rule (a unit's scan risk is
    its worst loss, max(0, -min P&L)), tied coin collateral moving with its underlying (the default), a
    concentration add-on on the scan risk banded OKX-style (x1 up to 10,000, x2 above: the last band's
    multiplier carries on), MM = sum over units of scan risk + add-on, IM = 1.25 x MM; both rounded up
    to 2 decimals (settlementPrecision 2)."""
    market, book, b = load()
    shocks = {'up': lambda iv: iv * 1.3, 'same': lambda iv: iv, 'down': lambda iv: iv * 0.8}
    moves = [(k * 0.05, Decimal(k) * Decimal('0.05')) for k in range(-4, 5)]
    print('== sample book (examples/data) under my-desk (README, "build your own")')
    mm = Decimal(0)
    for u, futures, options, linear, base in b.held():
        worst = Decimal(0)
        for m, md in moves:
            for state in ('up', 'same', 'down'):
                x = linear * md + sum((q * d12(b.option_value(s, m, shock=shocks[state]) - base[s], q < 0) for s, q in options), Decimal(0))
                worst = max(worst, -x)
        banded = min(worst, Decimal(10000)) + max(worst - Decimal(10000), Decimal(0)) * 2
        print(f'  my-desk unit {u}: scan risk {worst:.12f}; concentration {banded - worst:.12f}')
        mm += banded
    print(f'  my-desk maintenanceMargin {up(mm, 2)} (exact {mm:.12f})')
    print(f'  my-desk initialMargin {up(Decimal("1.25") * mm, 2)} (exact {Decimal("1.25") * mm:.12f})')


def exposure():
    """The README tour's netted exposure of BTC on the sample book (README, "Exposure conventions"): delta in
    BTC, index-equivalent (a linear future q x size x mark / index; an option q x its delta against the index,
    as option_delta_units above), its notional at the index; vega per vol point and theta per calendar day
    in USDC from Black-76's closed forms at rate 0 (vega F phi(d1) sqrt(T) x 0.01, theta -F phi(d1) vol /
    (2 sqrt(T)) / 365, an inverse option's converted at coin / F); the hedge is the BTC-PERP trade that
    brings delta + the 0.75 BTC of collateral to 0 (BTC-PERP's delta per contract: 100,050 / 100,000)."""
    market, book, b = load()
    s_ = float(b.index('BTC'))
    delta = vega = theta = 0.0
    for sym, q in b.positions():
        i = b.inst[sym]
        if i['underlying'] != 'BTC':
            continue
        size = float(i['contractSize'])
        if i['kind'] == 'future':
            delta += float(q) * size * float(b.mark(sym)) / s_
            continue
        f = float(b.forward('BTC', i['expiry']))
        t = b.years(i['expiry'])
        iv = float(market['marks'][sym]['iv'])
        sd = iv * math.sqrt(t)
        d1 = (math.log(f / float(i['strike'])) + 0.5 * sd * sd) / sd
        pdf = math.exp(-0.5 * d1 * d1) / math.sqrt(2 * math.pi)
        conv = float(b.asset_price(i['settlementCurrency'])) / f if i['settlement'] == 'inverse' else 1.0
        delta += float(q) * b.option_delta_units(sym)
        vega += float(q) * size * conv * f * pdf * math.sqrt(t) * 0.01
        theta += float(q) * size * conv * (-f * pdf * iv / (2 * math.sqrt(t))) / 365
    coins = sum(float(c['balance']) for c in book['collateral'] if market['assets'].get(c['asset'], {}).get('underlying') == 'BTC')
    print('== sample book (examples/data): netted exposure of BTC (README tour)')
    print(f'  exposure BTC delta {delta:.15f}; deltaNotional {delta * s_:.10f}')
    print(f'  exposure BTC vega {vega:.10f}; theta {theta:.10f}')
    print(f'  exposure BTC hedge BTC-PERP {-(delta + coins) / (float(b.mark("BTC-PERP")) / s_):.10f}')


def deribit_pm_2023():
    """The README preset table's deribit-pm-2023 row on the sample book (README, "Presets"; docs/parameters.md):
    the same grid and vol states as deribit-pm (vol_state above), the extended table's moves at vol up weighted
    min(1, 0.16 / |m|) with no offset or dampener; a unit's scan risk is max(0, -min) over the 35 weighted
    entries (tied coin collateral moving too); plus 0.01 x index per net short option unit, calls and puts
    netted per expiry and strike, and 0.01 x index x min(long, short) over the futures' expiry buckets (the
    perpetual its own bucket); MM = the sum over units, IM = 1.3 x MM, both rounded up to 2 decimals."""
    market, book, b = load()
    print('== sample book (examples/data) under deribit-pm-2023 (README preset table)')
    mm = Decimal(0)
    for u, futures, options, linear, base in b.held():

        def pnl(m, md, state):
            return linear * md + sum((q * d12(b.option_value(s, m, state) - base[s], q < 0) for s, q in options), Decimal(0))

        worst = Decimal(0)
        for m, md in zip(GRID, GRID_D):
            for state in ('up', 'same', 'down'):
                worst = max(worst, -pnl(m, md, state))
        for e in EXT:
            ed = Decimal(e)
            worst = max(worst, -pnl(float(ed), ed, 'up') * min(Decimal(1), R / abs(ed)))
        idx = b.index(u)
        net = {}
        for s, q in options:
            i = b.inst[s]
            key = (i['expiry'], Decimal(i['strike']))
            net[key] = net.get(key, Decimal(0)) + q * Decimal(i['contractSize'])
        som = Decimal('0.01') * idx * sum((-x for x in net.values() if x < 0), Decimal(0))
        buckets = {}
        for s, q in futures:
            i = b.inst[s]
            units = q * Decimal(i['contractSize']) / (b.mark(s) if i['settlement'] == 'inverse' else 1)
            buckets[i.get('expiry', 'perpetual')] = buckets.get(i.get('expiry', 'perpetual'), Decimal(0)) + units
        long_ = sum((x for x in buckets.values() if x > 0), Decimal(0))
        short = sum((-x for x in buckets.values() if x < 0), Decimal(0))
        cal = Decimal('0.01') * idx * min(long_, short)
        print(f'  deribit-pm-2023 unit {u}: scan risk {worst:.12f}; short option minimum {som}; calendar spread {cal}')
        mm += worst + som + cal
    print(f'  deribit-pm-2023 maintenanceMargin {up(mm, 2)} (exact {mm:.12f})')
    print(f'  deribit-pm-2023 initialMargin {up(Decimal("1.3") * mm, 2)} (exact {Decimal("1.3") * mm:.12f})')


def span16(preset, multiple, coverage):
    """The README preset table's SPAN rows on the sample book (README, "Presets": CME SPAN's 16 scenarios; the
    span-classic-16 / span-cme-16 parameters of docs/parameters.md): moves 0, +/-1/3, +/-2/3, +/-3/3 of a 15%
    range with vol +10 and -10 points (absolute), and two extremes of `multiple` x the range, vol unchanged,
    weighted by `coverage`; options aged by one day in every scenario (timeStepDays 1), valued against their
    unaged base; collateral does not move (collateralInScenarios false). Per unit: max(scan risk + calendar
    charge, short option minimum) (SPAN: the short option minimum floors the commodity's requirement), the
    calendar charge 0.005 x index x min(long, short) over expiry buckets of futures units and option deltas
    (index-equivalent, as option_delta_units above and README "Exposure conventions"), the short option
    minimum 0.01 x index x max(net short calls, net short puts, 0); MM = the sum, IM = 1.1 x MM, both
    rounded up to 2 decimals."""
    market, book, b = load()

    def value(sym, m, dvol, age_days):
        i = b.inst[sym]
        f = float(b.forward(i['underlying'], i['expiry']))
        t = b.years(i['expiry']) - age_days / 365
        iv = float(market['marks'][sym]['iv'])
        price, _ = black76(i['right'], f * (1 + m), float(i['strike']), t, max(iv + dvol, 0.0))
        size = float(i['contractSize'])
        if i['settlement'] == 'inverse':
            coin = float(b.asset_price(i['settlementCurrency'])) * (1 + m)
            return size * coin * price / (f * (1 + m))
        return size * price

    print(f'== sample book (examples/data) under {preset} (README preset table)')
    mm = Decimal(0)
    for u, futures, options, linear, base in b.held(coins=False, value=lambda s: value(s, 0.0, 0.0, 0)):

        def pnl(m, md, dvol):
            return linear * md + sum((q * d12(value(s, m, dvol, 1) - base[s], q < 0) for s, q in options), Decimal(0))

        worst = Decimal(0)
        for k in range(-3, 4):
            for dvol in (0.1, -0.1):
                worst = max(worst, -pnl(k * 0.05, Decimal(k) * Decimal('0.05'), dvol))
        for sign in (1, -1):
            md = sign * Decimal(multiple) * Decimal('0.15')
            worst = max(worst, -pnl(float(md), md, 0.0) * Decimal(coverage))
        idx = b.index(u)
        calls = sum((q * Decimal(b.inst[s]['contractSize']) for s, q in options if b.inst[s]['right'] == 'call'), Decimal(0))
        puts = sum((q * Decimal(b.inst[s]['contractSize']) for s, q in options if b.inst[s]['right'] == 'put'), Decimal(0))
        som = Decimal('0.01') * idx * max(-calls, -puts, Decimal(0))
        buckets = {}
        for s, q in futures:
            i = b.inst[s]
            units = q * Decimal(i['contractSize']) / (b.mark(s) if i['settlement'] == 'inverse' else 1)
            buckets[i.get('expiry', 'perpetual')] = buckets.get(i.get('expiry', 'perpetual'), Decimal(0)) + units
        for s, q in options:
            e = b.inst[s]['expiry']
            buckets[e] = buckets.get(e, Decimal(0)) + Decimal(repr(float(q) * b.option_delta_units(s)))
        long_ = sum((x for x in buckets.values() if x > 0), Decimal(0))
        short = sum((-x for x in buckets.values() if x < 0), Decimal(0))
        cal = Decimal('0.005') * idx * min(long_, short)
        print(f'  {preset} unit {u}: scan risk {worst:.12f}; calendar spread {cal:.12f}; short option minimum {som}')
        mm += max(worst + cal, som)
    print(f'  {preset} maintenanceMargin {up(mm, 2)} (exact {mm:.12f})')
    print(f'  {preset} initialMargin {up(Decimal("1.1") * mm, 2)} (exact {Decimal("1.1") * mm:.12f})')


def deribit_standard():
    """The README preset table's deribit-standard row on the sample book (README, "Presets"; docs/parameters.md,
    "Standard margin for linear perpetuals" and the standard.* rows): per netted position, no scenarios.
    Futures: units = |q| x size, IM = units x mark x (0.02 + units x 0.00005), MM = units x mark x (0.01 +
    units x 0.00005) for BTC (Deribit's Linear Perpetual page), 2% / 1% without a size term for other
    underlyings. Short options, per unit with S the forward and OTM the out-of-the-money amount against it:
    IM = max(0.15 - OTM / S, 0.10) x S + mark, MM = 0.075 x S + mark (calls) or max(0.075 x S, 0.075 x mark)
    + mark (puts), IM at least MM; long options 0; the mark is the model value (Black-76 at the mark vol,
    per contract rounded against the account, as in equity). spreadsMaxLoss: each expiry's linear options,
    two legs or more and not net short calls, cost at most their maximum loss at expiry against mark,
    max over S in {0, strikes} of (sum of signed values - payoff(S)), for IM and MM alike. IM and MM are
    the sums, rounded up to 2 decimals (settlementPrecision 2). The sample book holds no inverse future and
    its one inverse option is long (0), so the rules' coin-settled forms are not written here."""
    market, book, b = load()
    print('== sample book (examples/data) under deribit-standard (README preset table)')
    im = mm = Decimal(0)
    legs = {}
    for s, q in b.positions():
        i = b.inst[s]
        if q == 0:
            continue
        size = Decimal(i['contractSize'])
        if i['kind'] == 'future':
            rates = (Decimal('0.02'), Decimal('0.01'), Decimal('0.00005')) if i['underlying'] == 'BTC' else (Decimal('0.02'), Decimal('0.01'), Decimal(0))
            units, mark = abs(q) * size, b.mark(s)
            im += units * mark * (rates[0] + units * rates[2])
            mm += units * mark * (rates[1] + units * rates[2])
            continue
        value = d12(b.option_value(s), q < 0)  # per contract, USDC
        k, f = Decimal(i['strike']), b.forward(i['underlying'], i['expiry'])
        pim = pmm = Decimal(0)
        if q < 0:
            mark = value / size
            otm = max(k - f, Decimal(0)) if i['right'] == 'call' else max(f - k, Decimal(0))
            mm1 = Decimal('0.075') * f + mark if i['right'] == 'call' else max(Decimal('0.075') * f, Decimal('0.075') * mark) + mark
            im1 = max(max(Decimal('0.15') - otm / f, Decimal('0.1')) * f + mark, mm1)
            pim, pmm = -q * size * im1, -q * size * mm1
        if i['settlement'] != 'linear':
            im, mm = im + pim, mm + pmm
            continue
        legs.setdefault((i['underlying'], i['expiry']), []).append((q * size, k, i['right'], q * value, pim, pmm))
    for key, group in sorted(legs.items()):
        gim, gmm = sum(x[4] for x in group), sum(x[5] for x in group)
        if len(group) >= 2 and sum(x[0] for x in group if x[2] == 'call') >= 0:
            def payoff(at):
                return sum(u * (max(at - k, 0) if right == 'call' else max(k - at, 0)) for u, k, right, _, _, _ in group)
            worst = max(Decimal(0), max(sum(x[3] for x in group) - payoff(at) for at in [Decimal(0)] + [x[1] for x in group]))
            print(f'  deribit-standard {key[0]} {key[1][:10]} options: IM {gim:.9f}, MM {gmm:.9f}, max loss against mark {worst:.9f}')
            gim, gmm = min(gim, worst), min(gmm, worst)
        im, mm = im + gim, mm + gmm
    print(f'  deribit-standard maintenanceMargin {up(mm, 2)} (exact {mm:.12f})')
    print(f'  deribit-standard initialMargin {up(im, 2)} (exact {im:.12f})')


def status(eq, im, mm, band=Decimal('0.25')):
    """An account's status from its printed figures (equity rounded down, IM and MM up; no haircuts, so one
    equity serves all three tests), the worst that holds: bankrupt equity < 0, liquidatable equity < MM,
    margin_call equity < MM x (1 + band), reduce_only equity < IM, else healthy (README, "Account health";
    the default band 0.25 of DEFAULT_HEALTH_PARAMETERS: margin call at MM / equity 80%)."""
    if eq < 0:
        return 'bankrupt'
    if eq < mm:
        return 'liquidatable'
    if eq < mm * (1 + band):
        return 'margin_call'
    return 'reduce_only' if eq < im else 'healthy'


def near_limit():
    """The second sample account (examples/data/book-near-limit.json: long BTC-PERP and ETH-PERP, short puts
    and a short call, 145,000 USDC and 2 ETH tied to ETH) under deribit-pm, the same model as sample_book
    (Book.margin, Book.equity), with the default health parameters (no haircuts; margin-call band 0.25;
    closing cost fee 0.005 + slippage 0 of the notional at the mark; end buffer 0.15, so the plan's target
    is equity >= MM x (1 + max(0.15, 0.25))). The figures the assessMany and reductionPlan examples quote.
    Then the reduction plan's trade those examples quote (sell 0.4905057 BTC-PERP at its mark): its cost,
    the MM it releases, and that it reaches the target while 1e-8 BTC-PERP less does not (the plan rounds
    its size up to 8 decimals: README, "Liquidation tools"). A close at the mark moves equity by the cost
    alone (README: the closed part's P&L against its entry is paid in cash), so the trade is booked here as
    a new BTC-PERP line at the mark and the cost taken from the equity."""
    market, book, b = load('book-near-limit.json')
    units, im, mm = b.margin()
    print('== near-limit book (examples/data/book-near-limit.json) under deribit-pm, default health')
    for u, x in units.items():
        print(f'  near-limit unit {u}: worst case {x["worst"]:.9f}; roll shock {x["roll"]:.9f}; |delta| {x["delta"]:.9f}; delta shock {x["deltaShock"]:.9f}')
    im9, mm9, eq9 = up(im), up(mm), down(b.equity())
    k = Decimal('1.25')
    print(f'  near-limit initialMargin {im9}')
    print(f'  near-limit maintenanceMargin {mm9}')
    print(f'  near-limit equity {eq9}')
    print(f'  near-limit margin-call level MM x 1.25 = {mm9 * k}; status {status(eq9, im9, mm9)}')
    mark = b.mark('BTC-PERP')

    def after(sell):
        closed = dict(book, positions=book['positions'] + [{'symbol': 'BTC-PERP', 'quantity': str(-sell), 'entryPrice': str(mark)}])
        a = Book(market, closed)
        _, im_a, mm_a = a.margin()
        cost = up(sell * mark * Decimal('0.005'))
        return up(im_a), up(mm_a), down(a.equity() - cost), cost

    q = Decimal('0.4905057')
    im_a, mm_a, eq_a, cost = after(q)
    print(f'  near-limit plan: sell {q} BTC-PERP: cost {cost}')
    print(f'  near-limit plan maintenanceRelief {mm9 - mm_a}')
    print(f'  near-limit after initialMargin {im_a}')
    print(f'  near-limit after maintenanceMargin {mm_a}')
    print(f'  near-limit after equity {eq_a}')
    print(f'  near-limit after target MM x 1.25 = {up(mm_a * k)}; status {status(eq_a, im_a, mm_a)}; target met {eq_a >= mm_a * k}')
    _, mm_l, eq_l, _ = after(q - Decimal('0.00000001'))
    print(f'  near-limit 1e-8 less: target met {eq_l >= mm_l * k}')


if __name__ == '__main__':
    sample_book()
    doc_example()
    my_desk()
    exposure()
    deribit_pm_2023()
    span16('span-classic-16', '2', '0.35')
    span16('span-cme-16', '3', '0.33')
    deribit_standard()
    near_limit()
