"""Every number that the on-screen text states, with the computation behind it.

One module per page (core.claims.vanishing, .exploding, .rnn, .residual,
.remedies, .home). Each function takes the settings a sentence talks about
(defaulting to the ones the sentence names) and returns a dict of the
numbers that the en and zh strings format in: text never types a measured
or derived number (tests/test_text_numbers.py). Where a sentence states a
relation ("within 10x", "grows toward the input", "stuck at the baseline"),
tests/test_claims_<page>.py computes it at the stated settings and asserts it.

Plain library code like the rest of core: the app caches these calls
(ui/compute.py); a notebook can call them directly.
"""
