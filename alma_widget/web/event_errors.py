"""What happens when the backend cannot serve an event (Redis down, a malformed event...)."""

import logging
import traceback

from reflex.event import EventSpec

from alma_widget.page_calls import unavailable

logger = logging.getLogger(__name__)


def backend_exception_handler(exception: Exception) -> EventSpec:
    """Log where it failed, and tell the customer plainly (assets/widget.js shows it).

    Reflex's default would log the exception's message, which can quote what the customer
    typed, and show an English alert; the class and the stack are enough to find the cause.
    """
    stack = "".join(traceback.format_tb(exception.__traceback__))
    logger.error("backend error (%s)\n%s", type(exception).__name__, stack)
    return unavailable()
