#!/usr/bin/env python3
"""Independent recomputation of the README preset table's Derive rows (`derive-srm`, `derive-pmrm2`,
`derive-pmrm2-mainnet`) on the sample book (examples/data/book.json against examples/data/market.json).

Written from the methodology text shared/methodologies/derive-v2.md (read from Derive's contracts
derivexyz/v2-core 7736900d: StandardManager.sol, PMRM_2.sol, PMRMLib_2.sol) and its parameter tables
(sections 6 and 8), not from the library's code: Derive's own Black-76 form (section 2.2: the
standardised call max(N(d1) - m N(d2), 0) with m = K / F, the put by parity) on math.erfc, Decimal
arithmetic for everything linear, discounts with Decimal.exp. Every parameter value below is written out
from those tables. Float model figures become decimals where the library converts them (once, at 12
significant digits, rounded against the account): an option's value per contract (SRM) and an expiry's
P&L in a PMRM_2 scenario, after a skew state's -|P&L| and before the scenario's weight (the TSDoc of
aggregatedScan in src/margin/expiryAggregation.ts; see float12 for how that placement was picked). The
PMRM_2 figures are printed without that conversion too, free of any fitting: the library's agree with
them within 2e-7. Standard library only; the sample book is read with the Book of
deribit_pm_sample_book.py beside this file (its JSON reading only: positions netted per symbol, marks,
forwards, asset prices). Run from anywhere:

    python3 test/package/reference/derive_sample_book.py

The output is kept beside this file (derive_sample_book.out.txt); test/package/examples.test.ts runs this
script, compares its output with that file, and holds the README table's derive-* rows to it.

How the sample book (a Deribit-style book) becomes Derive accounts: the places where the book holds what
Derive does not list, and the reading taken for each (each is the presets' documented mapping: README
"Venue-exact presets", src/presets/derive*.ts TSDoc, docs/parameters.md "Fields for venues that margin
like Derive"):
  * Derive margins one underlying per PMRM_2 account; the book holds BTC and ETH, so it is two accounts
    and the requirement is their sum. The standard manager margins every market of one account (8.1).
  * the dated future BTC-25DEC26 is margined as a perp would be: its P&L is q x (s - 1) x its mark, it
    counts in the perp contingency (|q| x spot) and, in SRM, in the perp requirement (|q| x mark x req);
  * the inverse call BTC-INV-25DEC26-100000-C (1 BTC of a USD-strike call, settled in BTC) is valued in
    USDC as size x coin price x V_usd(F) / F, the coin price moving with the index in every scenario; it
    belongs to its expiry (the 25DEC26 options' static discount and basis contingency) and to its
    (expiry, strike) pair for the naked-short count (its USD payoff is the linear call's);
  * BTC collateral (0.75, tied to BTC) is a risk-cancelling collateral with no haircut in PMRM_2 (the
    presets list none) and the SRM base asset of the BTC market (marginFactor 0.8, IMScale 1, the
    portfolio harness's values); USDT and USDC count as cash (no charge, no move);
  * the sample market carries no confidences and no stable price: every confidence is 1 and the stable
    price 1, so no confidence or de-peg charge applies; rates are 0 (discount factor 1), ETH's forward is
    its index (rate 0, no quoted forward), no forward has a fixed part (no expiry within 30 minutes).

Requirement form (section 5 / 8.1): Derive returns margin = MtM + cash - requirement; the library reports
the requirement. PMRM_2: MM = mmFactor x (-worst) + MMCont, IM = imFactor x (-worst) + MMCont + IMCont,
worst = min(basis, every scenario's P&L). SRM: requirement = MtM + cash - margin, i.e. per market the perp
requirement, per expiry (expiry MtM - expiry margin) and the base asset's N - marginFactor x N.
"""
import math
from decimal import Decimal, ROUND_CEILING

from deribit_pm_sample_book import d12, load, ms, ncdf

DAY_S = 86_400
YEAR_S = 365 * DAY_S


def up18(x):
    """The library's settlement precision for the Derive presets is 18 decimals, requirements rounded up."""
    return x.quantize(Decimal(1).scaleb(-18), rounding=ROUND_CEILING)


def b76(right, f, k, t, sigma, disc=1.0):
    """Derive's Black-76 (methodology 2.2): value of one option on one unit, in the forward's currency."""
    if k == 0:
        return f * disc if right == 'call' else 0.0
    if f == 0:
        return 0.0 if right == 'call' else k * disc
    v = sigma * math.sqrt(t)
    m = k / f
    if v >= 24:
        c = 1.0
    else:
        if v == 0:
            v = 1e-18
        d1 = (v * v / 2 - math.log(m)) / v
        d2 = d1 - v
        c = max(ncdf(d1) - m * ncdf(d2), 0.0)
    if right == 'call':
        return min(c * f * disc, f * disc)
    return min(max(c + m - 1, 0.0) * f * disc, k * disc)


class Sample:
    """The sample book read as Derive sees it: per underlying its futures, its options by expiry, its tied coins."""

    def __init__(self):
        self.market, self.book, self.b = load()
        self.asof_s = ms(self.market['asOf']) // 1000

    def inst(self, sym):
        return self.b.inst[sym]

    def spot(self, u):
        return self.b.index(u)

    def underlyings(self):
        return sorted({self.inst(s)['underlying'] for s, q in self.b.positions() if q != 0})

    def futures(self, u):
        return [(s, q) for s, q in self.b.positions() if q != 0 and self.inst(s)['underlying'] == u and self.inst(s)['kind'] == 'future']

    def expiries(self, u):
        """{expiry: [(symbol, quantity)]} of the options on u (linear and inverse together)."""
        out = {}
        for s, q in self.b.positions():
            i = self.inst(s)
            if q != 0 and i['underlying'] == u and i['kind'] == 'option':
                out.setdefault(i['expiry'], []).append((s, q))
        return dict(sorted(out.items()))

    def tied(self, u):
        """Value in USDC of the collateral tied to u (the risk-cancelling collateral / SRM base asset)."""
        return sum((Decimal(c['balance']) * self.b.asset_price(c['asset']) for c in self.book['collateral'] if self.market['assets'].get(c['asset'], {}).get('underlying') == u), Decimal(0))

    def sec(self, expiry):
        return ms(expiry) // 1000 - self.asof_s

    def years(self, expiry):
        return self.sec(expiry) / YEAR_S

    def forward(self, u, expiry):
        return float(self.b.forward(u, expiry))

    def value(self, sym, s=1.0, vol=None):
        """USDC value of one contract at spot multiplier s (every forward and the tied coin price times s),
        at vol `vol` (default the mark's iv). An inverse option's USD value is paid in coin: / F x coin price."""
        i = self.inst(sym)
        f = self.forward(i['underlying'], i['expiry']) * s
        sigma = float(self.market['marks'][sym]['iv']) if vol is None else vol
        v = b76(i['right'], f, float(i['strike']), self.years(i['expiry']), sigma)
        size = float(i['contractSize'])
        if i['settlement'] == 'inverse':
            return size * float(self.b.asset_price(i['settlementCurrency'])) * s * v / f
        return size * v

    def iv(self, sym):
        return float(self.market['marks'][sym]['iv'])


# ---------------------------------------------------------------------------------------------------------
# PMRM_2 (methodology sections 1-6)

LEVELS = ['1.135', '1.09', '1.045', '1.0', '0.955', '0.91', '0.865']

PMRM2 = {
    # Section 6, "test cases (base)" column; scenario list "test cases (31)".
    'derive-pmrm2': dict(
        volRangeUp=0.5, volRangeDown=0.275, shortTermPower=0.3, longTermPower=0.13, dteFloor=DAY_S, minVolUpShock=0.45,
        mmFactor=Decimal('0.8'), imFactor=Decimal('1.0'),
        longBase=Decimal('0.95'), longMult=Decimal('1.0'), longAdd=Decimal('0.08'),
        shortBase=Decimal('1.04'), shortMult=Decimal('0.5'), shortAdd=Decimal('0.08'),
        spotUp=Decimal('1.045'), spotDown=Decimal('0.955'), basisAdd=Decimal('0.5'), basisMult=Decimal('2.0'),
        mmPerp=Decimal('0.015'), imPerp=Decimal('0.005'), mmOption=Decimal('0.003'), imOption=Decimal('0.002'),
        linearBaseCap=0.15, absBaseCap=0.15, linearCBase=-0.05, absCBase=-0.05, minKStar=0.01, widthScale=4.0, volParamStatic=0.6, volParamScale=-0.1,
        scenarios=[('1.18', 'up', Decimal(1))] + [(s, d, Decimal(1)) for s in LEVELS for d in ('down', 'none', 'up')] + [('0.82', 'up', Decimal(1))]
        + [(s, 'up', Decimal('0.036') / abs(Decimal(s) - 1)) for s in ('0.34', '0.67', '1.5', '2', '3', '4')]
        + [('1', 'linear', Decimal(1)), ('1', 'abs', Decimal(1))],
    ),
    # Section 6, "mainnet script" column; scenario list "mainnet script (33)".
    'derive-pmrm2-mainnet': dict(
        volRangeUp=0.5, volRangeDown=0.3, shortTermPower=0.3, longTermPower=0.13, dteFloor=DAY_S, minVolUpShock=0.4,
        mmFactor=Decimal('0.8'), imFactor=Decimal('1.0'),
        longBase=Decimal('1.05'), longMult=Decimal('0'), longAdd=Decimal('0.16'),
        shortBase=Decimal('0.95'), shortMult=Decimal('0'), shortAdd=Decimal('0.16'),
        spotUp=Decimal('1.045'), spotDown=Decimal('0.955'), basisAdd=Decimal('0.5'), basisMult=Decimal('2.0'),
        mmPerp=Decimal('0.03'), imPerp=Decimal('0.01'), mmOption=Decimal('0.003'), imOption=Decimal('0.002'),
        linearBaseCap=0.25, absBaseCap=0.25, linearCBase=-0.1, absCBase=-0.1, minKStar=0.01, widthScale=4.0, volParamStatic=0.6, volParamScale=0.0,
        scenarios=[('1.18', 'up', Decimal(1))] + [(s, d, Decimal(1)) for s in LEVELS for d in ('up', 'none', 'down')] + [('0.82', 'up', Decimal(1))]
        + [(s, 'up', Decimal('0.1386') / abs(Decimal(s) - 1)) for s in ('0.34', '0.67', '1.5', '2', '3', '4', '5', '6')]
        + [('1', 'linear', Decimal(1)), ('1', 'abs', Decimal(1))],
    ),
}


def move(s_text):
    """The spot multiplier s as the move s - 1, written shortest ('0.82' -> '-0.18', '1.0' -> '0')."""
    return str((Decimal(s_text) - 1).normalize())


def float12(pnl):
    """An expiry's P&L in a scenario, a float model figure, as the library's numeric contract turns it into a
    decimal (README, "The numeric contract": once, at 12 significant digits, rounded against the account,
    i.e. towards -infinity for a P&L), after a skew state's -|P&L| and before the scenario's weight. That
    placement is documented in the TSDoc of aggregatedScan (src/margin/expiryAggregation.ts), but it was
    picked here by trying four (each contract's value, each scenario's total, each expiry's P&L after or
    before the weight) and keeping the one that gives the library's last digits: a fit to the library's
    output, so the figures without any conversion are printed too and the library's agree with them within
    2e-7. One difference remains: the library sums an expiry's value and applies its discount in floats,
    where this script sums in Decimal and converts the result with float(); the two can fall on either side
    of a 12th-digit rounding boundary (on the sample book every converted figure compared agrees to the last
    digit)."""
    return d12(float(pnl), False)


def pmrm2_unit(x, u, p, convert=float12):
    """One PMRM_2 account: underlying u of the sample book. Returns the worst P&L, its scenario and the
    contingencies (section 4) as Decimals. `convert` is applied to each expiry's scenario P&L (before the
    weight and the skew's -|P&L|): float12 by default, the identity for the figures without that rounding.
    The basis contingency is left unconverted (it does not bind on this book: printed beside the worst P&L)."""
    rate = Decimal(0)  # the sample market's rate (section 1: floored at 0; D_e = e^{-rT} = 1)
    futures = x.futures(u)
    expiries = x.expiries(u)
    tied = x.tied(u)

    def lin(sym):
        """q x size x mark in USDC of one future (linear; the book holds no inverse future on Derive's side)."""
        return Decimal(x.inst(sym)['contractSize']) * x.b.mark(sym)

    per_expiry = {}
    for e, opts in expiries.items():
        t = x.years(e)
        td = Decimal(x.sec(e)) / YEAR_S
        sec = x.sec(e)
        mult = (30 * DAY_S / max(sec, p['dteFloor'])) ** (p['shortTermPower'] if sec <= 30 * DAY_S else p['longTermPower'])
        upm = 1 + p['volRangeUp'] * mult
        downm = max(0.0, 1 - p['volRangeDown'] * mult)
        disc_d = (-rate * td).exp()
        disc_pos = p['longBase'] * (-td * (rate * p['longMult'] + p['longAdd'])).exp()
        disc_neg = min(1 / disc_d, p['shortBase'] / (-td * (rate * p['shortMult'] + p['shortAdd'])).exp())

        def ev(s, vol, opts=opts):
            """Expiry value in USDC at spot multiplier s, each option at vol(symbol)."""
            return sum((q * Decimal(repr(x.value(sym, s, vol(sym)))) for sym, q in opts), Decimal(0))

        mtm = ev(1.0, x.iv)
        per_expiry[e] = dict(t=t, td=td, upm=upm, downm=downm, disc_pos=disc_pos, disc_neg=disc_neg, ev=ev, mtm=mtm, opts=opts)

    def skew_vol(e, shape):
        """Section 3.4: the skew multiplier by log-moneyness against the expiry's forward."""
        rt = math.sqrt(per_expiry[e]['t'])
        cap = (p['linearCBase'] * rt + p['linearBaseCap']) if shape == 'linear' else (p['absCBase'] * rt + p['absBaseCap'])
        kstar = max(p['minKStar'], rt * p['widthScale'] * (p['volParamStatic'] + rt * p['volParamScale']))
        f = x.forward(u, e)

        def vol(sym):
            k = math.log(float(x.inst(sym)['strike']) / f)
            if shape == 'abs':
                k = abs(k)
            g = 1 + min(cap, k * cap / kstar) if k >= 0 else 1 + max(-cap, k * cap / kstar)
            return x.iv(sym) * max(g, 0.0)

        return vol

    def scenario(s_text, direction, w):
        s = Decimal(s_text)
        pnl = sum((q * lin(sym) * (s - 1) * w for sym, q in futures), Decimal(0))
        for e, d in per_expiry.items():
            if direction in ('linear', 'abs'):
                v = d['ev'](1.0, skew_vol(e, direction))
            elif direction == 'up':
                v = d['ev'](float(s), lambda sym: max(p['minVolUpShock'], x.iv(sym) * d['upm']))
            elif direction == 'down':
                v = d['ev'](float(s), lambda sym: x.iv(sym) * d['downm'])
            else:
                v = d['ev'](float(s), x.iv)  # s = 1: the mark; s = 1.045 / 0.955: the basis values (same rule)
            v = v * (d['disc_pos'] if v >= 0 else d['disc_neg'])
            e_pnl = v - d['mtm']
            if direction in ('linear', 'abs'):
                e_pnl = -abs(e_pnl)  # section 3.4: a skew state counts an expiry's move as a loss (before the conversion)
            pnl += convert(e_pnl) * w
        if direction not in ('linear', 'abs'):
            pnl += tied * (s - 1) * w  # risk-cancelling collateral (none moves in a skew scenario: s = 1)
        return pnl

    basis = Decimal(0)
    for e, d in per_expiry.items():
        bu = d['ev'](float(p['spotUp']), x.iv) - d['mtm']
        bd = d['ev'](float(p['spotDown']), x.iv) - d['mtm']
        basis += min(bu, bd, Decimal(0)) * (p['basisAdd'] + p['basisMult'] * d['td'])
    worst, at = basis, 'basis'
    pnls = []
    for s_text, direction, w in p['scenarios']:
        v = scenario(s_text, direction, w)
        pnls.append(v)
        if v < worst:
            worst, at = v, f'move {move(s_text)} (s {s_text}) {direction}'
    spot = x.spot(u)
    perp_n = sum((abs(q) * Decimal(x.inst(sym)['contractSize']) for sym, q in futures), Decimal(0)) * spot
    naked = Decimal(0)
    for e, opts in expiries.items():
        by_strike = {}
        for sym, q in opts:
            k = Decimal(x.inst(sym)['strike'])
            by_strike[k] = by_strike.get(k, Decimal(0)) + q * Decimal(x.inst(sym)['contractSize'])
        naked += sum((max(Decimal(0), -n) for n in by_strike.values()), Decimal(0))
    naked_n = naked * spot
    mm_cont = perp_n * p['mmPerp'] + naked_n * p['mmOption']
    im_cont = perp_n * p['imPerp'] + naked_n * p['imOption']  # + confidence 0 (every confidence 1)
    mm = p['mmFactor'] * -worst + mm_cont
    im = p['imFactor'] * -worst + mm_cont + im_cont
    # Each scenario's P&L before its weight (the skews' -|P&L| included), as `move:vol` or the skew's name.
    vector = [(direction if direction in ('linear', 'abs') else f'{move(s_text)}:{direction}', scenario(s_text, direction, Decimal(1))) for s_text, direction, _ in p['scenarios']]
    return dict(worst=worst, at=at, basis=basis, perp=perp_n, naked=naked, mm_cont=mm_cont, im_cont=im_cont, mm=mm, im=im, vector=vector)


def pmrm2(preset):
    x = Sample()
    p = PMRM2[preset]
    print(f'== sample book (examples/data) under {preset} (README preset table)')
    im = mm = Decimal(0)
    for u in x.underlyings():
        r = pmrm2_unit(x, u, p)
        print(f'  {preset} unit {u}: worst P&L {r["worst"]:.12f} at {r["at"]}; perp notional {r["perp"]}; naked shorts {r["naked"]}')
        print(f'  {preset} unit {u}: MM contingencies {r["mm_cont"]}; IM contingencies {r["im_cont"]}')
        print(f'  {preset} unit {u} maintenanceMargin {up18(r["mm"]):.12f}')
        print(f'  {preset} unit {u} initialMargin {up18(r["im"]):.12f}')
        im += r['im']
        mm += r['mm']
    print(f'  {preset} maintenanceMargin {up18(mm):.12f}')
    print(f'  {preset} initialMargin {up18(im):.12f}')
    # The same without the 12-digit conversion of the float option P&L (Decimal all the way from the float
    # option values): the library's figures lie within 2e-7 of these (1.3e-7 at most on the sample book: a
    # conversion step of 1e-7 on an expiry P&L of tens of thousands).
    raw = [pmrm2_unit(x, u, p, convert=lambda v: v) for u in x.underlyings()]
    print(f'  {preset} without the conversion: maintenanceMargin {sum((r["mm"] for r in raw), Decimal(0)):.12f}')
    print(f'  {preset} without the conversion: initialMargin {sum((r["im"] for r in raw), Decimal(0)):.12f}')
    for u, r in zip(x.underlyings(), raw):
        print(f'  {preset} without the conversion: unit {u} basis {r["basis"]:.12f}')
        for name, pnl in r['vector']:
            print(f'  {preset} without the conversion: unit {u} P&L at {name} {pnl:.9f}')


# ---------------------------------------------------------------------------------------------------------
# Standard manager (methodology section 8), the test harnesses' values (section 8's table, first column;
# base marginFactor 0.8 / IMScale 1 of the portfolio harness).

SRM = dict(
    mmPerpReq=Decimal('0.05'), imPerpReq=Decimal('0.065'), maxSpotReq=Decimal('0.15'), minSpotReq=Decimal('0.10'),
    mmCallSpotReq=Decimal('0.075'), mmPutSpotReq=Decimal('0.075'), mmPutMtMReq=Decimal('0.075'),
    unpairedIMScale=Decimal('1.2'), unpairedMMScale=Decimal('1.1'), mmOffsetScale=Decimal('1.05'),
    marginFactor=Decimal('0.8'), imScale=Decimal('1.0'),
)


def srm():
    x = Sample()
    p = SRM
    print('== sample book (examples/data) under derive-srm (README preset table)')
    im_req = mm_req = Decimal(0)
    for u in x.underlyings():
        spot = x.spot(u)
        # 8.2 perp: margin -|q| x mark x req (a requirement of |q| x mark x req).
        perp_im = sum((abs(q) * Decimal(x.inst(s)['contractSize']) * x.b.mark(s) * p['imPerpReq'] for s, q in x.futures(u)), Decimal(0))
        perp_mm = sum((abs(q) * Decimal(x.inst(s)['contractSize']) * x.b.mark(s) * p['mmPerpReq'] for s, q in x.futures(u)), Decimal(0))
        opt_im = opt_mm = Decimal(0)
        for e, opts in x.expiries(u).items():
            mtm_e = Decimal(0)
            iso_im = iso_mm = Decimal(0)
            for sym, q in opts:
                i = x.inst(sym)
                qu = q * Decimal(i['contractSize'])
                # 8.3: undiscounted (rate 0); the float value per contract as the numeric contract makes it a
                # decimal: 12 significant digits, a short's value (owed) up, a long's down.
                mtm = q * d12(x.value(sym), q < 0)
                mtm_e += mtm
                if q >= 0:
                    continue  # a long's isolated margin is 0
                k = Decimal(i['strike'])
                otm = (max(k - spot, Decimal(0)) if i['right'] == 'call' else max(spot - k, Decimal(0))) / spot
                f = p['maxSpotReq'] - otm if p['maxSpotReq'] - otm > p['minSpotReq'] else p['minSpotReq']
                if i['right'] == 'call':
                    mm = mtm + p['mmCallSpotReq'] * spot * qu
                    im = f * spot * qu + mtm
                else:
                    mm = min(p['mmPutSpotReq'] * spot * qu, p['mmPutMtMReq'] * mtm) + mtm
                    im = min(f * spot * qu + mtm, p['mmOffsetScale'] * mm)
                iso_mm += mm
                iso_im += im
            # 8.4: the expiry's max loss at settlement (0 and every strike), payoff without premium.
            units = [(q * Decimal(x.inst(s)['contractSize']), Decimal(x.inst(s)['strike']), x.inst(s)['right']) for s, q in opts]
            def payoff(at):
                return sum((n * (max(at - k, Decimal(0)) if r == 'call' else max(k - at, Decimal(0))) for n, k, r in units), Decimal(0))
            max_loss = min(min(payoff(at), Decimal(0)) for at in [Decimal(0)] + [k for _, k, _ in units])
            nc = sum((n for n, _, r in units if r == 'call'), Decimal(0))
            fwd = x.b.forward(u, e)
            loss_im = max_loss + (p['unpairedIMScale'] * fwd * nc if nc < 0 else 0)
            loss_mm = max_loss + (p['unpairedMMScale'] * fwd * nc if nc < 0 else 0)
            e_im, e_mm = max(iso_im, loss_im), max(iso_mm, loss_mm)
            print(f'  derive-srm {u} {e[:10]}: MtM {mtm_e:.12f}; isolated IM {iso_im:.12f}, MM {iso_mm:.12f}; max loss IM {loss_im:.12f}, MM {loss_mm:.12f}')
            # Requirement = the expiry's MtM minus its (signed) margin.
            opt_im += mtm_e - e_im
            opt_mm += mtm_e - e_mm
        # 8.7 base asset: MtM N, margin N x marginFactor (x IMScale for IM): a requirement of the difference.
        n = x.tied(u)
        base_mm = n - n * p['marginFactor']
        base_im = n - n * p['marginFactor'] * p['imScale']
        print(f'  derive-srm unit {u}: perp IM {perp_im}, MM {perp_mm}; options IM {opt_im:.12f}, MM {opt_mm:.12f}')
        # The market's requirement without its base asset (the library charges collateral at account level).
        print(f'  derive-srm unit {u} maintenanceMargin {up18(perp_mm + opt_mm):.12f}')
        print(f'  derive-srm unit {u} initialMargin {up18(perp_im + opt_im):.12f}')
        print(f'  derive-srm unit {u} base asset maintenanceMargin {base_mm}')
        print(f'  derive-srm unit {u} base asset initialMargin {base_im}')
        im_req += perp_im + opt_im + base_im
        mm_req += perp_mm + opt_mm + base_mm
    print(f'  derive-srm maintenanceMargin {up18(mm_req):.12f}')
    print(f'  derive-srm initialMargin {up18(im_req):.12f}')


if __name__ == '__main__':
    srm()
    pmrm2('derive-pmrm2')
    pmrm2('derive-pmrm2-mainnet')
