"""Supervision facts: annual reports and inspection, penalties, leadership changes (reports part); ratings and
random spot checks (ratings part). Each part lives in its own module; this package re-exports them."""

from .leadership import *  # noqa: F401,F403
from .penalties import *  # noqa: F401,F403
from .ratings import *  # noqa: F401,F403
from .reports import *  # noqa: F401,F403
from .spotchecks import *  # noqa: F401,F403
