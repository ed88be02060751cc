"""Exit codes, documented in the README; scripts rely on them."""

OK = 0
API_ERROR = 1  # Pictory or the network failed, or the account cannot pay (draft: the video could not be encoded)
USAGE = 2  # invalid input or usage: nothing was sent
JOB_FAILED = 3
STILL_RENDERING = 4  # stopped watching; the render goes on at Pictory
OVER_LIMIT = 5  # refused by the user's own monthly AI-credit limit (or it could not be checked): nothing was sent

# When several renders end differently, the most actionable outcome is reported.
_PRIORITY = (USAGE, OVER_LIMIT, API_ERROR, JOB_FAILED, STILL_RENDERING, OK)


def combine(codes: list[int]) -> int:
    for code in _PRIORITY:
        if code in codes:
            return code
    return OK
