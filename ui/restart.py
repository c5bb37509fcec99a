"""A page stays true across a server restart (a redeploy mid-lesson).

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
"""

from __future__ import annotations

import streamlit as st

# Watches the connection state Streamlit writes on its root element. Installed
# once per browser tab; our own constant code, no input from anyone.
RELOAD_AFTER_RECONNECT = """<script>
(() => {
    if (window.__labReloadsAfterReconnect) return;
    window.__labReloadsAfterReconnect = true;
    let lost = false;
    const watch = () => {
        const app = document.querySelector('[data-testid="stApp"]');
        if (!app) return setTimeout(watch, 500);
        new MutationObserver(() => {
            const state = app.dataset.testConnectionState;
            if (state && state !== 'CONNECTED') lost = true;
            else if (state === 'CONNECTED' && lost) window.location.reload();
        }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
    };
    watch();
})();
</script>"""


def reload_after_reconnect() -> None:
    """Call once per full run (dashboard.py): the script sits in the sidebar."""
    st.sidebar.html(RELOAD_AFTER_RECONNECT, unsafe_allow_javascript=True)
