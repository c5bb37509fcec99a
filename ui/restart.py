"""A page stays true across a server restart (a redeploy mid-lesson), and
keeps its session across a network blip.

Every page section is an st.fragment, so a slider move asks the server to
rerun that fragment by its id. After a restart the browser reconnects to a
new session that has run nothing and holds no fragment, and Streamlit 1.67
drops a rerun of an unknown fragment ("The fragment with id ... does not
exist anymore"): the slider and the address move, the chart does not
(issue 15; upstream streamlit#11660 covers only a preceding fragment run).
Nothing of the app runs in the new process before that dropped rerun, so
the fix lives in the browser: when the page's connection comes back after
it was lost, the page reloads itself from its address, which holds every
control (ui/frame.py), and the new server draws it afresh.

A lost connection is not always a restart: Wi-Fi drops for a second, a
laptop sleeps. Streamlit then resumes the same session (for
server.disconnectedSessionTTL, 120 s), its fragments and what it holds (the
room's committed predictions, an opened answer), and a reload would throw
those away. So each session draws a mark the server serves only while that
session lives: a tiny image whose bytes are the session's own random
token, so its address (/media/<hash of the bytes>.png) is the session's
alone. Back online, the page asks for its mark: served, the session
survived and nothing is reloaded; not found (a new process, or the
session expired), the page reloads.
"""

from __future__ import annotations

import os
import struct
import zlib

import streamlit as st

MARK_KEY = "lab_session_mark"  # the mark's container: CSS class st-key-lab_session_mark
_TOKEN = "_session_mark_token"  # session state: the session's random bytes

# Watches the connection state Streamlit writes on its root element. Installed
# once per browser tab; our own constant code, no input from anyone.
RELOAD_AFTER_RECONNECT = """<style>.st-key-%(mark)s { display: none; }</style>
<script>
(() => {
    if (window.__labReloadsAfterReconnect) return;
    window.__labReloadsAfterReconnect = true;
    let lost = false;
    // Served only while this page's session lives on the server it reached.
    const sessionLives = async () => {
        const mark = document.querySelector('.st-key-%(mark)s img');
        if (!mark || !mark.src) return false;
        try {
            return (await fetch(mark.src, {cache: 'no-store'})).ok;
        } catch (error) {
            return false;
        }
    };
    const watch = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return setTimeout(watch, 500);
        new MutationObserver(async () => {
            const state = app.dataset.testConnectionState;
            if (state && state !== 'CONNECTED') lost = true;
            else if (state === 'CONNECTED' && lost) {
                lost = false;
                if (await sessionLives()) window.__labResumedSessions = (window.__labResumedSessions || 0) + 1;
                else window.location.reload();
            }
        }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
    };
    watch();
})();
</script>""" % {"mark": MARK_KEY}


def mark_png(token: bytes) -> bytes:
    """A 4 x 1 RGBA PNG whose pixels are the 16 bytes of `token` (lossless,
    so no two sessions' marks share bytes or an address)."""
    if len(token) != 16:
        raise ValueError(f"token must be 16 bytes, got {len(token)}")

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 4, 1, 8, 6, 0, 0, 0)  # width 4, height 1, 8 bits, RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" + token)) + chunk(b"IEND", b"")


def reload_after_reconnect() -> None:
    """Call once per full run (dashboard.py): the script and the session's
    mark sit in the sidebar (the mark hidden)."""
    st.sidebar.html(RELOAD_AFTER_RECONNECT, unsafe_allow_javascript=True)
    token = st.session_state.setdefault(_TOKEN, os.urandom(16))
    with st.sidebar.container(key=MARK_KEY):
        st.image(mark_png(token), output_format="PNG")
