"""Alliance ripple analytics: who followed whom, through which ties, who is likely next.

One model covers every feature (RIPPLE.md): a tie-typed, continuous-time cascade — a non-repeating
Hawkes process with an exponential kernel — fitted by EM on the networkx projection of the store.

    definition.py   the explicit, recorded parameters (action class, vendor closure, window, since…)
    projection.py   SPARQL -> networkx MultiGraph of dated, typed ties + the matching state actions
    cascade.py      F1 cascade extraction; the per-vendor cascades the model is fitted on
    data.py         model time, the Network and Cascades arrays
    params.py       α per tie type, β, μ per year; background arithmetic
    pairs.py        the sufficient statistics (events, sources, exposure), built once per fit
    model.py        EM with a closed-form M-step, β on a grid, bootstrap intervals
    attribution.py  F2 responsibilities, channel shares, cascade tree
    forecast.py     F3 who is next (closed form, Monte Carlo)
    simulate.py     the vectorised Monte Carlo of the cascade (common random numbers)
    whatif.py       F4 what-if; F5 bellwethers and CELF coalitions
    leadlag.py      F6 lead–lag pairs (permutation test) and NetInf hidden channels
    synthetic.py    worlds with known truth: planted, null, common shock, hidden edges
    baselines.py, metrics.py, backtest.py   the rolling-origin backtest against B0–B3
    derived.py      FollowedLink / RippleRun facts in the derived/ripple named graph
    service.py      the cached analysis per (store, definition)
    answers*.py     JSON answers with evidence and parameters (the CLI and the API call these)
    commands*.py, render.py   `svkg ripple ...`
"""
