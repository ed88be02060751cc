"""The reliability table, as data: one row per scenario the robustness tests drive.

Every test that proves a row declares it with ``@pytest.mark.reliability_row("...")`` and asserts that the
row's ``quote`` appears in what the user is shown, so the table in ``docs/reliability.md`` cannot claim a
message the app does not print. ``tests/reliability_proof.py`` fails a run in which a row's tests ran but
none passed, and a run of the whole suite in which a row has no test at all; ``test_reliability_doc.py``
fails when the document is out of date. Regenerate the document with:

    python -m tests.robustness.reliability_rows > docs/reliability.md
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    id: str
    area: str
    fault: str  # what was tried
    sees: str  # what the user sees, in words
    quote: str  # the exact text the test finds in what the user is shown ("" when nothing is shown)
    kept: str  # what was kept: files, history, credits, the render on Pictory's side


def _r(id: str, area: str, fault: str, sees: str, quote: str, kept: str) -> Row:  # noqa: A002
    return Row(id, area, fault, sees, quote, kept)


# ---- network and server faults: the four operations × each fault -----------------------------------------
_POST = "Render POST"
_JOB = "Job GET (watching)"
_QUOTA = "Quota GET"
_DL = "MP4 download"
_LEDGER = "AI-credit ledger GET"

_RENDER_MAYBE = "Pictory may have started it"
_ONE_POST = "The render was sent once and never again; "
_NO_JOB = "no job is in the history because no job id came back."
# The command writes the attempt to the history before the POST; an answer that proves nothing started removes it.
_KEPT = (
    "the attempt stays in the history as not confirmed (written before the POST), so nothing sends it again unawares."
)

MATRIX: list[Row] = [
    # render POST (client, and the real CLI for every row)
    _r(
        "render-500",
        _POST,
        "HTTP 500",
        "Error: Pictory may have started the render, or it may not have; check the Jobs list before sending again (exit 1).",
        "or it may not have started at all",
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-502-html",
        _POST,
        "HTTP 502 with an HTML page",
        "Same as 500, with the status number (exit 1).",
        "error 502",
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-429-retry-after",
        _POST,
        "HTTP 429 with Retry-After: 2",
        "Too many requests; wait about 2 seconds and try again (exit 1).",
        "Wait about 2 seconds",
        _ONE_POST + "rate limiting means Pictory did not take it.",
    ),
    _r(
        "render-429",
        _POST,
        "HTTP 429 without Retry-After",
        "Too many requests; wait a minute and try again (exit 1).",
        "Wait a minute",
        _ONE_POST + "rate limiting means Pictory did not take it.",
    ),
    _r(
        "render-refused",
        _POST,
        "Connection refused",
        "The render was not sent and no credits were used (exit 1).",
        "was not sent and no credits were used",
        "Nothing reached the server; the project file is untouched.",
    ),
    _r(
        "render-drop",
        _POST,
        "Connection closed before any answer",
        "The connection broke after sending; Pictory may have started it, check Jobs; it was NOT sent again (exit 1).",
        _RENDER_MAYBE,
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-cut-mid-response",
        _POST,
        "Connection dropped mid-response (the job WAS created)",
        "As above: may have started, check Jobs, not sent again (exit 1).",
        _RENDER_MAYBE,
        _ONE_POST + "the job exists on Pictory's side and is not doubled; " + _KEPT,
    ),
    _r(
        "render-timeout",
        _POST,
        "Reply never finishes (read timeout)",
        "As above: may have started, check Jobs, not sent again (exit 1).",
        _RENDER_MAYBE,
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-truncated-json",
        _POST,
        "200 with a cut-off JSON body",
        "Pictory answered but the reply could not be read, so the render may have started: check Jobs (exit 1).",
        "may have started",
        _ONE_POST + "the job may exist on Pictory's side; the user is told to check before resending; " + _KEPT,
    ),
    _r(
        "render-non-json",
        _POST,
        "200 with an HTML page",
        "As for a cut-off reply (exit 1).",
        "may have started",
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-wrong-shape",
        _POST,
        "200 with JSON of the wrong shape",
        "As for a cut-off reply (exit 1).",
        "may have started",
        _ONE_POST + _KEPT,
    ),
    _r(
        "render-401",
        _POST,
        "HTTP 401",
        "Pictory did not accept your API key; enter it again in Settings (exit 1).",
        "did not accept your API key",
        _ONE_POST + "nothing was charged.",
    ),
    _r(
        "render-success-false",
        _POST,
        "200 with success: false",
        "Pictory did not start the job; check the storyboard (exit 1).",
        "Pictory did not start the job",
        _ONE_POST + _NO_JOB,
    ),
    # job GET, through PictoryClient + watch_job
    _r(
        "job-500",
        _JOB,
        "HTTP 500 on five polls in a row",
        "Progress line: servers had a problem… Still watching; then the video is ready.",
        "error 500",
        "Watching continued with backoff (1, 2, 4 s within a poll) and finished; one render POST.",
    ),
    _r(
        "job-502-html",
        _JOB,
        "HTTP 502 with an HTML page, five polls",
        "As for 500, with the status number.",
        "error 502",
        "Watching continued with backoff and finished; one render POST.",
    ),
    _r(
        "job-429-retry-after",
        _JOB,
        "HTTP 429 with Retry-After: 2, five polls",
        "Too many requests… Still watching; then ready.",
        "Wait about 2 seconds",
        "Every retry waited the 2 s Pictory asked for; finished; one render POST.",
    ),
    _r(
        "job-429",
        _JOB,
        "HTTP 429 without Retry-After, five polls",
        "Too many requests… Still watching; then ready.",
        "Wait a minute",
        "Backoff 1, 2, 4 s; finished; one render POST.",
    ),
    _r(
        "job-refused",
        _JOB,
        "Server down (connection refused), then back",
        "Could not reach Pictory… Still watching; then ready.",
        "Could not reach Pictory",
        "The job survived the server restart and was followed to the end; one render POST.",
    ),
    _r(
        "job-drop",
        _JOB,
        "Connection closed before any answer, five polls",
        "The connection broke… Still watching; then ready.",
        "The connection to Pictory broke",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-cut-mid-response",
        _JOB,
        "Connection dropped mid-response, five polls",
        "The connection broke… Still watching; then ready.",
        "The connection to Pictory broke",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-timeout",
        _JOB,
        "Reply never finishes (read timeout), five polls",
        "Pictory did not answer in time… Still watching; then ready.",
        "did not answer in time",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-truncated-json",
        _JOB,
        "200 with a cut-off JSON body",
        "A reply the app could not understand… Still watching; then ready.",
        "could not understand",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-non-json",
        _JOB,
        "200 with an HTML page",
        "A reply the app could not understand… Still watching; then ready.",
        "could not understand",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-wrong-shape",
        _JOB,
        "200 with JSON of the wrong shape",
        "A reply the app could not understand… Still watching; then ready.",
        "could not understand",
        "Watching continued and finished; one render POST.",
    ),
    _r(
        "job-401",
        _JOB,
        "HTTP 401 in the middle of watching",
        "Watching stops: Pictory did not accept your API key (CLI exit 1).",
        "did not accept your API key",
        "The job stays in the history (in-progress) and `watch` follows it to the end later.",
    ),
    _r(
        "job-not-found",
        _JOB,
        "JOB_NOT_FOUND (HTTP 404)",
        "Watching stops: Pictory does not know this job (CLI exit 1).",
        "Pictory does not know this job",
        "The job stays in the history and can be watched again.",
    ),
    _r(
        "job-success-false",
        _JOB,
        "success: false without a status",
        "The job is reported failed (documented rule), with what to do (CLI exit 3).",
        "Pictory could not finish the video",
        "The job stays in the history as failed; watching it again by id shows its real end.",
    ),
    _r(
        "job-never-finishes",
        _JOB,
        "A job that never finishes",
        "After the watch deadline: still rendering on Pictory, nothing lost (CLI exit 4).",
        "still rendering",
        "The job stays in the history as stopped-watching; `watch` picks it up again.",
    ),
    # quota GET
    _r(
        "quota-500",
        _QUOTA,
        "HTTP 500 once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s; the balance is right.",
    ),
    _r(
        "quota-502-html",
        _QUOTA,
        "HTTP 502 with an HTML page once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s.",
    ),
    _r(
        "quota-429-retry-after",
        _QUOTA,
        "HTTP 429 with Retry-After: 2 once",
        "Nothing: the balance shows after the wait.",
        "",
        "Retried after exactly the 2 s asked for.",
    ),
    _r(
        "quota-429",
        _QUOTA,
        "HTTP 429 without Retry-After once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s.",
    ),
    _r(
        "quota-refused",
        _QUOTA,
        "Connection refused",
        "Balance: unknown (Could not reach Pictory…); the CLI carries on to the render.",
        "Could not reach Pictory",
        "Four attempts with 1, 2, 4 s backoff, then a clear message.",
    ),
    _r(
        "quota-drop",
        _QUOTA,
        "Connection closed before any answer once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s.",
    ),
    _r(
        "quota-cut-mid-response",
        _QUOTA,
        "Connection dropped mid-response once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s.",
    ),
    _r(
        "quota-timeout",
        _QUOTA,
        "Reply never finishes once",
        "Nothing: the balance shows after one retry.",
        "",
        "Retried once after 1 s.",
    ),
    _r(
        "quota-truncated-json",
        _QUOTA,
        "200 with a cut-off JSON body",
        "Balance: unknown (a reply the app could not understand…).",
        "could not understand",
        "Not retried (the server did answer); nothing else changes.",
    ),
    _r(
        "quota-non-json",
        _QUOTA,
        "200 with an HTML page",
        "Balance: unknown (could not understand…).",
        "could not understand",
        "Nothing changes.",
    ),
    _r(
        "quota-wrong-shape",
        _QUOTA,
        "200 with JSON of the wrong shape",
        "Balance: unknown (could not understand…).",
        "could not understand",
        "Nothing changes.",
    ),
    _r(
        "quota-success-false",
        _QUOTA,
        "200 with success: false",
        "Balance: unknown (could not understand…).",
        "could not understand",
        "Nothing changes.",
    ),
    _r(
        "quota-401",
        _QUOTA,
        "HTTP 401",
        "Pictory did not accept your API key; the CLI stops before sending any render.",
        "did not accept your API key",
        "No render was sent.",
    ),
    # AI-credit ledger GET (read for the monthly limit)
    _r(
        "ledger-500",
        _LEDGER,
        "HTTP 500 once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-502-html",
        _LEDGER,
        "HTTP 502 with an HTML page once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-429-retry-after",
        _LEDGER,
        "HTTP 429 with Retry-After: 2 once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried after exactly the 2 s asked for. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-429",
        _LEDGER,
        "HTTP 429 without Retry-After once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-drop",
        _LEDGER,
        "Connection closed before any answer once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-cut-mid-response",
        _LEDGER,
        "Connection dropped mid-response once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-timeout",
        _LEDGER,
        "Reply never finishes once",
        "Nothing: this month's spending is read after the retry.",
        "",
        "Retried once after 1 s. Only read, so retrying cannot spend anything.",
    ),
    _r(
        "ledger-refused",
        _LEDGER,
        "Connection refused",
        "This month's spending is unknown; with a monthly limit set, no render is sent, and the sentence says why.",
        "Could not reach Pictory",
        "Four attempts with 1, 2, 4 s backoff, then a clear message; nothing sent.",
    ),
    _r(
        "ledger-truncated-json",
        _LEDGER,
        "200 with a cut-off JSON body",
        "This month's spending is unknown (not counted smaller by skipping an entry); with a monthly limit set, no render is sent.",
        "could not read",
        "Not retried (the server did answer); nothing sent.",
    ),
    _r(
        "ledger-non-json",
        _LEDGER,
        "200 with an HTML page",
        "This month's spending is unknown (not counted smaller by skipping an entry); with a monthly limit set, no render is sent.",
        "could not read",
        "Not retried (the server did answer); nothing sent.",
    ),
    _r(
        "ledger-wrong-shape",
        _LEDGER,
        "200 with JSON of the wrong shape",
        "This month's spending is unknown (not counted smaller by skipping an entry); with a monthly limit set, no render is sent.",
        "could not read",
        "Not retried (the server did answer); nothing sent.",
    ),
    _r(
        "ledger-success-false",
        _LEDGER,
        "200 with success: false",
        "This month's spending is unknown (not counted smaller by skipping an entry); with a monthly limit set, no render is sent.",
        "could not read",
        "Not retried (the server did answer); nothing sent.",
    ),
    _r(
        "ledger-bad-entry",
        _LEDGER,
        "200 with one entry whose amount cannot be read",
        "This month's spending is unknown (not counted smaller by skipping an entry); with a monthly limit set, no render is sent.",
        "could not read",
        "Not retried (the server did answer); nothing sent.",
    ),
    _r(
        "ledger-401",
        _LEDGER,
        "HTTP 401",
        "Pictory did not accept your API key.",
        "did not accept your API key",
        "Nothing sent.",
    ),
    # MP4 download: every fault stays until cleared, then the same download is done again
    _r(
        "download-500",
        _DL,
        "HTTP 500 on every attempt",
        "The server holding the video file had a problem; try the download again.",
        "server holding the video file had a problem",
        "Four attempts with backoff; no file under the final name; a later download succeeds.",
    ),
    _r(
        "download-502-html",
        _DL,
        "HTTP 502 with an HTML page",
        "As for 500.",
        "error 502",
        "No file under the final name; a later download succeeds.",
    ),
    _r(
        "download-429-retry-after",
        _DL,
        "HTTP 429 with Retry-After: 2",
        "Too many requests; wait about 2 seconds.",
        "Wait about 2 seconds",
        "Each retry waited 2 s; no file under the final name; a later download succeeds.",
    ),
    _r(
        "download-429",
        _DL,
        "HTTP 429 without Retry-After",
        "Too many requests; wait a minute.",
        "Wait a minute",
        "No file under the final name; a later download succeeds.",
    ),
    _r(
        "download-refused",
        _DL,
        "Connection refused",
        "Could not reach the server; check the connection.",
        "Could not reach",
        "No file under the final name; a later download succeeds.",
    ),
    _r(
        "download-drop",
        _DL,
        "Connection closed before any answer",
        "The connection broke; try again.",
        "connection",
        "No file under the final name; a later download succeeds.",
    ),
    _r(
        "download-cut-mid-response",
        _DL,
        "Connection dropped mid-file",
        "The connection broke; try again.",
        "connection",
        "No truncated MP4 under the final name; a later download succeeds.",
    ),
    _r(
        "download-timeout",
        _DL,
        "Reply never finishes (read timeout)",
        "Did not answer in time; try again.",
        "did not answer in time",
        "No file under the final name; a later download succeeds.",
    ),
    _r(
        "download-html-page",
        _DL,
        "200 with an HTML page instead of the video",
        "The link gave a web page instead of the video; get a fresh link.",
        "web page instead of the video",
        "No HTML saved as an MP4; a later download succeeds.",
    ),
    _r(
        "download-401",
        _DL,
        "HTTP 401 from the file host",
        "The video file could not be downloaded from its link; open the job again for a fresh link.",
        "could not be downloaded from its link",
        "No file under the final name; a later download succeeds.",
    ),
]

# ---- crashes and restarts ---------------------------------------------------------------------------------
CRASHES: list[Row] = [
    _r(
        "kill-while-watching",
        "Crash",
        "SIGKILL of `render --wait` while it polls",
        "After restart, `watch` says the video is ready.",
        "is ready",
        "The job was in the history; it was followed to the end; the render was sent once.",
    ),
    _r(
        "kill-while-saving",
        "Crash",
        "SIGKILL during a project save (three times)",
        "The project opens as it was before or after the save, never half.",
        "",
        "The previous file intact (or the new one whole); a hidden .part temp may remain until a later save clears it.",
    ),
    _r(
        "kill-mid-download",
        "Crash",
        "SIGKILL while the MP4 is streaming",
        "Nothing under the final name; `watch ID --download` saves it.",
        "Saved",
        "No truncated MP4 under the final name; the download can be done again, and it clears the killed "
        "attempt's hidden temp file.",
    ),
    _r(
        "corrupt-jobs-db",
        "Crash",
        "Job database is not SQLite",
        "The command runs and says the history was damaged, naming the kept copy.",
        "It was kept as",
        "The broken file is kept byte for byte beside a new, empty history.",
    ),
    _r(
        "newer-jobs-db",
        "Crash",
        "Job database from a newer version",
        "The command runs and says a newer version wrote it, naming the kept copy.",
        "newer version of Pictory Desktop",
        "The newer file is kept byte for byte.",
    ),
    _r(
        "corrupt-settings",
        "Crash",
        "Settings file is not JSON",
        "Starts with defaults and says where the old file was kept.",
        "The old file was kept as",
        "The broken file is kept byte for byte.",
    ),
    _r(
        "newer-settings",
        "Crash",
        "Settings file from a newer version",
        "Starts with defaults and says a newer version wrote it.",
        "newer version of Pictory Desktop",
        "The newer file is kept byte for byte.",
    ),
]

# ---- hostile input ----------------------------------------------------------------------------------------
HOSTILE: list[Row] = [
    _r(
        "corpus-unreadable",
        "Hostile input",
        "Not JSON, empty, binary, huge, deeply nested, wrong encodings, duplicate keys",
        "“cannot open” with where: line/column, byte, or the field twice",
        "cannot open",
        "Nothing sent (not even a balance check); the file untouched.",
    ),
    _r(
        "corpus-bad-body",
        "Hostile input",
        "Every way the API body can be wrong (corpus files)",
        "Each error with its scene and field; “Nothing was sent and no credits were spent.”",
        "Nothing was sent",
        "Nothing sent; the file untouched.",
    ),
    _r(
        "corpus-bom-utf16",
        "Hostile input",
        "UTF-8 BOM and UTF-16 files",
        "They open like any other file.",
        "",
        "The body is sent as written.",
    ),
    _r(
        "property-loader",
        "Hostile input",
        "Hypothesis: arbitrary bytes and JSON trees into loader, checks and estimate",
        "Never a traceback; every error names where (line/column, byte, field path or scene)",
        "",
        "—",
    ),
    _r(
        "property-sandbox-agrees",
        "Hostile input",
        "Hypothesis: storyboards that pass the checks are sent to the local server",
        "Accepted every time (a file that fails sends nothing)",
        "",
        "—",
    ),
    _r(
        "odd-text",
        "Hostile input",
        "Emoji, right-to-left, combining marks, 15,000-character stories, prompts at and one over the limit",
        "At the limit: accepted; one over: an error naming the scene and the count (emoji count 2)",
        "characters",
        "The text reaches the server byte for byte; saved and reopened unchanged.",
    ),
]

# ---- secrets ----------------------------------------------------------------------------------------------
SECRETS: list[Row] = [
    _r(
        "key-full-session",
        "Secrets",
        "Set key, render, download, quit; scan every file written and every CDN request",
        "—",
        "",
        "The key is only in the keyring (or the environment) and the API's Authorization header.",
    ),
    _r(
        "key-plain-http",
        "Secrets",
        "http:// base URL that is not this computer",
        "Refused: the address must start with https:// (exit 2).",
        "must start with https://",
        "Nothing sent anywhere.",
    ),
    _r(
        "key-redirect",
        "Secrets",
        "API answers a redirect to another host",
        "The request was stopped to keep your API key safe.",
        "keep your API key safe",
        "The other host received nothing; a CDN redirect is followed without the key.",
    ),
]

# ---- load -------------------------------------------------------------------------------------------------
LOAD: list[Row] = [
    _r(
        "load-50-renders",
        "Load",
        "50 renders from one command against a slow local server",
        "Each one: “is ready”.",
        "is ready",
        "All 50 completed, one POST each, polls never closer than the schedule, memory flat.",
    ),
]

# ---- the window (proved by tests in tests/gui) ----------------------------------------------------------------
_WIN = "Window"
WINDOW: list[Row] = [
    _r(
        "window-render-post-fails",
        _WIN,
        "Render POST answered 500, dropped, or cut short, sent from the window",
        "A message that the render may have started and to check the Jobs list before sending it again; "
        "a “Not confirmed” entry in the Jobs panel.",
        "Jobs list",
        "One POST only, never resent; the attempt stays in the history as “Not confirmed”.",
    ),
    _r(
        "window-401-watching",
        _WIN,
        "HTTP 401 while a render is being watched",
        "The key settings open with the reason; watching pauses.",
        "API key",
        "The job stays in the history and is followed again once the key works.",
    ),
    _r(
        "window-quit-busy",
        _WIN,
        "Quit during a 200 MB download and a watch stuck in a hung request",
        "The window closes in well under a second, with no Qt thread warnings.",
        "",
        "No partial MP4 anywhere; both jobs in the history, followed again at the next start.",
    ),
    _r(
        "window-job-transient",
        _WIN,
        "Job GET answers 500, 502 HTML, 429 (with/without Retry-After), drops, cuts off, or sends non-JSON, "
        "HTML or the wrong shape, twice",
        "Nothing alarming: the Jobs panel keeps showing progress and the job reaches “Ready”.",
        "",
        "One POST; the job and its video link in the history; the GUI thread never stalled over 250 ms.",
    ),
    _r(
        "window-job-ending",
        _WIN,
        "Job GET answers JOB_NOT_FOUND, or success: false without a status",
        "The Jobs panel says Pictory does not know the job, or that it could not make the video and did "
        "not say why, with what to do.",
        "did not say why",
        "The job stays in the history; “Watch again” follows the real job to its end.",
    ),
    _r(
        "window-balance-faults",
        _WIN,
        "Quota GET fails once (500, 502, drop, cut off) or answers something unreadable",
        "Transient failures: the balance still appears (retried). Unreadable: a sentence says the balance is "
        "unknown; the next refresh shows it.",
        "",
        "Editing and rendering are unaffected.",
    ),
    _r(
        "window-download-faults",
        _WIN,
        "MP4 download answers 500, 502 HTML, drops, cuts off, or returns an HTML page",
        "A sentence saying the download failed and why; Download can be pressed again.",
        "",
        "No file under the final name and no temp file; the retried download saves the video.",
    ),
    _r(
        "window-list-faults",
        _WIN,
        "Voice list refresh or music search answers 500, drops, or sends non-JSON or the wrong shape, every try",
        "The voice picker keeps the list it showed and adds “Could not update:” and why; the music picker "
        "says the library could not be searched, and why.",
        "Could not update",
        "The cached list on disk and the storyboard are untouched; nothing is spent (these calls only read).",
    ),
    _r(
        "window-kill-watching",
        _WIN,
        "SIGKILL of the app while the window watches a render",
        "After a restart the Jobs panel follows the job to “Ready”.",
        "",
        "The job in the history; the render is never sent again (0 POSTs after the restart).",
    ),
    _r(
        "window-kill-unsaved",
        _WIN,
        "SIGKILL with unsaved edits (autosave every 5 s)",
        "On restart: “Recover unsaved work?”, then the edits are back, marked unsaved.",
        "Your unsaved work was restored",
        "Every edit older than the autosave interval.",
    ),
    _r(
        "window-damaged-settings",
        _WIN,
        "Settings file not JSON, or from a newer version, at start",
        "The window starts with default settings and the status bar names the file set aside.",
        "started with default settings",
        "The broken file, byte for byte, beside a fresh one.",
    ),
    _r(
        "window-damaged-jobs",
        _WIN,
        "Job history database corrupt, or from a newer version, at start",
        "The window starts with an empty history and the status bar says why and where the old file is.",
        "new, empty",
        "The broken database (and its -wal/-shm), byte for byte.",
    ),
    _r(
        "window-secrets",
        _WIN,
        "A whole window session with a known key: set in Settings, save, render, download, quit",
        "Nothing unusual; the key field is masked.",
        "",
        "The key is in the keyring only: in no file the app wrote (settings, job history, recovery, project, "
        "video folder), no log line, and never sent to the output host.",
    ),
    _r(
        "window-load",
        _WIN,
        "1,000 scenes open while 50 renders are watched",
        "Typing stays responsive: under 5 ms a keystroke, longest event-loop gap 15–30 ms (measured).",
        "",
        "All 50 jobs watched throughout; counter, scene credits and the total stay live.",
    ),
]

ALL: list[Row] = MATRIX + CRASHES + HOSTILE + SECRETS + LOAD + WINDOW
ROWS: dict[str, Row] = {row.id: row for row in ALL}
assert len(ROWS) == len(ALL), "row ids must be unique"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(rows: list[Row]) -> list[str]:
    lines = ["| id | fault tried | what the user sees | what was kept |", "|---|---|---|---|"]
    for row in rows:
        sees = row.sees + (f" <br>Shown: “{row.quote}”" if row.quote else "")
        lines.append(f"| `{row.id}` | {_cell(row.fault)} | {_cell(sees)} | {_cell(row.kept)} |")
    return lines


def render_markdown() -> str:
    out = [
        "# Reliability: faults tried, what the user sees, what was kept",
        "",
        "Generated from `tests/robustness/reliability_rows.py` — do not edit by hand. Each row is proved by a",
        "test (in `tests/robustness/`, or `tests/gui/` for the window) that declares it with",
        "`@pytest.mark.reliability_row` and finds the quoted text in what the user is shown. A test run fails",
        "when a row's tests ran and none passed, and a run of the whole suite fails when a row has no test",
        "(`tests/reliability_proof.py`); `test_reliability_doc.py` fails when this page is out of date.",
        "Regenerate with:",
        "",
        "    python -m tests.robustness.reliability_rows > docs/reliability.md",
        "",
        "All network faults are injected by the local Pictory-compatible server over real HTTP on 127.0.0.1;",
        "crashes are real SIGKILLs of the real command in a child process. Time is injected rather than waited",
        "for (`tests/timing.py`): the local server's clock, the clients' retry waits and the pace of a child",
        "command are the tests'; the app's schedule, retry rules and timeouts are its real ones.",
        "",
    ]
    sections = [
        ("Network and server faults: render POST", [r for r in MATRIX if r.area == _POST]),
        ("Network and server faults: job GET while watching", [r for r in MATRIX if r.area == _JOB]),
        ("Network and server faults: quota GET", [r for r in MATRIX if r.area == _QUOTA]),
        ("Network and server faults: AI-credit ledger GET", [r for r in MATRIX if r.area == _LEDGER]),
        ("Network and server faults: MP4 download", [r for r in MATRIX if r.area == _DL]),
        ("Crashes and restarts", CRASHES),
        ("Hostile input", HOSTILE),
        ("Secrets", SECRETS),
        ("Load", LOAD),
    ]
    for title, rows in sections:
        out += [f"## {title}", "", *_table(rows), ""]
    out += ["## The window (tests in tests/gui)", "", *_table(WINDOW), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render_markdown(), end="")
